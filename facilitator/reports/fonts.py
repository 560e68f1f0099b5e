"""The TrueType family every report is set in, so names such as Łucja, Ğ and ₹ print.

ReportLab's built-in Helvetica has no glyphs beyond Latin-1 and prints boxes for them;
DejaVu Sans ships in `resources/fonts/` and is embedded (as a subset) in every PDF.
"""

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from facilitator.resources import resource_path

FAMILY = "DejaVuSans"

# Style slot -> registered face name, which is also the face's file name in resources/fonts.
_FACES = {
    "normal": FAMILY,
    "bold": f"{FAMILY}-Bold",
    "italic": f"{FAMILY}-Oblique",
    "boldItalic": f"{FAMILY}-BoldOblique",
}

# Two reports made at once (on different threads) must not register half a family each.
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the report font family with ReportLab once and return its name."""
    global _registered
    with _lock:
        if not _registered:
            for name in _FACES.values():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
            # Maps <b> and <i> in Paragraph markup to the right face.
            pdfmetrics.registerFontFamily(FAMILY, **_FACES)
            _registered = True
    return FAMILY
