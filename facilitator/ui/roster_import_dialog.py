"""Import a cohort from a CSV file: choose the file, then review it before anything is saved."""

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.roster_import import (
    ImportedParticipant,
    ImportProblem,
    RosterImport,
    name_key,
)
from facilitator.ui.formatting import plural
from facilitator.ui.programme_dialogs import amber_banner
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, heading, table_view

CSV_FILTER = "CSV files (*.csv *.txt)"

READY_COLUMNS = (
    Column("Line", lambda p: str(p.line), right_aligned=True),
    Column("Name", lambda p: p.name),
    Column("Role", lambda p: p.role, max_width=220),
    Column("Organisation", lambda p: p.organisation, max_width=260),
    Column("Sector", lambda p: p.sector.label if p.sector else ""),
    Column("Pseudonym", lambda p: p.pseudonym),
)
PROBLEM_COLUMNS = (
    Column("Line", lambda p: str(p.line) if p.line else "", right_aligned=True),
    Column("Why it was left out", lambda p: p.reason, tooltip=lambda p: p.reason),
)


class CsvFileDialog:
    """Ask for the CSV file of participants to import."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """Return the chosen file, or None if the user cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, "Import participants from a CSV file", folder, CSV_FILTER
        )
        return Path(chosen) if chosen else None


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def cap_warning(*, cohort_size: int, adding: int, cohort_cap: int) -> str:
    """Return the warning for an import that takes the cohort over its cap, or ''."""
    total = cohort_size + adding
    if total <= cohort_cap:
        return ""
    return (
        f"Importing {plural(adding, 'participant')} brings the cohort to {total}: "
        f"{total - cohort_cap} more than the cohort cap of {cohort_cap}. "
        "This is allowed; the cap is a guide."
    )


class ImportReviewDialog(QDialog):
    """Show what a CSV file holds; nothing is saved unless the user chooses to import."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        result: RosterImport,
        cohort_size: int,
        cohort_cap: int,
        existing_organisations: Collection[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import participants")
        self.resize(900, 600)
        ready, problems = result.participants, result.problems
        lines_left_out = len({problem.line for problem in problems})

        self.summary = heading(
            f"{plural(len(ready), 'participant')} ready to import"
            if ready
            else "No participants can be imported from this file",
            level=2,
        )
        self.details = _label(self._details(result, lines_left_out, existing_organisations))

        self.cap_banner, self.cap_text = amber_banner("capBanner")
        self.cap_text.setText(
            cap_warning(cohort_size=cohort_size, adding=len(ready), cohort_cap=cohort_cap)
        )
        self.cap_banner.setVisible(bool(self.cap_text.text()))

        self.ready = SnapshotTableModel(READY_COLUMNS, self)
        self.ready.set_rows(ready)
        self.ready_view = table_view(self.ready, stretch_column=3)
        self.problems = SnapshotTableModel(PROBLEM_COLUMNS, self)
        self.problems.set_rows(problems)
        self.problems_view = table_view(self.problems, stretch_column=1)
        self.problems_view.setWordWrap(True)  # a reason is a sentence: show all of it
        rows = self.problems_view.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems_heading = heading(f"{plural(lines_left_out, 'row')} left out", level=2)
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_heading)
        problems_layout.addWidget(
            _label("Correct these rows in the file and import it again to add them.")
        )
        problems_layout.addWidget(self.problems_view, 1)
        problems_box.setVisible(bool(problems))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(TablePane(self.ready_view, empty_text="No row of the file can be used."))
        splitter.addWidget(problems_box)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([len(ready) + 2, len(problems) + 4])  # shared out in proportion

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            f"Import {plural(len(ready), 'participant')}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(bool(ready))
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setDefault(True)  # this dialog is itself the check before saving
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(self.cap_banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        fit_columns(self.ready_view)
        fit_columns(self.problems_view)

    @staticmethod
    def _details(
        result: RosterImport, lines_left_out: int, existing_organisations: Collection[str]
    ) -> str:
        # The import matches organisations as it matches people (name_key); the first spelling
        # of a new one is the one kept.
        known = {name_key(name) for name in existing_organisations}
        spelled: dict[str, str] = {}
        for person in result.participants:
            if person.organisation and name_key(person.organisation) not in known:
                spelled.setdefault(name_key(person.organisation), person.organisation)
        new = sorted(spelled.values(), key=str.casefold)
        parts = [f"The file was read as {result.encoding}."]
        if lines_left_out:
            parts.append(f"{plural(lines_left_out, 'row')} cannot be used and will be left out.")
        if new:
            parts.append(f"{plural(len(new), 'new organisation')} will be added: {', '.join(new)}.")
        parts.append("Nothing is saved until you choose Import.")
        return " ".join(parts)

    def ready_rows(self) -> list[ImportedParticipant]:
        return [self.ready.row_snapshot(row) for row in range(self.ready.rowCount())]

    def problem_rows(self) -> list[ImportProblem]:
        return [self.problems.row_snapshot(row) for row in range(self.problems.rowCount())]

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        result: RosterImport,
        cohort_size: int,
        cohort_cap: int,
        existing_organisations: Collection[str] = (),
    ) -> bool:
        """Show the review; return True if the user chooses to import the ready rows."""
        dialog = cls(
            parent,
            result=result,
            cohort_size=cohort_size,
            cohort_cap=cohort_cap,
            existing_organisations=existing_organisations,
        )
        return dialog.exec() == QDialog.DialogCode.Accepted
