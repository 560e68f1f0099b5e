"""Scan sampling: a calm question every few minutes of session time, for the dialogue pattern."""

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from facilitator.domain.snapshots import Code, CodingScheme

DIALOGUE_SCHEME = "dialogue-patterns"  # the scheme scan sampling asks about
SCAN_DEFAULT_MINUTES = 5
QUESTION = "What is the dialogue pattern now?"


class ScanPrompt(QLabel):
    """The question itself, the setting of how often it is asked, and when it is next due.

    It never takes the focus: a key of the dialogue-patterns scheme answers it, and it asks
    again that many minutes later.
    """

    def __init__(
        self,
        *,
        elapsed: Callable[[], float],
        current_scheme: Callable[[], CodingScheme | None],
        schemes: Sequence[CodingScheme],
    ) -> None:
        super().__init__(QUESTION)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("prompt")
        self.hide()
        self._elapsed = elapsed
        self._current_scheme = current_scheme
        self._minutes: int | None = None
        self._due: float | None = None  # session time when the question is next asked
        self.check = QCheckBox("Ask for the dialogue pattern every")
        self.spin = QSpinBox()
        self.spin.setRange(1, 30)
        self.spin.setValue(SCAN_DEFAULT_MINUTES)
        self.spin.setSuffix(" min")
        self.check.toggled.connect(self._setting_changed)
        self.spin.valueChanged.connect(self._setting_changed)
        self.check.setEnabled(any(s.slug == DIALOGUE_SCHEME for s in schemes))

    def setting_row(self) -> QWidget:
        """Return the setting as one row, for the panel's settings menu."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.check)
        layout.addWidget(self.spin)
        return row

    @property
    def minutes(self) -> int | None:
        return self._minutes

    def set_minutes(self, minutes: int | None) -> None:
        """Ask for the dialogue pattern every `minutes` of session time (None: never)."""
        for widget in (self.check, self.spin):
            widget.blockSignals(True)
        self.check.setChecked(minutes is not None)
        if minutes is not None:
            self.spin.setValue(minutes)
        for widget in (self.check, self.spin):
            widget.blockSignals(False)
        self._minutes = minutes
        self._due = self._elapsed() + minutes * 60 if minutes else None
        self.hide()

    def _setting_changed(self, *_args: object) -> None:
        self.set_minutes(self.spin.value() if self.check.isChecked() else None)

    def tick(self, elapsed: float) -> None:
        """Ask the question if it is due at session time `elapsed`."""
        if self._due is not None and self.isHidden() and elapsed >= self._due:
            self.ask(due=True)

    def ask(self, *, due: bool = False) -> None:
        """Show (or, after Tab, reword) the calm question; it never takes the focus."""
        if not due and self.isHidden():
            return
        scheme = self._current_scheme()
        there = scheme is not None and scheme.slug == DIALOGUE_SCHEME
        hint = "" if there else "   (Tab to Dialogue patterns, then its key)"
        self.setText(f"{QUESTION}{hint}")
        self.show()

    def answer(self, code: Code, scheme_of: Mapping[int, CodingScheme]) -> None:
        """Take a code pressed while the question shows: a dialogue pattern answers it."""
        asked = self._minutes and not self.isHidden()
        if asked and scheme_of[code.id].slug == DIALOGUE_SCHEME:
            self.hide()
            self._due = self._elapsed() + (self._minutes or 0) * 60
