"""The rules each edited value must keep, and the cleaned copies `checked()` hands back."""

from datetime import date, time

import pytest

from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import (
    LONG_TEXT,
    MAX_COHORT_CAP,
    MAX_MODULE_DAYS,
    SHORT_TEXT,
    AgendaItemFields,
    MethodFields,
    ModuleFields,
    OrganisationFields,
    ParticipantFields,
    ProgrammeFields,
    SessionFields,
)

# One valid instance of each kind, keyed by a readable name, with its required text field.
TITLED = {
    "programme": (ProgrammeFields(title="Cohort 3"), "title"),
    "organisation": (OrganisationFields(name="Estuary Hospice"), "name"),
    "participant": (ParticipantFields(name="Helen Marchbank"), "name"),
    "module": (ModuleFields(title="Defining you and the system"), "title"),
    "session": (SessionFields(title="Day one"), "title"),
    "agenda item": (AgendaItemFields(title="Check-in"), "title"),
    "method": (MethodFields(title="Fishbowl"), "title"),
}


def refused(fields: object, field: str) -> InvalidInputError:
    """Check that `fields.checked()` refuses the value, naming `field`; return the error."""
    with pytest.raises(InvalidInputError) as caught:
        fields.checked()  # type: ignore[attr-defined]
    assert caught.value.field == field
    assert str(caught.value)
    return caught.value


def with_text(fields: object, name: str, value: str) -> object:
    from dataclasses import replace

    return replace(fields, **{name: value})  # type: ignore[type-var]


@pytest.mark.parametrize("kind", TITLED)
def test_required_text_cannot_be_empty(kind: str) -> None:
    """Every kind of record needs its title or name."""
    fields, name = TITLED[kind]
    error = refused(with_text(fields, name, ""), name)
    assert "cannot be empty" in str(error)


@pytest.mark.parametrize("kind", TITLED)
def test_required_text_cannot_be_only_spaces(kind: str) -> None:
    """Spaces, tabs and newlines alone do not count as a title."""
    fields, name = TITLED[kind]
    refused(with_text(fields, name, " \t \n "), name)


@pytest.mark.parametrize("kind", TITLED)
def test_text_is_trimmed(kind: str) -> None:
    """Spaces around a title are dropped."""
    fields, name = TITLED[kind]
    cleaned = with_text(fields, name, "  Lunch  ").checked()  # type: ignore[attr-defined]
    assert getattr(cleaned, name) == "Lunch"


@pytest.mark.parametrize("kind", TITLED)
def test_short_text_has_a_length_limit(kind: str) -> None:
    """A title may be 200 characters long, not 201, and the message gives both numbers."""
    fields, name = TITLED[kind]
    assert getattr(with_text(fields, name, "x" * SHORT_TEXT).checked(), name) == "x" * SHORT_TEXT  # type: ignore[attr-defined]
    error = refused(with_text(fields, name, "x" * (SHORT_TEXT + 1)), name)
    assert "at most 200 characters, not 201" in str(error)


@pytest.mark.parametrize("kind", TITLED)
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\n", "\t", "\x7f"])
def test_short_text_refuses_control_characters(kind: str, character: str) -> None:
    """A one-line field refuses control characters, including tabs and newlines inside it."""
    fields, name = TITLED[kind]
    error = refused(with_text(fields, name, f"Lunch{character}break"), name)
    assert "control character" in str(error)


def test_long_text_keeps_newlines_and_tabs_but_not_other_controls() -> None:
    """Notes may run over several lines, but a stray escape character is refused."""
    fields = ProgrammeFields(title="Cohort 3", notes="First line\n\tindented")
    assert fields.checked().notes == "First line\n\tindented"
    refused(ProgrammeFields(title="Cohort 3", notes="Bell \x07"), "notes")


def test_long_text_limit() -> None:
    """Notes may hold 20,000 characters and no more."""
    assert len(ParticipantFields(name="A", goals="g" * LONG_TEXT).checked().goals) == LONG_TEXT
    error = refused(ParticipantFields(name="A", goals="g" * (LONG_TEXT + 1)), "goals")
    assert "20,000" in str(error) and "20,001" in str(error)


def test_text_is_normalised_to_nfc() -> None:
    """An "e" followed by a combining accent is stored as the single letter "é"."""
    decomposed = "Cafe\u0301 conversation"
    cleaned = AgendaItemFields(title=decomposed, purpose=decomposed).checked()
    assert cleaned.title == "Café conversation" and len(cleaned.title) == len("Café conversation")
    assert cleaned.purpose == "Café conversation"


def test_length_is_counted_after_normalising() -> None:
    """A title of 200 letters typed with combining accents is not refused as too long."""
    title = "e\u0301" * SHORT_TEXT
    assert AgendaItemFields(title=title).checked().title == "é" * SHORT_TEXT


def test_checked_returns_a_copy_and_leaves_the_original() -> None:
    """`checked()` does not change the value it was called on."""
    fields = MethodFields(title="  Fishbowl ")
    assert fields.checked().title == "Fishbowl"
    assert fields.title == "  Fishbowl "


