"""The report's measured tables: the agenda planned against actual, code counts and ratios."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from facilitator.domain.report import AgendaLine, SessionReport
from facilitator.reports.report_cells import Bar, Swatch, field, ruled_table
from facilitator.reports.report_styles import (
    ACCENT_PALE,
    BREAK_FILL,
    FRAME_WIDTH,
    INK,
    MUTED,
    OVER,
    UNDER,
    code_colour,
    fonts,
    header_row_style,
    styles,
)
from facilitator.reports.runsheet import duration

MINUS = "−"
DASH = "–"


def none_recorded() -> Paragraph:
    """Return the line an empty section prints."""
    return Paragraph("None recorded.", styles()["muted"])


def difference_text(minutes: int | None) -> tuple[str, colors.Color]:
    """Return how far an item ran over or under its plan, and the colour to print it in."""
    if minutes is None:
        return "did not run", MUTED
    if minutes == 0:
        return "on time", MUTED
    if minutes > 0:
        return f"+{minutes} min", OVER
    return f"{MINUS}{-minutes} min", UNDER


def state_time(seconds: float) -> str:
    """Return the total time spent in a state, e.g. "21 min" or "1 h 5 min"."""
    if seconds <= 0:
        return ""
    minutes = round(seconds / 60)
    return "under 1 min" if minutes < 1 else duration(minutes)


def _agenda_row(number: int, line: AgendaLine, width: float) -> list[str]:
    difference, _ = difference_text(line.difference_minutes)
    return [
        str(number),
        field(line.title or "Untitled item", width),
        line.planned_start or DASH,
        str(line.planned_minutes),
        line.actual_start or DASH,
        DASH if line.actual_minutes is None else str(line.actual_minutes),
        difference,
    ]


def agenda_table(report: SessionReport) -> list[Flowable]:
    """Return the agenda as planned against as run, with breaks shaded and a totals row."""
    if not report.agenda:
        return [none_recorded()]
    face = fonts()
    fixed = [8 * mm, 17 * mm, 16 * mm, 17 * mm, 16 * mm, 22 * mm]
    item_width = FRAME_WIDTH - sum(fixed)
    widths = [fixed[0], item_width, *fixed[1:]]
    heading = ["#", "Item", "Planned\nstart", "Planned\nmin", "Actual\nstart", "Actual\nmin"]
    rows: list[list[str]] = [[*heading, "Difference"]]
    commands = header_row_style()
    commands += [
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (0, 0), (0, -1), "RIGHT"),
        ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
    ]
    for number, line in enumerate(report.agenda, start=1):
        rows.append(_agenda_row(number, line, item_width))
        row = len(rows) - 1
        _, colour = difference_text(line.difference_minutes)
        commands.append(("TEXTCOLOR", (6, row), (6, row), colour))
        if line.difference_minutes:
            commands.append(("FONTNAME", (6, row), (6, row), face.bold))
        if line.is_break:
            commands.append(("BACKGROUND", (0, row), (-1, row), BREAK_FILL))
            commands.append(("FONTNAME", (1, row), (1, row), face.italic))
        if line.actual_minutes is None:
            commands.append(("TEXTCOLOR", (1, row), (5, row), MUTED))

    ran = [line for line in report.agenda if line.actual_minutes is not None]
    total = sum(line.difference_minutes or 0 for line in ran) if ran else None
    total_text, total_colour = difference_text(total)
    rows.append(
        [
            "",
            "Total",
            "",
            str(sum(line.planned_minutes for line in report.agenda)),
            "",
            str(sum(line.actual_minutes or 0 for line in ran)) if ran else DASH,
            total_text,
        ]
    )
    commands += [
        ("FONTNAME", (0, -1), (-1, -1), face.bold),
        ("LINEABOVE", (0, -1), (-1, -1), 0.9, INK),
        ("TEXTCOLOR", (6, -1), (6, -1), total_colour),
    ]
    story: list[Flowable] = [ruled_table(rows, widths, commands)]
    notes = []
    if any(line.is_break for line in report.agenda):
        notes.append("Shaded rows are breaks.")
    if len(ran) < len(report.agenda):
        notes.append("The total difference counts only the items that ran.")
    if notes:
        story.append(Paragraph(" ".join(notes), styles()["note"]))
    return story


def code_table(report: SessionReport) -> list[Flowable]:
    """Return how often each code was used, grouped by scheme, with each code's colour."""
    if not report.code_tallies:
        return [none_recorded()]
    face = fonts()
    bar_width = 44 * mm
    widths = [7 * mm, 0.0, 16 * mm, bar_width + 4 * mm, 24 * mm]
    widths[1] = FRAME_WIDTH - sum(widths)
    most = max(tally.count for tally in report.code_tallies) or 1
    rows: list[list[object]] = [["", "Code", "Count", "", "Time"]]
    commands = header_row_style()
    commands += [
        ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("ALIGN", (4, 0), (4, -1), "RIGHT"),
        ("LEFTPADDING", (0, 1), (0, -1), 6),
        ("RIGHTPADDING", (0, 1), (0, -1), 0),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
    ]
    scheme = None
    for tally in report.code_tallies:
        if tally.scheme != scheme:
            scheme = tally.scheme
            rows.append([field(scheme or "Unnamed scheme", FRAME_WIDTH, bold=True), "", "", "", ""])
            row = len(rows) - 1
            commands += [
                ("SPAN", (0, row), (-1, row)),
                ("BACKGROUND", (0, row), (-1, row), ACCENT_PALE),
                ("FONTNAME", (0, row), (-1, row), face.bold),
                ("TOPPADDING", (0, row), (-1, row), 5),
                ("LEFTPADDING", (0, row), (0, row), 5),
            ]
        colour = code_colour(tally.colour)
        rows.append(
            [
                Swatch(colour),
                field(tally.label or "Unnamed code", widths[1]),
                str(tally.count),
                Bar(tally.count / most, colour, bar_width),
                state_time(tally.seconds),
            ]
        )
    story: list[Flowable] = [ruled_table(rows, widths, commands)]
    if any(tally.seconds > 0 for tally in report.code_tallies):
        story.append(
            Paragraph("Time is the total time a state code was running.", styles()["note"])
        )
    return story


def ratio_table(report: SessionReport) -> list[Flowable]:
    """Return the descriptive ratios, with a line saying they are not benchmarks."""
    if not report.ratios:
        return []
    widths = [70 * mm, 24 * mm, FRAME_WIDTH - 94 * mm]
    rows: list[list[str]] = [["Ratio", "Seen", "Read as"]]
    for ratio in report.ratios:
        rows.append(
            [
                field(ratio.label, widths[0]),
                ratio.text,
                field(f"{ratio.numerator_label} : {ratio.denominator_label}", widths[2]),
            ]
        )
    commands = [
        *header_row_style(),
        ("ALIGN", (1, 0), (1, -1), "CENTRE"),
        ("FONTNAME", (1, 1), (1, -1), fonts().bold),
        ("TEXTCOLOR", (2, 1), (2, -1), MUTED),
    ]
    return [
        ruled_table(rows, widths, commands),
        Paragraph(
            "Ratios describe what was seen in this session. They are not benchmarks or targets.",
            styles()["note"],
        ),
    ]
