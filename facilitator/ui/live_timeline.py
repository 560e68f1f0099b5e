"""The live session's timeline: every capture, newest first, to put right, delete or undo.

The rows come from `timeline_model.TimelineModel`, a thin list of Observation snapshots that
inserts a new capture rather than resetting, so the facilitator's selection and place in a
long list stay put; an edit goes through `capture_dialog.CaptureDialog`. Thousands of rows cost
nothing: no widget per row, uniform row heights, columns of fixed width rather than sized by
measuring every row.

Keeping up with undo and redo: the panel follows its session's undo stack. Whenever the stack
moves (a capture remembered, an edit or deletion here, an undo or redo from anywhere: this
panel's keys, the window's Edit menu, the capture panel) it reads back only the captures the
steps touched (each capture command says which, by UUID) and changes just those rows. A step
that is not a capture command makes it read the whole session again. So the caller need not
call `reload()` after undo or redo; `add()` stays for captures that reach the file without
passing through the stack (a capture kept waiting and written later).

Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y in the list step through this session's own stack (the one
the hub keeps for it, which is the group's active stack while the session is live), and the
panel claims those keys before a window-wide Undo action can make them ambiguous.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.snapshots import Observation
from facilitator.domain.timezones import zone
from facilitator.services import programmes
from facilitator.services.capture_commands import (
    CaptureFields,
    DeleteCapture,
    EditCapture,
    captures_by_uuid,
)
from facilitator.ui.capture_dialog import CaptureDialog
from facilitator.ui.formatting import plural
from facilitator.ui.timeline_model import (
    CODES,
    ITEM,
    LASTED,
    NOTE,
    RUNNING,
    TIME,
    WHO,
    TimelineModel,
)

if TYPE_CHECKING:
    from facilitator.services.live_run import LiveRun
    from facilitator.ui.undo import UndoHub

# Columns are sized from sample text and the panel's width, never by measuring thousands of
# rows. The time and duration keep their width; codes, people and note share the rest, the
# note most. Below ITEM_FROM pixels (a side tab) the agenda item gives way: the time's
# tooltip names it.
FIXED = {TIME: "00:00:00", LASTED: "running"}
SHARES = {CODES: 0.36, WHO: 0.25, NOTE: 0.39}
ITEM_SAMPLE = "x" * 22
ITEM_FROM = 900

EMPTY_TEXT = "No captures yet. Press a code's key and the capture appears here, newest first."
DELETED = "Deleted — Ctrl+Z to undo"
SAVED = "Saved — Ctrl+Z to undo"
UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))
EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def _matches(event: QKeyEvent, sequences: Sequence[QKeySequence]) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch for sequence in sequences
    )


class TimelinePanel(QWidget):
    """The live session's captures, newest first: Enter edits, Delete deletes, Ctrl+Z undoes."""

    def __init__(self, run: "LiveRun", hub: "UndoHub", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.hub = hub
        self.model = TimelineModel(zone(run.detail.timezone), self)
        self.view = QTreeView()
        self.view.setObjectName("timeline")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self._viewport = self.view.viewport()
        self._size_columns()
        self.view.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        self.view.installEventFilter(self)
        self._viewport.installEventFilter(self)

        self.placeholder = QLabel(EMPTY_TEXT)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the platform's muted text colour
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.placeholder)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.count = QLabel()
        footer = QHBoxLayout()
        footer.setContentsMargins(4, 0, 4, 2)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)

        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._rows_did_change)
        self.model.rowsAboutToBeInserted.connect(self._keep_place_on_insert)
        self.model.rowsAboutToBeRemoved.connect(self._keep_place_on_remove)

        self.stack = hub.stack_for(run.session_id)
        self._stack_index = self.stack.index()
        self.stack.indexChanged.connect(self._stack_did_move)
        # The run has just read the session; reload() reads it again when it may be stale.
        self.load(run.detail.observations)

    def _size_columns(self) -> None:
        """Share the width out: fixed columns first, then codes, people and note."""
        metrics = self.view.fontMetrics()
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(metrics.horizontalAdvance("x" * 6))
        width = self._viewport.width()
        rest = width
        for column, sample in FIXED.items():
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
            rest -= self.view.columnWidth(column)
        show_item = width >= ITEM_FROM
        self.view.setColumnHidden(ITEM, not show_item)
        if show_item:
            rest -= metrics.horizontalAdvance(ITEM_SAMPLE) + 20
        rest = max(rest, metrics.horizontalAdvance("x" * 40))
        for column, share in SHARES.items():
            self.view.setColumnWidth(column, int(rest * share))

    # Rows --------------------------------------------------------------------------------------

    def load(self, observations: Iterable[Observation]) -> None:
        """Show these captures in place of all others."""
        self.model.load(observations)

    def reload(self) -> None:
        """Read the session's captures again from the file (keeps the selected capture)."""
        selected = self.selected()
        self.load(programmes.session_detail(self.run.db, self.run.session_id).observations)
        if selected is not None:
            self.select(selected.uuid)

    def add(self, observation: Observation) -> None:
        """Show a new capture (at the top, unless back-dated); an existing one is replaced."""
        self.model.add(observation)

    def replace(self, observation: Observation) -> None:
        """Show a capture's new state in place."""
        self.model.replace(observation)

    def remove(self, uuid: str) -> None:
        self.model.remove(uuid)

    def selected(self) -> Observation | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.observation(rows[0].row()) if rows else None

    def select(self, uuid: str) -> bool:
        """Select and show a capture; False if it is not in the timeline."""
        row = self.model.row_of(uuid)
        if row is None:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _rows_did_change(self) -> None:
        total = self.model.rowCount()
        self.pages.setCurrentWidget(self.view if total else self.placeholder)
        running = self.model.running_count
        text = plural(total, "capture")
        self.count.setText(text + (f" · {running} {RUNNING}" if running else ""))

    def _keep_place_on_insert(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Rows arriving above a facilitator scrolled down to read must not push the rows
        # they are reading out of sight; at the top, the newest simply appears.
        bar = self.view.verticalScrollBar()
        if bar.value() > 0 and first <= bar.value():
            grown = last - first + 1
            bar.setMaximum(bar.maximum() + grown)
            bar.setValue(bar.value() + grown)

    def _keep_place_on_remove(self, _parent: QModelIndex, first: int, last: int) -> None:
        bar = self.view.verticalScrollBar()
        if bar.value() > 0 and last < bar.value():
            bar.setValue(bar.value() - (last - first + 1))

    # Editing, deleting, undoing ----------------------------------------------------------------

    def edit_row(self, row: int) -> bool:
        """Edit the capture in `row` in a dialog; True once the change is saved."""
        if not 0 <= row < self.model.rowCount():
            return False
        observation = self.model.observation(row)
        detail = self.run.detail
        after = CaptureDialog.ask(
            self,
            observation=observation,
            schemes=self.run.schemes,
            cohort=detail.cohort,
            organisations=detail.organisations,
            when=" · ".join(
                text
                for text in (
                    self.model.data(self.model.index(row, TIME)),
                    observation.agenda_item_title,
                )
                if text
            ),
        )
        if after is None:
            return False
        before = CaptureFields.of(observation)
        if after == before:
            return False
        command = EditCapture(self.run.session_id, observation.uuid, before, after)
        if not self.hub.push(command):
            return False
        self.status.setText(SAVED)
        return True

    def delete_selected(self) -> bool:
        """Delete the selected capture (undoable, so no question asked); True if deleted."""
        observation = self.selected()
        if observation is None:
            return False
        row = self.model.row_of(observation.uuid)
        if not self.hub.push(DeleteCapture(self.run.session_id, observation.uuid)):
            return False
        self.model.remove(observation.uuid)  # at once: the stack's refresh finds it gone too
        if self.model.rowCount():
            self._select_row(min(row or 0, self.model.rowCount() - 1))
        self.status.setText(DELETED)
        return True

    def undo(self) -> None:
        """Undo the session's last step (this session's history, whatever is active)."""
        if self.stack.canUndo():
            text = self.stack.undoText()
            self.stack.undo()
            self.status.setText(f"Undone: {text}")

    def redo(self) -> None:
        if self.stack.canRedo():
            text = self.stack.redoText()
            self.stack.redo()
            self.status.setText(f"Redone: {text}")

    def _stack_did_move(self, index: int) -> None:
        """Read back the captures the steps between the old and new index touched."""
        if not shiboken6.isValid(self.stack):
            return  # the history is being thrown away (the window closing): nothing changed
        old, self._stack_index = self._stack_index, index
        if self.stack.count() == 0:
            return  # the history was cleared: that changes no capture
        uuids: set[str] = set()
        for position in range(min(old, index), max(old, index)):
            command = getattr(self.stack.command(position), "command", None)
            touched = getattr(command, "touched", None)
            if touched is None:
                self.reload()  # not a capture step (an agenda edit, say): read it all
                return
            uuids.update(touched)
            for stopped_id in getattr(command, "stopped_ids", ()):
                stopped = self.model.uuid_of_id(stopped_id)
                if stopped is not None:
                    uuids.add(stopped)
        self.refresh(uuids)

    def refresh(self, uuids: Iterable[str]) -> None:
        """Read these captures again: changed ones change in place, gone ones go."""
        wanted = set(uuids)
        found = captures_by_uuid(self.run.db, self.run.session_id, wanted)
        for uuid in wanted:
            if uuid in found:
                self.model.add(found[uuid])  # replaces it if shown
            else:
                self.model.remove(uuid)
        self._rows_did_change()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._size_columns()
        elif watched is self.view and isinstance(event, QKeyEvent):
            action = self._action_for(event)
            if action is not None:
                # Claim the key before any window-wide shortcut (the Edit menu's Undo) takes it.
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    action()
                    return True
        return super().eventFilter(watched, event)

    def _action_for(self, event: QKeyEvent) -> Any:
        if _matches(event, UNDO_KEYS):
            return self.undo
        if _matches(event, REDO_KEYS):
            return self.redo
        if event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return None
        if event.key() in EDIT_KEYS and self.view.currentIndex().isValid():
            return lambda: self.edit_row(self.view.currentIndex().row())
        if event.key() in DELETE_KEYS and self.selected() is not None:
            return self.delete_selected
        return None
