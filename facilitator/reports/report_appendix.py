"""The appendix: every capture of the day as one long log, one row per capture.

Each row is its own small flowable that draws plain lines of text, rather than a row of one
big Table: ReportLab re-measures every remaining row of a table each time it splits it over
a page, which makes a 5,000-row table quadratic. A row too tall for the rest of the page
splits between lines and goes on, marked "cont.", so even a 20,000-character note never
needs more than a page at a time. The first row of each agenda item carries a band naming
the item, and a row that starts a page draws the column headings and that band again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from facilitator.domain.report import ReportCapture
from facilitator.reports.report_page import capture_key
from facilitator.reports.report_styles import (
    ACCENT,
    ACCENT_SOFT,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    GRID,
    INK,
    MUTED,
    ZEBRA,
    code_colour,
    fonts,
)
from facilitator.reports.report_text import clip, fit, one_line, wrap

SIZE = 7.5
LEADING = 9.6
_PAD_X = 4.0
_PAD_Y = 3.5
_HEADER_HEIGHT = 15.0
_BAND_HEIGHT = 15.0
_SWATCH = 5.5
_CONTINUED = "cont."
# A row shorter than this moves whole to the next page rather than split.
_SPLIT_FROM = FRAME_HEIGHT / 4


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    width: float
    font: str = "regular"  # "regular", "bold" or "muted"


def _columns() -> tuple[_Column, ...]:
    fixed = (
        _Column("#", 9 * mm, "bold"),
        _Column("Time", 11 * mm),
        _Column("Codes", 34 * mm),
        _Column("Who", 30 * mm),
    )
    author = _Column("Author", 18 * mm, "muted")
    note = _Column("Note", FRAME_WIDTH - sum(column.width for column in (*fixed, author)))
    return (*fixed, note, author)


COLUMNS = _columns()
_CODES = 2
_WHO = 3
_NOTE = 4
_AUTHOR = 5


@cache
def _lefts() -> tuple[float, ...]:
    lefts, x = [], 0.0
    for column in COLUMNS:
        lefts.append(x)
        x += column.width
    return tuple(lefts)


def _draw_header(canvas: Canvas, top: float) -> None:
    face = fonts()
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, top - _HEADER_HEIGHT, FRAME_WIDTH, _HEADER_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(face.bold, SIZE)
    for left, column in zip(_lefts(), COLUMNS, strict=True):
        canvas.drawString(left + _PAD_X, top - _HEADER_HEIGHT + 5, column.title)
    canvas.restoreState()


def _draw_band(canvas: Canvas, top: float, text: str) -> None:
    """Draw the agenda item the rows below were captured in, across the whole table."""
    face = fonts()
    canvas.saveState()
    canvas.setFillColor(ACCENT_SOFT)
    canvas.rect(0, top - _BAND_HEIGHT, FRAME_WIDTH, _BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(ACCENT)
    canvas.setFont(face.bold, SIZE + 0.5)
    line = fit(text, face.bold, SIZE + 0.5, FRAME_WIDTH - 2 * _PAD_X)
    canvas.drawString(_PAD_X, top - _BAND_HEIGHT + 5, line)
    canvas.restoreState()


def _at_top(available_height: float) -> bool:
    """Say whether a flowable is being placed at the top of a fresh page."""
    return available_height >= FRAME_HEIGHT - 1


class LogHeading(Flowable):
    """The column headings, placed once below the appendix's title."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return FRAME_WIDTH, _HEADER_HEIGHT

    def draw(self) -> None:
        _draw_header(self.canv, _HEADER_HEIGHT)


