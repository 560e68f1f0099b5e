"""The programme dashboard: its sessions, trends across them per hour, and conflicts' journeys.

The numbers come from `services.trends`; this tab only lays them out. Rates are per hour of
session time so a short session and a full day compare fairly; a session with no recorded
length shows as a gap in the charts, never as zero.
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.snapshots import ProgrammeDetail
from facilitator.domain.trends import ConflictJourney, SessionTrend
from facilitator.ui.formatting import plural, short_date
from facilitator.ui.page import Page
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.trend_chart import Series, TrendChart
from facilitator.ui.widgets import heading, value_label

EMPTY_TEXT = (
    "This programme has no sessions yet. Once it has, their attendance, trends and conflicts "
    "appear here."
)
NO_CONFLICTS = "No conflicts have been logged in this programme."
RATES_NOTE = (
    "Counts are divided by each session's hours so sessions of different lengths compare. "
    "A session with no recorded length shows as a gap. These describe what was captured; "
    "they are not benchmarks."
)


def _attendance(trend: SessionTrend) -> str:
    return f"{trend.attendees}/{trend.cohort}"


def _hours(trend: SessionTrend) -> str:
    return "" if trend.hours is None else f"{trend.hours:.1f}"


SESSION_COLUMNS = (
    Column("Module", lambda t: t.module_title or "–"),
    Column("Session", lambda t: t.title),
    Column("Date", lambda t: short_date(t.date) or "–"),
    Column("Status", lambda t: t.status.label),
    Column("Attended", _attendance, right_aligned=True),
    Column("Hours", _hours, right_aligned=True),
)
MODULE, SESSION, DATE, STATUS, ATTENDED, HOURS = range(len(SESSION_COLUMNS))


def chart_series(trends: Sequence[SessionTrend]) -> dict[str, tuple[Series, ...]]:
    """Return the series of each dashboard chart, keyed by chart, in session order."""

    def series(name: str, values: Sequence[float | None]) -> Series:
        return Series(name, tuple(values))

    return {
        "patterns": (
            series(
                "Stuck and entrenched minutes per hour",
                [t.stuck_entrenched_minutes_per_hour for t in trends],
            ),
            series("Exploring others' views per hour", [t.exploring_per_hour for t in trends]),
        ),
        "conflicts": (
            series("Conflicts surfaced per hour", [t.conflicts_surfaced_per_hour for t in trends]),
            series("Conflicts resolved per hour", [t.conflicts_resolved_per_hour for t in trends]),
        ),
        "power": (
            series("Power differentials named per hour", [t.power_named_per_hour for t in trends]),
        ),
        # A session that has not run has no actions yet: a gap, like the rates.
        "actions": (
            series("Actions completed", [_if_run(t, t.actions_completed) for t in trends]),
            series("Actions in total", [_if_run(t, t.actions_total) for t in trends]),
        ),
    }


CHARTS = (
    ("patterns", "Stuck and entrenched against exploring", "Per hour"),
    ("conflicts", "Conflicts surfaced and resolved", "Per hour"),
    ("power", "Power differentials named", "Per hour"),
    ("actions", "Actions completed of total", "Actions"),
)


def session_label(trend: SessionTrend) -> str:
    """Return a session's label under a chart: its date, else its title."""
    return short_date(trend.date) or trend.title


