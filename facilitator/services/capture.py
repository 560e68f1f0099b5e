"""Captures made live: each one committed in its own transaction the moment it is made.

A capture carries a UUID chosen by the caller before it is written, so a capture retried
after a failure (a full disk, a locked file) is written once and only once.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, CodeKind, ConflictStatus, SubjectKind, SubjectRole
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import LONG_TEXT, clean_text
from facilitator.domain.snapshots import Observation
from facilitator.services import snapshots
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AgendaItemRow,
    CodeRow,
    CodingSchemeRow,
    ConflictEventRow,
    ConflictRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParticipantRow,
    SessionRow,
)

CAPTURED = Changes(observations=True)
CONFLICT_SURFACED = ("conflict-surfacing", "conflict-surfaced")  # (scheme slug, code slug)
UNTITLED_CONFLICT = "Conflict surfaced"


@dataclass(frozen=True, slots=True)
class SubjectRef:
    """Who a capture is about (or who acted on whom): a participant, an organisation, or
    the whole group (ref_id None)."""

    kind: SubjectKind
    ref_id: int | None = None
    role: SubjectRole = SubjectRole.ABOUT


@dataclass(frozen=True, slots=True)
class CaptureRequest:
    """Everything one capture needs, decided at the moment of the key press."""

    session_id: int
    uuid: str
    occurred_at: datetime
    offset_seconds: float
    kind: CaptureKind = CaptureKind.CODED
    code_ids: tuple[int, ...] = ()
    qualifier: str | None = None
    subjects: tuple[SubjectRef, ...] = ()
    note: str = ""
    author: str = ""
    agenda_item_id: int | None = None
    conflict_id: int | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """A capture safely on disk."""

    id: int
    uuid: str
    conflict_id: int | None = None
    stopped: tuple[int, ...] = field(default=())  # states this capture stopped


def record(db: Database, request: CaptureRequest) -> Receipt:
    """Write one capture in its own transaction and return its receipt.

    A point code is written as it is. A state code starts the state (stopping any other state
    of its exclusive group), or stops it if it is already running. "Conflict surfaced" opens a
    conflict. Writing a UUID already on disk changes nothing and returns that capture.
    """
    note = clean_text(request.note, field="note", label="The note", limit=LONG_TEXT)
    with db.transaction() as session:
        existing = session.scalar(select(ObservationRow).where(ObservationRow.uuid == request.uuid))
        if existing is not None:
            return Receipt(existing.id, existing.uuid, existing.conflict_id)
        owner = fetch(session, SessionRow, request.session_id, what="That session")
        codes = [fetch(session, CodeRow, code_id, what="That code") for code_id in request.code_ids]
        _check_subjects(session, request.subjects)
        if request.conflict_id is not None:
            fetch(session, ConflictRow, request.conflict_id, what="That conflict")
        # The item is the clock's guess, not the facilitator's choice: an item deleted since
        # costs the capture its link, never the capture.
        item_id = request.agenda_item_id
        if item_id is not None and session.get(AgendaItemRow, item_id) is None:
            item_id = None
        states = [code for code in codes if code.kind is CodeKind.STATE]
        if states:
            running = _running(session, owner.id, states[0].id)
            if running is not None:  # the same state key again: the state has ended
                running.duration_seconds = max(0.0, request.offset_seconds - running.offset_seconds)
                return Receipt(running.id, running.uuid, running.conflict_id, (running.id,))
        stopped = _stop_group(session, owner.id, states, request.offset_seconds)
        row = ObservationRow(
            uuid=request.uuid,
            session_id=owner.id,
            occurred_at=request.occurred_at,
            offset_seconds=request.offset_seconds,
            agenda_item_id=item_id,
            note=note,
            author=request.author,
            kind=request.kind,
            conflict_id=request.conflict_id,
        )
        for number, code in enumerate(codes):
            row.codes.append(
                ObservationCodeRow(
                    code=code,
                    qualifier=_qualifier(code, request.qualifier) if number == 0 else None,
                )
            )
        _set_subjects(row, request.subjects)
        session.add(row)
        session.flush()
        if any(_is_conflict_surfaced(session, code) for code in codes):
            row.conflict = _open_conflict(session, owner, row, note)
            session.flush()
        return Receipt(row.id, row.uuid, row.conflict_id, stopped)


def _qualifier(code: CodeRow, qualifier: str | None) -> str | None:
    if qualifier is None:
        return None
    if qualifier not in (code.qualifier_choices or []):
        raise InvalidInputError(f"{code.label} has no choice “{qualifier}”.", field="qualifier")
    return qualifier


def _running_with(
    session: Session, session_id: int, code_ids: Sequence[int]
) -> list[ObservationRow]:
    """Return the session's captures of these state codes that have not stopped.

    The search starts from the session's undated captures (its index on session and
    duration), each checked for the codes, not from the codes: a code's captures across
    years of sessions run to tens of thousands, a session's to a few thousand at most.
    """
    if not code_ids:
        return []
    with_code = exists().where(
        ObservationCodeRow.observation_id == ObservationRow.id,
        ObservationCodeRow.code_id.in_(code_ids),
    )
    return list(
        session.scalars(
            select(ObservationRow).where(
                ObservationRow.session_id == session_id,
                ObservationRow.duration_seconds.is_(None),
                with_code,
            )
        )
    )


def _running(session: Session, session_id: int, code_id: int) -> ObservationRow | None:
    running = _running_with(session, session_id, [code_id])
    return running[0] if running else None


def _stop_group(
    session: Session, session_id: int, states: Sequence[CodeRow], offset: float
) -> tuple[int, ...]:
    """Stop the running states that share an exclusive group with a state being started."""
    stopped = []
    for state in states:
        if state.exclusive_group is None:
            continue
        rival_codes = session.scalars(
            select(CodeRow.id).where(
                CodeRow.scheme_id == state.scheme_id,
                CodeRow.exclusive_group == state.exclusive_group,
                CodeRow.id != state.id,
            )
        ).all()
        for rival in _running_with(session, session_id, rival_codes):
            rival.duration_seconds = max(0.0, offset - rival.offset_seconds)
            stopped.append(rival.id)
    return tuple(stopped)


def close_running_states(session: Session, session_id: int, offset: float) -> int:
    """End every state still running at `offset` (when the session finishes)."""
    running = session.scalars(
        select(ObservationRow)
        .join(ObservationCodeRow)
        .join(CodeRow)
        .where(
            ObservationRow.session_id == session_id,
            ObservationRow.duration_seconds.is_(None),
            CodeRow.kind == CodeKind.STATE,
        )
    ).all()
    for row in running:
        row.duration_seconds = max(0.0, offset - row.offset_seconds)
    return len(running)


def _check_subjects(session: Session, subjects: Sequence[SubjectRef]) -> None:
    """Refuse subjects that no longer exist: the database would reject them on every retry."""
    for subject in subjects:
        if subject.kind is SubjectKind.GROUP:
            continue
        row_type = ParticipantRow if subject.kind is SubjectKind.PARTICIPANT else OrganisationRow
        what = "That participant" if row_type is ParticipantRow else "That organisation"
        if subject.ref_id is None or session.get(row_type, subject.ref_id) is None:
            raise NotFoundError(f"{what} no longer exists. It may have been deleted.")


def _set_subjects(row: ObservationRow, subjects: Sequence[SubjectRef]) -> None:
    seen = set()
    row.subjects.clear()
    for subject in subjects:
        key = (subject.kind, subject.ref_id, subject.role)
        if key in seen:
            continue
        seen.add(key)
        row.subjects.append(
            ObservationSubjectRow(
                kind=subject.kind,
                participant_id=subject.ref_id if subject.kind is SubjectKind.PARTICIPANT else None,
                organisation_id=(
                    subject.ref_id if subject.kind is SubjectKind.ORGANISATION else None
                ),
                role=subject.role,
            )
        )


def _is_conflict_surfaced(session: Session, code: CodeRow) -> bool:
    scheme_slug = session.scalar(
        select(CodingSchemeRow.slug).where(CodingSchemeRow.id == code.scheme_id)
    )
    return (scheme_slug, code.slug) == CONFLICT_SURFACED


def _open_conflict(
    session: Session, owner: SessionRow, row: ObservationRow, note: str
) -> ConflictRow:
    conflict = ConflictRow(
        programme_id=owner.programme_id,
        session_id=owner.id,
        title=conflict_title(note),
        status=ConflictStatus.OPEN,
        opened_at=row.occurred_at,
    )
    conflict.events.append(
        ConflictEventRow(session_id=owner.id, status=ConflictStatus.OPEN, at=row.occurred_at)
    )
    session.add(conflict)
    return conflict


def conflict_title(note: str) -> str:
    """Return a conflict's title from the note that surfaced it: its first line, shortened."""
    first = note.strip().splitlines()[0].strip() if note.strip() else ""
    if not first:
        return UNTITLED_CONFLICT
    return first if len(first) <= 120 else first[:119].rstrip() + "…"


