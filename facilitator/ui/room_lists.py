"""The room controls' two lists: the group's principles, and what is approved for the room."""

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.room import ApprovedItems
from facilitator.domain.snapshots import Conflict, ParkingItem

NEW_PRINCIPLE = "New principle"
_KIND = Qt.ItemDataRole.UserRole
_ID = Qt.ItemDataRole.UserRole + 1
APPROVE_COLUMN = 1


class PrinciplesEditor(QWidget):
    """An editable, reorderable list of the group's principles for working together."""

    principles_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Principles for working together")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.add_button = QPushButton("Add", self)
        self.remove_button = QPushButton("Remove", self)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.list.itemChanged.connect(self._changed)
        self.list.model().rowsMoved.connect(self._changed)
        self.list.currentRowChanged.connect(self._enable)
        self._enable()

    def principles(self) -> list[str]:
        """Return the principles in order, leaving out blank ones."""
        texts = (self.list.item(row).text().strip() for row in range(self.list.count()))
        return [text for text in texts if text]

    def set_principles(self, principles: Sequence[str]) -> None:
        """Show these principles without announcing a change."""
        self.list.blockSignals(True)
        self.list.clear()
        for text in principles:
            self.list.addItem(self._item(text))
        self.list.blockSignals(False)
        self._enable()

    def add(self) -> None:
        """Add a principle after the current one and start editing it."""
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = self._item(NEW_PRINCIPLE)
        self.list.blockSignals(True)
        self.list.insertItem(row, item)
        self.list.blockSignals(False)
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def remove(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._changed()

    def move(self, step: int) -> None:
        """Move the current principle up (-1) or down (1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self.list.blockSignals(True)
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(target)
        self._changed()

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _enable(self, *_: object) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)

    def _changed(self, *_: object) -> None:
        self._enable()
        self.principles_changed.emit(self.principles())


class ApprovalList(QTreeWidget):
    """Parked items and conflict titles, each with an "Approve for the room" tick."""

    approvals_changed = Signal(object)  # ApprovedItems

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Item", "Approve for the room"])
        self.setAccessibleName("Parked items and conflicts to approve for the room")
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
        self._parked = QTreeWidgetItem(self, ["Parked items"])
        self._conflicts = QTreeWidgetItem(self, ["Conflicts"])
        for group in (self._parked, self._conflicts):
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setExpanded(True)
        self.itemChanged.connect(self._changed)

    def set_items(
        self,
        parked: Sequence[ParkingItem],
        conflicts: Sequence[Conflict],
        approved: ApprovedItems,
    ) -> None:
        """Show these items, ticking the approved ones, without announcing a change."""
        self.blockSignals(True)
        for group, entries, chosen, kind in (
            (self._parked, [(item.id, item.text) for item in parked], approved.parked, "parked"),
            (self._conflicts, [(c.id, c.title) for c in conflicts], approved.conflicts, "conflict"),
        ):
            group.takeChildren()
            for ident, text in entries:
                child = QTreeWidgetItem(group, [text])
                child.setData(0, _KIND, kind)
                child.setData(0, _ID, ident)
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                state = Qt.CheckState.Checked if ident in chosen else Qt.CheckState.Unchecked
                child.setCheckState(APPROVE_COLUMN, state)
            group.setExpanded(True)
        self.blockSignals(False)

    def approved(self) -> ApprovedItems:
        def ticked(group: QTreeWidgetItem) -> frozenset[int]:
            return frozenset(
                int(group.child(i).data(0, _ID))
                for i in range(group.childCount())
                if group.child(i).checkState(APPROVE_COLUMN) == Qt.CheckState.Checked
            )

        return ApprovedItems(parked=ticked(self._parked), conflicts=ticked(self._conflicts))

    def entry(self, kind: str, ident: int) -> QTreeWidgetItem | None:
        """Return the row of a parked item ("parked") or conflict ("conflict") by id."""
        group = self._parked if kind == "parked" else self._conflicts
        for index in range(group.childCount()):
            if group.child(index).data(0, _ID) == ident:
                return group.child(index)
        return None

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == APPROVE_COLUMN:
            self.approvals_changed.emit(self.approved())