class LogRow(Flowable):
    """One capture's row of the log, or the continuation of one.

    The first row of each agenda item carries a band naming the item; a row that starts a
    page carries the column headings and the item's band again, marked "continued".
    """

    def __init__(
        self,
        cells: list[list[str]],
        swatches: list[colors.Color | None],
        *,
        number: int | None,
        item: str,
        starts_item: bool,
        shaded: bool,
    ) -> None:
        super().__init__()
        self.cells = cells
        self.swatches = swatches  # one per line of the codes column
        self.number = number  # None for a continuation: it has no link target
        self.item = item
        self.starts_item = starts_item
        self.shaded = shaded
        self._header = False

    def _lines(self) -> int:
        return max(1, *(len(cell) for cell in self.cells))

    def _extra(self, header: bool) -> float:
        band = self.starts_item or header
        return (_HEADER_HEIGHT if header else 0) + (_BAND_HEIGHT if band else 0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._header = _at_top(availHeight)
        self.width = FRAME_WIDTH
        self.height = self._lines() * LEADING + 2 * _PAD_Y + self._extra(self._header)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        header = _at_top(availHeight)
        if not header and self._lines() * LEADING < _SPLIT_FROM:
            return []  # short rows move whole to the next page
        room = int((availHeight - self._extra(header) - 2 * _PAD_Y) // LEADING)
        if room < 3 and not header:  # a line or two at the foot of a page helps nobody
            return []
        room = max(1, room)
        if room >= self._lines():
            return [self]
        head = LogRow(
            [cell[:room] for cell in self.cells],
            self.swatches[:room],
            number=self.number,
            item=self.item,
            starts_item=self.starts_item,
            shaded=self.shaded,
        )
        rest_cells = [cell[room:] for cell in self.cells]
        rest_cells[0] = [_CONTINUED]
        tail = LogRow(
            rest_cells,
            self.swatches[room:],
            number=None,
            item=self.item,
            starts_item=False,
            shaded=self.shaded,
        )
        return [head, tail]

    def draw(self) -> None:
        canvas = self.canv
        if getattr(canvas, "draft", False):
            return  # a layout-only pass: nothing drawn here is kept
        face = fonts()
        top = self.height
        if self._header:
            _draw_header(canvas, top)
            top -= _HEADER_HEIGHT
        if self.starts_item or self._header:
            title = self.item or "Outside any agenda item"
            _draw_band(canvas, top, title if self.starts_item else f"{title} (continued)")
            top -= _BAND_HEIGHT
        if self.shaded:
            canvas.setFillColor(ZEBRA)
            canvas.rect(0, 0, FRAME_WIDTH, top, stroke=0, fill=1)
        if self.number is not None:
            canvas.bookmarkHorizontal(capture_key(self.number), 0, self.height + 6)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(0, 0, FRAME_WIDTH, 0)
        faces = {"regular": face.regular, "bold": face.bold, "muted": face.regular}
        for index, (left, column, cell) in enumerate(
            zip(_lefts(), COLUMNS, self.cells, strict=True)
        ):
            if not cell:
                continue
            continuation = index == 0 and self.number is None
            canvas.setFillColor(MUTED if column.font == "muted" or continuation else INK)
            canvas.setFont(face.regular if continuation else faces[column.font], SIZE)
            x = left + _PAD_X + (_SWATCH + 3 if index == _CODES else 0)
            text = canvas.beginText(x, top - _PAD_Y - SIZE + 0.5)
            text.setLeading(LEADING)
            text.textLines(cell, trim=0)
            canvas.drawText(text)
        for line, colour in enumerate(self.swatches):
            if colour is not None:
                canvas.setFillColor(colour)
                y = top - _PAD_Y - (line + 1) * LEADING + 2.3
                canvas.rect(_lefts()[_CODES] + _PAD_X, y, _SWATCH, _SWATCH, stroke=0, fill=1)


def _code_lines(capture: ReportCapture, wrapped: Callable) -> tuple[list[str], list]:
    lines: list[str] = []
    swatches: list[colors.Color | None] = []
    width = COLUMNS[_CODES].width - _SWATCH - 3
    for code in capture.codes[:12]:
        label = f"{code.label} ({code.qualifier})" if code.qualifier else code.label
        piece = wrapped(label or "Unnamed code", width)[:3]
        lines.extend(piece)
        swatches.extend([code_colour(code.colour)] + [None] * (len(piece) - 1))
    if len(capture.codes) > 12:
        lines.append(f"and {len(capture.codes) - 12} more")
        swatches.append(None)
    extras = []
    if not capture.codes:
        # A coded capture whose codes were all removed in review is simply uncoded now.
        extras.append("No codes" if capture.kind_label in ("", "Coded") else capture.kind_label)
    extras += ["Key moment"] * capture.key_moment + ["Quote"] * capture.quote
    lines.extend(extras)
    swatches.extend([None] * len(extras))
    return lines, swatches


def log_rows(captures: tuple[ReportCapture, ...]) -> list[Flowable]:
    """Return one row flowable per capture, with a link target named after its number."""
    face = fonts()
    cache_: dict[tuple[str, float], list[str]] = {}

    def wrapped(text: str, width: float) -> list[str]:
        key = (text, width)
        if key not in cache_:
            cache_[key] = wrap(text, face.regular, SIZE, width - 2 * _PAD_X)
        return cache_[key]

    rows: list[Flowable] = []
    item = None
    shaded = False
    for capture in captures:
        starts_item = capture.agenda_item != item
        item = capture.agenda_item
        shaded = False if starts_item else not shaded
        codes, swatches = _code_lines(capture, wrapped)
        cells = [
            [clip(str(capture.number), 8)],
            [clip(capture.clock, 8)],
            codes,
            wrapped(capture.who or "–", COLUMNS[_WHO].width)[:8],
            wrap(capture.note, face.regular, SIZE, COLUMNS[_NOTE].width - 2 * _PAD_X),
            wrapped(capture.author, COLUMNS[_AUTHOR].width)[:4],
        ]
        rows.append(
            LogRow(
                cells,
                swatches,
                number=capture.number,
                item=one_line(item),
                starts_item=starts_item,
                shaded=shaded,
            )
        )
    return rows
