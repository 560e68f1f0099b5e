"""The timeline's table model: a session's captures as Observation snapshots, newest first
(or, for reading a day back afterwards, oldest first).

A capture arriving is inserted (never a reset), so a view's selection and place in a long list
stay put; a capture edited is changed in place. Finding a row and counting running states stay
quick with thousands of rows.
"""

import bisect
from collections.abc import Iterable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from facilitator.domain.capture_text import codes_text, who_text
from facilitator.domain.enums import CodeKind
from facilitator.domain.snapshots import Observation
from facilitator.ui.formatting import elapsed, rich_tooltip

type Index = QModelIndex | QPersistentModelIndex

TIME, CODES, LASTED, WHO, NOTE, ITEM = range(6)
HEADINGS = ("Time", "Codes", "Lasted", "Who", "Note", "Agenda item")
ObservationRole = Qt.ItemDataRole.UserRole + 1
UuidRole = Qt.ItemDataRole.UserRole + 2

RUNNING = "running"


def lasted_text(observation: Observation) -> str:
    """Return how long a state lasted, "running" while it runs, and nothing for a moment."""
    if not is_state(observation):
        return ""
    return (
        RUNNING if observation.duration_seconds is None else elapsed(observation.duration_seconds)
    )


def is_state(observation: Observation) -> bool:
    return observation.duration_seconds is not None or any(
        code.kind is CodeKind.STATE for code in observation.codes
    )


def is_running(observation: Observation) -> bool:
    """True for a state that has started and not yet stopped."""
    return observation.duration_seconds is None and is_state(observation)


def note_text(observation: Observation) -> str:
    """Return a note's first line, marked with an ellipsis when there is more."""
    lines = observation.note.strip().splitlines()
    if not lines:
        return ""
    return lines[0] + (" …" if len(lines) > 1 else "")


def _sort_key(observation: Observation) -> tuple[float, int]:
    # Newest first: the reverse of the session's own order (time into the session, then id).
    return (-observation.offset_seconds, -observation.id)


def _session_order(observation: Observation) -> tuple[float, int]:
    return (observation.offset_seconds, observation.id)


class TimelineModel(QAbstractTableModel):
    """The session's captures, newest first (or oldest first, in the session's own order)."""

    def __init__(
        self, room: tzinfo, parent: QObject | None = None, *, oldest_first: bool = False
    ) -> None:
        super().__init__(parent)
        self._room = room
        self._sort_key = _session_order if oldest_first else _sort_key
        self._rows: list[Observation] = []
        self._keys: list[tuple[float, int]] = []  # the rows' sort keys, for bisecting
        # So that finding a row, and counting running states, stay quick with thousands.
        self._by_uuid: dict[str, Observation] = {}
        self._running: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    # Changing the rows -------------------------------------------------------------------------

    def load(self, observations: Iterable[Observation]) -> None:
        """Show these captures (in any order) in place of all others."""
        self.beginResetModel()
        self._rows = sorted(observations, key=self._sort_key)
        self._keys = [self._sort_key(row) for row in self._rows]
        self._by_uuid = {row.uuid: row for row in self._rows}
        self._running = {row.uuid for row in self._rows if is_running(row)}
        self.endResetModel()

    def add(self, observation: Observation) -> int:
        """Insert a capture where it belongs (the top, unless back-dated); return its row.

        A capture already shown is replaced instead.
        """
        if self.row_of(observation.uuid) is not None:
            return self.replace(observation)
        key = self._sort_key(observation)
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, observation)
        self._keys.insert(row, key)
        self._note(observation)
        self.endInsertRows()
        return row

    def _note(self, observation: Observation) -> None:
        self._by_uuid[observation.uuid] = observation
        if is_running(observation):
            self._running.add(observation.uuid)
        else:
            self._running.discard(observation.uuid)

    def replace(self, observation: Observation) -> int:
        """Show a capture's new state in its row; one moved in time moves to its new place."""
        row = self.row_of(observation.uuid)
        if row is None:
            return self.add(observation)
        if self._sort_key(observation) != self._keys[row]:
            self.remove(observation.uuid)
            return self.add(observation)
        self._rows[row] = observation
        self._note(observation)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return row

    def remove(self, uuid: str) -> int | None:
        """Take a capture's row away; return the row it had, or None if it was not shown."""
        row = self.row_of(uuid)
        if row is None:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row], self._keys[row], self._by_uuid[uuid]
        self._running.discard(uuid)
        self.endRemoveRows()
        return row

    # Reading -----------------------------------------------------------------------------------

    def row_of(self, uuid: str) -> int | None:
        shown = self._by_uuid.get(uuid)
        if shown is None:
            return None
        row = bisect.bisect_left(self._keys, self._sort_key(shown))
        if row < len(self._rows) and self._rows[row].uuid == uuid:
            return row
        return next(row for row, other in enumerate(self._rows) if other.uuid == uuid)

    @property
    def running_count(self) -> int:
        """Return how many states shown are still running."""
        return len(self._running)

    def uuid_of_id(self, observation_id: int) -> str | None:
        """Return the UUID of the capture shown with this id (ids are only good for now)."""
        for observation in self._rows:
            if observation.id == observation_id:
                return observation.uuid
        return None

    def observation(self, row: int) -> Observation:
        return self._rows[row]

    @property
    def observations(self) -> tuple[Observation, ...]:
        return tuple(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        observation = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(observation, column)
        if role == Qt.ItemDataRole.DecorationRole and column == CODES and observation.codes:
            return QColor(observation.codes[0].colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(observation, column)
        if role == Qt.ItemDataRole.FontRole and is_running(observation):
            return self._bold
        if role == ObservationRole:
            return observation
        if role == UuidRole:
            return observation.uuid
        return None

    def _text(self, observation: Observation, column: int) -> str:
        if column == TIME:
            return f"{observation.occurred_at.astimezone(self._room):%H:%M:%S}"
        if column == CODES:
            return codes_text(observation)
        if column == LASTED:
            return lasted_text(observation)
        if column == WHO:
            return who_text(observation)
        if column == NOTE:
            return note_text(observation)
        return observation.agenda_item_title

    def _tooltip(self, observation: Observation, column: int) -> str | None:
        if column == CODES:
            lines = [
                f"{code.scheme_name}: {code.label}"
                + (f" – {code.qualifier}" if code.qualifier else "")
                for code in observation.codes
            ]
            return rich_tooltip("\n".join(lines) or codes_text(observation))
        if column == NOTE:
            return rich_tooltip(observation.note)
        if column == TIME:
            into = f"{elapsed(observation.offset_seconds)} into the session"
            item = observation.agenda_item_title
            return rich_tooltip(f"{into}\n{item}" if item else into)
        return rich_tooltip(self._text(observation, column))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADINGS[section]
        return None
