"""How dates, times, counts and tooltips read in the interface (British style)."""

from datetime import date, datetime, time, tzinfo


def long_date(value: date | None) -> str:
    """Return e.g. 'Monday 16 November 2026', or a dash for no date."""
    if value is None:
        return "–"
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_date(value: date | None) -> str:
    """Return e.g. '16 Nov 2026', or an empty string for no date."""
    return "" if value is None else f"{value.day} {value:%b %Y}"


def clock(value: time | datetime | None, zone: tzinfo | None = None) -> str:
    """Return a 24-hour clock time, e.g. '09:30'.

    A moment is shown in `zone` (a session's zone: the clock on the wall of the room), or in
    the computer's own zone when none is given.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(zone).time()
    return f"{value:%H:%M}"


def elapsed(seconds: float | None) -> str:
    """Return a span of seconds as H:MM:SS, e.g. '1:04:05'."""
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """Return e.g. '1 module' or '4 modules'."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def date_range(start: date | None, end: date | None) -> str:
    """Return e.g. '26 Jul 2026 – 21 Feb 2027'."""
    if start is None and end is None:
        return "–"
    return f"{short_date(start) or '…'} – {short_date(end) or '…'}"


def rich_tooltip(text: str) -> str | None:
    """Return user text as a tooltip that wraps long lines and never renders as markup."""
    if not text:
        return None
    import html  # on first tooltip, not at start-up

    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"
