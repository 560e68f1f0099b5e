"""Print a programme report: the programme across its modules, for the client system, as a PDF.

Takes a finished `ProgrammeReport` (every string final and already pseudonymised) and lays it
out in the session report's own type, page template and cover: overview, modules and
attendance, session summaries, pattern trends, the conflict journey and evaluation results.
"""

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from facilitator.domain.programme_report import ProgrammeReport
from facilitator.domain.report import Block, ConflictStep, ReportConflict
from facilitator.reports.files import write_atomically
from facilitator.reports.report_cells import field, ruled_table
from facilitator.reports.report_cover import TitleBand
from facilitator.reports.report_document import build_report
from facilitator.reports.report_logs import conflict_block
from facilitator.reports.report_narrative import block_text
from facilitator.reports.report_page import (
    BODY,
    Heading,
    RunningText,
    contents,
)
from facilitator.reports.report_styles import (
    ACCENT_PALE,
    FRAME_WIDTH,
    GRID,
    MUTED,
    fonts,
    header_row_style,
    styles,
)
from facilitator.reports.report_text import markup, one_line
from facilitator.reports.report_trends import MEASURES, evaluation_chart, rate_text, trend_panels

KIND = "Programme report"
NO_SURVEY = "No survey responses recorded."


def document_title(report: ProgrammeReport) -> str:
    """Return the PDF's title: "Programme report: {programme}"."""
    return f"{KIND}: {one_line(report.programme) or 'Untitled programme'}"


def _section(title: str, key: str, *, room: float = 60 * mm) -> list[Flowable]:
    return [CondPageBreak(room), Heading(title, level=0, key=key)]


def _muted(text: str) -> Paragraph:
    return Paragraph(text, styles()["muted"])


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _sessions(report: ProgrammeReport) -> int:
    return sum(len(module.sessions) for module in report.modules)


def _cover(report: ProgrammeReport) -> list[Flowable]:
    style = styles()
    band = [
        Paragraph(KIND.upper(), style["cover_kicker"]),
        Paragraph(
            markup(report.programme, limit=120) or "Untitled programme", style["cover_title"]
        ),
    ]
    if report.client_system.strip():
        band.append(Paragraph(markup(report.client_system, limit=100), style["cover_programme"]))
    facts = [
        ("Dates", report.dates_text or "Undated"),
        ("Facilitators", report.facilitators),
        ("Cohort", f"{report.cohort_size} participants" if report.cohort_size else "None yet"),
        ("Names", report.names.label),
        ("Prepared by", report.prepared_by),
    ]
    rows = [
        [
            Paragraph(label.upper(), style["cover_label"]),
            Paragraph(markup(value, limit=100), style["cover_value"]),
        ]
        for label, value in facts
        if value.strip()
    ]
    table = Table(
        rows,
        colWidths=[32 * mm, FRAME_WIDTH - 32 * mm],
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ],
    )
    figures = (
        (len(report.modules), "module", "modules"),
        (_sessions(report), "session", "sessions"),
        (len(report.conflicts), "conflict followed", "conflicts followed"),
        (len(report.evaluation.results), "survey question", "survey questions"),
    )
    cells = [
        [
            Paragraph(str(count), style["cover_figure"]),
            Paragraph(one if count == 1 else many, style["cover_label"]),
        ]
        for count, one, many in figures
    ]
    key = Table(
        [cells],
        colWidths=[FRAME_WIDTH / 4] * 4,
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (-1, -1), ACCENT_PALE),
        ],
    )
    body = KeepInFrame(0, 0, [table, Spacer(0, 12 * mm), key], mode="shrink")
    return [TitleBand(band, below=14 * mm), Spacer(0, 14 * mm), body]


