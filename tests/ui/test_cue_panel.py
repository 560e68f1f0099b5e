"""The facilitator's cue panel and the rules dialog, driven as a facilitator would."""

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from facilitator.domain.cue_evaluation import evaluate
from facilitator.domain.cues import Cue
from facilitator.services.cue_rules import load_rules, shipped_rules
from facilitator.ui.cue_panel import CuePanel, default_rules_path
from facilitator.ui.cue_rules_dialog import CueRulesDialog
from facilitator.ui.live_theme import HIGH_CONTRAST, NORMAL, Theme
from tests.domain.test_cues import OPPOSE, STUCK, capture, series


@pytest.fixture
def rules_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "cue_rules.json"


@pytest.fixture
def panel(qtbot, rules_path: Path) -> CuePanel:
    widget = CuePanel(rules_path=rules_path)
    qtbot.addWidget(widget)
    widget.resize(360, 560)
    widget.show()
    return widget


def opposes(count: int) -> list:
    return series(*[OPPOSE] * count, step=30)


def shown_titles(panel: CuePanel) -> list[str]:
    return [card.title_label.text() for card in panel.cards.values() if card.isVisible()]


def test_cues_appear_and_fire_once(qtbot, panel: CuePanel) -> None:
    """A new cue shows with its move and how long it has held, and is announced only once."""
    fired: list[Cue] = []
    panel.cue_fired.connect(fired.append)
    panel.evaluate(opposes(3), 120)
    assert shown_titles(panel) == [] and panel.placeholder.isVisible()
    panel.evaluate(opposes(4), 120)
    assert shown_titles(panel) == ["Point and counterpoint"]
    card = panel.cards["point-counterpoint"]
    assert card.move_label.text().startswith("Try: Invite a bystander")
    assert card.held_label.text() == "Just now"
    panel.evaluate(opposes(5), 90 + 6 * 60)
    assert card.held_label.text() == "For 6 min"
    assert [cue.rule_id for cue in fired] == ["point-counterpoint"]
    assert not panel.placeholder.isVisible()


def test_dismiss_by_click_hides_until_the_pattern_clears(qtbot, panel: CuePanel) -> None:
    fired: list[Cue] = []
    panel.cue_fired.connect(fired.append)
    panel.evaluate(opposes(4), 120)
    qtbot.mouseClick(panel.cards["point-counterpoint"].dismiss_button, Qt.MouseButton.LeftButton)
    assert shown_titles(panel) == []
    panel.evaluate(opposes(6), 200)
    assert shown_titles(panel) == []
    broken = [*opposes(6), capture(7, 210, "kantor-four-player/bystand")]
    panel.evaluate(broken, 220)
    panel.evaluate([*broken, *(capture(n, 230 + n, OPPOSE) for n in range(8, 12))], 60 * 60)
    assert shown_titles(panel) == ["Point and counterpoint"]  # after its ten-minute quiet
    assert len(fired) == 2


def test_the_show_cues_box_switches_every_cue_off(qtbot, panel: CuePanel, rules_path) -> None:
    """Off: nothing shows or fires, and the choice is saved for next time."""
    fired: list[Cue] = []
    panel.cue_fired.connect(fired.append)
    panel.evaluate(opposes(4), 120)
    qtbot.mouseClick(panel.show_cues, Qt.MouseButton.LeftButton)
    assert not panel.show_cues.isChecked()
    assert shown_titles(panel) == []
    assert panel.placeholder.text() == "Cues are switched off."
    panel.evaluate([capture(1, 0, STUCK, duration=None)], 20 * 60)
    assert shown_titles(panel) == [] and len(fired) == 1
    assert load_rules(rules_path).rules.cues_on is False
    assert CuePanel(rules_path=rules_path).show_cues.isChecked() is False
    qtbot.mouseClick(panel.show_cues, Qt.MouseButton.LeftButton)
    panel.evaluate([capture(1, 0, STUCK, duration=None)], 20 * 60)
    assert shown_titles(panel) == ["A stuck pattern"]


