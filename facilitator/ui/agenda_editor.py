"""The agenda editor: items against the clock, edited in place, every edit undoable."""

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.agenda import (
    MAX_ITEM_MINUTES,
    AgendaPlan,
    plan_agenda,
    plan_input,
    summary_text,
)
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.fields import AgendaItemFields
from facilitator.domain.snapshots import AgendaItem, SessionDetail
from facilitator.domain.timezones import zone
from facilitator.services.agenda import (
    AddItems,
    AgendaCommand,
    Batch,
    EditItem,
    MoveItem,
    RemoveItems,
    duplicate_items,
    item_fields,
)
from facilitator.ui.agenda_model import ACTUAL, METHOD, PURPOSE, TITLE, AgendaModel
from facilitator.ui.editable_table import (
    DELETE,
    ActionSpec,
    add_actions,
    command_toolbar,
    set_icons,
)
from facilitator.ui.forms import ERROR_STYLE
from facilitator.ui.icons import icon
from facilitator.ui.inputs import OptionalTime
from facilitator.ui.text_edit import CommittingTextEdit
from facilitator.ui.undo import UndoHub

WARNING_STYLE = (
    "QLabel { background: #FDE7D9; border: 1px solid #E07B39; border-radius: 4px;"
    " padding: 6px; color: #5A1E00; }"
)
AGENDA_ACTIONS = (
    ActionSpec("Add item", "Add an item after the selected one", "add_item", "add", "Ins"),
    ActionSpec("Add break", "Add a break after the selected item", "add_break", "break"),
    ActionSpec("Duplicate", "Duplicate the selected item", "duplicate_item", "duplicate", "Ctrl+D"),
    ActionSpec("Remove", "Remove the selected item", "remove_item", "delete", DELETE),
    ActionSpec(
        "Up", "Move the selected item earlier", "move_up", "move-up", "Alt+Up", icon_only=True
    ),
    ActionSpec(
        "Down",
        "Move the selected item later",
        "move_down",
        "move-down",
        "Alt+Down",
        icon_only=True,
    ),
    ActionSpec(
        "From library…",
        "Show the method library to insert an activity",
        "request_library",
        "library",
    ),
    ActionSpec(
        "Copy from…",
        "Copy the agenda of another session into this one",
        "request_copy",
        "copy-agenda",
    ),
)
ACTION_NAMES = (
    "add",
    "break",
    "duplicate",
    "delete",
    "move-up",
    "move-down",
    "library",
    "copy-agenda",
)
NEW_ITEM = AgendaItemFields(title="New item", minutes=30)
NEW_BREAK = AgendaItemFields(title="Break", minutes=15, is_break=True)


def session_plan(session: SessionDetail) -> AgendaPlan:
    return plan_agenda(
        [plan_input(item) for item in session.agenda],
        start=session.start_time,
        end=session.end_time,
    )


