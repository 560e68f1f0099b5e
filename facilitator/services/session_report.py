"""The session report: gather a session's write-up into a SessionReport and write the PDF."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from pathlib import Path

from facilitator.domain import analysis, narrative
from facilitator.domain.agenda import clock_time, plan_agenda, plan_input
from facilitator.domain.enums import CaptureKind, NamesMode, SubjectKind, SubjectRole
from facilitator.domain.narrative_sections import SECTIONS
from facilitator.domain.pseudonyms import Leftover, Person, Pseudonymiser, Replacement
from facilitator.domain.report import (
    AgendaLine,
    ConflictStep,
    NarrativePart,
    Participation,
    ReportAction,
    ReportCapture,
    ReportCode,
    ReportConflict,
    ReportParked,
    SessionReport,
)
from facilitator.domain.snapshots import Conflict, Observation, SessionDetail
from facilitator.domain.text import strip_controls
from facilitator.domain.timezones import zone
from facilitator.services import actions, conflicts, live, programmes, schemes, writeup
from facilitator.services.report_cues import report_cues
from facilitator.storage.database import Database

# The schemes whose codes describe how people talk to each other, for the by-item table.
DIALOGUE_SCHEMES = ("dialogue-patterns", "kantor-four-player", "advocacy-inquiry")
POWER_NAMED = ("conflict-surfacing", "power-differential-named")
KIND_LABELS = {
    CaptureKind.CODED: "Coded",
    CaptureKind.NOTE: "Note",
    CaptureKind.MARK: "Marked moment",
    CaptureKind.CONTRIBUTION: "Contribution",
}

type Cleaner = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class ReportCheck:
    """What pseudonymisation did to a report, for the user to see before exporting."""

    names: NamesMode
    replacements: tuple[Replacement, ...]
    leftovers: tuple[Leftover, ...]


def session_report(
    db: Database, session_id: int, *, names: NamesMode, cues: bool = False
) -> tuple[SessionReport, ReportCheck]:
    """Return the session's report with names as `names` says, and what was replaced; with
    `cues`, it includes the pattern cues that fired for the facilitator."""
    detail = programmes.session_detail(db, session_id)
    programme = programmes.programme_detail(db, detail.programme_id)
    room = zone(detail.timezone)
    hide = pseudonymiser(detail, names)

    def clean(text: str) -> str:
        return hide.apply(strip_controls(text))

    captures = tuple(
        _capture(observation, room=room, hide=hide, clean=clean)
        for observation in detail.observations
    )
    by_number = {capture.number: capture for capture in captures}
    written = writeup.narrative(db, session_id)
    parts = tuple(
        NarrativePart(section.key, section.title, narrative.parse(clean(written[section.key])))
        for section in SECTIONS
        if written.get(section.key, "").strip()
    )
    order = [
        (scheme.slug, code.slug) for scheme in schemes.list_schemes(db) for code in scheme.codes
    ]
    dialogue = [_only_schemes(observation, DIALOGUE_SCHEMES) for observation in detail.observations]
    session_conflicts = _session_conflicts(db, detail)
    report = SessionReport(
        programme=clean(detail.programme_title),
        client_system=clean(programme.client_system),
        module=clean(detail.module_title),
        session=clean(detail.title),
        date_text=_date_text(detail.date),
        time_text=_time_text(detail.start_time, detail.end_time),
        venue=clean(detail.venue),
        facilitators=strip_controls(programme.facilitators),
        kind_label=detail.kind.label,
        confidentiality=_confidentiality(names, programme.client_system or programme.title),
        names=names,
        prepared_by=strip_controls(live.author(db)) or "Facilitator",
        attendee_count=len(detail.attendees),
        narrative=parts,
        agenda=_agenda(detail, room),
        captures=captures,
        code_tallies=analysis.code_tallies(detail.observations, order=order),
        patterns=analysis.tallies_by_item(
            dialogue, items=[(item.id, clean(item.title)) for item in detail.agenda], order=order
        ),
        ratios=analysis.ratios(detail.observations),
        participation=_participation(detail, names=names, hide=hide),
        participation_heading=(
            "By organisation" if names is NamesMode.ORGANISATION else "By participant"
        ),
        conflicts=tuple(
            _conflict(conflict, detail=detail, room=room, clean=clean)
            for conflict in session_conflicts
        ),
        power_differentials=tuple(
            capture
            for capture, observation in zip(captures, detail.observations, strict=True)
            if _has_code(observation, POWER_NAMED)
        ),
        actions=tuple(
            ReportAction(
                text=clean(action.text),
                owner=clean(action.owner),
                due=_short_date(action.due),
                done=action.done,
                is_agreement=action.is_agreement,
            )
            for action in actions.session_actions(db, session_id)
        ),
        parked=tuple(
            ReportParked(text=clean(item.text), addressed=item.addressed)
            for item in actions.parking_lot(db, session_id)
        ),
        quotes=tuple(capture for capture in captures if capture.quote),
        key_moments=tuple(capture for capture in captures if capture.key_moment),
        cues=report_cues(
            db, session_id, agenda=detail.agenda, captures=captures, room_zone=room, clean=clean
        )
        if cues
        else None,
        session_seconds=_session_seconds(detail),
        start_clock_minutes=_start_minutes(detail, room),
        captures_by_number=by_number,
    )
    known = _known_phrases(detail, programme_title=programme.title, report=report)
    check = ReportCheck(
        names=names,
        replacements=hide.replacements(),
        leftovers=hide.leftovers(_report_texts(report), known=known)
        if names is not NamesMode.REAL
        else (),
    )
    return report, check


def check_names(db: Database, session_id: int, *, names: NamesMode) -> ReportCheck:
    """Return what pseudonymising the session's report would replace, and what looks left."""
    return session_report(db, session_id, names=names)[1]


