"""Finding one person's name in free text, as reports do, and the retention calendar."""

from datetime import date

import pytest

from facilitator.domain.name_matching import NameMatcher, replace_in_json, strings_in_json
from facilitator.domain.privacy import ERASED, ended_on, months_before, retention_cutoff


def erase(text: str, name: str = "Helen Marchbank", **options: object) -> str:
    return NameMatcher([name], replacement=ERASED, **options).replace(text)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Helen Marchbank spoke.", "[erased] spoke."),
        ("helen marchbank and HELEN", "[erased] and [erased]"),
        ("Marchbank's point; Helen’s too", "[erased]'s point; [erased]’s too"),
        ("Dr Marchbank agreed", "[erased] agreed"),
        ("HM nodded; hm, said someone", "[erased] nodded; hm, said someone"),
        ("_Helen_ in italics", "_[erased]_ in italics"),
        ("Helena and Helenson stay", "Helena and Helenson stay"),
        ("Helen\nMarchbank over a line", "[erased] over a line"),
        ("The GP said", "The GP said"),
    ],
)
def test_erasing_finds_every_form_of_the_name(text: str, expected: str) -> None:
    """Full name, parts, initials, titles and possessives in any case; never inside a word."""
    assert erase(text) == expected


def test_accents_are_optional_in_the_text() -> None:
    """ "Zoe" in a note is Zoë; the accented spelling is found too."""
    assert erase("Zoe and Zoë and ZOË", "Zoë Ørsted") == "[erased] and [erased] and [erased]"
    assert erase("Orsted's team", "Zoë Ørsted") == "[erased]'s team"


def test_another_full_name_is_left_whole() -> None:
    """ "Helen Jones" is someone else: her name stays, while a lone "Helen" goes."""
    matcher = NameMatcher(["Helen Marchbank"], replacement=ERASED, keep=["Helen Jones"])
    assert matcher.replace("Helen Jones met Helen.") == ("Helen Jones met [erased].", 1)
    # The longest name wins: Helen Jones-Smith is not Helen Jones with something after.
    matcher = NameMatcher(["Helen Jones-Smith"], replacement=ERASED, keep=["Helen Jones"])
    assert matcher.replace("Helen Jones-Smith and Helen Jones") == (
        "[erased] and Helen Jones",
        1,
    )


def test_spare_shared_keeps_what_the_kept_person_shares() -> None:
    """Hiding others for Helen's access file: Helen Jones goes, Helen alone stays."""
    matcher = NameMatcher(
        ["Helen Jones", "Julian Brackley"],
        replacement="another participant",
        keep=["Helen Marchbank"],
        spare_shared=True,
    )
    text = "Helen asked Helen Jones. Julian replied; JB agreed."
    assert matcher.replace(text)[0] == (
        "Helen asked another participant. Another participant replied; another participant agreed."
    )


def test_full_only_leaves_parts_and_initials() -> None:
    """Outside the person's programme only the full name is theirs."""
    assert erase("Helen Marchbank, Helen and HM", full_only=True) == "[erased], Helen and HM"


def test_contact_details_go_whole() -> None:
    """An email written out is replaced as a whole, not only its name part."""
    text = "Mail helen.m@nhs.net today"
    assert erase(text, literals=["helen.m@nhs.net"]) == "Mail [erased] today"


def test_text_without_a_match_is_returned_unchanged() -> None:
    """Nothing to replace: the very same string back (not even normalised)."""
    text = "Cafe\u0301 talk"  # decomposed: normalising would change it
    assert NameMatcher(["Helen Marchbank"], replacement=ERASED).replace(text) == (text, 0)


def test_paragraphs_mentioning() -> None:
    """Only the paragraphs that name the person."""
    matcher = NameMatcher(["Helen Marchbank"], replacement=ERASED)
    text = "HM opened.\n\nOthers talked.\n  \nThen Helen closed."
    assert matcher.paragraphs_mentioning(text) == ("HM opened.", "Then Helen closed.")


def test_json_values() -> None:
    """Every string inside a JSON value is searched and replaced; other values stay."""
    value = {"modules": [{"title": "Helen's module", "days": 2}], "n": None}
    matcher = NameMatcher(["Helen Marchbank"], replacement=ERASED)
    assert replace_in_json(value, matcher) == (
        {"modules": [{"title": "[erased]'s module", "days": 2}], "n": None},
        1,
    )
    assert strings_in_json(value) == ["Helen's module"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 7, 15), 6, date(2026, 1, 15)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),
        (date(2028, 5, 31), 3, date(2028, 2, 29)),
        (date(2026, 1, 10), 1, date(2025, 12, 10)),
        (date(2026, 3, 1), 24, date(2024, 3, 1)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    """Calendar months back, to the month's last day when it is shorter."""
    assert months_before(day, months) == expected
    assert retention_cutoff(day, months) == expected


def test_ended_on() -> None:
    """The end date, else the last session's, else nothing to count from."""
    assert ended_on(date(2025, 1, 1), [date(2026, 1, 1)]) == date(2025, 1, 1)
    assert ended_on(None, [date(2025, 3, 1), date(2025, 1, 1)]) == date(2025, 3, 1)
    assert ended_on(None, []) is None
