"""Time zones: sessions keep the zone of the room, so clock times read the same anywhere."""

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from facilitator.domain.errors import FacilitatorError

# The users run sessions in the UK; a session records its own zone, so others can differ.
DEFAULT_TIMEZONE = "Europe/London"


@cache
def zone(name: str) -> ZoneInfo:
    """Return the time zone called `name` (an IANA name such as "Europe/London")."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FacilitatorError(f"“{name}” is not a time zone this computer knows.") from None
