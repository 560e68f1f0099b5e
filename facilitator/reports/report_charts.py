"""Participation as a horizontal bar chart: who or which organisation the captures concern."""

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from facilitator.domain.report import Participation
from facilitator.reports.report_styles import ACCENT, FRAME_WIDTH, GRID, INK, MUTED, fonts
from facilitator.reports.report_text import fit

MAX_BARS = 25
_LABEL_WIDTH = 52 * mm
_ROW = 15.0
_BAR = 9.0
_SIZE = 8


def participation_chart(people: tuple[Participation, ...]) -> Drawing | None:
    """Return a bar per person or organisation, most first, at most MAX_BARS of them."""
    ranked = sorted(people, key=lambda entry: -entry.count)  # stable: ties keep their order
    if not ranked:
        return None
    shown, rest = ranked[:MAX_BARS], ranked[MAX_BARS:]
    face = fonts()
    most = max(entry.count for entry in shown) or 1
    count_room = stringWidth(str(most), face.bold, _SIZE) + 8
    plot = FRAME_WIDTH - _LABEL_WIDTH - count_room
    height = len(shown) * _ROW + (_ROW if rest else 0) + 4
    drawing = Drawing(FRAME_WIDTH, height, initialFontName=face.regular)
    for index, entry in enumerate(shown):
        y = height - (index + 1) * _ROW
        label = fit(entry.label or "Not named", face.regular, _SIZE, _LABEL_WIDTH - 8)
        drawing.add(
            String(
                _LABEL_WIDTH - 6,
                y + 2.5,
                label,
                fontName=face.regular,
                fontSize=_SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
        drawing.add(Rect(_LABEL_WIDTH, y, plot, _BAR, fillColor=GRID, strokeColor=None))
        length = plot * max(0, entry.count) / most
        if length:
            drawing.add(Rect(_LABEL_WIDTH, y, length, _BAR, fillColor=ACCENT, strokeColor=None))
        drawing.add(
            String(
                _LABEL_WIDTH + max(length, 0) + 4,
                y + 2,
                str(entry.count),
                fontName=face.bold,
                fontSize=_SIZE,
                fillColor=INK,
            )
        )
    if rest:
        others = sum(entry.count for entry in rest)
        noun = "capture" if others == 1 else "captures"
        line = f"and {len(rest)} others ({others} {noun} between them)"
        drawing.add(
            String(_LABEL_WIDTH, 4, line, fontName=face.italic, fontSize=_SIZE, fillColor=MUTED)
        )
    return drawing