class DashboardTab(Page):
    """A read-only overview of a programme, worked out again each time it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programme_id: int | None = None
        self.trends: tuple[SessionTrend, ...] = ()
        self.journeys: tuple[ConflictJourney, ...] = ()

        self.summary = value_label()
        self.summary.setObjectName("dashboardSummary")
        self.sessions = SnapshotTableModel(SESSION_COLUMNS, self)
        self.sessions_view = _table(self.sessions)
        self.charts = {key: TrendChart(title, axis) for key, title, axis in CHARTS}
        for key, chart in self.charts.items():
            chart.setObjectName(f"dashboardChart_{key}")
        self.journey_tree = QTreeWidget()
        self.journey_tree.setObjectName("dashboardJourneys")
        self.journey_tree.setHeaderLabels(["Conflict or step", "Status", "Session", "Date", "Note"])
        self.journey_tree.setAlternatingRowColors(True)
        self.journey_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.journey_tree.setMinimumHeight(220)
        self.no_conflicts = value_label(NO_CONFLICTS, italic=True)

        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(8, 4, 8, 8)
        box.addWidget(self.summary)
        box.addWidget(heading("Sessions", level=2))
        box.addWidget(self.sessions_view)
        box.addWidget(heading("Trends across sessions", level=2))
        box.addWidget(value_label(RATES_NOTE, italic=True))
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, (key, _title, _axis) in enumerate(CHARTS):
            self.charts[key].setMinimumHeight(240)
            grid.addWidget(self.charts[key], index // 2, index % 2)
        box.addLayout(grid)
        box.addWidget(heading("Conflict journeys", level=2))
        box.addWidget(self.no_conflicts)
        box.addWidget(self.journey_tree)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.placeholder = QLabel(EMPTY_TEXT)
        self.placeholder.setObjectName("dashboardPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the platform's muted text colour
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll)
        self.pages.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addWidget(self.pages)
        self.pages.setCurrentWidget(self.placeholder)

    def show_programme(self, programme: ProgrammeDetail, *, keep_selection: bool = False) -> None:
        """Read the programme's trends and conflicts again and show them."""
        del keep_selection  # nothing here is selectable
        self.programme_id = programme.id
        self.refresh()

    def refresh(self) -> None:
        """Work the dashboard out again from the store."""
        from facilitator.services.trends import conflict_journeys, programme_trends

        if self.db is None or self.programme_id is None:
            return
        self.show_data(
            programme_trends(self.db, self.programme_id),
            conflict_journeys(self.db, self.programme_id),
        )

    def show_data(
        self, trends: Sequence[SessionTrend], journeys: Sequence[ConflictJourney]
    ) -> None:
        """Lay out these trends and journeys (the service's results)."""
        self.trends, self.journeys = tuple(trends), tuple(journeys)
        self.pages.setCurrentWidget(self.scroll if self.trends else self.placeholder)
        self.summary.setText(
            f"{plural(len(self.trends), 'session')}, "
            f"{sum(1 for t in self.trends if t.hours is not None)} with a known length; "
            f"{plural(len(self.journeys), 'conflict')} logged."
        )
        self.sessions.set_rows(self.trends)
        _fit(self.sessions_view)
        labels = [session_label(trend) for trend in self.trends]
        for key, series in chart_series(self.trends).items():
            self.charts[key].set_data(labels, series)
        self._show_journeys()

    def _show_journeys(self) -> None:
        tree = self.journey_tree
        tree.clear()
        for journey in self.journeys:
            top = QTreeWidgetItem([journey.title, journey.status_label, journey.opened_in, "", ""])
            top.setToolTip(0, journey.title)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for step in journey.steps:
                child = QTreeWidgetItem(
                    [
                        "",
                        step.status_label,
                        step.session_title,
                        short_date(step.session_date),
                        step.note,
                    ]
                )
                child.setToolTip(4, step.note)
                top.addChild(child)
            tree.addTopLevelItem(top)
        tree.expandAll()
        header = tree.header()
        header.setStretchLastSection(True)
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.setColumnWidth(0, min(tree.columnWidth(0), 360))
        tree.setVisible(bool(self.journeys))
        self.no_conflicts.setVisible(not self.journeys)

    # Reading (for tests) ----------------------------------------------------------------------

    def journey_lines(self) -> list[tuple[str, list[tuple[str, ...]]]]:
        """Return each conflict's title with its steps' (status, session, date, note)."""
        tree = self.journey_tree
        lines = []
        for row in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(row)
            steps = [
                tuple(top.child(i).text(column) for column in range(1, 5))
                for i in range(top.childCount())
            ]
            lines.append((top.text(0), steps))
        return lines


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setObjectName("dashboardSessions")
    view.setModel(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setAlternatingRowColors(True)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(SESSION, QHeaderView.ResizeMode.Stretch)
    return view


def _fit(view: QTableView) -> None:
    """Make the table as tall as its rows: the page scrolls, never the table."""
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += view.model().rowCount() * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height)


def _if_run(trend: SessionTrend, count: int) -> float | None:
    return None if trend.hours is None and not count else float(count)
