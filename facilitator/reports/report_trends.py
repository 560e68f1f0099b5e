"""Charts of a programme: pattern rates per hour across sessions, and survey agreement.

Colours are the Okabe–Ito palette, which readers with colour-blindness tell apart; every bar
carries its figure in words too, so nothing depends on colour alone.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from facilitator.domain.programme_report import EvaluationResult
from facilitator.domain.trends import SessionTrend
from facilitator.reports.report_styles import FRAME_WIDTH, GRID, INK, MUTED, fonts
from facilitator.reports.report_text import fit, wrap

OKABE_ITO = tuple(
    colors.HexColor(code)
    for code in ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
)
_SIZE = 7.5


@dataclass(frozen=True, slots=True)
class Measure:
    """One rate the trends chart draws, with how to read it from a session's trend."""

    title: str
    unit: str
    rate: Callable[[SessionTrend], float | None]


MEASURES = (
    Measure("Stuck or entrenched", "min per hour", lambda t: t.stuck_entrenched_minutes_per_hour),
    Measure("Exploring others' views", "per hour", lambda t: t.exploring_per_hour),
    Measure("Conflicts surfaced", "per hour", lambda t: t.conflicts_surfaced_per_hour),
    Measure("Conflicts resolved", "per hour", lambda t: t.conflicts_resolved_per_hour),
    Measure("Power differentials named", "per hour", lambda t: t.power_named_per_hour),
)


def rate_text(value: float | None) -> str:
    """Return a rate for print: one decimal place, or "–" when it cannot be worked out."""
    return "–" if value is None else f"{value:.1f}"


def _panel(
    measure: Measure, trends: Sequence[SessionTrend], colour: colors.Color, width: float
) -> Drawing:
    """Return one small chart: a bar per session for one measure, its value above it."""
    face = fonts()
    height = 46 * mm
    drawing = Drawing(width, height, initialFontName=face.regular)
    drawing.add(
        String(
            0,
            height - 9,
            fit(measure.title, face.bold, 8.5, width),
            fontName=face.bold,
            fontSize=8.5,
            fillColor=INK,
        )
    )
    drawing.add(
        String(0, height - 19, measure.unit, fontName=face.regular, fontSize=_SIZE, fillColor=MUTED)
    )
    base, top = 14.0, height - 34
    drawing.add(Line(0, base, width, base, strokeColor=GRID, strokeWidth=0.8))
    values = [measure.rate(trend) for trend in trends]
    most = max((value for value in values if value), default=0.0) or 1.0
    slot = width / max(1, len(trends))
    bar = min(16 * mm, slot * 0.6)
    for index, (trend, value) in enumerate(zip(trends, values, strict=True)):
        middle = slot * index + slot / 2
        length = (top - base) * (value or 0.0) / most
        if length > 0:
            drawing.add(
                Rect(middle - bar / 2, base, bar, length, fillColor=colour, strokeColor=None)
            )
        drawing.add(
            String(
                middle,
                base + length + 3,
                rate_text(value),
                fontName=face.bold,
                fontSize=_SIZE,
                fillColor=INK,
                textAnchor="middle",
            )
        )
        label = fit(trend.title or "Untitled", face.regular, _SIZE, slot - 4)
        drawing.add(
            String(
                middle,
                base - 10,
                label,
                fontName=face.regular,
                fontSize=_SIZE,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    return drawing


def trend_panels(trends: Sequence[SessionTrend], *, columns: int = 2) -> list[list[Drawing]]:
    """Return the small charts, one per measure, in rows of `columns` for a table."""
    width = FRAME_WIDTH / columns - 6 * mm
    panels = [
        _panel(measure, trends, OKABE_ITO[index % len(OKABE_ITO)], width)
        for index, measure in enumerate(MEASURES)
    ]
    rows = [panels[start : start + columns] for start in range(0, len(panels), columns)]
    if rows and len(rows[-1]) < columns:
        rows[-1] = rows[-1] + [""] * (columns - len(rows[-1]))  # type: ignore[list-item]
    return rows


def evaluation_chart(results: Sequence[EvaluationResult]) -> Drawing | None:
    """Return agreement with each question at each time point, with n beside every bar."""
    shown = [result for result in results if result.points]
    if not shown:
        return None
    face = fonts()
    label_width, figure_width = 34 * mm, 30 * mm
    plot = FRAME_WIDTH - label_width - figure_width
    row, gap, line = 11.0, 8.0, 10.5
    blocks = []
    for result in shown:
        lines = wrap(result.question, face.bold, 8, FRAME_WIDTH)[:3]
        blocks.append((result, lines))
    height = sum(len(lines) * line + len(r.points) * row + gap for r, lines in blocks) + 4
    drawing = Drawing(FRAME_WIDTH, height, initialFontName=face.regular)
    y = height
    for result, lines in blocks:
        for text in lines:
            y -= line
            drawing.add(String(0, y + 2, text, fontName=face.bold, fontSize=8, fillColor=INK))
        for index, point in enumerate(result.points):
            y -= row
            colour = OKABE_ITO[(0, 3, 2, 4)[index % 4]]
            drawing.add(
                String(
                    label_width - 5,
                    y + 2.5,
                    fit(point.label, face.regular, _SIZE, label_width - 8),
                    fontName=face.regular,
                    fontSize=_SIZE,
                    fillColor=MUTED,
                    textAnchor="end",
                )
            )
            drawing.add(Rect(label_width, y + 1, plot, 7.5, fillColor=GRID, strokeColor=None))
            share = (point.agree_percent or 0.0) / 100
            if share > 0:
                drawing.add(
                    Rect(
                        label_width,
                        y + 1,
                        plot * min(1.0, share),
                        7.5,
                        fillColor=colour,
                        strokeColor=None,
                    )
                )
            drawing.add(
                String(
                    label_width + plot + 5,
                    y + 2.5,
                    f"{point.agree_text} (n = {point.n})",
                    fontName=face.bold,
                    fontSize=_SIZE,
                    fillColor=INK,
                )
            )
        y -= gap
    return drawing
