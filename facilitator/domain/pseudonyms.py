"""Naming participants in a report: as they are, by pseudonym, or by organisation only.

Observations name real senior people. A `Pseudonymiser` gives each person the label the
report uses and replaces their names inside free text. Replacing is deliberately greedy: a
name part that is also an everyday word ("Will", "Rose", "Hope") is replaced wherever it
appears as a whole word, because leaking a name costs more than an odd sentence, and the
user sees every replacement counted before sending the report.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from facilitator.domain.enums import NamesMode
from facilitator.domain.leftovers import (
    APOSTROPHES,
    HONORIFICS,
    HYPHENS,
    Leftover,
    find_leftovers,
)

NEUTRAL = "a participant"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Post-nominals and particles, like titles, never stand alone as a name part: "OBE" or "van"
# on its own says nothing about who is meant, and replacing it would mangle ordinary text.
_SUFFIXES = _word_set("jr jnr sr snr ii iii iv obe mbe cbe dbe kbe phd frcp frcs rn qc kc mp")
_PARTICLES = _word_set(
    "de del della der den di da das dos du la le les lo van von ten ter op het bin bint ibn "
    "al el ap ab st o' d' l'"
)
_STOP_WORDS = HONORIFICS | _SUFFIXES | _PARTICLES
# Initials that are far more often one of these than a person; left alone, and flagged by
# `leftovers` when they are some participant's initials. Ordinary words in capitals ("IS",
# "AM") are not here: notes write "IS: we're very nice" for Imran Siddiqui far more often.
ACRONYMS = _word_set("AE AI CEO CFO COO CQC GP HR ICB ICS IT MD NED NHS OK PA PCN QA TV UK UN VCS")
# Letters with a stroke have no decomposition to strip an accent from.
_UNACCENTED = {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ı": "i"}
_HYPHEN = re.compile(f"[{HYPHENS}]")


@dataclass(frozen=True, slots=True)
class Person:
    """A participant as a report may name them."""

    id: int
    name: str
    pseudonym: str
    role: str
    organisation: str  # the organisation's name, "" if none


@dataclass(frozen=True, slots=True)
class Replacement:
    """A name as it appeared in the text, what replaced it, and how often."""

    found: str
    replaced_by: str
    count: int


class Pseudonymiser:
    """Name one report's participants as its `NamesMode` says, in labels and free text."""

    def __init__(self, people: Sequence[Person], mode: NamesMode) -> None:
        self._mode = mode
        self._people = {person.id: person for person in reversed(people)}  # first id wins
        ordered = [person for person in people if self._people[person.id] is person]
        self._labels = _pseudonym_labels(ordered) if mode is NamesMode.PSEUDONYM else {}
        self._counts: Counter[tuple[str, str]] = Counter()
        self._names: dict[str, str] = {}  # name key -> replacement
        self._seen: dict[str, str] = {}  # each spelling met so far -> replacement, for speed
        self._initials: dict[str, str] = {}  # exact capitals -> replacement
        self._all_initials: frozenset[str] = frozenset()
        self._pattern: re.Pattern[str] | None = None
        if mode is not NamesMode.REAL:
            self._prepare(ordered)

    def label(self, person_id: int) -> str:
        """Return how the report names this person; someone unknown is "A participant"."""
        person = self._people.get(person_id)
        if person is None:
            return capitalised(NEUTRAL)
        if self._mode is NamesMode.REAL:
            return person.name
        if self._mode is NamesMode.PSEUDONYM:
            return self._labels[person_id]
        return capitalised(_from_organisation(person))

    def apply(self, text: str) -> str:
        """Return `text` with participants' names, name parts and initials replaced."""
        if self._mode is NamesMode.REAL:
            return text
        text = unicodedata.normalize("NFC", text)
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self._replace(match, text), text)

    def replacements(self) -> tuple[Replacement, ...]:
        """Return every replacement made by `apply` so far, most frequent first."""
        ordered = sorted(self._counts.items(), key=lambda kv: (-kv[1], kv[0][0].casefold(), kv[0]))
        return tuple(Replacement(found, by, count) for (found, by), count in ordered)

    def leftovers(self, texts: Iterable[str], *, known: Iterable[str] = ()) -> tuple[Leftover, ...]:
        """Return what still looks like a name in texts already passed through `apply`.

        A heuristic for a "check these" list: capitalised words inside a sentence, runs of
        two or more capitalised words, a capitalised word after a title ("Dr Patel"), and
        capitals matching some participant's initials. Words of `known` phrases (agenda
        titles, code labels, organisations) and of the labels themselves are not reported.
        """
        if self._mode is NamesMode.REAL:
            return ()
        organisations = (person.organisation for person in self._people.values())
        return find_leftovers(
            texts,
            known=[*known, *organisations],
            labels=[*self._labels.values(), *self._names.values(), *self._initials.values()],
            initials=self._all_initials,
        )

    def _prepare(self, people: Sequence[Person]) -> None:
        owners: dict[str, dict[int, bool]] = {}  # name key -> person id -> is a full name
        spelled: dict[str, str] = {}  # name key -> one spelling, to build the pattern from
        initials: dict[str, set[int]] = {}
        for person in people:
            full, parts, person_initials = name_terms(person.name)
            for term, is_full in [*((t, True) for t in full), *((t, False) for t in parts)]:
                key = match_key(term)
                spelled.setdefault(key, term)
                mine = owners.setdefault(key, {})
                mine[person.id] = mine.get(person.id, False) or is_full
            for letters in person_initials:
                initials.setdefault(letters, set()).add(person.id)
        for key, mine in owners.items():
            if len(mine) > 1:
                self._names[key] = NEUTRAL  # shared by two people: never guess which
            else:
                ((person_id, is_full),) = mine.items()
                self._names[key] = self._replacement(person_id, is_full=is_full)
        self._all_initials = frozenset(initials)
        for letters, ids in initials.items():
            if len(ids) == 1 and letters not in ACRONYMS:
                self._initials[letters] = self._replacement(next(iter(ids)), is_full=False)
        branches = []
        if spelled:
            names = alternation(spelled.values())
            branches.append(rf"(?P<name>{HONORIFIC_PREFIX}(?P<core>{names}))")
        if self._initials:
            capitals = "|".join(sorted(self._initials, key=lambda i: (-len(i), i)))
            branches.append(rf"(?P<initials>(?-i:{capitals}))")
        if branches:
            # Letters and digits bound a word; an underscore does not, so "_Helen_" (italic
            # in the narrative's markup) is still Helen.
            pattern = rf"(?<![^\W_])(?:{'|'.join(branches)})(?![^\W_])"
            self._pattern = re.compile(pattern, re.IGNORECASE)

    def _replacement(self, person_id: int, *, is_full: bool) -> str:
        if self._mode is NamesMode.PSEUDONYM:
            return self._labels[person_id]
        return _from_organisation(self._people[person_id]) if is_full else NEUTRAL

    def _replace(self, match: re.Match[str], text: str) -> str:
        found = match.group()
        start, end = match.span()
        # A combining mark is not a word character to `re`, but it continues the word.
        if (start and is_mark(text[start - 1])) or (end < len(text) and is_mark(text[end])):
            return found
        if match.lastgroup == "initials":
            replacement = self._initials[found]
        else:
            core = match.group("core")
            replacement = self._seen.get(core)
            if replacement is None:
                replacement = self._seen[core] = self._names.get(match_key(core), NEUTRAL)
        self._counts[(found, replacement)] += 1
        if replacement[:1].islower() and sentence_start(text, start):
            return capitalised(replacement)
        return replacement


