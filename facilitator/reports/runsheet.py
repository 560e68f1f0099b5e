"""Print one session's run sheet: the facilitator's copy, or the participants' programme.

The facilitator's copy carries everything needed in the room (purpose, materials, notes and
the planner's warnings); the participants' copy keeps only times, items, methods and purposes.
"""

import io
import re
from collections.abc import Callable
from datetime import date, time
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from facilitator.domain.runsheet import RunSheet, RunSheetItem
from facilitator.reports.files import write_atomically
from facilitator.reports.fonts import register_fonts

FACILITATOR_LABEL = "Facilitator run sheet"
PARTICIPANT_LABEL = "Participant programme"
EN_DASH = "–"

# Locale-free names: the GUI sets the process locale, and %A/%B would follow it.
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip

INK = colors.HexColor("#1B2430")
MUTED = colors.HexColor("#5B6573")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#C8D0DA")
BREAK_FILL = colors.HexColor("#EDF2F7")
HEADER_TEXT = colors.white
OVER = colors.HexColor("#A4262C")
WARN_EDGE = colors.HexColor("#C77700")
WARN_FILL = colors.HexColor("#FFF6E3")

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE_MARGIN = 20 * mm
TOP_MARGIN = 18 * mm
BOTTOM_MARGIN = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN

# A table used only to place things side by side: no padding of its own.
_UNPADDED = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]

# Control characters other than tab and newline upset ReportLab's markup parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# ---- words ---------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """Return a date the British way in full, e.g. "Tuesday 24 November 2026"."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def clock(moment: time) -> str:
    """Return a clock time on the 24-hour clock, e.g. "09:30"."""
    return f"{moment:%H:%M}"


def time_range(start: time | None, end: time | None) -> str:
    """Return "09:30–10:00", one end alone, or an en dash when neither is known."""
    if start and end:
        return f"{clock(start)}{EN_DASH}{clock(end)}"
    if start:
        return f"From {clock(start)}"
    if end:
        return f"Until {clock(end)}"
    return EN_DASH


def duration(minutes: int) -> str:
    """Return a length of time as "6 h 30 min", "7 h" or "45 min"."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def totals_line(total_minutes: int, available_minutes: int | None) -> str:
    """Return the planned time against the time available, saying by how much it runs over."""
    planned = f"Planned {duration(total_minutes)}"
    if available_minutes is None:
        return f"{planned} (no end time is set, so the time available is not known)"
    line = f"{planned} of {duration(available_minutes)} available"
    if total_minutes > available_minutes:
        return f"{line}: {duration(total_minutes - available_minutes)} over the time available"
    return line


def markup(text: str) -> str:
    """Return user text as Paragraph markup that prints literally, keeping its line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return escape(_CONTROL.sub("", text).strip()).replace("\n", "<br/>")


# ---- styles --------------------------------------------------------------------------------


def _styles(family: str) -> dict[str, ParagraphStyle]:
    bold = f"{family}-Bold"
    base = ParagraphStyle("base", fontName=family, fontSize=9, leading=12.5, textColor=INK)

    def style(name: str, **overrides: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **overrides)

    return {
        "base": base,
        "kicker": style("kicker", fontName=bold, fontSize=9, leading=12, textColor=ACCENT),
        "title": style("title", fontName=bold, fontSize=20, leading=25, spaceBefore=3),
        "programme": style("programme", fontSize=11.5, leading=15, spaceBefore=4),
        "module": style("module", fontSize=10, leading=13.5, textColor=MUTED, spaceBefore=1),
        "label": style("label", fontSize=8, leading=12.5, textColor=MUTED),
        "value": style("value", fontSize=9.5, leading=12.5),
        "head": style("head", fontName=bold, fontSize=8.5, leading=11, textColor=HEADER_TEXT),
        "head_right": style(
            "head_right",
            fontName=bold,
            fontSize=8.5,
            leading=11,
            textColor=HEADER_TEXT,
            alignment=TA_RIGHT,
        ),
        "time": style("time", fontName=bold, fontSize=9, leading=12.5),
        "fixed": style("fixed", fontSize=7.5, leading=10, textColor=ACCENT),
        "item": style("item", fontName=bold, fontSize=10, leading=13),
        "method": style("method", fontSize=8.5, leading=11.5, textColor=MUTED),
        "detail": style("detail", fontSize=8.5, leading=11.5, spaceBefore=3),
        "minutes": style("minutes", fontSize=9, leading=12.5, alignment=TA_RIGHT),
        "notes": style("notes", fontSize=9, leading=12.5, spaceAfter=3),
        "total": style("total", fontName=bold, fontSize=10, leading=14),
        "total_over": style("total_over", fontName=bold, fontSize=10, leading=14, textColor=OVER),
        "warn_head": style("warn_head", fontName=bold, fontSize=9.5, leading=13),
        "warning": style("warning", fontSize=9, leading=12.5, leftIndent=10, bulletFontName=family),
    }


