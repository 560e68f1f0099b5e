"""The cue rules in use: the shipped ones with the facilitator's own edits laid over them.

The edits live in a small JSON file of their own (the UI keeps it beside its settings), holding
only what differs from the shipped rules, so a retuned threshold survives an update that
rewords another rule. A file that cannot be read is moved aside, never deleted, and the
shipped rules are used with a message saying so.
"""

import json
import logging
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from facilitator.domain.cues import (
    CUES_FORMAT,
    CueRule,
    CueRuleSet,
    parse_rule,
    parse_rules,
    rule_data,
)
from facilitator.domain.errors import ContentError, FacilitatorError
from facilitator.reports.files import write_atomically
from facilitator.resources import resource_path

log = logging.getLogger(__name__)

OVERRIDES_FILE = "cue_rules.json"
EDITABLE = frozenset({"enabled", "title", "wording", "move", "cooldown_minutes", "thresholds"})


@dataclass(frozen=True, slots=True)
class LoadedRules:
    """The rules to use, and why the facilitator's edits were set aside, if they were."""

    rules: CueRuleSet
    problem: str = ""
    moved_to: Path | None = None


@cache
def shipped_rules() -> CueRuleSet:
    """Return the rules shipped with the app."""
    path = resource_path("cues", "cues.json")
    return CueRuleSet(rules=parse_rules(json.loads(path.read_text(encoding="utf-8"))))


def _overlay(data: Any) -> CueRuleSet:
    if not isinstance(data, dict) or data.get("format") != CUES_FORMAT:
        raise ContentError(f"it is not a cue rules file in format {CUES_FORMAT}")
    cues_on = data.get("cues_on", True)
    if not isinstance(cues_on, bool):
        raise ContentError('"cues_on" must be true or false')
    edits = data.get("rules", {})
    if not isinstance(edits, dict):
        raise ContentError('"rules" must be an object of rule ids')
    rules = []
    for shipped in shipped_rules().rules:
        edit = edits.get(shipped.id)
        if edit is None:
            rules.append(shipped)
            continue
        if not isinstance(edit, dict) or not set(edit) <= EDITABLE:
            raise ContentError(f'the edits to rule "{shipped.id}" are not ones the app makes')
        merged = rule_data(shipped)
        merged.update({key: value for key, value in edit.items() if key != "thresholds"})
        thresholds = edit.get("thresholds", {})
        if not isinstance(thresholds, dict):
            raise ContentError(f'the thresholds of rule "{shipped.id}" must be an object')
        merged["thresholds"].update(thresholds)
        rules.append(parse_rule(merged))
    return CueRuleSet(rules=tuple(rules), cues_on=cues_on)


def _aside(path: Path) -> Path:
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        target = path.with_name(f"{path.stem}.damaged{suffix}{path.suffix}")
        if not target.exists():
            path.replace(target)
            return target
    raise OSError("no free name to move the file aside")


def load_rules(path: Path) -> LoadedRules:
    """Return the shipped rules with the edits saved at `path` laid over them.

    A damaged or hand-broken file is moved aside (kept for the facilitator to look at) and
    the shipped rules are used instead, with a message saying what happened.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedRules(shipped_rules())
    except OSError as error:
        log.warning("cue rules unreadable: %s", error.strerror)
        return LoadedRules(
            shipped_rules(),
            problem=f"Your cue rules could not be read ({error.strerror}); "
            "the app's own rules are in use.",
        )
    try:
        return LoadedRules(_overlay(json.loads(text)))
    except (ValueError, ContentError) as error:
        reason = str(error) if isinstance(error, ContentError) else "it is not valid JSON"
    moved: Path | None = None
    kept = "It was left where it is"
    try:
        moved = _aside(path)
        kept = f"It was kept as {moved.name}"
    except OSError:
        pass
    log.warning("cue rules set aside: %s", reason)
    return LoadedRules(
        shipped_rules(),
        problem=f"Your edited cue rules could not be used ({reason}). {kept}; the app's own "
        "rules are in use until you edit them again.",
        moved_to=moved,
    )


def _differences(rule: CueRule, shipped: CueRule) -> dict[str, Any]:
    mine, theirs = rule_data(rule), rule_data(shipped)
    edit = {key: mine[key] for key in EDITABLE - {"thresholds"} if mine[key] != theirs[key]}
    thresholds = {
        key: value
        for key, value in mine["thresholds"].items()
        if theirs["thresholds"][key] != value
    }
    if thresholds:
        edit["thresholds"] = thresholds
    return edit


def save_rules(path: Path, rules: CueRuleSet) -> None:
    """Save what differs from the shipped rules to `path`, whole or not at all."""
    shipped = {rule.id: rule for rule in shipped_rules().rules}
    edits = {}
    for rule in rules.rules:
        if rule.id in shipped and (edit := _differences(rule, shipped[rule.id])):
            edits[rule.id] = dict(sorted(edit.items()))
    payload = {"format": CUES_FORMAT, "cues_on": rules.cues_on, "rules": edits}
    content = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, content, what="Your cue rules")
    except FacilitatorError:
        raise
    except OSError as error:
        raise FacilitatorError(
            f"Your cue rules could not be saved to {path} ({error.strerror}). "
            "The earlier copy is unchanged."
        ) from error


def reset_rule(rules: CueRuleSet, rule_id: str) -> CueRuleSet:
    """Return `rules` with one rule back as shipped."""
    return rules.with_rule(shipped_rules().rule(rule_id))


def reset_all(rules: CueRuleSet) -> CueRuleSet:
    """Return every rule as shipped, keeping the switch for all cues as it is."""
    return replace(shipped_rules(), cues_on=rules.cues_on)


def set_cues_on(path: Path, on: bool) -> CueRuleSet:
    """Switch every cue on or off, keep the edits, and save; return the rules now in use."""
    rules = replace(load_rules(path).rules, cues_on=on)
    save_rules(path, rules)
    return rules
