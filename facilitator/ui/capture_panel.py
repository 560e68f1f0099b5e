"""The capture panel: one key records a code at the moment it is pressed.

The panel shows the session's coding schemes as a strip of tabs, each with its keys, and the
current scheme's codes below as large key caps; Tab makes the next scheme current, so any
code is at most two keystrokes away. A code key writes the capture at once, stamped at the
press. The capture bar then takes the key caps' place, for who, a note, a qualifier or "that
was two minutes ago"; what is typed there amends the capture already on disk, so an
interruption never loses the moment. A capture the file refused waits in the LiveRun, and
the panel says "waiting to be saved", never "saved".

The panel lays out the widgets and writes captures; its parts do the rest through it:
CaptureKeys (which key does what), BarFlow (the capture the bar is working on),
RunningStates, MarkedMoments and the ScanPrompt.
"""

import sys
from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from facilitator.domain.capture_entry import names_for
from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, CodeKind
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.snapshots import Code, CodingScheme, Observation, Participant
from facilitator.domain.timezones import zone
from facilitator.logs import log_unexpected
from facilitator.services import capture, live
from facilitator.services.capture import CaptureRequest, Receipt
from facilitator.services.live_run import LiveRun
from facilitator.ui.bar_flow import BarFlow, OpenCapture
from facilitator.ui.capture_bar import CaptureBar
from facilitator.ui.capture_keys import CaptureKeys
from facilitator.ui.capture_look import look_for, panel_style, plain_label, restyle
from facilitator.ui.capture_widgets import CodeGrid, RosterStrip, SchemeTab
from facilitator.ui.keys_dialog import KeysDialog
from facilitator.ui.marked_moments import MarkedMoments
from facilitator.ui.running_states import RunningStates
from facilitator.ui.scan_prompt import ScanPrompt
from facilitator.ui.shortcut_sheet import ShortcutSheet, sheet_text
from facilitator.ui.undo import UndoHub

TICK_MS = 1000  # running states and the scan prompt need no finer clock


