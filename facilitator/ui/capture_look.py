"""How the capture panel looks: its colours in each theme, its style sheet, its key caps."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from facilitator.domain.enums import CodeKind
from facilitator.domain.snapshots import Code

HIGH_CONTRAST = "high-contrast"  # the live window's theme key for dim rooms


@dataclass(frozen=True, slots=True)
class Look:
    """The panel's colours in one theme of the live window."""

    text: str
    muted: str
    base: str
    border: str
    accent: str  # the current scheme, the open bar
    accent_text: str
    current: str  # behind the current scheme's tab
    panel: str = ""  # the panel's own background, if the window's is not right


NORMAL_LOOK = Look("#1B1B1B", "#4E545C", "#FFFFFF", "#A9B0B9", "#0072B2", "#FFFFFF", "#E8F1F8")
DARK_LOOK = Look(
    "#FFFFFF",
    "#D6D6D6",
    "#000000",
    "#8A8A8A",
    "#56B4E9",
    "#000000",
    "#0E2433",
    panel="background: #000000;",
)


def look_for(theme: object) -> Look:
    """Return the panel's look in the live window's `theme` (normal, or high contrast)."""
    return DARK_LOOK if getattr(theme, "key", "") == HIGH_CONTRAST else NORMAL_LOOK


def panel_style(look: Look) -> str:
    """Return the panel's style sheet: sizes for reading from a metre away, colours of `look`."""
    return f"""
QWidget#capturePanel {{ font-size: 16px; color: {look.text}; {look.panel} }}
QWidget#capturePanel QLabel {{ color: {look.text}; background: transparent; }}
QFrame#schemeTab {{ border: 2px solid {look.border}; border-radius: 8px; }}
QFrame#schemeTab[current="true"] {{ border: 4px solid {look.accent}; background: {look.current}; }}
QLabel#schemeName {{ font-size: 17px; font-weight: bold; }}
QFrame#schemeTab[current="true"] QLabel#schemeName {{
    color: {look.accent_text}; background: {look.accent}; border-radius: 4px; padding: 0 6px;
}}
QFrame#codeGrid {{ border: 4px solid {look.accent}; border-radius: 8px; background: {look.base}; }}
QLabel#codeLabel {{ font-size: 18px; }}
QLabel#codeLabel[running="true"] {{ font-weight: bold; }}
QLabel#stateMark {{ font-size: 16px; font-weight: bold; }}
QLabel#rowTitle {{ font-size: 17px; font-weight: bold; }}
QLabel#quiet {{ font-size: 15px; color: {look.muted}; }}
QWidget#capturePanel QLabel#prompt {{
    font-size: 19px; font-weight: bold; padding: 5px 10px; border-radius: 6px;
    background: #DCEBFA; color: #0B2E55; border: 2px solid #6A9FD4;
}}
QLabel#notice {{ font-size: 17px; padding: 3px 10px; border-radius: 4px; }}
QWidget#capturePanel QLabel[tone="saved"] {{ background: #D7F0DE; color: #0A3D1C; }}
QWidget#capturePanel QLabel[tone="waiting"] {{
    background: #FFE8A3; color: #4A3500; font-weight: bold;
}}
QWidget#capturePanel QLabel[tone="unsaved"] {{ background: #E6E6E6; color: #222222; }}
QWidget#capturePanel QLabel[tone="problem"] {{
    background: #FFE1DC; color: #5C1000; font-weight: bold;
}}
QFrame#captureBar {{
    border: 4px solid {look.accent}; border-radius: 8px; background: {look.base};
}}
QLabel#barTitle {{ font-size: 25px; font-weight: bold; }}
QLabel#barWhen {{ font-size: 21px; }}
QLabel#barStatus {{ font-size: 17px; font-weight: bold; padding: 3px 10px; border-radius: 4px; }}
QLabel#barQualifier, QLabel#barWho {{ font-size: 19px; }}
QLabel#barHint {{ font-size: 14px; color: {look.muted}; }}
QLineEdit#barEntry {{
    font-size: 22px; padding: 4px 6px; color: {look.text}; background: {look.base};
    border: 2px solid {look.border}; border-radius: 4px;
}}
QLabel#rosterChip {{ font-size: 16px; }}
QListWidget#marks {{
    font-size: 18px; color: {look.text}; background: transparent; border: none;
}}
QListWidget#marks::item {{ padding: 1px 8px; border: 2px solid {look.border}; border-radius: 4px; }}
QListWidget#marks::item:selected {{
    background: {look.accent}; color: {look.accent_text}; border-color: {look.accent};
}}
"""


def ink_for(colour: str) -> str:
    """Return black or white, whichever has the higher contrast on `colour`."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    c = QColor(colour)
    lum = 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def key_style(code: Code, *, filled: bool, size: int) -> str:
    """Return a key cap's style: the code's colour; a state's key is round, like a toggle."""
    colour = code.colour
    face = f"background: {colour}; color: {ink_for(colour)};" if filled else "background: none;"
    radius = size // 2 if code.kind is CodeKind.STATE else max(4, size // 6)
    return (
        f"QLabel {{ {face} border: 3px solid {colour}; border-radius: {radius}px;"
        f" font-size: {int(size * 0.6)}px; font-weight: bold; }}"
    )


def pill_style(colour: str) -> str:
    """Return the style of a running state's pill: filled with the code's colour."""
    return (
        f"QLabel {{ background: {colour}; color: {ink_for(colour)}; font-size: 18px;"
        f" font-weight: bold; padding: 2px 10px; border: 2px solid {colour};"
        " border-radius: 14px; }"
    )


def restyle(widget: QWidget, **properties: object) -> None:
    """Set dynamic properties the style sheet selects on, and apply them."""
    for name, value in properties.items():
        widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def plain_label(text: str = "", name: str = "", *, wrap: bool = False) -> QLabel:
    """Return a label that shows `text` as it is (code labels and names are user text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label