@pytest.mark.parametrize("minutes", [0, -5, 601, True, False, 30.0, "30"])
def test_agenda_item_minutes_must_be_a_whole_number_within_ten_hours(minutes: object) -> None:
    """Item lengths run from 1 to 600 minutes; booleans, floats and text are refused."""
    error = refused(AgendaItemFields(title="Trios", minutes=minutes), "minutes")  # type: ignore[arg-type]
    assert "from 1 to 600" in str(error)


@pytest.mark.parametrize("minutes", [1, 600])
def test_agenda_item_minutes_at_the_bounds_are_kept(minutes: int) -> None:
    """One minute and ten hours are both allowed."""
    assert AgendaItemFields(title="Trios", minutes=minutes).checked().minutes == minutes


@pytest.mark.parametrize("minutes", [0, -5, 601, True])
def test_method_minutes_follow_the_same_rule(minutes: object) -> None:
    """A method's typical length is checked like an agenda item's."""
    refused(MethodFields(title="Fishbowl", typical_minutes=minutes), "typical_minutes")  # type: ignore[arg-type]


def test_seconds_are_dropped_from_times() -> None:
    """Times are kept to the minute: seconds and microseconds are cleared."""
    session = SessionFields(
        title="Day one", start_time=time(9, 30, 59, 5), end_time=time(16, 30, 1)
    ).checked()
    assert (session.start_time, session.end_time) == (time(9, 30), time(16, 30))
    item = AgendaItemFields(title="Lunch", pinned_time=time(12, 45, 30)).checked()
    assert item.pinned_time == time(12, 45)


def test_session_end_before_start_is_refused() -> None:
    """A session cannot end before it starts."""
    error = refused(
        SessionFields(title="Day one", start_time=time(13, 0), end_time=time(9, 0)), "end_time"
    )
    assert "end after it starts" in str(error)


def test_session_end_equal_to_start_is_refused() -> None:
    """A session with no length is refused."""
    refused(SessionFields(title="Day one", start_time=time(9, 0), end_time=time(9, 0)), "end_time")


def test_session_end_within_the_same_minute_is_refused() -> None:
    """An end a few seconds after the start is the same minute once seconds are dropped."""
    refused(
        SessionFields(title="Day one", start_time=time(9, 0, 10), end_time=time(9, 0, 50)),
        "end_time",
    )


def test_session_end_without_a_start_is_refused() -> None:
    """An end time alone cannot be planned against."""
    error = refused(SessionFields(title="Day one", end_time=time(17, 0)), "start_time")
    assert "start time" in str(error)


def test_session_starting_at_midnight_is_allowed() -> None:
    """Midnight is a real start time, not a missing one."""
    session = SessionFields(title="Night shift", start_time=time(0, 0), end_time=time(6, 0))
    assert session.checked().start_time == time(0, 0)
    refused(SessionFields(title="Late", start_time=time(1, 0), end_time=time(0, 0)), "end_time")


def test_session_with_a_start_and_no_end_is_allowed() -> None:
    """The end time is optional."""
    assert SessionFields(title="Day one", start_time=time(9, 0)).checked().end_time is None


def test_programme_end_before_start_is_refused() -> None:
    """A programme cannot end before it starts; ending on its first day is fine."""
    refused(
        ProgrammeFields(title="Cohort 3", start_date=date(2026, 5, 1), end_date=date(2026, 4, 30)),
        "end_date",
    )
    same_day = ProgrammeFields(
        title="Cohort 3", start_date=date(2026, 5, 1), end_date=date(2026, 5, 1)
    )
    assert same_day.checked().end_date == date(2026, 5, 1)


@pytest.mark.parametrize("cap", [0, -1, MAX_COHORT_CAP + 1, True])
def test_cohort_cap_out_of_bounds_is_refused(cap: object) -> None:
    """The cohort cap runs from 1 to 500."""
    refused(ProgrammeFields(title="Cohort 3", cohort_cap=cap), "cohort_cap")  # type: ignore[arg-type]


@pytest.mark.parametrize("cap", [1, MAX_COHORT_CAP])
def test_cohort_cap_at_the_bounds_is_kept(cap: int) -> None:
    """A cap of 1 and of 500 are both allowed."""
    assert ProgrammeFields(title="Cohort 3", cohort_cap=cap).checked().cohort_cap == cap


def test_module_days_and_themes() -> None:
    """A module lasts 1 to 30 days or is left open; blank themes are dropped, others trimmed."""
    module = ModuleFields(
        title="Power", days=2, themes=(" Old power ", "  ", "New power")
    ).checked()
    assert module.themes == ("Old power", "New power")
    assert ModuleFields(title="Power").checked().days is None
    for days in (0, MAX_MODULE_DAYS + 1, True):
        refused(ModuleFields(title="Power", days=days), "days")  # type: ignore[arg-type]


def test_module_theme_with_a_control_character_is_refused() -> None:
    """Themes follow the one-line text rules."""
    refused(ModuleFields(title="Power", themes=("Old\npower",)), "themes")


def test_participant_pseudonym_has_its_own_limit() -> None:
    """A pseudonym is at most 100 characters."""
    assert ParticipantFields(name="A", pseudonym="p" * 100).checked().pseudonym == "p" * 100
    refused(ParticipantFields(name="A", pseudonym="p" * 101), "pseudonym")
