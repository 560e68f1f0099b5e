"""Trends per hour of session time and conflicts' journeys, computed by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from facilitator.domain.enums import CodeKind, ConflictStatus, SessionStatus
from facilitator.domain.snapshots import (
    AgendaItem,
    AppliedCode,
    Conflict,
    ConflictEvent,
    Observation,
)
from facilitator.domain.trends import (
    SessionTrend,
    conflict_journey,
    session_hours,
    session_trend,
)

START = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)


def capture(number: int, *codes: str, minutes: float | None = None) -> Observation:
    """Build a capture carrying "scheme/code" codes, lasting `minutes` when given."""
    applied = tuple(
        AppliedCode(
            code_id=index,
            scheme_name=code.split("/")[0],
            label=code.split("/")[1],
            colour="#000000",
            kind=CodeKind.STATE if minutes is not None else CodeKind.POINT,
            qualifier=None,
            slug=code.split("/")[1],
            scheme_slug=code.split("/")[0],
        )
        for index, code in enumerate(codes)
    )
    return Observation(
        id=number,
        uuid=f"u{number}",
        session_id=1,
        occurred_at=START + timedelta(minutes=number),
        offset_seconds=number * 60.0,
        duration_seconds=minutes * 60 if minutes is not None else None,
        agenda_item_id=None,
        agenda_item_title="",
        codes=applied,
        subjects=(),
        note="",
        author="",
    )


def trend(
    observations: list[Observation], hours: float | None, done: tuple[bool, ...] = ()
) -> SessionTrend:
    return session_trend(
        session_id=1,
        title="Day one",
        date=date(2026, 11, 16),
        module_title="Module 3",
        status=SessionStatus.FINISHED,
        attendees=12,
        cohort=16,
        hours=hours,
        observations=observations,
        actions_done=done,
    )


def item(planned: int, actual: int | None = None, position: int = 0) -> AgendaItem:
    start = START + timedelta(hours=position) if actual is not None else None
    return AgendaItem(
        id=position,
        uuid=f"a{position}",
        position=position,
        title="Item",
        method="",
        planned_minutes=planned,
        purpose="",
        facilitator_notes="",
        materials="",
        actual_start=start,
        actual_end=start + timedelta(minutes=actual) if start and actual is not None else None,
    )


def test_exploring_counts_per_hour() -> None:
    """Three explorations in a two-hour session are 1.5 an hour."""
    captures = [capture(n, "dialogue-patterns/exploring-others-views") for n in range(3)]
    result = trend(captures, 2.0)
    assert result.exploring == 3
    assert result.exploring_per_hour == pytest.approx(1.5)


def test_stuck_and_entrenched_minutes_per_hour() -> None:
    """Stuck 20 minutes and entrenched 10 over two hours are 15 minutes an hour."""
    captures = [
        capture(1, "dialogue-patterns/stuck", minutes=20),
        capture(2, "dialogue-patterns/entrenched", minutes=10),
    ]
    result = trend(captures, 2.0)
    assert result.stuck_entrenched_minutes == pytest.approx(30)
    assert result.stuck_entrenched_minutes_per_hour == pytest.approx(15)


def test_running_state_adds_no_minutes() -> None:
    """A stuck pattern still running (no duration yet) counts 0 minutes."""
    captures = [
        capture(1, "dialogue-patterns/stuck"),
        capture(2, "dialogue-patterns/stuck", minutes=6),
    ]
    result = trend(captures, 1.0)
    assert result.stuck_entrenched_minutes == pytest.approx(6)
    assert result.stuck_entrenched_minutes_per_hour == pytest.approx(6)


def test_conflict_codes_counted_by_scheme_and_slug() -> None:
    """Surfaced, resolved and power named count; a same slug in another scheme does not."""
    captures = [
        capture(1, "conflict-surfacing/conflict-surfaced"),
        capture(
            2, "conflict-surfacing/conflict-surfaced", "conflict-surfacing/power-differential-named"
        ),
        capture(3, "conflict-surfacing/resolved"),
        capture(4, "other-scheme/resolved"),
    ]
    result = trend(captures, 4.0, done=(True, False, True))
    assert (result.conflicts_surfaced, result.conflicts_resolved, result.power_named) == (2, 1, 1)
    assert result.conflicts_surfaced_per_hour == pytest.approx(0.5)
    assert result.conflicts_resolved_per_hour == pytest.approx(0.25)
    assert result.power_named_per_hour == pytest.approx(0.25)
    assert (result.actions_completed, result.actions_total) == (2, 3)
    assert (result.attendees, result.cohort) == (12, 16)


@pytest.mark.parametrize("hours", [None, 0.0])
def test_rates_none_without_hours(hours: float | None) -> None:
    """Without a length (unknown or zero) there is no rate, though counts stay."""
    result = trend([capture(1, "dialogue-patterns/exploring-others-views")], hours)
    assert result.exploring == 1
    assert result.exploring_per_hour is None
    assert result.stuck_entrenched_minutes_per_hour is None
    assert result.conflicts_surfaced_per_hour is None
    assert result.conflicts_resolved_per_hour is None
    assert result.power_named_per_hour is None


def test_hours_from_live_clock_less_pauses() -> None:
    """Live start to finish less pauses wins over the agenda."""
    hours = session_hours(
        live_started_at=START,
        finished_at=START + timedelta(hours=3),
        paused_seconds=1800,
        agenda=[item(60, 50)],
    )
    assert hours == pytest.approx(2.5)


def test_hours_from_agenda_actuals_then_planned() -> None:
    """Without the live clock, actual item times; without those, planned minutes, but only
    for a session that has captures."""
    actual = session_hours(
        live_started_at=START,
        finished_at=None,
        paused_seconds=0,
        agenda=[item(60, 50, 0), item(30, 40, 1), item(45)],
    )
    assert actual == pytest.approx(1.5)
    planned = session_hours(
        live_started_at=None,
        finished_at=None,
        paused_seconds=0,
        agenda=[item(60), item(30, position=1)],
    )
    assert planned == pytest.approx(1.5)
    not_run = session_hours(
        live_started_at=None,
        finished_at=None,
        paused_seconds=0,
        agenda=[item(60), item(30, position=1)],
        captured=False,
    )
    assert not_run is None, "a session that has not run has no rates, not rates of zero"
    assert (
        session_hours(live_started_at=None, finished_at=None, paused_seconds=0, agenda=[]) is None
    )


def test_conflict_journey_steps() -> None:
    """Each step carries its session's title and date; sessions touched are counted once."""
    events = (
        ConflictEvent(ConflictStatus.OPEN, START, 1, "Day one", "Surfaced."),
        ConflictEvent(ConflictStatus.PARKED, START + timedelta(hours=2), 1, "Day one", "Later."),
        ConflictEvent(ConflictStatus.RESOLVED, START + timedelta(days=14), 2, "Day two", "Agreed."),
    )
    conflict = Conflict(
        id=7,
        uuid="c7",
        programme_id=1,
        session_id=1,
        session_title="Day one",
        title="Who holds the budget",
        status=ConflictStatus.RESOLVED,
        opened_at=START,
        events=events,
    )
    journey = conflict_journey(conflict, {1: date(2026, 11, 16), 2: date(2026, 11, 30)})
    assert journey.title == "Who holds the budget"
    assert journey.status_label == "Resolved"
    assert journey.opened_in == "Day one"
    assert journey.sessions_touched == 2
    assert [(s.session_title, s.session_date, s.status_label, s.note) for s in journey.steps] == [
        ("Day one", date(2026, 11, 16), "Open", "Surfaced."),
        ("Day one", date(2026, 11, 16), "Parked", "Later."),
        ("Day two", date(2026, 11, 30), "Resolved", "Agreed."),
    ]
    assert journey.steps[2].when == START + timedelta(days=14)
