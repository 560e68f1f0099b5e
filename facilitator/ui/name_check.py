"""What pseudonymising a report did, shown before it is saved: every name replaced, with what
and how often, and anything that still looks like a name for the user to check."""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from facilitator.domain.enums import NamesMode
from facilitator.ui.formatting import plural
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import table_view

if TYPE_CHECKING:  # the service module brings the database layer: not needed to start up
    from facilitator.services.session_report import ReportCheck

NAMES_REAL = (
    "This report names participants. Share it only with the people it was written for, "
    "and keep it somewhere safe."
)
NOTHING_REPLACED = "No participant's name appears in the report's text."
NOTHING_LEFT = "Nothing else in the report looks like a name."
LIST_ROWS = 6  # leftovers shown before their list scrolls
LEFTOVERS_TITLE = "Still looks like a name — check these"
WARNING_STYLE = """
QFrame#{name} {{ background: #FFF4CE; border: 1px solid #D9B64A; border-radius: 4px; }}
QFrame#{name} QLabel {{ color: #3A2E00; background: transparent; border: none; }}
"""

REPLACEMENT_COLUMNS = (
    Column("Found", lambda r: r.found),
    Column("Replaced by", lambda r: r.replaced_by),
    Column("Times", lambda r: str(r.count), right_aligned=True),
)
LEFTOVER_COLUMNS = (
    Column("Looks like a name", lambda left: left.text),
    Column("Times", lambda left: str(left.count), right_aligned=True),
    Column("Where it appears", lambda left: left.example, max_width=600),
)


def _check_table(model: SnapshotTableModel, *, stretch_column: int) -> QTableView:
    view = table_view(model, stretch_column=stretch_column)
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        if column != stretch_column:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    return view


def _warning_frame(name: str, label: QLabel) -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(WARNING_STYLE.format(name=name))
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.addWidget(label)
    return frame


def _label(*, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are user text
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class NameCheckView(QWidget):
    """Shows one ReportCheck."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check: ReportCheck | None = None
        self.summary = _label(bold=True)
        self.summary.setObjectName("nameCheckSummary")
        self.replacements = SnapshotTableModel(REPLACEMENT_COLUMNS, self)
        self.replacements_view = _check_table(self.replacements, stretch_column=1)
        self.real_note = _label(bold=True)
        self.real_note.setText(NAMES_REAL)
        self.real_frame = _warning_frame("namesRealNote", self.real_note)
        self.leftovers_title = _label(bold=True)
        self.leftovers_frame = _warning_frame("leftoversTitle", self.leftovers_title)
        self.leftovers = SnapshotTableModel(LEFTOVER_COLUMNS, self)
        self.leftovers_view = _check_table(self.leftovers, stretch_column=2)
        self.all_clear = _label()
        self.all_clear.setEnabled(False)  # muted
        self.problem = _label()
        self.problem.setStyleSheet("color: #B00020;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.real_frame)
        layout.addWidget(self.summary)
        layout.addWidget(self.replacements_view, 3)
        layout.addWidget(self.leftovers_frame)
        layout.addWidget(self.leftovers_view, 2)
        layout.addWidget(self.all_clear)
        layout.addWidget(self.problem)
        layout.addStretch(0)
        self.show_check(None)

    def show_check(self, check: "ReportCheck | None") -> None:
        """Show what a check found (None shows nothing yet)."""
        self.check = check
        self.problem.hide()
        real = check is not None and check.names is NamesMode.REAL
        replaced = check.replacements if check is not None and not real else ()
        left = check.leftovers if check is not None and not real else ()
        self.replacements.set_rows(replaced)
        self.leftovers.set_rows(left)
        self.real_frame.setVisible(real)
        self.summary.setVisible(check is not None and not real)
        self.replacements_view.setVisible(bool(replaced))
        self.leftovers_frame.setVisible(bool(left))
        self.leftovers_view.setVisible(bool(left))
        self.all_clear.setVisible(check is not None and not real)
        if check is None or real:
            return
        mentions = sum(replacement.count for replacement in replaced)
        names = len({replacement.found for replacement in replaced})
        self.summary.setText(
            f"Replaced {plural(mentions, 'mention')} of {plural(names, 'name')}."
            if replaced
            else NOTHING_REPLACED
        )
        self.leftovers_title.setText(f"{LEFTOVERS_TITLE} ({len(left)})")
        self._fit_height(self.leftovers_view, len(left))
        self.all_clear.setText("" if left else NOTHING_LEFT)
        self.all_clear.setVisible(not left)

    @staticmethod
    def _fit_height(view: QTableView, rows: int) -> None:
        """Make a short list only as tall as its rows (up to LIST_ROWS; then it scrolls)."""
        shown = min(max(rows, 1), LIST_ROWS)
        height = view.horizontalHeader().sizeHint().height()
        height += shown * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth()
        view.setMaximumHeight(height + 2)

    def show_problem(self, text: str) -> None:
        """Say the check could not be made (the report can still be tried)."""
        self.show_check(None)
        self.problem.setText(text)
        self.problem.show()

    def replacement_rows(self) -> list[tuple[str, str, int]]:
        """Return the replacements shown, as (found, replaced by, times), for tests."""
        return [
            (row.found, row.replaced_by, row.count)
            for row in (
                self.replacements.row_snapshot(index)
                for index in range(self.replacements.rowCount())
            )
        ]
