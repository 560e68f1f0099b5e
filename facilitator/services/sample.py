"""Build the fictional sample programme from `resources/sample/sample_programme.json`."""

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.content import CONTENT_FORMAT, parse_clock_offset
from facilitator.domain.cue_evaluation import replay
from facilitator.domain.cues import CueContext
from facilitator.domain.enums import (
    CodeKind,
    ConflictStatus,
    Sector,
    SessionKind,
    SessionStatus,
    SubjectKind,
    TimePoint,
)
from facilitator.domain.errors import ContentError
from facilitator.domain.narrative_sections import SECTION_KEYS
from facilitator.domain.survey_results import check_answer
from facilitator.domain.timezones import DEFAULT_TIMEZONE, zone
from facilitator.resources import resource_path
from facilitator.services import snapshots
from facilitator.services.builtin import builtin_templates, read_json
from facilitator.services.cue_rules import shipped_rules
from facilitator.services.surveys import add_starting_questions_in
from facilitator.storage.tables import (
    ActionRow,
    AgendaItemRow,
    AttendanceRow,
    CodeRow,
    CodingSchemeRow,
    ConflictEventRow,
    ConflictRow,
    CueEventRow,
    ModuleRow,
    NarrativeSectionRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParkingItemRow,
    ParticipantRow,
    ProgrammeRow,
    SessionRow,
    SurveyQuestionRow,
    SurveyResponseRow,
)

SAMPLE_FILE = ("sample", "sample_programme.json")


def add_sample_programme(session: Session, *, today: date) -> ProgrammeRow:
    """Add the sample programme, with dates placed around `today`, and return it."""
    where = "sample_programme.json"
    data = read_json(resource_path(*SAMPLE_FILE))
    if not isinstance(data, dict) or data.get("format") != CONTENT_FORMAT:
        raise ContentError(f"{where}: unknown format.")
    template = builtin_templates().get(data.get("template", ""))
    if template is None:
        raise ContentError(f"{where}: unknown template {data.get('template')!r}.")
    info = data["programme"]
    programme = ProgrammeRow(
        title=info["title"],
        client_system=info.get("client_system", ""),
        start_date=today + timedelta(days=info["start_offset_days"]),
        end_date=today + timedelta(days=info["end_offset_days"]),
        notes=info.get("notes", ""),
        facilitators=info.get("facilitators", ""),
        working_principles="\n".join(info.get("working_principles", [])),
        is_sample=True,
    )
    for position, spec in enumerate(template.modules, start=1):
        programme.modules.append(
            ModuleRow(position=position, title=spec.title, themes=list(spec.themes), days=spec.days)
        )
    organisations: dict[str, OrganisationRow] = {}
    for org in data["organisations"]:
        organisations[org["ref"]] = OrganisationRow(name=org["name"], sector=Sector(org["sector"]))
        programme.organisations.append(organisations[org["ref"]])
    participants: dict[str, ParticipantRow] = {}
    for person in data["participants"]:
        participants[person["ref"]] = ParticipantRow(
            name=person["name"],
            role=person.get("role", ""),
            organisation=_lookup(organisations, person.get("organisation"), where),
            pseudonym=person.get("pseudonym", ""),
            goals=person.get("goals", ""),
        )
        programme.participants.append(participants[person["ref"]])
    session.add(programme)
    session.flush()

    codes = _codes_by_id(session)
    for spec in data["sessions"]:
        _add_session(
            session,
            programme=programme,
            spec=spec,
            today=today,
            participants=participants,
            organisations=organisations,
            codes=codes,
        )
    _add_survey(session, programme=programme, spec=data.get("survey"), participants=participants)
    return programme


def _add_survey(
    session: Session,
    *,
    programme: ProgrammeRow,
    spec: dict[str, Any] | None,
    participants: dict[str, ParticipantRow],
) -> None:
    """Add the starting survey questions and the answers written out in the sample file."""
    if spec is None:
        return
    where = "sample survey"
    add_starting_questions_in(session, programme.id)
    by_key = {
        row.builtin_key: row
        for row in session.scalars(
            select(SurveyQuestionRow).where(SurveyQuestionRow.programme_id == programme.id)
        )
    }
    for point, per_question in spec["responses"].items():
        time_point = TimePoint(point)
        for key, answers in per_question.items():
            question = _lookup(by_key, key, where)
            for ref, answer in answers.items():
                session.add(
                    SurveyResponseRow(
                        question_id=question.id,
                        time_point=time_point.value,
                        participant_id=_lookup(participants, ref, where).id,
                        answer=int(check_answer(answer)),
                    )
                )
    session.flush()


