"""Captures as undoable commands: one already recorded, an edit, a deletion.

Commands find a capture by its UUID, which survives an undo and redo. A capture put back
(after undoing its deletion, or redoing its recording) also gets its old integer id back when
that id is free, which it is unless a capture made outside the undo history took it: SQLite
hands the highest id out again once its row is gone. So ids held elsewhere, such as a receipt
of the capture panel or the agenda's own undo, keep pointing at the same capture.

Undo puts back exactly what was there, from what the command remembered as it ran; it never
re-runs `capture.record`, which would open a second conflict with a new id.
"""

from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass, field, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, CodeKind, ConflictStatus, SubjectKind
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import LONG_TEXT, clean_text
from facilitator.domain.snapshots import CodingScheme, Observation
from facilitator.services import snapshots
from facilitator.services.agenda import AgendaCommand
from facilitator.services.capture import (
    CAPTURED,
    UNTITLED_CONFLICT,
    CaptureRequest,
    Receipt,
    SubjectRef,
    _qualifier,
    _set_subjects,
    conflict_title,
)
from facilitator.storage.database import Database
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
    SessionRow,
)

GONE = "That capture no longer exists. It may have been deleted in another window."
# A state stopped by a capture ended at that capture's moment, to within rounding.
SAME_MOMENT = 1e-3


@dataclass(frozen=True, slots=True)
class CaptureFields:
    """What can be changed about a capture after it was made."""

    code_ids: tuple[int, ...] = ()
    qualifier: str | None = None  # of the first code
    subjects: tuple[SubjectRef, ...] = ()
    note: str = ""
    conflict_id: int | None = None

    @classmethod
    def of(cls, observation: Observation) -> "CaptureFields":
        """Return the fields of a capture as it stands."""
        return cls(
            code_ids=tuple(code.code_id for code in observation.codes),
            qualifier=observation.codes[0].qualifier if observation.codes else None,
            subjects=tuple(
                SubjectRef(subject.kind, subject.ref_id, subject.role)
                for subject in observation.subjects
            ),
            note=observation.note,
            conflict_id=observation.conflict_id,
        )

    def checked(self) -> "CaptureFields":
        """Return a cleaned copy: the note trimmed, codes and subjects each listed once."""
        return replace(
            self,
            code_ids=tuple(dict.fromkeys(self.code_ids)),
            subjects=tuple(dict.fromkeys(self.subjects)),
            note=clean_text(self.note, field="note", label="The note", limit=LONG_TEXT),
        )


class CaptureCommand(AgendaCommand):
    """One undoable step on a session's captures."""

    changes: Changes = CAPTURED

    @property
    def touched(self) -> frozenset[str]:
        """Return the UUIDs of the captures this command changes, for a view to read again."""
        raise NotImplementedError


# What a command remembers, to put things back ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _KeptCapture:
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


@dataclass(frozen=True, slots=True)
class _KeptEvent:
    uuid: str
    session_id: int | None
    status: ConflictStatus
    at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class _KeptConflict:
    id: int
    uuid: str
    programme_id: int
    session_id: int | None
    title: str
    status: ConflictStatus
    opened_at: datetime
    events: tuple[_KeptEvent, ...]


def _find(session: Session, session_id: int, capture_uuid: str) -> ObservationRow:
    row = session.scalar(
        select(ObservationRow).where(
            ObservationRow.uuid == capture_uuid, ObservationRow.session_id == session_id
        )
    )
    if row is None:
        raise NotFoundError(GONE)
    return row


def _by_uuid[R: (ObservationRow, ConflictRow)](
    session: Session, table: type[R], row_uuid: str | None
) -> R | None:
    if row_uuid is None:
        return None
    return session.scalar(select(table).where(table.uuid == row_uuid))


def _subject_ref(row: ObservationSubjectRow) -> SubjectRef:
    ref_id = row.participant_id if row.kind is SubjectKind.PARTICIPANT else row.organisation_id
    return SubjectRef(row.kind, ref_id, row.role)


def _keep(row: ObservationRow) -> _KeptCapture:
    return _KeptCapture(
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
            (applied.code_id, applied.qualifier) for applied in sorted(row.codes, key=_by_id)
        ),
        subjects=tuple(_subject_ref(subject) for subject in sorted(row.subjects, key=_by_id)),
    )


def _by_id(row: ObservationCodeRow | ObservationSubjectRow) -> int:
    return row.id


def _id_of(
    session: Session, table: type[AgendaItemRow] | type[ConflictRow], row_uuid: str | None
) -> int | None:
    if row_uuid is None:
        return None
    return session.scalar(select(table.id).where(table.uuid == row_uuid))


