"""What else a session captures live: actions and agreements, the parking lot, and the
contribution tally (who spoke, for the participation picture)."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, SubjectKind
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import SHORT_TEXT, clean_text
from facilitator.domain.snapshots import Action, ParkingItem, Subject
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ActionRow,
    AttendanceRow,
    ObservationRow,
    ObservationSubjectRow,
    ParkingItemRow,
    ParticipantRow,
    SessionRow,
)

# Part of what the session captured: screens showing captures refresh for these too.
CAPTURED = Changes(observations=True)
ITEM_TEXT = 1_000  # an action or parked item is a line or two, not an essay


# Actions and agreements -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuickEntry:
    """An action typed on one line, as "Agreement: Owner: what will be done"."""

    text: str
    owner: str = ""
    is_agreement: bool | None = None  # None when the line did not say


_KIND = re.compile(r"^\s*(action|agreement|agreed)\s*:\s*", re.IGNORECASE)
# "Owner: text": a short name before a colon and a space (so "at 10:30" is not an owner).
_OWNER = re.compile(r"^([^:]{1,60}?)\s*:\s+(\S.*)$", re.DOTALL)
_MAX_OWNER_WORDS = 6


def read_quick_entry(line: str) -> QuickEntry:
    """Split a line typed in the room into its kind, owner and text."""
    text = line.strip()
    is_agreement = None
    kind = _KIND.match(text)
    if kind:
        is_agreement = kind.group(1).casefold() != "action"
        text = text[kind.end() :]
    owner = _OWNER.match(text)
    if owner and len(owner.group(1).split()) <= _MAX_OWNER_WORDS:
        return QuickEntry(owner.group(2).strip(), owner.group(1).strip(), is_agreement)
    return QuickEntry(text, "", is_agreement)


def _action_text(text: str) -> str:
    return clean_text(text, field="text", label="The action", limit=ITEM_TEXT, required=True)


def _owner(owner: str) -> str:
    return clean_text(owner, field="owner", label="The owner", limit=SHORT_TEXT)


def add_action(
    db: Database,
    session_id: int,
    text: str,
    *,
    owner: str = "",
    due: date | None = None,
    is_agreement: bool = False,
    moment: datetime,
) -> int:
    """Record an action (or an agreement) made in a session; return its id."""
    cleaned, who = _action_text(text), _owner(owner)
    with db.transaction() as session:
        fetch(session, SessionRow, session_id, what="That session")
        row = ActionRow(
            session_id=session_id,
            text=cleaned,
            owner=who,
            due=due,
            is_agreement=is_agreement,
            created_at=moment,
        )
        session.add(row)
        session.flush()
        return row.id


def update_action(
    db: Database,
    action_id: int,
    *,
    text: str,
    owner: str,
    due: date | None,
    is_agreement: bool,
) -> Changes:
    """Change what an action says, who owns it, when it is due and whether it is agreed."""
    cleaned, who = _action_text(text), _owner(owner)
    with db.transaction() as session:
        row = fetch(session, ActionRow, action_id, what="That action")
        row.text, row.owner, row.due, row.is_agreement = cleaned, who, due, is_agreement
    return CAPTURED


def set_action_done(db: Database, action_id: int, done: bool) -> Changes:
    """Tick an action done, or untick it."""
    with db.transaction() as session:
        row = fetch(session, ActionRow, action_id, what="That action")
        if row.done == done:
            return Changes()
        row.done = done
    return CAPTURED


def delete_action(db: Database, action_id: int) -> Changes:
    """Delete an action or agreement."""
    with db.transaction() as session:
        session.delete(fetch(session, ActionRow, action_id, what="That action"))
    return CAPTURED


def session_actions(db: Database, session_id: int) -> list[Action]:
    """Return a session's actions and agreements in the order they were made."""
    with db.reading() as session:
        fetch(session, SessionRow, session_id, what="That session")
        rows = session.scalars(
            select(ActionRow)
            .where(ActionRow.session_id == session_id)
            .order_by(ActionRow.created_at, ActionRow.id)
        ).all()
        return [
            Action(
                id=row.id,
                uuid=row.uuid,
                session_id=row.session_id,
                text=row.text,
                owner=row.owner,
                due=row.due,
                done=row.done,
                is_agreement=row.is_agreement,
                created_at=row.created_at,
            )
            for row in rows
        ]


# The parking lot --------------------------------------------------------------------------


def _parked_text(text: str) -> str:
    return clean_text(text, field="text", label="The parked item", limit=ITEM_TEXT, required=True)


def park(db: Database, session_id: int, text: str, *, moment: datetime) -> int:
    """Put something in the session's parking lot; return its id."""
    cleaned = _parked_text(text)
    with db.transaction() as session:
        fetch(session, SessionRow, session_id, what="That session")
        row = ParkingItemRow(session_id=session_id, text=cleaned, created_at=moment)
        session.add(row)
        session.flush()
        return row.id


