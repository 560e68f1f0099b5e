"""The capture panel: one key records a code at the moment it is pressed.

The panel shows the session's coding schemes as a strip of tabs, each with its keys, and the
current scheme's codes below as large key caps; Tab makes the next scheme current, so any
code is at most two keystrokes away. A code key writes the capture at once, stamped at the
press. The capture bar then takes the key caps' place, for who, a note, a qualifier or "that
was two minutes ago"; what is typed there amends the capture already on disk, so an
interruption never loses the moment. A capture the file refused waits in the LiveRun, and
the panel says "waiting to be saved", never "saved".

Keys with the bar closed:
    a-z, 0-9        the code with that key in the current scheme (a state code toggles)
    Tab, Shift+Tab  next / previous scheme
    Space           a note with no code (stamped now, written when Enter is pressed)
    .               mark this moment; later Up/Down choose it and a code key codes it
    F1, ?           the shortcut sheet
Keys in the bar (the first words say who; the rest is the note):
    3   0 or g   3>7   @name     participant 3, the whole group, from 3 to 7, a name
    1-9             the qualifier, when the code has one (the first key; Space skips)
    Alt+Left/Right  30 s earlier / later
    Enter           save;  Esc closes, keeping the code (and its time) without the text
"""

import html
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, CodeKind, SubjectKind, SubjectRole
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.snapshots import Code, CodingScheme, Observation, Organisation, Participant
from facilitator.domain.timezones import zone
from facilitator.logs import log_unexpected
from facilitator.services import capture, live
from facilitator.services import schemes as scheme_service
from facilitator.services.capture import CaptureRequest, Receipt, SubjectRef
from facilitator.services.live_run import LiveRun
from facilitator.ui.undo import UndoHub

DIALOGUE_SCHEME = "dialogue-patterns"  # the scheme scan sampling asks about
BACKDATE_STEP = 30  # seconds per Alt+Left
TICK_MS = 1000  # running states and the scan prompt need no finer clock
SCAN_DEFAULT_MINUTES = 5
ROSTER_COLUMNS = 8
CAP_WIDTH = 250  # the width one key cap needs; the grid fits as many columns as it can
HIGH_CONTRAST = "high-contrast"  # the live window's theme key for dim rooms
SHEET_KEYS = (  # (key, meaning); a blank key starts a section
    ("", "Any time"),
    ("a–z, 0–9", "the code with that key in the current scheme"),
    ("Tab", "next scheme (Shift+Tab: previous)"),
    ("Space", "a note with no code"),
    (".", "mark this moment, to code later"),
    ("↑ / ↓", "choose a marked moment, then press a code key"),
    ("F1 or ?", "this sheet"),
    ("", ""),
    ("", "In the capture bar: who first, then the note"),
    ("3", "participant 3 (numbers as in the roster)"),
    ("0 or g", "the whole group"),
    ("3>7", "from 3 to 7 (who challenged whom)"),
    ("@ and letters", "an organisation or a person by name"),
    ("1–9", "the qualifier, when offered (Space skips)"),
    ("Alt+← / →", "30 seconds earlier / later"),
    ("Enter", "save"),
    ("Esc", "close, keeping the code without a note"),
)

# Reading what was typed in the bar ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """A participant or organisation the bar can name with "@" and a few letters."""

    kind: SubjectKind
    ref_id: int
    name: str
    label: str  # as the bar shows it: "3 Deborah Fairclough" or the organisation's name

    @property
    def token(self) -> str:
        return "".join(self.name.split())


@dataclass(frozen=True, slots=True)
class Who:
    """One subject as typed: what it stores and how the bar reads it back."""

    ref: SubjectRef
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    """What was typed in the bar: who it is about, then the note."""

    who: tuple[Who, ...] = ()
    note: str = ""
    doubt: str = ""  # why a word that began like a name was kept as note text

    @property
    def subjects(self) -> tuple[SubjectRef, ...]:
        return tuple(one.ref for one in self.who)


def names_for(roster: Sequence[Participant], organisations: Sequence[Organisation]) -> list[Named]:
    """Return everyone the bar can name: the roster by number, then the organisations."""
    people = [
        Named(SubjectKind.PARTICIPANT, p.id, p.name, f"{n} {p.name}")
        for n, p in enumerate(roster, start=1)
    ]
    return people + [Named(SubjectKind.ORGANISATION, o.id, o.name, o.name) for o in organisations]


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def match_names(query: str, named: Sequence[Named]) -> list[Named]:
    """Return who `query` could mean: an exact name first, then a name or initials it begins,
    then a word of a name it begins."""
    wanted = _squash(query)
    if not wanted:
        return []
    tiers: list[list[Named]] = [[], [], []]
    for one in named:
        words = [_squash(word) for word in one.name.split()]
        whole = "".join(words)
        if whole == wanted:
            tiers[0].append(one)
        elif whole.startswith(wanted) or "".join(w[:1] for w in words) == wanted:
            tiers[1].append(one)
        elif any(word.startswith(wanted) for word in words):
            tiers[2].append(one)
    return next((tier for tier in tiers if tier), [])


def read_entry(text: str, *, roster: Sequence[Participant], named: Sequence[Named]) -> Entry:
    """Split the bar's text into subjects (the leading "3", "g", "3>7", "@name" words) and
    the note (everything from the first word that names no one)."""
    who: list[Who] = []
    for match in re.finditer(r"\S+", text):
        found = _read_word(match.group(), roster, named)
        if not isinstance(found, list):
            return Entry(tuple(who), text[match.start() :].strip(), found or "")
        who.extend(found)
    return Entry(tuple(who), "", "")


def _read_word(
    word: str, roster: Sequence[Participant], named: Sequence[Named]
) -> list[Who] | str | None:
    """Return the subjects one word names, or why it names none (None: it is plain text)."""
    if word.count(">") == 1:
        giver, taker = (_read_one(part, roster, named) for part in word.split(">"))
        if isinstance(giver, Who) and isinstance(taker, Who):
            return [
                Who(replace(giver.ref, role=SubjectRole.FROM), f"{giver.text} → {taker.text}"),
                Who(replace(taker.ref, role=SubjectRole.TO), ""),
            ]
        return next((d for d in (giver, taker) if isinstance(d, str)), None)
    parts = [_read_one(part, roster, named) for part in word.split(",") if part]
    found = [part for part in parts if isinstance(part, Who)]
    if parts and len(found) == len(parts):
        return found
    return next((d for d in parts if isinstance(d, str)), None)


