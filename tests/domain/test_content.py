"""Shipped content: every scheme and template file obeys its format, and bad files are refused."""

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from facilitator.domain.content import (
    SchemeSpec,
    builtin_uuid,
    parse_clock_offset,
    parse_scheme,
    parse_template,
)
from facilitator.domain.enums import CodeKind
from facilitator.domain.errors import ContentError
from facilitator.resources import resource_path

SCHEME_FILES = sorted(resource_path("schemes").glob("*.json"))
TEMPLATE_FILE = resource_path("templates", "building_collaborative_leadership.json")


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def shipped_schemes() -> dict[str, SchemeSpec]:
    schemes = (parse_scheme(load(path), path.name) for path in SCHEME_FILES)
    return {scheme.slug: scheme for scheme in schemes}


def labels(scheme: SchemeSpec) -> list[str]:
    return [code.label for code in scheme.codes]


def good_scheme() -> dict[str, Any]:
    """A small valid scheme file, to spoil one rule at a time."""
    return {
        "format": 1,
        "slug": "test-scheme",
        "name": "Test scheme",
        "description": "For tests.",
        "source": "",
        "codes": [
            {
                "slug": "stuck",
                "label": "Stuck",
                "description": "Going round in circles.",
                "colour": "#d55e00",
                "key": "s",
                "kind": "state",
                "qualifier": None,
                "exclusive_group": "conversation",
            },
            {
                "slug": "named",
                "label": "Power named",
                "description": "Someone says who holds power.",
                "colour": "#882255",
                "key": "p",
                "kind": "point",
                "qualifier": {"name": "Base of power", "choices": ["Expert", "Referent"]},
                "exclusive_group": None,
            },
        ],
    }


def spoiled(change: str) -> dict[str, Any]:
    """Return the good scheme with one rule broken, as named by `change`."""
    data = copy.deepcopy(good_scheme())
    stuck, named = data["codes"]
    match change:
        case "clashing keys":
            named["key"] = "s"
        case "clashing keys by case":
            named["key"] = "S"
        case "two-letter key":
            named["key"] = "pp"
        case "symbol key":
            named["key"] = "!"
        case "colour without hash":
            named["colour"] = "882255"
        case "short colour":
            named["colour"] = "#825"
        case "colour name":
            named["colour"] = "purple"
        case "colour not hex":
            named["colour"] = "#88225G"
        case "exclusive point code":
            named["exclusive_group"] = "conversation"
        case "blank exclusive group":
            stuck["exclusive_group"] = "  "
        case "one-choice qualifier":
            named["qualifier"]["choices"] = ["Expert"]
        case "repeated qualifier choice":
            named["qualifier"]["choices"] = ["Expert", "Expert"]
        case "blank qualifier choice":
            named["qualifier"]["choices"] = ["Expert", " "]
        case "qualifier without choices":
            named["qualifier"] = {"name": "Base of power"}
        case "format 2":
            data["format"] = 2
        case "format 0":
            data["format"] = 0
        case "format as text":
            data["format"] = "1"
        case "no format":
            del data["format"]
        case "unknown kind":
            named["kind"] = "moment"
        case "empty description":
            named["description"] = "   "
        case "missing label":
            del named["label"]
        case "repeated code slug":
            named["slug"] = "stuck"
        case "bad slug":
            data["slug"] = "Test Scheme"
        case "no codes":
            data["codes"] = []
        case "code not an object":
            data["codes"][1] = "named"
        case _:
            raise AssertionError(change)
    return data


SPOILERS = [
    "clashing keys",
    "clashing keys by case",
    "two-letter key",
    "symbol key",
    "colour without hash",
    "short colour",
    "colour name",
    "colour not hex",
    "exclusive point code",
    "blank exclusive group",
    "one-choice qualifier",
    "repeated qualifier choice",
    "blank qualifier choice",
    "qualifier without choices",
    "format 2",
    "format 0",
    "format as text",
    "no format",
    "unknown kind",
    "empty description",
    "missing label",
    "repeated code slug",
    "bad slug",
    "no codes",
    "code not an object",
]


