"""How a narrative section will read in the report, as simple HTML for a read-only preview.

The HTML is built only from the structure `narrative.parse` finds (paragraphs, bullets, bold,
italic, citations); every piece of user text inside it is escaped, so a note typed as
"<b>" shows as typed. Citations read as in the PDF: the cited capture's time and agenda item.
"""

import html
import re
from collections.abc import Mapping

from facilitator.domain import narrative
from facilitator.domain.report import Block, TextRun
from facilitator.domain.snapshots import SessionDetail
from facilitator.domain.timezones import zone

CITATION_COLOUR = "#5F6B7A"  # muted, as the report prints citations
MISSING_COLOUR = "#B00020"
_WORD = re.compile(r"\S+")
EMPTY_PREVIEW = "Nothing written yet. As you type, this shows the section as the report prints it."


def word_count(text: str) -> int:
    """Return how many words a section holds, leaving out markup and citations."""
    return sum(
        len(_WORD.findall(run.text))
        for block in narrative.parse(text)
        for run in block.runs
        if run.citation is None
    )


def citation_labels(detail: SessionDetail) -> dict[int, str]:
    """Return capture number → how a citation of it reads: '10:42, Mapping power'."""
    room = zone(detail.timezone)
    labels: dict[int, str] = {}
    for observation in detail.observations:
        if observation.number is None:
            continue
        clock = observation.occurred_at.astimezone(room).strftime("%H:%M")
        item = " ".join(observation.agenda_item_title.split())
        labels[observation.number] = f"{clock}, {item}" if item else clock
    return labels


def citation_text(number: int, labels: Mapping[int, str]) -> str:
    """Return a citation as the preview shows it, in plain text."""
    label = labels.get(number)
    return f"({label})" if label is not None else f"(capture #{number} not found)"


def preview_html(text: str, labels: Mapping[int, str]) -> str:
    """Return a section's text as HTML: paragraphs, lists and resolved citations."""
    blocks = narrative.parse(text)
    if not blocks:
        return f'<p style="color:{CITATION_COLOUR}"><i>{html.escape(EMPTY_PREVIEW)}</i></p>'
    parts: list[str] = []
    in_list = False
    for block in blocks:
        if block.bullet and not in_list:
            parts.append("<ul>")
        elif not block.bullet and in_list:
            parts.append("</ul>")
        in_list = block.bullet
        tag = "li" if block.bullet else "p"
        parts.append(f"<{tag}>{_block(block, labels)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def missing_citations(text: str, labels: Mapping[int, str]) -> tuple[int, ...]:
    """Return the capture numbers `text` cites that the session does not have."""
    return tuple(number for number in narrative.citations(text) if number not in labels)


def _block(block: Block, labels: Mapping[int, str]) -> str:
    pieces: list[str] = []
    for run in block.runs:
        if run.citation is not None:
            if pieces and not pieces[-1].endswith((" ", "(")):
                pieces.append(" ")
            pieces.append(_citation(run.citation, labels))
        elif run.text:
            pieces.append(_styled(run))
    return "".join(pieces).strip()


def _styled(run: TextRun) -> str:
    text = html.escape(run.text)
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    return text


def _citation(number: int, labels: Mapping[int, str]) -> str:
    shown = html.escape(citation_text(number, labels))
    if number in labels:
        return f'<span style="color:{CITATION_COLOUR}">{shown}</span>'
    return f'<span style="color:{MISSING_COLOUR}; font-weight:bold">{shown}</span>'
