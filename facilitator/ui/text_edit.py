"""A plain-text box that saves when the user leaves it, like a line edit's editingFinished."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class CommittingTextEdit(QPlainTextEdit):
    """Emits `committed` when it loses focus with text different from what it was given."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None, *, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        metrics = self.fontMetrics()
        self.setMinimumHeight(metrics.lineSpacing() * lines + 12)
        self._given = ""

    def set_text_quietly(self, text: str) -> None:
        """Show `text` as the saved value, leaving the box alone if it already shows it."""
        self._given = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._given:
            self._given = self.toPlainText()
            self.committed.emit()