def test_all_eight_scheme_files_are_shipped() -> None:
    """The eight built-in coding schemes are present as files."""
    assert sorted(shipped_schemes()) == [
        "advocacy-inquiry",
        "bales-ipa",
        "conflict-surfacing",
        "dialogue-patterns",
        "five-factors",
        "kantor-four-player",
        "principled-negotiation",
        "thomas-kilmann",
    ]


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda path: path.stem)
def test_every_shipped_scheme_file_passes_the_rules(path: Path) -> None:
    """Each file parses, every code has a description, a #RRGGBB colour and a unique key."""
    scheme = parse_scheme(load(path), path.name)
    assert scheme.description and scheme.codes
    keys = [code.key for code in scheme.codes]
    assert len(set(keys)) == len(keys)
    for code in scheme.codes:
        assert code.description.strip(), code.slug
        assert len(code.colour) == 7 and code.colour == code.colour.upper(), code.slug
        assert code.exclusive_group is None or code.kind is CodeKind.STATE, code.slug


def test_the_good_scheme_used_below_is_accepted() -> None:
    """The baseline for the refusal tests is itself valid, so each refusal is about one rule."""
    scheme = parse_scheme(good_scheme(), "test.json")
    assert scheme.code("stuck").exclusive_group == "conversation"
    assert scheme.code("named").qualifier_choices == ("Expert", "Referent")
    assert scheme.code("stuck").colour == "#D55E00"


@pytest.mark.parametrize("change", SPOILERS)
def test_scheme_breaking_a_rule_is_refused(change: str) -> None:
    """A scheme file breaking any one rule is refused with a message naming the file."""
    with pytest.raises(ContentError) as caught:
        parse_scheme(spoiled(change), "broken.json")
    assert "broken.json" in str(caught.value)


def test_key_clash_message_names_both_codes() -> None:
    """A clash in a content file says which code already has the key."""
    with pytest.raises(ContentError) as caught:
        parse_scheme(spoiled("clashing keys"), "broken.json")
    assert "“Stuck”" in str(caught.value)
    assert "“Power named”" in str(caught.value)


@pytest.mark.parametrize("data", [None, [], "scheme", 1])
def test_scheme_that_is_not_an_object_is_refused(data: Any) -> None:
    """Anything but a JSON object at the top level is refused."""
    with pytest.raises(ContentError, match=r"broken\.json"):
        parse_scheme(data, "broken.json")


def test_five_factors_are_present() -> None:
    """The five factors of system leadership, numbered 1 to 5."""
    scheme = shipped_schemes()["five-factors"]
    assert labels(scheme) == [
        "Shared purpose and vision",
        "Frequent personal contact",
        "Surfacing and resolving conflict",
        "Behaving altruistically",
        "Commitment for the longer term",
    ]
    assert [code.key for code in scheme.codes] == ["1", "2", "3", "4", "5"]


def test_kantors_four_players_are_present() -> None:
    """Move, follow, oppose and bystand."""
    assert labels(shipped_schemes()["kantor-four-player"]) == [
        "Move",
        "Follow",
        "Oppose",
        "Bystand",
    ]


def test_bales_twelve_categories_are_present() -> None:
    """All twelve categories of interaction process analysis."""
    assert sorted(labels(shipped_schemes()["bales-ipa"])) == sorted(
        [
            "Shows solidarity",
            "Shows tension release",
            "Agrees",
            "Gives suggestion",
            "Gives opinion",
            "Gives orientation",
            "Asks for orientation",
            "Asks for opinion",
            "Asks for suggestion",
            "Disagrees",
            "Shows tension",
            "Shows antagonism",
        ]
    )


def test_thomas_kilmann_five_modes_are_present() -> None:
    """The five mode names only."""
    assert sorted(labels(shipped_schemes()["thomas-kilmann"])) == [
        "Accommodating",
        "Avoiding",
        "Collaborating",
        "Competing",
        "Compromising",
    ]


def test_principled_negotiation_seven_moves_are_present() -> None:
    """Position, interest, asking, mutual gain, objective criterion, conceding, threatening."""
    assert labels(shipped_schemes()["principled-negotiation"]) == [
        "States a position",
        "States an interest",
        "Asks about the other's interests",
        "Proposes an option for mutual gain",
        "Invokes an objective criterion",
        "Concedes",
        "Threatens",
    ]


