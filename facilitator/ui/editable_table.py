"""A table of snapshots under its own toolbar, and the commands made for such toolbars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.snapshots import ProgrammeDetail
from facilitator.ui.icons import icon
from facilitator.ui.page import Page
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, detail_label, fit_columns, table_view, with_detail

DELETE = QKeySequence.StandardKey.Delete


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """A command on a toolbar; `slot` names the method of its owner that it calls."""

    text: str
    tip: str
    slot: str
    icon: str
    shortcut: QKeySequence.StandardKey | str | None = None
    icon_only: bool = False
    separated: bool = False  # a separator before it on the toolbar


def command_toolbar(title: str = "") -> QToolBar:
    """Return a toolbar whose buttons show their text beside a small icon."""
    toolbar = QToolBar(title)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(QSize(18, 18))
    return toolbar


def add_actions(
    owner: QObject,
    toolbar: QToolBar,
    specs: Sequence[ActionSpec],
    *,
    view: QWidget | None = None,
) -> list[QAction]:
    """Make each action, calling `owner`'s slot, and put it on `toolbar`.

    An action's shortcut works while `view` (or the toolbar) has focus, so the Delete key
    of one tab never removes a row of another.
    """
    made = []
    for spec in specs:
        if spec.separated:
            toolbar.addSeparator()
        action = QAction(spec.text, owner)
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        action.triggered.connect(getattr(owner, spec.slot))
        if spec.shortcut is not None:
            keys = QKeySequence(spec.shortcut)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{spec.tip} ({keys.toString()})")
        if view is not None:
            view.addAction(action)
        if spec.icon_only:
            button = QToolButton()  # arrows speak for themselves: icon only, text as tip
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setAutoRaise(True)
            toolbar.addWidget(button)
        else:
            toolbar.addAction(action)
        made.append(action)
    return made


def set_icons(actions: Sequence[QAction], specs: Sequence[ActionSpec]) -> None:
    """Give actions made by `add_actions` their icons, once the icon font has loaded."""
    for action, spec in zip(actions, specs, strict=True):
        action.setIcon(icon(spec.icon))


class EditableTable(QWidget):
    """A table of snapshots under its own toolbar; the selected row survives a refresh."""

    selection_did_change = Signal()  # also after a refresh, which may change the selection

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        stretch_column: int,
        empty_text: str,
        describe: Callable[[Any], str] | None = None,
        prompt: str = "",
    ) -> None:
        super().__init__()
        self.model = SnapshotTableModel(columns, self)
        self.view = table_view(self.model, stretch_column=stretch_column)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.toolbar = command_toolbar()
        self.keep_id: int | None = None  # the row to select after the next refresh
        self._commands: list[tuple[QAction, ActionSpec]] = []
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_did_change.emit()
        )
        self.model.modelReset.connect(self.selection_did_change.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        pane = TablePane(self.view, empty_text=empty_text)
        self.detail: QLabel | None = None
        if describe is None:
            layout.addWidget(pane, 1)
            return
        self.detail = detail = detail_label(prompt)
        layout.addWidget(with_detail(pane, detail), 1)

        def show_detail() -> None:
            row = self.selected_row()
            detail.setText(describe(self.model.row_snapshot(row)) if row >= 0 else prompt)

        self.selection_did_change.connect(show_detail)
        self.model.modelReset.connect(lambda: detail.setVisible(self.model.rowCount() > 0))

    def add_actions(self, owner: QObject, specs: Sequence[ActionSpec]) -> list[QAction]:
        """Put commands calling `owner`'s slots on the toolbar; shortcuts work in the table."""
        made = add_actions(owner, self.toolbar, specs, view=self.view)
        self._commands.extend(zip(made, specs, strict=True))
        return made

    def apply_icons(self) -> None:
        for action, spec in self._commands:
            action.setIcon(icon(spec.icon))

    def selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected(self) -> Any:
        row = self.selected_row()
        return self.model.row_snapshot(row) if row >= 0 else None

    def set_rows(self, rows: Sequence[Any], *, keep_selection: bool) -> None:
        """Show `rows`, selecting the one asked for or else the one selected before."""
        current = self.selected() if keep_selection else None
        wanted = self.keep_id if self.keep_id is not None else getattr(current, "id", None)
        self.keep_id = None
        self.model.set_rows(rows)
        for row, snapshot in enumerate(rows):
            if snapshot.id == wanted:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
        fit_columns(self.view)


class TableTab(Page):
    """A tab of the programme page: one editable table of the programme's rows."""

    def __init__(self, table: EditableTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programme: ProgrammeDetail | None = None
        self.table = table
        self.table.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selection_did_change.connect(self._update_enabled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def rows(self, programme: ProgrammeDetail) -> Sequence[Any]:
        """Return the rows this tab lists."""
        raise NotImplementedError

    def edit_selected(self) -> None:
        """Edit the selected row (double-click)."""
        raise NotImplementedError

    def _update_enabled(self) -> None:
        raise NotImplementedError

    def apply_icons(self) -> None:
        self.table.apply_icons()

    def show_programme(self, programme: ProgrammeDetail, *, keep_selection: bool) -> None:
        self.programme = programme
        self.table.set_rows(self.rows(programme), keep_selection=keep_selection)
        self._update_enabled()