def test_the_dialog_edits_a_threshold_and_the_engine_uses_it(qtbot, rules_path) -> None:
    """Six in a row instead of four: four opposes no longer make a cue."""
    dialog = CueRulesDialog(None, path=rules_path)
    qtbot.addWidget(dialog)
    dialog.editor("point-counterpoint").spins["run_length"].setValue(6)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted.value
    rules = load_rules(rules_path).rules
    assert rules == dialog.saved
    assert evaluate(rules.rules, opposes(4), now=600) == ()
    assert [c.rule_id for c in evaluate(rules.rules, opposes(6), now=600)] == ["point-counterpoint"]


def test_the_panel_uses_rules_saved_from_its_dialog(qtbot, panel: CuePanel, monkeypatch) -> None:
    changed = []
    panel.rules_changed.connect(changed.append)
    edited = shipped_rules().with_rule(
        replace(shipped_rules().rule("point-counterpoint"), enabled=False)
    )
    monkeypatch.setattr(CueRulesDialog, "ask", classmethod(lambda cls, parent, path: edited))
    qtbot.mouseClick(panel.rules_button, Qt.MouseButton.LeftButton)
    assert changed == [edited]
    panel.evaluate(opposes(5), 200)
    assert shown_titles(panel) == []


def test_bad_wording_is_refused_at_the_field(qtbot, rules_path) -> None:
    dialog = CueRulesDialog(None, path=rules_path)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.editor("no-inquiry")
    editor.wording_edit.setText("{name} has not asked a question")
    assert editor.wording_error.isVisible()
    assert "{name}" in editor.wording_error.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is None and not rules_path.exists()
    assert "No inquiry" not in dialog.problem.text() and dialog.problem.isVisible()
    editor.wording_edit.setText("Quiet on inquiry for {minutes} min")
    assert not editor.wording_error.isVisible()


def test_reset_one_and_all_in_the_dialog(qtbot, rules_path) -> None:
    dialog = CueRulesDialog(None, path=rules_path)
    qtbot.addWidget(dialog)
    editor = dialog.editor("stuck-pattern")
    editor.spins["min_minutes"].setValue(30)
    editor.enabled.setChecked(False)
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert editor.rule() == shipped_rules().rule("stuck-pattern")
    dialog.editor("one-voice").move_edit.setText("Ask around")
    qtbot.mouseClick(dialog.reset_all_button, Qt.MouseButton.LeftButton)
    assert dialog.editor("one-voice").rule() == shipped_rules().rule("one-voice")


def hosted(qtbot, panel: CuePanel, theme: Theme) -> QWidget:
    """Put the panel in a host styled as the live window is, in `theme`."""
    host = QWidget()
    qtbot.addWidget(host)
    host.setStyleSheet(theme.window_style)
    QVBoxLayout(host).addWidget(panel)
    panel.set_theme(theme)
    host.resize(380, 620)
    host.show()
    qtbot.wait(10)
    return host


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST])
def test_the_panel_and_dialog_render(qtbot, rules_path, tmp_path, theme: Theme) -> None:
    """Pictures of the panel in both looks and of the dialog, for a person to look over."""
    panel = CuePanel(rules_path=rules_path)
    captures = [*opposes(5), capture(6, 60, STUCK, duration=None)]
    host = hosted(qtbot, panel, theme)
    panel.evaluate(captures, 14 * 60)
    qtbot.wait(10)
    target = Path(os.environ.get("SCREENSHOTS", str(tmp_path)))
    assert host.grab().save(str(target / f"cue_panel_{theme.key}.png"))
    dialog = CueRulesDialog(None, path=rules_path)
    qtbot.addWidget(dialog)
    dialog.resize(620, 760)
    dialog.show()
    assert dialog.grab().save(str(target / "cue_rules_dialog.png"))


def test_the_rules_file_sits_in_the_settings_folder(qtbot, tmp_path) -> None:
    """XDG_CONFIG_HOME points into the test's folder, so the file goes there."""
    path = default_rules_path()
    assert path.name == "cue_rules.json"
    assert path.is_relative_to(tmp_path / "config")
