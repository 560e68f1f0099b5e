"""Rows as bundle records and back: the one place that knows which table holds each kind.

Records are read with plain table selects (no ORM objects), thousands at a time, so that a
programme of many thousand captures exports and imports in seconds.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.bundle_records import CODES, KINDS, REF, REFS, SUBJECTS, decode, encode
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
    SessionSchemeRow,
)

ROW_TYPES: dict[str, type] = {
    "programmes": ProgrammeRow,
    "organisations": OrganisationRow,
    "participants": ParticipantRow,
    "modules": ModuleRow,
    "coding_schemes": CodingSchemeRow,
    "codes": CodeRow,
    "sessions": SessionRow,
    "agenda_items": AgendaItemRow,
    "conflicts": ConflictRow,
    "conflict_events": ConflictEventRow,
    "captures": ObservationRow,
    "actions": ActionRow,
    "parking_items": ParkingItemRow,
    "narrative_sections": NarrativeSectionRow,
    "cue_events": CueEventRow,
}
CHUNK = 500  # values in one IN (...): well under SQLite's limit on parameters

Record = dict[str, Any]


def chunks[T](values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class Uuids:
    """This file's row ids and UUIDs, by kind, both ways; each kind read when first needed."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._by_id: dict[str, dict[int, str]] = {}
        self._by_uuid: dict[str, dict[str, int]] = {}

    def _load(self, kind: str) -> None:
        if kind in self._by_id:
            return
        table = ROW_TYPES[kind].__table__  # type: ignore[attr-defined]
        pairs = self._session.execute(select(table.c.id, table.c.uuid)).all()
        self._by_id[kind] = {row_id: uuid for row_id, uuid in pairs}
        self._by_uuid[kind] = {uuid: row_id for row_id, uuid in pairs}

    def uuid(self, kind: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        self._load(kind)
        return self._by_id[kind][row_id]

    def id(self, kind: str, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        self._load(kind)
        return self._by_uuid[kind].get(uuid)

    def known(self, kind: str) -> dict[str, int]:
        """Return every UUID of this kind in the file, with its row id."""
        self._load(kind)
        return self._by_uuid[kind]

    def add(self, kind: str, uuid: str, row_id: int) -> None:
        self._load(kind)
        self._by_id[kind][row_id] = uuid
        self._by_uuid[kind][uuid] = row_id


def read_records(
    session: Session, kind: str, uuids: Uuids, *, column: str, values: Iterable[Any]
) -> dict[str, Record]:
    """Return the records of `kind` whose `column` holds one of `values`, keyed by UUID."""
    table = ROW_TYPES[kind].__table__  # type: ignore[attr-defined]
    rows = []
    for chunk in chunks(sorted(set(values))):
        rows += session.execute(select(table).where(table.c[column].in_(chunk))).all()
    extras = _extras(session, kind, [row.id for row in rows], uuids)
    return {row.uuid: _record(kind, row, uuids, extras.get(row.id, {})) for row in rows}


def _record(kind: str, row: Any, uuids: Uuids, extra: dict[str, Any]) -> Record:
    record: Record = {}
    for field in KINDS[kind]:
        if field.type == REF:
            record[field.name] = uuids.uuid(field.target, getattr(row, field.column))
        elif field.type in (REFS, CODES, SUBJECTS):
            record[field.name] = extra.get(field.name, [])
        else:
            record[field.name] = encode(field, getattr(row, field.name))
    return record


def _extras(session: Session, kind: str, ids: list[int], uuids: Uuids) -> dict[int, dict]:
    """Return the lists a record carries inside it (attendees, codes, subjects), by row id."""
    extras: dict[int, dict[str, list[Any]]] = {}
    if kind == "sessions":
        for chunk in chunks(ids):
            people = select(AttendanceRow.session_id, AttendanceRow.participant_id).where(
                AttendanceRow.session_id.in_(chunk)
            )
            for session_id, person in session.execute(people):
                extra = extras.setdefault(session_id, {"attendees": [], "schemes": []})
                extra["attendees"].append(uuids.uuid("participants", person))
            schemes = (
                select(SessionSchemeRow.session_id, SessionSchemeRow.scheme_id)
                .where(SessionSchemeRow.session_id.in_(chunk))
                .order_by(SessionSchemeRow.position, SessionSchemeRow.id)
            )
            for session_id, scheme in session.execute(schemes):
                extra = extras.setdefault(session_id, {"attendees": [], "schemes": []})
                extra["schemes"].append(uuids.uuid("coding_schemes", scheme))
        for extra in extras.values():
            extra["attendees"].sort()  # a set of people: kept in one order to compare
    elif kind == "captures":
        for chunk in chunks(ids):
            applied = (
                select(
                    ObservationCodeRow.observation_id,
                    ObservationCodeRow.code_id,
                    ObservationCodeRow.qualifier,
                )
                .where(ObservationCodeRow.observation_id.in_(chunk))
                .order_by(ObservationCodeRow.id)
            )
            for capture, code, qualifier in session.execute(applied):
                extra = extras.setdefault(capture, {"codes": [], "subjects": []})
                extra["codes"].append({"code": uuids.uuid("codes", code), "qualifier": qualifier})
            subject = ObservationSubjectRow
            about = (
                select(
                    subject.observation_id,
                    subject.kind,
                    subject.role,
                    subject.participant_id,
                    subject.organisation_id,
                )
                .where(subject.observation_id.in_(chunk))
                .order_by(subject.id)
            )
            for capture, subject_kind, role, person, organisation in session.execute(about):
                extra = extras.setdefault(capture, {"codes": [], "subjects": []})
                ref = uuids.uuid("participants", person) or uuids.uuid(
                    "organisations", organisation
                )
                extra["subjects"].append(
                    {"kind": subject_kind.value, "ref": ref, "role": role.value}
                )
    return extras


def row_values(kind: str, record: Record, uuids: Uuids) -> dict[str, Any]:
    """Return a record's values as its row's columns (references as ids of this file)."""
    values: dict[str, Any] = {}
    for field in KINDS[kind]:
        if field.type == REF:
            values[field.column] = uuids.id(field.target, record[field.name])
        elif field.type not in (REFS, CODES, SUBJECTS):
            values[field.name] = decode(field, record[field.name])
    return values
