"""Naming participants in a report: labels, replacing names in free text, and leftovers."""

import re
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from facilitator.domain.enums import NamesMode
from facilitator.domain.pseudonyms import Leftover, Person, Pseudonymiser, Replacement


def _person(person_id: int, name: str, *, pseudonym: str = "", organisation: str = "") -> Person:
    return Person(person_id, name, pseudonym, "Director", organisation)


HELEN = _person(1, "Helen Marchbank", organisation="Northshire ICB")
WILL = _person(2, "Will Rose")
MARK = _person(3, "Mark Bishop", organisation="Estuary Hospice")
HOPE = _person(4, "Hope Young")
SUNNY = _person(5, "Sunny Day")
COMMON_WORDS = (HELEN, WILL, MARK, HOPE, SUNNY)


def _pseudonyms(*people: Person) -> Pseudonymiser:
    return Pseudonymiser(people, NamesMode.PSEUDONYM)


# Labels


def test_real_mode_labels_are_names() -> None:
    """With real names the report names each person as they are."""
    names = Pseudonymiser(COMMON_WORDS, NamesMode.REAL)
    assert [names.label(p.id) for p in COMMON_WORDS] == [p.name for p in COMMON_WORDS]


def test_pseudonym_labels_use_chosen_pseudonyms_then_letters_in_order() -> None:
    """A chosen pseudonym is used; everyone else is Participant A, B, … in the given order."""
    people = (HELEN, _person(9, "Priya Shah", pseudonym="  Robin  "), WILL, MARK)
    names = _pseudonyms(*people)
    assert [names.label(p.id) for p in people] == [
        "Participant A",
        "Robin",
        "Participant B",
        "Participant C",
    ]


def test_letter_labels_skip_ones_taken_as_pseudonyms() -> None:
    """A letter label someone already uses as their pseudonym is not given again."""
    people = (HELEN, _person(9, "Priya Shah", pseudonym="participant b"), WILL)
    names = _pseudonyms(*people)
    assert [names.label(p.id) for p in people] == [
        "Participant A",
        "participant b",
        "Participant C",
    ]


def test_letter_labels_go_on_after_z_like_spreadsheet_columns() -> None:
    """The 27th and 28th unnamed people are Participant AA and AB."""
    people = [_person(n, f"Person{n} Surname{n}") for n in range(1, 30)]
    names = _pseudonyms(*people)
    assert names.label(26) == "Participant Z"
    assert names.label(27) == "Participant AA"
    assert names.label(28) == "Participant AB"


def test_clashing_pseudonyms_are_told_apart() -> None:
    """Two people given the same pseudonym, in any case, never share a label."""
    people = [
        _person(1, "Ann Lee", pseudonym="Alex"),
        _person(2, "Bob Ray", pseudonym="alex"),
        _person(3, "Cat Poe", pseudonym="Alex"),
    ]
    names = _pseudonyms(*people)
    assert [names.label(p.id) for p in people] == ["Alex", "alex (2)", "Alex (3)"]


@given(st.lists(st.sampled_from(["", "Alex", "alex", "Participant A", "Robin", " "]), max_size=40))
def test_pseudonym_labels_are_always_unique(pseudonyms: list[str]) -> None:
    """However pseudonyms are chosen, no two people get the same label."""
    people = [_person(n, f"Name{n} Other", pseudonym=p) for n, p in enumerate(pseudonyms)]
    names = _pseudonyms(*people)
    labels = [names.label(p.id).casefold() for p in people]
    assert len(set(labels)) == len(labels)


def test_organisation_labels() -> None:
    """Organisation-only naming says where someone is from, or just "A participant"."""
    names = Pseudonymiser((HELEN, WILL), NamesMode.ORGANISATION)
    assert names.label(HELEN.id) == "A participant from Northshire ICB"
    assert names.label(WILL.id) == "A participant"


@pytest.mark.parametrize("mode", list(NamesMode))
def test_an_unknown_person_is_a_participant(mode: NamesMode) -> None:
    """Someone not among the people given is never named."""
    assert Pseudonymiser((HELEN,), mode).label(99) == "A participant"