def update_capture(
    db: Database,
    observation_id: int,
    *,
    note: str | None = None,
    subjects: Sequence[SubjectRef] | None = None,
    qualifier: str | None = None,
    code_ids: Sequence[int] | None = None,
    conflict_id: int | None = None,
    link_conflict: bool = False,
) -> Observation:
    """Change a capture after it was made (its note, subjects, qualifier or codes).

    A conflict opened by this capture and still untitled takes its title from the note.
    Returns the capture as it now stands.
    """
    with db.transaction() as session:
        row = fetch(session, ObservationRow, observation_id, what="That capture")
        if note is not None:
            row.note = clean_text(note, field="note", label="The note", limit=LONG_TEXT)
            if row.conflict is not None and row.conflict.title == UNTITLED_CONFLICT:
                row.conflict.title = conflict_title(row.note)
        if subjects is not None:
            _check_subjects(session, subjects)
            _set_subjects(row, subjects)
        if code_ids is not None:
            codes = [fetch(session, CodeRow, code_id, what="That code") for code_id in code_ids]
            row.codes.clear()
            session.flush()
            for number, code in enumerate(codes):
                row.codes.append(
                    ObservationCodeRow(
                        code=code, qualifier=_qualifier(code, qualifier) if number == 0 else None
                    )
                )
            if codes and row.kind is CaptureKind.MARK:
                row.kind = CaptureKind.CODED  # a marked moment, now coded
            if row.conflict is None and any(_is_conflict_surfaced(session, c) for c in codes):
                owner = fetch(session, SessionRow, row.session_id, what="That session")
                row.conflict = _open_conflict(session, owner, row, row.note)
        elif qualifier is not None and row.codes:
            row.codes[0].qualifier = _qualifier(row.codes[0].code, qualifier)
        if link_conflict:
            if conflict_id is not None:
                fetch(session, ConflictRow, conflict_id, what="That conflict")
            row.conflict_id = conflict_id
        session.flush()
        return _observation(session, row.id)


def _observation(session: Session, observation_id: int) -> Observation:
    row = session.scalar(
        select(ObservationRow)
        .where(ObservationRow.id == observation_id)
        .options(*snapshots.observation_parts())
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise NotFoundError("That capture no longer exists.")
    return snapshots.observation(row)


def capture(db: Database, observation_id: int) -> Observation:
    """Return one capture as it stands."""
    with db.reading() as session:
        return _observation(session, observation_id)


def retime(
    db: Database,
    observation_id: int,
    *,
    occurred_at: datetime,
    offset_seconds: float,
    agenda_item_id: int | None,
) -> Observation:
    """Move a capture to another moment ("that was two minutes ago")."""
    if offset_seconds < 0:
        raise InvalidInputError("A capture cannot be dated before the session started.")
    with db.transaction() as session:
        row = fetch(session, ObservationRow, observation_id, what="That capture")
        row.occurred_at = occurred_at
        row.offset_seconds = offset_seconds
        row.agenda_item_id = agenda_item_id
        session.flush()
        return _observation(session, row.id)
