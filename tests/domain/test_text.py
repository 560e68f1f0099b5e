"""Cleaning user text for a report: control characters out, Unicode composed."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.text import strip_controls


def test_c0_and_c1_controls_are_removed_but_newlines_and_tabs_kept() -> None:
    """NUL, escape, delete and C1 characters vanish; line breaks and tabs stay."""
    assert strip_controls("a\x00b\x1b[31mc\x7fd\x85e\x9f\nf\tg") == "ab[31mcde\nf\tg"


def test_carriage_returns_become_newlines() -> None:
    """Windows and old Mac line endings become single newlines, not lost breaks."""
    assert strip_controls("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_text_is_normalised_to_nfc() -> None:
    """A letter and a combining accent become the single precomposed character."""
    assert strip_controls("Zoe\u0308") == "Zoë"


def test_accent_separated_by_a_control_composes_once_it_is_removed() -> None:
    """Normalising after removal lets the letter and its accent meet and compose."""
    assert strip_controls("e\x00\u0301") == "é"


def test_other_unicode_is_untouched() -> None:
    """Letters, emoji, right-to-left text and format characters are not controls."""
    text = "Łukasz Ğür 🙂 محمد \u200d"
    assert strip_controls(text) == text


@given(st.text())
def test_result_has_no_controls_but_newline_and_tab(text: str) -> None:
    """Whatever goes in, only newline and tab survive of the control characters."""
    cleaned = strip_controls(text)
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert strip_controls(cleaned) == cleaned
