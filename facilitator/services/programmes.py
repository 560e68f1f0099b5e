"""Read programmes, modules and sessions; remove the sample programme."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from facilitator.domain.changes import Changes
from facilitator.domain.errors import NotFoundError
from facilitator.domain.fields import ProgrammeFields
from facilitator.domain.snapshots import (
    ModuleDetail,
    ProgrammeDetail,
    ProgrammeSummary,
    SessionDetail,
)
from facilitator.services import snapshots
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AttendanceRow,
    ModuleRow,
    ParticipantRow,
    ProgrammeRow,
    SessionRow,
)


def list_programmes(db: Database) -> list[ProgrammeSummary]:
    """Return every programme with its modules and sessions, newest programme first."""
    with db.reading() as session:
        rows = session.scalars(
            select(ProgrammeRow)
            .options(
                selectinload(ProgrammeRow.modules).selectinload(ModuleRow.sessions),
                selectinload(ProgrammeRow.sessions),
            )
            .order_by(ProgrammeRow.start_date.desc().nulls_last(), ProgrammeRow.id)
        ).all()
        return [
            ProgrammeSummary(
                id=row.id,
                uuid=row.uuid,
                title=row.title,
                client_system=row.client_system,
                start_date=row.start_date,
                end_date=row.end_date,
                is_sample=row.is_sample,
                modules=tuple(snapshots.module_summary(module) for module in row.modules),
                loose_sessions=snapshots.sorted_sessions(
                    [s for s in row.sessions if s.module_id is None]
                ),
            )
            for row in rows
        ]


def programme_detail(db: Database, programme_id: int) -> ProgrammeDetail:
    """Return one programme with its organisations, cohort and modules."""
    with db.reading() as session:
        row = session.get(
            ProgrammeRow,
            programme_id,
            options=[
                selectinload(ProgrammeRow.organisations),
                selectinload(ProgrammeRow.participants).selectinload(ParticipantRow.organisation),
                selectinload(ProgrammeRow.modules).selectinload(ModuleRow.sessions),
                selectinload(ProgrammeRow.sessions),
            ],
        )
        if row is None:
            raise NotFoundError("That programme no longer exists.")
        return ProgrammeDetail(
            id=row.id,
            uuid=row.uuid,
            title=row.title,
            client_system=row.client_system,
            start_date=row.start_date,
            end_date=row.end_date,
            notes=row.notes,
            is_sample=row.is_sample,
            facilitators=row.facilitators,
            cohort_cap=row.cohort_cap,
            working_principles=tuple(
                line for line in row.working_principles.splitlines() if line.strip()
            ),
            organisations=tuple(
                snapshots.organisation(org)
                for org in sorted(row.organisations, key=lambda org: org.name.casefold())
            ),
            participants=tuple(
                snapshots.participant(person)
                for person in sorted(row.participants, key=lambda p: p.name.casefold())
            ),
            modules=tuple(snapshots.module_summary(module) for module in row.modules),
            loose_sessions=snapshots.sorted_sessions(
                [s for s in row.sessions if s.module_id is None]
            ),
        )


def module_detail(db: Database, module_id: int) -> ModuleDetail:
    """Return one module with its themes and sessions."""
    with db.reading() as session:
        row = session.get(
            ModuleRow,
            module_id,
            options=[selectinload(ModuleRow.sessions), selectinload(ModuleRow.programme)],
        )
        if row is None:
            raise NotFoundError("That module no longer exists.")
        return ModuleDetail(
            id=row.id,
            uuid=row.uuid,
            programme_id=row.programme_id,
            programme_title=row.programme.title,
            position=row.position,
            title=row.title,
            days=row.days,
            themes=tuple(row.themes or ()),
            sessions=snapshots.sorted_sessions(row.sessions),
        )


def session_detail(db: Database, session_id: int) -> SessionDetail:
    """Return one session with its attendees, agenda and observations in time order."""
    with db.reading() as session:
        row = session.get(
            SessionRow,
            session_id,
            options=[
                selectinload(SessionRow.programme).options(
                    selectinload(ProgrammeRow.participants).selectinload(
                        ParticipantRow.organisation
                    ),
                    selectinload(ProgrammeRow.organisations),
                ),
                selectinload(SessionRow.module),
                selectinload(SessionRow.attendances)
                .selectinload(AttendanceRow.participant)
                .selectinload(ParticipantRow.organisation),
                selectinload(SessionRow.agenda_items),
            ],
        )
        if row is None:
            raise NotFoundError("That session no longer exists.")
        attendees = sorted(
            (attendance.participant for attendance in row.attendances),
            key=lambda person: person.name.casefold(),
        )
        return SessionDetail(
            id=row.id,
            uuid=row.uuid,
            programme_id=row.programme_id,
            programme_title=row.programme.title,
            module_id=row.module_id,
            module_title=row.module.title if row.module else "",
            title=row.title,
            date=row.date,
            start_time=row.start_time,
            end_time=row.end_time,
            timezone=row.timezone,
            venue=row.venue,
            kind=row.kind,
            status=row.status,
            attendees=tuple(snapshots.participant(person) for person in attendees),
            agenda=tuple(snapshots.agenda_item(item) for item in row.agenda_items),
            observations=snapshots.session_observations(session, row.id),
            cohort=tuple(
                snapshots.participant(person)
                for person in sorted(row.programme.participants, key=lambda p: p.name.casefold())
            ),
            organisations=tuple(
                snapshots.organisation(org)
                for org in sorted(row.programme.organisations, key=lambda o: o.name.casefold())
            ),
            live_started_at=row.live_started_at,
            paused_at=row.paused_at,
            paused_seconds=row.paused_seconds,
            finished_at=row.finished_at,
        )


def sample_programme_ids(db: Database) -> list[int]:
    """Return the ids of sample programmes still in the file."""
    with db.reading() as session:
        return list(session.scalars(select(ProgrammeRow.id).where(ProgrammeRow.is_sample)))


def remove_sample_programmes(db: Database) -> Changes:
    """Delete the sample programme and everything in it, in one transaction."""
    with db.transaction() as session:
        rows = session.scalars(select(ProgrammeRow).where(ProgrammeRow.is_sample)).all()
        for row in rows:
            session.delete(row)
    if not rows:
        return Changes()
    return Changes(programmes=True, sessions=True, observations=True)


def create_programme(
    db: Database, fields: ProgrammeFields, *, template_key: str | None = None
) -> tuple[int, Changes]:
    """Add a programme, with a template's modules if one is chosen, and return its id."""
    from facilitator.services.templates import append_template_modules

    fields = fields.checked()
    with db.transaction() as session:
        row = ProgrammeRow()
        _apply_programme_fields(row, fields)
        session.add(row)
        if template_key is not None:
            append_template_modules(session, row, template_key)
        session.flush()
        return row.id, Changes(programmes=True)


