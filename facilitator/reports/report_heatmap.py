"""Dialogue patterns by agenda item as a heat map: the darker the cell, the more often seen.

Code names are set upright-turned in the heading row so a dozen or more columns fit; when
there are more codes than fit, the map continues in further tables with the same rows.
"""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from facilitator.domain.report import PatternTable
from facilitator.reports.report_cells import field, ruled_table
from facilitator.reports.report_styles import (
    FRAME_WIDTH,
    GRID,
    HEAT,
    INK,
    blend,
    code_colour,
    fonts,
    header_row_style,
    is_dark,
    styles,
)
from facilitator.reports.report_tables import none_recorded
from facilitator.reports.report_text import fit, wrap

_ITEM_WIDTH = 50 * mm
_TOTAL_WIDTH = 13 * mm
_CODE_WIDTH = 8.6 * mm  # the narrowest a code's column may be
_WIDEST_CODE = 13 * mm
_LABEL_SIZE = 7
_LABEL_ROOM = 30 * mm  # the longest a turned code name may run


class _TurnedLabel(Flowable):
    """A code's name turned to read upwards, over a swatch of its colour."""

    def __init__(self, text: str, colour: colors.Color) -> None:
        super().__init__()
        face = fonts()
        self.colour = colour
        lines = wrap(text, face.regular, _LABEL_SIZE, _LABEL_ROOM) or [""]
        if len(lines) > 2:
            lines = [
                lines[0],
                fit(f"{lines[1]} {lines[2]}", face.regular, _LABEL_SIZE, _LABEL_ROOM),
            ]
        self.lines = lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        face = fonts().regular
        longest = max(stringWidth(line, face, _LABEL_SIZE) for line in self.lines)
        self.height = longest + 10
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(self.width / 2 - 3, 0, 6, 6, stroke=0, fill=1)
        canvas.setStrokeColor(colors.white)
        canvas.setLineWidth(0.5)
        canvas.rect(self.width / 2 - 3, 0, 6, 6, stroke=1, fill=0)
        canvas.setFillColor(colors.white)
        canvas.setFont(fonts().regular, _LABEL_SIZE)
        leading = _LABEL_SIZE + 1.5
        block = leading * len(self.lines)
        canvas.translate(self.width / 2 + block / 2 - 1.5, 10)
        canvas.rotate(90)
        for index, line in enumerate(self.lines):
            canvas.drawString(0, -index * leading, line)
        canvas.restoreState()


def _columns_per_table() -> int:
    return max(1, int((FRAME_WIDTH - _ITEM_WIDTH - _TOTAL_WIDTH) // _CODE_WIDTH))


def _one_table(patterns: PatternTable, columns: range, most: int) -> Flowable:
    face = fonts()
    codes = [patterns.codes[index] for index in columns]
    heading: list[object] = [
        "Agenda item",
        *(_TurnedLabel(code.label, code_colour(code.colour)) for code in codes),
        "All\ncodes",
    ]
    rows: list[list[object]] = [heading]
    commands = header_row_style()
    commands += [
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("ALIGN", (1, 0), (-1, -1), "CENTRE"),
        ("LEFTPADDING", (1, 0), (-1, -1), 1),
        ("RIGHTPADDING", (1, 0), (-1, -1), 1),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("LINEAFTER", (0, 0), (0, -1), 0.4, GRID),
        ("LINEBEFORE", (-1, 0), (-1, -1), 0.4, GRID),
    ]
    for row_index, item in enumerate(patterns.items, start=1):
        counts = patterns.cells[row_index - 1] if row_index - 1 < len(patterns.cells) else ()
        row: list[object] = [field(item or "Outside any item", _ITEM_WIDTH, max_lines=3)]
        for offset, column in enumerate(columns, start=1):
            count = counts[column] if column < len(counts) else 0
            row.append(str(count) if count else "")
            if count:
                fill = blend(HEAT, 0.14 + 0.86 * count / most)
                commands.append(("BACKGROUND", (offset, row_index), (offset, row_index), fill))
                if is_dark(fill):
                    commands.append(
                        ("TEXTCOLOR", (offset, row_index), (offset, row_index), colors.white)
                    )
        row.append(str(sum(counts)))
        rows.append(row)
    grand = sum(sum(row) for row in patterns.cells)
    rows.append(["Total", *(str(code.count) for code in codes), str(grand)])
    commands += [
        ("FONTNAME", (0, -1), (-1, -1), face.bold),
        ("FONTNAME", (-1, 1), (-1, -1), face.bold),
        ("LINEABOVE", (0, -1), (-1, -1), 0.9, INK),
    ]
    # Fewer columns spread out to the full width, up to a comfortable cell.
    room = FRAME_WIDTH - _ITEM_WIDTH - _TOTAL_WIDTH
    code_width = min(_WIDEST_CODE, room / len(codes))
    widths = [_ITEM_WIDTH, *([code_width] * len(codes)), _TOTAL_WIDTH]
    return ruled_table(rows, widths, commands)


def heatmap(patterns: PatternTable) -> list[Flowable]:
    """Return the pattern counts as one heat-map table, or several side by side in turn."""
    if not patterns.items or not patterns.codes:
        return [none_recorded()]
    most = max((max(row, default=0) for row in patterns.cells), default=0) or 1
    total = len(patterns.codes)
    tables = -(-total // _columns_per_table())
    per_table = -(-total // tables)  # as even a share as fits: 17 codes are 9 and 8
    story: list[Flowable] = []
    for start in range(0, total, per_table):
        columns = range(start, min(total, start + per_table))
        if total > per_table:
            caption = f"Codes {start + 1}–{columns[-1] + 1} of {total}"
            story.append(Paragraph(caption, styles()["h3"]))
        story.append(_one_table(patterns, columns, most))
        story.append(Spacer(0, 4 * mm))
    story.append(
        Paragraph(
            "Each number is how many times a code was captured during that item; "
            "darker cells mark the more frequent patterns.",
            styles()["note"],
        )
    )
    return story
