"""The shortcut sheet: every key live capture answers to, in large print."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from facilitator.domain.enums import CodeKind
from facilitator.domain.snapshots import CodingScheme

SHEET_KEYS = (  # (key, meaning); a blank key starts a section
    ("", "Any time"),
    ("a–z, 0–9", "the code with that key in the current scheme"),
    ("Tab", "next scheme (Shift+Tab: previous)"),
    ("Space", "a note with no code"),
    (".", "mark this moment, to code later"),
    ("↑ / ↓", "choose a marked moment, then press a code key"),
    ("F1 or ?", "this sheet"),
    ("Ctrl+R", "open or close the room view on the projector"),
    ("Ctrl+B", "blank the room view at once, and bring it back"),
    ("", ""),
    ("", "In the capture bar: who first, then the note"),
    ("3", "participant 3 (numbers as in the roster)"),
    ("0 or g", "the whole group"),
    ("3>7", "from 3 to 7 (who challenged whom)"),
    ("@ and letters", "an organisation or a person by name"),
    ("1–9", "the qualifier, when offered (Space skips)"),
    ("Alt+← / →", "30 seconds earlier / later"),
    ("Enter", "save"),
    ("Esc", "close, keeping the code without a note"),
)


def sheet_text(schemes: Sequence[CodingScheme], *, current: int) -> str:
    """Return every key live capture answers to, as plain text; scheme `current` is marked."""
    lines = [f"  {key:<15}{meaning}" if key else meaning for key, meaning in SHEET_KEYS]
    for number, scheme in enumerate(schemes):
        lines += ["", scheme.name + ("   (current)" if number == current else "")]
        for code in scheme.codes:
            state = "   (on/off)" if code.kind is CodeKind.STATE else ""
            lines.append(f"  {code.key:<15}{code.label}{state}")
    return "\n".join(lines) + "\n"


class ShortcutSheet(QDialog):
    """Every live-capture key, in large print; F1, ? or Esc closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture keys")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPixelSize(18)
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.resize(860, 860)

    def set_text(self, text: str) -> None:
        self.text.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F1 or event.text() == "?":
            self.reject()
            return
        super().keyPressEvent(event)
