"""Make user text safe to print: no control characters, no markup, lines that fit a width.

Every string in a session report was typed by someone. Before it reaches ReportLab it loses
its control characters (which upset the markup parser), lone surrogates (which cannot be
encoded) and, for Paragraph markup, its power to be markup at all.
"""

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from facilitator.domain.text import strip_controls

ELLIPSIS = "…"

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Unicode's own line and paragraph separators (and NEL, before it is stripped as a control).
_LINE_BREAKS = re.compile(r"[\u2028\u2029\x85]")


def clean(text: str) -> str:
    """Return user text without control characters, with plain newlines and no tabs.

    A lone surrogate (from a badly decoded file) cannot be written to a PDF at all: it
    becomes the replacement character.
    """
    text = strip_controls(_LINE_BREAKS.sub("\n", text or "")).replace("\t", " ")
    return _SURROGATE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """Return user text cleaned and folded onto one line."""
    return " ".join(clean(text).split())


def clip(text: str, limit: int) -> str:
    """Return one line of text no longer than `limit` characters, ending in an ellipsis if cut."""
    text = one_line(text)
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}{ELLIPSIS}"


def markup(text: str, *, limit: int | None = None) -> str:
    """Return user text as Paragraph markup that prints literally, keeping its line breaks."""
    text = clean(text).strip()
    if limit is not None and len(text) > limit:
        text = f"{text[: limit - 1].rstrip()}{ELLIPSIS}"
    return escape(text).replace("\n", "<br/>")


@lru_cache(maxsize=1024)
def fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten one line of text with an ellipsis until it fits the width."""
    text = one_line(text)
    if stringWidth(text, font, size) <= width:
        return text
    # The longest prefix that fits with its ellipsis, found by halving.
    low, high = 0, min(len(text), int(width / (size * 0.2)) + 1)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(f"{text[:middle]}{ELLIPSIS}", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return f"{text[:low].rstrip()}{ELLIPSIS}"


@lru_cache(maxsize=4096)
def _char_width(char: str, font: str, size: float) -> float:
    return stringWidth(char, font, size)


# Words repeat a great deal across a day's notes, and measuring one is not cheap.
_word_width = lru_cache(maxsize=65536)(stringWidth)


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Cut a word too wide for the line into pieces that fit, character by character."""
    pieces: list[str] = []
    start = 0
    used = 0.0
    for index, char in enumerate(word):
        char_width = _char_width(char, font, size)
        if used + char_width > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += char_width
    pieces.append(word[start:])
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Return user text as lines that fit the width; blank lines between paragraphs are kept.

    Used for table cells, where a plain string per line is far cheaper to lay out than a
    Paragraph, and where a long note must be cut into pieces no taller than a page.
    """
    lines: list[str] = []
    space = _char_width(" ", font, size)
    for paragraph in clean(text).strip().split("\n"):
        words = paragraph.split()
        if not words:
            if lines and lines[-1]:
                lines.append("")
            continue
        current: list[str] = []
        used = 0.0
        for word in words:
            word_width = _word_width(word, font, size)
            if word_width > width:
                pieces = _break_word(word, font, size, width)
                if current:
                    lines.append(" ".join(current))
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], _word_width(pieces[-1], font, size)
                continue
            if current and used + space + word_width > width:
                lines.append(" ".join(current))
                current, used = [word], word_width
            else:
                used += (space if current else 0.0) + word_width
                current.append(word)
        lines.append(" ".join(current))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def wrap_capped(text: str, font: str, size: float, width: float, max_lines: int) -> str:
    """Return text wrapped to the width as one string, cut after `max_lines` lines."""
    lines = wrap(text, font, size, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(f"{lines[-1]} {ELLIPSIS}", font, size, width)
    return "\n".join(lines)