def _read_one(part: str, roster: Sequence[Participant], named: Sequence[Named]) -> Who | str | None:
    if part.lower() in ("0", "g"):
        return Who(SubjectRef(SubjectKind.GROUP), "Whole group")
    if part.isascii() and part.isdigit():
        number = int(part)
        if 1 <= number <= len(roster):
            person = roster[number - 1]
            return Who(SubjectRef(SubjectKind.PARTICIPANT, person.id), f"{number} {person.name}")
        return None
    if part.startswith("@") and len(part) > 1:
        matches = match_names(part[1:], named)
        if len(matches) == 1:
            return Who(SubjectRef(matches[0].kind, matches[0].ref_id), matches[0].label)
        if not matches:
            return f"No one in this programme matches “{part}”: it stays in the note."
        some = ", ".join(one.name for one in matches[:3]) + ("…" if len(matches) > 3 else "")
        return f"“{part}” could be {len(matches)}: {some}. Type a few more letters."
    return None


# Small words and looks ------------------------------------------------------------------------


def span(seconds: float) -> str:
    """Return a duration as on a stopwatch: "3:12", "1:04:05"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def ago(seconds: int) -> str:
    """Return how far a capture has been moved back: "30 s ago", "2 min ago"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s ago"
    return f"{minutes} min {rest} s ago" if rest else f"{minutes} min ago"


def ink_for(colour: str) -> str:
    """Return black or white, whichever has the higher contrast on `colour`."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    c = QColor(colour)
    lum = 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF())
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def short_name(name: str) -> str:
    """Return "Deborah F." for the roster strip."""
    words = name.split()
    return f"{words[0]} {words[-1][0]}." if len(words) > 1 else name


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


def _restyle(widget: QWidget, **properties: object) -> None:
    """Set dynamic properties the style sheet selects on, and apply them."""
    for name, value in properties.items():
        widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _label(text: str = "", name: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # code labels and names are user text
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _key_style(code: Code, *, filled: bool, size: int) -> str:
    """Return a key cap's style: the code's colour; a state's key is round, like a toggle."""
    colour = code.colour
    face = f"background: {colour}; color: {ink_for(colour)};" if filled else "background: none;"
    radius = size // 2 if code.kind is CodeKind.STATE else max(4, size // 6)
    return (
        f"QLabel {{ {face} border: 3px solid {colour}; border-radius: {radius}px;"
        f" font-size: {int(size * 0.6)}px; font-weight: bold; }}"
    )


# The key panel --------------------------------------------------------------------------------


