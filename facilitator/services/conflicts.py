"""Conflicts with a life: surfaced, worked through, resolved or parked, across sessions.

A conflict belongs to a programme and is first seen in one session; every change of status
is kept as an event in the session where it happened, so reports can tell the whole story.
A capture of "Conflict surfaced" opens one (see `capture.record`); the facilitator can also
open one by hand, and link later captures to it.
"""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, ConflictStatus
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import LONG_TEXT, SHORT_TEXT, clean_text
from facilitator.domain.snapshots import Conflict, ConflictEvent
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ConflictEventRow,
    ConflictRow,
    ObservationRow,
    ProgrammeRow,
    SessionRow,
)

# Conflicts are part of what a session captured: screens showing captures refresh for them.
CONFLICTS_CHANGED = Changes(observations=True)

# Not yet resolved: still to be worked on, in this session or a later one. A parked
# conflict is unresolved too: parking it says "we will come back to this".
UNRESOLVED = frozenset({ConflictStatus.OPEN, ConflictStatus.WORKED_THROUGH, ConflictStatus.PARKED})


def programme_conflicts(
    db: Database, programme_id: int, *, open_only: bool = False
) -> list[Conflict]:
    """Return a programme's conflicts, oldest first, each with its history and the number of
    captures linked to it.

    With `open_only`, return only the unresolved ones (open, worked through or parked).
    """
    with db.reading() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        query = (
            select(ConflictRow)
            .where(ConflictRow.programme_id == programme_id)
            .options(selectinload(ConflictRow.session))
            .order_by(ConflictRow.opened_at, ConflictRow.id)
        )
        if open_only:
            query = query.where(ConflictRow.status.in_(UNRESOLVED))
        rows = session.scalars(query).all()
        return _snapshots(session, rows)


def conflict(db: Database, conflict_id: int) -> Conflict:
    """Return one conflict with its history."""
    with db.reading() as session:
        row = fetch(session, ConflictRow, conflict_id, what="That conflict")
        return _snapshots(session, [row])[0]


def _snapshots(session: Session, rows: list[ConflictRow]) -> list[Conflict]:
    ids = [row.id for row in rows]
    if not ids:
        return []
    counts = dict(
        session.execute(
            select(ObservationRow.conflict_id, func.count(ObservationRow.id))
            .where(ObservationRow.conflict_id.in_(ids))
            .group_by(ObservationRow.conflict_id)
        ).all()
    )
    # Events in the order they were recorded: a laptop clock put right between two sessions
    # must not rewrite the order of a conflict's life.
    events: dict[int, list[ConflictEvent]] = {conflict_id: [] for conflict_id in ids}
    for event in session.scalars(
        select(ConflictEventRow)
        .where(ConflictEventRow.conflict_id.in_(ids))
        .options(selectinload(ConflictEventRow.session))
        .order_by(ConflictEventRow.id)
    ):
        events[event.conflict_id].append(
            ConflictEvent(
                status=event.status,
                at=event.at,
                session_id=event.session_id,
                session_title=event.session.title if event.session else "",
                note=event.note,
            )
        )
    return [
        Conflict(
            id=row.id,
            uuid=row.uuid,
            programme_id=row.programme_id,
            session_id=row.session_id,
            session_title=row.session.title if row.session else "",
            title=row.title,
            status=row.status,
            opened_at=row.opened_at,
            events=tuple(events[row.id]),
            observation_count=counts.get(row.id, 0),
        )
        for row in rows
    ]


def _title(title: str) -> str:
    return clean_text(
        title, field="title", label="The conflict's name", limit=SHORT_TEXT, required=True
    )


def open_conflict(db: Database, session_id: int, title: str, *, moment: datetime) -> int:
    """Open a conflict by hand in a session (one no capture surfaced); return its id."""
    cleaned = _title(title)
    with db.transaction() as session:
        owner = fetch(session, SessionRow, session_id, what="That session")
        row = ConflictRow(
            programme_id=owner.programme_id,
            session_id=owner.id,
            title=cleaned,
            status=ConflictStatus.OPEN,
            opened_at=moment,
        )
        row.events.append(
            ConflictEventRow(session_id=owner.id, status=ConflictStatus.OPEN, at=moment)
        )
        session.add(row)
        session.flush()
        return row.id


def rename_conflict(db: Database, conflict_id: int, title: str) -> Changes:
    """Give a conflict a clearer name."""
    cleaned = _title(title)
    with db.transaction() as session:
        row = fetch(session, ConflictRow, conflict_id, what="That conflict")
        if row.title == cleaned:
            return Changes()
        row.title = cleaned
        row.in_room = False  # the room view showed the words approved, not these
    return CONFLICTS_CHANGED


def set_conflict_status(
    db: Database,
    conflict_id: int,
    status: ConflictStatus,
    *,
    session_id: int,
    moment: datetime,
    note: str = "",
) -> Changes:
    """Move a conflict on (worked through, resolved, parked, or open again), in a session of
    its programme, keeping the step in its history."""
    cleaned = clean_text(note, field="note", label="The note", limit=LONG_TEXT)
    with db.transaction() as session:
        row = fetch(session, ConflictRow, conflict_id, what="That conflict")
        owner = fetch(session, SessionRow, session_id, what="That session")
        if owner.programme_id != row.programme_id:
            raise InvalidInputError("That conflict belongs to another programme.")
        if row.status is status:
            raise InvalidInputError(
                f"“{row.title}” is already marked {status.label.lower()}.", field="status"
            )
        row.status = status
        row.events.append(
            ConflictEventRow(session_id=owner.id, status=status, at=moment, note=cleaned)
        )
    return CONFLICTS_CHANGED


def link_capture(db: Database, observation_id: int, conflict_id: int | None) -> Changes:
    """Link a capture to a conflict of its programme, or unlink it (`conflict_id` None)."""
    with db.transaction() as session:
        row = fetch(session, ObservationRow, observation_id, what="That capture")
        if conflict_id is None:
            if row.conflict_id is None:
                return Changes()
            row.conflict_id = None
            return CONFLICTS_CHANGED
        target = fetch(session, ConflictRow, conflict_id, what="That conflict")
        if row.kind is CaptureKind.CONTRIBUTION:
            raise InvalidInputError("A tally mark cannot be linked to a conflict.")
        programme_id = session.scalar(
            select(SessionRow.programme_id).where(SessionRow.id == row.session_id)
        )
        if programme_id != target.programme_id:
            raise InvalidInputError("That capture belongs to another programme.")
        if row.conflict_id == target.id:
            raise InvalidInputError(f"That capture is already linked to “{target.title}”.")
        row.conflict_id = target.id
    return CONFLICTS_CHANGED
