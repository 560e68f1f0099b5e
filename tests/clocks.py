"""A clock for tests: time moves only when a test moves it."""

from datetime import UTC, datetime, timedelta

# A Monday morning in the room, in UTC (the sample's "today" is 23 November 2026).
START = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


class FakeClock:
    """A wall clock and a monotonic clock that a test drives.

    `advance` moves both, as real time passing does; `jump_wall` moves only the wall clock, as
    a time-zone change or a network time correction does; `restart` starts the monotonic clock
    again from another value, as a new process (or a reboot) sees it.
    """

    def __init__(self, wall: datetime = START, mono: float = 1000.0) -> None:
        self.wall = wall
        self.mono = mono

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds

    def jump_wall(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)

    def restart(self, mono: float = 7.0) -> "FakeClock":
        """Return the clock a new process would read: the same wall time, a new monotonic."""
        return FakeClock(self.wall, mono)
