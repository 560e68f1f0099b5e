"""The facilitator's quiet cues: patterns in recent captures, each with a move to try.

Cues are for the facilitator's screen only, never the room's. They stay calm: a thin coloured
edge (Okabe-Ito blue, which reads for the common colour-vision differences) and plain words,
never an alarm colour. The caller passes the cues that hold now with `update(cues, offset)`,
or the captures with `evaluate(...)`; the panel decides which are new (`cue_fired`), which
were dismissed, and shows the rest.
"""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.cue_evaluation import evaluate
from facilitator.domain.cues import MINUTE, Cue, CueContext, CueRuleSet, CueTracker
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.snapshots import Observation
from facilitator.services.cue_rules import OVERRIDES_FILE, load_rules, set_cues_on
from facilitator.ui.cue_rules_dialog import CueRulesDialog
from facilitator.ui.live_panel import (
    HEADING_SCALE,
    HIGH_CONTRAST_TICKS,
    PROBLEM_STYLE,
    button_row,
    panel_button,
    set_scaled,
)

DISCLAIMER = "Your own rules of thumb, shown only to you: not scientific norms."
NORMAL_CARDS = """
QFrame#cueCard {
    background-color: #F4F7FA; border: 1px solid #D5DAE0; border-left: 4px solid #0072B2;
    border-radius: 4px;
}
QFrame#cueCard QLabel { background: transparent; color: #1B1B1B; }
QFrame#cueCard QLabel[muted="true"] { color: #4E545C; }
QLabel#cueDisclaimer, QLabel#cuePlaceholder { color: #4E545C; }
"""
HIGH_CONTRAST_CARDS = """
QFrame#cueCard {
    background-color: #000000; border: 1px solid #8A8A8A; border-left: 6px solid #56B4E9;
    border-radius: 4px;
}
QFrame#cueCard QLabel { background: transparent; color: #FFFFFF; }
QFrame#cueCard QLabel[muted="true"] { color: #D6D6D6; }
QLabel#cueDisclaimer, QLabel#cuePlaceholder { color: #D6D6D6; }
"""


