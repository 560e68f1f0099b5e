"""The facilitator's edits to the cue rules: saved, laid over the shipped ones, reset, set aside."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.domain.errors import NotFoundError
from facilitator.services.cue_rules import (
    load_rules,
    reset_all,
    reset_rule,
    save_rules,
    set_cues_on,
    shipped_rules,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "cue_rules.json"


def test_without_a_file_the_shipped_rules_are_used(path: Path) -> None:
    loaded = load_rules(path)
    assert loaded.rules == shipped_rules()
    assert loaded.problem == ""


def test_edits_survive_a_save_and_only_differences_are_kept(path: Path) -> None:
    """A retuned threshold and new wording come back; untouched rules are not written."""
    rules = shipped_rules()
    rule = rules.rule("point-counterpoint")
    edited = replace(
        rule,
        wording="{count} opposes running",
        enabled=False,
        thresholds={**rule.thresholds, "run_length": 6},
    )
    save_rules(path, rules.with_rule(edited))
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["rules"] == {
        "point-counterpoint": {
            "enabled": False,
            "thresholds": {"run_length": 6},
            "wording": "{count} opposes running",
        }
    }
    loaded = load_rules(path).rules.rule("point-counterpoint")
    assert loaded.threshold("run_length") == 6
    assert not loaded.enabled
    assert loaded.wording == "{count} opposes running"
    assert not list(path.parent.glob("*.tmp"))


def test_reset_one_rule_or_all(path: Path) -> None:
    rules = shipped_rules()
    changed = rules
    for rule in rules.rules:
        changed = changed.with_rule(replace(rule, move="Something else", cooldown_minutes=1))
    changed = replace(changed, cues_on=False)
    one = reset_rule(changed, "stuck-pattern")
    assert one.rule("stuck-pattern") == rules.rule("stuck-pattern")
    assert one.rule("no-inquiry").move == "Something else"
    everything = reset_all(changed)
    assert everything.rules == rules.rules
    assert everything.cues_on is False  # the switch is not a rule


def test_switching_all_cues_off_keeps_the_edits(path: Path) -> None:
    rules = shipped_rules()
    edited = replace(rules.rule("one-voice"), move="Ask the others")
    save_rules(path, rules.with_rule(edited))
    assert set_cues_on(path, False).cues_on is False
    loaded = load_rules(path).rules
    assert loaded.cues_on is False
    assert loaded.rule("one-voice").move == "Ask the others"
    assert set_cues_on(path, True).cues_on is True


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"format": 99, "rules": {}}',
        '{"format": 1, "rules": {"no-inquiry": {"thresholds": {"window_minutes": -3}}}}',
        '{"format": 1, "rules": {"no-inquiry": {"wording": "Hello {name}"}}}',
        '{"format": 1, "rules": {"no-inquiry": {"kind": "long_state"}}}',
        '{"format": 1, "cues_on": "yes", "rules": {}}',
    ],
)
def test_a_broken_file_is_moved_aside_and_the_defaults_used(path: Path, content: str) -> None:
    """The message says what happened; the file is kept under another name, never deleted."""
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    loaded = load_rules(path)
    assert loaded.rules == shipped_rules()
    assert "could not be used" in loaded.problem
    assert loaded.moved_to is not None and loaded.moved_to.read_text(encoding="utf-8") == content
    assert loaded.moved_to.name in loaded.problem
    assert not path.exists()
    path.write_text(content, encoding="utf-8")
    assert load_rules(path).moved_to != loaded.moved_to  # a second one does not overwrite


def test_a_rule_retired_from_the_app_is_ignored(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"format": 1, "rules": {"old-rule": {"move": "x"}}}', encoding="utf-8")
    loaded = load_rules(path)
    assert loaded.problem == ""
    assert loaded.rules == shipped_rules()


def test_resetting_an_unknown_rule_says_so() -> None:
    with pytest.raises(NotFoundError, match="no cue rule"):
        reset_rule(shipped_rules(), "gone")
