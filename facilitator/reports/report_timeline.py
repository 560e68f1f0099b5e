"""The day as a timeline: one lane per coding scheme, a tick per moment, a bar per state.

Agenda items that ran are shaded behind the lanes and numbered as in the agenda table.
Ticks that would land on the same spot in the same colour are drawn once, so 5,000
captures draw as fast as 500 and the PDF stays small.
"""

from collections import defaultdict
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from facilitator.domain.report import ReportCapture, SessionReport
from facilitator.reports.report_styles import (
    BREAK_FILL,
    FRAME_WIDTH,
    GRID,
    INK,
    MUTED,
    RULE,
    ZEBRA,
    code_colour,
    fonts,
)
from facilitator.reports.report_text import fit, wrap

UNCODED = "Notes and moments"
OTHERS = "Other schemes"
_MAX_LANES = 14
_UNCODED_COLOUR = "#8A94A3"
_LABEL_WIDTH = 36 * mm
_LANE = 17.0
_STRIP = 11.0  # the strip above the lanes that numbers the agenda items
_AXIS = 15.0
_LEGEND_ROW = 12.0
_LEGEND_LIMIT = 40
_STEPS = (5, 10, 15, 20, 30, 60, 90, 120, 180, 240, 360, 480, 720)
_SIZE = 7


@dataclass(frozen=True, slots=True)
class _Scale:
    start: float  # seconds
    end: float
    left: float  # points
    right: float

    def x(self, seconds: float) -> float:
        share = (seconds - self.start) / (self.end - self.start)
        return self.left + min(1.0, max(0.0, share)) * (self.right - self.left)


def _lanes(report: SessionReport) -> tuple[list[str], dict[str, int]]:
    """Return the lanes' names, and the lane of each scheme (and of uncoded captures).

    So that the chart always fits on a page, schemes beyond the first few share a lane.
    """
    names: dict[str, None] = {tally.scheme: None for tally in report.code_tallies}
    uncoded = False
    for capture in report.captures:
        if not capture.codes:
            uncoded = True
        for code in capture.codes:
            names.setdefault(code.scheme, None)
    schemes = list(names)
    lanes = schemes if len(schemes) <= _MAX_LANES else [*schemes[: _MAX_LANES - 1], OTHERS]
    lane_of = {scheme: min(index, len(lanes) - 1) for index, scheme in enumerate(schemes)}
    if uncoded:
        lane_of[UNCODED] = len(lanes)
        lanes.append(UNCODED)
    return lanes, lane_of


def _extent(report: SessionReport) -> tuple[float, float]:
    start = min((capture.offset_seconds for capture in report.captures), default=0.0)
    end = max(
        (capture.offset_seconds + (capture.duration_seconds or 0) for capture in report.captures),
        default=0.0,
    )
    end = max(end, report.session_seconds)
    start = min(0.0, start)
    if end - start < 600:
        end = start + 600
    return start, end


def _clock_minutes(text: str) -> int | None:
    hours, _, minutes = text.partition(":")
    if not (hours.strip().isdigit() and minutes.strip()[:2].isdigit()):
        return None
    return int(hours) * 60 + int(minutes.strip()[:2])


