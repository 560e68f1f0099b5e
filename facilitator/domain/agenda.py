"""Clock arithmetic for agendas: when each item starts and ends, and what does not fit.

Times are counted in minutes after midnight of the session's day, so a plan that runs past
midnight is visible as a number above 1,440 rather than wrapping round silently.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Protocol

MINUTES_PER_DAY = 24 * 60
MAX_ITEM_MINUTES = 600


class WarningKind(StrEnum):
    COLLISION = "collision"
    OVERRUN = "overrun"
    PAST_MIDNIGHT = "past_midnight"


@dataclass(frozen=True, slots=True)
class PlanInput:
    """What the plan needs to know about one agenda item."""

    title: str
    minutes: int
    pinned: time | None = None
    is_break: bool = False


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """When one item is planned to run, in minutes after midnight of the session's day."""

    start: int
    end: int
    # For an item pinned to a clock time: minutes of slack before it, and minutes the items
    # before it run past its fixed time (a collision).
    gap: int = 0
    overlap: int = 0


@dataclass(frozen=True, slots=True)
class PlanWarning:
    kind: WarningKind
    index: int | None  # the item the warning is about, if it is about one
    message: str


@dataclass(frozen=True, slots=True)
class AgendaPlan:
    """A whole agenda laid out against the session's clock."""

    slots: tuple[PlannedSlot, ...]  # empty when the session has no start time
    total_minutes: int
    break_minutes: int
    start: int | None
    end: int | None  # when the last item to finish ends
    available_minutes: int | None
    warnings: tuple[PlanWarning, ...]

    @property
    def over_minutes(self) -> int:
        """How far the plan runs past the session's end; 0 when it fits."""
        if self.available_minutes is None or self.start is None or self.end is None:
            return 0
        return max(0, self.end - (self.start + self.available_minutes))

    def warnings_for(self, index: int) -> tuple[PlanWarning, ...]:
        return tuple(warning for warning in self.warnings if warning.index == index)


def minutes_of(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def clock_text(minutes: int) -> str:
    """Return `minutes` after midnight as a clock time, saying so when it is the next day."""
    day, within = divmod(minutes, MINUTES_PER_DAY)
    text = f"{within // 60:02d}:{within % 60:02d}"
    return text if day == 0 else f"{text} the next day"


def clock_time(minutes: int) -> time:
    """Return `minutes` after midnight as a time of day (wrapping past midnight)."""
    within = minutes % MINUTES_PER_DAY
    return time(within // 60, within % 60)


def duration_text(minutes: int) -> str:
    """Return a length of time the way a timetable writes it: "1 h 15 min", "45 min", "2 h"."""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def available_minutes(start: time | None, end: time | None) -> int | None:
    """Return the minutes between a session's start and end, or None if either is unknown."""
    if start is None or end is None:
        return None
    return minutes_of(end) - minutes_of(start)


class Plannable(Protocol):
    """An agenda item as stored or shown: what planning needs of it."""

    @property
    def title(self) -> str: ...
    @property
    def planned_minutes(self) -> int: ...
    @property
    def pinned_time(self) -> time | None: ...
    @property
    def is_break(self) -> bool: ...


def plan_input(item: Plannable) -> PlanInput:
    """Return what planning needs of an agenda item: its planned minutes, not time added."""
    return PlanInput(
        title=item.title,
        minutes=item.planned_minutes,
        pinned=item.pinned_time,
        is_break=item.is_break,
    )


def plan_agenda(
    items: Sequence[PlanInput],
    *,
    start: time | None,
    end: time | None = None,
) -> AgendaPlan:
    """Lay the items out back to back from `start`; pinned items start at their fixed time.

    A pinned item keeps its time even when the items before it run past it: the plan is
    wrong, not the clock, so the collision is reported rather than hidden by moving lunch.
    """
    total = sum(item.minutes for item in items)
    break_total = sum(item.minutes for item in items if item.is_break)
    available = available_minutes(start, end)
    if start is None:
        return AgendaPlan((), total, break_total, None, None, None, ())
    start_minutes = minutes_of(start)
    warnings: list[PlanWarning] = []
    slots: list[PlannedSlot] = []
    cursor = start_minutes
    for index, item in enumerate(items):
        gap = overlap = 0
        begin = cursor
        if item.pinned is not None:
            fixed = minutes_of(item.pinned)
            begin = fixed
            if cursor > fixed:
                overlap = cursor - fixed
                warnings.append(_collision(index, item, fixed=fixed, cursor=cursor, start=start))
            else:
                gap = fixed - cursor
        finish = begin + item.minutes
        slots.append(PlannedSlot(start=begin, end=finish, gap=gap, overlap=overlap))
        cursor = finish
    # The latest end, not the last item's: a colliding pinned item can end before the items
    # placed ahead of it, and the session is not over while any of them is still running.
    plan_end = max((slot.end for slot in slots), default=start_minutes)
    late = next((i for i, slot in enumerate(slots) if slot.end > MINUTES_PER_DAY), None)
    if late is not None:
        warnings.append(
            PlanWarning(
                WarningKind.PAST_MIDNIGHT,
                late,
                f"“{items[late].title}” would end at {clock_text(slots[late].end)}: the plan "
                "runs past midnight. Shorten it or start earlier.",
            )
        )
    if available is not None and plan_end > start_minutes + available:
        over = plan_end - start_minutes - available
        warnings.append(
            PlanWarning(
                WarningKind.OVERRUN,
                None,
                f"The plan ends at {clock_text(plan_end)}, {duration_text(over)} after the "
                f"session ends at {clock_text(start_minutes + available)}.",
            )
        )
    return AgendaPlan(
        slots=tuple(slots),
        total_minutes=total,
        break_minutes=break_total,
        start=start_minutes,
        end=plan_end,
        available_minutes=available,
        warnings=tuple(warnings),
    )


def _collision(index: int, item: PlanInput, *, fixed: int, cursor: int, start: time) -> PlanWarning:
    if index == 0 or cursor == minutes_of(start):
        message = (
            f"“{item.title}” is fixed at {clock_text(fixed)}, before the session starts at "
            f"{clock_text(minutes_of(start))}."
        )
    else:
        message = (
            f"The items before “{item.title}” run to {clock_text(cursor)}, "
            f"{duration_text(cursor - fixed)} past its fixed time of {clock_text(fixed)}."
        )
    return PlanWarning(WarningKind.COLLISION, index, message)


def summary_text(plan: AgendaPlan) -> str:
    """Return the total against the time available, e.g. "6 h 30 min planned of 7 h"."""
    planned = f"{duration_text(plan.total_minutes)} planned"
    if plan.break_minutes:
        planned += f" (including {duration_text(plan.break_minutes)} of breaks)"
    if plan.available_minutes is None:
        return planned
    text = f"{planned} of {duration_text(plan.available_minutes)} available"
    if plan.over_minutes:
        return f"{text}: {duration_text(plan.over_minutes)} over"
    if any(slot.overlap for slot in plan.slots):
        # Time "spare" at the end means nothing while items overlap a fixed time.
        return f"{text}: it does not fit around its fixed times"
    spare = plan.start + plan.available_minutes - plan.end if plan.start is not None else 0
    return f"{text}: {duration_text(spare)} spare" if spare else f"{text}: it fits exactly"
