"""The written narrative: summary, observations, the five factors, recommendations, next steps.

Markup is built only from the structure of the runs (bold, italic, citation); every piece of
text inside it is escaped. A citation prints as the cited capture's time and agenda item and
links to that capture's row in the appendix.
"""

import re
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from facilitator.domain.narrative_sections import SECTIONS, THEMES_TITLE
from facilitator.domain.report import Block, NarrativePart, SessionReport, TextRun
from facilitator.reports.report_page import Heading, capture_key
from facilitator.reports.report_styles import MUTED, styles
from facilitator.reports.report_text import clean, one_line

_SPACE_BEFORE_STOP = re.compile(r"[ \u00a0]+([.,;:!?)])")
_ORDER = {section.key: index for index, section in enumerate(SECTIONS)}
_FACTOR_KEYS = frozenset(section.key for section in SECTIONS if section.factor)
_CITATION = f'<font size="7.5" color="{MUTED.hexval().replace("0x", "#")}">{{}}</font>'


def _has_text(part: NarrativePart) -> bool:
    return any(run.text.strip() or run.citation is not None for b in part.blocks for run in b.runs)


def _text(run: TextRun) -> str:
    text = escape(clean(run.text)).replace("\n", "<br/>")
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    return text


def _citation(number: int, report: SessionReport, linkable: frozenset[int]) -> str:
    capture = report.cited(number)
    if capture is None:
        return _CITATION.format(f"(capture #{number} not found)")
    shown = _CITATION.format(f"({escape(one_line(capture.citation))})")
    if capture.number in linkable:
        return f'<a href="#{capture_key(capture.number)}">{shown}</a>'
    return shown


def block_markup(block: Block, report: SessionReport, linkable: frozenset[int]) -> str:
    """Return one block's runs as Paragraph markup."""
    pieces: list[str] = []
    for run in block.runs:
        if run.citation is not None:
            if pieces and not pieces[-1].endswith((" ", "(")):
                pieces.append(" ")
            pieces.append(_citation(run.citation, report, linkable))
        elif run.text:
            pieces.append(_text(run))
    return "".join(pieces).strip()


def block_text(block: Block) -> str:
    """Return one block's runs as Paragraph markup, leaving out any citations."""
    text = "".join(_text(run) for run in block.runs if run.citation is None and run.text)
    # A citation left out leaves its space behind: "the risk [#12]." would read "the risk ."
    return _SPACE_BEFORE_STOP.sub(r"\1", text).strip()


def _part(
    part: NarrativePart, report: SessionReport, linkable: frozenset[int], *, level: int, key: str
) -> list[Flowable]:
    style = styles()
    title = part.title.strip() or "Untitled part"
    story: list[Flowable] = [Heading(title, level=level, key=key)]
    for block in part.blocks:
        text = block_markup(block, report, linkable)
        if not text:
            continue
        if block.bullet:
            story.append(Paragraph(text, style["bullet"], bulletText="•"))
        else:
            story.append(Paragraph(text, style["body"]))
    return story


def narrative_story(report: SessionReport) -> list[Flowable]:
    """Return the narrative parts in order, the five factors grouped under one heading."""
    parts = [part for part in report.narrative if _has_text(part)]
    if not parts:
        return [
            Heading("Summary", level=0, key="narrative-summary"),
            Paragraph(
                "The narrative for this session has not been written yet.", styles()["muted"]
            ),
        ]
    parts.sort(key=lambda part: _ORDER.get(part.key, len(_ORDER)))
    linkable = frozenset(capture.number for capture in report.captures)
    story: list[Flowable] = []
    themes_started = False
    for index, part in enumerate(parts):
        key = f"narrative-{index}"
        if part.key in _FACTOR_KEYS:
            if not themes_started:
                story.append(Heading(THEMES_TITLE, level=0, key="narrative-themes"))
                themes_started = True
            story.extend(_part(part, report, linkable, level=1, key=key))
        else:
            story.extend(_part(part, report, linkable, level=0, key=key))
    return story
