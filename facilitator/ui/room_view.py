"""The room view: a second window, for the projector, that mirrors the group's dialogue back.

It shows only the `RoomPicture` it is given. B or the full stop blanks it to black at once, as
presentation software does, and the same key brings it back; while blank, the content widget is
hidden, so nothing of it is painted. Escape leaves full screen without closing: closing is the
facilitator's choice.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QPalette, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from facilitator.domain.room import RoomPicture
from facilitator.ui.room_canvas import RoomCanvas

BLANK_KEYS = (Qt.Key.Key_B, Qt.Key.Key_Period)
FULL_SCREEN_KEY = Qt.Key.Key_F


def screen_label(screen: QScreen) -> str:
    """Return a screen's name and size as the facilitator picks it: "HDMI-1 — 1920 × 1080"."""
    size = screen.size()
    name = screen.name() or "Screen"
    return f"{name} — {size.width()} × {size.height()}"


def screen_choices() -> list[tuple[str, QScreen]]:
    """Return every connected screen with its label, the primary one first."""
    primary = QGuiApplication.primaryScreen()
    screens = sorted(QGuiApplication.screens(), key=lambda screen: screen is not primary)
    return [(screen_label(screen), screen) for screen in screens]


def default_screen(avoid: QScreen | None = None) -> QScreen | None:
    """Return a screen other than `avoid` (the live window's) if there is one."""
    screens = [screen for _, screen in screen_choices()]
    others = [screen for screen in screens if screen is not avoid]
    if others:
        return others[0]
    return screens[0] if screens else None


class RoomWindow(QWidget):
    """A top-level window that shows the room's picture full screen on a chosen screen."""

    blank_changed = Signal(bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Room view")
        self.setObjectName("roomWindow")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.canvas = RoomCanvas(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self._blank = False
        self.resize(1280, 720)

    # What it shows -----------------------------------------------------------------------------

    def show_picture(self, picture: RoomPicture) -> None:
        """Show this picture; only what changed is repainted, in one pass."""
        self.canvas.set_picture(picture)

    @property
    def picture(self) -> RoomPicture:
        return self.canvas.picture

    # Blanking ----------------------------------------------------------------------------------

    @property
    def is_blank(self) -> bool:
        return self._blank

    def set_blank(self, blank: bool) -> None:
        """Blank the window to black, or bring the picture back."""
        if blank == self._blank:
            return
        self._blank = blank
        self.canvas.setVisible(not blank)
        if blank:
            self.canvas.drawn = []
        self.update()
        self.blank_changed.emit(blank)

    def toggle_blank(self) -> None:
        self.set_blank(not self._blank)

    # Screens -----------------------------------------------------------------------------------

    def show_on(self, screen: QScreen | None) -> None:
        """Go full screen on `screen` (the primary one when None)."""
        screen = screen or QGuiApplication.primaryScreen()
        if self.isFullScreen():
            self.showNormal()
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in BLANK_KEYS and plain:
            self.toggle_blank()
        elif key == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
        elif key == FULL_SCREEN_KEY and plain and not self.isFullScreen():
            self.showFullScreen()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
