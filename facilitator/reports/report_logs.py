"""The session's registers: conflicts and their lives, power named, actions, the parking lot."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from facilitator.domain.report import ReportCapture, ReportConflict, SessionReport
from facilitator.reports.report_cells import continued, field, lines, ruled_table, rules_after
from facilitator.reports.report_page import capture_key
from facilitator.reports.report_styles import (
    ACCENT,
    DONE,
    FRAME_WIDTH,
    GRID,
    MUTED,
    fonts,
    header_row_style,
    styles,
)
from facilitator.reports.report_tables import DASH, none_recorded
from facilitator.reports.report_text import markup

_STATUS_COLOURS = {
    "open": colors.HexColor("#B25B00"),
    "worked through": colors.HexColor("#1F6FB2"),
    "resolved": DONE,
    "parked": colors.HexColor("#6B7480"),
}
CONTINUED = "cont."


def _status_pill(status: str) -> Table:
    colour = _STATUS_COLOURS.get(status.strip().lower(), ACCENT)
    return Table(
        [[Paragraph(markup(status, limit=40) or "No status", styles()["pill"])]],
        colWidths=[30 * mm],
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("BACKGROUND", (0, 0), (-1, -1), colour),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("ROUNDEDCORNERS", [3, 3, 3, 3]),
        ],
    )


def capture_links(numbers: tuple[int, ...], report: SessionReport) -> str:
    """Return capture numbers as markup, each linked to its row in the capture log."""
    known = {capture.number for capture in report.captures}
    links = [
        f'<a href="#{capture_key(number)}" color="{ACCENT.hexval().replace("0x", "#")}">'
        f"#{number}</a>"
        if number in known
        else f"#{number}"
        for number in numbers
    ]
    return ", ".join(links)


def _steps_table(conflict: ReportConflict) -> Flowable:
    if not conflict.steps:
        return Paragraph("No steps recorded.", styles()["muted"])
    widths = [26 * mm, 40 * mm, 26 * mm, 0.0]
    widths[3] = FRAME_WIDTH - sum(widths)
    rows: list[list[object]] = [["When", "Session", "Status", "Note"]]
    ends: list[bool] = []
    for step in conflict.steps:
        first = [
            field(step.when, widths[0]),
            field(step.session, widths[1]),
            field(step.status, widths[2]),
            "",
        ]
        group = continued(first, column=3, text_lines=lines(step.note, widths[3]), marker=CONTINUED)
        rows.extend(group)
        ends.extend([False] * (len(group) - 1) + [True])
    commands = [*header_row_style(rules=False), *rules_after(ends)]
    commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#3C5A78"))]
    return ruled_table(rows, widths, commands)


def conflicts_story(report: SessionReport) -> list[Flowable]:
    """Return each conflict: its title and status, when it opened, and the steps of its life."""
    if not report.conflicts:
        return [none_recorded()]
    story: list[Flowable] = []
    for conflict in report.conflicts:
        meta = f"Opened {markup(conflict.opened, limit=60) or 'date not recorded'}"
        if conflict.capture_numbers:
            meta += f" · Captures {capture_links(conflict.capture_numbers, report)}"
        story.append(conflict_block(conflict, meta=meta))
    return story


def conflict_block(conflict: ReportConflict, *, meta: str) -> Flowable:
    """Return one conflict kept together: title, status pill, `meta` (markup) and its steps."""
    style = styles()
    title = Table(
        [
            [
                Paragraph(
                    markup(conflict.title, limit=300) or "Untitled conflict", style["conflict"]
                ),
                _status_pill(conflict.status),
            ]
        ],
        colWidths=[FRAME_WIDTH - 32 * mm, 32 * mm],
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, GRID),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
        ],
    )
    return KeepTogether(
        [
            title,
            Paragraph(meta, style["conflict_meta"]),
            Spacer(0, 2 * mm),
            _steps_table(conflict),
            Spacer(0, 5 * mm),
        ]
    )


def _qualifier(capture: ReportCapture) -> str:
    return next((code.qualifier for code in capture.codes if code.qualifier), "") or DASH


def power_table(report: SessionReport) -> list[Flowable]:
    """Return the moments a power differential was named: when, who, the base of power, note."""
    if not report.power_differentials:
        return [none_recorded()]
    widths = [11 * mm, 14 * mm, 40 * mm, 28 * mm, 0.0]
    widths[4] = FRAME_WIDTH - sum(widths)
    rows: list[list[object]] = [["#", "Time", "Who", "Base of power", "Note"]]
    ends: list[bool] = []
    for capture in report.power_differentials:
        first = [
            str(capture.number),
            capture.clock,
            field(capture.who or DASH, widths[2]),
            field(_qualifier(capture), widths[3]),
            "",
        ]
        group = continued(
            first, column=4, text_lines=lines(capture.note, widths[4]), marker=CONTINUED
        )
        rows.extend(group)
        ends.extend([False] * (len(group) - 1) + [True])
    commands = [*header_row_style(rules=False), *rules_after(ends)]
    commands += [("TEXTCOLOR", (0, 1), (0, -1), MUTED)]
    return [ruled_table(rows, widths, commands)]


def actions_table(report: SessionReport) -> list[Flowable]:
    """Return agreements then actions in one table: what, who owns it, when, and if done."""
    if not report.actions:
        return [none_recorded()]
    face = fonts()
    ordered = sorted(report.actions, key=lambda action: not action.is_agreement)
    widths = [22 * mm, 0.0, 34 * mm, 25 * mm, 12 * mm]
    widths[1] = FRAME_WIDTH - sum(widths)
    rows: list[list[object]] = [["Type", "Action or agreement", "Owner", "Due", "Done"]]
    ends: list[bool] = []
    commands = [*header_row_style(rules=False), ("ALIGN", (4, 0), (4, -1), "CENTRE")]
    for action in ordered:
        first = [
            "Agreement" if action.is_agreement else "Action",
            "",
            field(action.owner or DASH, widths[2]),
            field(action.due or DASH, widths[3]),
            "✓" if action.done else "",
        ]
        start = len(rows)
        group = continued(first, column=1, text_lines=lines(action.text, widths[1]), marker="")
        rows.extend(group)
        ends.extend([False] * (len(group) - 1) + [True])
        if action.done:
            commands += [
                ("TEXTCOLOR", (4, start), (4, start), DONE),
                ("FONTNAME", (4, start), (4, start), face.bold),
            ]
        if action.is_agreement:
            commands.append(("TEXTCOLOR", (0, start), (0, start), ACCENT))
        commands.append(("FONTNAME", (0, start), (0, start), face.bold))
    commands += rules_after(ends)
    return [ruled_table(rows, widths, commands)]


def parked_table(report: SessionReport) -> list[Flowable]:
    """Return the parking lot: each item and whether it has been addressed."""
    if not report.parked:
        return [none_recorded()]
    widths = [0.0, 34 * mm]
    widths[0] = FRAME_WIDTH - widths[1]
    rows: list[list[object]] = [["Parked item", "Status"]]
    ends: list[bool] = []
    commands = header_row_style(rules=False)
    for item in report.parked:
        start = len(rows)
        status = "Addressed" if item.addressed else "Not yet addressed"
        group = continued(["", status], column=0, text_lines=lines(item.text, widths[0]))
        rows.extend(group)
        ends.extend([False] * (len(group) - 1) + [True])
        colour = DONE if item.addressed else MUTED
        commands.append(("TEXTCOLOR", (1, start), (1, start), colour))
    commands += rules_after(ends)
    return [ruled_table(rows, widths, commands)]