# Replacing names in text


def test_real_mode_leaves_text_alone() -> None:
    """With real names, text comes back exactly as it was and nothing is counted."""
    names = Pseudonymiser(COMMON_WORDS, NamesMode.REAL)
    text = "Helen and Will Rose\x00 spoke."
    assert names.apply(text) == text
    assert names.replacements() == ()
    assert names.leftovers([text]) == ()


def test_full_names_are_replaced_once_not_as_first_and_last() -> None:
    """A full name is one replacement, not two labels side by side."""
    names = _pseudonyms(*COMMON_WORDS)
    assert names.apply("Helen Marchbank opened.") == "Participant A opened."
    assert names.replacements() == (Replacement("Helen Marchbank", "Participant A", 1),)


def test_full_names_across_a_line_break_or_double_space_are_one_name() -> None:
    """Spacing inside a full name does not split it into parts."""
    names = _pseudonyms(*COMMON_WORDS)
    assert names.apply("Helen\nMarchbank and Mark  Bishop") == "Participant A and Participant C"


@pytest.mark.parametrize(
    "written",
    ["rose", "Rose", "ROSE", "rOsE", "will", "WILL", "bishop", "Mark", "hope", "young", "DAY"],
)
def test_name_parts_that_are_common_words_never_survive(written: str) -> None:
    """In pseudonym mode every name part goes, in any case, even when it is an ordinary word."""
    names = _pseudonyms(*COMMON_WORDS)
    out = names.apply(f"We {written} there, {written}. {written}")
    assert written.casefold() not in out.casefold().split()
    assert re.search(rf"(?i)\b{written}\b", out) is None


@pytest.mark.parametrize("text", ["Rosemary", "bishopric", "Willow", "hopeful", "Dayton", "Marks"])
def test_names_inside_longer_words_are_untouched(text: str) -> None:
    """Only whole words are names: a name inside a longer word stays."""
    names = _pseudonyms(*COMMON_WORDS)
    assert names.apply(f"About {text} today.") == f"About {text} today."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Helen's idea", "Participant A's idea"),
        ("Helen’s idea", "Participant A’s idea"),
        ("ROSE'S idea", "Participant B'S idea"),
        ("the Bishops' idea", "the Bishops' idea"),
        ("Marchbank-led work", "Participant A-led work"),
        ("(Helen)", "(Participant A)"),
        ("_Helen_ and **Rose**", "_Participant A_ and **Participant B**"),
        ("[#12] Helen_", "[#12] Participant A_"),
    ],
)
def test_possessives_and_punctuation_around_names(text: str, expected: str) -> None:
    """Apostrophes, punctuation and narrative markup around a name stay with the replacement."""
    assert _pseudonyms(*COMMON_WORDS).apply(text) == expected


def test_possessive_of_a_name_ending_in_s() -> None:
    """ "James'" keeps its bare apostrophe after the label."""
    names = _pseudonyms(HELEN, _person(2, "James Okafor"))
    assert names.apply("James' view") == "Participant B' view"


def test_replacement_starting_a_sentence_takes_a_capital() -> None:
    """ "a participant" for an ambiguous name opens a sentence with a capital letter."""
    names = _pseudonyms(_person(1, "Sarah Jones"), _person(2, "Sarah Patel"))
    assert names.apply("sarah spoke. Then sarah left.\nSarah agreed") == (
        "A participant spoke. Then a participant left.\nA participant agreed"
    )


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Siân Llŷr", "siân said, and LLŶR agreed"),
        ("Siân Llŷr", "Sian said, and Llyr agreed"),
        ("Zoë O'Brien-Nuñez", "zoë said, and o’brien-nuñez agreed"),
        ("Zoë O'Brien-Nuñez", "Zoe said, and Nuñez agreed"),
        ("Zoë O'Brien-Nuñez", "O'BRIEN said, and nunez agreed"),
        ("Łukasz Ğür", "ŁUKASZ said, and ğür agreed"),
        ("Łukasz Ğür", "Lukasz said, and Gür agreed"),
        ("Sian Llyr", "Siân said, and LLŶR agreed"),
        ("Zoe Nunez", "Zoë said, and Núñez agreed"),
        ("Eaaaaa Éaaaaa", "Éaaaaa said, and eaaaaa agreed"),
        ("Lan Nguyen", "Lan said, and Nguyễn agreed"),
        ("Wyn Pryce", "Ŵyn said, and Pryce agreed"),
        ("محمد العلي", "محمد said, and العلي agreed"),
        ("אורית כהן", "אורית said, and כהן agreed"),
    ],
)
def test_accented_welsh_and_right_to_left_names(name: str, written: str) -> None:
    """Accented, Welsh, Polish, Turkish, Arabic and Hebrew names go in any case or accenting,
    whichever way round the roster and the note differ."""
    names = _pseudonyms(_person(1, name))
    assert names.apply(written) == "Participant A said, and Participant A agreed"