def test_advocacy_and_inquiry_are_present() -> None:
    """Advocacy and inquiry, one code each."""
    assert labels(shipped_schemes()["advocacy-inquiry"]) == ["Advocacy", "Inquiry"]


def test_power_differential_is_qualified_by_french_and_raven() -> None:
    """“Power differential named” offers the six bases of power at capture time."""
    code = shipped_schemes()["conflict-surfacing"].code("power-differential-named")
    assert code.qualifier_name == "Base of power"
    assert code.qualifier_choices == (
        "Legitimate",
        "Reward",
        "Coercive",
        "Expert",
        "Referent",
        "Informational",
    )


def test_stuck_and_generative_exclude_each_other() -> None:
    """Starting “generative” stops “stuck”: both are states in one exclusive group."""
    scheme = shipped_schemes()["dialogue-patterns"]
    stuck, generative = scheme.code("stuck"), scheme.code("generative")
    assert stuck.kind is generative.kind is CodeKind.STATE
    assert stuck.exclusive_group is not None
    assert stuck.exclusive_group == generative.exclusive_group


def test_unknown_code_lookup_is_refused() -> None:
    """Asking a scheme for a code it lacks says so."""
    with pytest.raises(ContentError, match="no code"):
        shipped_schemes()["kantor-four-player"].code("dance")


def test_shipped_template_has_four_two_day_modules_with_themes() -> None:
    """Building collaborative leadership: four modules of two days, module 3 on power."""
    template = parse_template(load(TEMPLATE_FILE), TEMPLATE_FILE.name)
    assert template.slug == "building-collaborative-leadership"
    assert template.title == "Building collaborative leadership"
    assert template.cohort_cap == 16
    assert len(template.modules) == 4
    assert all(module.days == 2 and module.themes for module in template.modules)
    assert template.modules[2].title == "Power, politics and decision-making"


@pytest.mark.parametrize(
    "modules",
    [
        [],
        None,
        ["Module one"],
        [{"title": "", "days": 2}],
        [{"title": "One", "days": 0}],
        [{"title": "One", "days": "two"}],
        [{"title": "One", "themes": "Power"}],
        [{"title": "One", "themes": [1, 2]}],
    ],
)
def test_template_breaking_a_rule_is_refused(modules: Any) -> None:
    """A template with missing or malformed modules is refused, naming the file."""
    data = {"format": 1, "slug": "t", "title": "T", "modules": modules}
    with pytest.raises(ContentError, match=r"broken\.json"):
        parse_template(data, "broken.json")


def test_template_of_another_format_is_refused() -> None:
    """A template written for a newer format is refused."""
    data = load(TEMPLATE_FILE) | {"format": 2}
    with pytest.raises(ContentError, match="format"):
        parse_template(data, "newer.json")


@pytest.mark.parametrize(
    ("text", "seconds"), [("00:00:00", 0.0), ("00:42:10", 2530.0), ("7:05:30", 25530.0)]
)
def test_clock_offsets_are_read_as_seconds(text: str, seconds: float) -> None:
    """HH:MM:SS offsets from the start of a session become seconds."""
    assert parse_clock_offset(text, "sample") == seconds


@pytest.mark.parametrize("text", ["", "42:10", "00:60:00", "00:00:60", "1h", None, 90])
def test_malformed_clock_offsets_are_refused(text: Any) -> None:
    """Anything but HH:MM:SS is refused, naming where it was found."""
    with pytest.raises(ContentError, match="observation 3"):
        parse_clock_offset(text, "observation 3")


def test_builtin_uuids_are_stable_and_distinct() -> None:
    """Built-in records get the same UUID on every laptop, different for different records."""
    # Pinned values: changing them would make every existing file's built-ins look foreign.
    assert builtin_uuid("scheme", "kantor-four-player") == "8fe0d847-6ba5-5dfa-8108-40b532638ca6"
    assert (
        builtin_uuid("scheme", "kantor-four-player", "code", "move")
        == "2838a5b9-d49c-52b7-b6de-61e0fa02d4d3"
    )
    assert builtin_uuid("scheme", "a", "code", "b") != builtin_uuid("scheme", "a", "code", "c")
    assert uuid.UUID(builtin_uuid("scheme", "a")).version == 5