def _free(session: Session, table: type[ObservationRow] | type[ConflictRow], row_id: int) -> bool:
    return session.scalar(select(table.id).where(table.id == row_id)) is None


def _still_there(session: Session, subject: SubjectRef) -> bool:
    if subject.kind is SubjectKind.PARTICIPANT:
        return session.get(ParticipantRow, subject.ref_id) is not None
    if subject.kind is SubjectKind.ORGANISATION:
        return session.get(OrganisationRow, subject.ref_id) is not None
    return True


def _put_back(session: Session, kept: _KeptCapture) -> ObservationRow:
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
    )
    if _free(session, ObservationRow, kept.id):
        row.id = kept.id
    for code_id, qualifier in kept.codes:
        if session.get(CodeRow, code_id) is not None:
            row.codes.append(ObservationCodeRow(code_id=code_id, qualifier=qualifier))
    _set_subjects(row, [subject for subject in kept.subjects if _still_there(session, subject)])
    session.add(row)
    session.flush()
    return row


def _keep_conflict(row: ConflictRow) -> _KeptConflict:
    return _KeptConflict(
        id=row.id,
        uuid=row.uuid,
        programme_id=row.programme_id,
        session_id=row.session_id,
        title=row.title,
        status=row.status,
        opened_at=row.opened_at,
        events=tuple(
            _KeptEvent(event.uuid, event.session_id, event.status, event.at, event.note)
            for event in sorted(row.events, key=lambda event: event.id)
        ),
    )


def _put_conflict_back(session: Session, kept: _KeptConflict) -> None:
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


def _unused(session: Session, conflict: ConflictRow) -> bool:
    """Tell whether a conflict is as its surfacing capture left it: nothing else linked to it
    and nothing happened to it since it opened."""
    linked = session.scalar(
        select(func.count(ObservationRow.id)).where(ObservationRow.conflict_id == conflict.id)
    )
    return not linked and conflict.status is ConflictStatus.OPEN and len(conflict.events) <= 1


# The commands --------------------------------------------------------------------------------


def capture_label(
    request: CaptureRequest, receipt: Receipt, schemes: Sequence[CodingScheme] = ()
) -> str:
    """Return how the Undo menu names a capture: 'Capture “Conflict surfaced”'."""
    labels = {code.id: code.label for scheme in schemes for code in scheme.codes}
    named = [f"“{labels[code_id]}”" for code_id in request.code_ids if code_id in labels]
    if receipt.uuid != request.uuid:
        return f"Stop {named[0]}" if named else "Stop state"
    if named:
        return "Capture " + " and ".join(named)
    return {
        CaptureKind.NOTE: "Capture note",
        CaptureKind.MARK: "Mark moment",
        CaptureKind.CONTRIBUTION: "Count contribution",
    }.get(request.kind, "Capture")