def _pseudonym_labels(people: Sequence[Person]) -> dict[int, str]:
    """Return each person's pseudonym, or the next free "Participant A", never repeated."""
    labels: dict[int, str] = {}
    taken: set[str] = set()
    for person in people:
        chosen = " ".join(unicodedata.normalize("NFC", person.pseudonym).split())
        if not chosen:
            continue
        label, number = chosen, 2
        while label.casefold() in taken:
            label, number = f"{chosen} ({number})", number + 1
        taken.add(label.casefold())
        labels[person.id] = label
    letters = _letter_labels()
    for person in people:
        if person.id not in labels:
            label = next(
                f"Participant {ls}" for ls in letters if f"participant {ls}".casefold() not in taken
            )
            taken.add(label.casefold())
            labels[person.id] = label
    return labels


def _letter_labels() -> Iterator[str]:
    """Yield A … Z, AA, AB … as spreadsheet columns are lettered."""
    number = 0
    while True:
        number += 1
        letters, n = "", number
        while n:
            n, digit = divmod(n - 1, 26)
            letters = chr(ord("A") + digit) + letters
        yield letters


def _from_organisation(person: Person) -> str:
    organisation = " ".join(person.organisation.split())
    return f"{NEUTRAL} from {organisation}" if organisation else NEUTRAL