def _lookup[T](table: dict[str, T], ref: Any, where: str) -> T:
    if ref not in table:
        raise ContentError(f"{where}: nothing is called {ref!r}.")
    return table[ref]


def _codes_by_id(session: Session) -> dict[str, CodeRow]:
    rows = session.execute(select(CodeRow, CodingSchemeRow.slug).join(CodeRow.scheme)).all()
    return {f"{scheme_slug}/{code.slug}": code for code, scheme_slug in rows}


def _add_session(
    session: Session,
    *,
    programme: ProgrammeRow,
    spec: dict[str, Any],
    today: date,
    participants: dict[str, ParticipantRow],
    organisations: dict[str, OrganisationRow],
    codes: dict[str, CodeRow],
) -> None:
    where = f"sample session {spec.get('ref')}"
    module = None
    if spec.get("module") is not None:
        module = programme.modules[spec["module"] - 1]
    day = today + timedelta(days=spec["day_offset"])
    start = time.fromisoformat(spec["start_time"])
    row = SessionRow(
        programme=programme,
        module=module,
        title=spec["title"],
        date=day,
        start_time=start,
        end_time=time.fromisoformat(spec["end_time"]) if spec.get("end_time") else None,
        venue=spec.get("venue", ""),
        timezone=spec.get("timezone", DEFAULT_TIMEZONE),
        kind=SessionKind(spec["kind"]),
        status=SessionStatus(spec["status"]),
    )
    attendee_refs = spec["attendees"]
    attending = (
        list(participants.values())
        if attendee_refs == "all"
        else [_lookup(participants, ref, where) for ref in attendee_refs]
    )
    row.attendances = [AttendanceRow(participant=person) for person in attending]

    started_at = datetime.combine(day, start, tzinfo=zone(row.timezone))
    moment = started_at
    spans: list[tuple[float, float, AgendaItemRow]] = []
    for position, item in enumerate(spec["agenda"], start=1):
        agenda_item = AgendaItemRow(
            position=position,
            title=item["title"],
            method=item.get("method", ""),
            planned_minutes=item["minutes"],
            purpose=item.get("purpose", ""),
            facilitator_notes=item.get("notes", ""),
            materials=item.get("materials", ""),
            is_break=bool(item.get("break", False)),
            pinned_time=time.fromisoformat(item["pinned"]) if item.get("pinned") else None,
        )
        if item.get("actual_minutes") is not None:
            end = moment + timedelta(minutes=item["actual_minutes"])
            agenda_item.actual_start, agenda_item.actual_end = moment, end
            spans.append(
                (
                    (moment - started_at).total_seconds(),
                    (end - started_at).total_seconds(),
                    agenda_item,
                )
            )
            moment = end
        row.agenda_items.append(agenda_item)
    session.add(row)

    observations = []
    for number, capture in enumerate(spec.get("observations", []), start=1):
        observations.append(
            _add_observation(
                row,
                capture=capture,
                where=f"{where}, observation {number}",
                started_at=started_at,
                spans=spans,
                participants=participants,
                organisations=organisations,
                codes=codes,
            )
        )
    _add_write_up(session, row, spec=spec, started_at=started_at, observations=observations)
    if row.status is SessionStatus.FINISHED and observations:
        _add_cues(session, row, started_at=started_at, observations=observations)


def _add_cues(
    session: Session,
    row: SessionRow,
    *,
    started_at: datetime,
    observations: list[ObservationRow],
) -> None:
    """Record the cues the shipped rules would have raised during the day, as if it had run
    with them: the sample's report can then show its section on cues."""
    session.flush()
    captures = [snapshots.observation(observation) for observation in observations]
    programme = row.programme
    context = CueContext(
        organisation_of={
            p.id: p.organisation_id for p in programme.participants if p.organisation_id
        },
        sector_of={o.id: o.sector.value for o in programme.organisations},
    )
    for offset, cue in replay(shipped_rules().rules, captures, context=context):
        session.add(
            CueEventRow(
                session_id=row.id,
                rule_id=cue.rule_id,
                title=cue.title,
                wording=cue.text,
                move=cue.move,
                offset_seconds=offset,
                fired_at=started_at + timedelta(seconds=offset),
                evidence=list(cue.evidence),
            )
        )