def reword_parking_item(db: Database, item_id: int, text: str) -> Changes:
    """Change what a parked item says."""
    cleaned = _parked_text(text)
    with db.transaction() as session:
        row = fetch(session, ParkingItemRow, item_id, what="That parked item")
        if row.text != cleaned:
            row.text = cleaned
            row.in_room = False  # the room view showed the words approved, not these
    return CAPTURED


def set_addressed(db: Database, item_id: int, addressed: bool) -> Changes:
    """Tick a parked item as addressed, or untick it."""
    with db.transaction() as session:
        row = fetch(session, ParkingItemRow, item_id, what="That parked item")
        if row.addressed == addressed:
            return Changes()
        row.addressed = addressed
    return CAPTURED


def delete_parking_item(db: Database, item_id: int) -> Changes:
    """Take an item out of the parking lot."""
    with db.transaction() as session:
        session.delete(fetch(session, ParkingItemRow, item_id, what="That parked item"))
    return CAPTURED


def parking_lot(db: Database, session_id: int) -> list[ParkingItem]:
    """Return a session's parked items in the order they were parked."""
    with db.reading() as session:
        fetch(session, SessionRow, session_id, what="That session")
        rows = session.scalars(
            select(ParkingItemRow)
            .where(ParkingItemRow.session_id == session_id)
            .order_by(ParkingItemRow.created_at, ParkingItemRow.id)
        ).all()
        return [
            ParkingItem(
                id=row.id,
                uuid=row.uuid,
                session_id=row.session_id,
                text=row.text,
                addressed=row.addressed,
                created_at=row.created_at,
            )
            for row in rows
        ]


# The contribution tally -------------------------------------------------------------------


def contribution_counts(
    db: Database, session_id: int, *, by: SubjectKind = SubjectKind.PARTICIPANT
) -> list[tuple[Subject, int]]:
    """Return how often each person (or each organisation) contributed in a session, most
    first, from its tally marks.

    Every attendee is listed, at 0 if not yet heard. By organisation, a mark for a person
    counts for their organisation, and so does a mark made for the organisation itself.
    """
    if by is SubjectKind.GROUP:
        raise InvalidInputError("The tally counts people or organisations, not the group.")
    with db.reading() as session:
        fetch(session, SessionRow, session_id, what="That session")
        attendees = session.scalars(
            select(ParticipantRow)
            .join(AttendanceRow, AttendanceRow.participant_id == ParticipantRow.id)
            .where(AttendanceRow.session_id == session_id)
            .options(selectinload(ParticipantRow.organisation))
        ).all()
        marks = session.scalars(
            select(ObservationSubjectRow)
            .join(ObservationRow, ObservationRow.id == ObservationSubjectRow.observation_id)
            .where(
                ObservationRow.session_id == session_id,
                ObservationRow.kind == CaptureKind.CONTRIBUTION,
            )
            .options(
                selectinload(ObservationSubjectRow.participant).selectinload(
                    ParticipantRow.organisation
                ),
                selectinload(ObservationSubjectRow.organisation),
            )
        ).all()
        names: dict[int, str] = {}
        seen: set[tuple[int, int]] = set()  # (capture, person or organisation): counted once
        counts: Counter[int] = Counter()
        if by is SubjectKind.PARTICIPANT:
            names.update((person.id, person.name) for person in attendees)
            for mark in marks:
                if mark.participant is not None:
                    names[mark.participant.id] = mark.participant.name
                    _count(counts, seen, mark.observation_id, mark.participant.id)
        else:
            names.update(
                (person.organisation.id, person.organisation.name)
                for person in attendees
                if person.organisation is not None
            )
            for mark in marks:
                organisation = mark.organisation or (
                    mark.participant.organisation if mark.participant else None
                )
                if organisation is not None:
                    names[organisation.id] = organisation.name
                    _count(counts, seen, mark.observation_id, organisation.id)
        rows = [(Subject(by, ref_id, name), counts[ref_id]) for ref_id, name in names.items()]
        return sorted(rows, key=lambda row: (-row[1], row[0].name.casefold()))


def _count(counts: Counter[int], seen: set[tuple[int, int]], capture_id: int, ref_id: int) -> None:
    if (capture_id, ref_id) not in seen:
        seen.add((capture_id, ref_id))
        counts[ref_id] += 1


def take_back_contribution(db: Database, capture_uuid: str) -> Changes:
    """Delete one tally mark made by mistake (only a tally mark: other captures stay).

    The mark is named by its UUID, not its id: SQLite may give a deleted row's id to the
    next capture, and taking back twice must never delete that one.
    """
    with db.transaction() as session:
        row = session.scalar(select(ObservationRow).where(ObservationRow.uuid == capture_uuid))
        if row is None:
            raise NotFoundError("That tally mark no longer exists. It may have been taken back.")
        if row.kind is not CaptureKind.CONTRIBUTION:
            raise InvalidInputError("Only a tally mark can be taken back here.")
        session.delete(row)
    return CAPTURED