def _tick_labels(report: SessionReport, start: float, end: float) -> list[tuple[float, str]]:
    """Return (seconds from the start, label) for each tick on the time axis."""
    span_minutes = (end - start) / 60
    step = next((step for step in _STEPS if span_minutes / step <= 9), _STEPS[-1])
    origin = report.start_clock_minutes
    ticks = []
    if origin is not None:
        first = -(-(origin + start / 60) // step) * step  # first whole step on the clock
        minute = first
        while minute <= origin + end / 60:
            clock = int(minute) % (24 * 60)
            ticks.append(((minute - origin) * 60, f"{clock // 60:02d}:{clock % 60:02d}"))
            minute += step
        return ticks
    minute = -(-(start / 60) // step) * step
    while minute <= end / 60:
        sign = "−" if minute < 0 else ""
        whole = int(abs(minute))
        ticks.append((minute * 60, f"{sign}{whole // 60}:{whole % 60:02d}"))
        minute += step
    return ticks


def _merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for left, right in sorted(intervals):
        if merged and left <= merged[-1][1] + 0.5:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return merged


def _marks(
    captures: tuple[ReportCapture, ...], lanes: dict[str, int], scale: _Scale
) -> tuple[dict, dict, dict[tuple[str, str], str]]:
    """Return ticks and state bars per (lane, colour), and the codes seen, in order."""
    ticks: dict[tuple[int, str], set[float]] = defaultdict(set)
    bars: dict[tuple[int, str], list[tuple[float, float]]] = defaultdict(list)
    seen: dict[tuple[str, str], str] = {}
    for capture in captures:
        first_in_scheme: dict[str, str] = {}
        for code in capture.codes:
            first_in_scheme.setdefault(code.scheme, code.colour)
            seen.setdefault((code.scheme, code.label), code.colour)
        if not capture.codes:
            first_in_scheme[UNCODED] = _UNCODED_COLOUR
        for scheme, colour in first_in_scheme.items():
            lane = lanes[scheme]
            left = scale.x(capture.offset_seconds)
            if capture.duration_seconds:
                right = scale.x(capture.offset_seconds + capture.duration_seconds)
                bars[(lane, colour)].append((left, max(right, left + 1.5)))
            else:
                ticks[(lane, colour)].add(round(left * 2) / 2)  # half-point resolution
    return ticks, bars, seen


def _agenda_bands(
    report: SessionReport, drawing: Drawing, scale: _Scale, top: float, bottom: float
) -> None:
    origin = report.start_clock_minutes
    if origin is None:
        return
    face = fonts()
    for number, line in enumerate(report.agenda, start=1):
        began = _clock_minutes(line.actual_start) if line.actual_start else None
        if began is None or line.actual_minutes is None:
            continue
        offset = ((began - origin + 720) % 1440 - 720) * 60
        left, right = scale.x(offset), scale.x(offset + line.actual_minutes * 60)
        if right - left < 0.5:
            continue
        fill = BREAK_FILL if line.is_break else (ZEBRA if number % 2 else None)
        if fill is not None:
            drawing.add(
                Rect(left, bottom, right - left, top - bottom, fillColor=fill, strokeColor=None)
            )
        drawing.add(Line(left, bottom, left, top + _STRIP - 2, strokeColor=RULE, strokeWidth=0.4))
        label = str(number)
        if stringWidth(label, face.regular, 6.5) + 2 < right - left:
            drawing.add(
                String(
                    (left + right) / 2,
                    top + 3,
                    label,
                    fontName=face.bold if line.is_break else face.regular,
                    fontSize=6.5,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )


def _lane_label(name: str, middle: float) -> list[tuple[float, str]]:
    """Return a lane's name as one or two lines, centred on the lane's middle."""
    face = fonts()
    room = _LABEL_WIDTH - 8
    lines = wrap(name or "Unnamed scheme", face.regular, _SIZE, room) or ["Unnamed scheme"]
    if len(lines) > 2:
        lines = [lines[0], fit(" ".join(lines[1:3]), face.regular, _SIZE, room)]
    leading = _SIZE + 1
    first = middle - 2.5 + (len(lines) - 1) * leading / 2
    return [(first - index * leading, line) for index, line in enumerate(lines)]


def _legend(seen: dict[tuple[str, str], str], width: float) -> list[list[tuple[str, str]]]:
    """Return legend entries (label, colour) laid out in rows that fit the width."""
    face = fonts()
    entries = [(label, colour) for (_, label), colour in seen.items()]
    extra = len(entries) - _LEGEND_LIMIT
    entries = entries[:_LEGEND_LIMIT]
    if extra > 0:
        entries.append((f"and {extra} more codes", ""))
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for label, colour in entries:
        label = fit(label, face.regular, _SIZE, width / 2)
        # As _draw_legend places them: a swatch and gap of 10, the label, then a gap of 12.
        need = (10 if colour else 0) + stringWidth(label, face.regular, _SIZE)
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append((label, colour))
        used += need + 12
    return [row for row in rows if row]


def timeline(report: SessionReport) -> Drawing | None:
    """Return the timeline chart of the captures, or None when there were none."""
    if not report.captures:
        return None
    face = fonts()
    lanes, lane_of = _lanes(report)
    start, end = _extent(report)
    width = FRAME_WIDTH
    scale = _Scale(start, end, _LABEL_WIDTH, width - 6)
    ticks, bars, seen = _marks(report.captures, lane_of, scale)
    order = {(t.scheme, t.label): index for index, t in enumerate(report.code_tallies)}
    ranked = sorted(seen, key=lambda code: (lane_of[code[0]], order.get(code, len(order))))
    legend = _legend({code: seen[code] for code in ranked}, width)
    legend_height = (len(legend) + 1) * _LEGEND_ROW + 6
    lanes_height = len(lanes) * _LANE
    height = legend_height + _AXIS + lanes_height + _STRIP
    drawing = Drawing(width, height, initialFontName=face.regular)
    bottom = legend_height + _AXIS
    top = bottom + lanes_height

    _agenda_bands(report, drawing, scale, top, bottom)
    for seconds, label in _tick_labels(report, start, end):
        x = scale.x(seconds)
        drawing.add(Line(x, bottom, x, top, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(Line(x, bottom - 2.5, x, bottom, strokeColor=MUTED, strokeWidth=0.5))
        drawing.add(
            String(
                x,
                bottom - 10,
                label,
                fontName=face.regular,
                fontSize=_SIZE,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    for index, name in enumerate(lanes):
        lane_top = top - index * _LANE
        drawing.add(
            Line(
                0, lane_top - _LANE, width - 6, lane_top - _LANE, strokeColor=GRID, strokeWidth=0.5
            )
        )
        for y, line in _lane_label(name, lane_top - _LANE / 2):
            drawing.add(String(0, y, line, fontName=face.regular, fontSize=_SIZE, fillColor=INK))
    drawing.add(Line(scale.left, bottom, scale.right, bottom, strokeColor=MUTED, strokeWidth=0.6))
    for (lane, colour), intervals in bars.items():
        middle = top - lane * _LANE - _LANE / 2
        fill = code_colour(colour)
        for left, right in _merged(intervals):
            drawing.add(
                Rect(
                    left,
                    middle - 3.5,
                    right - left,
                    7,
                    fillColor=fill,
                    fillOpacity=0.55,
                    strokeColor=None,
                )
            )
    for (lane, colour), xs in ticks.items():
        middle = top - lane * _LANE - _LANE / 2
        stroke = code_colour(colour)
        for x in sorted(xs):
            drawing.add(Line(x, middle - 6, x, middle + 6, strokeColor=stroke, strokeWidth=0.9))

    _draw_legend(drawing, legend, legend_height)
    return drawing


def _draw_legend(drawing: Drawing, legend: list[list[tuple[str, str]]], height: float) -> None:
    face = fonts()
    y = height - _LEGEND_ROW - 2
    for row in legend:
        x = 0.0
        for label, colour in row:
            if colour:
                fill = code_colour(colour)
                drawing.add(Rect(x, y, 7, 7, fillColor=fill, strokeColor=None))
                x += 10
            drawing.add(
                String(x, y + 0.5, label, fontName=face.regular, fontSize=_SIZE, fillColor=INK)
            )
            x += stringWidth(label, face.regular, _SIZE) + 12
        y -= _LEGEND_ROW
    key = "A tick is one capture at a moment; a bar is a state, drawn for as long as it ran."
    drawing.add(String(0, y + 0.5, key, fontName=face.italic, fontSize=_SIZE, fillColor=MUTED))
