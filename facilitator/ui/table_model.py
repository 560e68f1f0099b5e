"""A thin read-only table model over a list of snapshots, described by its columns."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from facilitator.ui.formatting import rich_tooltip

SnapshotRole = Qt.ItemDataRole.UserRole + 1

type Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its heading and how a snapshot shows in it."""

    title: str
    text: Callable[[Any], str]
    colour: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    right_aligned: bool = False
    max_width: int = 260  # pixels; columns are sized to their contents up to this


class SnapshotTableModel(QAbstractTableModel):
    """Rows are frozen snapshots; columns say how to show them."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        """Add rows at the end without resetting the view (keeps selection and scrolling)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def row_snapshot(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        snapshot = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(snapshot)
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_tooltip((column.tooltip or column.text)(snapshot))
        if role == Qt.ItemDataRole.DecorationRole and column.colour is not None:
            colour = column.colour(snapshot)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right_aligned:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SnapshotRole:
            return snapshot
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        return str(section + 1)