def name_terms(name: str) -> tuple[set[str], set[str], set[str]]:
    """Return a name's full forms, its parts, and its possible initials in capitals."""
    name = unicodedata.normalize("NFC", name)
    words = [_trim(word) for word in name.split()]
    words = [word for word in words if word]
    core = [word for word in words if _bare(word) not in HONORIFICS | _SUFFIXES]
    full = {" ".join(name.split()), " ".join(words), " ".join(core)}
    if len(core) > 2:
        full.add(f"{core[0]} {core[-1]}")  # "Mary Smith" for Mary Anne Smith
    full = {term for term in full if len(term) >= 2 and _bare(term) not in _STOP_WORDS}
    # A particle is only a particle between names: "Van" may be a first name, "Le" a surname.
    last = len(core) - 1
    particle = [0 < i < last and _bare(word) in _PARTICLES for i, word in enumerate(core)]
    named = [word for word, skip in zip(core, particle, strict=True) if not skip]
    parts: set[str] = set()
    for word in named:
        pieces = [word, *_HYPHEN.split(word)] if _HYPHEN.search(word) else [word]  # whole first
        parts.update(p for p in pieces[1:] if len(p) >= 2 and _bare(p) not in _STOP_WORDS)
        if len(word) >= 2:
            parts.add(word)
    for i in range(1, len(core)):
        if particle[i] and not particle[i - 1]:  # "van der Berg" is a surname too
            end = next((j for j in range(i, len(core)) if not particle[j]), None)
            if end is not None:
                parts.add(" ".join(core[i : end + 1]))
    if not full and not parts and len(name.strip()) >= 2:
        full = {" ".join(name.split())}  # a name that is only a title or particle is still a name
    hyphenated = [*named[:-1], *_HYPHEN.split(named[-1])] if named else []
    initials = set()
    for group in (core, named, hyphenated, [core[0], core[-1]] if len(core) > 1 else []):
        letters = "".join(word[0].upper() for word in group if word and word[0].isalpha())
        if 2 <= len(letters) <= 3 and letters.isalpha() and len(group) == len(letters):
            initials.add(letters)
    return full, parts, initials


def _trim(word: str) -> str:
    """Strip punctuation around a word of a name, keeping apostrophes and hyphens inside."""
    return word.strip('.,;:()[]{}"“”‘!?/')


def _bare(word: str) -> str:
    return word.casefold().rstrip(".")


def match_key(text: str) -> str:
    """Return the form names are compared in: case, accents and punctuation style set aside."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(_UNACCENTED.get(ch, ch) for ch in text if not unicodedata.combining(ch))
    text = re.sub(f"[{APOSTROPHES}]", "'", _HYPHEN.sub("-", text))
    return " ".join(text.split()).casefold()


def _unaccented(ch: str) -> str:
    """Return a letter without its accent ("ë" -> "e", "Ł" -> "L"), else the letter itself."""
    base = unicodedata.normalize("NFD", ch)[0]
    return _UNACCENTED.get(base, base)


def alternation(terms: Iterable[str]) -> str:
    """Return one pattern matching any of `terms`, the longest possible match first.

    The terms share a trie, so the engine tries one branch per letter rather than every
    name in turn at every word: what keeps a long report fast.
    """
    trie: dict[str, dict] = {}
    for term in terms:
        node = trie
        for atom in _atoms(term):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [atom + _trie_pattern(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return body
    # A term ends here, but a longer one may go on: greedy `?` tries the longer first.
    return f"(?:{body})?" if len(branches) == 1 else f"{body}?"


def _atoms(term: str) -> list[str]:
    """Return a pattern piece per character of a name, allowing any spacing, apostrophe or
    hyphen style, and any case.

    Accents are optional too, since people often type "Zoe" for Zoë or "Sian" for Siân.
    """
    atoms = []
    for ch in term:
        lower = ch.lower() if len(ch.lower()) == 1 else ch
        if ch.isspace():
            atoms.append(r"\s+")
        elif ch in APOSTROPHES:
            atoms.append(f"[{APOSTROPHES}]")
        elif ch in HYPHENS:
            atoms.append(f"[{HYPHENS}]")
        elif letters := _SPELLINGS.get(_unaccented(lower)):
            atoms.append(f"[{re.escape(''.join(sorted({lower, *letters})))}]")
        else:
            atoms.append(re.escape(lower))
    return atoms


def _spellings() -> dict[str, str]:
    """Return, for each plain lower-case letter, it and its accented forms in the Latin
    letters of Unicode ("e": "eèéêëēĕėęě…"), so "Sian" in a roster finds "Siân" in a note as
    surely as the other way round."""
    forms: dict[str, set[str]] = {}
    # Latin-1, Latin Extended-A and -B, and Latin Extended Additional (Vietnamese, Welsh ŵ ỳ).
    codes = (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    for code in codes:
        ch = chr(code).lower()
        if len(ch) == 1 and ch.isalpha() and (base := _unaccented(ch)) != ch and base.isascii():
            forms.setdefault(base, {base}).add(ch)
    return {base: "".join(sorted(letters)) for base, letters in forms.items()}


_SPELLINGS = _spellings()


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


HONORIFIC_PREFIX = rf"(?:{alternation(HONORIFICS)}\.?\s+)?"


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def sentence_start(text: str, start: int) -> bool:
    """Return True if a replacement at `start` begins a sentence, so takes a capital."""
    left = max(0, start - 8)
    before = text[left:start].rstrip(" \t\"'“‘(-•*")
    return left == 0 if not before else before[-1] in ".!?\n"
