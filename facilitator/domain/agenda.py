"""Clock arithmetic for agendas."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta


def planned_clock_times(start: time, planned_minutes: Sequence[int]) -> list[tuple[time, time]]:
    """Return the planned (start, end) clock time of each item run back to back from `start`."""
    moment = datetime.combine(date(2000, 1, 1), start)
    times: list[tuple[time, time]] = []
    for minutes in planned_minutes:
        end = moment + timedelta(minutes=minutes)
        times.append((moment.time(), end.time()))
        moment = end
    return times
