"""The programme dashboard: the sample's sessions and attendance, the charts' series per hour
with gaps for unknown lengths, the sample's conflict journeys, and an empty programme's
sentence."""

import os
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QWidget

from facilitator.domain.fields import ProgrammeFields
from facilitator.services import programmes
from facilitator.services.trends import programme_trends
from facilitator.storage.database import Database
from facilitator.ui.dashboard_tab import ATTENDED, EMPTY_TEXT, SESSION, DashboardTab
from facilitator.ui.formatting import short_date
from facilitator.ui.programme_page import DASHBOARD_TAB, ProgrammePage


def sample_id(store: Database) -> int:
    (summary,) = programmes.list_programmes(store)
    return summary.id


def open_tab(qtbot, store: Database, programme_id: int) -> DashboardTab:
    tab = DashboardTab()
    qtbot.addWidget(tab)
    tab.attach_store(store)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    tab.show_programme(programmes.programme_detail(store, programme_id))
    return tab


@pytest.fixture
def tab(qtbot, store: Database) -> DashboardTab:
    return open_tab(qtbot, store, sample_id(store))


def column(tab: DashboardTab, index: int) -> list[str]:
    model = tab.sessions
    return [model.index(row, index).data() for row in range(model.rowCount())]


def test_lists_the_sample_sessions_with_attendance(tab: DashboardTab) -> None:
    """Both sample sessions are listed in date order; Day one had 15 of the 16 there."""
    assert column(tab, SESSION) == ["Day one", "Day two"]
    assert column(tab, ATTENDED)[0] == "15/16"
    assert tab.pages.currentWidget() is tab.scroll


def test_charts_carry_the_rates_per_hour(tab: DashboardTab, store: Database) -> None:
    """Each chart's series are the trend rates, in session order."""
    trends = programme_trends(store, sample_id(store))
    day_one = trends[0]
    patterns = tab.charts["patterns"].values()
    assert patterns["Stuck and entrenched minutes per hour"][0] == pytest.approx(
        day_one.stuck_entrenched_minutes_per_hour
    )
    assert patterns["Stuck and entrenched minutes per hour"][0] == pytest.approx(
        29.3333 / 7.2333, 1e-3
    )
    assert patterns["Exploring others' views per hour"][0] == pytest.approx(8 / 7.2333, 1e-3)
    conflicts = tab.charts["conflicts"].values()
    assert conflicts["Conflicts surfaced per hour"][0] == pytest.approx(3 / 7.2333, 1e-3)
    assert conflicts["Conflicts resolved per hour"][0] == pytest.approx(1 / 7.2333, 1e-3)
    power = tab.charts["power"].values()
    assert power["Power differentials named per hour"][0] == pytest.approx(6 / 7.2333, 1e-3)
    actions = tab.charts["actions"].values()
    # Day two has not run: a gap, not a count of none.
    assert actions == {"Actions completed": (1.0, None), "Actions in total": (3.0, None)}
    assert tab.charts["patterns"].labels == tuple(short_date(trend.date) for trend in trends)


def test_a_session_with_no_hours_is_a_gap_not_zero(tab: DashboardTab) -> None:
    """A session of unknown length gives None (drawn as a gap) in every per-hour series."""
    first, second = tab.trends
    unknown = replace(
        second,
        hours=None,
        stuck_entrenched_minutes_per_hour=None,
        exploring_per_hour=None,
        conflicts_surfaced_per_hour=None,
        conflicts_resolved_per_hour=None,
        power_named_per_hour=None,
    )
    tab.show_data([first, unknown], tab.journeys)
    for key in ("patterns", "conflicts", "power"):
        for values in tab.charts[key].values().values():
            assert values[1] is None and values[0] is not None
    tab.charts["patterns"].grab()  # draws without failing on the gap


def test_conflict_journeys_show_the_sample_conflicts_and_steps(tab: DashboardTab) -> None:
    """The three sample conflicts, oldest first, each with its steps in Day one."""
    lines = tab.journey_lines()
    assert [title for title, _steps in lines] == [
        "The council's right of veto until members are consulted",
        "District councils left out of system decisions",
        "Sharing a fixed budget when one partner over-performs",
    ]
    assert [len(steps) for _title, steps in lines] == [3, 2, 3]
    status, session, when, note = lines[2][1][-1]
    assert (status, session, when) == ("Resolved", "Day one", short_date(tab.trends[0].date))
    assert note.startswith("Partial agreement")
    assert not tab.no_conflicts.isVisibleTo(tab)


def test_an_empty_programme_shows_a_sentence(qtbot, store: Database) -> None:
    """No sessions: one sentence instead of empty charts."""
    programme_id, _ = programmes.create_programme(store, ProgrammeFields(title="Cohort 3"))
    tab = open_tab(qtbot, store, programme_id)
    assert tab.pages.currentWidget() is tab.placeholder
    assert tab.placeholder.text() == EMPTY_TEXT
    assert tab.sessions.rowCount() == 0


def test_programme_page_has_a_dashboard_tab(qtbot, store: Database) -> None:
    """The programme page fills its Dashboard tab when it shows a programme."""
    page = ProgrammePage()
    qtbot.addWidget(page)
    page.attach_store(store)
    page.show_programme(programmes.programme_detail(store, sample_id(store)))
    assert page.tabs.tabText(DASHBOARD_TAB) == "Dashboard"
    assert page.dashboard_tab.sessions.rowCount() == 2


def test_render_the_dashboard(qtbot, store: Database, tmp_path) -> None:
    """The page draws at 1366×768 (saved where SCREENSHOTS asks, to look at by eye)."""
    page = ProgrammePage()
    qtbot.addWidget(page)
    page.attach_store(store)
    page.resize(1366, 768)
    page.show()
    page.show_programme(programmes.programme_detail(store, sample_id(store)))
    page.tabs.setCurrentIndex(DASHBOARD_TAB)
    qtbot.waitExposed(page)
    target = os.environ.get("SCREENSHOTS", str(tmp_path))
    tab: QWidget = page.dashboard_tab
    assert page.grab().save(f"{target}/dashboard_page.png")
    content = page.dashboard_tab.scroll.widget()
    content.resize(1340, content.sizeHint().height() + 400)
    assert content.grab().save(f"{target}/dashboard_content.png")
    assert tab.isVisible()
