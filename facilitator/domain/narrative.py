"""The light markup a leadership associate types for a report's narrative.

Blank lines separate paragraphs; lines starting "- ", "* " or "•" are bullets; `**bold**`,
`*italic*` and `_italic_` style text; `[#12]` cites capture 12. Anything that does not
parse prints as typed: a narrative is never refused for its markup.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from facilitator.domain.report import Block, TextRun
from facilitator.domain.text import strip_controls

# "[#12]", "[# 12]", "[#12, #15]", "[#12; 15]". Nine digits at most: longer runs are not
# capture numbers, and int() refuses strings of thousands of digits.
_CITATION = re.compile(r"\[\s*#\s*\d{1,9}(?:\s*[,;]\s*#?\s*\d{1,9})*\s*\]")
_NUMBER = re.compile(r"\d+")
_DELIMITERS = re.compile(r"\*+|_+")
_BULLET = re.compile(r"(?:[-*](?:\s+|$)|•\s*)(.*)", re.DOTALL)

_BOLD = "bold"
_ITALIC = "italic"


def parse(text: str) -> tuple[Block, ...]:
    """Return the paragraphs and bullets of a narrative, with their styled runs."""
    blocks: list[Block] = []
    for is_bullet, content in _block_texts(strip_controls(text)):
        runs = _inline(content)
        if runs:
            blocks.append(Block(runs=runs, bullet=is_bullet))
    return tuple(blocks)


def citations(text: str) -> tuple[int, ...]:
    """Return the capture numbers a narrative cites, each once, in the order first cited."""
    seen: dict[int, None] = {}
    for match in _CITATION.finditer(text):
        for number in _NUMBER.findall(match.group()):
            seen.setdefault(int(number), None)
    return tuple(seen)


def plain_text(blocks: Iterable[Block]) -> str:
    """Return blocks as unstyled text, one line each, for previews and searching."""
    lines = []
    for block in blocks:
        line = "".join(run.text if run.citation is None else f"[{run.text}]" for run in block.runs)
        lines.append(f"• {line}" if block.bullet else line)
    return "\n".join(lines)


def _block_texts(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_bullet, joined lines) pairs, one per paragraph or bullet."""
    found: list[tuple[bool, str]] = []
    current: list[str] = []
    is_bullet = False

    def flush() -> None:
        if current:
            found.append((is_bullet, " ".join(part for part in current if part)))
        current.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        bullet = _BULLET.fullmatch(line)
        if bullet:
            flush()
            is_bullet = True
            current.append(bullet.group(1))
        elif current:
            # A line straight after a paragraph or bullet continues it, indented or not.
            current.append(line)
        else:
            is_bullet = False
            current.append(line)
    flush()
    return found


@dataclass(slots=True)
class _Delimiter:
    """A run of `*` or `_`, and what matching made of it."""

    char: str
    remaining: int
    can_open: bool
    can_close: bool
    closes: list[str] = field(default_factory=list)
    opens: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Citation:
    numbers: tuple[int, ...]


type _Token = str | _Delimiter | _Citation


def _inline(text: str) -> tuple[TextRun, ...]:
    """Return the styled runs of one block's text."""
    tokens = _tokens(text)
    _match_delimiters(tokens)
    runs: list[TextRun] = []
    depth = {_BOLD: 0, _ITALIC: 0}

    def emit(piece: str, citation: int | None = None) -> None:
        if not piece:
            return
        run = TextRun(piece, bold=depth[_BOLD] > 0, italic=depth[_ITALIC] > 0, citation=citation)
        last = runs[-1] if runs else None
        if (
            last is not None
            and citation is None
            and last.citation is None
            and (last.bold, last.italic) == (run.bold, run.italic)
        ):
            runs[-1] = TextRun(last.text + piece, bold=run.bold, italic=run.italic)
        else:
            runs.append(run)

    for token in tokens:
        if isinstance(token, str):
            emit(token)
        elif isinstance(token, _Citation):
            for number in token.numbers:
                emit(f"#{number}", number)
        else:
            for style in token.closes:
                depth[style] -= 1
            emit(token.char * token.remaining)  # what no partner used prints as typed
            for style in token.opens:
                depth[style] += 1
    return tuple(runs)


