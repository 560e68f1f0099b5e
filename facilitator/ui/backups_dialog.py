"""File › Backups…: the backups of the open data, making one now, and restoring one."""

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.backups import (
    BY_HAND,
    MAX_KEEP,
    MIN_KEEP,
    BackupFile,
    describe_moment,
    describe_size,
)
from facilitator.domain.errors import FacilitatorError
from facilitator.services import backups
from facilitator.ui import dialogs
from facilitator.ui.store_keeper import StoreKeeper
from facilitator.ui.table_model import Column, SnapshotRole, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, table_view, value_label

COLUMNS = (
    Column("Made", lambda backup: describe_moment(backup.made_at)),
    Column("Why", lambda backup: backup.label, max_width=240),
    Column("Size", lambda backup: describe_size(backup.size_bytes), right_aligned=True),
)
EMPTY_TEXT = (
    "No backups yet. One is made when a session finishes, when the app closes, and once a "
    "day; or make one now."
)


class BackupsDialog(QDialog):
    """The backups of the open data, newest first, with what can be done with them."""

    def __init__(self, keeper: StoreKeeper, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.resize(640, 460)
        self.keeper = keeper
        self.intro = value_label()
        self.model = SnapshotTableModel(COLUMNS, self)
        self.view = table_view(self.model, stretch_column=1)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.pane = TablePane(self.view, empty_text=EMPTY_TEXT)
        self.keep = QSpinBox()
        self.keep.setRange(MIN_KEEP, MAX_KEEP)
        self.keep.setAccessibleName("How many backups to keep")
        self.status = value_label()
        self.status.setObjectName("backupsStatus")

        self.back_up_button = QPushButton("Back up now")
        self.restore_button = QPushButton("Restore…")
        self.folder_button = QPushButton("Open backups folder")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()  # what can be done with the backups on the left, Close right
        for button in (self.back_up_button, self.restore_button, self.folder_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)

        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Keep the last"))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel("backups (copies made before an upgrade are kept as well)"))
        keep_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.pane, 1)
        layout.addLayout(keep_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.refresh()
        self.keep.valueChanged.connect(self._keep_did_change)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        (self.view if self.model.rowCount() else self.back_up_button).setFocus()

    @classmethod
    def show_for(cls, parent: QWidget, *, keeper: StoreKeeper | None = None) -> None:
        """Show the backups of the data open in `parent`'s main window."""
        keeper = keeper or StoreKeeper.of(parent)
        if keeper is None or keeper.db is None:
            dialogs.show_problem(parent, title="Backups", text="Your data is not open yet.")
            return
        cls(keeper, parent).exec()

    # Showing ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """List the backups again, newest first, with the newest selected."""
        db = self.keeper.db
        folder = backups.backups_folder(db)
        self.intro.setText(
            "A copy of your data is made when a session finishes, when the app closes and "
            f"once a day, in:\n{folder}\n\nRestoring one never deletes the data you have now: "
            "its file is moved to the “aside” folder beside the database."
        )
        self.model.set_rows(backups.list_backups(self.keeper.data_dir))
        fit_columns(self.view)
        if self.model.rowCount():
            self.view.selectionModel().select(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.keep.blockSignals(True)
        self.keep.setValue(backups.keep_count(db))
        self.keep.blockSignals(False)
        self._update_buttons()

    def selected(self) -> BackupFile | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(SnapshotRole) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # Commands ----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        try:
            outcome = backups.back_up(self.keeper.db, reason=BY_HAND)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="No backup was made", text=str(error))
            return
        self.refresh()
        self._say(outcome.note)

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        when = describe_moment(backup.made_at)
        if not dialogs.ConfirmDialog.ask(
            self,
            title="Restore this backup?",
            text=f"Replace your data with the backup from {when}?\n\nNothing is deleted: the "
            "file you have now is moved to the “aside” folder beside the database, so "
            "anything changed since the backup is kept there.",
            action="Restore",
        ):
            return
        try:
            moved_to = self.keeper.restore(backup.path)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="The backup was not restored", text=str(error))
            self.refresh()
            return
        self.refresh()
        kept = f" The data you had is kept in {moved_to}." if moved_to else ""
        self._say(f"Restored the backup from {when}.{kept}")

    def open_folder(self) -> None:
        folder = backups.backups_folder(self.keeper.db)
        dialogs.open_file(folder if folder.is_dir() else folder.parent)

    def _keep_did_change(self, count: int) -> None:
        try:
            backups.set_keep_count(self.keeper.db, count)
        except FacilitatorError as error:
            self._say(str(error))
            return
        self._say(f"The last {count} will be kept, from the next backup on.")
