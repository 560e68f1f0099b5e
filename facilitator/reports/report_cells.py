"""Table cells from user text: pre-wrapped plain lines, never taller than a page.

A plain string with line breaks is far cheaper for ReportLab to lay out than a Paragraph,
and wrapping it here lets a long note be cut into continuation rows. ReportLab raises
LayoutError when one row is taller than the frame, so no row may be.
"""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from facilitator.reports.report_styles import CELL_SIZE, GRID, fonts
from facilitator.reports.report_text import wrap, wrap_capped

PADDING = 5  # left and right padding of every cell, as header_row_style sets it
# Lines of one cell in one row: 40 lines of 11 pt stay well inside a page's frame.
MAX_ROW_LINES = 40
# Lines a short field (an item, a name, the codes) may take before it is cut.
FIELD_LINES = 8


def lines(text: str, width: float, *, bold: bool = False, size: float = CELL_SIZE) -> list[str]:
    """Return user text wrapped to fit a column of `width` points."""
    face = fonts()
    return wrap(text, face.bold if bold else face.regular, size, width - 2 * PADDING)


def field(text: str, width: float, *, bold: bool = False, max_lines: int = FIELD_LINES) -> str:
    """Return a short field wrapped to fit its column, cut with an ellipsis if very long."""
    face = fonts()
    font = face.bold if bold else face.regular
    return wrap_capped(text, font, CELL_SIZE, width - 2 * PADDING, max_lines)


def continued(
    first: Sequence[object], *, column: int, text_lines: list[str], marker: str = ""
) -> list[list[object]]:
    """Return a row whose long column goes on in further rows, each no taller than allowed.

    `first` is the row as it prints, except the long column, which is filled from
    `text_lines`; continuation rows are blank but for the long column and the `marker`
    in the first column.
    """
    chunks = [
        text_lines[start : start + MAX_ROW_LINES]
        for start in range(0, len(text_lines), MAX_ROW_LINES)
    ] or [[]]
    rows = []
    for index, chunk in enumerate(chunks):
        row = list(first) if index == 0 else [""] * len(first)
        if index and marker:
            row[0] = marker
        row[column] = "\n".join(chunk)
        rows.append(row)
    return rows


def rules_after(group_ends: Sequence[bool], first_row: int = 1) -> list[tuple]:
    """Return LINEBELOW commands for the rows that end a group, merged into ranges."""
    commands = []
    start = None
    for offset, ends in enumerate(group_ends):
        row = first_row + offset
        if ends and start is None:
            start = row
        elif not ends and start is not None:
            commands.append(("LINEBELOW", (0, start), (-1, row - 1), 0.4, GRID))
            start = None
    if start is not None:
        commands.append(("LINEBELOW", (0, start), (-1, first_row + len(group_ends) - 1), 0.4, GRID))
    return commands


class Swatch(Flowable):
    """A small square of a code's colour."""

    def __init__(self, colour: colors.Color, size: float = 7) -> None:
        super().__init__()
        self.colour = colour
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size + 1.5

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        self.canv.roundRect(0, 0, self.size, self.size, 1.2, stroke=0, fill=1)


class Bar(Flowable):
    """A slim horizontal bar whose length shows a share of the largest value."""

    def __init__(self, share: float, colour: colors.Color, width: float) -> None:
        super().__init__()
        self.share = min(1.0, max(0.0, share))
        self.colour = colour
        self.bar_width = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.bar_width, 8

    def draw(self) -> None:
        self.canv.setFillColor(GRID)
        self.canv.rect(0, 1, self.bar_width, 5, stroke=0, fill=1)
        if self.share:
            self.canv.setFillColor(self.colour)
            self.canv.rect(0, 1, max(1.0, self.bar_width * self.share), 5, stroke=0, fill=1)


def ruled_table(
    rows: list[list[object]], widths: Sequence[float], commands: list[tuple], **options: object
) -> Table:
    """Return a left-aligned table with a repeated heading row and the given style."""
    return Table(
        rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT", style=commands, **options
    )
