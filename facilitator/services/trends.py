"""Read the programme dashboard's trends across sessions and its conflicts' journeys."""

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from facilitator.domain.trends import (
    ConflictJourney,
    SessionTrend,
    conflict_journey,
    session_hours,
    session_trend,
)
from facilitator.services import snapshots
from facilitator.services.conflicts import programme_conflicts
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ActionRow,
    AttendanceRow,
    ParticipantRow,
    ProgrammeRow,
    SessionRow,
)


def programme_trends(db: Database, programme_id: int) -> tuple[SessionTrend, ...]:
    """Return a trend row for every session of a programme, in date order (undated last)."""
    with db.reading() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        rows = session.scalars(
            select(SessionRow)
            .where(SessionRow.programme_id == programme_id)
            .options(selectinload(SessionRow.module), selectinload(SessionRow.agenda_items))
        ).all()
        ordered = sorted(
            rows,
            key=lambda row: (
                row.date is None,
                row.date,
                row.start_time is None,
                row.start_time,
                row.id,
            ),
        )
        cohort = session.scalar(
            select(func.count(ParticipantRow.id)).where(ParticipantRow.programme_id == programme_id)
        )
        attendance = dict(
            session.execute(
                select(AttendanceRow.session_id, func.count(AttendanceRow.id))
                .join(SessionRow, SessionRow.id == AttendanceRow.session_id)
                .where(SessionRow.programme_id == programme_id)
                .group_by(AttendanceRow.session_id)
            ).all()
        )
        # Actions only: an agreement is reached, not completed.
        done_flags: defaultdict[int, list[bool]] = defaultdict(list)
        for session_id, done in session.execute(
            select(ActionRow.session_id, ActionRow.done)
            .join(SessionRow, SessionRow.id == ActionRow.session_id)
            .where(SessionRow.programme_id == programme_id, ActionRow.is_agreement.is_(False))
            .order_by(ActionRow.id)
        ):
            done_flags[session_id].append(bool(done))
        return tuple(_trend(session, row, attendance, cohort, done_flags) for row in ordered)


def _trend(
    session: Session,
    row: SessionRow,
    attendance: Mapping[int, int],
    cohort: int | None,
    done_flags: Mapping[int, Sequence[bool]],
) -> SessionTrend:
    observations = snapshots.session_observations(session, row.id)
    return session_trend(
        session_id=row.id,
        title=row.title,
        date=row.date,
        module_title=row.module.title if row.module else "",
        status=row.status,
        attendees=attendance.get(row.id, 0),
        cohort=cohort or 0,
        hours=session_hours(
            live_started_at=row.live_started_at,
            finished_at=row.finished_at,
            paused_seconds=row.paused_seconds or 0.0,
            agenda=[snapshots.agenda_item(item) for item in row.agenda_items],
            captured=bool(observations),
        ),
        observations=observations,
        actions_done=done_flags.get(row.id, ()),
    )


def conflict_journeys(db: Database, programme_id: int) -> tuple[ConflictJourney, ...]:
    """Return every conflict of a programme, oldest first, with its life across sessions."""
    conflicts = programme_conflicts(db, programme_id)
    with db.reading() as session:
        dates = dict(
            session.execute(
                select(SessionRow.id, SessionRow.date).where(
                    SessionRow.programme_id == programme_id
                )
            ).all()
        )
    return tuple(conflict_journey(conflict, dates) for conflict in conflicts)
