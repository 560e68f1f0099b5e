"""Agenda edits as undoable commands.

Each command does its work in one transaction and can undo it exactly. Items are found by
UUID, which survives an undo and redo, where an integer id would not. The UI wraps each
command in a QUndoCommand; nothing here knows about Qt.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.errors import NotFoundError
from facilitator.domain.fields import AgendaItemFields, SessionFields
from facilitator.domain.snapshots import AgendaItem
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import AgendaItemRow, ModuleRow, ObservationRow, SessionRow

AGENDA = Changes(sessions=True)
GONE = "That agenda item no longer exists. It may have been removed in another window."


def item_fields(item: AgendaItem | AgendaItemRow) -> AgendaItemFields:
    """Return the editable fields of an agenda item (a snapshot or a row: same names)."""
    return AgendaItemFields(
        title=item.title,
        minutes=item.planned_minutes,
        method=item.method,
        purpose=item.purpose,
        facilitator_notes=item.facilitator_notes,
        materials=item.materials,
        is_break=item.is_break,
        pinned_time=item.pinned_time,
    )


def apply_item_fields(row: AgendaItemRow, fields: AgendaItemFields) -> None:
    row.title = fields.title
    row.planned_minutes = fields.minutes
    row.method = fields.method
    row.purpose = fields.purpose
    row.facilitator_notes = fields.facilitator_notes
    row.materials = fields.materials
    row.is_break = fields.is_break
    row.pinned_time = fields.pinned_time


def _items(session: Session, session_id: int) -> tuple[SessionRow, list[AgendaItemRow]]:
    row = fetch(session, SessionRow, session_id, what="That session")
    return row, list(row.agenda_items)


def _renumber(items: list[AgendaItemRow]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


def _index_of(items: list[AgendaItemRow], item_uuid: str) -> int:
    for index, item in enumerate(items):
        if item.uuid == item_uuid:
            return index
    raise NotFoundError(GONE)


class AgendaCommand:
    """One user action on one session's agenda, undoable."""

    label: str
    session_id: int
    changes: Changes = AGENDA  # what redo and undo report; a class attribute, not a field

    def redo(self, db: Database) -> Changes:
        with db.transaction() as session:
            self._redo(session)
        return self.changes

    def undo(self, db: Database) -> Changes:
        with db.transaction() as session:
            self._undo(session)
        return self.changes

    def _redo(self, session: Session) -> None:
        raise NotImplementedError

    def _undo(self, session: Session) -> None:
        raise NotImplementedError


@dataclass(eq=False)
class AddItems(AgendaCommand):
    """Insert items at `index` (0-based; past the end appends)."""

    session_id: int
    index: int
    items: Sequence[AgendaItemFields]
    label: str = "Add item"
    uuids: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        self.items = tuple(item.checked() for item in self.items)
        if not self.uuids:
            self.uuids = tuple(str(uuid.uuid4()) for _ in self.items)

    def _redo(self, session: Session) -> None:
        owner, items = _items(session, self.session_id)
        at = max(0, min(self.index, len(items)))
        new_rows = []
        for item_uuid, fields in zip(self.uuids, self.items, strict=True):
            row = AgendaItemRow(uuid=item_uuid, session_id=owner.id, position=0, title="")
            apply_item_fields(row, fields)
            new_rows.append(row)
        items[at:at] = new_rows
        session.add_all(new_rows)
        _renumber(items)

    def _undo(self, session: Session) -> None:
        _owner, items = _items(session, self.session_id)
        doomed = [item for item in items if item.uuid in self.uuids]
        for row in doomed:
            session.delete(row)
        _renumber([item for item in items if item.uuid not in self.uuids])


@dataclass(frozen=True, slots=True)
class _Removed:
    index: int
    uuid: str
    fields: AgendaItemFields
    observation_ids: tuple[int, ...]
    # When a run session's item actually ran: not an editable field, but part of the record.
    actual_start: datetime | None = None
    actual_end: datetime | None = None


@dataclass(eq=False)
class RemoveItems(AgendaCommand):
    """Remove items; undo puts them back where they were, with their observations' links."""

    session_id: int
    uuids: tuple[str, ...]
    label: str = "Remove item"
    _removed: list[_Removed] = field(default_factory=list, init=False, repr=False)

    def _redo(self, session: Session) -> None:
        _owner, items = _items(session, self.session_id)
        removed = []
        for index, row in enumerate(items):
            if row.uuid not in self.uuids:
                continue
            linked = session.scalars(
                select(ObservationRow.id).where(ObservationRow.agenda_item_id == row.id)
            ).all()
            removed.append(
                _Removed(
                    index,
                    row.uuid,
                    item_fields(row),
                    tuple(linked),
                    actual_start=row.actual_start,
                    actual_end=row.actual_end,
                )
            )
        if len(removed) != len(set(self.uuids)):
            raise NotFoundError(GONE)
        for entry in removed:
            session.delete(items[entry.index])
        _renumber([item for item in items if item.uuid not in self.uuids])
        self._removed = removed

    def _undo(self, session: Session) -> None:
        owner, items = _items(session, self.session_id)
        for entry in self._removed:  # in ascending index order, so each lands where it was
            row = AgendaItemRow(uuid=entry.uuid, session_id=owner.id, position=0, title="")
            apply_item_fields(row, entry.fields)
            row.actual_start, row.actual_end = entry.actual_start, entry.actual_end
            items.insert(min(entry.index, len(items)), row)
            session.add(row)
            session.flush()
            for observation_id in entry.observation_ids:
                observation = session.get(ObservationRow, observation_id)
                if observation is not None:
                    observation.agenda_item_id = row.id
        _renumber(items)


