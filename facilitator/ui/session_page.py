"""The session page: when and where, who came, the agenda and the observations."""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from facilitator.domain.snapshots import SessionDetail
from facilitator.domain.timezones import zone
from facilitator.ui.formatting import clock, long_date
from facilitator.ui.session_tables import (
    AGENDA_COLUMNS,
    ATTENDEE_COLUMNS,
    NO_AGENDA_ITEM_SELECTED,
    NO_OBSERVATION_SELECTED,
    OBSERVATION_COLUMNS,
    agenda_lines,
    describe_agenda_item,
    describe_observation,
    observation_lines,
)
from facilitator.ui.table_model import SnapshotTableModel
from facilitator.ui.widgets import (
    TablePane,
    detail_label,
    fit_columns,
    form,
    heading,
    table_view,
    value_label,
    with_detail,
)

ACTUAL_COLUMN = 5


class SessionPage(QWidget):
    """Shows one session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading()
        self.when = value_label()
        self.venue = value_label()
        self.kind = value_label()
        self.status = value_label()
        self.programme = value_label()

        self.agenda = SnapshotTableModel(AGENDA_COLUMNS, self)
        self.observations = SnapshotTableModel(OBSERVATION_COLUMNS, self)
        self.attendees = SnapshotTableModel(ATTENDEE_COLUMNS, self)
        self.agenda_view = table_view(self.agenda, stretch_column=6)
        self.observations_view = table_view(self.observations, stretch_column=5)
        self.attendees_view = table_view(self.attendees)
        self.agenda_detail = detail_label(NO_AGENDA_ITEM_SELECTED)
        self.observation_detail = detail_label(NO_OBSERVATION_SELECTED)
        self._show_in_detail(self.agenda_view, self.agenda_detail, describe_agenda_item)
        self._show_in_detail(self.observations_view, self.observation_detail, describe_observation)

        self.tabs = QTabWidget()
        self.tabs.addTab(
            with_detail(
                TablePane(self.agenda_view, empty_text="This session has no agenda yet."),
                self.agenda_detail,
            ),
            "Agenda",
        )
        self.tabs.addTab(
            with_detail(
                TablePane(
                    self.observations_view,
                    empty_text="No observations yet: captures made during the session appear here.",
                ),
                self.observation_detail,
            ),
            "Observations",
        )
        self.tabs.addTab(
            TablePane(self.attendees_view, empty_text="Nobody is ticked as attending yet."),
            "Attendees",
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(
            form(
                self,
                [
                    ("Part of", self.programme),
                    ("When", self.when),
                    ("Venue", self.venue),
                    ("Kind", self.kind),
                    ("Status", self.status),
                ],
            )
        )
        layout.addWidget(self.tabs, 1)

    def _show_in_detail(self, view: QWidget, detail: QLabel, describe: Callable) -> None:
        """Describe the current row of `view` in `detail` whenever it changes."""
        model = view.model()

        def current_did_change(current: QModelIndex, _previous: QModelIndex) -> None:
            if current.isValid():
                detail.setText(describe(model.row_snapshot(current.row())))

        view.selectionModel().currentRowChanged.connect(current_did_change)

    def show_session(self, session: SessionDetail) -> None:
        """Fill the page from a snapshot."""
        room_zone = zone(session.timezone)
        self.title.setText(session.title)
        self.programme.setText(
            " · ".join(filter(None, (session.module_title, session.programme_title)))
        )
        start = clock(session.start_time)
        self.when.setText(f"{long_date(session.date)}{', from ' + start if start else ''}")
        self.venue.setText(session.venue or "–")
        self.kind.setText(session.kind.label)
        self.status.setText(session.status.label)

        self.agenda.set_rows(agenda_lines(session, room_zone))
        ran = any(item.actual_start for item in session.agenda)
        self.agenda_view.setColumnHidden(ACTUAL_COLUMN, not ran)
        self.observations.set_rows(observation_lines(session, room_zone))
        self.attendees.set_rows(session.attendees)
        self.agenda_detail.setText(NO_AGENDA_ITEM_SELECTED)
        self.observation_detail.setText(NO_OBSERVATION_SELECTED)
        self.agenda_detail.setVisible(bool(session.agenda))
        self.observation_detail.setVisible(bool(session.observations))
        self.tabs.setTabText(0, f"Agenda ({len(session.agenda)})")
        self.tabs.setTabText(1, f"Observations ({len(session.observations)})")
        self.tabs.setTabText(2, f"Attendees ({len(session.attendees)})")
        for view in (self.agenda_view, self.observations_view, self.attendees_view):
            fit_columns(view)
