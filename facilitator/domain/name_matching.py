"""Finding one person's name in free text: to erase it, or to find what mentions them.

The matching is the reports' own (see `pseudonyms`), so that what a report would hide is
what erasure removes and an access request finds: whole words only, in any case, with or
without accents, any style of apostrophe, hyphen or spacing, a title in front ("Dr Helen")
taken along, a possessive's "'s" left standing. The terms are the full name (and "Mary
Smith" for Mary Anne Smith), each part of it, and capitalised initials ("HM"), unless
initials are far more often an acronym ("GP", "IT").

It is greedy in the same way: a name part that is also an everyday word ("Will", "Rose")
matches wherever it stands as a word. Other people's full names can be named as `keep`:
"Helen Jones" then stays whole while Helen Marchbank's "Helen" is matched everywhere else.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence

# The matching itself lives in pseudonyms; these are its building blocks, shared rather than
# copied so the two never drift apart.
from facilitator.domain.pseudonyms import (
    ACRONYMS,
    HONORIFIC_PREFIX,
    alternation,
    capitalised,
    is_mark,
    match_key,
    name_terms,
    sentence_start,
)

# Paragraphs are separated by a blank line; a single line break stays inside a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class NameMatcher:
    """Match the names in `names` in free text, and replace them with `replacement`.

    With `full_only`, only full names match (not "Helen" alone, nor "HM"). With
    `spare_shared`, a part or initials that a `keep` name shares ("Helen" of Helen Jones) is
    not matched; otherwise it is, greedily.
    """

    def __init__(
        self,
        names: Iterable[str],
        *,
        replacement: str,
        keep: Iterable[str] = (),
        literals: Iterable[str] = (),
        full_only: bool = False,
        spare_shared: bool = False,
    ) -> None:
        self.replacement = replacement
        matched: dict[str, str] = {}  # name key -> one spelling
        initials: set[str] = set()
        for name in names:
            full, parts, letters = name_terms(name)
            for term in full if full_only else full | parts:
                matched.setdefault(match_key(term), term)
            if not full_only:
                initials |= {i for i in letters if i not in ACRONYMS}
        kept: dict[str, str] = {}
        kept_initials: set[str] = set()
        for name in keep:
            full, parts, letters = name_terms(name)
            for term in full:
                kept.setdefault(match_key(term), term)
            if spare_shared:
                for term in parts:
                    kept.setdefault(match_key(term), term)
                kept_initials |= letters
        if spare_shared:
            matched = {key: term for key, term in matched.items() if key not in kept}
            initials -= kept_initials
        else:  # greedy: a term of the person's own is theirs, even if another shares it
            kept = {key: term for key, term in kept.items() if key not in matched}
        self._matched = frozenset(matched)
        self._initials = frozenset(initials)
        branches = []
        # A contact written out ("helen.m@nhs.net") goes whole, before its name part can match.
        literal_terms = sorted({t.strip() for t in literals if len(t.strip()) >= 5}, key=len)
        if literal_terms:
            escaped = "|".join(re.escape(term) for term in reversed(literal_terms))
            branches.append(rf"(?P<literal>{escaped})")
        if matched or kept:
            # One pattern for both, so the longest name wins: "Helen Jones-Smith" is not
            # "Helen Jones" followed by something else.
            names_pattern = alternation([*matched.values(), *kept.values()])
            branches.append(rf"(?P<name>{HONORIFIC_PREFIX}(?P<core>{names_pattern}))")
        if initials:
            capitals = "|".join(sorted(initials, key=lambda i: (-len(i), i)))
            branches.append(rf"(?P<initials>(?-i:{capitals}))")
        self._pattern = (
            re.compile(rf"(?<![^\W_])(?:{'|'.join(branches)})(?![^\W_])", re.IGNORECASE)
            if matched or initials or literal_terms
            else None
        )

    def replace(self, text: str) -> tuple[str, int]:
        """Return `text` with every match replaced, and how many there were.

        Text with no match comes back exactly as it was (not even normalised).
        """
        if self._pattern is None or not text:
            return text, 0
        normal = unicodedata.normalize("NFC", text)
        count = 0

        def substitute(match: re.Match[str]) -> str:
            nonlocal count
            if not self._is_match(match, normal):
                return match.group()
            count += 1
            replacement = self.replacement
            if replacement[:1].islower() and sentence_start(normal, match.start()):
                replacement = capitalised(replacement)
            return replacement

        replaced = self._pattern.sub(substitute, normal)
        return (replaced, count) if count else (text, 0)

    def mentions(self, text: str) -> bool:
        """True if `text` names the person (as `replace` would find them)."""
        if self._pattern is None or not text:
            return False
        normal = unicodedata.normalize("NFC", text)
        return any(self._is_match(m, normal) for m in self._pattern.finditer(normal))

    def paragraphs_mentioning(self, text: str) -> tuple[str, ...]:
        """Return the paragraphs of `text` that name the person, trimmed."""
        return tuple(
            paragraph.strip()
            for paragraph in _PARAGRAPH_BREAK.split(text)
            if self.mentions(paragraph)
        )

    def _is_match(self, match: re.Match[str], text: str) -> bool:
        start, end = match.span()
        # A combining mark is not a word character to `re`, but it continues the word.
        if (start and is_mark(text[start - 1])) or (end < len(text) and is_mark(text[end])):
            return False
        if match.lastgroup == "name":
            return match_key(match.group("core")) in self._matched  # else a kept name: left whole
        return True


def replace_in_json(value: object, matcher: NameMatcher) -> tuple[object, int]:
    """Return a JSON value with the names in each of its strings replaced, and the count."""
    if isinstance(value, str):
        return matcher.replace(value)
    if isinstance(value, list):
        pairs = [replace_in_json(item, matcher) for item in value]
        return [item for item, _ in pairs], sum(count for _, count in pairs)
    if isinstance(value, dict):
        total, out = 0, {}
        for key, item in value.items():
            out[key], count = replace_in_json(item, matcher)
            total += count
        return out, total
    return value, 0


def strings_in_json(value: object) -> Sequence[str]:
    """Return every string inside a JSON value, in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in strings_in_json(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in_json(item)]
    return []
