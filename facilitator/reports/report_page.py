"""The report's pages: the document template, running header and footer, headings, contents.

Headings announce themselves to the document as they are placed, which gives the contents
page its entries and page numbers (over two passes of `multiBuild`) and the PDF its outline.
Each footer says "Page N of M", M being counted by the pass before.
"""

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from facilitator.reports.report_styles import (
    ACCENT,
    BOTTOM_MARGIN,
    CONFIDENTIAL,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SIDE_MARGIN,
    fonts,
    styles,
)
from facilitator.reports.report_text import clip, fit

COVER = "cover"
BODY = "body"
# A heading is a line or two, never a page: longer ones are cut.
HEADING_LIMIT = 150


def capture_key(number: int) -> str:
    """Return the name of the link destination of one capture's row in the appendix."""
    return f"capture-{number}"


class Heading(Paragraph):
    """A section heading: listed in the contents and the PDF outline, with a link target."""

    def __init__(self, text: str, *, level: int, key: str, listed: bool = True) -> None:
        self.plain = clip(text, HEADING_LIMIT)
        self.level = level
        self.key = key
        self.listed = listed  # False: in the PDF outline only, not in the contents
        super().__init__(escape(self.plain), styles()[f"h{level + 1}"])

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # a heading is never split: it moves whole to the next page

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, self.height + 4)
        super().draw()
        if self.level == 0:
            # A short rule under each section title, the report's one flourish.
            self.canv.saveState()
            self.canv.setStrokeColor(ACCENT)
            self.canv.setLineWidth(1.6)
            self.canv.line(0, -5, 18 * mm, -5)
            self.canv.restoreState()


class ReportDocument(BaseDocTemplate):
    """A document that lists its headings in the contents and the outline as it lays them out.

    `multiBuild` lays the whole story out twice: the first pass only learns on which page
    each heading falls, and its canvas is thrown away. That pass's canvas is marked as a
    draft so that bulky flowables (the capture log) may skip drawing on it.
    """

    passes = 0
    _in_multi_build = False

    def multiBuild(self, *args: object, **kwargs: object) -> int:
        self._in_multi_build = True
        try:
            return super().multiBuild(*args, **kwargs)
        finally:
            self._in_multi_build = False

    def build(self, *args: object, **kwargs: object) -> None:
        self.passes += 1
        super().build(*args, **kwargs)

    def _makeCanvas(self, *args: object, **kwargs: object) -> Canvas:
        canvas = super()._makeCanvas(*args, **kwargs)
        # With at least one heading, the first pass can never be the last: the contents
        # had no entries before it and have some after it.
        canvas.draft = self._in_multi_build and self.passes == 1
        return canvas

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level)
            if flowable.listed:
                entry = (flowable.level, escape(flowable.plain), self.page, flowable.key)
                self.notify("TOCEntry", entry)


def contents() -> TableOfContents:
    """Return the contents list, set in the report's own type with dotted leaders."""
    table_style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts().regular),  # else Helvetica joins the PDF
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
    toc = TableOfContents(dotsMinLevel=0, rightColumnWidth=14 * mm, tableStyle=table_style)
    toc.levelStyles = [styles()["toc0"], styles()["toc1"]]
    return toc


@dataclass(frozen=True, slots=True)
class RunningText:
    """What the header and footer of every page after the cover say."""

    title: str  # programme · session
    marking: str  # the confidentiality marking
    date: str
    kind: str = "Session report"  # which document: the footer's first words


def _draw_running(canvas: Canvas, text: RunningText, number: int, total: int) -> None:
    face = fonts()
    size = 7.5
    right = PAGE_WIDTH - SIDE_MARGIN
    top = PAGE_HEIGHT - 13 * mm
    half = FRAME_WIDTH / 2 - 4 * mm
    canvas.saveState()
    canvas.setFont(face.regular, size)
    canvas.setFillColor(MUTED)
    canvas.drawString(SIDE_MARGIN, top, fit(text.title, face.regular, size, half))
    canvas.setFillColor(CONFIDENTIAL)
    canvas.setFont(face.bold, size)
    canvas.drawRightString(right, top, fit(text.marking, face.bold, size, half))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(SIDE_MARGIN, top - 2.5 * mm, right, top - 2.5 * mm)

    baseline = 12 * mm
    canvas.line(SIDE_MARGIN, baseline + 4 * mm, right, baseline + 4 * mm)
    canvas.setFillColor(MUTED)
    canvas.setFont(face.regular, size)
    page = f"Page {number} of {total}"
    canvas.drawRightString(right, baseline, page)
    room = FRAME_WIDTH - stringWidth(page, face.regular, size) - 10 * mm
    footer = text.kind + (f" · {text.date}" if text.date else "")
    canvas.drawString(SIDE_MARGIN, baseline, fit(footer, face.regular, size, room))
    canvas.restoreState()


class PageTotal(Flowable):
    """Takes no room; holds the page count, and has `multiBuild` go on until it is settled.

    Footers drawn in one pass use the count of the pass before. The pass that settles the
    contents has page numbers that match the pass before, so its count does too; this
    makes sure of it. (A canvas that holds pages back to count them would do it in one
    pass, but then every link and outline entry points at the first page.)
    """

    def __init__(self) -> None:
        super().__init__()
        self.total = 0  # pages in the last finished pass: what footers print
        self.counting = 0  # pages so far in this pass
        self._before = -1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass

    def isIndexing(self) -> int:
        return 1

    def beforeBuild(self) -> None:
        self.counting = 0

    def afterBuild(self) -> None:
        self._before, self.total = self.total, self.counting

    def isSatisfied(self) -> bool:
        return self.total == self._before

    def notify(self, kind: str, stuff: object) -> None:
        """Ignore the contents' entries, which every indexing flowable is told of."""


def body_painter(text: RunningText, pages: PageTotal) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Return the painter of every page after the cover: running header and footer."""

    def paint(canvas: Canvas, document: BaseDocTemplate) -> None:
        _draw_running(canvas, text, document.page, pages.total)

    return paint


def count_pages(pages: PageTotal) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Return a page-end hook that counts the pages of this pass."""

    def count(canvas: Canvas, document: BaseDocTemplate) -> None:
        pages.counting = document.page

    return count


def _frame(x: float, y: float, width: float, height: float, name: str) -> Frame:
    return Frame(
        x,
        y,
        width,
        height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )


def page_templates(
    cover_painter: Callable[[Canvas, BaseDocTemplate], None],
    *,
    cover_bottom: float,
    running: RunningText,
    pages: PageTotal,
) -> list[PageTemplate]:
    """Return the cover's page template and the body's, in that order.

    The cover's frame stops at `cover_bottom`, above what its painter draws at the foot.
    """
    cover_top = PAGE_HEIGHT - 22 * mm
    cover_frame = _frame(SIDE_MARGIN, cover_bottom, FRAME_WIDTH, cover_top - cover_bottom, "c")
    body_frame = _frame(SIDE_MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, FRAME_HEIGHT, "b")
    counter = count_pages(pages)
    return [
        PageTemplate(id=COVER, frames=[cover_frame], onPage=cover_painter, onPageEnd=counter),
        PageTemplate(
            id=BODY,
            frames=[body_frame],
            onPage=body_painter(running, pages),
            onPageEnd=counter,
        ),
    ]