def _add_observation(
    row: SessionRow,
    *,
    capture: dict[str, Any],
    where: str,
    started_at: datetime,
    spans: list[tuple[float, float, AgendaItemRow]],
    participants: dict[str, ParticipantRow],
    organisations: dict[str, OrganisationRow],
    codes: dict[str, CodeRow],
) -> ObservationRow:
    offset = parse_clock_offset(capture["at"], where)
    duration = capture.get("duration")
    observation = ObservationRow(
        occurred_at=started_at + timedelta(seconds=offset),
        offset_seconds=offset,
        duration_seconds=parse_clock_offset(duration, where) if duration else None,
        agenda_item=next((item for lo, hi, item in spans if lo <= offset < hi), None),
        note=capture.get("note", ""),
        author=capture.get("author", ""),
        key_moment=bool(capture.get("key_moment", False)),
        quote=bool(capture.get("quote", False)),
    )
    has_state = False
    for code_id in capture.get("codes", []):
        code = _lookup(codes, code_id, where)
        has_state = has_state or code.kind is CodeKind.STATE
        qualifier = capture.get("qualifier") if code.qualifier_choices else None
        if code.qualifier_choices and qualifier not in code.qualifier_choices:
            raise ContentError(f"{where}: {code.label} needs one of its qualifier choices.")
        observation.codes.append(ObservationCodeRow(code=code, qualifier=qualifier))
    if has_state != (observation.duration_seconds is not None):
        raise ContentError(f"{where}: a duration goes with a state code, and only then.")
    for ref in capture.get("subjects", []):
        if ref == "group":
            subject = ObservationSubjectRow(kind=SubjectKind.GROUP)
        elif ref in participants:
            subject = ObservationSubjectRow(
                kind=SubjectKind.PARTICIPANT, participant=participants[ref]
            )
        else:
            subject = ObservationSubjectRow(
                kind=SubjectKind.ORGANISATION, organisation=_lookup(organisations, ref, where)
            )
        observation.subjects.append(subject)
    row.observations.append(observation)
    return observation


def _add_write_up(
    session: Session,
    row: SessionRow,
    *,
    spec: dict[str, Any],
    started_at: datetime,
    observations: list[ObservationRow],
) -> None:
    """Add the session's conflicts, actions, parking lot and narrative."""
    where = f"sample session {spec.get('ref')}"

    def moment(clock: str) -> datetime:
        return started_at + timedelta(seconds=parse_clock_offset(clock, where))

    def capture(number: int) -> ObservationRow:
        if not 1 <= number <= len(observations):
            raise ContentError(f"{where}: there is no observation {number}.")
        return observations[number - 1]

    for spec_conflict in spec.get("conflicts", []):
        opened = capture(spec_conflict["opened"])
        conflict = ConflictRow(
            programme=row.programme,
            session=row,
            title=spec_conflict["title"],
            status=ConflictStatus(spec_conflict["status"]),
            opened_at=opened.occurred_at,
        )
        for event in spec_conflict.get("events", []):
            conflict.events.append(
                ConflictEventRow(
                    session=row,
                    status=ConflictStatus(event["status"]),
                    at=moment(event["at"]),
                    note=event.get("note", ""),
                )
            )
        for number in spec_conflict.get("captures", []):
            capture(number).conflict = conflict
        session.add(conflict)
    created = started_at
    for action in spec.get("actions", []):
        due = action.get("due_offset_days")
        session.add(
            ActionRow(
                session=row,
                text=action["text"],
                owner=action.get("owner", ""),
                due=row.date + timedelta(days=due) if due is not None and row.date else None,
                done=bool(action.get("done", False)),
                is_agreement=bool(action.get("agreement", False)),
                created_at=created,
            )
        )
    for parked in spec.get("parked", []):
        session.add(
            ParkingItemRow(
                session=row,
                text=parked["text"],
                addressed=bool(parked.get("addressed", False)),
                created_at=created,
            )
        )
    written = spec.get("narrative", {})
    if written:
        session.flush()
        for key, text in written.items():
            if key not in SECTION_KEYS:
                raise ContentError(f"{where}: there is no narrative section {key!r}.")
            session.add(NarrativeSectionRow(session_id=row.id, section=key, text=text))