def update_programme(db: Database, programme_id: int, fields: ProgrammeFields) -> Changes:
    """Save the programme's details."""
    fields = fields.checked()
    with db.transaction() as session:
        row = fetch(session, ProgrammeRow, programme_id, what="That programme")
        _apply_programme_fields(row, fields)
    return Changes(programmes=True)


def programme_fields(detail: ProgrammeDetail) -> ProgrammeFields:
    """Return the editable fields of a programme as its form shows them."""
    return ProgrammeFields(
        title=detail.title,
        client_system=detail.client_system,
        start_date=detail.start_date,
        end_date=detail.end_date,
        facilitators=detail.facilitators,
        notes=detail.notes,
        cohort_cap=detail.cohort_cap,
        working_principles="\n".join(detail.working_principles),
    )


def _apply_programme_fields(row: ProgrammeRow, fields: ProgrammeFields) -> None:
    row.title = fields.title
    row.client_system = fields.client_system
    row.start_date = fields.start_date
    row.end_date = fields.end_date
    row.facilitators = fields.facilitators
    row.notes = fields.notes
    row.cohort_cap = fields.cohort_cap
    row.working_principles = fields.working_principles


def delete_programme(db: Database, programme_id: int) -> Changes:
    """Delete a programme with everything in it."""
    with db.transaction() as session:
        session.delete(fetch(session, ProgrammeRow, programme_id, what="That programme"))
    return Changes(programmes=True, sessions=True, observations=True)
