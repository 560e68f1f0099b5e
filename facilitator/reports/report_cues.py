"""The optional section on pattern cues: what each cue said, and what the captures show
happened next."""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from facilitator.domain.report import (
    FOLLOW_CAPTURES,
    FOLLOW_MINUTES,
    ReportCapture,
    ReportCue,
    SessionReport,
)
from facilitator.reports.report_cells import continued, field, lines, ruled_table, rules_after
from facilitator.reports.report_logs import CONTINUED
from facilitator.reports.report_styles import FRAME_WIDTH, MUTED, header_row_style
from facilitator.reports.report_tables import DASH, none_recorded
from facilitator.reports.report_text import one_line

CUES_TITLE = "Pattern cues"
CUES_INTRO = (
    "The cues the facilitator's own rules of thumb raised during the session, each with the "
    f"captures made in the {FOLLOW_MINUTES} minutes after it (at most {FOLLOW_CAPTURES}). "
    "The rules are the facilitator's prompts, not norms: a cue says a pattern was seen, not "
    "that anything was wrong."
)
_NOTE_LIMIT = 90


def _what_followed(capture: ReportCapture) -> str:
    codes = ", ".join(code.label for code in capture.codes) or capture.kind_label
    note = one_line(capture.note)
    if len(note) > _NOTE_LIMIT:
        note = note[: _NOTE_LIMIT - 1].rstrip() + "…"
    text = f"#{capture.number} {capture.clock} {codes}"
    return f"{text}: {note}" if note else text


def _cue_text(cue: ReportCue) -> str:
    parts = [one_line(cue.title), one_line(cue.wording)]
    if cue.move.strip():
        parts.append(f"Suggested move: {one_line(cue.move)}")
    if cue.evidence:
        parts.append("Seen in " + ", ".join(f"#{number}" for number in cue.evidence))
    return "\n".join(part for part in parts if part)


def cues_story(report: SessionReport) -> list[Flowable]:
    """Return the cues table: when, during which item, the cue, and what followed."""
    if not report.cues:
        return [none_recorded()]
    widths = [14 * mm, 34 * mm, 62 * mm, 0.0]
    widths[3] = FRAME_WIDTH - sum(widths)
    rows: list[list[object]] = [["Time", "Agenda item", "Cue", "What followed"]]
    ends: list[bool] = []
    for cue in report.cues:
        cue_lines = [line for part in _cue_text(cue).split("\n") for line in lines(part, widths[2])]
        after = [_what_followed(capture) for capture in cue.followed]
        after_lines = [line for text in after for line in lines(text, widths[3])] or [
            f"No captures in the next {FOLLOW_MINUTES} minutes."
        ]
        first = [cue.clock, field(cue.agenda_item or DASH, widths[1], max_lines=4), "", ""]
        # The longer of the two text columns sets how many rows the cue takes.
        height = max(len(cue_lines), len(after_lines))
        cue_lines += [""] * (height - len(cue_lines))
        after_lines += [""] * (height - len(after_lines))
        group = continued(first, column=2, text_lines=cue_lines, marker=CONTINUED)
        for row, chunk in zip(
            group,
            continued(first, column=3, text_lines=after_lines, marker=CONTINUED),
            strict=True,
        ):
            row[3] = chunk[3]
        rows.extend(group)
        ends.extend([False] * (len(group) - 1) + [True])
    commands = [*header_row_style(rules=False), *rules_after(ends)]
    commands += [("TEXTCOLOR", (3, 1), (3, -1), MUTED)]
    return [ruled_table(rows, widths, commands)]
