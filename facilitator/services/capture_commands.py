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

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, CodeKind
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
from facilitator.services.capture_memory import (
    KeptCapture,
    KeptConflict,
    by_id,
    by_uuid,
    find_capture,
    keep_capture,
    keep_conflict,
    put_capture_back,
    put_conflict_back,
    still_there,
    subject_ref,
    unused,
)
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    CodeRow,
    ConflictRow,
    ObservationCodeRow,
    ObservationRow,
    SessionRow,
)

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
    _kept: KeptCapture | None = field(default=None, init=False, repr=False)
    _kept_conflict: KeptConflict | None = field(default=None, init=False, repr=False)
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
            row = find_capture(session, self.session_id, self.receipt.uuid)
            if self._stopped_duration is None:
                self._stopped_duration = row.duration_seconds
            row.duration_seconds = None
            return
        row = find_capture(session, self.session_id, self.request.uuid)
        if self._rivals is None:
            self._rivals = self._find_rivals(session)
            if self.receipt.conflict_id is not None and row.conflict is not None:
                opened = self.receipt.conflict_id != self.request.conflict_id
                if opened and row.conflict_id == self.receipt.conflict_id:
                    self._conflict_uuid = row.conflict.uuid
        self._kept = keep_capture(row)
        session.delete(row)
        session.flush()
        self._kept_conflict = None
        conflict = by_uuid(session, ConflictRow, self._conflict_uuid)
        if conflict is not None and unused(session, conflict):
            self._kept_conflict = keep_conflict(conflict)
            session.delete(conflict)
        for rival_uuid, _duration in self._rivals:
            rival = by_uuid(session, ObservationRow, rival_uuid)
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
                row = find_capture(session, self.session_id, self.receipt.uuid)
                row.duration_seconds = self._stopped_duration
            return
        if self._kept is None:
            return  # never undone: the capture panel wrote it, and it is still there
        if self._kept_conflict is not None:
            put_conflict_back(session, self._kept_conflict)
        put_capture_back(session, self._kept)
        for rival_uuid, duration in self._rivals or ():
            rival = by_uuid(session, ObservationRow, rival_uuid)
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
    applied = [(a.code_id, a.qualifier) for a in sorted(row.codes, key=by_id)]
    if wanted != applied:  # rewriting the same codes would only churn their ids
        row.codes.clear()
        session.flush()
        for code_id, qualifier in wanted:
            row.codes.append(ObservationCodeRow(code_id=code_id, qualifier=qualifier))
    if chosen and row.kind in (CaptureKind.MARK, CaptureKind.NOTE):
        row.kind = CaptureKind.CODED  # a marked moment or a free note, now coded
    elif not chosen and row.kind is CaptureKind.CODED:
        row.kind = CaptureKind.NOTE
    if [subject_ref(s) for s in sorted(row.subjects, key=by_id)] != list(fields.subjects):
        if not all(still_there(session, subject) for subject in fields.subjects):
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
        row = find_capture(session, self.session_id, self.observation_uuid)
        self._kind = row.kind
        conflict = row.conflict
        self._conflict_title = (conflict.uuid, conflict.title) if conflict else None
        _apply(session, row, self.after)

    def _undo(self, session: Session) -> None:
        row = find_capture(session, self.session_id, self.observation_uuid)
        _apply(session, row, self.before, retitle=False)  # the old title is put back below
        if self._kind is not None:
            row.kind = self._kind
        if self._conflict_title is not None:
            conflict_uuid, title = self._conflict_title
            conflict = by_uuid(session, ConflictRow, conflict_uuid)
            if conflict is not None:
                conflict.title = title


@dataclass(eq=False)
class DeleteCapture(CaptureCommand):
    """Delete a capture; undo puts it back whole, with the same UUID."""

    session_id: int
    observation_uuid: str
    label: str = "Delete capture"
    _kept: KeptCapture | None = field(default=None, init=False, repr=False)

    @property
    def touched(self) -> frozenset[str]:
        return frozenset({self.observation_uuid})

    def _redo(self, session: Session) -> None:
        row = find_capture(session, self.session_id, self.observation_uuid)
        self._kept = keep_capture(row)
        session.delete(row)

    def _undo(self, session: Session) -> None:
        if self._kept is not None:
            put_capture_back(session, self._kept)


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
            .options(*snapshots.observation_parts())
        ).all()
        return {row.uuid: snapshots.observation(row) for row in rows}
