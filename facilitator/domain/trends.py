"""Trends across a programme's sessions, per hour of session time, and conflicts' journeys.

Counts are divided by the hours a session ran so a short session and a full day compare
fairly. A rate is None when a session's length is unknown or zero: nothing to divide by.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.domain.enums import SessionStatus
from facilitator.domain.snapshots import AgendaItem, Conflict, Observation

# (scheme slug, code slug) pairs the dashboard counts.
STUCK = ("dialogue-patterns", "stuck")
ENTRENCHED = ("dialogue-patterns", "entrenched")
EXPLORING = ("dialogue-patterns", "exploring-others-views")
SURFACED = ("conflict-surfacing", "conflict-surfaced")
RESOLVED = ("conflict-surfacing", "resolved")
POWER_NAMED = ("conflict-surfacing", "power-differential-named")


@dataclass(frozen=True, slots=True)
class SessionTrend:
    """One session's row on the programme dashboard: status, attendance and rates per hour."""

    session_id: int
    title: str
    date: date | None
    module_title: str
    status: SessionStatus
    attendees: int
    cohort: int
    hours: float | None
    stuck_entrenched_minutes: float
    exploring: int
    conflicts_surfaced: int
    conflicts_resolved: int
    power_named: int
    actions_completed: int
    actions_total: int
    stuck_entrenched_minutes_per_hour: float | None
    exploring_per_hour: float | None
    conflicts_surfaced_per_hour: float | None
    conflicts_resolved_per_hour: float | None
    power_named_per_hour: float | None


@dataclass(frozen=True, slots=True)
class ConflictStep:
    """One step of a conflict's life, in the session where it happened."""

    session_title: str
    session_date: date | None
    status_label: str
    note: str
    when: datetime


@dataclass(frozen=True, slots=True)
class ConflictJourney:
    """A conflict of the programme with its life across sessions."""

    title: str
    status_label: str
    steps: tuple[ConflictStep, ...]
    opened_in: str
    sessions_touched: int


def session_hours(
    *,
    live_started_at: datetime | None,
    finished_at: datetime | None,
    paused_seconds: float,
    agenda: Sequence[AgendaItem],
    captured: bool = True,
) -> float | None:
    """Return how many hours a session ran, from the best evidence there is.

    The live clock from start to finish less pauses when both ends are known; else the sum
    of the agenda items' actual times (items with both a start and an end); else, for a
    session with captures but no times kept, the planned minutes; else None: a session that
    has not run has no rates, rather than rates of zero.
    """
    if live_started_at is not None and finished_at is not None:
        seconds = (finished_at - live_started_at).total_seconds() - paused_seconds
        return max(0.0, seconds) / 3600
    timed = [
        (item.actual_end - item.actual_start).total_seconds()
        for item in agenda
        if item.actual_start is not None and item.actual_end is not None
    ]
    if timed:
        return max(0.0, sum(timed)) / 3600
    if agenda and captured:
        return sum(item.planned_minutes for item in agenda) / 60
    return None


def _per_hour(value: float, hours: float | None) -> float | None:
    if not hours:
        return None
    return value / hours


def _has(observation: Observation, code: tuple[str, str]) -> bool:
    return any((applied.scheme_slug, applied.slug) == code for applied in observation.codes)


def session_trend(
    *,
    session_id: int,
    title: str,
    date: date | None,
    module_title: str,
    status: SessionStatus,
    attendees: int,
    cohort: int,
    hours: float | None,
    observations: Iterable[Observation],
    actions_done: Iterable[bool],
) -> SessionTrend:
    """Count one session's patterns and conflicts and divide them by its hours.

    Stuck and entrenched patterns count by their length; one still running (no duration
    yet) adds nothing. The others count captures.
    """
    captures = tuple(observations)
    stuck_seconds = sum(
        capture.duration_seconds or 0.0
        for capture in captures
        if _has(capture, STUCK) or _has(capture, ENTRENCHED)
    )
    stuck_minutes = stuck_seconds / 60
    exploring = sum(_has(capture, EXPLORING) for capture in captures)
    surfaced = sum(_has(capture, SURFACED) for capture in captures)
    resolved = sum(_has(capture, RESOLVED) for capture in captures)
    power = sum(_has(capture, POWER_NAMED) for capture in captures)
    done = tuple(actions_done)
    return SessionTrend(
        session_id=session_id,
        title=title,
        date=date,
        module_title=module_title,
        status=status,
        attendees=attendees,
        cohort=cohort,
        hours=hours,
        stuck_entrenched_minutes=stuck_minutes,
        exploring=exploring,
        conflicts_surfaced=surfaced,
        conflicts_resolved=resolved,
        power_named=power,
        actions_completed=sum(done),
        actions_total=len(done),
        stuck_entrenched_minutes_per_hour=_per_hour(stuck_minutes, hours),
        exploring_per_hour=_per_hour(exploring, hours),
        conflicts_surfaced_per_hour=_per_hour(surfaced, hours),
        conflicts_resolved_per_hour=_per_hour(resolved, hours),
        power_named_per_hour=_per_hour(power, hours),
    )


def conflict_journey(
    conflict: Conflict, session_dates: Mapping[int, date | None]
) -> ConflictJourney:
    """Lay out a conflict's history as steps, each dated by the session it happened in."""
    steps = tuple(
        ConflictStep(
            session_title=event.session_title,
            session_date=(
                session_dates.get(event.session_id) if event.session_id is not None else None
            ),
            status_label=event.status.label,
            note=event.note,
            when=event.at,
        )
        for event in conflict.events
    )
    touched = {event.session_id for event in conflict.events if event.session_id is not None}
    if conflict.session_id is not None:
        touched.add(conflict.session_id)
    return ConflictJourney(
        title=conflict.title,
        status_label=conflict.status.label,
        steps=steps,
        opened_in=conflict.session_title,
        sessions_touched=len(touched),
    )