@dataclass(eq=False)
class RecordCapture(CaptureCommand):
    """A capture the capture panel has already written (push it with `UndoHub.push_done`).

    It either made a new capture, which may have stopped rival states of an exclusive group
    and opened a conflict, or it stopped a state that was running (the same state key again:
    then the receipt names the running capture, not the request).

    Undo takes the new capture away (and the conflict it opened, unless the conflict has
    other captures or a history since), and sets the states it stopped running again; or it
    sets the stopped state running again. Redo puts back exactly what undo took.
    """

    request: CaptureRequest
    receipt: Receipt
    schemes: InitVar[Sequence[CodingScheme]] = ()  # to name the step after its code
    label: str = ""
    session_id: int = field(init=False)
    # Learnt on the first undo: ids may be reused once rows are deleted; UUIDs never are.
    _rivals: tuple[tuple[str, float], ...] | None = field(default=None, init=False, repr=False)
    _conflict_uuid: str | None = field(default=None, init=False, repr=False)
    _kept: _KeptCapture | None = field(default=None, init=False, repr=False)
    _kept_conflict: _KeptConflict | None = field(default=None, init=False, repr=False)
    _stopped_duration: float | None = field(default=None, init=False, repr=False)

    def __post_init__(self, schemes: Sequence[CodingScheme]) -> None:
        self.session_id = self.request.session_id
        if not self.label:
            self.label = capture_label(self.request, self.receipt, schemes)

    @property
    def stopped_a_state(self) -> bool:
        """True when this capture ended a running state rather than making a new capture."""
        return self.receipt.uuid != self.request.uuid

    @property
    def touched(self) -> frozenset[str]:
        rivals = {rival_uuid for rival_uuid, _duration in self._rivals or ()}
        return frozenset({self.request.uuid, self.receipt.uuid, *rivals})

    @property
    def stopped_ids(self) -> tuple[int, ...]:
        """Return the ids of the states the capture stopped, as they were when it was made."""
        return self.receipt.stopped

    def _undo(self, session: Session) -> None:
        if self.stopped_a_state:
            row = _find(session, self.session_id, self.receipt.uuid)
            if self._stopped_duration is None:
                self._stopped_duration = row.duration_seconds
            row.duration_seconds = None
            return
        row = _find(session, self.session_id, self.request.uuid)
        if self._rivals is None:
            self._rivals = self._find_rivals(session)
            if self.receipt.conflict_id is not None and row.conflict is not None:
                opened = self.receipt.conflict_id != self.request.conflict_id
                if opened and row.conflict_id == self.receipt.conflict_id:
                    self._conflict_uuid = row.conflict.uuid
        self._kept = _keep(row)
        session.delete(row)
        session.flush()
        self._kept_conflict = None
        conflict = _by_uuid(session, ConflictRow, self._conflict_uuid)
        if conflict is not None and _unused(session, conflict):
            self._kept_conflict = _keep_conflict(conflict)
            session.delete(conflict)
        for rival_uuid, _duration in self._rivals:
            rival = _by_uuid(session, ObservationRow, rival_uuid)
            if rival is not None:
                rival.duration_seconds = None

    def _find_rivals(self, session: Session) -> tuple[tuple[str, float], ...]:
        """Return the UUIDs and durations of the states this capture stopped.

        Read by id (all the receipt has) on the first undo, when every later step has been
        undone and ids still name the same captures; a row that did not end at this
        capture's moment is some other capture, and is left alone.
        """
        found = []
        for rival_id in self.receipt.stopped:
            rival = session.get(ObservationRow, rival_id)
            if rival is None or rival.session_id != self.session_id:
                continue
            if rival.duration_seconds is None or rival.uuid == self.request.uuid:
                continue
            ended = rival.offset_seconds + rival.duration_seconds
            at = self.request.offset_seconds
            if abs(ended - at) <= SAME_MOMENT or (
                rival.duration_seconds == 0 and rival.offset_seconds >= at
            ):
                found.append((rival.uuid, rival.duration_seconds))
        return tuple(found)

    def _redo(self, session: Session) -> None:
        if self.stopped_a_state:
            if self._stopped_duration is not None:
                row = _find(session, self.session_id, self.receipt.uuid)
                row.duration_seconds = self._stopped_duration
            return
        if self._kept is None:
            return  # never undone: the capture panel wrote it, and it is still there
        if self._kept_conflict is not None:
            _put_conflict_back(session, self._kept_conflict)
        _put_back(session, self._kept)
        for rival_uuid, duration in self._rivals or ():
            rival = _by_uuid(session, ObservationRow, rival_uuid)
            if rival is not None:
                rival.duration_seconds = duration


def _is_state(row: ObservationRow) -> bool:
    return row.duration_seconds is not None or any(
        applied.code.kind is CodeKind.STATE for applied in row.codes
    )


def _apply(
    session: Session, row: ObservationRow, fields: CaptureFields, *, retitle: bool = True
) -> None:
    codes = [session.get(CodeRow, code_id) for code_id in fields.code_ids]
    if any(code is None for code in codes):
        raise NotFoundError("That code no longer exists. It may have been deleted.")
    chosen = [code for code in codes if code is not None]
    lasting = _is_state(row)
    if lasting and not any(code.kind is CodeKind.STATE for code in chosen):
        raise InvalidInputError(
            "A state that lasts needs a state code: choose another state, or delete the capture.",
            field="codes",
        )
    if not lasting and any(code.kind is CodeKind.STATE for code in chosen):
        raise InvalidInputError(
            "A moment cannot become a state: start the state with its key instead.",
            field="codes",
        )
    wanted = [
        (code.id, _qualifier(code, fields.qualifier) if number == 0 else None)
        for number, code in enumerate(chosen)
    ]
    applied = [(a.code_id, a.qualifier) for a in sorted(row.codes, key=_by_id)]
    if wanted != applied:  # rewriting the same codes would only churn their ids
        row.codes.clear()
        session.flush()
        for code_id, qualifier in wanted:
            row.codes.append(ObservationCodeRow(code_id=code_id, qualifier=qualifier))
    if chosen and row.kind in (CaptureKind.MARK, CaptureKind.NOTE):
        row.kind = CaptureKind.CODED  # a marked moment or a free note, now coded
    elif not chosen and row.kind is CaptureKind.CODED:
        row.kind = CaptureKind.NOTE
    if [_subject_ref(s) for s in sorted(row.subjects, key=_by_id)] != list(fields.subjects):
        if not all(_still_there(session, subject) for subject in fields.subjects):
            raise NotFoundError("Someone chosen no longer exists. They may have been removed.")
        _set_subjects(row, fields.subjects)
    row.note = fields.note
    if retitle and row.conflict is not None and row.conflict.title == UNTITLED_CONFLICT:
        row.conflict.title = conflict_title(row.note)
    if fields.conflict_id != row.conflict_id:
        _link(session, row, fields.conflict_id)
    session.flush()