def _tokens(text: str) -> list[_Token]:
    """Split text into plain pieces, citations and delimiter runs."""
    tokens: list[_Token] = []
    position = 0
    for citation in _CITATION.finditer(text):
        _plain_and_delimiters(text, position, citation.start(), tokens)
        numbers = tuple(int(n) for n in _NUMBER.findall(citation.group()))
        tokens.append(_Citation(numbers))
        position = citation.end()
    _plain_and_delimiters(text, position, len(text), tokens)
    return tokens


def _plain_and_delimiters(text: str, start: int, end: int, tokens: list[_Token]) -> None:
    position = start
    for run in _DELIMITERS.finditer(text, start, end):
        if run.start() > position:
            tokens.append(text[position : run.start()])
        before = text[run.start() - 1] if run.start() > 0 else None
        after = text[run.end()] if run.end() < len(text) else None
        tokens.append(_delimiter(run.group(), before, after))
        position = run.end()
    if end > position:
        tokens.append(text[position:end])


def _delimiter(run: str, before: str | None, after: str | None) -> _Delimiter:
    """Return a delimiter run, with CommonMark's rules for whether it may open or close."""
    left = after is not None and not after.isspace()
    left = left and (not _punctuation(after) or before is None or _space_or_punctuation(before))
    right = before is not None and not before.isspace()
    right = right and (not _punctuation(before) or after is None or _space_or_punctuation(after))
    if run[0] == "*":
        return _Delimiter("*", len(run), can_open=left, can_close=right)
    # An underscore inside a word (snake_case, file_names) never styles anything.
    can_open = left and (not right or _punctuation(before))
    can_close = right and (not left or _punctuation(after))
    return _Delimiter("_", len(run), can_open=can_open, can_close=can_close)


def _punctuation(ch: str | None) -> bool:
    return ch is not None and unicodedata.category(ch)[0] in "PS"


def _space_or_punctuation(ch: str) -> bool:
    return ch.isspace() or _punctuation(ch)


def _match_delimiters(tokens: list[_Token]) -> None:
    """Pair openers with closers, recording on each run the styles it opens and closes.

    A simplified form of CommonMark's emphasis algorithm: a closer takes the nearest opener
    of its own character, two characters a side make bold and one makes italic, and any
    opener of the other character left between them stays literal. One stack per character
    keeps this linear however the text is written.
    """
    stacks: dict[str, list[_Delimiter]] = {"*": [], "_": []}
    positions: dict[int, int] = {}  # id(delimiter) -> token index, to find what lies between
    for index, token in enumerate(tokens):
        if not isinstance(token, _Delimiter):
            continue
        positions[id(token)] = index
        stack = stacks[token.char]
        other = stacks["_" if token.char == "*" else "*"]
        while token.can_close and token.remaining and stack:
            opener = stack[-1]
            while other and positions[id(other[-1])] > positions[id(opener)]:
                other.pop()
            used = 2 if opener.remaining >= 2 and token.remaining >= 2 else 1
            style = _BOLD if used == 2 else _ITALIC
            opener.remaining -= used
            token.remaining -= used
            opener.opens.append(style)
            token.closes.append(style)
            if not opener.remaining:
                stack.pop()
        if token.can_open and token.remaining:
            stack.append(token)


def renumber_citations(text: str, numbers: dict[int, int]) -> str:
    """Return `text` with every cited capture number changed as `numbers` says (old → new).

    Numbers not in `numbers` stay as they are; nothing outside citations is touched.
    """
    if not numbers:
        return text

    def one(number: re.Match[str]) -> str:
        old = int(number[0])
        return str(numbers[old]) if old in numbers else number[0]

    def renumber(match: re.Match[str]) -> str:
        return _NUMBER.sub(one, match[0])

    return _CITATION.sub(renumber, text)
