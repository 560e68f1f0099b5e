"""What the room view may show, and the pattern cues that fired for the facilitator.

The group's principles for working together belong to the programme (agreed once, shown in
every session). Parked items and conflicts appear in the room only once the facilitator has
approved them; the approval is kept with each item, so it survives a restart. Each cue that
fires is written in its own transaction as it fires, worded as the facilitator saw it.
"""

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select

from facilitator.domain.changes import Changes
from facilitator.domain.cues import Cue
from facilitator.domain.fields import clean_principles
from facilitator.domain.room import ApprovedItems
from facilitator.domain.snapshots import RecordedCue
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ConflictRow,
    CueEventRow,
    ParkingItemRow,
    ProgrammeRow,
    SessionRow,
)

ROOM_CHANGED = Changes(programmes=True, observations=True)


def working_principles(db: Database, programme_id: int) -> tuple[str, ...]:
    """Return a programme's principles for working together, in order."""
    with db.reading() as session:
        row = fetch(session, ProgrammeRow, programme_id, what="That programme")
        return tuple(line for line in row.working_principles.splitlines() if line.strip())


def set_working_principles(db: Database, programme_id: int, principles: Sequence[str]) -> Changes:
    """Keep the programme's principles for working together (the order given)."""
    text = "\n".join(clean_principles(principles))
    with db.transaction() as session:
        row = fetch(session, ProgrammeRow, programme_id, what="That programme")
        if row.working_principles == text:
            return Changes()
        row.working_principles = text
    return ROOM_CHANGED


def approved_items(db: Database, session_id: int) -> ApprovedItems:
    """Return the session's parked items and its programme's conflicts approved for the room."""
    with db.reading() as session:
        meeting = fetch(session, SessionRow, session_id, what="That session")
        parked = session.scalars(
            select(ParkingItemRow.id).where(
                ParkingItemRow.session_id == session_id, ParkingItemRow.in_room
            )
        ).all()
        conflicts = session.scalars(
            select(ConflictRow.id).where(
                ConflictRow.programme_id == meeting.programme_id, ConflictRow.in_room
            )
        ).all()
        return ApprovedItems(parked=frozenset(parked), conflicts=frozenset(conflicts))


def set_approved_items(db: Database, session_id: int, approved: ApprovedItems) -> Changes:
    """Approve exactly `approved` for the room: this session's parked items and its
    programme's conflicts; any other item of theirs is withdrawn."""
    with db.transaction() as session:
        meeting = fetch(session, SessionRow, session_id, what="That session")
        parked = session.scalars(
            select(ParkingItemRow).where(ParkingItemRow.session_id == session_id)
        ).all()
        conflicts = session.scalars(
            select(ConflictRow).where(ConflictRow.programme_id == meeting.programme_id)
        ).all()
        changed = _approve(parked, approved.parked) | _approve(conflicts, approved.conflicts)
    return ROOM_CHANGED if changed else Changes()


def _approve(rows: Sequence[ParkingItemRow] | Sequence[ConflictRow], ids: Collection[int]) -> bool:
    changed = False
    for row in rows:
        wanted = row.id in ids
        if row.in_room != wanted:
            row.in_room = wanted
            changed = True
    return changed


# Pattern cues -------------------------------------------------------------------------------


def record_cue(
    db: Database, session_id: int, cue: Cue, *, offset: float, moment: datetime
) -> int | None:
    """Write a cue that has just fired, at `offset` seconds into the session and at `moment`,
    in its own transaction; return its id.

    A cue already written for the same stretch of its pattern (fired at or after the moment
    this one has held since: the live window reopened, or cues switched off and on) is not
    written again, and None is returned.
    """
    with db.transaction() as session:
        fetch(session, SessionRow, session_id, what="That session")
        already = session.scalar(
            select(CueEventRow.id).where(
                CueEventRow.session_id == session_id,
                CueEventRow.rule_id == cue.rule_id,
                CueEventRow.offset_seconds >= cue.since,
            )
        )
        if already is not None:
            return None
        row = CueEventRow(
            session_id=session_id,
            rule_id=cue.rule_id,
            title=cue.title,
            wording=cue.text,
            move=cue.move,
            offset_seconds=offset,
            fired_at=moment,
            evidence=list(cue.evidence),
        )
        session.add(row)
        session.flush()
        return row.id


def recorded_cues(db: Database, session_id: int) -> tuple[RecordedCue, ...]:
    """Return the cues that fired in a session, in the order they fired."""
    with db.reading() as session:
        rows = session.scalars(
            select(CueEventRow)
            .where(CueEventRow.session_id == session_id)
            .order_by(CueEventRow.fired_at, CueEventRow.id)
        ).all()
        return tuple(
            RecordedCue(
                id=row.id,
                session_id=row.session_id,
                rule_id=row.rule_id,
                title=row.title,
                wording=row.wording,
                move=row.move,
                offset_seconds=row.offset_seconds,
                fired_at=row.fired_at,
                evidence=tuple(int(n) for n in row.evidence),
            )
            for row in rows
        )
