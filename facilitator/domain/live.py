"""The live clock: elapsed time that never runs backwards, and how the current item is doing.

Captures are ordered by their offset from the start of the session, measured on a monotonic
clock, so a laptop whose system clock jumps (a time-zone change, a network time correction
once back online) never reorders them. The wall-clock moment stored with each capture is
the wall time read when the timer was set up, carried forward on the same monotonic clock.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

LOW_FRACTION = 0.20  # a warning colour when a fifth of the item's time is left
CRITICAL_FRACTION = 0.05  # and another at a twentieth


class Clock(Protocol):
    """A source of time: injected so tests can drive it."""

    def now(self) -> datetime:
        """Return the wall-clock time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Return seconds on a clock that never goes backwards."""
        ...


class SystemClock:
    """The computer's clocks."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class SessionTimer:
    """Elapsed session time, paused and resumed, carried on a monotonic clock."""

    def __init__(
        self,
        clock: Clock,
        *,
        started_at: datetime,
        paused_seconds: float = 0.0,
        paused_at: datetime | None = None,
        at_least: float = 0.0,
    ) -> None:
        """Rebuild the timer from what the session stores; `at_least` is the latest offset
        already captured, which the clock never goes back behind."""
        self._clock = clock
        self.started_at = started_at
        self._anchor_mono = clock.monotonic()
        self._anchor_wall = clock.now()
        # What the stored facts say at this moment (after a restart they are all there is).
        paused_now = (self._anchor_wall - paused_at).total_seconds() if paused_at else 0.0
        since_start = (self._anchor_wall - started_at).total_seconds()
        self._anchor_elapsed = since_start - paused_seconds - max(0.0, paused_now)
        behind = max(0.0, at_least) - self._anchor_elapsed
        if behind > 0:  # the wall clock was set back (before the start, or a capture) since
            self._anchor_elapsed += behind
            self._anchor_wall += timedelta(seconds=behind)
        self._stored_paused = paused_seconds + max(0.0, paused_now)
        self._paused_since: float | None = self._anchor_mono if paused_at else None
        self._paused_since_anchor = 0.0

    @property
    def paused(self) -> bool:
        return self._paused_since is not None

    def moment(self) -> datetime:
        """Return the wall-clock moment now, as carried forward from the timer's start."""
        return self._anchor_wall + timedelta(seconds=self._clock.monotonic() - self._anchor_mono)

    def elapsed(self) -> float:
        """Return seconds of session time so far, not counting pauses."""
        mono = self._clock.monotonic()
        paused = self._paused_since_anchor
        if self._paused_since is not None:
            paused += mono - self._paused_since
        return self._anchor_elapsed + (mono - self._anchor_mono) - paused

    def paused_seconds(self) -> float:
        """Return all the time spent paused, as the session stores it."""
        running = 0.0
        if self._paused_since is not None:
            running = self._clock.monotonic() - self._paused_since
        return self._stored_paused + self._paused_since_anchor + running

    def pause(self) -> None:
        if self._paused_since is None:
            self._paused_since = self._clock.monotonic()

    def resume(self) -> None:
        if self._paused_since is not None:
            self._paused_since_anchor += self._clock.monotonic() - self._paused_since
            self._paused_since = None


class ClockLevel(StrEnum):
    """How the current item is doing against its time."""

    CALM = "calm"
    LOW = "low"  # a fifth or less of its time left
    CRITICAL = "critical"  # a twentieth or less
    OVER = "over"


@dataclass(frozen=True, slots=True)
class ItemProgress:
    elapsed: float
    allowed: float
    level: ClockLevel

    @property
    def remaining(self) -> float:
        """Seconds left; negative once the item has over-run."""
        return self.allowed - self.elapsed


def item_progress(*, allowed_seconds: float, elapsed_seconds: float) -> ItemProgress:
    """Return how an item allowed `allowed_seconds` is doing after `elapsed_seconds`."""
    left = allowed_seconds - elapsed_seconds
    if left < 0:
        level = ClockLevel.OVER
    elif allowed_seconds <= 0 or left <= allowed_seconds * CRITICAL_FRACTION:
        level = ClockLevel.CRITICAL
    elif left <= allowed_seconds * LOW_FRACTION:
        level = ClockLevel.LOW
    else:
        level = ClockLevel.CALM
    return ItemProgress(elapsed=elapsed_seconds, allowed=allowed_seconds, level=level)


def countdown_text(seconds: float) -> str:
    """Return time left as on a countdown: "12:05", "1:02:00", or "+3:10" once over."""
    sign = "+" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # 0.4 s left still shows 0:01
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