def test_decomposed_text_matches_a_composed_name() -> None:
    """A name typed with combining accents matches the precomposed spelling, and vice versa."""
    composed = _person(1, unicodedata.normalize("NFC", "Siân Llŷr"))
    decomposed = _person(1, unicodedata.normalize("NFD", "Siân Llŷr"))
    text = unicodedata.normalize("NFD", "Siân Llŷr and siân")
    for person in (composed, decomposed):
        assert _pseudonyms(person).apply(text) == "Participant A and Participant A"


def test_a_name_followed_by_a_combining_mark_is_another_word() -> None:
    """A combining mark after a name continues the word, so the name is not matched."""
    names = _pseudonyms(_person(1, "अमित शर्मा"))
    assert names.apply("अमिता came") == "अमिता came"
    assert names.apply("अमित came") == "Participant A came"


def test_honorifics_go_with_the_name_and_are_not_names_themselves() -> None:
    """ "Dr Marchbank" is replaced whole; "Dr" alone, and particles, are left as words."""
    names = _pseudonyms(_person(1, "Dr Helen van der Berg"))
    assert names.apply("Dr. Berg and Dr van der Berg") == "Participant A and Participant A"
    assert names.apply("Dr Khan, van and der") == "Dr Khan, van and der"
    assert names.apply("Helen Berg") == "Participant A"


def test_particles_stand_alone_only_between_names() -> None:
    """ "Van" opening a name and "Le" closing one are names; "de" in the middle is not."""
    names = _pseudonyms(_person(1, "Van Le"), _person(2, "Ana de Souza"))
    assert names.apply("Van, le and Le") == "Participant A, Participant A and Participant A"
    assert names.apply("de Souza, Souza and de") == "Participant B, Participant B and de"


def test_short_name_parts_are_skipped() -> None:
    """A one-letter part such as a middle initial is not a name part on its own."""
    names = _pseudonyms(_person(1, "Helen J. Marchbank"))
    assert names.apply("J said j") == "J said j"
    assert names.apply("Helen J. Marchbank") == "Participant A"


def test_initials_in_capitals_are_replaced() -> None:
    """ "HM" for Helen Marchbank goes when written in capitals, as a whole word only."""
    names = _pseudonyms(HELEN, _person(2, "Zoë O'Brien-Nuñez"))
    assert names.apply("HM and ZON and ZO agreed") == (
        "Participant A and Participant B and Participant B agreed"
    )
    assert names.apply("hm, Hm, HMS and HMRC") == "hm, Hm, HMS and HMRC"


def test_shared_initials_are_left_and_reported() -> None:
    """Initials two people share are not guessed at; leftovers lists them instead."""
    names = _pseudonyms(HELEN, _person(2, "Hamid Malik"))
    out = names.apply("HM spoke.")
    assert out == "HM spoke."
    assert names.leftovers([out]) == (Leftover("HM", 1, "HM spoke."),)


def test_initials_that_are_common_acronyms_are_left_but_reported() -> None:
    """Gareth Price's "GP" stays a GP in the text, flagged for the user to check."""
    names = _pseudonyms(_person(1, "Gareth Price"))
    out = names.apply("The GP said so.")
    assert out == "The GP said so."
    assert [leftover.text for leftover in names.leftovers([out])] == ["GP"]
    assert names.leftovers([out], known=["GP practice"]) == ()


