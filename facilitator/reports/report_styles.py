"""The session report's look: page geometry, colours, type styles and table rules.

The colours are the run sheet's, so the two documents read as one family; the few added
here are for charts, the heat map and the agenda's over and under.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from facilitator.reports.fonts import register_fonts
from facilitator.reports.runsheet import ACCENT, BREAK_FILL, INK, MUTED, OVER, RULE

# The run sheet's colours, offered from here so every report module takes its look from one place.
__all__ = ["ACCENT", "BREAK_FILL", "INK", "MUTED", "OVER", "RULE"]

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE_MARGIN = 21 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN

UNDER = colors.HexColor("#1F6FB2")
ACCENT_SOFT = colors.HexColor("#DCE6F1")
ACCENT_PALE = colors.HexColor("#F3F6FA")
ZEBRA = colors.HexColor("#F7F9FB")
GRID = colors.HexColor("#E3E8EE")
COVER_KICKER = colors.HexColor("#A9C4E0")
CONFIDENTIAL = colors.HexColor("#8C2232")
CONFIDENTIAL_FILL = colors.HexColor("#FBEFF1")
DONE = colors.HexColor("#1E7A4C")
HEAT = colors.HexColor("#1F5F8B")
FALLBACK_CODE = colors.HexColor("#8A94A3")

_HEX = re.compile(r"#?[0-9A-Fa-f]{6}")


@lru_cache(maxsize=1024)
def code_colour(text: str) -> colors.Color:
    """Return a code's "#RRGGBB" colour, or a neutral grey when it is not one."""
    text = (text or "").strip()
    if not _HEX.fullmatch(text):
        return FALLBACK_CODE
    return colors.HexColor(text if text.startswith("#") else f"#{text}")


def blend(colour: colors.Color, share: float) -> colors.Color:
    """Return `colour` mixed with white, `share` being how much of the colour remains."""
    share = min(1.0, max(0.0, share))
    return colors.Color(
        1 - share * (1 - colour.red),
        1 - share * (1 - colour.green),
        1 - share * (1 - colour.blue),
    )


def is_dark(colour: colors.Color) -> bool:
    """Say whether white text reads better than dark text on this background."""
    return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue < 0.55


@dataclass(frozen=True, slots=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@cache
def fonts() -> Fonts:
    """Register the report family once and return its faces."""
    family = register_fonts()
    return Fonts(family, f"{family}-Bold", f"{family}-Oblique")


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Return every paragraph style of the report, made once and shared."""
    face = fonts()
    base = ParagraphStyle(
        "base",
        fontName=face.regular,
        fontSize=10,
        leading=14.5,
        textColor=INK,
        bulletFontName=face.regular,
    )

    def style(name: str, parent: ParagraphStyle = base, **overrides: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **overrides)

    cell = style("cell", fontSize=8.5, leading=11)
    head = style("head", parent=cell, fontName=face.bold, fontSize=8, leading=10)
    return {
        "body": style("body", spaceAfter=7),
        "bullet": style("bullet", leftIndent=15, bulletIndent=4, spaceAfter=4),
        "h1": style(
            "h1",
            fontName=face.bold,
            fontSize=17,
            leading=21,
            textColor=ACCENT,
            spaceBefore=16,
            spaceAfter=12,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=face.bold,
            fontSize=12,
            leading=15.5,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=face.bold,
            fontSize=9.5,
            leading=13,
            textColor=MUTED,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "muted": style("muted", fontSize=9, leading=13, textColor=MUTED, spaceAfter=6),
        "note": style(
            "note", fontName=face.italic, fontSize=8.5, leading=12, textColor=MUTED, spaceBefore=4
        ),
        "cell": cell,
        "cell_bold": style("cell_bold", parent=cell, fontName=face.bold),
        "cell_muted": style("cell_muted", parent=cell, textColor=MUTED),
        "cell_right": style("cell_right", parent=cell, alignment=TA_RIGHT),
        "head": style("head", parent=head, textColor=colors.white),
        "head_right": style("head_right", parent=head, textColor=colors.white, alignment=TA_RIGHT),
        "toc0": style(
            "toc0", fontName=face.bold, fontSize=10.5, leading=14, spaceBefore=7, leftIndent=0
        ),
        "toc1": style("toc1", fontSize=9.5, leading=13, leftIndent=14, spaceBefore=1.5),
        "quote": style(
            "quote",
            fontName=face.italic,
            fontSize=12,
            leading=17.5,
            leftIndent=0,
        ),
        "quote_by": style("quote_by", fontSize=8.5, leading=12, textColor=MUTED, spaceBefore=3),
        "conflict": style("conflict", fontName=face.bold, fontSize=10.5, leading=14),
        "conflict_meta": style("conflict_meta", fontSize=8.5, leading=12, textColor=MUTED),
        "pill": style(
            "pill",
            fontName=face.bold,
            fontSize=7.5,
            leading=9,
            textColor=colors.white,
            alignment=TA_CENTER,
        ),
        "cover_kicker": style(
            "cover_kicker", fontName=face.bold, fontSize=9, leading=12, textColor=COVER_KICKER
        ),
        "cover_title": style(
            "cover_title",
            fontName=face.bold,
            fontSize=25,
            leading=31,
            textColor=colors.white,
            spaceBefore=8,
        ),
        "cover_programme": style(
            "cover_programme", fontSize=13, leading=17, textColor=colors.white, spaceBefore=10
        ),
        "cover_module": style(
            "cover_module", fontSize=10.5, leading=14, textColor=COVER_KICKER, spaceBefore=3
        ),
        "cover_label": style(
            "cover_label", fontName=face.bold, fontSize=7.5, leading=12, textColor=MUTED
        ),
        "cover_value": style("cover_value", fontSize=10.5, leading=14),
        "cover_figure": style(
            "cover_figure", fontName=face.bold, fontSize=22, leading=26, textColor=ACCENT
        ),
        "confidential_head": style(
            "confidential_head",
            fontName=face.bold,
            fontSize=8,
            leading=11,
            textColor=CONFIDENTIAL,
        ),
        "confidential": style("confidential", fontSize=9.5, leading=13.5, textColor=INK),
    }


def header_row_style(*, rules: bool = True) -> list[tuple]:
    """Return the table commands for a white-on-accent heading row and (ruled) body rows."""
    face = fonts()
    columns = -1
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), face.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (columns, 0), ACCENT),
        ("TEXTCOLOR", (0, 0), (columns, 0), colors.white),
        ("FONTNAME", (0, 0), (columns, 0), face.bold),
        ("FONTSIZE", (0, 0), (columns, 0), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
    ]
    if rules:
        commands.append(("LINEBELOW", (0, 1), (-1, -1), 0.4, GRID))
    return commands


CELL_SIZE = 8.5  # the type size of table cells, as header_row_style sets it
