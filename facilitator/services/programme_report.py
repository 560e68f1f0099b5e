"""The programme report: gather a programme's sessions, trends, conflicts and survey results.

Names are hidden as in the session report: one `Pseudonymiser` for the programme's cohort
labels every participant the same way throughout, and replaces their names in free text.
Citations in the session summaries are left out: they point at one session's capture log,
which this report does not print.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from facilitator.domain import narrative
from facilitator.domain.enums import NamesMode, TimePoint
from facilitator.domain.programme_report import (
    Evaluation,
    EvaluationPoint,
    EvaluationResult,
    ProgrammeModuleReport,
    ProgrammeReport,
    ProgrammeSessionLine,
    SessionSummaryText,
)
from facilitator.domain.pseudonyms import Person, Pseudonymiser
from facilitator.domain.report import Block
from facilitator.domain.snapshots import ProgrammeDetail, SessionSummary
from facilitator.domain.survey_results import describe
from facilitator.domain.text import strip_controls
from facilitator.domain.trends import ConflictJourney, SessionTrend
from facilitator.services import live, programmes, surveys, trends, writeup
from facilitator.services.session_report import _confidentiality
from facilitator.storage.database import Database

SUMMARY = "summary"
OTHER_SESSIONS = "Other sessions"

type Cleaner = Callable[[str], str]


def programme_report(
    db: Database, programme_id: int, *, names: NamesMode = NamesMode.PSEUDONYM
) -> ProgrammeReport:
    """Return the programme's report, with participants named as `names` says."""
    detail = programmes.programme_detail(db, programme_id)
    hide = Pseudonymiser(
        [
            Person(
                id=person.id,
                name=person.name,
                pseudonym=person.pseudonym,
                role=person.role,
                organisation=person.organisation_name,
            )
            for person in detail.participants
        ],
        names,
    )

    def clean(text: str) -> str:
        return hide.apply(strip_controls(text or ""))

    rows = {trend.session_id: trend for trend in trends.programme_trends(db, programme_id)}
    groups = [(module.title, module.sessions) for module in detail.modules]
    if detail.loose_sessions:
        groups.append((OTHER_SESSIONS, detail.loose_sessions))
    modules = tuple(
        ProgrammeModuleReport(
            title=clean(title),
            sessions=tuple(_session_line(s, rows.get(s.id), clean) for s in sessions),
            summaries=tuple(
                summary for s in sessions if (summary := _summary(db, s, clean)) is not None
            ),
        )
        for title, sessions in groups
    )
    return ProgrammeReport(
        programme=clean(detail.title),
        client_system=clean(detail.client_system),
        dates_text=_dates_text(detail.start_date, detail.end_date),
        facilitators=strip_controls(detail.facilitators),
        cohort_size=len(detail.participants),
        confidentiality=_confidentiality(names, detail.client_system or detail.title),
        names=names,
        prepared_by=strip_controls(live.author(db)) or "Facilitator",
        modules=modules,
        trends=tuple(_trend(trend, clean) for trend in rows.values()),
        conflicts=tuple(
            _journey(journey, clean) for journey in trends.conflict_journeys(db, programme_id)
        ),
        evaluation=_evaluation(db, detail, clean),
    )


def write_programme_report_file(
    db: Database, programme_id: int, path: Path, *, names: NamesMode = NamesMode.PSEUDONYM
) -> None:
    """Write the programme report as a PDF at `path`, whole or not at all."""
    from facilitator.reports.programme_report import write_programme_report

    write_programme_report(programme_report(db, programme_id, names=names), path)


def _short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def _dates_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{_short_date(start)} – {_short_date(end)}"
    if start:
        return f"from {_short_date(start)}"
    return f"until {_short_date(end)}" if end else ""


def _session_line(
    session: SessionSummary, trend: SessionTrend | None, clean: Cleaner
) -> ProgrammeSessionLine:
    return ProgrammeSessionLine(
        title=clean(session.title),
        date_text=_short_date(session.date),
        status=session.status.label,
        attended=trend.attendees if trend else 0,
        cohort=trend.cohort if trend else 0,
    )


def _without_citations(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    kept = []
    for block in blocks:
        runs = tuple(run for run in block.runs if run.citation is None)
        if any(run.text.strip() for run in runs):
            kept.append(replace(block, runs=runs))
    return tuple(kept)


def _summary(db: Database, session: SessionSummary, clean: Cleaner) -> SessionSummaryText | None:
    text = writeup.narrative(db, session.id).get(SUMMARY, "")
    blocks = _without_citations(narrative.parse(clean(text)))
    if not blocks:
        return None
    return SessionSummaryText(
        session=clean(session.title), date_text=_short_date(session.date), blocks=blocks
    )


def _trend(trend: SessionTrend, clean: Cleaner) -> SessionTrend:
    return replace(trend, title=clean(trend.title), module_title=clean(trend.module_title))


def _journey(journey: ConflictJourney, clean: Cleaner) -> ConflictJourney:
    return replace(
        journey,
        title=clean(journey.title),
        opened_in=clean(journey.opened_in),
        steps=tuple(
            replace(step, session_title=clean(step.session_title), note=clean(step.note))
            for step in journey.steps
        ),
    )


def _point_label(value: str) -> str:
    try:
        return TimePoint(value).label
    except ValueError:
        return value


def _evaluation(db: Database, detail: ProgrammeDetail, clean: Cleaner) -> Evaluation:
    questions = surveys.questions(db, detail.id)
    if not questions:
        return Evaluation()
    by_question: dict[str, list[EvaluationPoint]] = {q.text: [] for q in questions}
    for result in surveys.survey_results(db, detail.id):
        by_question.setdefault(result.question, []).append(
            EvaluationPoint(
                label=_point_label(result.time_point),
                agree_percent=result.agree_percent,
                agree_text=result.agree_text,
                n=result.n,
            )
        )
    results = tuple(
        EvaluationResult(question=clean(text), points=tuple(points))
        for text, points in by_question.items()
        if points
    )
    wording = {q.text: q.wording or q.text for q in questions}
    sentences = []
    for overall, _paired in surveys.survey_changes(
        db, detail.id, before=TimePoint.BASELINE, after=TimePoint.END
    ):
        if not overall.n_before and not overall.n_after:
            continue
        sentences.append(
            clean(
                describe(
                    overall,
                    wording=wording.get(overall.question, overall.question),
                    before_label=TimePoint.BASELINE.sentence_label,
                    after_label=TimePoint.END.sentence_label,
                )
            )
        )
    return Evaluation(results=results, changes=tuple(sentences))
