"""Choose the coding schemes live capture offers in a session, and their order.

The order is the order of the key panel: the first scheme's keys are ready when the session
goes live, and Tab moves to the next.
"""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from facilitator.domain.errors import InvalidInputError
from facilitator.domain.snapshots import CodingScheme
from facilitator.ui.forms import FormDialog

_ID = Qt.ItemDataRole.UserRole
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}


class SchemeChoiceDialog(FormDialog):
    """Tick the schemes for a session and put them in order."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        schemes: Sequence[CodingScheme],
        chosen: Sequence[CodingScheme],
    ) -> None:
        super().__init__(parent, title="Coding schemes for this session")
        self.setMinimumWidth(520)
        chosen_ids = [scheme.id for scheme in chosen]
        ordered = [*chosen, *(s for s in schemes if s.id not in chosen_ids)]
        self.list = QListWidget()
        self.list.setAccessibleName("Coding schemes")
        for scheme in ordered:
            item = QListWidgetItem(f"{scheme.name}  ({len(scheme.codes)} codes)")
            item.setData(_ID, scheme.id)
            item.setToolTip(scheme.description)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            ticked = scheme.id in chosen_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * min(len(ordered), 9) + 8)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.list.installEventFilter(self)  # Alt+Up and Alt+Down move, as in the agenda
        row = QHBoxLayout()
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        help_text = QLabel(
            "Tick the schemes to capture with. The first one's keys are ready when the session "
            "goes live; Tab moves to the next. The room view's balance of advocacy and inquiry "
            "and its four-player mix need those two schemes."
        )
        help_text.setWordWrap(True)
        self.add_field("schemes", "Schemes:", self.list)
        self.form.addRow("", holder)
        self.form.addRow("", help_text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = _MOVES.get(event.key())
            if step is not None and event.modifiers() == Qt.KeyboardModifier.AltModifier:
                self.move(step)
                return True
        return super().eventFilter(watched, event)

    def move(self, step: int) -> None:
        """Move the current scheme up (-1) or down (1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def chosen_ids(self) -> list[int]:
        """Return the ticked schemes' ids, in their order."""
        return [
            int(self.list.item(row).data(_ID))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        schemes: Sequence[CodingScheme],
        chosen: Sequence[CodingScheme],
        save: Callable[[list[int]], None],
    ) -> bool:
        """Show the dialog; OK calls `save` with the chosen ids, which may refuse them."""
        dialog = cls(parent, schemes=schemes, chosen=chosen)

        def save_chosen() -> None:
            ids = dialog.chosen_ids()
            if not ids:
                raise InvalidInputError(
                    "Choose at least one coding scheme: live capture needs keys.", field="schemes"
                )
            save(ids)

        dialog.set_save(save_chosen)
        return bool(dialog.exec())
