"""Print a session report: the written-up day for the client system, as a PDF.

Takes a finished `SessionReport` (every string final and already pseudonymised) and lays it
out: a cover, contents, the narrative, the measured picture of the day, the registers of
conflicts, power, actions and parked items, key quotes, and the full capture log.
"""

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from facilitator.domain.report import SessionReport
from facilitator.reports.files import write_atomically
from facilitator.reports.report_appendix import LogHeading, log_rows
from facilitator.reports.report_charts import participation_chart
from facilitator.reports.report_cover import cover_story
from facilitator.reports.report_cues import CUES_INTRO, CUES_TITLE, cues_story
from facilitator.reports.report_document import build_report
from facilitator.reports.report_heatmap import heatmap
from facilitator.reports.report_logs import (
    actions_table,
    conflicts_story,
    parked_table,
    power_table,
)
from facilitator.reports.report_narrative import narrative_story
from facilitator.reports.report_page import (
    BODY,
    Heading,
    RunningText,
    contents,
)
from facilitator.reports.report_quotes import moments_table, quotes_story
from facilitator.reports.report_styles import (
    styles,
)
from facilitator.reports.report_tables import (
    agenda_table,
    code_table,
    none_recorded,
    ratio_table,
)
from facilitator.reports.report_text import markup, one_line
from facilitator.reports.report_timeline import timeline

AGENDA_TITLE = "Agenda: planned and actual"
CAPTURED_TITLE = "What was captured"
TIMELINE_TITLE = "Timeline of the day"
PATTERNS_TITLE = "Dialogue patterns by agenda item"
PARTICIPATION_TITLE = "Participation"
CONFLICTS_TITLE = "Conflict log"
POWER_TITLE = "Power differentials named"
ACTIONS_TITLE = "Actions and agreements"
PARKED_TITLE = "Parking lot"
QUOTES_TITLE = "Key quotes and moments"
APPENDIX_TITLE = "Appendix: capture log"


def document_title(report: SessionReport) -> str:
    """Return the PDF's title: "Session report: {session} — {programme}"."""
    session = one_line(report.session) or "Untitled session"
    programme = one_line(report.programme)
    return f"Session report: {session} — {programme}" if programme else f"Session report: {session}"


def _section(title: str, key: str, *, room: float = 60 * mm) -> list[Flowable]:
    # A heading needs some of its section below it; otherwise it starts a new page.
    return [CondPageBreak(room), Heading(title, level=0, key=key)]


def _subheading(text: str) -> Paragraph:
    return Paragraph(markup(text, limit=200), styles()["h2"])


def _intro(text: str) -> Paragraph:
    return Paragraph(text, styles()["muted"])


def _timeline_intro(report: SessionReport) -> str:
    if report.start_clock_minutes is None:
        return "Captures through the day against time elapsed: one lane per coding scheme."
    text = "Captures through the day against the room's clock: one lane per coding scheme."
    if report.agenda:
        text += " Numbered bands are the agenda items as they ran."
    return text


def _measures(report: SessionReport) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), Heading(AGENDA_TITLE, level=0, key="agenda")]
    story += agenda_table(report)

    story += _section(CAPTURED_TITLE, "captured")
    story += [_subheading("Counts by code"), *code_table(report)]
    if ratios := ratio_table(report):
        story += [_subheading("Ratios"), *ratios]

    story += _section(TIMELINE_TITLE, "timeline", room=90 * mm)
    chart = timeline(report)
    if chart is None:
        story.append(_intro("No captures were recorded, so there is no timeline to draw."))
    else:
        # The line that explains the chart moves with it.
        story.append(KeepTogether([_intro(_timeline_intro(report)), chart]))

    story += _section(PATTERNS_TITLE, "patterns")
    story += heatmap(report.patterns)

    bars = participation_chart(report.participation)
    if bars is None:
        story += [*_section(PARTICIPATION_TITLE, "participation"), none_recorded()]
    else:
        heading = one_line(report.participation_heading) or "By participant"
        intro = _intro("Captures that concern each, most first.")
        # The heading goes with the whole chart, never alone at the foot of a page.
        title = Heading(PARTICIPATION_TITLE, level=0, key="participation")
        story.append(KeepTogether([title, _subheading(heading), intro, bars]))
    return story


def _registers(report: SessionReport) -> list[Flowable]:
    story = _section(CONFLICTS_TITLE, "conflicts")
    story += conflicts_story(report)
    story += _section(POWER_TITLE, "power")
    story += power_table(report)
    story += _section(ACTIONS_TITLE, "actions")
    story += actions_table(report)
    story += _section(PARKED_TITLE, "parked")
    story += parked_table(report)
    story += _section(QUOTES_TITLE, "quotes")
    story += [_subheading("Key quotes"), *quotes_story(report)]
    story += [_subheading("Key moments"), *moments_table(report)]
    if report.cues is not None:
        story += _section(CUES_TITLE, "cues")
        story += [_intro(CUES_INTRO), *cues_story(report)]
    return story


def _appendix(report: SessionReport) -> list[Flowable]:
    if not report.captures:
        return [*_section(APPENDIX_TITLE, "appendix"), none_recorded()]
    story: list[Flowable] = [PageBreak(), Heading(APPENDIX_TITLE, level=0, key="appendix")]
    count = len(report.captures)
    noun = "capture" if count == 1 else "captures"
    story.append(
        _intro(
            f"All {count} {noun} of the session in time order. "
            "The times cited in the narrative link to their rows here."
        )
    )
    return [*story, Spacer(0, 2 * mm), LogHeading(), *log_rows(report.captures)]


def _story(report: SessionReport) -> list[Flowable]:
    return [
        *cover_story(report),
        NextPageTemplate(BODY),
        PageBreak(),
        Heading("Contents", level=0, key="contents", listed=False),
        contents(),
        PageBreak(),
        *narrative_story(report),
        *_measures(report),
        *_registers(report),
        *_appendix(report),
    ]


def render_session_report(report: SessionReport) -> bytes:
    """Return the session report as the bytes of a PDF."""
    client = one_line(report.client_system)
    programme = one_line(report.programme)
    session = one_line(report.session) or "Untitled session"
    return build_report(
        _story(report),
        title=document_title(report),
        author=one_line(report.prepared_by),
        subject=f"Session report for {client}" if client else "Session report",
        confidentiality=report.confidentiality,
        running=RunningText(
            title=f"{programme} · {session}" if programme else session,
            marking=one_line(report.confidentiality) or "Confidential",
            date=one_line(report.date_text),
        ),
    )


def write_session_report(report: SessionReport, path: Path) -> None:
    """Write the session report to `path` as a PDF, replacing any file there only when whole.

    As for the run sheet: the PDF is made in memory, written beside `path` and moved over
    it, so a failure leaves any earlier file untouched and no temporary file behind. A full
    disk raises DiskFullError; an unwritable path raises its OSError as it is (a missing
    folder FileNotFoundError, a folder IsADirectoryError, a read-only place
    PermissionError), which the app and the command line explain in plain words.
    """
    write_atomically(Path(path), render_session_report(report), what="The session report")