def default_rules_path() -> Path:
    """Return where the facilitator's own cue rules are kept: beside the app's settings."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(folder) / OVERRIDES_FILE


def held_for(cue: Cue, offset: float) -> str:
    """Return how long a cue has held, in words ("for 6 min")."""
    minutes = int(max(offset - cue.since, 0.0) // MINUTE)
    return "just now" if minutes < 1 else f"for {minutes} min"


def _label(text: str = "", *, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        label.setProperty("muted", True)
    return label


class CueCard(QFrame):
    """One cue: its title, what was seen, the move to try, how long, and Dismiss."""

    def __init__(self, cue: Cue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cueCard")
        self.rule_id = cue.rule_id
        self.title_label = _label()
        self.text_label = _label()
        self.move_label = _label()
        self.held_label = _label(muted=True)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAutoDefault(False)
        self.dismiss_button.setAccessibleName(f"Dismiss cue: {cue.title}")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 8, 6)
        column.setSpacing(3)
        for widget in (self.title_label, self.text_label, self.move_label):
            column.addWidget(widget)
        column.addLayout(button_row(self.held_label, self.dismiss_button, stretch_first=True))

    def show_cue(self, cue: Cue, offset: float) -> None:
        self.title_label.setText(cue.title)
        self.text_label.setText(cue.text)
        self.move_label.setText(f"Try: {cue.move}")
        self.held_label.setText(held_for(cue, offset).capitalize())

    def scale_fonts(self, base: QWidget) -> None:
        set_scaled(self.title_label, base.font(), 1.0)


class CuePanel(QWidget):
    """The live window's quiet list of cues, with the switch for them and their rules."""

    cue_fired = Signal(object)  # Cue, the first time it shows
    rules_changed = Signal(object)  # CueRuleSet, after the rules were edited or switched

    def __init__(self, *, rules_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cuePanel")
        self.rules_path = rules_path
        loaded = load_rules(rules_path)
        self.rules: CueRuleSet = loaded.rules
        self.tracker = CueTracker()
        self.offset = 0.0
        self.cards: dict[str, CueCard] = {}
        self.heading = QLabel("Cues")
        self.heading.setObjectName("panelHeading")
        self.problem = _label()
        self.problem.setObjectName("panelProblem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.show_problem(loaded.problem)
        self.show_cues = QCheckBox("Show cues")
        self.show_cues.setChecked(self.rules.cues_on)
        self.show_cues.toggled.connect(self._switch)
        self.rules_button = panel_button("Rules…", self.edit_rules)
        self.disclaimer = _label(DISCLAIMER)
        self.disclaimer.setObjectName("cueDisclaimer")
        self.placeholder = _label()
        self.placeholder.setObjectName("cuePlaceholder")
        self.list = QWidget()
        self.list.setObjectName("cueList")
        self.list_column = QVBoxLayout(self.list)
        self.list_column.setContentsMargins(0, 0, 0, 0)
        self.list_column.addWidget(self.placeholder)
        self.list_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addLayout(button_row(self.show_cues, self.rules_button))
        column.addWidget(self.problem)
        column.addWidget(scroll, 1)
        column.addWidget(self.disclaimer)
        self._theme_style = NORMAL_CARDS
        self.setStyleSheet(self._theme_style)
        self.scale_fonts()
        self._show()

    # Fed from outside ------------------------------------------------------------------

    def update(  # type: ignore[override]
        self, cues: Sequence[Cue] | None = None, offset: float | None = None
    ) -> None:
        """Take the cues that hold at `offset` and show them; announce the new ones.

        Called with no arguments it is QWidget.update(), a repaint.
        """
        if cues is None or offset is None:
            super().update()
            return
        self.offset = offset
        if not self.rules.cues_on:
            self.tracker.clear()
            self._show()
            return
        fired = self.tracker.step(cues, offset)
        self._show()
        for cue in fired:
            self.cue_fired.emit(cue)

    def evaluate(
        self,
        captures: Sequence[Observation],
        offset: float,
        context: CueContext | None = None,
    ) -> None:
        """Evaluate the current rules over `captures` at `offset` and show the result."""
        self.update(evaluate(self.rules.rules, captures, now=offset, context=context), offset)

    def visible_cues(self) -> tuple[Cue, ...]:
        return self.tracker.visible() if self.rules.cues_on else ()

    # The facilitator's actions ---------------------------------------------------------

    def dismiss(self, rule_id: str) -> None:
        """Hide a cue until its condition clears."""
        self.tracker.dismiss(rule_id)
        self._show()

    def edit_rules(self) -> None:
        rules = CueRulesDialog.ask(self, path=self.rules_path)
        if rules is not None:
            self.set_rules(rules)

    def set_rules(self, rules: CueRuleSet) -> None:
        """Use `rules` from now on (after an edit elsewhere) and announce them."""
        self.rules = rules
        self.show_problem("")
        self.show_cues.blockSignals(True)
        self.show_cues.setChecked(rules.cues_on)
        self.show_cues.blockSignals(False)
        self._show()
        self.rules_changed.emit(rules)

    def _switch(self, on: bool) -> None:
        try:
            rules = set_cues_on(self.rules_path, on)
        except FacilitatorError as error:
            self.show_problem(str(error))
            return
        if not on:
            self.tracker.clear()
        self.set_rules(rules)

    # Drawing -----------------------------------------------------------------------------

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _show(self) -> None:
        cues = self.visible_cues()
        wanted = {cue.rule_id for cue in cues}
        for rule_id in list(self.cards):
            if rule_id not in wanted:
                card = self.cards.pop(rule_id)
                card.hide()
                card.deleteLater()
        for position, cue in enumerate(cues):
            card = self.cards.get(cue.rule_id)
            if card is None:
                card = CueCard(cue)
                card.dismiss_button.clicked.connect(
                    lambda _=False, rule_id=cue.rule_id: self.dismiss(rule_id)
                )
                card.scale_fonts(self)
                self.cards[cue.rule_id] = card
            self.list_column.insertWidget(position + 1, card)
            card.show_cue(cue, self.offset)
            card.show()
        if not self.rules.cues_on:
            self.placeholder.setText("Cues are switched off.")
        else:
            self.placeholder.setText("No patterns to point out just now.")
        self.placeholder.setVisible(not cues)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.scale_fonts()

    def scale_fonts(self) -> None:
        """Size the heading and cue titles from the panel's own font (set by the theme)."""
        set_scaled(self.heading, self.font(), HEADING_SCALE)
        for card in self.cards.values():
            card.scale_fonts(self)

    def set_theme(self, theme: object) -> None:
        """Follow the live window's look (normal or high contrast)."""
        normal = getattr(theme, "key", "normal") == "normal"
        self._theme_style = NORMAL_CARDS if normal else HIGH_CONTRAST_CARDS + HIGH_CONTRAST_TICKS
        self.setStyleSheet(self._theme_style)
        QTimer.singleShot(0, self, self.scale_fonts)
