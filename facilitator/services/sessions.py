"""Sessions: plan, duplicate and remove them, tick who attends, and borrow another's agenda."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from facilitator.domain.changes import Changes
from facilitator.domain.enums import SessionStatus
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import AgendaItemFields, SessionFields
from facilitator.domain.snapshots import SessionDetail
from facilitator.services.agenda import apply_item_fields, apply_session_fields, item_fields
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AgendaItemRow,
    AttendanceRow,
    ModuleRow,
    ParticipantRow,
    ProgrammeRow,
    SessionRow,
)

SESSIONS = Changes(programmes=True, sessions=True)


def session_fields(detail: SessionDetail) -> SessionFields:
    """Return the editable fields of a session."""
    return SessionFields(
        title=detail.title,
        kind=detail.kind,
        module_id=detail.module_id,
        date=detail.date,
        start_time=detail.start_time,
        end_time=detail.end_time,
        venue=detail.venue,
    )


def create_session(
    db: Database,
    programme_id: int,
    fields: SessionFields,
    *,
    attendee_ids: Collection[int] | None = None,
) -> int:
    """Plan a session and return its id; by default the whole cohort is ticked as attending."""
    fields = fields.checked()
    with db.transaction() as session:
        programme = fetch(session, ProgrammeRow, programme_id, what="That programme")
        _check_module(session, programme_id, fields.module_id)
        # Read the cohort before making the row: loading it autoflushes, and a row already
        # attached to the programme but not yet added to the session draws a warning.
        cohort = [person.id for person in programme.participants]
        row = SessionRow(programme=programme, status=SessionStatus.PLANNED)
        apply_session_fields(row, fields)
        wanted = cohort if attendee_ids is None else _in_cohort(cohort, attendee_ids)
        row.attendances = [AttendanceRow(participant_id=person) for person in wanted]
        session.add(row)
        session.flush()
        return row.id


def update_session(db: Database, session_id: int, fields: SessionFields) -> Changes:
    """Save a session's details."""
    fields = fields.checked()
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        _check_module(session, row.programme_id, fields.module_id)
        apply_session_fields(row, fields)
    return SESSIONS


def _check_module(session: Session, programme_id: int, module_id: int | None) -> None:
    if module_id is None:
        return
    module = fetch(session, ModuleRow, module_id, what="That module")
    if module.programme_id != programme_id:
        raise InvalidInputError("That module belongs to another programme.", field="module")


def _in_cohort(cohort: Collection[int], wanted: Collection[int]) -> list[int]:
    strangers = set(wanted) - set(cohort)
    if strangers:
        raise InvalidInputError("Only members of the programme's cohort can attend a session.")
    return sorted(set(wanted))


def set_attendees(db: Database, session_id: int, participant_ids: Collection[int]) -> Changes:
    """Tick exactly these participants as attending."""
    with db.transaction() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        cohort = session.scalars(
            select(ParticipantRow.id).where(ParticipantRow.programme_id == row.programme_id)
        ).all()
        wanted = set(_in_cohort(cohort, participant_ids))
        row.attendances = [a for a in row.attendances if a.participant_id in wanted]
        present = {a.participant_id for a in row.attendances}
        row.attendances.extend(
            AttendanceRow(participant_id=person) for person in sorted(wanted - present)
        )
    return SESSIONS


def duplicate_session(db: Database, session_id: int) -> int:
    """Copy a session's details, agenda and attendees into a new planned session."""
    with db.transaction() as session:
        source = fetch(session, SessionRow, session_id, what="That session")
        copy = SessionRow(
            programme_id=source.programme_id,
            module_id=source.module_id,
            title=_copy_title(source.title),
            date=source.date,
            start_time=source.start_time,
            end_time=source.end_time,
            venue=source.venue,
            timezone=source.timezone,
            kind=source.kind,
            status=SessionStatus.PLANNED,
        )
        copy.attendances = [
            AttendanceRow(participant_id=a.participant_id) for a in source.attendances
        ]
        for item in source.agenda_items:
            row = AgendaItemRow(position=item.position, title="")
            apply_item_fields(row, item_fields(item))
            copy.agenda_items.append(row)
        session.add(copy)
        session.flush()
        return copy.id


def _copy_title(title: str) -> str:
    suffix = " (copy)"
    return title[: 200 - len(suffix)] + suffix


def delete_session(db: Database, session_id: int) -> Changes:
    """Delete a session with its agenda and observations."""
    with db.transaction() as session:
        session.delete(fetch(session, SessionRow, session_id, what="That session"))
    return SESSIONS | Changes(observations=True)


@dataclass(frozen=True, slots=True)
class AgendaSource:
    """A session whose agenda can be copied, as the chooser lists it."""

    session_id: int
    programme_title: str
    session_title: str
    date: date | None
    item_count: int
    total_minutes: int


def agenda_sources(db: Database, *, excluding: int | None = None) -> list[AgendaSource]:
    """Return every session with an agenda, newest first."""
    with db.reading() as session:
        counts = (
            select(
                AgendaItemRow.session_id,
                func.count().label("item_count"),
                func.sum(AgendaItemRow.planned_minutes).label("minutes"),
            )
            .group_by(AgendaItemRow.session_id)
            .subquery()
        )
        rows = session.execute(
            select(SessionRow, counts.c.item_count, counts.c.minutes)
            .join(counts, counts.c.session_id == SessionRow.id)
            .options(selectinload(SessionRow.programme))
            .order_by(SessionRow.date.desc().nulls_last(), SessionRow.id.desc())
        ).all()
        return [
            AgendaSource(
                session_id=row.id,
                programme_title=row.programme.title,
                session_title=row.title,
                date=row.date,
                item_count=items,
                total_minutes=minutes or 0,
            )
            for row, items, minutes in rows
            if row.id != excluding
        ]


def agenda_of(db: Database, session_id: int) -> list[AgendaItemFields]:
    """Return a session's agenda items as fields, to copy into another session."""
    with db.reading() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        return [item_fields(item) for item in row.agenda_items]
