"""The cover: the session in a band of colour, its facts, and the confidentiality marking."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepInFrame, Paragraph, Spacer, Table

from facilitator.domain.report import SessionReport
from facilitator.reports.report_styles import (
    ACCENT,
    ACCENT_PALE,
    CONFIDENTIAL,
    CONFIDENTIAL_FILL,
    FRAME_WIDTH,
    GRID,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIDE_MARGIN,
    fonts,
    styles,
)
from facilitator.reports.report_text import markup

# The cover is one page whatever it is given: long fields are cut.
_TITLE_LIMIT = 120
_FIELD_LIMIT = 100
_MARKING_LIMIT = 320
_BAND_BOTTOM = 22 * mm
_BAND_PADDING = 5 * mm


class _TitleBand(Flowable):
    """Paragraphs set on a band of the accent colour that runs to the page's top and sides."""

    def __init__(self, paragraphs: list[Paragraph], *, below: float) -> None:
        super().__init__()
        self._paragraphs = paragraphs
        self._below = below
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._heights = [
            paragraph.wrap(availWidth, availHeight)[1] + paragraph.style.spaceBefore
            for paragraph in self._paragraphs
        ]
        self.width = availWidth
        self.height = sum(self._heights) + self._below
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        _, bottom = canvas.absolutePosition(0, 0)
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        left, _ = canvas.absolutePosition(0, 0)
        canvas.rect(-left, 0, PAGE_WIDTH, PAGE_HEIGHT - bottom, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height
        for paragraph, height in zip(self._paragraphs, self._heights, strict=True):
            y -= height
            paragraph.drawOn(canvas, 0, y)


def _people(count: int) -> str:
    if count <= 0:
        return "Not recorded"
    return "1 person" if count == 1 else f"{count} people"


def _facts_table(report: SessionReport) -> Table:
    style = styles()
    facts = [
        ("Date", report.date_text or "Undated"),
        ("Time", report.time_text),
        ("Venue", report.venue),
        ("Session", report.kind_label),
        ("Facilitators", report.facilitators),
        ("Attending", _people(report.attendee_count)),
        ("Names", report.names.label),
        ("Prepared by", report.prepared_by),
    ]
    cells = [
        [
            Paragraph(label.upper(), style["cover_label"]),
            Paragraph(markup(value, limit=_FIELD_LIMIT), style["cover_value"]),
        ]
        for label, value in facts
        if value.strip()
    ]
    # Two facts to a row, read across.
    rows = []
    for index in range(0, len(cells), 2):
        pair = cells[index : index + 2]
        rows.append(pair[0] + (pair[1] if len(pair) > 1 else ["", ""]))
    half = FRAME_WIDTH / 2
    return Table(
        rows,
        colWidths=[26 * mm, half - 26 * mm, 26 * mm, half - 26 * mm],
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
        ],
    )


def _key_figures(report: SessionReport) -> Table:
    """Return the day in four numbers, for the reader who reads only the cover."""
    style = styles()
    agreements = sum(1 for action in report.actions if action.is_agreement)
    figures = (
        (len(report.captures), "capture", "captures"),
        (len(report.conflicts), "conflict in the log", "conflicts in the log"),
        (len(report.actions) - agreements, "action", "actions"),
        (agreements, "agreement", "agreements"),
    )
    cells = [
        [
            Paragraph(str(count), style["cover_figure"]),
            Paragraph(one if count == 1 else many, style["cover_label"]),
        ]
        for count, one, many in figures
    ]
    return Table(
        [cells],
        colWidths=[FRAME_WIDTH / 4] * 4,
        hAlign="LEFT",
        style=[
            ("FONTNAME", (0, 0), (-1, -1), fonts().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ("BACKGROUND", (0, 0), (-1, -1), ACCENT_PALE),
            ("LINEBEFORE", (1, 0), (-1, -1), 2, colors.white),
        ],
    )


def cover_story(report: SessionReport) -> list[Flowable]:
    """Return the flowables of the cover page."""
    style = styles()
    band = [Paragraph("SESSION REPORT", style["cover_kicker"])]
    band.append(
        Paragraph(
            markup(report.session, limit=_TITLE_LIMIT) or "Untitled session", style["cover_title"]
        )
    )
    programme = markup(report.programme, limit=_FIELD_LIMIT)
    if report.client_system.strip():
        client = markup(report.client_system, limit=_FIELD_LIMIT)
        programme = f"{programme} · {client}" if programme else client
    if programme:
        band.append(Paragraph(programme, style["cover_programme"]))
    if report.module.strip():
        band.append(Paragraph(markup(report.module, limit=_FIELD_LIMIT), style["cover_module"]))
    # Very long facts shrink to fit rather than push the cover onto a second page.
    facts = KeepInFrame(
        0, 0, [_facts_table(report), Spacer(0, 12 * mm), _key_figures(report)], mode="shrink"
    )
    return [_TitleBand(band, below=14 * mm), Spacer(0, 14 * mm), facts]


class CoverMarking:
    """The confidentiality band at the foot of the cover, painted with the page.

    Its height is known before the page is laid out, so the cover's frame can stop above it.
    """

    def __init__(self, confidentiality: str) -> None:
        style = styles()
        marking = markup(confidentiality, limit=_MARKING_LIMIT) or (
            "Confidential: for the participants of this programme only."
        )
        self._head = Paragraph("CONFIDENTIAL", style["confidential_head"])
        self._text = Paragraph(marking, style["confidential"])
        inner = FRAME_WIDTH - 2 * _BAND_PADDING - 3
        self._head_height = self._head.wrap(inner, PAGE_HEIGHT)[1]
        self._text_height = self._text.wrap(inner, PAGE_HEIGHT)[1]
        self.height = self._head_height + self._text_height + 2 * _BAND_PADDING + 2
        self.top = _BAND_BOTTOM + self.height

    def __call__(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(CONFIDENTIAL_FILL)
        canvas.rect(SIDE_MARGIN, _BAND_BOTTOM, FRAME_WIDTH, self.height, stroke=0, fill=1)
        canvas.setFillColor(CONFIDENTIAL)
        canvas.rect(SIDE_MARGIN, _BAND_BOTTOM, 3, self.height, stroke=0, fill=1)
        x = SIDE_MARGIN + 3 + _BAND_PADDING
        top = self.top - _BAND_PADDING
        self._head.drawOn(canvas, x, top - self._head_height)
        self._text.drawOn(canvas, x, top - self._head_height - 2 - self._text_height)
        canvas.restoreState()


# The programme report's cover is built from the same band.
TitleBand = _TitleBand