class KeyCap(QWidget):
    """One code of the current scheme: its key in the code's colour, and its label.

    A state's key is a round toggle: hollow while off, filled while running, with the time
    it has run beneath its label.
    """

    SIZE = 36

    def __init__(self, code: Code) -> None:
        super().__init__()
        self.code = code
        self.key = QLabel(code.key)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setFixedSize(self.SIZE, self.SIZE)
        self.label = _label(code.label, "codeLabel", wrap=True)
        self.label.setToolTip(code.description)
        self.label.setMinimumHeight(self.SIZE)  # a one-line label sits level with its key
        self.label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.mark = _label("", "stateMark")
        self.mark.hide()
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.label)
        text.addWidget(self.mark)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(10)
        layout.addWidget(self.key, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.running: str | None = None
        self._paint_key()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._claim_height()

    def _claim_height(self) -> None:
        # A wrapped label needs more height than a layout asks of it: claim it.
        label = self.label.heightForWidth(self.label.width())
        mark = self.mark.sizeHint().height() if self.running is not None else 0
        needed = max(self.SIZE, label + mark) + 4
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def set_running(self, elapsed: str | None) -> None:
        """Show a state as running ("● running 3:12") or off."""
        if self.code.kind is not CodeKind.STATE or elapsed == self.running:
            return
        changed = (self.running is None) != (elapsed is None)
        self.running = elapsed
        self.mark.setText(f"● running {elapsed}" if elapsed is not None else "")
        if changed:
            self.mark.setVisible(elapsed is not None)
            _restyle(self.label, running=elapsed is not None)
            self._paint_key()
            self._claim_height()

    def _paint_key(self) -> None:
        point = self.code.kind is not CodeKind.STATE
        filled = point or self.running is not None
        self.key.setStyleSheet(_key_style(self.code, filled=filled, size=self.SIZE))


class CodeGrid(QFrame):
    """The current scheme's codes as key caps, in as many columns as the width allows."""

    def __init__(self, scheme: CodingScheme) -> None:
        super().__init__()
        self.setObjectName("codeGrid")
        self.caps = {code.id: KeyCap(code) for code in scheme.codes}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 6, 8, 6)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(2)
        self._columns = 0
        self._arrange(3)

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for cap in self.caps.values():
            self.grid.removeWidget(cap)
        rows = -(-len(self.caps) // columns)
        for index, cap in enumerate(self.caps.values()):
            self.grid.addWidget(cap, index % rows, index // rows)  # down, then across
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(max(2, min(4, event.size().width() // CAP_WIDTH)))


class SchemeTab(QFrame):
    """One scheme in the strip across the top: its name and its keys, small."""

    MINI = 21

    def __init__(self, scheme: CodingScheme, number: int) -> None:
        super().__init__()
        self.setObjectName("schemeTab")
        self.scheme = scheme
        self.name = _label(scheme.name, "schemeName")
        self.name.setToolTip(f"{scheme.name} (scheme {number}): Tab moves to the next scheme")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.minis: dict[int, QLabel] = {}
        keys = QHBoxLayout()
        keys.setSpacing(2)
        for code in scheme.codes:
            mini = QLabel(code.key)
            mini.setAlignment(Qt.AlignmentFlag.AlignCenter)
            mini.setFixedSize(self.MINI, self.MINI)
            mini.setToolTip(code.label)
            self.minis[code.id] = mini
            keys.addWidget(mini)
        keys.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 5)
        layout.setSpacing(3)
        layout.addWidget(self.name)
        layout.addLayout(keys)
        self._current = False
        self._running: set[int] = set()
        self._paint()

    def set_current(self, current: bool) -> None:
        self._current = current
        _restyle(self, current=current)
        _restyle(self.name)
        self._fit_name()
        self._paint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_name()

    def _fit_name(self) -> None:
        """Shorten a long scheme name with "…" rather than widen the strip."""
        text = f"▶ {self.scheme.name}" if self._current else self.scheme.name
        room = max(20, self.contentsRect().width() - 16)
        self.name.setText(
            self.name.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        )

    def set_running(self, code_ids: set[int]) -> None:
        mine = {code_id for code_id in code_ids if code_id in self.minis}
        if mine != self._running:
            self._running = mine
            self._paint()

    def _paint(self) -> None:
        for code in self.scheme.codes:
            filled = self._current or code.id in self._running
            self.minis[code.id].setStyleSheet(_key_style(code, filled=filled, size=self.MINI))


class RosterStrip(QWidget):
    """The cohort numbered as the bar reads them, in as many columns as fit; a click types
    the number."""

    CHIP_WIDTH = 130

    def __init__(self, roster: Sequence[Participant], on_pick: Callable[[int], None]) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(0)
        self.chips: list[QLabel] = []
        for index, person in enumerate(roster):
            chip = _label(f"{index + 1}  {short_name(person.name)}", "rosterChip")
            chip.setToolTip(f"{person.name}, {person.organisation_name}".strip(", "))
            chip.mousePressEvent = partial(self._picked, on_pick, index + 1)  # type: ignore[method-assign]
            self.chips.append(chip)
        self._columns = 0
        self._arrange(ROSTER_COLUMNS)

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for index, chip in enumerate(self.chips):
            self.grid.removeWidget(chip)
            self.grid.addWidget(chip, index // columns, index % columns)  # across, then down

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(max(4, min(ROSTER_COLUMNS, event.size().width() // self.CHIP_WIDTH)))

    def minimumSizeHint(self) -> QSize:
        rows = -(-len(self.chips) // 4)
        return QSize(4 * self.CHIP_WIDTH, rows * self.fontMetrics().height())

    @staticmethod
    def _picked(on_pick: Callable[[int], None], number: int, _event: QMouseEvent) -> None:
        on_pick(number)


class CaptureBar(QFrame):
    """Where a capture is finished off: who, a note, a qualifier, a moment moved back."""

    def __init__(self, named: Sequence[Named], roster: RosterStrip) -> None:
        super().__init__()
        self.setObjectName("captureBar")
        self.swatch = QLabel()
        self.swatch.setFixedSize(26, 26)
        self.title = _label("", "barTitle")
        self.when = _label("", "barWhen")
        self.status = _label("", "barStatus")
        self.qualifier = QLabel()
        self.qualifier.setObjectName("barQualifier")
        self.qualifier.setTextFormat(Qt.TextFormat.RichText)  # built from escaped text only
        self.qualifier.setWordWrap(True)
        self.who = _label("", "barWho", wrap=True)
        self.entry = QLineEdit()
        self.entry.setObjectName("barEntry")
        self.entry.setPlaceholderText("Who, then a note: e.g. 3>7 challenged the budget split")
        hint = _label(
            "Enter  save   ·   Esc  close, keeping the code   ·   Alt+←  30 s earlier   ·   "
            "Alt+→  later   ·   F1  all keys",
            "barHint",
            wrap=True,
        )
        self._build_completer(named)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.swatch)
        top.addWidget(self.title)
        top.addWidget(self.when)
        top.addStretch(1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addWidget(self.qualifier)
        layout.addWidget(self.who)
        layout.addWidget(self.entry)
        layout.addWidget(roster)
        layout.addWidget(hint)
        layout.addStretch(1)

    def _build_completer(self, named: Sequence[Named]) -> None:
        model = QStandardItemModel(self)  # a few dozen names: speed is no concern here
        for one in named:
            kind = "organisation" if one.kind is SubjectKind.ORGANISATION else "participant"
            item = QStandardItem(f"{one.label}  ({kind})")
            item.setData(one.token, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        self.completer = QCompleter(model, self)
        self.completer.setCompletionRole(Qt.ItemDataRole.UserRole)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setWidget(self.entry)
        self.completer.activated[str].connect(self._complete)
        self.entry.textEdited.connect(self._offer_names)

    def _word_at_cursor(self) -> tuple[int, str]:
        before = self.entry.text()[: self.entry.cursorPosition()]
        start = max(before.rfind(" "), before.rfind(">"), before.rfind(",")) + 1
        return start, before[start:]

    def _offer_names(self, _text: str) -> None:
        _start, word = self._word_at_cursor()
        if word.startswith("@") and len(word) > 1:
            self.completer.setCompletionPrefix(word[1:])
            if self.completer.completionCount():
                self.completer.complete()
                return
        self.completer.popup().hide()

    def _complete(self, token: str) -> None:
        start, _word = self._word_at_cursor()
        text, cursor = self.entry.text(), self.entry.cursorPosition()
        self.entry.setText(f"{text[:start]}@{token} {text[cursor:].lstrip()}")
        self.entry.setCursorPosition(start + len(token) + 2)

    def show_capture(self, *, title: str, colour: str, when: str, status: tuple[str, str]) -> None:
        self.swatch.setStyleSheet(f"background: {colour}; border-radius: 13px;")
        self.title.setText(title)
        self.when.setText(when)
        self.status.setText(status[0])
        _restyle(self.status, tone=status[1])


# The panel ------------------------------------------------------------------------------------


@dataclass
class _Open:
    """The capture the bar is working on."""

    request: CaptureRequest  # as stamped at the key press
    code: Code | None
    receipt: Receipt | None = None  # None: waiting to be saved, or a note not yet written
    written: bool = True  # False for a free note until Enter writes it
    qualifier: str | None = None
    asking: bool = False  # the next digit chooses the qualifier
    backdate: int = 0  # seconds earlier than the press
    news: str = ""  # what else the key did, e.g. "Group stuck stopped after 0:40"

    @property
    def label(self) -> str:
        return self.code.label if self.code else "Note"

    @property
    def moment(self) -> datetime:
        return self.request.occurred_at - timedelta(seconds=self.backdate)


@dataclass
class _Running:
    code: Code
    offset: float
    observation_id: int | None  # None while its start waits to be saved


@dataclass
class _Mark:
    request: CaptureRequest
    observation_id: int | None  # None while it waits to be saved


class CapturePanel(QWidget):
    """The key panel, the capture bar and everything a key press in live mode does."""

    captured = Signal(object)  # Observation: written or amended (a state stopped included)
    changes_made = Signal(object)  # Changes that are not one capture (keys changed)

    def __init__(self, run: LiveRun, hub: UndoHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.hub = hub
        self.setObjectName("capturePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        try:
            self._zone: tzinfo | None = zone(run.detail.timezone)
        except FacilitatorError:
            self._zone = None  # the computer's own zone
        self.roster: tuple[Participant, ...] = run.detail.cohort
        self.named = names_for(self.roster, run.detail.organisations)
        self.current = 0
        self.sheet: ShortcutSheet | None = None
        self._open: _Open | None = None
        self._forwarding = False
        self._running: dict[str, _Running] = {}  # by the UUID of the capture that started it
        self._pills: dict[str, QLabel] = {}
        self._news = ""  # what a state key stopped, for the bar's summary
        self._pending_seen = len(run.pending)
        self._marks: list[_Mark] = []  # oldest first
        self._scan_minutes: int | None = None
        self._scan_due: float | None = None
        self._build()
        self._show_schemes()
        self._load(run.detail.observations)
        self.set_theme(None)
        # Undo, redo and edits in the timeline change captures behind the panel's back.
        self._pushing = False
        self._refresh_soon = QTimer(self, singleShot=True, interval=0)
        self._refresh_soon.timeout.connect(self.refresh)
        hub.stack_for(run.session_id).indexChanged.connect(self._history_moved)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    # Building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs_row = QHBoxLayout()
        self.tabs_row.setSpacing(8)
        self.tabs: list[SchemeTab] = []
        self.grids = QStackedWidget()
        keys_page = QWidget()
        keys_layout = QVBoxLayout(keys_page)
        keys_layout.setContentsMargins(0, 0, 0, 0)
        keys_layout.setSpacing(6)
        keys_layout.addLayout(self.tabs_row)
        keys_layout.addWidget(self.grids, 1)
        self.roster_strip = RosterStrip(self.roster, self._roster_picked)
        self.bar = CaptureBar(self.named, self.roster_strip)
        self.bar.entry.installEventFilter(self)
        self.bar.entry.textChanged.connect(self._entry_changed)
        self.stack = QStackedWidget()  # the key caps, or the bar in their place while open
        self.stack.addWidget(keys_page)
        self.stack.addWidget(self.bar)

        self.running_box = QHBoxLayout()
        self.running_box.setSpacing(8)
        self.no_running = _label("none", "quiet")
        self.marks_view = QListWidget()
        self.marks_view.setObjectName("marks")
        self.marks_view.setFlow(QListWidget.Flow.LeftToRight)
        self.marks_view.setWrapping(False)
        self.marks_view.setSpacing(2)
        self.marks_view.setFixedHeight(40)
        self.marks_view.setMinimumWidth(200)  # one marked moment, whole
        self.marks_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.marks_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.marks_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # ↑ ↓ choose, from the panel
        self.marks_view.currentRowChanged.connect(self._mark_chosen)
        self.no_marks = _label("none: press . to mark a moment", "quiet")
        self.prompt = _label("What is the dialogue pattern now?", "prompt")
        self.prompt.hide()
        self.notice = _label("", "notice", wrap=True)

        self.scan_check = QCheckBox("Ask for the dialogue pattern every")
        self.scan_spin = QSpinBox()
        self.scan_spin.setRange(1, 30)
        self.scan_spin.setValue(SCAN_DEFAULT_MINUTES)
        self.scan_spin.setSuffix(" min")
        self.scan_check.toggled.connect(self._scan_setting_changed)
        self.scan_spin.valueChanged.connect(self._scan_setting_changed)
        self.scan_check.setEnabled(any(s.slug == DIALOGUE_SCHEME for s in self.run.schemes))
        self.sheet_button = QPushButton("All keys (F1)")
        self.sheet_button.clicked.connect(self.show_sheet)
        self.settings_button = QToolButton()
        self.settings_button.setText("Settings")
        self.settings_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.settings_button.setMenu(self._settings_menu())
        for widget in (self.sheet_button, self.settings_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard belongs to capture

        status_row = QHBoxLayout()
        status_row.setSpacing(8)
        status_row.addWidget(_label("Running:", "rowTitle"))
        status_row.addLayout(self.running_box)
        status_row.addWidget(self.no_running)
        status_row.addSpacing(24)
        status_row.addWidget(_label("Marked:", "rowTitle"))
        status_row.addWidget(self.marks_view, 1)
        status_row.addWidget(self.no_marks, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.notice, 1)
        footer.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignTop)
        footer.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.stack, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.prompt)
        layout.addLayout(footer)

    def _settings_menu(self) -> QMenu:
        """Return the menu of things set once a session: keys, and the scan prompt."""
        menu = QMenu(self)
        menu.addAction("Keys…", self.edit_keys)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.scan_check)
        layout.addWidget(self.scan_spin)
        scan = QWidgetAction(menu)
        scan.setDefaultWidget(row)
        menu.addAction(scan)
        return menu

    def set_theme(self, theme: object) -> None:
        """Follow the live window's theme (normal, or high contrast for dim rooms)."""
        dark = getattr(theme, "key", "") == HIGH_CONTRAST
        self.setStyleSheet(panel_style(DARK_LOOK if dark else NORMAL_LOOK))

    def _show_schemes(self) -> None:
        for tab in self.tabs:
            tab.hide()
            tab.deleteLater()
        while self.grids.count():
            grid = self.grids.widget(0)
            self.grids.removeWidget(grid)
            grid.deleteLater()
        self.tabs = [SchemeTab(s, n) for n, s in enumerate(self.run.schemes, start=1)]
        for tab in self.tabs:
            self.tabs_row.addWidget(tab, 1)
        self.code_grids = [CodeGrid(scheme) for scheme in self.run.schemes]
        for grid in self.code_grids:
            self.grids.addWidget(grid)
        self.current = min(self.current, max(0, len(self.tabs) - 1))
        self._scheme_of = {code.id: s for s in self.run.schemes for code in s.codes}
        self._show_current()
        self._show_running()

    def _show_current(self) -> None:
        for number, tab in enumerate(self.tabs):
            tab.set_current(number == self.current)
        if self.code_grids:
            self.grids.setCurrentIndex(self.current)

    def _load(self, observations: Sequence[Observation]) -> None:
        """Take running states and uncoded marks from the stored session, keeping those that
        still wait to be saved."""
        waiting = {request.uuid for request in self.run.pending}
        self._running = {k: r for k, r in self._running.items() if k in waiting}
        self._marks = [mark for mark in self._marks if mark.request.uuid in waiting]
        codes = {code.id: code for scheme in self.run.schemes for code in scheme.codes}
        for obs in observations:
            if obs.running and obs.codes and obs.codes[0].code_id in codes:
                code = codes[obs.codes[0].code_id]
                self._running[obs.uuid] = _Running(code, obs.offset_seconds, obs.id)
            elif obs.kind is CaptureKind.MARK and not obs.codes:
                stamp = CaptureRequest(
                    session_id=obs.session_id,
                    uuid=obs.uuid,
                    occurred_at=obs.occurred_at,
                    offset_seconds=obs.offset_seconds,
                    kind=CaptureKind.MARK,
                )
                self._marks.append(_Mark(stamp, obs.id))
        self._marks.sort(key=lambda mark: mark.request.offset_seconds)
        self._show_running()
        self._show_marks()

    def refresh(self) -> None:
        """Read the session again (after an undo, or an edit in the timeline)."""
        self._load(self.run.reload().observations)

    def reload_schemes(self) -> None:
        """Read the session's schemes again (after their keys changed)."""
        self.run.schemes = live.session_schemes(self.run.db, self.run.session_id)
        self._show_schemes()

    # Keys ----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab changes the scheme here; it never moves the focus away from capture.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self.handle_key(event)
        ):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Keys typed straight into the bar (it has the focus) still save, close and move back.
        if (
            watched is self.bar.entry
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not self._forwarding
            and self._open is not None
        ):
            return self._guarded(lambda: self._bar_key(event, forward=False))
        return super().eventFilter(watched, event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a key press in live mode; return False for keys that are not capture keys."""
        if event.type() != QEvent.Type.KeyPress or self._forwarding:
            return False  # (while forwarding: a key the bar did not want, coming back up)
        if self._open is not None:
            return self._guarded(lambda: self._bar_key(event, forward=True))
        return self._guarded(lambda: self._idle_key(event))

    def _guarded(self, act: Callable[[], bool]) -> bool:
        """Do a key's work; a problem is said in the panel, never raised into Qt."""
        try:
            return act()
        except FacilitatorError as error:
            self._say(str(error), tone="problem")
        except Exception:
            log_unexpected(*sys.exc_info())
            self._say(
                "That key could not be acted on; everything already saved is safe. "
                "The details are in the log.",
                tone="problem",
            )
        return True

    def _idle_key(self, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text()
        chords = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if event.modifiers() & chords:
            return False  # the window's shortcuts
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.cycle_scheme(-1 if key == Qt.Key.Key_Backtab else 1)
        elif key == Qt.Key.Key_F1 or text == "?":
            self.show_sheet()
        elif text == ".":
            self.mark_moment()
        elif key == Qt.Key.Key_Space:
            self.start_note()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._marks:
            self._step_marks(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Escape and self._chosen_mark() is not None:
            self.marks_view.setCurrentRow(-1)
        elif len(text) == 1 and text.isascii() and text.isalnum():
            self._code_key(text.lower())
        else:
            return False
        return True

    def _bar_key(self, event: QKeyEvent, *, forward: bool) -> bool:
        """Handle a key while the bar is open; pass typing on to the entry if `forward`."""
        open_ = self._open
        assert open_ is not None
        key, text = event.key(), event.text()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        choices = open_.code.qualifier_choices if open_.code else ()
        empty = not self.bar.entry.text()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save_bar()
        elif key == Qt.Key.Key_Escape:
            self.close_bar()
        elif alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._move_back(BACKDATE_STEP if key == Qt.Key.Key_Left else -BACKDATE_STEP)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            pass  # the focus stays in the bar
        elif key == Qt.Key.Key_F1:
            self.show_sheet()
        elif open_.asking and text.isascii() and text.isdigit() and 1 <= int(text) <= len(choices):
            self._choose_qualifier(choices[int(text) - 1])
        elif open_.asking and key == Qt.Key.Key_Space and empty:
            open_.asking = False
            self._show_open()
        elif key == Qt.Key.Key_Backspace and choices and empty and not open_.asking:
            open_.asking = True  # choose the qualifier again
            self._show_open()
        else:
            if open_.asking and text and text.isprintable():
                open_.asking = False  # typing who or a note: the qualifier is skipped
                self._show_open()
            if not forward:
                return False
            self._forwarding = True
            try:
                copy = QKeyEvent(event.type(), key, event.modifiers(), text)
                QApplication.sendEvent(self.bar.entry, copy)
            finally:
                self._forwarding = False
        return True

    def cycle_scheme(self, step: int) -> None:
        """Make the next (or, with -1, the previous) scheme current."""
        if self.tabs:
            self.current = (self.current + step) % len(self.tabs)
            self._show_current()
            self._show_prompt()

    def current_scheme(self) -> CodingScheme | None:
        return self.run.schemes[self.current] if self.run.schemes else None

    def _code_key(self, key: str) -> None:
        scheme = self.current_scheme()
        code = next((c for c in scheme.codes if c.key == key), None) if scheme else None
        if code is not None:
            self.press_code(code)
            return
        elsewhere = [(s, c) for s in self.run.schemes for c in s.codes if c.key == key]
        if elsewhere:
            other, found = elsewhere[0]
            self._say(f"“{key}” is {found.label} in {other.name}: press Tab to get there first.")
        else:
            self._say(f"No code has the key “{key}”. F1 shows every key.")

    # Captures ------------------------------------------------------------------------------

    def press_code(self, code: Code) -> None:
        """Record `code` now (or code the chosen marked moment with it), then open the bar."""
        mark = self._chosen_mark()
        if mark is not None:
            self._code_mark(mark, code)
            return
        request = self.run.request(code_ids=(code.id,))  # the moment: before anything else
        receipt = self._write(request)
        self._news = ""
        stopped = False
        try:
            self._answer_scan(code)
            stopped = code.kind is CodeKind.STATE and self._toggle(code, request, receipt)
        finally:  # whatever else fails, the bar opens, so typing never lands on code keys
            if not stopped:
                asking = bool(code.qualifier_choices)
                self._open_bar(_Open(request, code, receipt, asking=asking, news=self._news))

    def start_note(self) -> None:
        """Stamp a note with no code now; Enter writes it."""
        request = self.run.request(kind=CaptureKind.NOTE)
        self._open_bar(_Open(request, None, None, written=False))

    def mark_moment(self) -> None:
        """Write an uncoded mark now, to code when there is a breath."""
        request = self.run.request(kind=CaptureKind.MARK)
        receipt = self._write(request)
        self._marks.append(_Mark(request, receipt.id if receipt else None))
        self._show_marks()
        self._said(
            f"Moment marked at {self._clock(request.occurred_at)}. "
            "Code it later: ↑ chooses it, then a code key.",
            saved=receipt is not None,
        )

    def _write(self, request: CaptureRequest) -> Receipt | None:
        """Submit a capture; None means the file refused it for now and it waits."""
        receipt = self.run.submit(request)
        if receipt is None:
            return None
        try:
            self._remember_for_undo(request, receipt)
        except Exception:  # the capture is safe on disk; only its undo step is missing
            log_unexpected(*sys.exc_info())
        if receipt.uuid == request.uuid:
            self._emit(receipt.id)
        return receipt

    def _remember_for_undo(self, request: CaptureRequest, receipt: Receipt) -> None:
        """Put a capture already written on the session's undo history."""
        from facilitator.services.capture_commands import RecordCapture

        self._pushing = True  # the panel already shows this capture: no need to read again
        try:
            self.hub.push_done(RecordCapture(request, receipt, schemes=self.run.schemes))
        finally:
            self._pushing = False

    def _history_moved(self, _index: int) -> None:
        if not self._pushing:
            self._refresh_soon.start()

    def _emit(self, observation_id: int) -> Observation | None:
        """Tell the window about a capture as it now stands (None if it cannot be read)."""
        try:
            observation = capture.capture(self.run.db, observation_id)
        except Exception:  # a capture written but not read back must not stop the bar
            log_unexpected(*sys.exc_info())
            return None
        self.captured.emit(observation)
        return observation

    def _toggle(self, code: Code, request: CaptureRequest, receipt: Receipt | None) -> bool:
        """Follow a state key in the running strip; return True if the press stopped it."""
        if receipt is None:  # waiting: the file will decide; follow what the panel knows
            mine = [uuid for uuid, r in self._running.items() if r.code.id == code.id]
            if mine:
                for uuid in mine:
                    del self._running[uuid]
                self._show_running()
                self._said(f"{code.label} stopped", saved=False)
                return True
            self._start(code, request, None, ())
            return False
        if receipt.uuid != request.uuid:  # it was running: this press ended it
            self._drop_running({receipt.id}, code_id=code.id)
            stopped = self._emit(receipt.id)
            took = f" after {span(stopped.duration_seconds or 0)}" if stopped else ""
            self._said(f"{code.label} stopped{took}")
            return True
        self._start(code, request, receipt.id, receipt.stopped)
        return False

    def _start(
        self, code: Code, request: CaptureRequest, obs_id: int | None, stopped: Sequence[int]
    ) -> None:
        ended = [obs for obs in map(self._emit, stopped) if obs is not None and obs.codes]
        self._drop_running(set(stopped))
        if code.exclusive_group:  # as the file does, for a start still waiting
            rivals = {
                c.id
                for c in self._scheme_of[code.id].codes
                if c.exclusive_group == code.exclusive_group
            }
            for uuid, running in list(self._running.items()):
                if running.code.id in rivals:
                    del self._running[uuid]
        self._running[request.uuid] = _Running(code, request.offset_seconds, obs_id)
        self._show_running()
        self._news = "; ".join(
            f"{obs.codes[0].label} stopped after {span(obs.duration_seconds or 0)}" for obs in ended
        )

    def _drop_running(self, observation_ids: set[int], *, code_id: int | None = None) -> None:
        """Take stopped states out of the strip (by id, or by code for a start that was
        waiting to be saved when it was shown)."""
        for uuid, running in list(self._running.items()):
            if running.observation_id in observation_ids or running.code.id == code_id:
                del self._running[uuid]
        self._show_running()

    # The bar -------------------------------------------------------------------------------

    @property
    def bar_open(self) -> bool:
        return self._open is not None

    def _open_bar(self, open_: _Open) -> None:
        self._open = open_
        self.bar.entry.clear()
        self.stack.setCurrentWidget(self.bar)
        self._show_open()
        self._entry_changed("")
        self.bar.entry.setFocus()

    def _show_open(self) -> None:
        open_ = self._open
        if open_ is None:
            return
        code = open_.code
        when = f"at {self._clock(open_.moment)}"
        if open_.backdate:
            when += f"  ·  {ago(open_.backdate)}"
        if not open_.written:
            status = ("Not saved yet: Enter saves the note", "unsaved")
        elif open_.receipt is None and self._waiting(open_.request.uuid):
            status = ("Waiting to be saved", "waiting")
        else:
            status = ("✓ Code saved", "saved")
        self.bar.show_capture(
            title=open_.label, colour=code.colour if code else "#777777", when=when, status=status
        )
        choices = code.qualifier_choices if code else ()
        self.bar.qualifier.setVisible(bool(choices))
        if choices and code is not None:
            parts = []
            for number, choice in enumerate(choices, start=1):
                text = f"{number}&nbsp;{html.escape(choice)}"
                parts.append(f"<b><u>{text}</u></b>" if choice == open_.qualifier else text)
            ask = " (press its number, or Space to skip)" if open_.asking else ""
            name = html.escape(code.qualifier_name or "Qualifier")
            self.bar.qualifier.setText(f"<b>{name}</b>{ask}:&nbsp; " + "&nbsp;&nbsp; ".join(parts))

    def _entry(self) -> Entry:
        return read_entry(self.bar.entry.text(), roster=self.roster, named=self.named)

    def _entry_changed(self, _text: str) -> None:
        if self._open is None:
            return
        entry = self._entry()
        if entry.who:
            self.bar.who.setText("Who: " + "  ·  ".join(w.text for w in entry.who if w.text))
        elif entry.doubt:
            self.bar.who.setText(entry.doubt)
        else:
            self.bar.who.setText(
                "Who (optional): 3  ·  g whole group  ·  3>7 from 3 to 7  ·  @name"
            )

    def _roster_picked(self, number: int) -> None:
        if self._open is not None:
            self.bar.entry.insert(f"{number} ")
            self.bar.entry.setFocus()

    def _choose_qualifier(self, choice: str) -> None:
        open_ = self._open
        assert open_ is not None
        self._apply(open_, {"qualifier": choice})
        open_.qualifier, open_.asking = choice, False
        self._show_open()

    def _move_back(self, seconds: int) -> None:
        open_ = self._open
        assert open_ is not None
        latest = int(open_.request.offset_seconds)  # never before the session started
        open_.backdate = max(0, min(latest, open_.backdate + seconds))
        self._show_open()

    def _moved(self, open_: _Open) -> dict[str, Any]:
        return {
            "occurred_at": open_.moment,
            "offset_seconds": round(max(0.0, open_.request.offset_seconds - open_.backdate), 3),
            "agenda_item_id": self.run.agenda_item_at(open_.moment),
        }

    def save_bar(self) -> None:
        """Save what was typed in the bar (Enter)."""
        open_ = self._open
        if open_ is None:
            return
        entry = self._entry()
        if not open_.written:
            if not entry.note and not entry.who:
                self._close()
                self._say("Nothing was typed, so no note was saved.")
                return
            request = replace(
                open_.request, note=entry.note, subjects=entry.subjects, **self._moved(open_)
            )
            receipt = self._write(request)
            self._close()
            self._said(self._summary(open_, entry), saved=receipt is not None)
            return
        fields: dict[str, Any] = {}
        if entry.note:
            fields["note"] = entry.note
        if entry.who:
            fields["subjects"] = entry.subjects
        waiting = self._apply(open_, fields, self._moved(open_) if open_.backdate else None)
        self._close()
        self._said(self._summary(open_, entry), saved=not waiting)

    def close_bar(self) -> None:
        """Close the bar (Esc): a coded capture keeps its code, qualifier and time; a note
        not yet saved is dropped."""
        open_ = self._open
        if open_ is None:
            return
        if not open_.written:
            self._close()
            self._say("Note dropped: nothing was saved.")
            return
        waiting = self._apply(open_, {}, self._moved(open_) if open_.backdate else None)
        self._close()
        news = f"  ·  {open_.news}" if open_.news else ""
        self._said(
            f"{open_.label} at {self._clock(open_.moment)}, no note{news}", saved=not waiting
        )

    def _close(self) -> None:
        self._open = None
        self.bar.completer.popup().hide()
        self.bar.entry.clear()
        self.stack.setCurrentIndex(0)
        self.setFocus()

    def _apply(
        self, open_: _Open, fields: dict[str, Any], moved: dict[str, Any] | None = None
    ) -> bool:
        """Amend the capture the bar is working on; return True if it still waits."""
        if not fields and not moved:
            return open_.receipt is None and self._waiting(open_.request.uuid)
        if open_.receipt is None:
            asked = {k: tuple(v) if k in ("subjects", "code_ids") else v for k, v in fields.items()}
            if "code_ids" in asked:
                asked["kind"] = CaptureKind.CODED
            if self._amend_waiting(open_.request.uuid, {**asked, **(moved or {})}):
                return True
            # Written since (the window tried again): the same UUID finds it on disk.
            open_.receipt = capture.record(self.run.db, open_.request)
        observation = None
        if fields:
            observation = capture.update_capture(self.run.db, open_.receipt.id, **fields)
        if moved:
            observation = capture.retime(self.run.db, open_.receipt.id, **moved)
        if observation is not None:
            self.captured.emit(observation)
        return False

    def _waiting(self, uuid: str) -> bool:
        return any(request.uuid == uuid for request in self.run.pending)

    def _amend_waiting(self, uuid: str, changes: dict[str, Any]) -> bool:
        for index, request in enumerate(self.run.pending):
            if request.uuid == uuid:
                self.run.pending[index] = replace(request, **changes)
                return True
        return False

    def _summary(self, open_: _Open, entry: Entry) -> str:
        who = "  ·  ".join(w.text for w in entry.who if w.text)
        note = entry.note if len(entry.note) <= 60 else entry.note[:59] + "…"
        first = f"{open_.label} at {self._clock(open_.moment)}"
        return "  ·  ".join(part for part in (first, who, note, open_.news) if part)

    # Marked moments ------------------------------------------------------------------------

    def _show_marks(self) -> None:
        self.marks_view.blockSignals(True)
        self.marks_view.clear()
        waiting = {request.uuid for request in self.run.pending}
        for mark in reversed(self._marks):  # newest first
            text = self._clock(mark.request.occurred_at)
            self.marks_view.addItem(text + (" (waiting)" if mark.request.uuid in waiting else ""))
        self.marks_view.setCurrentRow(-1)
        self.marks_view.blockSignals(False)
        self.marks_view.setVisible(bool(self._marks))
        self.no_marks.setVisible(not self._marks)

    def _step_marks(self, step: int) -> None:
        row = self.marks_view.currentRow()
        row = 0 if row < 0 else max(0, min(self.marks_view.count() - 1, row + step))
        self.marks_view.setCurrentRow(row)

    def _mark_chosen(self, _row: int) -> None:
        mark = self._chosen_mark()
        if mark is not None:
            self._say(
                f"Press a code key to code the moment marked at "
                f"{self._clock(mark.request.occurred_at)} (Esc leaves it).",
                tone="unsaved",
            )
        else:
            self._say("")

    def _chosen_mark(self) -> _Mark | None:
        row = self.marks_view.currentRow()
        return self._marks[len(self._marks) - 1 - row] if 0 <= row < len(self._marks) else None

    def _code_mark(self, mark: _Mark, code: Code) -> None:
        if code.kind is CodeKind.STATE:
            self._say(
                f"{code.label} is a state: start it with its key as it happens. A marked "
                "moment takes a code for a moment.",
                tone="problem",
            )
            return
        receipt = Receipt(mark.observation_id, mark.request.uuid) if mark.observation_id else None
        stamp = replace(mark.request, kind=CaptureKind.CODED, code_ids=(code.id,))
        open_ = _Open(stamp, code, receipt, asking=bool(code.qualifier_choices))
        self._apply(open_, {"code_ids": (code.id,)})
        self._marks.remove(mark)
        self._show_marks()
        self._open_bar(open_)

    # Running states and the clock ----------------------------------------------------------

    def _show_running(self) -> None:
        for pill in self._pills.values():
            pill.hide()  # out of sight now; deleted when the event loop comes round
            pill.deleteLater()
        self._pills = {}
        for uuid, running in self._running.items():
            pill = _label("", "runningPill")
            colour = running.code.colour
            pill.setStyleSheet(
                f"QLabel {{ background: {colour}; color: {ink_for(colour)}; font-size: 18px;"
                f" font-weight: bold; padding: 2px 10px; border: 2px solid {colour};"
                " border-radius: 14px; }"
            )
            self.running_box.addWidget(pill)
            self._pills[uuid] = pill
        self.no_running.setVisible(not self._running)
        running_codes = {running.code.id for running in self._running.values()}
        for tab in self.tabs:
            tab.set_running(running_codes)
        self.tick()

    def tick(self) -> None:
        """Bring running times and the scan prompt up to the clock."""
        elapsed = self.run.timer.elapsed()
        on: dict[int, str] = {}
        for uuid, running in self._running.items():
            took = span(elapsed - running.offset)
            on[running.code.id] = took
            pill = self._pills.get(uuid)
            text = f"● {running.code.label}  {took}"
            if pill is not None and pill.text() != text:
                pill.setText(text)
        for grid in self.code_grids:
            for code_id, cap in grid.caps.items():
                cap.set_running(on.get(code_id))
        if len(self.run.pending) != self._pending_seen:  # the window tried them again
            self._pending_seen = len(self.run.pending)
            self._show_marks()
            self._show_open()
        if self._scan_due is not None and self.prompt.isHidden() and elapsed >= self._scan_due:
            self._show_prompt(due=True)

    # Scan sampling -------------------------------------------------------------------------

    @property
    def scan_minutes(self) -> int | None:
        return self._scan_minutes

    def set_scan_minutes(self, minutes: int | None) -> None:
        """Ask for the dialogue pattern every `minutes` of session time (None: never)."""
        for widget in (self.scan_check, self.scan_spin):
            widget.blockSignals(True)
        self.scan_check.setChecked(minutes is not None)
        if minutes is not None:
            self.scan_spin.setValue(minutes)
        for widget in (self.scan_check, self.scan_spin):
            widget.blockSignals(False)
        self._scan_minutes = minutes
        self._scan_due = self.run.timer.elapsed() + minutes * 60 if minutes else None
        self.prompt.hide()

    def _scan_setting_changed(self, *_args: object) -> None:
        self.set_scan_minutes(self.scan_spin.value() if self.scan_check.isChecked() else None)

    def _show_prompt(self, *, due: bool = False) -> None:
        """Show (or, after Tab, reword) the calm question; it never takes the focus."""
        if not due and self.prompt.isHidden():
            return
        scheme = self.current_scheme()
        there = scheme is not None and scheme.slug == DIALOGUE_SCHEME
        hint = "" if there else "   (Tab to Dialogue patterns, then its key)"
        self.prompt.setText(f"What is the dialogue pattern now?{hint}")
        self.prompt.show()

    def _answer_scan(self, code: Code) -> None:
        asked = self._scan_minutes and not self.prompt.isHidden()
        if asked and self._scheme_of[code.id].slug == DIALOGUE_SCHEME:
            self.prompt.hide()
            self._scan_due = self.run.timer.elapsed() + (self._scan_minutes or 0) * 60

    # Keys and help -------------------------------------------------------------------------

    def edit_keys(self) -> None:
        """Open the Keys dialog; show the new keys if any changed."""
        if KeysDialog.edit(self, self.run.db, self.run.schemes):
            self.reload_schemes()
            self.changes_made.emit(Changes(schemes=True))

    def shortcut_sheet(self) -> str:
        """Return every key live capture answers to, as plain text."""
        lines = [f"  {key:<15}{meaning}" if key else meaning for key, meaning in SHEET_KEYS]
        for number, scheme in enumerate(self.run.schemes):
            lines += ["", scheme.name + ("   (current)" if number == self.current else "")]
            for code in scheme.codes:
                state = "   (on/off)" if code.kind is CodeKind.STATE else ""
                lines.append(f"  {code.key:<15}{code.label}{state}")
        return "\n".join(lines) + "\n"

    def show_sheet(self) -> None:
        """Show the shortcut sheet beside the live window; it does not block."""
        if self.sheet is None:
            self.sheet = ShortcutSheet(self)
        self.sheet.set_text(self.shortcut_sheet())
        self.sheet.show()
        self.sheet.raise_()

    # Words ---------------------------------------------------------------------------------

    def _clock(self, moment: datetime) -> str:
        return f"{moment.astimezone(self._zone):%H:%M:%S}"

    def _say(self, text: str, *, tone: str = "") -> None:
        self.notice.setText(text)
        _restyle(self.notice, tone=tone if text else "")

    def _said(self, text: str, *, saved: bool = True) -> None:
        """Say what became of a capture: saved, or waiting (never "saved" unless it is)."""
        if saved:
            self._say(f"✓ Saved: {text}", tone="saved")
        else:  # the window's banner says why, and offers to save to another file
            self._say(
                f"Waiting to be saved: {text.rstrip('.')}. Kept here and tried again.",
                tone="waiting",
            )


class _KeyEdit(QLineEdit):
    """A one-character box: typing a character asks for that key at once."""

    key_typed = Signal(str)

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.setMaxLength(1)
        self.setFixedWidth(48)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.setFont(font)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isprintable() and not text.isspace():
            self.key_typed.emit(text)
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            return  # a code always has a key
        super().keyPressEvent(event)


class KeysDialog(QDialog):
    """The capture keys of the session's schemes; each change is saved as it is typed."""

    def __init__(
        self, db: Any, schemes: Sequence[CodingScheme], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture keys")
        self.db = db
        self.changed = False
        self.edits: dict[int, _KeyEdit] = {}
        self._keys: dict[int, str] = {}
        intro = _label(
            "Type a letter or a digit beside a code to give it that key. Keys belong to a "
            "scheme: two codes of one scheme cannot share a key.",
            wrap=True,
        )
        columns = QHBoxLayout()
        for scheme in schemes:
            box = QGroupBox(scheme.name)
            grid = QGridLayout(box)
            for row, code in enumerate(scheme.codes):
                edit = _KeyEdit(code.key)
                edit.setAccessibleName(f"Key for {code.label}")
                edit.key_typed.connect(partial(self._change, code))
                self.edits[code.id] = edit
                self._keys[code.id] = code.key
                grid.addWidget(edit, row, 0)
                grid.addWidget(_label(code.label), row, 1)
            columns.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        self.message = _label("", wrap=True)
        self.message.setMinimumHeight(48)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @classmethod
    def edit(cls, parent: QWidget | None, db: Any, schemes: Sequence[CodingScheme]) -> bool:
        """Show the dialog; return True if any key changed."""
        dialog = cls(db, schemes, parent)
        dialog.exec()
        return dialog.changed

    def _change(self, code: Code, key: str) -> None:
        edit = self.edits[code.id]
        try:
            scheme_service.set_code_key(self.db, code_id=code.id, key=key)
        except FacilitatorError as error:
            edit.setText(self._keys[code.id])
            self.message.setText(str(error))
            self.message.setStyleSheet("background: #FFE1DC; color: #5C1000; padding: 6px;")
            return
        self._keys[code.id] = key.lower()
        edit.setText(key.lower())
        self.changed = True
        self.message.setText(f"“{code.label}” now has the key “{key.lower()}”.")
        self.message.setStyleSheet("padding: 6px;")


class ShortcutSheet(QDialog):
    """Every live-capture key, in large print; F1, ? or Esc closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture keys")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPixelSize(18)
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.resize(860, 860)

    def set_text(self, text: str) -> None:
        self.text.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F1 or event.text() == "?":
            self.reject()
            return
        super().keyPressEvent(event)
