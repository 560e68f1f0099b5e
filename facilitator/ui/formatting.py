"""How dates, times and durations read in the interface (British style)."""

from datetime import date, datetime, time


def long_date(value: date | None) -> str:
    """Return e.g. 'Monday 16 November 2026', or a dash for no date."""
    if value is None:
        return "–"
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_date(value: date | None) -> str:
    """Return e.g. '16 Nov 2026', or an empty string for no date."""
    return "" if value is None else f"{value.day} {value:%b %Y}"


def clock(value: time | datetime | None) -> str:
    """Return a 24-hour clock time, e.g. '09:30'; a moment is shown in local time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone().time()
    return f"{value:%H:%M}"


def elapsed(seconds: float | None) -> str:
    """Return a span of seconds as H:MM:SS, e.g. '1:04:05'."""
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def date_range(start: date | None, end: date | None) -> str:
    """Return e.g. '26 Jul 2026 – 21 Feb 2027'."""
    if start is None and end is None:
        return "–"
    return f"{short_date(start) or '…'} – {short_date(end) or '…'}"
