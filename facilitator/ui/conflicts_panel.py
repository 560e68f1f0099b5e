"""The live window's conflicts panel: the programme's unresolved conflicts and their steps."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from facilitator.domain.enums import ConflictStatus
from facilitator.domain.snapshots import Conflict, ConflictEvent
from facilitator.domain.timezones import zone
from facilitator.services import conflicts
from facilitator.services.live_run import LiveRun
from facilitator.ui.formatting import clock, plural, short_date
from facilitator.ui.live_panel import (
    LivePanel,
    TextDialog,
    panel_button,
    select_id,
    selected_snapshot,
    wrapping_table,
)
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane

# No background of its own (the planning pages' detail panel has one): white on white in the
# live window's high-contrast look.
HISTORY_STYLE = "QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 6px; }"
STATUS_COLOURS = {  # Okabe-Ito colours, told apart with colour-blindness too
    ConflictStatus.OPEN: "#D55E00",
    ConflictStatus.WORKED_THROUGH: "#E69F00",
    ConflictStatus.RESOLVED: "#009E73",
    ConflictStatus.PARKED: "#0072B2",
}


class ConflictsPanel(LivePanel):
    """The programme's unresolved conflicts, from this session and earlier ones, and the
    steps of their life: worked through, resolved, parked, reopened."""

    STATUS_BUTTONS = (
        (ConflictStatus.WORKED_THROUGH, "Worked through"),
        (ConflictStatus.RESOLVED, "Resolved"),
        (ConflictStatus.PARKED, "Parked"),
        (ConflictStatus.OPEN, "Reopen"),
    )

    def __init__(self, run: LiveRun, parent: QWidget | None = None) -> None:
        super().__init__(run, title="Conflicts", parent=parent)
        self._last_capture: int | None = None
        self._zone = zone(run.detail.timezone)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("Name a conflict and press Enter")
        self.new_title.returnPressed.connect(self.open_by_hand)
        self.model = SnapshotTableModel(
            [
                Column("Conflict", self._summary, tooltip=self._history_text),
                Column(
                    "Status", lambda c: c.status.label, colour=lambda c: STATUS_COLOURS[c.status]
                ),
            ],
            self,
        )
        self.view = wrapping_table(self.model, stretch_column=0)
        self.view.selectionModel().selectionChanged.connect(self._selection_did_change)
        self.pane = TablePane(
            self.view,
            empty_text="No unresolved conflicts in this programme. "
            "“Conflict surfaced” opens one, or name one above.",
        )
        self.history = QLabel("Select a conflict to see its history.")
        self.history.setObjectName("conflictHistory")
        self.history.setStyleSheet(HISTORY_STYLE)
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_buttons = {
            status: panel_button(text, lambda _=False, s=status: self.set_status(s))
            for status, text in self.STATUS_BUTTONS
        }
        self.link_button = panel_button("Link last capture", self.link_last_capture)
        self.link_button.setToolTip("Link the newest capture to the selected conflict")
        self.rename_button = panel_button("Rename…", self.rename)
        self.column.addWidget(self.new_title)
        self.column.addWidget(self.pane, 1)
        self.column.addWidget(self.history)
        steps = QGridLayout()  # two by two: the labels stay whole in a narrow panel
        for number, button in enumerate(self.status_buttons.values()):
            steps.addWidget(button, number // 2, number % 2)
        steps.addWidget(self.link_button, 2, 0)
        steps.addWidget(self.rename_button, 2, 1)
        self.column.addLayout(steps)
        self.column.addWidget(self.problem)
        self.refresh()

    def _surfaced(self, item: Conflict) -> str:
        if item.session_id == self.run.session_id:
            return "This session"
        day = item.opened_at.astimezone(self._zone)
        return f"{item.session_title or 'A deleted session'}, {day.day} {day:%b}"

    def _summary(self, item: Conflict) -> str:
        """Return the title, and below it where it surfaced and how much evidence it has."""
        linked = plural(item.observation_count, "capture")
        return f"{item.title}\n{self._surfaced(item)} · {linked}"

    def _event_text(self, event: ConflictEvent) -> str:
        local = event.at.astimezone(self._zone)
        where = "this session" if event.session_id == self.run.session_id else event.session_title
        line = f"{event.status.label}: {where or 'a deleted session'}, {short_date(local.date())}"
        line += f" at {clock(local)}"
        return f"{line} – {event.note}" if event.note else line

    def _history_text(self, item: Conflict) -> str:
        lines = [item.title, *(self._event_text(event) for event in item.events)]
        lines.append(plural(item.observation_count, "capture") + " linked")
        return "\n".join(lines)

    def refresh(self) -> None:
        """Read the conflicts again, keeping the selection."""
        chosen = self.selected()
        every = conflicts.programme_conflicts(self.run.db, self.run.detail.programme_id)
        # Unresolved ones, and any moved on in this session, so a mis-click can be reopened.
        shown = [
            item
            for item in every
            if item.status in conflicts.UNRESOLVED
            or any(event.session_id == self.run.session_id for event in item.events)
        ]
        self.model.set_rows(list(reversed(shown)))  # newest first, like the timeline
        if chosen is not None:
            select_id(self.view, chosen.id)
        self._selection_did_change()

    def selected(self) -> Conflict | None:
        return selected_snapshot(self.view)

    def select(self, conflict_id: int) -> None:
        select_id(self.view, conflict_id)

    def set_last_capture(self, observation_id: int | None) -> None:
        """Remember the newest capture, for "Link last capture"."""
        self._last_capture = observation_id
        self._selection_did_change()

    def _selection_did_change(self, *_args: object) -> None:
        item = self.selected()
        for status, button in self.status_buttons.items():
            button.setEnabled(item is not None and item.status is not status)
        self.rename_button.setEnabled(item is not None)
        self.link_button.setEnabled(item is not None and self._last_capture is not None)
        self.history.setText(
            self._history_text(item) if item else "Select a conflict to see its history."
        )

    def open_by_hand(self) -> None:
        title = self.new_title.text()
        opened: list[int] = []

        def work() -> None:
            opened.append(
                conflicts.open_conflict(
                    self.run.db, self.run.session_id, title, moment=self.run.timer.moment()
                )
            )

        if self.attempt(work):
            self.new_title.clear()
            self.select(opened[0])

    def set_status(self, status: ConflictStatus) -> None:
        item = self.selected()
        if item is None:
            return
        self.attempt(
            lambda: conflicts.set_conflict_status(
                self.run.db,
                item.id,
                status,
                session_id=self.run.session_id,
                moment=self.run.timer.moment(),
            )
        )

    def link_last_capture(self) -> None:
        item, capture_id = self.selected(), self._last_capture
        if item is not None and capture_id is not None:
            self.attempt(lambda: conflicts.link_capture(self.run.db, capture_id, item.id))

    def rename(self) -> None:
        item = self.selected()
        if item is None:
            return
        if TextDialog.ask(
            self,
            title="Rename conflict",
            caption="Name",
            field="title",
            current=item.title,
            save=lambda text: conflicts.rename_conflict(self.run.db, item.id, text),
        ):
            self.did_change()
