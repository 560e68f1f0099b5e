"""The live window: the agenda clock, the day's agenda and the controls to run a session.

The capture panel, the timeline and any side panels are made elsewhere and handed in
(`set_capture_panel`, `set_timeline`, `add_side_panel`), so this window can be tested alone
and the main window does the wiring. Key presses anywhere in the window go to the capture
panel first, unless a text field has the focus: the facilitator's eyes are on the room, not
on where the focus happens to be.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.agenda import minutes_of
from facilitator.domain.backups import AFTER_SESSION
from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.timezones import zone
from facilitator.services import backups, live
from facilitator.ui import dialogs
from facilitator.ui.live_agenda import (
    COL_ITEM,
    COL_TIME,
    LiveAgendaModel,
    expected_end_text,
    live_agenda_rows,
)
from facilitator.ui.live_clock import LiveClockPanel
from facilitator.ui.live_controls import (
    LiveActions,
    add_to_bar,
    fixed_splitter,
    name_control,
    scrolling,
)
from facilitator.ui.live_support import (
    AuthorDialog,
    KeyForwarder,
    KeyHandler,
    PendingBanner,
    choose_captures_path,
)
from facilitator.ui.live_theme import HIGH_CONTRAST, NORMAL, Theme, load_theme, save_theme

if TYPE_CHECKING:
    from facilitator.services.live_run import LiveRun
    from facilitator.ui.live_room import CueLink, RoomLink
    from facilitator.ui.undo import UndoHub

TICK_MS = 1000
RETRY_MS = 5000
ADD_MINUTES = 5
SETTINGS_GEOMETRY = "live/geometry"
SETTINGS_SPLITTER = "live/splitter"
FINISHED = Changes(programmes=True, sessions=True, observations=True)


class LiveWindow(QMainWindow):
    """Runs one session live: the clock, the agenda, the controls, and the panels around."""

    changes_made = Signal(object)  # Changes, after each agenda step
    finished = Signal()
    closing = Signal()  # the window is going: windows it opened (the room view) go too

    def __init__(
        self, run: "LiveRun", hub: "UndoHub", *, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("liveWindow")
        self.run = run
        self.hub = hub
        self._settings = settings
        self._zone = zone(run.detail.timezone)
        self._asked_author = False
        self._saved_count = 0  # waiting captures already copied to a file
        self._finished = False
        self._banner_count = 0  # waiting captures the banner last showed
        self.capture_panel: KeyHandler | None = None
        self._panels: list[QWidget] = []  # made elsewhere; told when the theme changes
        # Made elsewhere too (see live_launch): the pattern cues and the room view.
        self.cue_link: CueLink | None = None
        self.room_link: RoomLink | None = None
        self.theme: Theme = load_theme(settings)
        self.setWindowTitle(f"Live: {run.detail.title} · {run.detail.programme_title}")

        self.clock = LiveClockPanel(run, theme=self.theme)
        self.agenda_model = LiveAgendaModel(self)
        self.agenda_view = self._agenda_view()
        self.agenda_summary = QLabel()
        self.agenda_summary.setObjectName("agendaSummary")
        self.agenda_summary.setWordWrap(True)
        self.banner = PendingBanner()
        self.banner.try_again_button.clicked.connect(self.try_again)
        self.banner.save_button.clicked.connect(self.save_pending)

        self.actions = self._create_actions()
        self.controls = self._toolbar()
        self.capture_placeholder = QLabel("The capture keys appear here.")
        self.capture_placeholder.setObjectName("placeholder")
        self.capture_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.capture_area = scrolling(self.capture_placeholder)
        self.side_tabs = QTabWidget()
        self.side_tabs.hide()
        self._build_layout()

        self._keys = KeyForwarder(self)
        self.tick_timer = QTimer(self, interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.tick_timer.timeout.connect(self.tick)
        self.retry_timer = QTimer(self, interval=RETRY_MS)
        self.retry_timer.timeout.connect(self.try_again)
        self.set_theme(self.theme)
        hub.activate(run.session_id)
        self._restore_layout()
        self.tick()

    # Building ---------------------------------------------------------------------------------

    def _agenda_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("liveAgenda")
        view.setModel(self.agenda_model)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to capturing
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().hide()  # the clock says which item this is
        header = view.horizontalHeader()
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        return view

    def _create_actions(self) -> LiveActions:
        def action(text: str, keys: str | QKeySequence.StandardKey, slot: Any) -> QAction:
            created = QAction(text, self)
            created.setShortcut(QKeySequence(keys))
            name_control(created)
            created.triggered.connect(slot)
            self.addAction(created)  # the shortcut works wherever the focus is in the window
            return created

        high_contrast = action("High contrast", "Ctrl+T", self.toggle_theme)
        high_contrast.setCheckable(True)
        full_screen = action("Full screen", "F11", self.toggle_full_screen)
        full_screen.setCheckable(True)
        group = self.hub.group
        undo = group.createUndoAction(self, "Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = group.createRedoAction(self, "Redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        return LiveActions(
            previous_item=action("Previous item", "Ctrl+Left", self.previous_item),
            next_item=action("Next item", "Ctrl+Right", self.next_item),
            add_time=action(f"Add {ADD_MINUTES} minutes", "Ctrl+=", self.add_time),
            pause=action("Pause", "Ctrl+P", self.toggle_pause),
            finish=action("Finish session…", "Ctrl+Shift+F", self.finish),
            high_contrast=high_contrast,
            full_screen=full_screen,
            undo=undo,
            redo=redo,
        )

    def _toolbar(self) -> QToolBar:
        """Put the controls in a toolbar across the top: it folds what does not fit into a
        menu at its end, so large text never makes the window wider than the screen."""
        bar = QToolBar("Live controls")
        bar.setObjectName("liveControls")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        actions = self.actions
        groups = (
            (actions.previous_item, actions.next_item, actions.add_time, actions.pause),
            (actions.finish,),
            (actions.high_contrast, actions.full_screen),
        )
        for number, group in enumerate(groups):
            if number == 1:
                bar.addSeparator()
            elif number == 2:
                spacer = QWidget()
                spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                bar.addWidget(spacer)
            for action in group:
                add_to_bar(bar, action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def add_control(self, action: QAction) -> None:
        """Add a control made elsewhere (the room view's) to the end of the toolbar; its
        shortcut works wherever the focus is in the window."""
        self.addAction(action)
        name_control(action)
        add_to_bar(self.controls, action)

    def createPopupMenu(self) -> None:  # type: ignore[override]
        return None  # no menu to hide the controls by accident

    def _build_layout(self) -> None:
        agenda_box = QWidget()
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.setContentsMargins(0, 0, 0, 0)
        agenda_layout.addWidget(self.agenda_view, 1)
        agenda_layout.addWidget(self.agenda_summary)
        self.top_splitter = fixed_splitter(Qt.Orientation.Horizontal, self.clock, agenda_box)
        self.top_splitter.setStretchFactor(0, 3)
        self.top_splitter.setStretchFactor(1, 2)
        self.top_splitter.setSizes([600, 400])
        self.left_splitter = fixed_splitter(
            Qt.Orientation.Vertical, self.top_splitter, self.capture_area
        )
        self.left_splitter.setSizes([340, 400])
        self.main_splitter = fixed_splitter(
            Qt.Orientation.Horizontal, self.left_splitter, self.side_tabs
        )
        self.main_splitter.setStretchFactor(0, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"top": self.top_splitter, "left": self.left_splitter, "main": self.main_splitter}

    def _restore_layout(self) -> None:
        geometry = self._settings.value(SETTINGS_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        for name, splitter in self._splitters().items():
            state = self._settings.value(f"{SETTINGS_SPLITTER}/{name}")
            if state is not None:
                splitter.restoreState(state)

    def _save_layout(self) -> None:
        if not self.isFullScreen():
            self._settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        for name, splitter in self._splitters().items():
            self._settings.setValue(f"{SETTINGS_SPLITTER}/{name}", splitter.saveState())

    # Panels made elsewhere ---------------------------------------------------------------------

    def set_capture_panel(self, widget: QWidget) -> None:
        """Put the capture panel below the clock; it gets the window's key presses first."""
        if self.capture_panel is not None:
            self._panels.remove(self.capture_panel)  # type: ignore[arg-type]
        self.capture_area.takeWidget().deleteLater()
        self.capture_area.setWidget(widget)
        self.capture_panel = widget  # type: ignore[assignment]
        self._adopt(widget)
        for name in ("captured", "changes_made"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(self._update_banner)

    def set_timeline(self, widget: QWidget) -> None:
        """Show the session's timeline as the first tab on the right."""
        self.side_tabs.insertTab(0, scrolling(widget), "Timeline")
        self.side_tabs.setCurrentIndex(0)
        self._adopt(widget)
        self._show_side_tabs()

    def add_side_panel(self, title: str, widget: QWidget) -> None:
        """Add a panel (conflicts, actions, the parking lot…) as a tab on the right."""
        self.side_tabs.addTab(scrolling(widget), title)
        self._adopt(widget)
        self._show_side_tabs()

    def _adopt(self, widget: QWidget) -> None:
        """Keep `widget` to tell it of theme changes (if it has `set_theme`), and tell it now."""
        self._panels.append(widget)
        self._offer_theme(widget)

    def _offer_theme(self, widget: QWidget) -> None:
        set_theme = getattr(widget, "set_theme", None)
        if callable(set_theme):
            set_theme(self.theme)

    def _show_side_tabs(self) -> None:
        if self.side_tabs.isHidden():
            self.side_tabs.show()
            self.main_splitter.setSizes([900, 360])

    # The clock --------------------------------------------------------------------------------

    def tick(self) -> None:
        """Bring the clock, the agenda's projected times and the banner up to this moment."""
        self.clock.tick()
        self._update_agenda()
        if len(self.run.pending) != self._banner_count:
            self._update_banner()

    def _update_agenda(self) -> None:
        run = self.run
        rows = live_agenda_rows(
            run.detail.agenda,
            now=run.timer.moment(),
            zone=self._zone,
            current_elapsed_seconds=self.clock.item_clock.elapsed(),
        )
        before = self.agenda_model.current_row()
        self.agenda_model.set_rows(rows)
        end = run.detail.end_time
        summary = expected_end_text(rows, planned_end=minutes_of(end) if end else None)
        if summary != self.agenda_summary.text():
            self.agenda_summary.setText(summary)
        current = self.agenda_model.current_row()
        if current is not None and current != before:
            self.agenda_view.scrollTo(self.agenda_model.index(current, COL_ITEM))

    def _after_step(self, changes: Changes | None) -> None:
        self._update_controls()
        self.tick()
        if changes is not None:
            self.changes_made.emit(changes)

    def _update_controls(self) -> None:
        detail = self.run.detail
        agenda = detail.agenda
        current = detail.current_item
        running = not self._finished
        first = bool(agenda) and current is agenda[0]
        started = any(item.actual_start for item in agenda)
        waiting = any(item.actual_start is None for item in agenda)
        actions = self.actions
        actions.previous_item.setEnabled(running and started and not first)
        actions.next_item.setEnabled(running and (current is not None or waiting))
        actions.add_time.setEnabled(running and current is not None)
        actions.pause.setEnabled(running)
        actions.finish.setEnabled(running)
        paused = self.run.timer.paused
        actions.pause.setText("Resume" if paused else "Pause")
        shortcut = actions.pause.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        actions.pause.setIconText(f"{'Resume' if paused else 'Pause'}\n{shortcut}")
        actions.pause.setToolTip(f"{'Resume' if paused else 'Pause'} the clock ({shortcut})")

    def _attempt(self, step: Any, *, title: str) -> Any:
        """Run a service step; show its problem, if any, and return None."""
        try:
            return step()
        except FacilitatorError as error:
            dialogs.show_problem(self, title=title, text=str(error))
            return None

    # Agenda steps -----------------------------------------------------------------------------

    def next_item(self) -> None:
        self._after_step(self._attempt(self.run.next_item, title="Next item"))

    def previous_item(self) -> None:
        self._after_step(self._attempt(self.run.previous_item, title="Previous item"))

    def add_time(self) -> None:
        changes = self._attempt(lambda: self.run.add_time(ADD_MINUTES), title="Add time")
        self._after_step(changes)

    def toggle_pause(self) -> None:
        if self.run.timer.paused:
            self._after_step(self._attempt(self.run.resume, title="Resume"))
        else:
            self._after_step(self._attempt(self.run.pause, title="Pause"))

    def _save_open_capture(self) -> None:
        """Save what is typed in the capture bar, so finishing or closing never drops it."""
        panel = self.capture_panel
        if panel is not None and getattr(panel, "bar_open", False):
            panel.bar_flow.save()  # type: ignore[attr-defined]

    def finish(self) -> None:
        """Ask, then finish the session: the current item ends and running states close."""
        self._save_open_capture()
        title = self.run.detail.title
        if not dialogs.ConfirmDialog.ask(
            self,
            title="Finish the session",
            text=(
                f"Finish “{title}” now? The current item ends, and any states still running "
                "are closed at this moment. A finished session cannot go live again."
            ),
            action="Finish session",
        ):
            return
        closed = self._attempt(self.run.finish, title="Finish the session")
        if closed is None:
            return
        self._finished = True
        # Undoing a capture now could set a state running again in a finished session.
        self.hub.stack_for(self.run.session_id).clear()
        self.tick_timer.stop()
        self.retry_timer.stop()
        self._update_controls()
        self.tick()
        if closed == 0:
            states = "No states were still running."
        elif closed == 1:
            states = "1 running state was closed at this moment."
        else:
            states = f"{closed} running states were closed at this moment."
        # Capture is over, so a backup now costs the room nothing; a failure is one line.
        backup = backups.back_up_quietly(self.run.db, reason=AFTER_SESSION)
        dialogs.show_information(
            self,
            title="Session finished",
            text=f"“{title}” has finished. {states}\n\n{backup.note}",
        )
        self.changes_made.emit(FINISHED)
        self.finished.emit()
        self.close()

    # Captures waiting --------------------------------------------------------------------------

    def _update_banner(self, *_args: object) -> None:
        count = len(self.run.pending)
        self._banner_count = count
        if not count:
            self._saved_count = 0
            self.banner.hide()
            self.retry_timer.stop()
            return
        # Captures are written oldest first, and the file holds the oldest: those written
        # since were among them.
        self._saved_count = min(self._saved_count, count)
        waiting = "1 capture is" if count == 1 else f"{count} captures are"
        text = f"{waiting} waiting to be saved: {self.run.last_problem}"
        if self._saved_count:
            text += f" ({self._saved_count} copied to a file.)"
        self.banner.label.setText(text)
        self.banner.show()
        if not self.retry_timer.isActive():
            self.retry_timer.start()

    def try_again(self) -> None:
        """Try to write the waiting captures again."""
        self.run.retry_pending()
        self._update_banner()

    def save_pending(self) -> None:
        """Save the waiting captures to a file the user chooses."""
        name = re.sub(r"[^\w\- ]+", "", self.run.detail.title).strip() or "session"
        path = choose_captures_path(self, suggested=Path.home() / f"{name} captures.json")
        if path is None:
            return
        count = len(self.run.pending)
        try:
            self.run.save_pending_to(path)
        except OSError as error:
            dialogs.show_problem(
                self,
                title="The captures were not saved",
                text=f"They could not be written to {path}: {error.strerror or error}. "
                "They are still kept here; try another place, such as a USB stick.",
            )
            return
        self._saved_count = count
        self._update_banner()
        dialogs.show_information(
            self,
            title="Captures saved",
            text=f"{count} waiting captures were saved to {path}. They are still kept here "
            "too, and are written to the database as soon as it can take them.",
        )

    # Looks and the author ---------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        """Use `theme` in this window only."""
        self.theme = theme
        self.setStyleSheet(theme.window_style)
        self.clock.set_theme(theme)
        self.agenda_model.set_colours(
            current_background=theme.current_row_background,
            current_text=theme.current_row_text,
            done_text=theme.done_row_text,
        )
        self.actions.high_contrast.setChecked(theme is HIGH_CONTRAST)
        for panel in self._panels:
            self._offer_theme(panel)
        self._update_controls()

    def toggle_theme(self) -> None:
        """Switch between the normal and the high-contrast theme, and remember the choice."""
        theme = NORMAL if self.theme is HIGH_CONTRAST else HIGH_CONTRAST
        self.set_theme(theme)
        save_theme(self._settings, theme)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.actions.full_screen.setChecked(self.isFullScreen())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._keys)  # installing it again does not add it twice
        if not self._finished and not self.tick_timer.isActive():
            self.tick()
            self.tick_timer.start()
        if not self._asked_author:
            self._asked_author = True
            QTimer.singleShot(0, self, self.ask_for_author)

    def ask_for_author(self) -> None:
        """Ask once for the name that signs this laptop's captures, if none is set."""
        if self.run.author:
            return
        name = AuthorDialog.ask(self)
        if not name:
            return
        if self._attempt(lambda: live.set_author(self.run.db, name), title="Your name") is None:
            return
        self.run.author = live.author(self.run.db)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.hub.activate(self.run.session_id)  # Undo and Redo act on this session

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_open_capture()
        if self.run.pending and self.run.retry_pending() > self._saved_count:
            self._update_banner()
            dialogs.show_problem(
                self,
                title="Captures are still waiting",
                text="Some captures have not been saved yet. Use “Save them to a file…” in the "
                "banner first, or try again when the disk has room.",
            )
            event.ignore()
            return
        self.tick_timer.stop()
        self.retry_timer.stop()
        self.closing.emit()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._keys)
        self._save_layout()
        super().closeEvent(event)