def write_session_report_file(
    db: Database, session_id: int, path: Path, *, names: NamesMode, cues: bool = False
) -> ReportCheck:
    """Write the session report as a PDF at `path`; return what pseudonymisation did."""
    from facilitator.reports.session_report import write_session_report

    report, check = session_report(db, session_id, names=names, cues=cues)
    write_session_report(report, path)
    return check


def pseudonymiser(detail: SessionDetail, names: NamesMode) -> Pseudonymiser:
    """Return what names the programme's cohort in a session's report or export."""
    people = [
        Person(
            id=person.id,
            name=person.name,
            pseudonym=person.pseudonym,
            role=person.role,
            organisation=person.organisation_name,
        )
        for person in detail.cohort
    ]
    return Pseudonymiser(people, names)


# Parts of the report ---------------------------------------------------------------------


def _capture(
    observation: Observation, *, room: tzinfo, hide: Pseudonymiser, clean: Cleaner
) -> ReportCapture:
    return ReportCapture(
        number=observation.number or 0,
        clock=observation.occurred_at.astimezone(room).strftime("%H:%M"),
        offset_seconds=observation.offset_seconds,
        duration_seconds=observation.duration_seconds,
        agenda_item=clean(observation.agenda_item_title),
        # A capture whose codes were all taken away in review reads as the note it now is.
        kind_label=KIND_LABELS[CaptureKind.NOTE]
        if observation.kind is CaptureKind.CODED and not observation.codes
        else KIND_LABELS.get(observation.kind, "Capture"),
        codes=tuple(
            ReportCode(
                scheme=code.scheme_name,
                label=code.label,
                colour=code.colour,
                qualifier=code.qualifier,
            )
            for code in observation.codes
        ),
        who=who(observation, hide=hide),
        note=clean(observation.note),
        author=strip_controls(observation.author),
        key_moment=observation.key_moment,
        quote=observation.quote,
    )


def who(observation: Observation, *, hide: Pseudonymiser) -> str:
    """Return who a capture concerns, named as the report's choice says: 'A → B; Whole group'."""

    def name(kind: SubjectKind, ref_id: int | None, real: str) -> str:
        if kind is SubjectKind.PARTICIPANT and ref_id is not None:
            return hide.label(ref_id)
        return strip_controls(real)

    named = {
        role: [name(s.kind, s.ref_id, s.name) for s in observation.subjects if s.role is role]
        for role in SubjectRole
    }
    parts = []
    if named[SubjectRole.FROM] or named[SubjectRole.TO]:
        source = ", ".join(named[SubjectRole.FROM]) or "?"
        target = ", ".join(named[SubjectRole.TO]) or "?"
        parts.append(f"{source} → {target}")
    parts.extend(dict.fromkeys(named[SubjectRole.ABOUT]))
    return "; ".join(parts)


def _only_schemes(observation: Observation, slugs: Iterable[str]) -> Observation:
    wanted = set(slugs)
    return replace(
        observation, codes=tuple(code for code in observation.codes if code.scheme_slug in wanted)
    )


def _has_code(observation: Observation, code: tuple[str, str]) -> bool:
    return any((applied.scheme_slug, applied.slug) == code for applied in observation.codes)


def _agenda(detail: SessionDetail, room: tzinfo) -> tuple[AgendaLine, ...]:
    plan = plan_agenda(
        [plan_input(item) for item in detail.agenda],
        start=detail.start_time,
        end=detail.end_time,
    )
    lines = []
    for index, item in enumerate(detail.agenda):
        slot = plan.slots[index] if plan.slots else None
        started, ended = item.actual_start, item.actual_end
        lines.append(
            AgendaLine(
                title=strip_controls(item.title),
                is_break=item.is_break,
                planned_start=clock_time(slot.start).strftime("%H:%M") if slot else "",
                planned_minutes=item.planned_minutes,
                actual_start=started.astimezone(room).strftime("%H:%M") if started else "",
                actual_minutes=(
                    round((ended - started).total_seconds() / 60) if started and ended else None
                ),
            )
        )
    return tuple(lines)


