"""Time zones: sessions name the zone of their room, by its IANA name."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.timezones import DEFAULT_TIMEZONE, zone


def test_default_zone_is_the_uks() -> None:
    """Sessions are in Europe/London unless they say otherwise, with its summer time."""
    assert DEFAULT_TIMEZONE == "Europe/London"
    london = zone(DEFAULT_TIMEZONE)
    assert london == ZoneInfo("Europe/London")
    assert datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(london).hour == 13
    assert datetime(2026, 12, 1, 12, tzinfo=UTC).astimezone(london).hour == 12


def test_any_known_zone_is_found() -> None:
    """A session abroad can name its own zone."""
    assert zone("Asia/Kolkata").utcoffset(datetime(2026, 1, 1)).total_seconds() == 19800


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../etc/passwd", "Europe/"])
def test_unknown_zone_is_a_plain_error(name: str) -> None:
    """A name the computer does not know gives a message naming it, not a zoneinfo error."""
    with pytest.raises(FacilitatorError) as caught:
        zone(name)
    assert f"“{name}”" in str(caught.value)
    assert type(caught.value) is FacilitatorError
