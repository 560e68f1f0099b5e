"""The session page: when and where, who came, the agenda and the observations."""

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from facilitator.domain.agenda import planned_clock_times
from facilitator.domain.snapshots import AgendaItem, Observation, SessionDetail
from facilitator.ui.formatting import clock, elapsed, long_date
from facilitator.ui.style import DETAIL_STYLE
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import fit_columns, form, heading, table_view, value_label


def _actual(item: AgendaItem) -> str:
    if item.actual_start is None:
        return ""
    return f"{clock(item.actual_start)}–{clock(item.actual_end)}"


def _codes(observation: Observation) -> str:
    parts = []
    for code in observation.codes:
        text = code.label
        if code.qualifier:
            text += f" ({code.qualifier})"
        parts.append(text)
    text = "; ".join(parts) or "Note"
    if observation.duration_seconds is not None:
        text += f" · lasted {elapsed(observation.duration_seconds)}"
    return text


def _codes_tooltip(observation: Observation) -> str:
    return "\n".join(f"{code.scheme_name}: {code.label}" for code in observation.codes) or "Note"


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """An agenda item with its planned clock times, which depend on the session's start."""

    item: AgendaItem
    planned: str


AGENDA_COLUMNS = (
    Column("#", lambda r: str(r.item.position), right_aligned=True),
    Column("Planned", lambda r: r.planned),
    Column("Item", lambda r: r.item.title, max_width=300),
    Column("Method", lambda r: r.item.method, max_width=200),
    Column("Minutes", lambda r: str(r.item.planned_minutes), right_aligned=True),
    Column("Actual", lambda r: _actual(r.item)),
    Column("Purpose", lambda r: r.item.purpose, tooltip=lambda r: r.item.purpose),
)
ATTENDEE_COLUMNS = (
    Column("Name", lambda p: p.name),
    Column("Role", lambda p: p.role),
    Column("Organisation", lambda p: p.organisation_name),
)
OBSERVATION_COLUMNS = (
    Column("Time", lambda o: clock(o.occurred_at)),
    Column("Elapsed", lambda o: elapsed(o.offset_seconds), right_aligned=True),
    Column("Agenda item", lambda o: o.agenda_item_title, max_width=150),
    Column(
        "Codes",
        _codes,
        colour=lambda o: o.codes[0].colour if o.codes else None,
        tooltip=_codes_tooltip,
        max_width=190,
    ),
    Column("About", lambda o: ", ".join(s.name for s in o.subjects), max_width=150),
    Column("Note", lambda o: o.note, tooltip=lambda o: o.note),
    Column("By", lambda o: o.author),
)


NO_OBSERVATION_SELECTED = "Select an observation to read it in full."


def describe_observation(observation: Observation) -> str:
    """Return an observation in full, as plain text for the detail panel."""
    lines = [
        f"{clock(observation.occurred_at)} ({elapsed(observation.offset_seconds)} in)"
        + (f" · {observation.agenda_item_title}" if observation.agenda_item_title else "")
        + (f" · by {observation.author}" if observation.author else "")
    ]
    for code in observation.codes:
        qualifier = f" – {code.qualifier}" if code.qualifier else ""
        lines.append(f"{code.scheme_name}: {code.label}{qualifier}")
    if observation.duration_seconds is not None:
        lines.append(f"Lasted {elapsed(observation.duration_seconds)}")
    if observation.subjects:
        lines.append("About: " + ", ".join(subject.name for subject in observation.subjects))
    if observation.note:
        lines.append(observation.note)
    return "\n".join(lines)


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
        self.observation_detail = value_label()
        self.observation_detail.setObjectName("observationDetail")
        self.observation_detail.setStyleSheet(DETAIL_STYLE)
        self.observations_view.selectionModel().currentRowChanged.connect(
            self._current_observation_did_change
        )
        observations_tab = QWidget()
        observations_layout = QVBoxLayout(observations_tab)
        observations_layout.setContentsMargins(0, 0, 0, 0)
        observations_layout.addWidget(self.observations_view, 1)
        observations_layout.addWidget(self.observation_detail)
        self.attendees_view = table_view(self.attendees)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda_view, "Agenda")
        self.tabs.addTab(observations_tab, "Observations")
        self.tabs.addTab(self.attendees_view, "Attendees")

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

    def _current_observation_did_change(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            observation = self.observations.row_snapshot(current.row())
            self.observation_detail.setText(describe_observation(observation))

    def show_session(self, session: SessionDetail) -> None:
        """Fill the page from a snapshot."""
        self.title.setText(session.title)
        self.programme.setText(
            " · ".join(filter(None, (session.module_title, session.programme_title)))
        )
        start = clock(session.start_time)
        self.when.setText(f"{long_date(session.date)}{', from ' + start if start else ''}")
        self.venue.setText(session.venue or "–")
        self.kind.setText(session.kind.label)
        self.status.setText(session.status.label)

        if session.start_time is None:
            planned = [""] * len(session.agenda)
        else:
            minutes = [item.planned_minutes for item in session.agenda]
            planned = [
                f"{clock(begin)}–{clock(end)}"
                for begin, end in planned_clock_times(session.start_time, minutes)
            ]
        self.agenda.set_rows(
            [AgendaRow(item, times) for item, times in zip(session.agenda, planned, strict=True)]
        )
        self.observations.set_rows(session.observations)
        self.observation_detail.setText(NO_OBSERVATION_SELECTED if session.observations else "")
        self.attendees.set_rows(session.attendees)
        self.tabs.setTabText(0, f"Agenda ({len(session.agenda)})")
        self.tabs.setTabText(1, f"Observations ({len(session.observations)})")
        self.tabs.setTabText(2, f"Attendees ({len(session.attendees)})")
        for view in (self.agenda_view, self.observations_view, self.attendees_view):
            fit_columns(view)