def _font_of(styles: dict[str, ParagraphStyle]) -> tuple:
    """Return the table command that sets plain cells in the report font.

    Without it ReportLab sets empty cells in Helvetica, and every page then names a second,
    unembedded font.
    """
    return ("FONTNAME", (0, 0), (-1, -1), styles["base"].fontName)


# ---- the page ------------------------------------------------------------------------------


class _NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the end, so each can say "Page N of M"."""

    def __init__(self, *args: object, draw_footer: Callable[[Canvas, int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._draw_footer = draw_footer
        self._held_pages: list[dict] = []

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(self, number, total)
            super().showPage()
        super().save()


def _footer_drawer(family: str, title: str, label: str) -> Callable[[Canvas, int, int], None]:
    size = 7.5
    baseline = 12 * mm
    right = PAGE_WIDTH - SIDE_MARGIN

    def draw(canvas: Canvas, number: int, total: int) -> None:
        page = f"Page {number} of {total}"
        centre = PAGE_WIDTH / 2
        room = centre - stringWidth(label, family, size) / 2 - SIDE_MARGIN - 6 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE_MARGIN, baseline + 4 * mm, right, baseline + 4 * mm)
        canvas.setFillColor(MUTED)
        canvas.setFont(family, size)
        canvas.drawString(SIDE_MARGIN, baseline, _fit(title, family, size, room))
        canvas.drawCentredString(centre, baseline, label)
        canvas.drawRightString(right, baseline, page)
        canvas.restoreState()

    return draw


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten one line of plain text with an ellipsis until it fits the width."""
    text = " ".join(_CONTROL.sub("", text).split())
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(f"{text}…", font, size) > width:
        text = text[:-1]
    return f"{text.rstrip()}…"


class _WholeRowsTable(Table):
    """A table whose rows move whole to the next page; only a row taller than a page splits.

    Used for the agenda and the warnings box.

    ReportLab's splitInRow would also cut a row that merely meets the foot of a page, and
    then repeat the heading mid-page; here it applies only at the top of a fresh page.
    """

    def split(self, availWidth: float, availHeight: float) -> list:
        if availHeight >= FRAME_HEIGHT - 1:
            return super().split(availWidth, availHeight)
        allowed, self.splitInRow = self.splitInRow, 0
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = allowed
        for part in parts:  # the pieces are built with this table's settings of the moment
            part.splitInRow = allowed
        return parts


# ---- the parts -----------------------------------------------------------------------------


