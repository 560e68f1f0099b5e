"""Edit the cue rules: on or off, wording, the move to try, and their thresholds."""

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.cues import (
    COOLDOWN,
    SPECS,
    CueRule,
    CueRuleSet,
    check_wording,
    parse_rule,
    rule_data,
)
from facilitator.domain.errors import ContentError, FacilitatorError
from facilitator.services.cue_rules import load_rules, reset_all, save_rules, shipped_rules
from facilitator.ui.forms import ERROR_STYLE


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class RuleEditor(QGroupBox):
    """One rule's settings, with a tick box to switch it on or off."""

    def __init__(self, rule: CueRule, parent: QWidget | None = None) -> None:
        super().__init__(rule.title, parent)
        self.setObjectName(f"rule-{rule.id}")
        self._rule = rule
        self.enabled = QCheckBox("Show this cue")
        self.wording_edit = QLineEdit()
        self.move_edit = QLineEdit()
        self.wording_error = _error_label()
        self.move_error = _error_label()
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        names = ", ".join(f"{{{name}}}" for name in sorted(SPECS[rule.kind].placeholders))
        hint = QLabel(f"Numbers you can use: {names}")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setStyleSheet("color: #4E545C;")
        form.addRow("", self.enabled)
        wording = self._with_error(self.wording_edit, self.wording_error)
        wording.layout().addWidget(hint)
        form.addRow("What you see", wording)
        form.addRow("Move to try", self._with_error(self.move_edit, self.move_error))
        for limit in (*SPECS[rule.kind].thresholds, COOLDOWN):
            spin = QSpinBox()
            spin.setRange(limit.minimum, limit.maximum)
            spin.setSuffix(limit.suffix)
            spin.setObjectName(limit.name)
            self.spins[limit.name] = spin
            form.addRow(limit.label, spin)
        self.reset_button = QPushButton("Reset to the app's rule")
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)
        form.addRow("", self.reset_button)
        self.wording_edit.textChanged.connect(self.check)
        self.move_edit.textChanged.connect(self.check)
        self.load(rule)

    @staticmethod
    def _with_error(field: QLineEdit, error: QLabel) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        column.addWidget(error)
        return holder

    def load(self, rule: CueRule) -> None:
        """Show `rule`'s settings."""
        self._rule = rule
        self.enabled.setChecked(rule.enabled)
        self.wording_edit.setText(rule.wording)
        self.move_edit.setText(rule.move)
        for edit in (self.wording_edit, self.move_edit):
            edit.setCursorPosition(0)
            edit.setToolTip(edit.text())
        for name, spin in self.spins.items():
            spin.setValue(rule.cooldown_minutes if name == COOLDOWN.name else rule.threshold(name))
        self.check()

    def reset(self) -> None:
        self.load(shipped_rules().rule(self._rule.id))

    def check(self) -> bool:
        """Show any problem beside its field; return True if there is none."""
        problems = {self.wording_error: "", self.move_error: ""}
        try:
            check_wording(self.wording_edit.text(), self._rule.kind)
        except ContentError as error:
            problems[self.wording_error] = str(error)
        if not self.move_edit.text().strip():
            problems[self.move_error] = "Write a move to try, however short."
        for label, text in problems.items():
            label.setText(text)
            label.setVisible(bool(text))
        return not any(problems.values())

    def rule(self) -> CueRule:
        """Return the rule as edited (check() first)."""
        values = {name: spin.value() for name, spin in self.spins.items()}
        cooldown = values.pop(COOLDOWN.name)
        return replace(
            self._rule,
            enabled=self.enabled.isChecked(),
            wording=self.wording_edit.text().strip(),
            move=self.move_edit.text().strip(),
            cooldown_minutes=cooldown,
            thresholds=values,
        )


class CueRulesDialog(QDialog):
    """Every cue rule, one box each; Save writes the edits to the facilitator's own file."""

    def __init__(self, parent: QWidget | None, *, path: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cue rules")
        self.setMinimumSize(560, 520)
        self.path = path
        self.saved: CueRuleSet | None = None
        loaded = load_rules(path)
        self._rules = loaded.rules
        intro = QLabel(
            "These are your own rules of thumb for noticing patterns, not scientific norms. "
            "Cues show only on your screen, never to the room."
        )
        intro.setWordWrap(True)
        self.problem = _error_label()
        if loaded.problem:
            self.problem.setText(loaded.problem)
            self.problem.show()
        self.editors = {rule.id: RuleEditor(rule) for rule in self._rules.rules}
        body = QWidget()
        column = QVBoxLayout(body)
        for editor in self.editors.values():
            column.addWidget(editor)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.reset_all_button = QPushButton("Reset all to the app's rules")
        self.reset_all_button.setAutoDefault(False)
        self.reset_all_button.clicked.connect(self.reset_all)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.reset_all_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)

    def editor(self, rule_id: str) -> RuleEditor:
        return self.editors[rule_id]

    def reset_all(self) -> None:
        for rule in reset_all(self._rules).rules:
            self.editors[rule.id].load(rule)

    def save(self) -> None:
        """Save the edits; a problem keeps the dialog open and says where it is."""
        bad = [editor for editor in self.editors.values() if not editor.check()]
        if bad:
            self._show_problem(f'Check the rule "{bad[0].title()}" before saving.')
            return
        rules = self._rules
        try:
            for editor in self.editors.values():
                rules = rules.with_rule(parse_rule(rule_data(editor.rule())))
            save_rules(self.path, rules)
        except FacilitatorError as error:
            self._show_problem(str(error))
            return
        self.saved = rules
        self.accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    @classmethod
    def ask(cls, parent: QWidget | None, *, path: Path) -> CueRuleSet | None:
        """Show the dialog; return the rules as saved, or None if cancelled."""
        dialog = cls(parent, path=path)
        return dialog.saved if dialog.exec() else None