class CapturePanel(QWidget):
    """The key panel, the capture bar and everything a key press in live mode does."""

    captured = Signal(object)  # Observation: written or amended (a state stopped included)
    changes_made = Signal(object)  # Changes that are not one capture (keys changed)

    def __init__(self, run: LiveRun, hub: UndoHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.hub = hub
        self.setObjectName("capturePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        try:
            self._zone: tzinfo | None = zone(run.detail.timezone)
        except FacilitatorError:
            self._zone = None  # the computer's own zone
        self.roster: tuple[Participant, ...] = run.detail.cohort
        self.named = names_for(self.roster, run.detail.organisations)
        self.current = 0
        self.sheet: ShortcutSheet | None = None
        self.capture_keys = CaptureKeys(self)
        self.bar_flow = BarFlow(self)
        self.running_states = RunningStates(self)
        self.marked_moments = MarkedMoments(self)
        self._pending_seen = len(run.pending)
        self._build()
        self._show_schemes()
        self._load(run.detail.observations)
        self.set_theme(None)
        # Undo, redo and edits in the timeline change captures behind the panel's back.
        self._pushing = False
        self._refresh_soon = QTimer(self, singleShot=True, interval=0)
        self._refresh_soon.timeout.connect(self.refresh)
        hub.stack_for(run.session_id).indexChanged.connect(self._history_moved)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    # Building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs_row = QHBoxLayout()
        self.tabs_row.setSpacing(8)
        self.tabs: list[SchemeTab] = []
        self.grids = QStackedWidget()
        keys_page = QWidget()
        keys_layout = QVBoxLayout(keys_page)
        keys_layout.setContentsMargins(0, 0, 0, 0)
        keys_layout.setSpacing(6)
        keys_layout.addLayout(self.tabs_row)
        keys_layout.addWidget(self.grids, 1)
        self.roster_strip = RosterStrip(self.roster, self.bar_flow.roster_picked)
        self.bar = CaptureBar(self.named, self.roster_strip)
        self.bar.entry.installEventFilter(self)
        self.bar.entry.textChanged.connect(self.bar_flow.entry_changed)
        self.stack = QStackedWidget()  # the key caps, or the bar in their place while open
        self.stack.addWidget(keys_page)
        self.stack.addWidget(self.bar)

        self.no_running = self.running_states.none
        self.marks_view = self.marked_moments.view
        self.prompt = ScanPrompt(
            elapsed=lambda: self.run.timer.elapsed(),
            current_scheme=self.current_scheme,
            schemes=self.run.schemes,
        )
        self.scan_check, self.scan_spin = self.prompt.check, self.prompt.spin
        self.notice = plain_label("", "notice", wrap=True)
        self.sheet_button = QPushButton("All keys (F1)")
        self.sheet_button.clicked.connect(self.show_sheet)
        self.settings_button = QToolButton()
        self.settings_button.setText("Settings")
        self.settings_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.settings_button.setMenu(self._settings_menu())
        for widget in (self.sheet_button, self.settings_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard belongs to capture

        status_row = QHBoxLayout()
        status_row.setSpacing(8)
        status_row.addWidget(plain_label("Running:", "rowTitle"))
        status_row.addLayout(self.running_states.box)
        status_row.addWidget(self.no_running)
        status_row.addSpacing(24)
        status_row.addWidget(plain_label("Marked:", "rowTitle"))
        status_row.addWidget(self.marks_view, 1)
        status_row.addWidget(self.marked_moments.none, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.notice, 1)
        footer.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignTop)
        footer.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.stack, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.prompt)
        layout.addLayout(footer)

    def _settings_menu(self) -> QMenu:
        """Return the menu of things set once a session: keys, and the scan prompt."""
        menu = QMenu(self)
        menu.addAction("Keys…", self.edit_keys)
        scan = QWidgetAction(menu)
        scan.setDefaultWidget(self.prompt.setting_row())
        menu.addAction(scan)
        return menu

    def set_theme(self, theme: object) -> None:
        """Follow the live window's theme (normal, or high contrast for dim rooms)."""
        self.setStyleSheet(panel_style(look_for(theme)))

    def _show_schemes(self) -> None:
        for tab in self.tabs:
            tab.hide()
            tab.deleteLater()
        while self.grids.count():
            grid = self.grids.widget(0)
            self.grids.removeWidget(grid)
            grid.deleteLater()
        self.tabs = [SchemeTab(s, n) for n, s in enumerate(self.run.schemes, start=1)]
        for tab in self.tabs:
            self.tabs_row.addWidget(tab, 1)
        self.code_grids = [CodeGrid(scheme) for scheme in self.run.schemes]
        for grid in self.code_grids:
            self.grids.addWidget(grid)
        self.current = min(self.current, max(0, len(self.tabs) - 1))
        self.scheme_of = {code.id: s for s in self.run.schemes for code in s.codes}
        self._show_current()
        self.running_states.show()

    def _show_current(self) -> None:
        for number, tab in enumerate(self.tabs):
            tab.set_current(number == self.current)
        if self.code_grids:
            self.grids.setCurrentIndex(self.current)

    def _load(self, observations: Sequence[Observation]) -> None:
        """Take running states and uncoded marks from the stored session, keeping those that
        still wait to be saved."""
        waiting = {request.uuid for request in self.run.pending}
        self.running_states.take(observations, waiting)
        self.marked_moments.take(observations, waiting)
        self.running_states.show()
        self.marked_moments.show()

    def refresh(self) -> None:
        """Read the session again (after an undo, or an edit in the timeline)."""
        self._load(self.run.reload().observations)

    def reload_schemes(self) -> None:
        """Read the session's schemes again (after their keys changed)."""
        self.run.schemes = live.session_schemes(self.run.db, self.run.session_id)
        self._show_schemes()

    # Keys: which key does what is in CaptureKeys -------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab changes the scheme here; it never moves the focus away from capture.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self.handle_key(event)
        ):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Keys typed straight into the bar (it has the focus) still save, close and move back.
        if watched is self.bar.entry and self.capture_keys.typed_in_bar(event):
            assert isinstance(event, QKeyEvent)
            return self.capture_keys.handle_in_bar(event)
        return super().eventFilter(watched, event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a key press in live mode; return False for keys that are not capture keys."""
        return self.capture_keys.handle(event)

    @property
    def bar_open(self) -> bool:
        return self.bar_flow.open is not None

    def cycle_scheme(self, step: int) -> None:
        """Make the next (or, with -1, the previous) scheme current."""
        if self.tabs:
            self.current = (self.current + step) % len(self.tabs)
            self._show_current()
            self.prompt.ask()

    def current_scheme(self) -> CodingScheme | None:
        return self.run.schemes[self.current] if self.run.schemes else None

    def code_key(self, key: str) -> None:
        """Record the current scheme's code with `key`, or say where that key is."""
        scheme = self.current_scheme()
        code = next((c for c in scheme.codes if c.key == key), None) if scheme else None
        if code is not None:
            self.press_code(code)
            return
        elsewhere = [(s, c) for s in self.run.schemes for c in s.codes if c.key == key]
        if elsewhere:
            other, found = elsewhere[0]
            self.say(f"“{key}” is {found.label} in {other.name}: press Tab to get there first.")
        else:
            self.say(f"No code has the key “{key}”. F1 shows every key.")

    # Captures ------------------------------------------------------------------------------

    def press_code(self, code: Code) -> None:
        """Record `code` now (or code the chosen marked moment with it), then open the bar."""
        mark = self.marked_moments.chosen()
        if mark is not None:
            self.marked_moments.code(mark, code)
            return
        request = self.run.request(code_ids=(code.id,))  # the moment: before anything else
        receipt = self.write(request)
        states = self.running_states
        states.news = ""
        stopped = False
        try:
            self.prompt.answer(code, self.scheme_of)
            stopped = code.kind is CodeKind.STATE and states.toggle(code, request, receipt)
        finally:  # whatever else fails, the bar opens, so typing never lands on code keys
            if not stopped:
                asking = bool(code.qualifier_choices)
                opened = OpenCapture(request, code, receipt, asking=asking, news=states.news)
                self.bar_flow.start(opened)

    def start_note(self) -> None:
        """Stamp a note with no code now; Enter writes it."""
        request = self.run.request(kind=CaptureKind.NOTE)
        self.bar_flow.start(OpenCapture(request, None, None, written=False))

    def mark_moment(self) -> None:
        """Write an uncoded mark now, to code when there is a breath."""
        self.marked_moments.mark_now()

    def write(self, request: CaptureRequest) -> Receipt | None:
        """Submit a capture; None means the file refused it for now and it waits."""
        receipt = self.run.submit(request)
        if receipt is None:
            return None
        try:
            self._remember_for_undo(request, receipt)
        except Exception:  # the capture is safe on disk; only its undo step is missing
            log_unexpected(*sys.exc_info())
        if receipt.uuid == request.uuid:
            self.emit_capture(receipt.id)
        return receipt

    def _remember_for_undo(self, request: CaptureRequest, receipt: Receipt) -> None:
        """Put a capture already written on the session's undo history."""
        from facilitator.services.capture_commands import RecordCapture

        self._pushing = True  # the panel already shows this capture: no need to read again
        try:
            self.hub.push_done(RecordCapture(request, receipt, schemes=self.run.schemes))
        finally:
            self._pushing = False

    def _history_moved(self, _index: int) -> None:
        if not self._pushing:
            self._refresh_soon.start()

    def emit_capture(self, observation_id: int) -> Observation | None:
        """Tell the window about a capture as it now stands (None if it cannot be read)."""
        try:
            observation = capture.capture(self.run.db, observation_id)
        except Exception:  # a capture written but not read back must not stop the bar
            log_unexpected(*sys.exc_info())
            return None
        self.captured.emit(observation)
        return observation

    def tick(self) -> None:
        """Bring running times and the scan prompt up to the clock."""
        elapsed = self.run.timer.elapsed()
        self.running_states.tick(elapsed)
        if len(self.run.pending) != self._pending_seen:  # the window tried them again
            self._pending_seen = len(self.run.pending)
            self.marked_moments.show()
            self.bar_flow.show()
        self.prompt.tick(elapsed)

    # Scan sampling, keys and help ----------------------------------------------------------

    @property
    def scan_minutes(self) -> int | None:
        return self.prompt.minutes

    def set_scan_minutes(self, minutes: int | None) -> None:
        """Ask for the dialogue pattern every `minutes` of session time (None: never)."""
        self.prompt.set_minutes(minutes)

    def edit_keys(self) -> None:
        """Open the Keys dialog; show the new keys if any changed."""
        if KeysDialog.edit(self, self.run.db, self.run.schemes):
            self.reload_schemes()
            self.changes_made.emit(Changes(schemes=True))

    def shortcut_sheet(self) -> str:
        """Return every key live capture answers to, as plain text."""
        return sheet_text(self.run.schemes, current=self.current)

    def show_sheet(self) -> None:
        """Show the shortcut sheet beside the live window; it does not block."""
        if self.sheet is None:
            self.sheet = ShortcutSheet(self)
        self.sheet.set_text(self.shortcut_sheet())
        self.sheet.show()
        self.sheet.raise_()

    # Words ---------------------------------------------------------------------------------

    def clock(self, moment: datetime) -> str:
        """Return `moment` as the room's clock shows it: "14:05:09"."""
        return f"{moment.astimezone(self._zone):%H:%M:%S}"

    def say(self, text: str, *, tone: str = "") -> None:
        """Say `text` in the panel's notice line, in a tone ("saved", "problem"...)."""
        self.notice.setText(text)
        restyle(self.notice, tone=tone if text else "")

    def said(self, text: str, *, saved: bool = True) -> None:
        """Say what became of a capture: saved, or waiting (never "saved" unless it is)."""
        if saved:
            self.say(f"✓ Saved: {text}", tone="saved")
        else:  # the window's banner says why, and offers to save to another file
            self.say(
                f"Waiting to be saved: {text.rstrip('.')}. Kept here and tried again.",
                tone="waiting",
            )
