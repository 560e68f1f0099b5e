"""Which key does what in live capture: key presses turned into the capture panel's actions.

Keys with the bar closed:
    a-z, 0-9        the code with that key in the current scheme (a state code toggles)
    Tab, Shift+Tab  next / previous scheme
    Space           a note with no code (stamped now, written when Enter is pressed)
    .               mark this moment; later Up/Down choose it and a code key codes it
    F1, ?           the shortcut sheet
Keys in the bar (the first words say who; the rest is the note):
    3   0 or g   3>7   @name     participant 3, the whole group, from 3 to 7, a name
    1-9             the qualifier, when the code has one (the first key; Space skips)
    Alt+Left/Right  30 s earlier / later
    Enter           save;  Esc closes, keeping the code (and its time) without the text
"""

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from facilitator.domain.capture_entry import qualifier_choice
from facilitator.domain.errors import FacilitatorError
from facilitator.logs import log_unexpected

if TYPE_CHECKING:
    from facilitator.ui.capture_panel import CapturePanel

BACKDATE_STEP = 30  # seconds per Alt+Left
CHORDS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class CaptureKeys:
    """Reads each key press in live mode and calls the panel's action for it."""

    def __init__(self, panel: "CapturePanel") -> None:
        self.panel = panel
        self.forwarding = False  # a key the bar did not want is on its way to the entry

    def handle(self, event: QKeyEvent) -> bool:
        """Act on a key press in live mode; return False for keys that are not capture keys."""
        if event.type() != QEvent.Type.KeyPress or self.forwarding:
            return False  # (while forwarding: a key the bar did not want, coming back up)
        if self.panel.bar_open:
            return self._guarded(lambda: self._bar_key(event, forward=True))
        return self._guarded(lambda: self._idle_key(event))

    def typed_in_bar(self, event: QEvent) -> bool:
        """Return True for a key press typed straight into the open bar's entry."""
        return (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not self.forwarding
            and self.panel.bar_open
        )

    def handle_in_bar(self, event: QKeyEvent) -> bool:
        """Act on a key typed into the bar; return False to let the entry type it."""
        return self._guarded(lambda: self._bar_key(event, forward=False))

    def _guarded(self, act: Callable[[], bool]) -> bool:
        """Do a key's work; a problem is said in the panel, never raised into Qt."""
        try:
            return act()
        except FacilitatorError as error:
            self.panel.say(str(error), tone="problem")
        except Exception:
            log_unexpected(*sys.exc_info())
            self.panel.say(
                "That key could not be acted on; everything already saved is safe. "
                "The details are in the log.",
                tone="problem",
            )
        return True

    def _idle_key(self, event: QKeyEvent) -> bool:
        panel = self.panel
        key, text = event.key(), event.text()
        if event.modifiers() & CHORDS:
            return False  # the window's shortcuts
        if event.isAutoRepeat():
            return True  # a key held a moment too long is one press, not a stream of captures
        choosing = key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Escape) or (
            len(text) == 1 and text.isascii() and text.isalnum()
        )
        if not choosing and panel.marked_moments.chosen() is not None:
            # Anything but coding the chosen moment lets the choice go, so a later code key
            # records a new capture at its own moment rather than coding an old one.
            panel.marked_moments.view.setCurrentRow(-1)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            panel.cycle_scheme(-1 if key == Qt.Key.Key_Backtab else 1)
        elif key == Qt.Key.Key_F1 or text == "?":
            panel.show_sheet()
        elif text == ".":
            panel.mark_moment()
        elif key == Qt.Key.Key_Space:
            panel.start_note()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and panel.marked_moments.marks:
            panel.marked_moments.view.step(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Escape and panel.marked_moments.chosen() is not None:
            panel.marked_moments.view.setCurrentRow(-1)
        elif len(text) == 1 and text.isascii() and text.isalnum():
            panel.code_key(text.lower())
        else:
            return False
        return True

    def _bar_key(self, event: QKeyEvent, *, forward: bool) -> bool:
        """Handle a key while the bar is open; pass typing on to the entry if `forward`."""
        panel, flow = self.panel, self.panel.bar_flow
        open_ = flow.open
        assert open_ is not None
        key, text = event.key(), event.text()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        choices = open_.code.qualifier_choices if open_.code else ()
        empty = not panel.bar.entry.text()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            flow.save()
        elif key == Qt.Key.Key_Escape:
            flow.close()
        elif alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            flow.move_back(BACKDATE_STEP if key == Qt.Key.Key_Left else -BACKDATE_STEP)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            pass  # the focus stays in the bar
        elif key == Qt.Key.Key_F1:
            panel.show_sheet()
        elif open_.asking and (choice := qualifier_choice(text, choices)) is not None:
            flow.choose_qualifier(choice)
        elif open_.asking and key == Qt.Key.Key_Space and empty:
            flow.ask_qualifier(False)
        elif key == Qt.Key.Key_Backspace and choices and empty and not open_.asking:
            flow.ask_qualifier(True)  # choose the qualifier again
        else:
            if open_.asking and text and text.isprintable():
                flow.ask_qualifier(False)  # typing who or a note: the qualifier is skipped
            if not forward:
                return False
            self.forwarding = True
            try:
                copy = QKeyEvent(event.type(), key, event.modifiers(), text)
                QApplication.sendEvent(panel.bar.entry, copy)
            finally:
                self.forwarding = False
        return True