def _participation(
    detail: SessionDetail, *, names: NamesMode, hide: Pseudonymiser
) -> tuple[Participation, ...]:
    """Count the captures that concern each attendee (or organisation); silence shows as 0,
    unless nothing was captured at all."""
    if not detail.observations:
        return ()
    organisation_of = {person.id: person.organisation_name for person in detail.cohort}
    counts: Counter[str] = Counter()
    for observation in detail.observations:
        seen: set[str] = set()
        for subject in observation.subjects:
            label = None
            if subject.kind is SubjectKind.PARTICIPANT and subject.ref_id is not None:
                label = (
                    organisation_of.get(subject.ref_id) or "No organisation"
                    if names is NamesMode.ORGANISATION
                    else hide.label(subject.ref_id)
                )
            elif subject.kind is SubjectKind.ORGANISATION and names is NamesMode.ORGANISATION:
                label = subject.name
            if label is not None and label not in seen:
                seen.add(label)
                counts[strip_controls(label)] += 1
    for person in detail.attendees:
        label = (
            person.organisation_name or "No organisation"
            if names is NamesMode.ORGANISATION
            else hide.label(person.id)
        )
        counts.setdefault(strip_controls(label), 0)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].casefold()))
    return tuple(Participation(label=label, count=count) for label, count in ranked)


def _session_conflicts(db: Database, detail: SessionDetail) -> list[Conflict]:
    """Return the conflicts this session touched: opened, moved on or cited in it."""
    linked = {observation.conflict_id for observation in detail.observations}
    return [
        conflict
        for conflict in conflicts.programme_conflicts(db, detail.programme_id)
        if conflict.session_id == detail.id
        or conflict.id in linked
        or any(event.session_id == detail.id for event in conflict.events)
    ]


def _conflict(
    conflict: Conflict, *, detail: SessionDetail, room: tzinfo, clean: Cleaner
) -> ReportConflict:
    return ReportConflict(
        title=clean(conflict.title),
        status=conflict.status.label,
        opened=_moment(conflict.opened_at, room),
        steps=tuple(
            ConflictStep(
                when=_moment(event.at, room),
                session=clean(event.session_title),
                status=event.status.label,
                note=clean(event.note),
            )
            for event in conflict.events
        ),
        capture_numbers=tuple(
            observation.number
            for observation in detail.observations
            if observation.conflict_id == conflict.id and observation.number is not None
        ),
    )


def _moment(moment: datetime, room: tzinfo) -> str:
    local = moment.astimezone(room)
    return f"{local.day} {local:%b %H:%M}"


def _date_text(day: date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def _short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def _time_text(start: time | None, end: time | None) -> str:
    if start is None:
        return ""
    return f"{start:%H:%M}–{end:%H:%M}" if end else f"from {start:%H:%M}"


def _confidentiality(names: NamesMode, audience: str) -> str:
    if names is NamesMode.REAL:
        return (
            f"Confidential: prepared for {audience}. It names participants: share it only "
            "with the people it was written for."
        )
    hidden = "pseudonyms" if names is NamesMode.PSEUDONYM else "their organisations"
    return (
        f"Confidential: prepared for {audience}. Participants appear under {hidden}; "
        "do not share beyond the programme team."
    )


def _session_seconds(detail: SessionDetail) -> float:
    ends = [
        observation.offset_seconds + (observation.duration_seconds or 0.0)
        for observation in detail.observations
    ]
    planned = 60.0 * sum(item.allowed_minutes for item in detail.agenda)
    if detail.live_started_at and detail.finished_at:
        planned = max(
            planned,
            (detail.finished_at - detail.live_started_at).total_seconds() - detail.paused_seconds,
        )
    return max([planned, *ends])


def _start_minutes(detail: SessionDetail, room: tzinfo) -> int | None:
    started = detail.live_started_at
    if started is None:
        firsts = [item.actual_start for item in detail.agenda if item.actual_start]
        started = min(firsts) if firsts else None
    if started is not None:
        local = started.astimezone(room)
        return local.hour * 60 + local.minute
    if detail.start_time is not None:
        return detail.start_time.hour * 60 + detail.start_time.minute
    return None


def _report_texts(report: SessionReport) -> list[str]:
    texts = [capture.note for capture in report.captures]
    texts += [narrative.plain_text(part.blocks) for part in report.narrative]
    texts += [conflict.title for conflict in report.conflicts]
    texts += [step.note for conflict in report.conflicts for step in conflict.steps]
    texts += [action.text for action in report.actions] + [
        action.owner for action in report.actions
    ]
    texts += [item.text for item in report.parked]
    return texts


def _known_phrases(
    detail: SessionDetail, *, programme_title: str, report: SessionReport
) -> list[str]:
    """Return phrases the report prints that are not people: they are not flagged."""
    known = [programme_title, report.client_system, report.module, report.session, report.venue]
    known += [report.facilitators]
    known += [organisation.name for organisation in detail.organisations]
    known += [item.title for item in detail.agenda]
    known += [section.title for section in SECTIONS]
    known += [
        f"{code.scheme_name} {code.label} {code.qualifier or ''}"
        for observation in detail.observations
        for code in observation.codes
    ]
    known += [observation.author for observation in detail.observations]
    return known
