"""What the live window leans on: the author prompt, the waiting-captures banner, and the
filter that sends key presses to the capture panel."""

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from facilitator.ui.live_window import LiveWindow

TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class KeyHandler(Protocol):
    def handle_key(self, event: QKeyEvent) -> bool: ...


class AuthorDialog:
    """Ask, once per laptop, whose name signs the captures."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        name, accepted = QInputDialog.getText(
            parent,
            "Sign your captures",
            "Your name, to sign your captures\n(so two facilitators' captures can be merged):",
        )
        return name.strip() if accepted and name.strip() else None


def choose_captures_path(parent: QWidget | None, *, suggested: Path) -> Path | None:
    """Ask where to save the captures still waiting; return None if the user cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Save the waiting captures", str(suggested), "Captures (*.json)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".json" else path.with_name(path.name + ".json")


class PendingBanner(QFrame):
    """Says, in words and a strong colour, that captures are waiting to be saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pendingBanner")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.try_again_button = QPushButton("Try again")
        self.save_button = QPushButton("Save them to a file…")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.try_again_button)
        layout.addWidget(self.save_button)
        self.hide()


class KeyForwarder(QObject):
    """Sends key presses meant for the live window to the capture panel first."""

    def __init__(self, window: "LiveWindow") -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        window = self._window
        panel = window.capture_panel
        if panel is None or not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and focus.window() is not window:
            focus = None
        # A key event travels from the focus widget up to the window; take it at its first
        # stop only, so the panel sees each key once.
        if watched is not (focus or window) or _is_text_field(focus):
            return False
        return bool(panel.handle_key(event))  # type: ignore[arg-type]


def _is_text_field(widget: QWidget | None) -> bool:
    if widget is None:
        return False
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, TEXT_INPUTS)
