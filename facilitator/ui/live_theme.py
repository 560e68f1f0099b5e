"""The live window's two looks: the normal one, and high contrast with large text for dim rooms.

A theme is a style sheet for the live window only (never the whole app: the main window keeps
the platform look, and an app-wide sheet would slow every widget), font sizes, and the colours
of the clock at each level. Font sizes are set in the style sheet, not with setFont: under a
style sheet Qt does not pass a window's font on to widgets added later, and the capture panel
adds widgets as it works. A panel that wants a larger font of its own sets it in its own style
sheet, which wins over the window's. Warning colours come from the Okabe-Ito palette (amber #E69F00,
vermillion #D55E00), which people with the common colour-vision differences can tell apart;
every level also says what it means in words, so colour is never the only signal.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import QSettings

SETTINGS_THEME = "live/theme"
PAUSED = "paused"  # the clock's look while paused, beside the ClockLevel values


@dataclass(frozen=True, slots=True)
class LevelColours:
    """How the clock looks at one level (calm, low, critical, over, or paused)."""

    background: str
    border: str
    text: str  # the item title and details
    countdown: str  # the big number
    muted: str  # small labels
    bar: str
    groove: str
    status_background: str
    status_text: str
    border_width: int = 2


@dataclass(frozen=True, slots=True)
class Theme:
    key: str  # stored in the settings
    name: str
    title_point_size: float  # the current item's title
    detail_point_size: float  # elapsed, session time, room time
    countdown_max_pixels: int  # the countdown shrinks below this to fit its panel
    levels: Mapping[str, LevelColours]
    current_row_background: str  # the agenda's current item
    current_row_text: str
    done_row_text: str
    window_style: str


_NORMAL_STYLE = """
QFrame#pendingBanner { background-color: #A33F00; border-radius: 6px; }
QFrame#pendingBanner QLabel { color: #FFFFFF; font-weight: bold; }
QToolBar#liveControls { spacing: 6px; padding: 4px 6px; border: none; }
QToolButton#liveControl {
    background-color: #FFFFFF; color: #1B1B1B; border: 1px solid #A9B0B9;
    border-radius: 6px; padding: 5px 12px;
}
QToolButton#liveControl:hover { border-color: #0072B2; background-color: #F2F7FB; }
QToolButton#liveControl:pressed, QToolButton#liveControl:checked {
    background-color: #0B2540; color: #FFFFFF; border-color: #0B2540;
}
QToolButton#liveControl:disabled { color: #8A9099; border-color: #D0D4DA; }
QLabel#agendaSummary { color: #3C4148; }
QLabel#placeholder { color: #5A6068; }
"""

_HIGH_CONTRAST_STYLE = """
QWidget { background-color: #000000; color: #FFFFFF; font-size: 15pt; }
QToolTip { background-color: #FFFFFF; color: #000000; border: 1px solid #000000; }
QTableView {
    background-color: #000000; alternate-background-color: #161616; gridline-color: #555555;
    selection-background-color: #56B4E9; selection-color: #000000; border: 1px solid #8A8A8A;
}
QTableView#liveAgenda { font-size: 13pt; }
QHeaderView::section {
    background-color: #1C1C1C; color: #FFFFFF; border: none;
    border-bottom: 1px solid #8A8A8A; padding: 4px 8px; font-weight: bold;
}
QTableCornerButton::section { background-color: #1C1C1C; border: none; }
QToolBar#liveControls { spacing: 6px; padding: 4px 6px; border: none; }
QToolButton#liveControl { font-size: 13pt; }
QToolButton, QPushButton {
    background-color: #1C1C1C; color: #FFFFFF; border: 2px solid #BDBDBD;
    border-radius: 6px; padding: 6px 12px;
}
QToolButton:hover, QPushButton:hover { border-color: #FFFFFF; background-color: #2E2E2E; }
QToolButton:pressed, QPushButton:pressed, QToolButton:checked {
    background-color: #FFFFFF; color: #000000;
}
QToolButton:disabled, QPushButton:disabled { color: #7A7A7A; border-color: #4A4A4A; }
QToolButton:focus, QPushButton:focus { border-color: #56B4E9; }
QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QSpinBox, QListView, QTreeView {
    background-color: #000000; color: #FFFFFF; border: 2px solid #BDBDBD;
    selection-background-color: #56B4E9; selection-color: #000000;
}
QListView, QTreeView { alternate-background-color: #161616; }
QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus { border-color: #56B4E9; }
QTabWidget::pane { border: 1px solid #8A8A8A; }
QTabBar::tab {
    background-color: #1C1C1C; color: #FFFFFF; border: 1px solid #8A8A8A; padding: 6px 10px;
    font-size: 13pt;
}
QTabBar::tab:selected { background-color: #FFFFFF; color: #000000; }
QSplitter::handle { background-color: #3A3A3A; }
QScrollBar { background-color: #111111; }
QScrollBar::handle { background-color: #8A8A8A; border-radius: 4px; min-height: 24px; }
QFrame#pendingBanner { background-color: #D55E00; border-radius: 6px; }
QFrame#pendingBanner QLabel { color: #000000; background-color: transparent; font-weight: bold; }
QLabel#agendaSummary { color: #E0E0E0; }
QLabel#placeholder { color: #BDBDBD; }
"""

NORMAL = Theme(
    key="normal",
    name="Normal",
    title_point_size=20,
    detail_point_size=14,
    countdown_max_pixels=150,
    levels=MappingProxyType(
        {
            "calm": LevelColours(
                background="#FFFFFF",
                border="#C5CAD1",
                text="#1B1B1B",
                countdown="#1B1B1B",
                muted="#4E545C",
                bar="#0072B2",
                groove="#E3E7EC",
                status_background="#E3E7EC",
                status_text="#1B1B1B",
            ),
            "low": LevelColours(
                background="#FFF4DB",
                border="#E69F00",
                text="#1B1B1B",
                countdown="#6E4300",
                muted="#5C4310",
                bar="#E69F00",
                groove="#F2E0B3",
                status_background="#E69F00",
                status_text="#000000",
                border_width=4,
            ),
            "critical": LevelColours(
                background="#FDE6D8",
                border="#D55E00",
                text="#1B1B1B",
                countdown="#9C3D00",
                muted="#6E3212",
                bar="#D55E00",
                groove="#F4CBB2",
                status_background="#9C3D00",
                status_text="#FFFFFF",
                border_width=6,
            ),
            "over": LevelColours(
                background="#9C3D00",
                border="#6E2A00",
                text="#FFFFFF",
                countdown="#FFFFFF",
                muted="#FFE3D2",
                bar="#FFFFFF",
                groove="#6E2A00",
                status_background="#FFFFFF",
                status_text="#6E2A00",
                border_width=6,
            ),
            PAUSED: LevelColours(
                background="#EEF1F5",
                border="#5A6472",
                text="#3E454E",
                countdown="#6A737E",
                muted="#4E545C",
                bar="#8A94A0",
                groove="#D5DAE0",
                status_background="#2B3139",
                status_text="#FFFFFF",
                border_width=4,
            ),
        }
    ),
    current_row_background="#D6E8F7",
    current_row_text="#0B2540",
    done_row_text="#5A6068",
    window_style=_NORMAL_STYLE,
)

HIGH_CONTRAST = Theme(
    key="high-contrast",
    name="High contrast",
    title_point_size=22,
    detail_point_size=16,
    countdown_max_pixels=190,
    levels=MappingProxyType(
        {
            "calm": LevelColours(
                background="#000000",
                border="#8A8A8A",
                text="#FFFFFF",
                countdown="#FFFFFF",
                muted="#D6D6D6",
                bar="#56B4E9",
                groove="#2E2E2E",
                status_background="#2E2E2E",
                status_text="#FFFFFF",
            ),
            "low": LevelColours(
                background="#000000",
                border="#E69F00",
                text="#FFFFFF",
                countdown="#E69F00",
                muted="#F0C766",
                bar="#E69F00",
                groove="#3A2A00",
                status_background="#E69F00",
                status_text="#000000",
                border_width=5,
            ),
            "critical": LevelColours(
                background="#000000",
                border="#D55E00",
                text="#FFFFFF",
                countdown="#FF7A1F",
                muted="#FFB38A",
                bar="#D55E00",
                groove="#3D1B00",
                status_background="#D55E00",
                status_text="#000000",
                border_width=8,
            ),
            "over": LevelColours(
                background="#D55E00",
                border="#FFFFFF",
                text="#000000",
                countdown="#000000",
                muted="#1A0A00",
                bar="#000000",
                groove="#8F3F00",
                status_background="#000000",
                status_text="#FFFFFF",
                border_width=4,
            ),
            PAUSED: LevelColours(
                background="#000000",
                border="#FFFFFF",
                text="#C8C8C8",
                countdown="#9E9E9E",
                muted="#C8C8C8",
                bar="#9E9E9E",
                groove="#2E2E2E",
                status_background="#FFFFFF",
                status_text="#000000",
                border_width=4,
            ),
        }
    ),
    current_row_background="#FFFFFF",
    current_row_text="#000000",
    done_row_text="#B4B4B4",
    window_style=_HIGH_CONTRAST_STYLE,
)

THEMES: Mapping[str, Theme] = MappingProxyType(
    {NORMAL.key: NORMAL, HIGH_CONTRAST.key: HIGH_CONTRAST}
)


def clock_style(theme: Theme, level: str) -> str:
    """Return the clock panel's style sheet at `level` (a ClockLevel value or PAUSED)."""
    c = theme.levels[level]
    return f"""
QFrame#liveClock {{
    background-color: {c.background}; border: {c.border_width}px solid {c.border};
    border-radius: 10px;
}}
QFrame#liveClock QWidget {{
    background-color: transparent; color: {c.text}; font-size: {theme.detail_point_size}pt;
}}
QFrame#liveClock QLabel#clockTitle {{ font-size: {theme.title_point_size}pt; font-weight: bold; }}
QFrame#liveClock QLabel[muted="true"] {{ color: {c.muted}; }}
QFrame#liveClock QLabel#clockStatus {{
    background-color: {c.status_background}; color: {c.status_text}; font-weight: bold;
    border-radius: 6px; padding: 3px 10px;
}}
QFrame#liveClock QFrame#clockRule {{ background-color: {c.groove}; }}
QFrame#liveClock QProgressBar {{
    background-color: {c.groove}; border: none; border-radius: 7px;
}}
QFrame#liveClock QProgressBar::chunk {{ background-color: {c.bar}; border-radius: 7px; }}
"""


def load_theme(settings: QSettings) -> Theme:
    """Return the theme chosen last time (the normal one at first)."""
    return THEMES.get(str(settings.value(SETTINGS_THEME, NORMAL.key)), NORMAL)


def save_theme(settings: QSettings, theme: Theme) -> None:
    settings.setValue(SETTINGS_THEME, theme.key)


def other_theme(theme: Theme) -> Theme:
    """Return the theme the toggle switches to."""
    return NORMAL if theme is HIGH_CONTRAST else HIGH_CONTRAST
