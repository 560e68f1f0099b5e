"""The method library's file format: a good file is read and each broken rule is refused."""

import copy
from typing import Any

import pytest

from facilitator.domain.errors import ContentError
from facilitator.domain.methods import MethodSpec, parse_methods


def good_file() -> dict[str, Any]:
    """A small valid method file, to spoil one rule at a time."""
    return {
        "format": 1,
        "methods": [
            {
                "slug": "check-in",
                "title": "Check-in",
                "description": "Each person says how they are arriving. Nobody responds.",
                "purpose": "Help people arrive.",
                "typical_minutes": 30,
                "materials": "talking piece",
            },
            {
                "slug": "fishbowl",
                "title": "Fishbowl",
                "description": "An inner circle talks while the outer circle watches.",
                "purpose": "",
                "typical_minutes": 45,
                "materials": "",
            },
        ],
    }


def spoiled(change: str) -> dict[str, Any]:
    """Return the good file with one rule broken, as named by `change`."""
    data = copy.deepcopy(good_file())
    check_in, fishbowl = data["methods"]
    match change:
        case "format 2":
            data["format"] = 2
        case "format as text":
            data["format"] = "1"
        case "no format":
            del data["format"]
        case "no methods":
            data["methods"] = []
        case "methods not a list":
            data["methods"] = {"check-in": check_in}
        case "method not an object":
            data["methods"][1] = "fishbowl"
        case "missing slug":
            del fishbowl["slug"]
        case "slug with capitals":
            fishbowl["slug"] = "Fishbowl"
        case "slug with spaces":
            fishbowl["slug"] = "fish bowl"
        case "slug with trailing hyphen":
            fishbowl["slug"] = "fishbowl-"
        case "repeated slug":
            fishbowl["slug"] = "check-in"
        case "missing title":
            del fishbowl["title"]
        case "blank title":
            fishbowl["title"] = "   "
        case "title not text":
            fishbowl["title"] = 7
        case "title too long":
            fishbowl["title"] = "F" * 201
        case "repeated title":
            fishbowl["title"] = "Check-in"
        case "repeated title by case":
            fishbowl["title"] = "CHECK-IN"
        case "missing description":
            del fishbowl["description"]
        case "blank description":
            fishbowl["description"] = ""
        case "missing purpose":
            del fishbowl["purpose"]
        case "purpose not text":
            fishbowl["purpose"] = None
        case "missing materials":
            del fishbowl["materials"]
        case "materials as a list":
            fishbowl["materials"] = ["chairs"]
        case "missing minutes":
            del fishbowl["typical_minutes"]
        case "minutes too few":
            fishbowl["typical_minutes"] = 4
        case "minutes too many":
            fishbowl["typical_minutes"] = 481
        case "minutes zero":
            fishbowl["typical_minutes"] = 0
        case "minutes negative":
            fishbowl["typical_minutes"] = -30
        case "minutes as fraction":
            fishbowl["typical_minutes"] = 45.5
        case "minutes as whole float":
            fishbowl["typical_minutes"] = 45.0
        case "minutes as text":
            fishbowl["typical_minutes"] = "45"
        case "minutes as bool":
            fishbowl["typical_minutes"] = True
        case _:
            raise AssertionError(change)
    return data


FILE_SPOILERS = ["format 2", "format as text", "no format", "no methods", "methods not a list"]
METHOD_SPOILERS = [
    "method not an object",
    "missing slug",
    "slug with capitals",
    "slug with spaces",
    "slug with trailing hyphen",
    "repeated slug",
    "missing title",
    "blank title",
    "title not text",
    "title too long",
    "repeated title",
    "repeated title by case",
    "missing description",
    "blank description",
    "missing purpose",
    "purpose not text",
    "missing materials",
    "materials as a list",
    "missing minutes",
    "minutes too few",
    "minutes too many",
    "minutes zero",
    "minutes negative",
    "minutes as fraction",
    "minutes as whole float",
    "minutes as text",
    "minutes as bool",
]


def test_good_file_is_read_in_order() -> None:
    """A valid file gives one MethodSpec per method, in the file's order, text trimmed."""
    data = good_file()
    data["methods"][0]["title"] = "  Check-in "
    assert parse_methods(data, "good.json") == (
        MethodSpec(
            slug="check-in",
            title="Check-in",
            description="Each person says how they are arriving. Nobody responds.",
            purpose="Help people arrive.",
            typical_minutes=30,
            materials="talking piece",
        ),
        MethodSpec(
            slug="fishbowl",
            title="Fishbowl",
            description="An inner circle talks while the outer circle watches.",
            purpose="",
            typical_minutes=45,
            materials="",
        ),
    )


@pytest.mark.parametrize("minutes", [5, 480])
def test_minutes_at_either_limit_are_accepted(minutes: int) -> None:
    """Five minutes and a whole eight-hour day are both allowed."""
    data = good_file()
    data["methods"][1]["typical_minutes"] = minutes
    assert parse_methods(data, "good.json")[1].typical_minutes == minutes


def test_title_of_exactly_200_characters_is_accepted() -> None:
    """The title limit is inclusive."""
    data = good_file()
    data["methods"][1]["title"] = "F" * 200
    assert len(parse_methods(data, "good.json")[1].title) == 200


@pytest.mark.parametrize("change", FILE_SPOILERS)
def test_file_breaking_a_rule_is_refused(change: str) -> None:
    """A file with a bad format or no list of methods is refused, naming the file."""
    with pytest.raises(ContentError, match=r"broken\.json"):
        parse_methods(spoiled(change), "broken.json")


@pytest.mark.parametrize("change", METHOD_SPOILERS)
def test_method_breaking_a_rule_is_refused(change: str) -> None:
    """A method breaking any one rule is refused, naming the file and the method."""
    with pytest.raises(ContentError) as caught:
        parse_methods(spoiled(change), "broken.json")
    assert "broken.json" in str(caught.value)
    assert "method 2" in str(caught.value)


def test_repeated_title_names_the_method_that_has_it() -> None:
    """A clash of titles says which method already uses the title."""
    with pytest.raises(ContentError) as caught:
        parse_methods(spoiled("repeated title by case"), "broken.json")
    assert "method 2 (fishbowl)" in str(caught.value)
    assert "already used by method 1 (check-in)" in str(caught.value)


def test_repeated_slug_names_the_method_that_has_it() -> None:
    """A clash of slugs says which earlier method already has the slug."""
    with pytest.raises(ContentError, match=r"method 2 \(check-in\): method 1 already has"):
        parse_methods(spoiled("repeated slug"), "broken.json")


def test_optional_text_of_the_wrong_type_says_it_may_be_empty() -> None:
    """Purpose and materials may be empty, and the message for a non-text value says so."""
    with pytest.raises(ContentError, match="may be empty"):
        parse_methods(spoiled("materials as a list"), "broken.json")


@pytest.mark.parametrize("data", [None, [], "methods", 1])
def test_file_that_is_not_an_object_is_refused(data: Any) -> None:
    """Anything but a JSON object at the top level is refused."""
    with pytest.raises(ContentError, match=r"broken\.json"):
        parse_methods(data, "broken.json")
