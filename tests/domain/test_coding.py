"""Capture keys: one letter or digit each, stored lower-case, never shared inside a scheme."""

import pytest

from facilitator.domain.coding import check_keys, normalise_key
from facilitator.domain.errors import FacilitatorError, KeyClashError


@pytest.mark.parametrize(("typed", "stored"), [("m", "m"), ("M", "m"), (" q ", "q"), ("7", "7")])
def test_keys_are_stored_lower_case(typed: str, stored: str) -> None:
    """A letter or digit is accepted and stored in lower case without spaces."""
    assert normalise_key(typed) == stored


@pytest.mark.parametrize("typed", ["", " ", "ab", "!", "é", "-", "F1", "\t"])
def test_keys_that_cannot_be_pressed_alone_are_refused(typed: str) -> None:
    """Anything but a single a–z or 0–9 is refused with a message quoting it."""
    with pytest.raises(KeyClashError) as caught:
        normalise_key(typed)
    assert f"“{typed}”" in str(caught.value)
    assert isinstance(caught.value, FacilitatorError)


def test_distinct_keys_pass() -> None:
    """A scheme whose codes all have different keys is fine."""
    check_keys([("Move", "m"), ("Follow", "f"), ("Oppose", "o")], scheme_name="Kantor")


def test_no_codes_pass() -> None:
    """An empty scheme has nothing to clash."""
    check_keys([], scheme_name="Empty")


def test_clash_names_both_codes_the_key_and_the_scheme() -> None:
    """Two codes on one key are refused, naming the code that has it and the one asking."""
    with pytest.raises(KeyClashError) as caught:
        check_keys([("Move", "m"), ("Follow", "f"), ("Mirror", "m")], scheme_name="Kantor")
    message = str(caught.value)
    assert "“m”" in message
    assert "“Move”" in message
    assert "“Mirror”" in message
    assert "Kantor" in message
    assert "choose another key" in message


def test_clash_ignores_letter_case() -> None:
    """“M” and “m” are the same key on the keyboard, so they clash."""
    with pytest.raises(KeyClashError, match="“Move”"):
        check_keys([("Move", "m"), ("Mirror", "M")], scheme_name="Kantor")


def test_a_bad_key_among_good_ones_is_refused() -> None:
    """Checking a scheme also checks each key can be pressed."""
    with pytest.raises(KeyClashError, match="“!!”"):
        check_keys([("Move", "m"), ("Shout", "!!")], scheme_name="Kantor")
