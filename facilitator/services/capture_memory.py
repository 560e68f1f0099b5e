"""What an undoable capture command remembers, and how it finds and puts captures back.

A capture or conflict taken away is kept as a plain snapshot (never an ORM row) and written
again with its UUID and, when still free, its old integer id.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.enums import CaptureKind, ConflictStatus, SubjectKind
from facilitator.domain.errors import NotFoundError
from facilitator.services.capture import SubjectRef, _set_subjects
from facilitator.storage.tables import (
    AgendaItemRow,
    CodeRow,
    ConflictEventRow,
    ConflictRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParticipantRow,
)

GONE = "That capture no longer exists. It may have been deleted in another window."


@dataclass(frozen=True, slots=True)
class KeptCapture:
    """A capture as it was before it was taken away, enough to write it again."""

    id: int
    uuid: str
    session_id: int
    occurred_at: datetime
    offset_seconds: float
    duration_seconds: float | None
    agenda_item_uuid: str | None  # agenda items get new ids when their removal is undone
    note: str
    author: str
    kind: CaptureKind
    conflict_uuid: str | None
    codes: tuple[tuple[int, str | None], ...]  # (code id, qualifier), in the order applied
    subjects: tuple[SubjectRef, ...]
    number: int | None = None
    key_moment: bool = False
    quote: bool = False


@dataclass(frozen=True, slots=True)
class KeptEvent:
    """One step of a kept conflict's history."""

    uuid: str
    session_id: int | None
    status: ConflictStatus
    at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class KeptConflict:
    """A conflict as it was before it was taken away, with its history."""

    id: int
    uuid: str
    programme_id: int
    session_id: int | None
    title: str
    status: ConflictStatus
    opened_at: datetime
    events: tuple[KeptEvent, ...]


def find_capture(session: Session, session_id: int, capture_uuid: str) -> ObservationRow:
    """Return a session's capture by UUID, or raise NotFoundError if it is gone."""
    row = session.scalar(
        select(ObservationRow).where(
            ObservationRow.uuid == capture_uuid, ObservationRow.session_id == session_id
        )
    )
    if row is None:
        raise NotFoundError(GONE)
    return row


def by_uuid[R: (ObservationRow, ConflictRow)](
    session: Session, table: type[R], row_uuid: str | None
) -> R | None:
    """Return the capture or conflict with this UUID, or None."""
    if row_uuid is None:
        return None
    return session.scalar(select(table).where(table.uuid == row_uuid))


def subject_ref(row: ObservationSubjectRow) -> SubjectRef:
    """Return a capture's subject row as the reference a request or edit uses."""
    ref_id = row.participant_id if row.kind is SubjectKind.PARTICIPANT else row.organisation_id
    return SubjectRef(row.kind, ref_id, row.role)


def keep_capture(row: ObservationRow) -> KeptCapture:
    """Remember a capture, codes and subjects in the order applied, before it is deleted."""
    return KeptCapture(
        id=row.id,
        uuid=row.uuid,
        session_id=row.session_id,
        occurred_at=row.occurred_at,
        offset_seconds=row.offset_seconds,
        duration_seconds=row.duration_seconds,
        agenda_item_uuid=row.agenda_item.uuid if row.agenda_item else None,
        note=row.note,
        author=row.author,
        kind=row.kind,
        conflict_uuid=row.conflict.uuid if row.conflict else None,
        codes=tuple(
            (applied.code_id, applied.qualifier) for applied in sorted(row.codes, key=by_id)
        ),
        subjects=tuple(subject_ref(subject) for subject in sorted(row.subjects, key=by_id)),
        number=row.number,
        key_moment=row.key_moment,
        quote=row.quote,
    )


def by_id(row: ObservationCodeRow | ObservationSubjectRow) -> int:
    """Sort key: a capture's codes and subjects in the order they were applied."""
    return row.id