def _header(sheet: RunSheet, styles: dict[str, ParagraphStyle], participant: bool) -> list:
    kicker = "Programme for the day" if participant else FACILITATOR_LABEL
    parts: list[Flowable] = [
        Paragraph(kicker.upper(), styles["kicker"]),
        Paragraph(markup(sheet.session_title) or "Untitled session", styles["title"]),
    ]
    programme = markup(sheet.programme_title)
    if sheet.client_system.strip():
        programme = f"{programme} <font color='{MUTED.hexval()}'>·</font> " + markup(
            sheet.client_system
        )
    if programme:
        parts.append(Paragraph(programme, styles["programme"]))
    if sheet.module_title.strip():
        parts.append(Paragraph(markup(sheet.module_title), styles["module"]))

    session_time = time_range(sheet.start, sheet.end)
    if sheet.start is None:
        session_time = "Start time not set"
    elif sheet.available_minutes is not None:
        session_time = f"{session_time} ({duration(sheet.available_minutes)})"
    left = [
        ("Date", markup(long_date(sheet.date)) if sheet.date else "Date not set"),
        ("Time", markup(session_time)),
        ("Session", markup(sheet.kind_label)),
    ]
    right = [("Venue", markup(sheet.venue)), ("Facilitators", markup(sheet.facilitators))]
    # Two independent lists side by side, so a long venue never opens a gap on the left.
    facts = Table(
        [[_facts(left, 16 * mm, 54 * mm, styles), _facts(right, 24 * mm, 76 * mm, styles)]],
        colWidths=[70 * mm, FRAME_WIDTH - 70 * mm],
        style=[*_UNPADDED, _font_of(styles)],
        hAlign="LEFT",
    )
    return [*parts, Spacer(0, 4 * mm), facts, Spacer(0, 6 * mm)]


def _facts(
    facts: list[tuple[str, str]], label_width: float, value_width: float, styles: dict
) -> Table | str:
    """Return labelled facts as a two-column list, leaving out the empty ones."""
    rows = [
        [Paragraph(label, styles["label"]), Paragraph(value, styles["value"])]
        for label, value in facts
        if value
    ]
    if not rows:
        return ""
    return Table(
        rows,
        colWidths=[label_width, value_width],
        style=[
            *_UNPADDED,
            _font_of(styles),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ],
        hAlign="LEFT",
    )


def _columns(participant: bool) -> tuple[tuple[str, float], ...]:
    """Return each column's heading and width; the last column takes the remaining width."""
    fixed = (
        ("Time", 27 * mm),
        ("Activity", 66 * mm if not participant else 70 * mm),
        ("Min", 13 * mm),
    )
    last = "Purpose" if participant else "Facilitator notes"
    return (*fixed, (last, FRAME_WIDTH - sum(width for _, width in fixed)))


