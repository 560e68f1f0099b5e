"""The module page: its themes and sessions."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from facilitator.domain.snapshots import ModuleDetail
from facilitator.domain.status import overall_status, status_label
from facilitator.ui.formatting import clock, plural, short_date
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, form, heading, table_view, value_label

SESSION_COLUMNS = (
    Column("Session", lambda s: s.title),
    Column("Date", lambda s: short_date(s.date)),
    Column("Starts", lambda s: clock(s.start_time)),
    Column("Kind", lambda s: s.kind.label),
    Column("Status", lambda s: s.status.label),
)


class ModulePage(QWidget):
    """Shows one module of a programme."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading()
        self.programme = value_label()
        self.days = value_label()
        self.status = value_label()
        self.themes = value_label()
        self.sessions = SnapshotTableModel(SESSION_COLUMNS, self)
        self.sessions_view = table_view(self.sessions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(
            form(
                self,
                [
                    ("Programme", self.programme),
                    ("Length", self.days),
                    ("Status", self.status),
                    ("Themes", self.themes),
                ],
            )
        )
        layout.addWidget(heading("Sessions", level=2))
        layout.addWidget(
            TablePane(self.sessions_view, empty_text="No sessions planned for this module yet."),
            1,
        )

    def show_module(self, module: ModuleDetail) -> None:
        """Fill the page from a snapshot."""
        self.title.setText(f"Module {module.position}: {module.title}")
        self.programme.setText(module.programme_title)
        if module.days is None:
            self.days.setText("–")
        else:
            self.days.setText(plural(module.days, "day"))
        self.status.setText(status_label(overall_status(s.status for s in module.sessions)))
        self.themes.setText("\n".join(f"• {theme}" for theme in module.themes) or "–")
        self.sessions.set_rows(module.sessions)
        fit_columns(self.sessions_view)