def _overview(report: ProgrammeReport) -> list[Flowable]:
    story = [Heading("Overview", level=0, key="overview")]
    modules, sessions = len(report.modules), _sessions(report)
    finished = sum(1 for t in report.trends if t.status.value == "finished")
    name = markup(report.programme) or "This programme"
    people = _count(report.cohort_size, "participant")
    if sessions:
        done = "has" if finished == 1 else "have"
        text = (
            f"{name} has {_count(modules, 'module')} and {_count(sessions, 'session')}, "
            f"of which {finished} {done} finished. The cohort has {people}."
        )
    else:
        text = f"{name} has no sessions yet. The cohort has {people}."
    story.append(Paragraph(text, styles()["body"]))
    if report.conflicts:
        open_count = sum(1 for c in report.conflicts if c.status_label == "Open")
        story.append(
            Paragraph(
                f"{_count(len(report.conflicts), 'conflict')} followed across sessions; "
                f"{open_count} {'is' if open_count == 1 else 'are'} still open.",
                styles()["body"],
            )
        )
    for sentence in report.evaluation.changes[:3]:
        story.append(Paragraph(f"{markup(sentence)}.", styles()["bullet"], bulletText="•"))
    story.append(
        Paragraph(
            f"Participants are named in this report by {report.names.label.lower()}.",
            styles()["muted"],
        )
    )
    return story


def _attendance(report: ProgrammeReport) -> list[Flowable]:
    story = _section("Modules and attendance", "attendance")
    if not _sessions(report):
        return [*story, _muted("No sessions have been planned yet.")]
    widths = [0.0, 26 * mm, 22 * mm, 24 * mm]
    widths[0] = FRAME_WIDTH - sum(widths)
    rows: list[list[object]] = [["Session", "Date", "Status", "Attended"]]
    commands = header_row_style()
    commands.append(("ALIGN", (3, 0), (3, -1), "RIGHT"))
    for module in report.modules:
        rows.append([field(module.title or "Untitled module", FRAME_WIDTH, bold=True), "", "", ""])
        row = len(rows) - 1
        commands += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), ACCENT_PALE),
            ("FONTNAME", (0, row), (-1, row), fonts().bold),
        ]
        if not module.sessions:
            rows.append(["No sessions yet", "", "", ""])
            commands.append(("TEXTCOLOR", (0, len(rows) - 1), (-1, len(rows) - 1), MUTED))
        for line in module.sessions:
            rows.append(
                [
                    field(line.title or "Untitled session", widths[0]),
                    line.date_text or "Undated",
                    line.status,
                    line.attendance_text,
                ]
            )
    story.append(ruled_table(rows, widths, commands))
    story.append(
        Paragraph("Attended: participants marked present, of the whole cohort.", styles()["note"])
    )
    return story


def _blocks(blocks: tuple[Block, ...]) -> list[Flowable]:
    style = styles()
    story: list[Flowable] = []
    for block in blocks:
        text = block_text(block)
        if text:
            bullet = {"bulletText": "•"} if block.bullet else {}
            story.append(Paragraph(text, style["bullet" if block.bullet else "body"], **bullet))
    return story


def _summaries(report: ProgrammeReport) -> list[Flowable]:
    story = _section("Module summaries", "summaries")
    written = [module for module in report.modules if module.summaries]
    if not written:
        return [*story, _muted("No session summaries have been written yet.")]
    story.append(_muted("Drawn from the summary each session's write-up opens with."))
    for index, module in enumerate(written):
        story.append(Heading(module.title or "Untitled module", level=1, key=f"module-{index}"))
        for summary in module.summaries:
            when = f" · {summary.date_text}" if summary.date_text else ""
            story.append(Paragraph(f"{markup(summary.session)}{when}", styles()["h3"]))
            story += _blocks(summary.blocks)
    return story


