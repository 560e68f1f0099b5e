"""Spotting what still looks like a person's name in text, for a "check these" list.

An honest heuristic, shown to the user after pseudonymising: it finds other people's
names the report never knew about ("Dr Patel", "Sarah Jones") and says where they are.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

APOSTROPHES = "'’ʼ"
HYPHENS = "-‐‑"
# Titles come before a name: never a name themselves, and a sign the next word is one.
HONORIFICS = frozenset(
    str.split(
        "dr mr mrs ms mx miss prof professor sir dame lord lady rev revd reverend cllr councillor"
    )
)
# Capitalised words that are rarely a person, so never listed.
_NOT_NAMES = frozenset(
    str.split(
        """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december spring summer autumn winter
    nhs icb ics uk gp gps england wales scotland ireland britain british english welsh
    scottish irish london i ok a an the and but or so then when while after before because
    if as at in on of to by for from with without into onto we they he she it you this that
    these those there here what why how who where which some all most many several each
    every both one two three four five six seven eight nine ten first second third next last
    yes no also however although overall later earlier today tomorrow yesterday morning
    afternoon evening participant participants facilitator facilitators group everyone
    someone nobody session sessions module programme item agenda action actions agreed note
    notes break lunch coffee chair board trust council team teams question questions
    """
    )
)
_INSIDE_WORD = re.escape(APOSTROPHES + HYPHENS)
_END = r"[^\W_]|[\u0300-\u036f]"  # a letter, digit or accent; not an underscore
_WORD = re.compile(rf"[^\W\d_](?:(?:{_END}|[{_INSIDE_WORD}])*(?:{_END}))?")
_POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s?$", re.IGNORECASE)
_CONTRACTION = re.compile(rf"[{APOSTROPHES}](?:ve|d|ll|re|m|t)$", re.IGNORECASE)  # I've, Don't
_SPACES = re.compile(r"[ \t\u00a0]+")
_TITLE_STOP = re.compile(r"\.[ \t\u00a0]*")  # "Dr. Patel"


@dataclass(frozen=True, slots=True)
class Leftover:
    """Something that still looks like a name after replacing, for the user to check."""

    text: str
    count: int
    example: str  # about 60 characters around its first occurrence


def find_leftovers(
    texts: Iterable[str],
    *,
    known: Iterable[str],
    labels: Iterable[str],
    initials: frozenset[str],
) -> tuple[Leftover, ...]:
    """Return what looks like a name in `texts`, most frequent first.

    That is: capitalised words inside a sentence, runs of two or more capitalised words
    anywhere, a capitalised word after a title ("Dr Patel"), and any of `initials` in
    capitals. Words of `known` phrases (agenda titles, organisations, code labels) are not
    names; neither are `labels`, the names the report itself gives people.
    """
    labels = [label for label in labels if label]
    known_words = frozenset(word.casefold() for phrase in known for word in _words(phrase))
    label_words = {word.casefold() for label in labels for word in _words(label)}
    excluded = _NOT_NAMES | known_words | label_words
    blank = _phrases(labels)
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for raw in texts:
        text = unicodedata.normalize("NFC", raw)
        # Blank the labels with letters of the same length, so positions stay true and
        # "Participant AB" is not mistaken for someone's initials.
        scan = blank.sub(lambda m: "x" * len(m.group()), text) if blank else text
        for found, start, end in _candidates(
            scan, excluded=excluded, known=known_words, initials=initials
        ):
            counts[found] += 1
            examples.setdefault(found, _context(text, start, end))
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))
    return tuple(Leftover(found, count, examples[found]) for found, count in ordered)


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


def _phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({unicodedata.normalize("NFC", p) for p in phrases}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(phrase) for phrase in ordered)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def _candidates(
    text: str, *, excluded: frozenset[str], known: frozenset[str], initials: frozenset[str]
) -> Iterator[tuple[str, int, int]]:
    """Yield (what, start, end) for each stretch of `text` that looks like a name."""
    run: list[tuple[str, int, int]] = []  # the current run of capitalised words
    run_has_name = run_at_start = False
    previous_end, previous_title = 0, False

    def finish() -> Iterator[tuple[str, int, int]]:
        # One capitalised word opening a sentence is most likely just that.
        if run_has_name and (len(run) >= 2 or not run_at_start):
            yield " ".join(word for word, _, _ in run), run[0][1], run[-1][2]

    for match in _WORD.finditer(text):
        start = match.start()
        word = _POSSESSIVE.sub("", match.group())
        end = start + len(word)
        gap = text[previous_end:start]
        joined = bool(run) and (
            _SPACES.fullmatch(gap) is not None
            or (previous_title and _TITLE_STOP.fullmatch(gap) is not None)
        )
        # The full stop of "Dr." ends no sentence.
        at_start = not previous_end or (
            any(mark in gap for mark in ".!?:\n•") and not (previous_title and gap.strip() == ".")
        )
        folded = word.casefold()
        title = folded in HONORIFICS
        name_like = word[:1].isupper() and not word.isupper() and folded not in excluded
        name_like = name_like and not title and not _CONTRACTION.search(word)
        if not joined or not name_like:
            yield from finish()
            run, run_has_name, run_at_start = [], False, at_start
        if name_like or title:
            run.append((word, start, end))
            run_has_name = run_has_name or name_like
        elif word in initials and folded not in known:
            yield word, start, end
        previous_end, previous_title = end, title
    yield from finish()


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    """Return about `width` characters of `text` around a span, on one line."""
    margin = max(0, (width - (end - start)) // 2)
    left, right = max(0, start - margin), min(len(text), end + margin)
    snippet = " ".join(text[left:right].split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")
