"""The programme page: its details, organisations and cohort."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.formatting import date_range, plural
from facilitator.ui.style import BANNER_STYLE
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, form, heading, table_view, value_label

if TYPE_CHECKING:
    from facilitator.domain.snapshots import ProgrammeDetail

ORGANISATION_COLUMNS = (
    Column("Organisation", lambda o: o.name),
    Column("Sector", lambda o: o.sector.label),
)
PARTICIPANT_COLUMNS = (
    Column("Name", lambda p: p.name),
    Column("Role", lambda p: p.role, max_width=220),
    Column("Organisation", lambda p: p.organisation_name, max_width=240),
    Column("Pseudonym", lambda p: p.pseudonym),
    Column("Goals", lambda p: p.goals, tooltip=lambda p: p.goals),
)


class ProgrammePage(QWidget):
    """Shows one programme; offers removal when it is the sample."""

    remove_sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading()
        self.client_system = value_label()
        self.dates = value_label()
        self.counts = value_label()
        self.notes = value_label()

        self.sample_banner = QFrame()
        self.sample_banner.setObjectName("sampleBanner")
        self.sample_banner.setStyleSheet(BANNER_STYLE)
        banner_layout = QHBoxLayout(self.sample_banner)
        banner_text = QLabel(
            "This is a fictional sample programme, here to show what the app does. "
            "Remove it when you are ready to start your own."
        )
        banner_text.setWordWrap(True)
        self.remove_sample_button = QPushButton("Remove sample programme…")
        self.remove_sample_button.clicked.connect(self.remove_sample_requested)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.remove_sample_button)

        self.participants = SnapshotTableModel(PARTICIPANT_COLUMNS, self)
        self.organisations = SnapshotTableModel(ORGANISATION_COLUMNS, self)
        self.participants_view = table_view(self.participants, stretch_column=4)
        self.organisations_view = table_view(self.organisations, stretch_column=0)
        self.tabs = QTabWidget()
        self.tabs.addTab(
            TablePane(self.participants_view, empty_text="No participants in the cohort yet."),
            "Cohort",
        )
        self.tabs.addTab(
            TablePane(self.organisations_view, empty_text="No organisations yet."),
            "Organisations",
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.sample_banner)
        layout.addLayout(
            form(
                self,
                [
                    ("Client system", self.client_system),
                    ("Dates", self.dates),
                    ("In this programme", self.counts),
                    ("Notes", self.notes),
                ],
            )
        )
        layout.addWidget(self.tabs, 1)

    def show_programme(self, programme: ProgrammeDetail) -> None:
        """Fill the page from a snapshot."""
        self.title.setText(programme.title)
        self.client_system.setText(programme.client_system or "–")
        self.dates.setText(date_range(programme.start_date, programme.end_date))
        self.counts.setText(
            f"{plural(len(programme.modules), 'module')}, "
            f"{plural(programme.session_count, 'session')}, "
            f"{plural(len(programme.participants), 'participant')} from "
            f"{plural(len(programme.organisations), 'organisation')}"
        )
        self.notes.setText(programme.notes or "–")
        self.sample_banner.setVisible(programme.is_sample)
        self.participants.set_rows(programme.participants)
        self.organisations.set_rows(programme.organisations)
        self.tabs.setTabText(0, f"Cohort ({len(programme.participants)})")
        self.tabs.setTabText(1, f"Organisations ({len(programme.organisations)})")
        fit_columns(self.participants_view)
        fit_columns(self.organisations_view)