def _trends(report: ProgrammeReport) -> list[Flowable]:
    story = _section("Pattern trends", "trends", room=100 * mm)
    ran = [t for t in report.trends if t.status.value != "planned"]
    if not ran:
        return [*story, _muted("No session has run yet, so there are no patterns to compare.")]
    story.append(
        _muted(
            "Each figure is a count of what the facilitators captured, divided by the hours the "
            "session ran, so that short and long days compare. They describe what was captured, "
            "not everything that happened, and are not benchmarks. Sessions not yet run are "
            "left out."
        )
    )
    widths = [0.0, 16 * mm, *[22 * mm] * len(MEASURES)]
    widths[0] = FRAME_WIDTH - sum(widths)
    heads = [
        "Stuck or\nentrenched",
        "Exploring\nviews",
        "Conflicts\nsurfaced",
        "Conflicts\nresolved",
        "Power\nnamed",
    ]
    rows: list[list[object]] = [["Session", "Hours", *heads]]
    for trend in ran:
        hours = "–" if trend.hours is None else f"{trend.hours:.1f}"
        rows.append(
            [field(trend.title, widths[0]), hours, *[rate_text(m.rate(trend)) for m in MEASURES]]
        )
    commands = [*header_row_style(), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]
    story.append(ruled_table(rows, widths, [*commands, ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]))
    story.append(
        Paragraph(
            "Stuck or entrenched: minutes per hour; others: captures per hour.", styles()["note"]
        )
    )
    panels = Table(
        trend_panels(ran),
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),  # else Helvetica joins the PDF
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
        ],
    )
    story += [Spacer(0, 4 * mm), panels]
    return story


def _conflicts(report: ProgrammeReport) -> list[Flowable]:
    story = _section("Conflict journey", "conflicts")
    if not report.conflicts:
        return [*story, _muted("No conflicts were logged in this programme.")]
    for journey in report.conflicts:
        conflict = ReportConflict(
            title=journey.title,
            status=journey.status_label,
            opened="",
            steps=tuple(
                ConflictStep(
                    when=step.session_date.strftime("%-d %b %Y") if step.session_date else "",
                    session=step.session_title,
                    status=step.status_label,
                    note=step.note,
                )
                for step in journey.steps
            ),
        )
        touched = journey.sessions_touched
        meta = (
            f"Opened in {markup(journey.opened_in) or 'no session'} · "
            f"{touched} session{'s' if touched != 1 else ''}"
        )
        story.append(conflict_block(conflict, meta=meta))
    return story


def _evaluation(report: ProgrammeReport) -> list[Flowable]:
    story = _section("Evaluation results", "evaluation", room=90 * mm)
    evaluation = report.evaluation
    if evaluation.empty:
        return [*story, _muted(NO_SURVEY)]
    story.append(
        _muted(
            "The share of respondents who agree or strongly agree with each statement. "
            "n is the number who answered; small numbers are shown, not hidden."
        )
    )
    for sentence in evaluation.changes:
        story.append(Paragraph(f"{markup(sentence)}.", styles()["bullet"], bulletText="•"))
    if chart := evaluation_chart(evaluation.results):
        story += [Spacer(0, 4 * mm), chart]
    return story


def _story(report: ProgrammeReport) -> list[Flowable]:
    return [
        *_cover(report),
        NextPageTemplate(BODY),
        PageBreak(),
        Heading("Contents", level=0, key="contents", listed=False),
        contents(),
        PageBreak(),
        *_overview(report),
        *_attendance(report),
        *_summaries(report),
        *_trends(report),
        *_conflicts(report),
        *_evaluation(report),
    ]


def render_programme_report(report: ProgrammeReport) -> bytes:
    """Return the programme report as the bytes of a PDF."""
    client = one_line(report.client_system)
    return build_report(
        _story(report),
        title=document_title(report),
        author=one_line(report.prepared_by),
        subject=f"{KIND} for {client}" if client else KIND,
        confidentiality=report.confidentiality,
        running=RunningText(
            title=one_line(report.programme) or "Untitled programme",
            marking=one_line(report.confidentiality) or "Confidential",
            date=one_line(report.dates_text),
            kind=KIND,
        ),
    )


def write_programme_report(report: ProgrammeReport, path: Path) -> None:
    """Write the programme report to `path` as a PDF, replacing any file there only when whole."""
    write_atomically(Path(path), render_programme_report(report), what="The programme report")
