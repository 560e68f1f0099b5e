"""The live window's actions panel: actions (who does what, by when) and agreements."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QLineEdit, QWidget

from facilitator.domain.snapshots import Action
from facilitator.services import actions
from facilitator.services.live_run import LiveRun
from facilitator.ui.dialogs import ConfirmDialog
from facilitator.ui.formatting import short_date
from facilitator.ui.forms import FormDialog
from facilitator.ui.inputs import OptionalDate
from facilitator.ui.live_panel import (
    LivePanel,
    TickModel,
    button_row,
    panel_button,
    select_id,
    selected_snapshot,
    wrapping_table,
)
from facilitator.ui.table_model import Column
from facilitator.ui.widgets import TablePane


@dataclass(frozen=True, slots=True)
class ActionValues:
    """An action as its form leaves it."""

    text: str
    owner: str
    due: date | None
    is_agreement: bool


class ActionDialog(FormDialog):
    """Edit an action or agreement."""

    def __init__(self, parent: QWidget | None, *, initial: Action, owners: Sequence[str]) -> None:
        super().__init__(parent, title="Edit agreement" if initial.is_agreement else "Edit action")
        self.text = QLineEdit(initial.text)
        self.owner = _owner_edit(owners, initial.owner)
        self.due = OptionalDate(initial.due)
        self.agreement = QCheckBox("An agreement (not an action)")
        self.agreement.setChecked(initial.is_agreement)
        self.add_field("text", "What", self.text)
        self.add_field("owner", "Owner", self.owner)
        self.add_field("due", "Due", self.due)
        self.add_field("is_agreement", "", self.agreement)

    def values(self) -> ActionValues:
        return ActionValues(
            self.text.text(), self.owner.text(), self.due.value(), self.agreement.isChecked()
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        initial: Action,
        owners: Sequence[str],
        save: Callable[[ActionValues], object],
    ) -> bool:
        """Show the dialog; OK calls `save(values)`. Return True if it was saved."""
        dialog = cls(parent, initial=initial, owners=owners)

        def save_values() -> None:
            save(dialog.values())

        dialog.set_save(save_values)
        return bool(dialog.exec())


def _owner_edit(owners: Sequence[str], text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText("Owner (optional)")
    completer = QCompleter(list(owners), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


class ActionsPanel(LivePanel):
    """Actions (who does what, by when) and agreements, typed in as they are made."""

    def __init__(self, run: LiveRun, parent: QWidget | None = None) -> None:
        super().__init__(run, title="Actions and agreements", parent=parent)
        owners = sorted(
            {p.name for p in run.detail.cohort} | {o.name for o in run.detail.organisations},
            key=str.casefold,
        )
        self._owners = owners
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("“Owner: action”, then Enter")
        self.entry.setToolTip(
            "Type “Priya: send the draft”, or start with “Agreement:” for an agreement."
        )
        self.entry.returnPressed.connect(self.add)
        self.owner = _owner_edit(owners)
        self.owner.returnPressed.connect(self.add)
        self.due = OptionalDate()
        self.due.enabled.setText("Due")
        self.agreement = QCheckBox("Agreement")
        self.agreement.setToolTip("Tick for something the group agreed, rather than an action")
        self.add_button = panel_button("Add", self.add)
        self.model = TickModel(
            [
                # Agreements are kept, not done: they say "Agreed" where actions have a tick.
                # The word beside the tick says it in any look, not only the box.
                Column("Done", lambda a: "Agreed" if a.is_agreement else "Done" if a.done else ""),
                Column("Action or agreement", self._summary),
            ],
            ticked=lambda a: None if a.is_agreement else a.done,
            on_tick=self._tick,
            parent=self,
        )
        self.view = wrapping_table(self.model, stretch_column=1)
        self.view.selectionModel().selectionChanged.connect(self._selection_did_change)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.pane = TablePane(self.view, empty_text="No actions or agreements yet.")
        self.edit_button = panel_button("Edit…", self.edit)
        self.delete_button = panel_button("Delete", self.delete)
        self.column.addWidget(self.entry)
        self.column.addWidget(self.owner)
        self.column.addLayout(button_row(self.due))
        self.column.addLayout(button_row(self.agreement, self.add_button))
        self.column.addWidget(self.pane, 1)
        self.column.addLayout(button_row(self.edit_button, self.delete_button))
        self.column.addWidget(self.problem)
        self.refresh()

    @staticmethod
    def _summary(action: Action) -> str:
        """Return what was agreed or is to be done, and below it who and by when."""
        who = [action.owner] if action.owner else []
        if action.due:
            who.append(f"by {short_date(action.due)}")
        return f"{action.text}\n{' · '.join(who)}" if who else action.text

    def refresh(self) -> None:
        chosen = selected_snapshot(self.view)
        self.model.set_rows(actions.session_actions(self.run.db, self.run.session_id))
        if chosen is not None:
            select_id(self.view, chosen.id)
        self._selection_did_change()

    def _selection_did_change(self, *_args: object) -> None:
        chosen = selected_snapshot(self.view) is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def add(self) -> None:
        quick = actions.read_quick_entry(self.entry.text())
        owner = self.owner.text().strip() or quick.owner
        agreed = self.agreement.isChecked() if quick.is_agreement is None else quick.is_agreement

        def work() -> None:
            actions.add_action(
                self.run.db,
                self.run.session_id,
                quick.text,
                owner=owner,
                due=self.due.value(),
                is_agreement=agreed,
                moment=self.run.timer.moment(),
            )

        if self.attempt(work):
            self.entry.clear()
            self.owner.clear()
            self.due.set_value(None)
            self.agreement.setChecked(False)
            self.view.scrollToBottom()
            self.entry.setFocus()

    def _tick(self, action: Action, done: bool) -> None:
        self.attempt(lambda: actions.set_action_done(self.run.db, action.id, done), soon=True)

    def edit(self) -> None:
        action = selected_snapshot(self.view)
        if action is None:
            return

        def save(values: ActionValues) -> object:
            return actions.update_action(
                self.run.db,
                action.id,
                text=values.text,
                owner=values.owner,
                due=values.due,
                is_agreement=values.is_agreement,
            )

        if ActionDialog.ask(self, initial=action, owners=self._owners, save=save):
            self.did_change()

    def delete(self) -> None:
        action = selected_snapshot(self.view)
        if action is None:
            return
        kind = "agreement" if action.is_agreement else "action"
        if ConfirmDialog.ask(
            self,
            title=f"Delete {kind}",
            text=f"Delete the {kind} “{action.text}”? This cannot be undone.",
            action="Delete",
        ):
            self.attempt(lambda: actions.delete_action(self.run.db, action.id))
