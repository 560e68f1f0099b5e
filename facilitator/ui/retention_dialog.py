"""Retention…: how long programmes are kept after they end, and deleting those past it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.privacy import (
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    RetentionPreview,
    RetentionReport,
)
from facilitator.ui import dialogs
from facilitator.ui.formatting import long_date, plural, short_date
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, table_view

DEFAULT_MONTHS = 24  # offered when the user first turns retention on
COLUMNS = (
    Column("Programme", lambda c: c.title + ("  (sample)" if c.is_sample else "")),
    Column("Client system", lambda c: c.client_system, max_width=220),
    Column("Ended", lambda c: short_date(c.ended)),
    Column("Participants", lambda c: str(c.participants), right_aligned=True),
    Column("Sessions", lambda c: str(c.sessions), right_aligned=True),
)


@dataclass(frozen=True, slots=True)
class RetentionChoice:
    """The period chosen (None: keep everything); with `delete`, the programmes listed (and
    the old backups) are to be deleted."""

    months: int | None
    delete: bool = False
    delete_ids: tuple[int, ...] = ()


class RetentionDialog(QDialog):
    """Set the retention period and see what it would delete; Delete… asks to delete it."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        months: int | None,
        preview: Callable[[int], RetentionPreview],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retention")
        self.setMinimumSize(640, 420)
        self._preview_for = preview
        self._preview: RetentionPreview | None = None
        intro = QLabel(
            "Programmes hold notes about real people. Keep each only as long as you need it "
            "after it ends; then delete it, with the backups made before then. Nothing is "
            "deleted until you choose Delete and confirm."
        )
        intro.setWordWrap(True)
        self.enabled = QCheckBox("Keep programmes for")
        self.months = QSpinBox()
        self.months.setRange(MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS)
        self.months.setSuffix(" months")
        self.months.setValue(months or DEFAULT_MONTHS)
        self.months.setAccessibleName("Months to keep a programme after it ends")
        after = QLabel("after they end (their end date, or their last session's)")
        row = QHBoxLayout()
        row.addWidget(self.enabled)
        row.addWidget(self.months)
        row.addWidget(after, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = SnapshotTableModel(COLUMNS, self)
        self.view = table_view(self.model, stretch_column=0)
        self.pane = TablePane(self.view, empty_text="")
        self.backups = QLabel()
        self.backups.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.delete_button = self.buttons.addButton(
            "Delete…", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.clicked.connect(self._delete)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._delete_chosen = False
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.backups)
        layout.addWidget(self.buttons)
        self.enabled.setChecked(months is not None)
        self.enabled.toggled.connect(self._refresh)
        self.months.valueChanged.connect(self._refresh)
        self._refresh()

    def chosen_months(self) -> int | None:
        return self.months.value() if self.enabled.isChecked() else None

    def _refresh(self) -> None:
        months = self.chosen_months()
        self.months.setEnabled(months is not None)
        if months is None:
            self._preview = None
            self.model.set_rows([])
            self.summary.setText("Programmes are kept until you delete them yourself.")
            self.pane.placeholder.setText(
                "Tick “Keep programmes for” to list the programmes that ended long ago."
            )
            self.backups.setText("")
            self.delete_button.setEnabled(False)
            self.delete_button.setText("Delete…")
            return
        preview = self._preview = self._preview_for(months)
        self.model.set_rows(preview.programmes)
        fit_columns(self.view)
        count = len(preview.programmes)
        self.summary.setText(
            f"{plural(count, 'programme')} ended before {long_date(preview.cutoff)}, more than "
            f"{plural(months, 'month')} ago:"
            if count
            else f"No programme ended before {long_date(preview.cutoff)}."
        )
        self.pane.placeholder.setText("Nothing to delete.")
        self.backups.setText(
            f"{plural(preview.backups, 'backup')} made before {long_date(preview.cutoff)} "
            f"will be deleted too."
            if preview.backups
            else "No backups are that old."
        )
        self.delete_button.setEnabled(bool(count or preview.backups))
        self.delete_button.setText(
            f"Delete {plural(count, 'programme')}…" if count else "Delete old backups…"
        )

    def _delete(self) -> None:
        self._delete_chosen = True
        self.accept()

    def choice(self) -> RetentionChoice:
        ids = (
            tuple(c.id for c in self._preview.programmes)
            if self._delete_chosen and self._preview
            else ()
        )
        return RetentionChoice(
            months=self.chosen_months(), delete=self._delete_chosen, delete_ids=ids
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        months: int | None,
        preview: Callable[[int], RetentionPreview],
    ) -> RetentionChoice | None:
        """Return what the user chose (Save or Delete…); None if they cancelled."""
        dialog = cls(parent, months=months, preview=preview)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


def confirm_text(preview: RetentionPreview) -> str:
    """Say what deleting now removes, for the confirmation."""
    lines = []
    if preview.programmes:
        titles = "\n".join(
            f"•  {c.title} (ended {short_date(c.ended)})" for c in preview.programmes
        )
        lines.append(
            f"Delete {plural(len(preview.programmes), 'programme')} with every session, "
            f"observation, write-up and participant in them?\n\n{titles}"
        )
    if preview.backups:
        lines.append(
            f"{plural(preview.backups, 'backup')} made before "
            f"{long_date(preview.cutoff)} will be deleted too."
        )
    lines.append("This cannot be undone. Reports and files already exported are not changed.")
    return "\n\n".join(lines)


def report_text(report: RetentionReport) -> str:
    lines = [f"{plural(report.programmes, 'programme')} deleted."]
    if report.programmes:
        lines.append(
            "The file was compacted: nothing of them is left in it."
            if report.compacted
            else "The file could not be compacted just now; it will be next time."
        )
    lines.append(f"{plural(report.backups_removed, 'old backup')} deleted.")
    if report.backups_left:
        lines.append(
            f"{plural(report.backups_left, 'backup')} could not be deleted: remove them "
            "from the backups folder by hand."
        )
    return "\n".join(lines)


def manage_retention(parent: QWidget | None, *, db: Any, today: date | None = None) -> Changes:
    """Show Retention…: save the period chosen, and delete what is past it once confirmed.

    Returns what changed, for the main window to refresh.
    """
    from facilitator.services import retention

    today = today or date.today()
    try:
        months = retention.retention_months(db)
        choice = RetentionDialog.ask(
            parent,
            months=months,
            preview=lambda m: retention.retention_preview(db, months=m, today=today),
        )
        if choice is None:
            return Changes()
        if choice.months != months:
            retention.set_retention_months(db, choice.months)
        if not choice.delete or choice.months is None:
            return Changes()
        preview = retention.retention_preview(db, months=choice.months, today=today)
        shown = [c for c in preview.programmes if c.id in choice.delete_ids]
        preview = RetentionPreview(preview.months, preview.cutoff, tuple(shown), preview.backups)
        if not dialogs.ConfirmDialog.ask(
            parent, title="Delete old programmes", text=confirm_text(preview), action="Delete"
        ):
            return Changes()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            report = retention.delete_programmes(
                db, [c.id for c in shown], months=choice.months, today=today
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
    except FacilitatorError as error:
        dialogs.show_problem(parent, title="Nothing was deleted", text=str(error))
        return Changes()
    dialogs.show_information(parent, title="Old programmes deleted", text=report_text(report))
    return retention.DELETED if report.programmes else Changes()
