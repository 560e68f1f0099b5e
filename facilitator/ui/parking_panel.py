"""The live window's parking lot: things the group parked to come back to."""

from PySide6.QtWidgets import QLineEdit, QWidget

from facilitator.domain.snapshots import ParkingItem
from facilitator.domain.timezones import zone
from facilitator.services import actions
from facilitator.services.live_run import LiveRun
from facilitator.ui.dialogs import ConfirmDialog
from facilitator.ui.formatting import clock
from facilitator.ui.live_panel import (
    LivePanel,
    TextDialog,
    TickModel,
    button_row,
    panel_button,
    select_id,
    selected_snapshot,
    wrapping_table,
)
from facilitator.ui.table_model import Column
from facilitator.ui.widgets import TablePane


class ParkingPanel(LivePanel):
    """Things the group parked to come back to, ticked off when addressed."""

    def __init__(self, run: LiveRun, parent: QWidget | None = None) -> None:
        super().__init__(run, title="Parking lot", parent=parent)
        self._zone = zone(run.detail.timezone)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Park an item and press Enter")
        self.entry.returnPressed.connect(self.add)
        self.add_button = panel_button("Park", self.add)
        self.model = TickModel(
            [
                # "Done" over the tick keeps the column narrow; the tip says what it means.
                Column(
                    "Done",
                    lambda p: "Done" if p.addressed else "",
                    tooltip=lambda p: "Addressed" if p.addressed else "Tick once addressed",
                ),
                Column(
                    "Parked item",
                    lambda p: f"{p.text}\nParked at {clock(p.created_at, self._zone)}",
                ),
            ],
            ticked=lambda p: p.addressed,
            on_tick=self._tick,
            parent=self,
        )
        self.view = wrapping_table(self.model, stretch_column=1)
        self.view.selectionModel().selectionChanged.connect(self._selection_did_change)
        self.view.doubleClicked.connect(lambda _index: self.reword())
        self.pane = TablePane(self.view, empty_text="Nothing parked yet.")
        self.reword_button = panel_button("Reword…", self.reword)
        self.delete_button = panel_button("Delete", self.delete)
        self.column.addLayout(button_row(self.entry, self.add_button, stretch_first=True))
        self.column.addWidget(self.pane, 1)
        self.column.addLayout(button_row(self.reword_button, self.delete_button))
        self.column.addWidget(self.problem)
        self.refresh()

    def refresh(self) -> None:
        chosen = selected_snapshot(self.view)
        self.model.set_rows(actions.parking_lot(self.run.db, self.run.session_id))
        if chosen is not None:
            select_id(self.view, chosen.id)
        self._selection_did_change()

    def _selection_did_change(self, *_args: object) -> None:
        chosen = selected_snapshot(self.view) is not None
        self.reword_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def add(self) -> None:
        text = self.entry.text()

        def work() -> None:
            actions.park(self.run.db, self.run.session_id, text, moment=self.run.timer.moment())

        if self.attempt(work):
            self.entry.clear()
            self.view.scrollToBottom()

    def _tick(self, item: ParkingItem, addressed: bool) -> None:
        self.attempt(lambda: actions.set_addressed(self.run.db, item.id, addressed), soon=True)

    def reword(self) -> None:
        item = selected_snapshot(self.view)
        if item is None:
            return
        if TextDialog.ask(
            self,
            title="Reword parked item",
            caption="Item",
            field="text",
            current=item.text,
            save=lambda text: actions.reword_parking_item(self.run.db, item.id, text),
        ):
            self.did_change()

    def delete(self) -> None:
        item = selected_snapshot(self.view)
        if item is not None and ConfirmDialog.ask(
            self,
            title="Delete parked item",
            text=f"Take “{item.text}” out of the parking lot? This cannot be undone.",
            action="Delete",
        ):
            self.attempt(lambda: actions.delete_parking_item(self.run.db, item.id))