class AgendaEditor(QWidget):
    """Edits one session's agenda through undoable commands."""

    library_requested = Signal()
    copy_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub: UndoHub | None = None
        self.session: SessionDetail | None = None
        self._current_uuid: str | None = None
        self._filling = False
        # The item the form shows, and its values as last saved: edits are compared with
        # these, never with whatever row is current, which can differ after a refresh.
        self._form_uuid: str | None = None
        self._form_saved: AgendaItemFields | None = None
        self._title_wanted = False  # a new item's title is selected for typing once shown

        self.summary = QLabel()
        self.summary.setObjectName("agendaSummary")
        self.summary.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("agendaWarnings")
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.hide()

        self.model = AgendaModel(self)
        self.model.move_requested.connect(self._move_to)
        self.view = QTableView()
        self.view.setObjectName("agendaTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setSectionsClickable(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.selectionModel().currentRowChanged.connect(self._current_did_change)
        self.view.doubleClicked.connect(lambda _index: self.title.setFocus())

        # A toolbar folds what does not fit into a » menu, so a narrow window still works.
        toolbar = command_toolbar("Agenda")
        toolbar.setObjectName("agendaToolbar")
        made = add_actions(self, toolbar, AGENDA_ACTIONS, view=self.view)
        self.actions = dict(zip(ACTION_NAMES, made, strict=True))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(toolbar)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.warnings)

        self.form_panel = self._make_form()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.form_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([660, 280])
        self.form_panel.setMinimumWidth(230)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._update_enabled()

    # Building ------------------------------------------------------------------------------

    def move_up(self) -> None:
        self.move_selected(-1)

    def move_down(self) -> None:
        self.move_selected(1)

    def request_library(self) -> None:
        self.library_requested.emit()

    def request_copy(self) -> None:
        self.copy_requested.emit()

    def apply_icons(self) -> None:
        set_icons(list(self.actions.values()), AGENDA_ACTIONS)
        self.model.pin_icon = icon("pin")
        self.model.warning_icon = icon("warning")

    def _make_form(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("agendaItemForm")
        self.title = QLineEdit()
        self.method = QLineEdit()
        self.method.setPlaceholderText("For example: Fishbowl")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_ITEM_MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setKeyboardTracking(False)
        self.is_break = QCheckBox("This is a break")
        self.pinned = OptionalTime(default=time(12, 30))
        self.pinned.enabled.setText("Fixed start time")
        self.purpose = CommittingTextEdit()
        self.notes = CommittingTextEdit()
        self.notes.setPlaceholderText("Only on the facilitator's run sheet")
        self.materials = CommittingTextEdit()
        self.materials.setPlaceholderText("Flip chart, sticky notes…")
        self.form_error = QLabel()
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        self.no_item = QLabel("Select an item to edit it, or add one.")
        self.no_item.setEnabled(False)

        form = QFormLayout()
        # Labels above their fields: the panel is narrow, and the text boxes want its width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("Title:", self.title)
        form.addRow("Method:", self.method)
        form.addRow("Minutes:", self.minutes)
        form.addRow("", self.is_break)
        form.addRow("Starts at:", self.pinned)
        form.addRow("Purpose:", self.purpose)
        form.addRow("Facilitator notes:", self.notes)
        form.addRow("Materials:", self.materials)
        layout = QVBoxLayout(panel)
        layout.addWidget(self.no_item)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addStretch(1)

        self.title.editingFinished.connect(lambda: self._commit("title"))
        self.method.editingFinished.connect(lambda: self._commit("method"))
        self.minutes.valueChanged.connect(lambda _value: self._commit("minutes"))
        self.is_break.toggled.connect(lambda _on: self._commit("is_break"))
        self.pinned.enabled.toggled.connect(lambda _on: self._commit("pinned_time"))
        self.pinned.edit.editingFinished.connect(lambda: self._commit("pinned_time"))
        self.purpose.committed.connect(lambda: self._commit("purpose"))
        self.notes.committed.connect(lambda: self._commit("facilitator_notes"))
        self.materials.committed.connect(lambda: self._commit("materials"))
        return panel

    # Showing -------------------------------------------------------------------------------

    def show_agenda(self, session: SessionDetail) -> None:
        """Show `session`'s agenda, keeping the selected item where it still exists."""
        if self.session is None or self.session.id != session.id:
            self._current_uuid = session.agenda[0].uuid if session.agenda else None
            self.form_error.hide()
        self.session = session
        plan = session_plan(session)
        self.model.set_agenda(session.agenda, plan, zone=zone(session.timezone))
        self.view.setColumnHidden(ACTUAL, not any(item.actual_start for item in session.agenda))
        self.view.resizeColumnsToContents()
        for column, width in ((TITLE, 230), (METHOD, 150), (PURPOSE, 260)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), width))
        self.summary.setText(self._summary(session, plan))
        self.warnings.setText("\n".join(f"⚠ {w.message}" for w in plan.warnings))
        self.warnings.setVisible(bool(plan.warnings))
        row = self.model.row_of(self._current_uuid) if self._current_uuid else -1
        if row < 0 and session.agenda:
            row = 0
        if row >= 0:
            self.select_row(row)
        else:
            self._current_uuid = None
            self._fill_form(None)
        self._update_enabled()
        if self._title_wanted:
            self._title_wanted = False
            self.title.setFocus()
            self.title.selectAll()

    @staticmethod
    def _summary(session: SessionDetail, plan: AgendaPlan) -> str:
        if not session.agenda:
            return "No items yet. Add one, or insert an activity from the method library."
        text = summary_text(plan)
        if session.start_time is None:
            text += ". Give the session a start time to see clock times."
        return text

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        self._fill_form(self.model.row_at(row).item)

    def current_item(self) -> AgendaItem | None:
        row = self.model.row_of(self._current_uuid) if self._current_uuid else -1
        return self.model.row_at(row).item if row >= 0 else None

    def _current_did_change(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.row_at(current.row()).item if current.isValid() else None
        self._current_uuid = item.uuid if item else None
        self.form_error.hide()
        self._fill_form(item)
        self._update_enabled()

    def _fill_form(self, item: AgendaItem | None) -> None:
        self._form_uuid = item.uuid if item else None
        self._form_saved = item_fields(item) if item else None
        self._filling = True
        try:
            fields = item_fields(item) if item else AgendaItemFields(title="")
            _set_line(self.title, fields.title)
            _set_line(self.method, fields.method)
            self.minutes.setValue(fields.minutes)
            self.is_break.setChecked(fields.is_break)
            self.pinned.set_value(fields.pinned_time)
            self.purpose.set_text_quietly(fields.purpose)
            self.notes.set_text_quietly(fields.facilitator_notes)
            self.materials.set_text_quietly(fields.materials)
        finally:
            self._filling = False
        for widget in self.form_panel.findChildren(QWidget):
            if widget is not self.no_item and widget is not self.form_error:
                widget.setEnabled(item is not None)
        self.pinned.edit.setEnabled(item is not None and self.pinned.enabled.isChecked())
        self.no_item.setVisible(item is None)

    def _update_enabled(self) -> None:
        has_session = self.session is not None
        item = self.current_item()
        row = self.model.row_of(item.uuid) if item else -1
        self.actions["add"].setEnabled(has_session)
        self.actions["break"].setEnabled(has_session)
        self.actions["library"].setEnabled(has_session)
        self.actions["copy-agenda"].setEnabled(has_session)
        for name in ("duplicate", "delete"):
            self.actions[name].setEnabled(item is not None)
        self.actions["move-up"].setEnabled(row > 0)
        self.actions["move-down"].setEnabled(0 <= row < self.model.rowCount() - 1)

    # Editing -------------------------------------------------------------------------------

    def form_values(self, saved: AgendaItemFields) -> AgendaItemFields:
        return replace(
            saved,
            title=self.title.text(),
            method=self.method.text(),
            minutes=self.minutes.value(),
            is_break=self.is_break.isChecked(),
            pinned_time=self.pinned.value(),
            purpose=self.purpose.toPlainText(),
            facilitator_notes=self.notes.toPlainText(),
            materials=self.materials.toPlainText(),
        )

    def _commit(self, field: str) -> None:
        before, item_uuid = self._form_saved, self._form_uuid
        if self._filling or before is None or item_uuid is None or self.session is None:
            return
        after = self.form_values(before)
        if before == after:
            self.form_error.hide()
            return
        try:
            command = EditItem(
                session_id=self.session.id,
                uuid=item_uuid,
                before=before,
                after=after,
                label=f"Edit “{before.title}”",
            )
        except FacilitatorError as error:
            self.form_error.setText(str(error))
            self.form_error.show()
            return
        self.form_error.hide()
        merge_key = f"{item_uuid}:{field}" if field == "minutes" else None
        if self._push(command, merge_key=merge_key):
            self._form_saved = command.after

    def commit_pending(self) -> None:
        """Save what is typed in the item form but not yet saved (before leaving or closing)."""
        self._commit("form")

    def _push(self, command: AgendaCommand, *, merge_key: str | None = None) -> bool:
        if self.hub is None:
            return False
        return self.hub.push(command, merge_key=merge_key)

    def _insert_at(self) -> int:
        item = self.current_item()
        return item.position if item else len(self.session.agenda) if self.session else 0

    def insert_items(
        self, items: list[AgendaItemFields], *, index: int | None = None, label: str = "Add item"
    ) -> bool:
        """Insert items (after the selected one unless `index` says where) and select them."""
        self.commit_pending()
        if self.session is None or not items:
            return False
        command = AddItems(
            session_id=self.session.id,
            index=self._insert_at() if index is None else index,
            items=tuple(items),
            label=label,
        )
        self._current_uuid = command.uuids[0]
        return self._push(command)

    def add_item(self) -> None:
        self._title_wanted = self.insert_items([NEW_ITEM])

    def add_break(self) -> None:
        self.insert_items([NEW_BREAK], label="Add break")

    def duplicate_item(self) -> None:
        self.commit_pending()
        item = self.current_item()
        if item is None or self.session is None:
            return
        command = duplicate_items(self.session.id, [item])
        self._current_uuid = command.copies[0]
        self._push(command)

    def remove_item(self) -> None:
        self.commit_pending()
        item = self.current_item()
        if item is None or self.session is None:
            return
        row = self.model.row_of(item.uuid)
        neighbour = row + 1 if row + 1 < self.model.rowCount() else row - 1
        self._current_uuid = self.model.row_at(neighbour).item.uuid if neighbour >= 0 else None
        self._push(
            RemoveItems(
                session_id=self.session.id, uuids=(item.uuid,), label=f"Remove “{item.title}”"
            )
        )

    def move_selected(self, offset: int) -> None:
        item = self.current_item()
        if item is None:
            return
        row = self.model.row_of(item.uuid)
        if 0 <= row + offset < self.model.rowCount():
            self._move_to(item.uuid, row + offset)

    def _move_to(self, item_uuid: str, to_index: int) -> None:
        self.commit_pending()
        if self.session is None:
            return
        self._current_uuid = item_uuid
        self._push(MoveItem(session_id=self.session.id, uuid=item_uuid, to_index=to_index))

    def replace_agenda(self, items: list[AgendaItemFields], *, source: str) -> bool:
        """Replace every item with `items`, as one undoable step."""
        self.commit_pending()
        if self.session is None:
            return False
        remove = RemoveItems(
            session_id=self.session.id, uuids=tuple(i.uuid for i in self.session.agenda)
        )
        add = AddItems(session_id=self.session.id, index=0, items=tuple(items))
        self._current_uuid = add.uuids[0] if add.uuids else None
        return self._push(
            Batch(
                session_id=self.session.id,
                commands=(remove, add),
                label=f"Copy the agenda of {source}",
            )
        )


def _set_line(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)
