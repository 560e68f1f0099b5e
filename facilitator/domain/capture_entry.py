"""Reading the capture bar: who the first words name, the note after them, a qualifier key.

In live capture the bar takes who first and then the note: "3" is the third person of the
roster, "0" or "g" the whole group, "3>7" from 3 to 7, "2,5" two people, "@" and letters a
person or organisation by name. The first word that names no one starts the note, so a note
such as "20 minutes over" stays whole.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator.domain.enums import SubjectKind, SubjectRole
from facilitator.domain.snapshots import Organisation, Participant


@dataclass(frozen=True, slots=True)
class Named:
    """A participant or organisation the bar can name with "@" and a few letters."""

    kind: SubjectKind
    ref_id: int
    name: str
    label: str  # as the bar shows it: "3 Deborah Fairclough" or the organisation's name

    @property
    def token(self) -> str:
        return "".join(self.name.split())


@dataclass(frozen=True, slots=True)
class Who:
    """One subject as typed: whom it names, in what role, and how the bar reads it back."""

    kind: SubjectKind
    ref_id: int | None  # None for the whole group
    text: str
    role: SubjectRole = SubjectRole.ABOUT


@dataclass(frozen=True, slots=True)
class Entry:
    """What was typed in the bar: who it is about, then the note."""

    who: tuple[Who, ...] = ()
    note: str = ""
    doubt: str = ""  # why a word that began like a name was kept as note text


def names_for(roster: Sequence[Participant], organisations: Sequence[Organisation]) -> list[Named]:
    """Return everyone the bar can name: the roster by number, then the organisations."""
    people = [
        Named(SubjectKind.PARTICIPANT, p.id, p.name, f"{n} {p.name}")
        for n, p in enumerate(roster, start=1)
    ]
    return people + [Named(SubjectKind.ORGANISATION, o.id, o.name, o.name) for o in organisations]


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def match_names(query: str, named: Sequence[Named]) -> list[Named]:
    """Return who `query` could mean: an exact name first, then a name or initials it begins,
    then a word of a name it begins."""
    wanted = _squash(query)
    if not wanted:
        return []
    tiers: list[list[Named]] = [[], [], []]
    for one in named:
        words = [_squash(word) for word in one.name.split()]
        whole = "".join(words)
        if whole == wanted:
            tiers[0].append(one)
        elif whole.startswith(wanted) or "".join(w[:1] for w in words) == wanted:
            tiers[1].append(one)
        elif any(word.startswith(wanted) for word in words):
            tiers[2].append(one)
    return next((tier for tier in tiers if tier), [])


def read_entry(text: str, *, roster: Sequence[Participant], named: Sequence[Named]) -> Entry:
    """Split the bar's text into subjects (the leading "3", "g", "3>7", "@name" words) and
    the note (everything from the first word that names no one)."""
    who: list[Who] = []
    for match in re.finditer(r"\S+", text):
        found = _read_word(match.group(), roster, named)
        if not isinstance(found, list):
            return Entry(tuple(who), text[match.start() :].strip(), found or "")
        who.extend(found)
    return Entry(tuple(who), "", "")


def qualifier_choice(key: str, choices: Sequence[str]) -> str | None:
    """Return the qualifier a digit key chooses ("2": the second), or None if it chooses none."""
    if key.isascii() and key.isdigit() and 1 <= int(key) <= len(choices):
        return choices[int(key) - 1]
    return None


def _read_word(
    word: str, roster: Sequence[Participant], named: Sequence[Named]
) -> list[Who] | str | None:
    """Return the subjects one word names, or why it names none (None: it is plain text)."""
    if word.count(">") == 1:
        giver, taker = (_read_one(part, roster, named) for part in word.split(">"))
        if isinstance(giver, Who) and isinstance(taker, Who):
            return [
                replace(giver, role=SubjectRole.FROM, text=f"{giver.text} → {taker.text}"),
                replace(taker, role=SubjectRole.TO, text=""),
            ]
        return next((d for d in (giver, taker) if isinstance(d, str)), None)
    parts = [_read_one(part, roster, named) for part in word.split(",") if part]
    found = [part for part in parts if isinstance(part, Who)]
    if parts and len(found) == len(parts):
        return found
    return next((d for d in parts if isinstance(d, str)), None)


def _read_one(part: str, roster: Sequence[Participant], named: Sequence[Named]) -> Who | str | None:
    if part.lower() in ("0", "g"):
        return Who(SubjectKind.GROUP, None, "Whole group")
    if part.isascii() and part.isdigit():
        number = int(part)
        if 1 <= number <= len(roster):
            person = roster[number - 1]
            return Who(SubjectKind.PARTICIPANT, person.id, f"{number} {person.name}")
        return None
    if part.startswith("@") and len(part) > 1:
        matches = match_names(part[1:], named)
        if len(matches) == 1:
            return Who(matches[0].kind, matches[0].ref_id, matches[0].label)
        if not matches:
            return f"No one in this programme matches “{part}”: it stays in the note."
        some = ", ".join(one.name for one in matches[:3]) + ("…" if len(matches) > 3 else "")
        return f"“{part}” could be {len(matches)}: {some}. Type a few more letters."
    return None