def test_a_name_part_shared_by_two_people_is_neutral() -> None:
    """Two Sarahs: "Sarah" alone becomes "a participant", full names still get labels."""
    names = _pseudonyms(_person(1, "Sarah Jones"), _person(2, "Sarah Patel"))
    assert names.apply("Sarah Jones, Sarah Patel and then sarah") == (
        "Participant A, Participant B and then a participant"
    )
    assert Replacement("sarah", "a participant", 1) in names.replacements()


def test_a_full_name_shared_by_two_people_is_neutral() -> None:
    """Two people with one name are never told apart by guessing."""
    names = _pseudonyms(_person(1, "Sarah Jones"), _person(2, "Sarah Jones"))
    assert names.apply("Sarah Jones spoke") == "A participant spoke"


def test_organisation_mode_names_the_organisation_only_for_a_full_name() -> None:
    """A full name says where the person is from; a part or initials just "a participant"."""
    names = Pseudonymiser((HELEN, WILL), NamesMode.ORGANISATION)
    assert names.apply("Helen Marchbank spoke. Then Helen, HM and Will Rose left.") == (
        "A participant from Northshire ICB spoke. Then a participant, a participant and "
        "a participant left."
    )


def test_replacements_are_counted_across_calls_most_first() -> None:
    """Replacements aggregate over every call, as found, most frequent first."""
    names = _pseudonyms(*COMMON_WORDS)
    names.apply("Helen and helen and Rose")
    names.apply("helen and HM")
    assert names.replacements() == (
        Replacement("helen", "Participant A", 2),
        Replacement("Helen", "Participant A", 1),
        Replacement("HM", "Participant A", 1),
        Replacement("Rose", "Participant B", 1),
    )


def test_text_is_normalised_even_when_nothing_is_replaced() -> None:
    """The result is composed Unicode, so what the report prints is consistent."""
    assert _pseudonyms(HELEN).apply("Cafe\u0301") == "Café"


def test_no_people_replace_nothing() -> None:
    """An empty cohort leaves text as it is."""
    assert _pseudonyms().apply("Helen spoke") == "Helen spoke"


def test_applying_thousands_of_notes_replaces_every_name() -> None:
    """5,000 notes of about 200 characters, naming 60 people, all come out clean."""
    first = ["Helen", "Will", "Mark", "Hope", "Sunny", "Sarah", "Siân", "Zoë", "Łukasz", "Nia"]
    last = ["Marchbank", "Rose", "Bishop", "Young", "Day", "Jones", "Llŷr", "Ğür", "Khan", "Ede"]
    people = [_person(n, f"{first[n % 10]} {last[n // 10]}") for n in range(60)]
    note = "the group discussed the budget, then Helen and rose moved on; Sunny Day challenged "
    notes = [f"{note}{n} the power in the room and Mark Bishop listened {n}" for n in range(5_000)]
    names = _pseudonyms(*people)
    out = [names.apply(text) for text in notes]
    assert all("Helen" not in text and "rose" not in text for text in out)


_NAME_PART = st.text(alphabet="abcdeghklmnorstuwyzàéïñøłğşåâŷ", min_size=2, max_size=8)
_NAME = st.lists(_NAME_PART, min_size=1, max_size=3).map(
    lambda parts: " ".join(part.capitalize() for part in parts)
)
_FILLER = st.text(alphabet="abcxyz .,;!?'’-\n", max_size=20)


@given(
    names=st.lists(_NAME, min_size=1, max_size=5),
    fillers=st.lists(_FILLER, min_size=6, max_size=6),
    cases=st.lists(st.sampled_from([str.lower, str.upper, str.title, str]), min_size=5),
)
def test_no_full_name_survives_pseudonymising(
    names: list[str], fillers: list[str], cases: list
) -> None:
    """Whatever the names and the text around them, no full name is left as whole words."""
    assume(all("participant" not in name.casefold() for name in names))
    people = [_person(n, name) for n, name in enumerate(names)]
    pieces = [fillers[0]]
    for n, name in enumerate(names):
        pieces += [" ", cases[n % len(cases)](name), " ", fillers[n + 1 if n < 5 else 5]]
    text = "".join(pieces)
    out = _pseudonyms(*people).apply(text)
    for name in names:
        pattern = r"\s+".join(re.escape(part) for part in name.split())
        assert re.search(rf"(?<!\w){pattern}(?!\w)", out, re.IGNORECASE) is None, out


