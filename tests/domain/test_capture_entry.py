"""Reading the capture bar: who the first words name, the note after them, a qualifier key."""

import pytest

from facilitator.domain.capture_entry import (
    Entry,
    Named,
    Who,
    match_names,
    names_for,
    qualifier_choice,
    read_entry,
)
from facilitator.domain.enums import Sector, SubjectKind, SubjectRole
from facilitator.domain.snapshots import Organisation, Participant

PARTICIPANT, ORGANISATION, GROUP = (
    SubjectKind.PARTICIPANT,
    SubjectKind.ORGANISATION,
    SubjectKind.GROUP,
)
NAMES = [
    "Deborah Fairclough",
    "Amir Patel",
    "Joanne Okafor",
    "Deborah Lane",
    "Peter Hale",
    "Sam Wu",
    "Tom Reyes",
]
ROSTER = tuple(
    Participant(
        id=10 + number,
        uuid=f"p{number}",
        name=name,
        role="",
        organisation_id=None,
        organisation_name="",
        pseudonym="",
        goals="",
    )
    for number, name in enumerate(NAMES, start=1)
)
ORGANISATIONS = (
    Organisation(101, "o1", "Estuary Hospice", Sector.VOLUNTARY_COMMUNITY),
    Organisation(102, "o2", "Wealdmoor Hospitals", Sector.NHS_PROVIDER),
    Organisation(103, "o3", "Saltmarsh Council", Sector.LOCAL_AUTHORITY),
)
NAMED = names_for(ROSTER, ORGANISATIONS)


def read(text: str) -> Entry:
    return read_entry(text, roster=ROSTER, named=NAMED)


def refs(entry: Entry) -> list[tuple[SubjectKind, int | None, SubjectRole]]:
    return [(one.kind, one.ref_id, one.role) for one in entry.who]


def test_names_for_numbers_the_roster_then_adds_the_organisations() -> None:
    """People are labelled by their roster number; organisations by name; tokens lose spaces."""
    assert [one.label for one in NAMED[:2]] == ["1 Deborah Fairclough", "2 Amir Patel"]
    assert [one.kind for one in NAMED] == [PARTICIPANT] * 7 + [ORGANISATION] * 3
    assert NAMED[-1] == Named(ORGANISATION, 103, "Saltmarsh Council", "Saltmarsh Council")
    assert NAMED[-1].token == "SaltmarshCouncil"


def test_a_number_names_that_person_of_the_roster_and_the_rest_is_the_note() -> None:
    """ "3" is the third person of the roster, about whom the capture is."""
    entry = read("3 said the budget is fixed")
    assert entry.who == (Who(PARTICIPANT, 13, "3 Joanne Okafor"),)
    assert entry.who[0].role is SubjectRole.ABOUT
    assert entry.note == "said the budget is fixed"
    assert entry.doubt == ""


@pytest.mark.parametrize("word", ["0", "g", "G"])
def test_zero_or_g_is_the_whole_group(word: str) -> None:
    entry = read(f"{word} went quiet")
    assert entry.who == (Who(GROUP, None, "Whole group"),)
    assert entry.note == "went quiet"


def test_an_arrow_says_who_acted_on_whom() -> None:
    """ "3>7" is from 3 to 7; the bar reads it back once, as "3 … → 7 …"."""
    entry = read("3>7 challenged the ring-fence")
    assert refs(entry) == [(PARTICIPANT, 13, SubjectRole.FROM), (PARTICIPANT, 17, SubjectRole.TO)]
    assert [one.text for one in entry.who] == ["3 Joanne Okafor → 7 Tom Reyes", ""]
    assert entry.note == "challenged the ring-fence"


def test_an_arrow_to_an_organisation_by_name() -> None:
    entry = read("g>@saltmarsh pushed back")
    assert refs(entry) == [(GROUP, None, SubjectRole.FROM), (ORGANISATION, 103, SubjectRole.TO)]


@pytest.mark.parametrize("text", ["3>99 no", "3> no", ">7 no", "3>7>2 no", "3>x no"])
def test_an_arrow_with_an_end_that_names_no_one_stays_in_the_note(text: str) -> None:
    entry = read(text)
    assert entry.who == () and entry.note == text and entry.doubt == ""


def test_an_arrow_to_a_doubtful_name_says_why() -> None:
    entry = read("3>@deborah no")
    assert entry.who == () and entry.note == "3>@deborah no"
    assert entry.doubt.startswith("“@deborah” could be 2")


