"""What a person types into the search box, made into a safe full-text query, and the results.

Every word is quoted, so nothing typed is read as query syntax: quotes, stars, hyphens,
colons, brackets and the words AND, OR, NOT and NEAR are all plain text. All words must
match; a "double-quoted phrase" must match as it stands; the last word, as it is still being
typed, also matches longer words that start with it.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

# A prefix of one letter matches a large part of the index's words: too slow to be useful.
MIN_PREFIX = 2
# The marks the index puts round matched words in a snippet: control characters, which
# are taken out of what was typed and out of the stored text shown.
MATCH_START = "\x02"
MATCH_END = "\x03"


class HitKind(StrEnum):
    """The kinds of record a search finds."""

    CAPTURE = "capture"
    NARRATIVE = "narrative"
    CONFLICT = "conflict"
    ACTION = "action"
    AGENDA_ITEM = "agenda_item"


HIT_KIND_NAMES = {
    HitKind.CAPTURE: "Capture",
    HitKind.NARRATIVE: "Narrative",
    HitKind.CONFLICT: "Conflict",
    HitKind.ACTION: "Action",
    HitKind.AGENDA_ITEM: "Agenda item",
}


def _is_word_character(character: str) -> bool:
    # The index's tokenizer (unicode61) keeps letters, numbers and private-use characters
    # together and treats everything else, emoji and punctuation included, as a separator.
    category = unicodedata.category(character)
    return category[0] in "LN" or category == "Co"


def words_of(text: str) -> list[str]:
    """Split text into the words the index knows, dropping everything between them."""
    words: list[str] = []
    current: list[str] = []
    for character in unicodedata.normalize("NFC", text):
        if _is_word_character(character):
            current.append(character)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One part of a query: a single word or a phrase of words in order."""

    words: tuple[str, ...]
    prefix: bool = False

    def as_fts(self) -> str:
        """Return the term in FTS5 syntax: one quoted string, starred if it is a prefix."""
        quoted = '"' + " ".join(self.words) + '"'
        return quoted + "*" if self.prefix else quoted


def parse_query(text: str) -> tuple[SearchTerm, ...]:
    """Return the terms a person's search text asks for (none for blank or wordless text)."""
    terms: list[SearchTerm] = []
    # Between each pair of double quotes is a phrase; an unclosed quote runs to the end.
    for position, part in enumerate(text.split('"')):
        words = words_of(part)
        if not words:
            continue
        if position % 2:
            terms.append(SearchTerm(tuple(words)))
        else:
            terms.extend(SearchTerm((word,)) for word in words)
    ends_with_phrase = text.rstrip().endswith('"') and text.count('"') % 2 == 0
    if terms and not ends_with_phrase and len(terms[-1].words[-1]) >= MIN_PREFIX:
        terms[-1] = SearchTerm(terms[-1].words, prefix=True)
    return tuple(terms)


def fts_query(text: str) -> str | None:
    """Return the FTS5 MATCH expression for a person's search text, or None if it has no
    words to look for."""
    terms = parse_query(text)
    if not terms:
        return None
    return " AND ".join(term.as_fts() for term in terms)


# How much better a match ranks when its words are together: bm25 alone counts words, not
# where they are. Scores are negative (lower is better), so a boost multiplies them.
PHRASE_BOOST = 2.0
NEAR_BOOST = 1.5
NEAR_WORDS = 8


def closeness_queries(text: str) -> tuple[tuple[str, float], ...]:
    """Return FTS5 expressions, each with its boost, for matches whose words are close:
    all of them as one phrase, and all within a few words of each other."""
    terms = parse_query(text)
    if len(terms) < 2:
        return ()
    words = tuple(word for term in terms for word in term.words)
    phrase = SearchTerm(words, prefix=terms[-1].prefix).as_fts()
    near = f"NEAR({' '.join(term.as_fts() for term in terms)}, {NEAR_WORDS})"
    return ((phrase, PHRASE_BOOST), (near, NEAR_BOOST))


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A piece of a snippet: text, and whether it is a matched word."""

    text: str
    matched: bool


def snippet_parts(marked: str) -> tuple[SnippetPart, ...]:
    """Split a snippet marked with MATCH_START and MATCH_END into plain and matched parts."""
    parts: list[SnippetPart] = []
    matched = False
    current: list[str] = []
    for character in marked:
        if character in (MATCH_START, MATCH_END):
            if current:
                parts.append(SnippetPart("".join(current), matched))
                current = []
            matched = character == MATCH_START
        elif unicodedata.category(character) != "Cc" or character in "\t":
            current.append(" " if character == "\t" else character)
        else:
            current.append(" ")
    if current:
        parts.append(SnippetPart("".join(current), matched))
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One record found, with what is needed to open it where it lives."""

    kind: HitKind
    record_id: int  # the observation, narrative section, conflict, action or agenda item
    programme_id: int
    session_id: int | None
    snippet: tuple[SnippetPart, ...]
    score: float  # bm25: lower is a better match
    capture_number: int | None = None
    occurred_at: datetime | None = None  # when a capture was taken (UTC)
    capture_time: time | None = None  # its clock time in the session's time zone
    section: str | None = None  # a narrative section's key

    @property
    def snippet_text(self) -> str:
        return "".join(part.text for part in self.snippet)


@dataclass(frozen=True, slots=True)
class SessionHits:
    """The hits in one session (or, with no session id, in a programme outside any)."""

    session_id: int | None
    title: str
    date: date | None
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeHits:
    """The hits in one programme, by session, the session with the best hit first."""

    programme_id: int
    title: str
    sessions: tuple[SessionHits, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found, grouped by programme and session, the best match first."""

    text: str
    programmes: tuple[ProgrammeHits, ...] = ()
    # More records matched than were ranked or shown: the list holds the best of them.
    truncated: bool = False

    @property
    def count(self) -> int:
        return sum(len(s.hits) for p in self.programmes for s in p.sessions)

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return tuple(h for p in self.programmes for s in p.sessions for h in s.hits)