# Leftovers


def test_leftovers_find_other_people_after_replacing() -> None:
    """Names of people who are not participants, with a title or in a pair, are listed."""
    names = _pseudonyms(*COMMON_WORDS)
    out = [
        names.apply("Helen said Dr Patel would come. Sarah Jones agreed with Rose."),
        names.apply("Later Dr. Patel wrote. Priya called. We met Kwame on Monday."),
    ]
    found = {leftover.text: leftover.count for leftover in names.leftovers(out)}
    assert found == {"Dr Patel": 2, "Kwame": 1, "Sarah Jones": 1}
    assert names.leftovers(out)[0] == Leftover(
        "Dr Patel", 2, "Participant A said Dr Patel would come. Sarah Jones a…"
    )


def test_a_single_capitalised_word_opening_a_sentence_is_not_a_leftover() -> None:
    """ "Priya called." could be any word starting a sentence; only mid-sentence words count."""
    names = _pseudonyms(HELEN)
    assert names.leftovers(["Priya called. Then came Priya."]) == (
        Leftover("Priya", 1, "Priya called. Then came Priya."),
    )


def test_leftovers_give_a_short_example_around_the_first_occurrence() -> None:
    """The example is about 60 characters of context on one line, with ellipses when cut."""
    names = _pseudonyms(HELEN)
    text = "x " * 60 + "and\nthen Kwame   spoke to the room " + "y " * 60
    (leftover,) = names.leftovers([text, "and Kwame"])
    assert leftover.text == "Kwame"
    assert leftover.count == 2
    assert leftover.example.startswith("…") and leftover.example.endswith("…")
    assert "then Kwame spoke" in leftover.example
    assert len(leftover.example) <= 64


def test_known_phrases_labels_and_common_words_are_not_leftovers() -> None:
    """Agenda titles, organisations, pseudonyms, days, months and NHS bodies are not names."""
    names = _pseudonyms(HELEN, _person(2, "Priya Shah", pseudonym="Robin Green"))
    out = names.apply(
        "At the Shared Purpose Workshop on Monday in March, Helen from Northshire ICB and "
        "Priya Shah met the NHS England team and the Estuary Hospice board. I said OK."
    )
    assert "Robin Green" in out
    assert names.leftovers([out], known=["Shared purpose workshop", "Estuary Hospice"]) == ()
    assert {leftover.text for leftover in names.leftovers([out])} == {
        "Shared Purpose Workshop",
        "Estuary Hospice",
    }


def test_letter_labels_are_not_mistaken_for_initials() -> None:
    """ "Participant AB" left by replacing is not reported as Anna Brown's initials."""
    people = [_person(n, f"Person{n} Surname{n}") for n in range(1, 28)]
    people.append(_person(28, "Anna Brown"))
    names = _pseudonyms(*people)
    out = names.apply("Anna Brown spoke.")
    assert out == "Participant AB spoke."
    assert names.leftovers([out]) == ()


def test_contractions_are_not_leftovers() -> None:
    """ "I've" and "Don't" inside a sentence are not names."""
    names = _pseudonyms(HELEN)
    assert names.leftovers(["He said I've no idea, and Don't worry."]) == ()


def test_leftovers_of_nothing_are_empty() -> None:
    """No texts, or texts with no capitals, leave nothing to check."""
    names = _pseudonyms(HELEN)
    assert names.leftovers([]) == ()
    assert names.leftovers(["", "all lower case here."]) == ()


@given(st.lists(st.text(), max_size=5))
def test_apply_and_leftovers_never_fail(texts: list[str]) -> None:
    """Any text at all can be pseudonymised and checked."""
    for mode in NamesMode:
        names = Pseudonymiser(COMMON_WORDS, mode)
        names.leftovers([names.apply(text) for text in texts], known=texts)
