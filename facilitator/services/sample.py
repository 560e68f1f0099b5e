"""Build the fictional sample programme from `resources/sample/sample_programme.json`."""

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.content import CONTENT_FORMAT, parse_clock_offset
from facilitator.domain.enums import CodeKind, Sector, SessionKind, SessionStatus, SubjectKind
from facilitator.domain.errors import ContentError
from facilitator.domain.timezones import DEFAULT_TIMEZONE, zone
from facilitator.resources import resource_path
from facilitator.services.builtin import builtin_templates, read_json
from facilitator.storage.tables import (
    AgendaItemRow,
    AttendanceRow,
    CodeRow,
    CodingSchemeRow,
    ModuleRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParticipantRow,
    ProgrammeRow,
    SessionRow,
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
    return programme


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

    for number, capture in enumerate(spec.get("observations", []), start=1):
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
) -> None:
    offset = parse_clock_offset(capture["at"], where)
    duration = capture.get("duration")
    observation = ObservationRow(
        occurred_at=started_at + timedelta(seconds=offset),
        offset_seconds=offset,
        duration_seconds=parse_clock_offset(duration, where) if duration else None,
        agenda_item=next((item for lo, hi, item in spans if lo <= offset < hi), None),
        note=capture.get("note", ""),
        author=capture.get("author", ""),
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
