"""The agenda as a table model: clock times, items, and drag and drop to reorder."""

import json
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from facilitator.domain.agenda import AgendaPlan, PlannedSlot, clock_text
from facilitator.domain.snapshots import AgendaItem
from facilitator.ui.formatting import clock, plural
from facilitator.ui.method_library import METHOD_MIME, method_id_from_mime

AGENDA_MIME = "application/x-facilitator-agenda-item"

type Index = QModelIndex | QPersistentModelIndex

BREAK_BACKGROUND = QColor("#EEF3F8")
WARNING_BACKGROUND = QColor("#FDE7D9")
WARNING_TEXT = QColor("#8A2C00")


@dataclass(frozen=True, slots=True)
class AgendaRow:
    item: AgendaItem
    slot: PlannedSlot | None
    warnings: tuple[str, ...]
    actual: str = ""

    @property
    def has_run(self) -> bool:
        return bool(self.actual)

    @property
    def times(self) -> str:
        if self.slot is None:
            return ""
        return f"{clock_text(self.slot.start)}–{clock_text(self.slot.end)}"


TIME, TITLE, METHOD, MINUTES, ACTUAL, PURPOSE = range(6)
HEADINGS = ("Time", "Item", "Method", "Minutes", "Actual", "Purpose")


class AgendaModel(QAbstractTableModel):
    """One row per agenda item, with its planned clock time."""

    move_requested = Signal(str, int)  # item UUID, new 0-based index
    method_dropped = Signal(int, int)  # method id, 0-based index to insert at

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AgendaRow] = []
        self.pin_icon: Any = None  # given once the icon font has loaded
        self.warning_icon: Any = None

    def set_agenda(
        self, items: tuple[AgendaItem, ...], plan: AgendaPlan, *, zone: tzinfo | None = None
    ) -> None:
        self.beginResetModel()
        self._rows = [
            AgendaRow(
                item=item,
                slot=plan.slots[number] if plan.slots else None,
                warnings=tuple(w.message for w in plan.warnings_for(number)),
                actual=(
                    f"{clock(item.actual_start, zone)}–{clock(item.actual_end, zone)}"
                    if item.actual_start
                    else ""
                ),
            )
            for number, item in enumerate(items)
        ]
        self.endResetModel()

    def row_at(self, row: int) -> AgendaRow:
        return self._rows[row]

    def row_of(self, item_uuid: str) -> int:
        for number, row in enumerate(self._rows):
            if row.item.uuid == item_uuid:
                return number
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADINGS[section]
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        item, column = row.item, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.DecorationRole and column == TIME:
            if row.warnings:
                return self.warning_icon
            return self.pin_icon if item.pinned_time else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.warnings:
                return QBrush(WARNING_BACKGROUND)
            return QBrush(BREAK_BACKGROUND) if item.is_break else None
        if role == Qt.ItemDataRole.ForegroundRole and row.warnings and column == TIME:
            return QBrush(WARNING_TEXT)
        if role == Qt.ItemDataRole.FontRole and item.is_break:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MINUTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: AgendaRow, column: int) -> str:
        item = row.item
        if column == TIME:
            return row.times
        if column == TITLE:
            return item.title
        if column == METHOD:
            return "Break" if item.is_break and not item.method else item.method
        if column == MINUTES:
            return str(item.planned_minutes)
        if column == ACTUAL:
            return row.actual
        return item.purpose.replace("\n", " ")

    @staticmethod
    def _tooltip(row: AgendaRow) -> str:
        item = row.item
        lines = [item.title, plural(item.planned_minutes, "minute")]
        if item.pinned_time:
            lines.append(f"Fixed at {item.pinned_time:%H:%M}")
        lines.extend(row.warnings)
        return "\n".join(lines)

    # Drag and drop -------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME, METHOD_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        if rows:
            payload = {"uuid": self._rows[rows[0]].item.uuid}
            data.setData(AGENDA_MIME, json.dumps(payload).encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(AGENDA_MIME) or data.hasFormat(METHOD_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Turn a drop into a request; the store moves the item and the model is re-read.

        Returning False stops the view removing the dragged row itself.
        """
        target = row if row >= 0 else parent.row() if parent.isValid() else len(self._rows)
        if data.hasFormat(AGENDA_MIME):
            item_uuid = _payload(data, AGENDA_MIME).get("uuid")
            source = self.row_of(item_uuid) if isinstance(item_uuid, str) else -1
            if source >= 0:
                to_index = target if target <= source else target - 1
                if to_index != source:
                    self.move_requested.emit(item_uuid, to_index)
        elif data.hasFormat(METHOD_MIME):
            method_id = method_id_from_mime(data)
            if method_id is not None:
                self.method_dropped.emit(method_id, target)
        return False


def _payload(data: QMimeData, mime: str) -> dict[str, Any]:
    try:
        value = json.loads(bytes(data.data(mime).data()).decode())
    except (UnicodeDecodeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
