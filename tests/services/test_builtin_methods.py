"""The shipped method library loads, holds the core activities and reads as finished text."""

import re

import pytest

from facilitator.domain.methods import MethodSpec
from facilitator.services.builtin import builtin_methods

METHODS = builtin_methods()
PLACEHOLDER = re.compile(r"\b(todo|tbc|tbd|fixme|xxx|lorem|ipsum|placeholder)\b|\.\.\.|…", re.I)
# A sentence ends at . ! or ? followed by a space and a capital letter, or at the very end.
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z]|$)")


def titled(*keywords: str) -> list[MethodSpec]:
    """Return the methods whose title contains every keyword, ignoring case."""
    return [m for m in METHODS if all(k in m.title.casefold() for k in keywords)]


def test_shipped_library_loads() -> None:
    """The shipped files parse and give between 14 and 18 activities."""
    assert 14 <= len(METHODS) <= 18
    assert all(isinstance(method, MethodSpec) for method in METHODS)


def test_loading_is_cached() -> None:
    """Asking twice returns the same checked tuple without reading the files again."""
    assert builtin_methods() is METHODS


@pytest.mark.parametrize(
    "keywords",
    [
        ("check-in",),
        ("principles", "agreeing"),
        ("advocacy", "inquiry"),
        ("old power", "new power"),
        ("generative",),
        ("fixed-budget", "conflict"),
    ],
    ids=lambda keywords: " ".join(keywords),
)
def test_core_activity_is_included(keywords: tuple[str, ...]) -> None:
    """Each activity the practice depends on is in the library exactly once."""
    assert len(titled(*keywords)) == 1


def test_breaks_are_not_methods() -> None:
    """Breaks are handled by the agenda, not offered as activities."""
    for method in METHODS:
        assert not re.search(r"\b(break|lunch|coffee)\b", method.title, re.I), method.slug


def test_slugs_and_titles_are_unique() -> None:
    """No two shipped activities share a slug or a title."""
    slugs = [method.slug for method in METHODS]
    titles = [method.title.casefold() for method in METHODS]
    assert len(set(slugs)) == len(slugs)
    assert len(set(titles)) == len(titles)


def test_minutes_are_sensible() -> None:
    """Each activity takes between a quarter of an hour and two hours, in five-minute steps."""
    for method in METHODS:
        assert 15 <= method.typical_minutes <= 120, method.slug
        assert method.typical_minutes % 5 == 0, method.slug


def test_descriptions_say_how_to_run_it_in_two_to_five_sentences() -> None:
    """A facilitator can run each activity from a short description."""
    for method in METHODS:
        assert 2 <= len(SENTENCE_END.findall(method.description)) <= 5, method.slug


def test_purpose_is_one_sentence() -> None:
    """Each purpose is one sentence ending in a full stop."""
    for method in METHODS:
        assert method.purpose.endswith("."), method.slug
        assert len(SENTENCE_END.findall(method.purpose)) == 1, method.slug


def test_materials_are_a_short_list() -> None:
    """Materials are empty or a short comma-separated list."""
    for method in METHODS:
        assert len(method.materials) <= 80, method.slug
        assert ";" not in method.materials and not method.materials.endswith("."), method.slug


def test_no_text_is_unfinished() -> None:
    """No title, description, purpose or materials holds a placeholder or a TODO."""
    for method in METHODS:
        for text in (method.title, method.description, method.purpose, method.materials):
            assert not PLACEHOLDER.search(text), (method.slug, text)


def test_text_is_british_english() -> None:
    """Common American spellings have not crept in."""
    american = re.compile(r"\b(organiz\w*|behavior\w*|color\w*|program|center|prioritiz\w*)\b")
    for method in METHODS:
        assert not american.search(f"{method.description} {method.purpose}"), method.slug
