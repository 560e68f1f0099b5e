"""The programme dashboard's trends and conflict journeys, read from the sample programme."""

import pytest

from facilitator.domain.enums import SessionStatus
from facilitator.domain.errors import NotFoundError
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services.trends import conflict_journeys, programme_trends
from facilitator.storage.database import Database


def test_every_session_in_date_order(store: Database, sample: ProgrammeSummary) -> None:
    """Each session of the programme has one trend row, in date order."""
    trends = programme_trends(store, sample.id)
    sessions = [s for module in sample.modules for s in module.sessions]
    sessions += list(sample.loose_sessions)
    assert sorted(t.session_id for t in trends) == sorted(s.id for s in sessions)
    dated = [t.date for t in trends if t.date is not None]
    assert dated == sorted(dated)


def test_day_one_counts_match_the_sample(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """Day one's counts match hand counts from sample_programme.json, over 434 minutes."""
    (day_one,) = [t for t in programme_trends(store, sample.id) if t.session_id == day_one_id]
    hours = 434 / 60
    assert day_one.title == "Day one"
    assert day_one.status is SessionStatus.FINISHED
    assert day_one.module_title == sample.modules[2].title
    assert (day_one.attendees, day_one.cohort) == (15, 16)
    assert day_one.hours == pytest.approx(hours)
    # Stuck 9:30 (570 s) and entrenched 19:50 (1,190 s) over two captures.
    assert day_one.stuck_entrenched_minutes == pytest.approx((570 + 1190) / 60)
    assert day_one.stuck_entrenched_minutes_per_hour == pytest.approx((570 + 1190) / 60 / hours)
    assert day_one.exploring == 8
    assert day_one.exploring_per_hour == pytest.approx(8 / hours)
    assert day_one.conflicts_surfaced == 3
    assert day_one.conflicts_surfaced_per_hour == pytest.approx(3 / hours)
    assert day_one.conflicts_resolved == 1
    assert day_one.conflicts_resolved_per_hour == pytest.approx(1 / hours)
    assert day_one.power_named == 6
    assert day_one.power_named_per_hour == pytest.approx(6 / hours)
    assert (day_one.actions_completed, day_one.actions_total) == (1, 3)  # agreements aside


def test_planned_day_two_has_planned_hours_and_zero_rates(
    store: Database, sample: ProgrammeSummary, day_two_id: int
) -> None:
    """Day two has not run: its hours are the planned minutes and every rate is zero."""
    (day_two,) = [t for t in programme_trends(store, sample.id) if t.session_id == day_two_id]
    assert day_two.status is SessionStatus.PLANNED
    assert day_two.hours is None  # not run yet: a gap in the trends, not a zero
    assert day_two.attendees == 16
    assert day_two.exploring_per_hour is None
    assert day_two.stuck_entrenched_minutes_per_hour is None
    assert day_two.conflicts_surfaced_per_hour is None
    assert day_two.conflicts_resolved_per_hour is None
    assert day_two.power_named_per_hour is None
    assert (day_two.actions_completed, day_two.actions_total) == (0, 0)


def test_conflict_journeys_of_the_sample(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """The sample's three conflicts come back with their steps, all in Day one."""
    journeys = conflict_journeys(store, sample.id)
    by_title = {journey.title: journey for journey in journeys}
    assert len(journeys) == 3
    veto = by_title["The council's right of veto until members are consulted"]
    assert veto.status_label == "Parked"
    assert [step.status_label for step in veto.steps] == ["Open", "Worked through", "Parked"]
    assert veto.steps[2].note == "Parked for day two: a ring-fence in principle ahead of cabinet."
    budget = by_title["Sharing a fixed budget when one partner over-performs"]
    assert budget.status_label == "Resolved"
    assert [step.status_label for step in budget.steps] == ["Open", "Worked through", "Resolved"]
    districts = by_title["District councils left out of system decisions"]
    assert districts.status_label == "Open"
    day_one = next(s for m in sample.modules for s in m.sessions if s.id == day_one_id)
    for journey in journeys:
        assert journey.opened_in == "Day one"
        assert journey.sessions_touched == 1
        assert all(step.session_title == "Day one" for step in journey.steps)
        assert all(step.session_date == day_one.date for step in journey.steps)


def test_missing_programme_is_reported(store: Database) -> None:
    """A programme that no longer exists is reported, not read as empty."""
    with pytest.raises(NotFoundError):
        programme_trends(store, 999_999)
    with pytest.raises(NotFoundError):
        conflict_journeys(store, 999_999)