@dataclass(eq=False)
class EditItem(AgendaCommand):
    """Change an item's fields from `before` to `after`."""

    session_id: int
    uuid: str
    before: AgendaItemFields
    after: AgendaItemFields
    label: str = "Edit item"

    def __post_init__(self) -> None:
        self.after = self.after.checked()

    def _set(self, session: Session, fields: AgendaItemFields) -> None:
        _owner, items = _items(session, self.session_id)
        apply_item_fields(items[_index_of(items, self.uuid)], fields)

    def _redo(self, session: Session) -> None:
        self._set(session, self.after)

    def _undo(self, session: Session) -> None:
        self._set(session, self.before)


@dataclass(eq=False)
class MoveItem(AgendaCommand):
    """Move one item to `to_index` (0-based)."""

    session_id: int
    uuid: str
    to_index: int
    label: str = "Move item"
    _from_index: int = field(default=-1, init=False, repr=False)

    def _move(self, session: Session, to_index: int) -> int:
        _owner, items = _items(session, self.session_id)
        old = _index_of(items, self.uuid)
        row = items.pop(old)
        items.insert(max(0, min(to_index, len(items))), row)
        _renumber(items)
        return old

    def _redo(self, session: Session) -> None:
        self._from_index = self._move(session, self.to_index)

    def _undo(self, session: Session) -> None:
        self._move(session, self._from_index)


@dataclass(eq=False)
class EditSession(AgendaCommand):
    """Change a session's details (title, date, times, venue, kind, module)."""

    session_id: int
    before: SessionFields
    after: SessionFields
    label: str = "Edit session"

    # The programme tree shows each session's title and date.
    changes = AGENDA | Changes(programmes=True)

    def __post_init__(self) -> None:
        self.after = self.after.checked()

    def _set(self, session: Session, fields: SessionFields) -> None:
        row = fetch(session, SessionRow, self.session_id, what="That session")
        if fields.module_id is not None and session.get(ModuleRow, fields.module_id) is None:
            fields = replace(fields, module_id=None)  # the module was deleted since
        apply_session_fields(row, fields)

    def _redo(self, session: Session) -> None:
        self._set(session, self.after)

    def _undo(self, session: Session) -> None:
        self._set(session, self.before)


def apply_session_fields(row: SessionRow, fields: SessionFields) -> None:
    row.title = fields.title
    row.kind = fields.kind
    row.module_id = fields.module_id
    row.date = fields.date
    row.start_time = fields.start_time
    row.end_time = fields.end_time
    row.venue = fields.venue


@dataclass(eq=False)
class Batch(AgendaCommand):
    """Several commands as one undoable step, in one transaction."""

    session_id: int
    commands: Sequence[AgendaCommand]
    label: str

    @property
    def changes(self) -> Changes:  # type: ignore[override]
        """Report what any of the commands would: an edited session refreshes the tree too."""
        result = AGENDA
        for command in self.commands:
            result = result | command.changes
        return result

    def _redo(self, session: Session) -> None:
        for command in self.commands:
            command._redo(session)
            session.flush()

    def _undo(self, session: Session) -> None:
        for command in reversed(self.commands):
            command._undo(session)
            session.flush()


@dataclass(eq=False)
class DuplicateItems(AgendaCommand):
    """Copy items, as stored when the command first runs, to just after the last of them.

    Reading the items from the file (not from a snapshot on screen) means a change saved a
    moment before, say a title typed and then Duplicate clicked, is in the copy too.
    """

    session_id: int
    sources: tuple[str, ...]
    label: str = "Duplicate item"
    copies: tuple[str, ...] = field(default=(), init=False)
    _add: AddItems | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.copies = tuple(str(uuid.uuid4()) for _ in self.sources)

    def _redo(self, session: Session) -> None:
        if self._add is None:
            _owner, items = _items(session, self.session_id)
            chosen = [item for item in items if item.uuid in self.sources]
            if len(chosen) != len(set(self.sources)):
                raise NotFoundError(GONE)
            self._add = AddItems(
                session_id=self.session_id,
                index=max(item.position for item in chosen),  # positions count from 1
                items=tuple(item_fields(item) for item in chosen),
                uuids=self.copies,
            )
        self._add._redo(session)

    def _undo(self, session: Session) -> None:
        if self._add is not None:
            self._add._undo(session)


def duplicate_items(session_id: int, items: Sequence[AgendaItem]) -> DuplicateItems:
    """Return the command that puts copies of `items` just after the last of them."""
    return DuplicateItems(
        session_id=session_id,
        sources=tuple(item.uuid for item in items),
        label="Duplicate item" if len(items) == 1 else "Duplicate items",
    )