def _id_of(
    session: Session, table: type[AgendaItemRow] | type[ConflictRow], row_uuid: str | None
) -> int | None:
    if row_uuid is None:
        return None
    return session.scalar(select(table.id).where(table.uuid == row_uuid))


def _free(session: Session, table: type[ObservationRow] | type[ConflictRow], row_id: int) -> bool:
    return session.scalar(select(table.id).where(table.id == row_id)) is None


def still_there(session: Session, subject: SubjectRef) -> bool:
    """Tell whether the person or organisation a subject names still exists."""
    if subject.kind is SubjectKind.PARTICIPANT:
        return session.get(ParticipantRow, subject.ref_id) is not None
    if subject.kind is SubjectKind.ORGANISATION:
        return session.get(OrganisationRow, subject.ref_id) is not None
    return True


def put_capture_back(session: Session, kept: KeptCapture) -> ObservationRow:
    """Write a remembered capture again, with its UUID and (when free) its id.

    A code or person removed since is left out rather than refusing the whole undo.
    """
    row = ObservationRow(
        uuid=kept.uuid,
        session_id=kept.session_id,
        occurred_at=kept.occurred_at,
        offset_seconds=kept.offset_seconds,
        duration_seconds=kept.duration_seconds,
        agenda_item_id=_id_of(session, AgendaItemRow, kept.agenda_item_uuid),
        note=kept.note,
        author=kept.author,
        kind=kept.kind,
        conflict_id=_id_of(session, ConflictRow, kept.conflict_uuid),
        key_moment=kept.key_moment,
        quote=kept.quote,
    )
    if _free(session, ObservationRow, kept.id):
        row.id = kept.id
    if kept.number is not None and _number_free(session, kept.session_id, kept.number):
        row.number = kept.number  # a narrative citing it still finds it
    for code_id, qualifier in kept.codes:
        if session.get(CodeRow, code_id) is not None:
            row.codes.append(ObservationCodeRow(code_id=code_id, qualifier=qualifier))
    _set_subjects(row, [subject for subject in kept.subjects if still_there(session, subject)])
    session.add(row)
    session.flush()
    return row


def keep_conflict(row: ConflictRow) -> KeptConflict:
    """Remember a conflict and its history before it is deleted."""
    return KeptConflict(
        id=row.id,
        uuid=row.uuid,
        programme_id=row.programme_id,
        session_id=row.session_id,
        title=row.title,
        status=row.status,
        opened_at=row.opened_at,
        events=tuple(
            KeptEvent(event.uuid, event.session_id, event.status, event.at, event.note)
            for event in sorted(row.events, key=lambda event: event.id)
        ),
    )


def put_conflict_back(session: Session, kept: KeptConflict) -> None:
    """Write a remembered conflict again, with its UUID, history and (when free) its id."""
    row = ConflictRow(
        uuid=kept.uuid,
        programme_id=kept.programme_id,
        session_id=kept.session_id,
        title=kept.title,
        status=kept.status,
        opened_at=kept.opened_at,
    )
    if _free(session, ConflictRow, kept.id):
        row.id = kept.id
    for event in kept.events:
        row.events.append(
            ConflictEventRow(
                uuid=event.uuid,
                session_id=event.session_id,
                status=event.status,
                at=event.at,
                note=event.note,
            )
        )
    session.add(row)
    session.flush()


def unused(session: Session, conflict: ConflictRow) -> bool:
    """Tell whether a conflict is as its surfacing capture left it: nothing else linked to it
    and nothing happened to it since it opened."""
    linked = session.scalar(
        select(func.count(ObservationRow.id)).where(ObservationRow.conflict_id == conflict.id)
    )
    return not linked and conflict.status is ConflictStatus.OPEN and len(conflict.events) <= 1


def _number_free(session: Session, session_id: int, number: int) -> bool:
    taken = select(ObservationRow.id).where(
        ObservationRow.session_id == session_id, ObservationRow.number == number
    )
    return session.scalar(taken) is None