def _lines(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """Return one paragraph per line of user text, so separate points read as separate."""
    return [Paragraph(markup(line), style) for line in text.splitlines() if line.strip()]


def _item_row(item: RunSheetItem, styles: dict[str, ParagraphStyle], participant: bool) -> list:
    when = [Paragraph(time_range(item.start, item.end), styles["time"])]
    if item.pinned:
        when.append(Paragraph("(fixed time)", styles["fixed"]))

    what = [Paragraph(markup(item.title) or "Untitled item", styles["item"])]
    method = markup(item.method)
    if item.is_break:
        method = f"Break · {method}" if method else "Break"
    if method:
        what.append(Paragraph(method, styles["method"]))
    if participant:
        return [
            when,
            what,
            Paragraph(str(item.minutes), styles["minutes"]),
            _lines(item.purpose, styles["notes"]),
        ]

    for label, text in (("Purpose", item.purpose), ("Materials", item.materials)):
        if text.strip():
            what.append(
                Paragraph(
                    f"<font color='{MUTED.hexval()}'>{label}:</font> {markup(text)}",
                    styles["detail"],
                )
            )
    notes = _lines(item.facilitator_notes, styles["notes"])
    return [when, what, Paragraph(str(item.minutes), styles["minutes"]), notes]


def _agenda(sheet: RunSheet, styles: dict[str, ParagraphStyle], participant: bool) -> Table:
    columns = _columns(participant)
    header = [
        Paragraph(heading, styles["head_right" if heading == "Min" else "head"])
        for heading, _ in columns
    ]
    rows = [header] + [_item_row(item, styles, participant) for item in sheet.items]
    commands = [
        _font_of(styles),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
    ]
    if not sheet.items:
        rows.append(["", Paragraph("No items are planned yet.", styles["method"]), "", ""])
    for index, item in enumerate(sheet.items, start=1):
        if item.is_break:
            commands.append(("BACKGROUND", (0, index), (-1, index), BREAK_FILL))
    # A row taller than a page is split between lines of text. splitInRow is the least
    # height (points) either piece may have: anything more than 1 makes a row only a line
    # taller than a page impossible to place.
    return _WholeRowsTable(
        rows,
        colWidths=[width for _, width in columns],
        repeatRows=1,
        style=TableStyle(commands),
        splitInRow=1,
        hAlign="LEFT",
    )


def _summary(sheet: RunSheet, styles: dict[str, ParagraphStyle], participant: bool) -> list:
    if participant:
        # Participants need the times, not the planner's arithmetic (nor an overrun).
        return []
    over = sheet.available_minutes is not None and sheet.total_minutes > sheet.available_minutes
    line = totals_line(sheet.total_minutes, sheet.available_minutes)
    parts: list[Flowable] = [
        Spacer(0, 5 * mm),
        Paragraph(markup(line), styles["total_over" if over else "total"]),
    ]
    if not sheet.warnings:
        return [KeepTogether(parts)]
    # One row per warning, so a long list can continue on the next page.
    rows = [[Paragraph("Check before the day", styles["warn_head"])]]
    rows += [
        [Paragraph(markup(warning), styles["warning"], bulletText="•")]
        for warning in sheet.warnings
        if warning.strip()
    ]
    warnings = _WholeRowsTable(
        rows,
        colWidths=[FRAME_WIDTH],
        hAlign="LEFT",
        splitInRow=1,
        style=[
            _font_of(styles),
            ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL),
            ("BOX", (0, 0), (-1, -1), 1, WARN_EDGE),
            ("LINEBEFORE", (0, 0), (0, -1), 4, WARN_EDGE),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("TOPPADDING", (0, 0), (-1, 0), 7),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ],
    )
    return [KeepTogether([*parts, Spacer(0, 4 * mm), warnings])]


# ---- the file ------------------------------------------------------------------------------


def render_run_sheet(sheet: RunSheet, *, participant: bool = False) -> bytes:
    """Return the run sheet as the bytes of a PDF."""
    family = register_fonts()
    styles = _styles(family)
    label = PARTICIPANT_LABEL if participant else FACILITATOR_LABEL
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        # Only the session title names anything: no facilitators, venue or client here.
        title=sheet.session_title,
        author="Facilitator",
        subject=label,
        creator="Facilitator",
        lang="en-GB",
        # Otherwise every page names Helvetica as its starting font, used or not.
        initialFontName=family,
    )
    # One frame without ReportLab's default 6 pt padding, so the tables line up with the footer.
    body = Frame(
        SIDE_MARGIN,
        BOTTOM_MARGIN,
        FRAME_WIDTH,
        FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[body])])
    story = [
        *_header(sheet, styles, participant),
        _agenda(sheet, styles, participant),
        *_summary(sheet, styles, participant),
    ]
    draw_footer = _footer_drawer(family, sheet.session_title, label)
    document.build(story, canvasmaker=partial(_NumberedCanvas, draw_footer=draw_footer))
    return buffer.getvalue()


def write_run_sheet(sheet: RunSheet, path: Path, *, participant: bool = False) -> None:
    """Write the run sheet to `path` as a PDF, replacing any file there only once it is whole.

    The PDF is made in memory, written to a temporary file beside `path` and moved over it,
    so a failure leaves any earlier file untouched and no partial file behind. A full disk
    raises DiskFullError; other OSErrors are raised as they are.
    """
    write_atomically(
        Path(path), render_run_sheet(sheet, participant=participant), what="The run sheet"
    )
