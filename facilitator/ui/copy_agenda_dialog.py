"""Choose another session whose agenda to copy, and whether to add to or replace this one."""

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.agenda import duration_text
from facilitator.services.sessions import AgendaSource
from facilitator.ui.formatting import plural, short_date
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, table_view

SOURCE_COLUMNS = (
    Column("Session", lambda s: s.session_title, max_width=240),
    Column("Date", lambda s: short_date(s.date)),
    Column("Programme", lambda s: s.programme_title, max_width=300),
    Column("Items", lambda s: plural(s.item_count, "item")),
    Column("Length", lambda s: duration_text(s.total_minutes)),
)


@dataclass(frozen=True, slots=True)
class CopyChoice:
    session_id: int
    title: str
    replace: bool


class CopyAgendaDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, *, sources: Sequence[AgendaSource], has_agenda: bool
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Copy an agenda")
        self.resize(760, 420)
        self.model = SnapshotTableModel(SOURCE_COLUMNS, self)
        self.model.set_rows(sources)
        self.view = table_view(self.model, stretch_column=2)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.append = QRadioButton("Add its items after this session's agenda")
        self.replace = QRadioButton("Replace this session's agenda")
        self.append.setChecked(True)
        self.append.setVisible(has_agenda)
        self.replace.setVisible(has_agenda)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Copy agenda")
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.ok_button.setEnabled(self.view.selectionModel().hasSelection())
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Copy the agenda of:"))
        layout.addWidget(
            TablePane(self.view, empty_text="No other session has an agenda to copy yet."), 1
        )
        layout.addWidget(self.append)
        layout.addWidget(self.replace)
        layout.addWidget(QLabel("You can undo the copy with Edit › Undo."))
        layout.addWidget(buttons)
        fit_columns(self.view)

    def choice(self) -> CopyChoice | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.model.row_snapshot(rows[0].row())
        return CopyChoice(source.session_id, source.session_title, self.replace.isChecked())

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, sources: Sequence[AgendaSource], has_agenda: bool
    ) -> CopyChoice | None:
        dialog = cls(parent, sources=sources, has_agenda=has_agenda)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
