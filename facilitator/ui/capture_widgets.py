"""The capture panel's widgets: key caps in a grid, the strip of schemes, the roster strip."""

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.enums import CodeKind
from facilitator.domain.snapshots import Code, CodingScheme, Participant
from facilitator.ui.capture_look import key_style, plain_label, restyle

ROSTER_COLUMNS = 8
CAP_WIDTH = 250  # the width one key cap needs; the grid fits as many columns as it can


def short_name(name: str) -> str:
    """Return "Deborah F." for the roster strip."""
    words = name.split()
    return f"{words[0]} {words[-1][0]}." if len(words) > 1 else name


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
        self.label = plain_label(code.label, "codeLabel", wrap=True)
        self.label.setToolTip(code.description)
        self.label.setMinimumHeight(self.SIZE)  # a one-line label sits level with its key
        self.label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.mark = plain_label("", "stateMark")
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
            restyle(self.label, running=elapsed is not None)
            self._paint_key()
            self._claim_height()

    def _paint_key(self) -> None:
        point = self.code.kind is not CodeKind.STATE
        filled = point or self.running is not None
        self.key.setStyleSheet(key_style(self.code, filled=filled, size=self.SIZE))


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
        self.name = plain_label(scheme.name, "schemeName")
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
        restyle(self, current=current)
        restyle(self.name)
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
            self.minis[code.id].setStyleSheet(key_style(code, filled=filled, size=self.MINI))


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
            chip = plain_label(f"{index + 1}  {short_name(person.name)}", "rosterChip")
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
