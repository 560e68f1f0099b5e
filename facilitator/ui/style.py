"""The app's look on top of the platform style: larger headings and a gentle banner.

Styles are set on the few widgets that need them rather than as one application-wide style
sheet, which would route every widget through Qt's slower style-sheet engine at start-up.
"""

from PySide6.QtWidgets import QLabel

HEADING_SCALE = {1: 1.8, 2: 1.3}

BANNER_STYLE = """
QFrame#sampleBanner { background: #FFF4CE; border: 1px solid #D9B64A; border-radius: 4px; }
QFrame#sampleBanner QLabel { color: #3A2E00; }
"""

DETAIL_STYLE = """
QLabel#rowDetail {
    background: palette(base); border: 1px solid palette(mid); border-radius: 4px;
    padding: 8px;
}
"""


def make_heading(label: QLabel, level: int) -> None:
    """Give `label` the bold, larger font of a level-1 (page title) or level-2 heading."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * HEADING_SCALE[level])
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 4 if level == 1 else 8, 0, 4)
