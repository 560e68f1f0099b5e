"""The Keys dialog: which key records each code of the session's schemes."""

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.snapshots import Code, CodingScheme
from facilitator.services import schemes as scheme_service
from facilitator.ui.capture_look import plain_label


class _KeyEdit(QLineEdit):
    """A one-character box: typing a character asks for that key at once."""

    key_typed = Signal(str)

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.setMaxLength(1)
        self.setFixedWidth(48)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isprintable() and not text.isspace():
            self.key_typed.emit(text)
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            return  # a code always has a key
        super().keyPressEvent(event)


class KeysDialog(QDialog):
    """The capture keys of the session's schemes; each change is saved as it is typed."""

    def __init__(
        self, db: Any, schemes: Sequence[CodingScheme], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture keys")
        self.db = db
        self.changed = False
        self.edits: dict[int, _KeyEdit] = {}
        self._keys: dict[int, str] = {}
        intro = plain_label(
            "Type a letter or a digit beside a code to give it that key. Keys belong to a "
            "scheme: two codes of one scheme cannot share a key.",
            wrap=True,
        )
        columns = QHBoxLayout()
        for scheme in schemes:
            box = QGroupBox(scheme.name)
            grid = QGridLayout(box)
            for row, code in enumerate(scheme.codes):
                edit = _KeyEdit(code.key)
                edit.setAccessibleName(f"Key for {code.label}")
                edit.key_typed.connect(partial(self._change, code))
                self.edits[code.id] = edit
                self._keys[code.id] = code.key
                grid.addWidget(edit, row, 0)
                grid.addWidget(plain_label(code.label), row, 1)
            columns.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        self.message = plain_label("", wrap=True)
        self.message.setMinimumHeight(48)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @classmethod
    def edit(cls, parent: QWidget | None, db: Any, schemes: Sequence[CodingScheme]) -> bool:
        """Show the dialog; return True if any key changed."""
        dialog = cls(db, schemes, parent)
        dialog.exec()
        return dialog.changed

    def _change(self, code: Code, key: str) -> None:
        edit = self.edits[code.id]
        try:
            scheme_service.set_code_key(self.db, code_id=code.id, key=key)
        except FacilitatorError as error:
            edit.setText(self._keys[code.id])
            self.message.setText(str(error))
            self.message.setStyleSheet("background: #FFE1DC; color: #5C1000; padding: 6px;")
            return
        self._keys[code.id] = key.lower()
        edit.setText(key.lower())
        self.changed = True
        self.message.setText(f"“{code.label}” now has the key “{key.lower()}”.")
        self.message.setStyleSheet("padding: 6px;")