def _link(session: Session, row: ObservationRow, conflict_id: int | None) -> None:
    if conflict_id is None:
        row.conflict_id = None
        return
    target = session.get(ConflictRow, conflict_id)
    if target is None:
        raise NotFoundError("That conflict no longer exists. It may have been deleted.")
    if row.kind is CaptureKind.CONTRIBUTION:
        raise InvalidInputError("A tally mark cannot be linked to a conflict.", field="conflict")
    owner = session.get(SessionRow, row.session_id)
    if owner is None or owner.programme_id != target.programme_id:
        raise InvalidInputError("That conflict belongs to another programme.", field="conflict")
    row.conflict_id = target.id


@dataclass(eq=False)
class EditCapture(CaptureCommand):
    """Change a capture's codes, qualifier, subjects, note or conflict from `before` to
    `after`."""

    session_id: int
    observation_uuid: str
    before: CaptureFields
    after: CaptureFields
    label: str = "Edit capture"
    # What else the edit changed, to put back: a marked moment becomes coded once it has a
    # code, and an untitled conflict takes its title from the note.
    _kind: CaptureKind | None = field(default=None, init=False, repr=False)
    _conflict_title: tuple[str, str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.after = self.after.checked()

    @property
    def touched(self) -> frozenset[str]:
        return frozenset({self.observation_uuid})

    def _redo(self, session: Session) -> None:
        row = _find(session, self.session_id, self.observation_uuid)
        self._kind = row.kind
        conflict = row.conflict
        self._conflict_title = (conflict.uuid, conflict.title) if conflict else None
        _apply(session, row, self.after)

    def _undo(self, session: Session) -> None:
        row = _find(session, self.session_id, self.observation_uuid)
        _apply(session, row, self.before, retitle=False)  # the old title is put back below
        if self._kind is not None:
            row.kind = self._kind
        if self._conflict_title is not None:
            conflict_uuid, title = self._conflict_title
            conflict = _by_uuid(session, ConflictRow, conflict_uuid)
            if conflict is not None:
                conflict.title = title


@dataclass(eq=False)
class DeleteCapture(CaptureCommand):
    """Delete a capture; undo puts it back whole, with the same UUID."""

    session_id: int
    observation_uuid: str
    label: str = "Delete capture"
    _kept: _KeptCapture | None = field(default=None, init=False, repr=False)

    @property
    def touched(self) -> frozenset[str]:
        return frozenset({self.observation_uuid})

    def _redo(self, session: Session) -> None:
        row = _find(session, self.session_id, self.observation_uuid)
        self._kept = _keep(row)
        session.delete(row)

    def _undo(self, session: Session) -> None:
        if self._kept is not None:
            _put_back(session, self._kept)


# Reading back what a command touched ---------------------------------------------------------


def captures_by_uuid(db: Database, session_id: int, uuids: Iterable[str]) -> dict[str, Observation]:
    """Return the captures of a session with these UUIDs as they now stand; a UUID missing
    from the answer has no capture (it was deleted, or its recording undone)."""
    wanted = list(set(uuids))
    if not wanted:
        return {}
    with db.reading() as session:
        rows = session.scalars(
            select(ObservationRow)
            .where(ObservationRow.session_id == session_id, ObservationRow.uuid.in_(wanted))
            .options(
                selectinload(ObservationRow.agenda_item),
                selectinload(ObservationRow.codes)
                .selectinload(ObservationCodeRow.code)
                .selectinload(CodeRow.scheme),
                selectinload(ObservationRow.subjects).options(
                    selectinload(ObservationSubjectRow.participant),
                    selectinload(ObservationSubjectRow.organisation),
                ),
            )
        ).all()
        return {row.uuid: snapshots.observation(row) for row in rows}
