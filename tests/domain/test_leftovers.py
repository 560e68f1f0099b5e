"""Spotting what still looks like a name in text: the "check these" list."""

import pytest

from facilitator.domain.leftovers import Leftover, find_leftovers


def _found(*texts: str, known: tuple[str, ...] = (), labels: tuple[str, ...] = ()) -> list[str]:
    found = find_leftovers(texts, known=known, labels=labels, initials=frozenset({"HM", "GP"}))
    return [leftover.text for leftover in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We then asked Kwame.", ["Kwame"]),
        ("We then asked _Kwame_.", ["Kwame"]),
        ("Kwame spoke first.", []),  # one capitalised word opening a sentence
        ("Sarah Jones spoke first.", ["Sarah Jones"]),
        ("Dr Patel spoke first.", ["Dr Patel"]),
        ("Later Dr. Patel wrote.", ["Dr Patel"]),
        ("and miss Patel's view", ["miss Patel"]),
        ("Then\nKwame spoke.", []),  # a new line starts a sentence
        ("the Dr said so", []),  # a title alone names nobody
        ("as HM said and GP agreed", ["GP", "HM"]),
        ("hm, and HMS", []),  # initials only in capitals, as a whole word
        ("I've seen Don't signs", []),
        ("ALL CAPS SHOUTING HERE", []),
        ("On Monday in March the NHS and I said OK.", []),
    ],
)
def test_what_counts_as_a_leftover(text: str, expected: list[str]) -> None:
    """Mid-sentence capitals, pairs, titled names and initials count; ordinary words do not."""
    assert sorted(_found(text)) == expected


def test_known_phrases_are_split_into_words() -> None:
    """Each word of a known phrase is not a name, wherever it appears and in any case."""
    text = "Back at the Estuary Hospice, Hospice staff met the GP."
    assert _found(text) == ["Estuary Hospice", "GP", "Hospice"]
    assert _found(text, known=("estuary hospice", "GP practice")) == []


def test_labels_are_blanked_before_looking() -> None:
    """The report's own labels, such as "Participant AB" or a pseudonym, are not names."""
    assert _found("Then Participant AB and Robin Green spoke.", labels=("Participant AB",)) == [
        "Robin Green"
    ]
    assert _found("Then Robin Green's point.", labels=("Robin Green",)) == []


def test_counts_and_example_come_from_every_text() -> None:
    """Occurrences are counted across texts; the example is the first, on one line."""
    found = find_leftovers(
        ["a\nchat with Kwame   today", "and Kwame again"],
        known=(),
        labels=(),
        initials=frozenset(),
    )
    assert found == (Leftover("Kwame", 2, "a chat with Kwame today"),)
