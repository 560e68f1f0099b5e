"""Build a report's PDF: A4, the fonts embedded, metadata, a cover and numbered pages."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from facilitator.reports.report_cover import CoverMarking
from facilitator.reports.report_page import PageTotal, ReportDocument, RunningText, page_templates
from facilitator.reports.report_styles import BOTTOM_MARGIN, SIDE_MARGIN, TOP_MARGIN, fonts


def build_report(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    confidentiality: str,
    running: RunningText,
) -> bytes:
    """Return the PDF of `story`: a cover marked with `confidentiality`, then pages with
    the running header and footer and "Page N of M"."""
    buffer = io.BytesIO()
    document = ReportDocument(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=subject,
        creator="Facilitator",
        lang="en-GB",
        # Otherwise every page names Helvetica as its starting font, used or not.
        initialFontName=fonts().regular,
    )
    pages = PageTotal()
    marking = CoverMarking(confidentiality)
    document.addPageTemplates(
        page_templates(marking, cover_bottom=marking.top + 10 * mm, running=running, pages=pages)
    )
    document.multiBuild([pages, *story])
    return buffer.getvalue()