def test_commas_list_several_and_several_words_add_up() -> None:
    """ "2,5" is two people; a following "0" adds the whole group."""
    entry = read("2,5 0")
    assert refs(entry) == [
        (PARTICIPANT, 12, SubjectRole.ABOUT),
        (PARTICIPANT, 15, SubjectRole.ABOUT),
        (GROUP, None, SubjectRole.ABOUT),
    ]
    assert entry.note == ""
    assert refs(read("2, 4 agreed")) == [
        (PARTICIPANT, 12, SubjectRole.ABOUT),
        (PARTICIPANT, 14, SubjectRole.ABOUT),
    ]


@pytest.mark.parametrize("text", ["2,99 agreed", "2,x agreed", ", agreed"])
def test_a_list_with_a_word_that_names_no_one_stays_in_the_note(text: str) -> None:
    entry = read(text)
    assert entry.who == () and entry.note == text


@pytest.mark.parametrize(
    ("word", "who"),
    [
        ("@saltmarsh", (ORGANISATION, 103, "Saltmarsh Council")),  # the start of a name
        ("@SaltmarshCouncil", (ORGANISATION, 103, "Saltmarsh Council")),  # the whole name
        ("@df", (PARTICIPANT, 11, "1 Deborah Fairclough")),  # initials
        ("@hale", (PARTICIPANT, 15, "5 Peter Hale")),  # the start of a later word
        ("@wealdmoor-hosp", (ORGANISATION, 102, "Wealdmoor Hospitals")),  # punctuation ignored
    ],
)
def test_at_and_letters_name_one_person_or_organisation(word: str, who: tuple) -> None:
    entry = read(f"{word} said no")
    assert [(one.kind, one.ref_id, one.text) for one in entry.who] == [who]
    assert entry.note == "said no"


def test_at_and_letters_that_could_be_several_stay_in_the_note_and_say_so() -> None:
    entry = read("@hosp said no")
    assert entry.who == () and entry.note == "@hosp said no"
    assert entry.doubt == (
        "“@hosp” could be 2: Estuary Hospice, Wealdmoor Hospitals. Type a few more letters."
    )


def test_at_and_letters_that_match_no_one_stay_in_the_note_and_say_so() -> None:
    entry = read("@zebra said no")
    assert entry.who == () and entry.note == "@zebra said no"
    assert entry.doubt == "No one in this programme matches “@zebra”: it stays in the note."


def test_a_bare_at_is_plain_text() -> None:
    assert read("@ the break") == Entry((), "@ the break", "")


@pytest.mark.parametrize(
    "text",
    ["20 minutes over", "challenged 3 and 7", "３ fullwidth digits", "g2 is not a group"],
)
def test_a_note_that_starts_with_words_is_all_note(text: str) -> None:
    """Only leading words name subjects; a number past the roster is text."""
    assert read(text) == Entry((), text, "")


def test_the_first_word_naming_no_one_ends_who_and_spacing_is_trimmed() -> None:
    entry = read("  3   said 7  was right  ")
    assert refs(entry) == [(PARTICIPANT, 13, SubjectRole.ABOUT)]
    assert entry.note == "said 7  was right"


@pytest.mark.parametrize("text", ["", "   "])
def test_nothing_typed_is_an_empty_entry(text: str) -> None:
    assert read(text) == Entry()


def test_match_names_prefers_an_exact_name_then_a_start_then_a_word() -> None:
    named = [
        Named(ORGANISATION, 1, "Hale", "Hale"),
        Named(ORGANISATION, 2, "Hale Trust", "Hale Trust"),
        Named(PARTICIPANT, 3, "Peter Hale", "1 Peter Hale"),
    ]
    assert [one.ref_id for one in match_names("hale", named)] == [1]
    assert [one.ref_id for one in match_names("hal", named)] == [1, 2]
    assert [one.ref_id for one in match_names("ph", named)] == [3]
    assert [one.ref_id for one in match_names("trust", named)] == [2]
    assert match_names("", named) == [] and match_names("--", named) == []


@pytest.mark.parametrize(
    ("key", "chosen"),
    [("1", "Reward"), ("3", "Threat"), ("0", None), ("4", None), ("a", None), ("", None)],
)
def test_a_digit_key_chooses_that_qualifier(key: str, chosen: str | None) -> None:
    """Digits count from 1; anything else chooses nothing."""
    assert qualifier_choice(key, ("Reward", "Neutral", "Threat")) == chosen


def test_only_ascii_digits_choose_a_qualifier() -> None:
    assert qualifier_choice("²", ("Reward", "Neutral")) is None
    assert qualifier_choice("1", ()) is None
