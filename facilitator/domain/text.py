"""Small rules for user text that goes into a report."""

import unicodedata

# Line breaks and tabs are layout the writer meant; every other control character is noise
# pasted from elsewhere that would print as a box or upset the PDF's text layer.
_KEPT = frozenset("\n\t")


def strip_controls(text: str) -> str:
    """Return `text` in NFC with control characters removed, keeping newlines and tabs."""
    # A carriage return ends a line on Windows and old Macs: keep it as a line break rather
    # than deleting it and running two lines together.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(ch for ch in text if ch in _KEPT or unicodedata.category(ch) != "Cc")
    # Normalise after removing: a control character between a letter and an accent would
    # otherwise have kept them from composing.
    return unicodedata.normalize("NFC", kept)
