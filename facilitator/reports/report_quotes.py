"""Key quotes as pull quotes, and the day's key moments as a short list."""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from facilitator.domain.report import ReportCapture, SessionReport
from facilitator.reports.report_cells import continued, field, lines, ruled_table, rules_after
from facilitator.reports.report_logs import CONTINUED
from facilitator.reports.report_styles import (
    ACCENT,
    ACCENT_PALE,
    FRAME_WIDTH,
    MUTED,
    fonts,
    header_row_style,
    styles,
)
from facilitator.reports.report_tables import DASH, none_recorded
from facilitator.reports.report_text import markup, one_line

# A pull quote is a sentence or two; a longer one is cut and the log has the rest.
_QUOTE_LIMIT = 700
_QUOTE_MARKS = '"“”„«»'


def _attribution(capture: ReportCapture) -> str:
    parts = [one_line(capture.who)] if capture.who.strip() else []
    parts.append(capture.clock)
    if capture.agenda_item.strip():
        parts.append(one_line(capture.agenda_item))
    return ", ".join(part for part in parts if part)


def _pull_quote(capture: ReportCapture) -> Flowable | None:
    style = styles()
    # The quote marks are the report's: any the note already has are dropped.
    text = one_line(capture.note).strip(_QUOTE_MARKS).strip()
    if not text:
        return None
    if len(text) > _QUOTE_LIMIT:
        rest = f"(continues in the capture log, #{capture.number})"
        text = f"{text[: _QUOTE_LIMIT - 1].rstrip()}… {rest}"
    quote = Paragraph(f"“{markup(text)}”", style["quote"])
    by = Paragraph(f"— {markup(_attribution(capture), limit=300)}", style["quote_by"])
    return KeepTogether(
        [
            Table(
                [[[quote, by]]],
                colWidths=[FRAME_WIDTH],
                style=[
                    ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
                    ("BACKGROUND", (0, 0), (-1, -1), ACCENT_PALE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 14),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                    ("TOPPADDING", (0, 0), (-1, -1), 9),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ],
            ),
            Spacer(0, 4 * mm),
        ]
    )


def quotes_story(report: SessionReport) -> list[Flowable]:
    """Return each key quote set as a pull quote with who said it and when."""
    story = [quote for capture in report.quotes if (quote := _pull_quote(capture))]
    return story or [none_recorded()]


def moments_table(report: SessionReport) -> list[Flowable]:
    """Return the key moments: when, during which item, what was coded and what happened."""
    if not report.key_moments:
        return [none_recorded()]
    widths = [14 * mm, 40 * mm, 38 * mm, 0.0]
    widths[3] = FRAME_WIDTH - sum(widths)
    rows: list[list[object]] = [["Time", "Agenda item", "Codes", "What happened"]]
    ends: list[bool] = []
    for capture in report.key_moments:
        codes = "\n".join(code.label for code in capture.codes) or capture.kind_label
        first = [
            capture.clock,
            field(capture.agenda_item or DASH, widths[1], max_lines=4),
            field(codes, widths[2], max_lines=6),
            "",
        ]
        group = continued(
            first, column=3, text_lines=lines(capture.note, widths[3]), marker=CONTINUED
        )
        rows.extend(group)
        ends.extend([False] * (len(group) - 1) + [True])
    commands = [*header_row_style(rules=False), *rules_after(ends)]
    commands += [("TEXTCOLOR", (2, 1), (2, -1), MUTED)]
    return [ruled_table(rows, widths, commands)]
