"""Quiet pattern cues for the facilitator: rules as data, evaluated over a session's captures.

A rule is one of a few generic kinds (a run of one code, a code gone missing, one party holding
most contributions, a conflict left alone, a state that keeps running) whose codes, thresholds
and words come from data, so a facilitator can retune them without code. `cue_evaluation`
finds the cues that hold at a moment; `CueTracker` turns successive evaluations into firings.
"""

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from facilitator.domain.errors import ContentError, NotFoundError

CUES_FORMAT = 1
MINUTE = 60.0


class RuleKind(StrEnum):
    """The generic evaluators a rule can use."""

    RUN_OF_CODE = "run_of_code"
    ABSENCE_OF_CODE = "absence_of_code"
    SHARE_OF_CONTRIBUTIONS = "share_of_contributions"
    STALE_CONFLICT = "stale_conflict"
    LONG_STATE = "long_state"


@dataclass(frozen=True, slots=True)
class Threshold:
    """One number a facilitator may retune, with the range a spin box offers."""

    name: str
    label: str
    minimum: int
    maximum: int
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class KindSpec:
    """What a kind of rule needs: its thresholds, its code settings and its placeholders."""

    thresholds: tuple[Threshold, ...]
    match: Mapping[str, str]  # setting -> "code", "codes" or "group"
    placeholders: frozenset[str]


COOLDOWN = Threshold("cooldown_minutes", "Quiet after showing", 0, 240, " min")
GROUPS = ("organisation", "sector")
SPECS: Mapping[RuleKind, KindSpec] = MappingProxyType(
    {
        RuleKind.RUN_OF_CODE: KindSpec(
            (Threshold("run_length", "Captures in a row", 2, 30),),
            {"code": "code"},
            frozenset({"count", "minutes"}),
        ),
        RuleKind.ABSENCE_OF_CODE: KindSpec(
            (
                Threshold("window_minutes", "Window", 1, 180, " min"),
                Threshold("min_present", "At least this many other captures", 0, 100),
            ),
            {"absent": "code", "present": "codes"},
            frozenset({"minutes", "count", "window"}),
        ),
        RuleKind.SHARE_OF_CONTRIBUTIONS: KindSpec(
            (
                Threshold("last_captures", "Look at the last", 5, 200, " captures"),
                Threshold("min_captures", "Need at least", 1, 200, " captures"),
                Threshold("share_percent", "Share", 1, 100, " %"),
            ),
            {"group_by": "group"},
            frozenset({"share", "count", "last"}),
        ),
        RuleKind.STALE_CONFLICT: KindSpec(
            (Threshold("after_minutes", "No follow-up for", 1, 480, " min"),),
            {"surfaced": "code", "follow_up": "codes"},
            frozenset({"count", "minutes"}),
        ),
        RuleKind.LONG_STATE: KindSpec(
            (Threshold("min_minutes", "Running for", 1, 240, " min"),),
            {"states": "codes"},
            frozenset({"minutes"}),
        ),
    }
)


@dataclass(frozen=True, slots=True)
class CueRule:
    """One rule of thumb: when it holds, what the facilitator reads, and the move to try."""

    id: str
    title: str
    wording: str
    move: str
    kind: RuleKind
    enabled: bool = True
    cooldown_minutes: int = 0
    thresholds: Mapping[str, int] = field(default_factory=dict)
    match: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)

    def threshold(self, name: str) -> int:
        return self.thresholds[name]


@dataclass(frozen=True, slots=True)
class CueRuleSet:
    """All the rules, and the one switch that turns every cue off."""

    rules: tuple[CueRule, ...]
    cues_on: bool = True

    def rule(self, rule_id: str) -> CueRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise NotFoundError(f'There is no cue rule "{rule_id}".')

    def with_rule(self, changed: CueRule) -> "CueRuleSet":
        rules = tuple(changed if rule.id == changed.id else rule for rule in self.rules)
        return replace(self, rules=rules)


@dataclass(frozen=True, slots=True)
class CueContext:
    """What the captures alone do not say: whose organisation and sector, which conflicts are
    open (conflict id -> offset it was opened at; None: treat every linked conflict as open)."""

    organisation_of: Mapping[int, int] = field(default_factory=dict)  # participant -> org
    sector_of: Mapping[int, str] = field(default_factory=dict)  # organisation -> sector
    open_conflicts: Mapping[int, float] | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """A rule whose condition holds now, with the captures that are its evidence."""

    rule_id: str
    title: str
    text: str
    move: str
    since: float  # session offset from which the condition has held
    evidence: tuple[int, ...]  # the captures' session numbers
    capture_ids: tuple[int, ...]
    cooldown_minutes: int = 0


# Reading and checking the rules -----------------------------------------------------------


def check_wording(text: str, kind: RuleKind, *, what: str = "wording") -> None:
    """Refuse wording that is empty, badly braced or names a number the rule does not have."""
    if not text.strip():
        raise ContentError(f"The {what} is empty.")
    allowed = SPECS[kind].placeholders
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise ContentError(
            f"The {what} has an unmatched {{ or }}; write {{{{ or }}}} for a brace itself."
        ) from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            raise ContentError(
                f"The {what} uses {{{name}}}, which this rule cannot fill; use "
                + ", ".join(f"{{{p}}}" for p in sorted(allowed))
                + "."
            )


def parse_rule(data: Any) -> CueRule:
    """Return one rule read from its data, or raise ContentError naming the rule and field."""
    if not isinstance(data, dict):
        raise ContentError("Each cue rule must be an object.")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise ContentError("A cue rule has no id.")

    def fail(name: str, problem: str) -> ContentError:
        return ContentError(f'Cue rule "{rule_id}", field "{name}": {problem}')

    try:
        kind = RuleKind(data.get("kind"))
    except ValueError:
        kinds = ", ".join(k.value for k in RuleKind)
        raise fail("kind", f"must be one of {kinds}.") from None
    spec = SPECS[kind]
    texts = {}
    for name in ("title", "wording", "move"):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise fail(name, "must be some text.")
        texts[name] = value.strip()
    try:
        check_wording(texts["wording"], kind)
    except ContentError as error:
        raise fail("wording", str(error)) from None
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "must be true or false.")
    numbers = dict(data.get("thresholds") or {})
    numbers["cooldown_minutes"] = data.get("cooldown_minutes", 0)
    thresholds: dict[str, int] = {}
    for limit in (*spec.thresholds, COOLDOWN):
        value = numbers.pop(limit.name, None)
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(limit.name, "must be a whole number.")
        if not limit.minimum <= value <= limit.maximum:
            raise fail(limit.name, f"must be from {limit.minimum} to {limit.maximum}.")
        thresholds[limit.name] = value
    if numbers:
        raise fail(next(iter(numbers)), "is not a threshold of this kind of rule.")
    if kind is RuleKind.SHARE_OF_CONTRIBUTIONS and (
        thresholds["min_captures"] > thresholds["last_captures"]
    ):
        raise fail("min_captures", "cannot be more than the number of captures looked at.")
    match = _parse_match(data.get("match"), spec, fail)
    return CueRule(
        id=rule_id,
        kind=kind,
        enabled=enabled,
        cooldown_minutes=thresholds.pop("cooldown_minutes"),
        thresholds=MappingProxyType(thresholds),
        match=MappingProxyType(match),
        **texts,
    )


def _parse_match(raw: Any, spec: KindSpec, fail: Any) -> dict[str, str | tuple[str, ...]]:
    raw = dict(raw) if isinstance(raw, dict) else {}
    match: dict[str, str | tuple[str, ...]] = {}
    for name, sort in spec.match.items():
        value = raw.pop(name, None)
        if sort == "group":
            if value not in GROUPS:
                raise fail(name, f"must be one of {', '.join(GROUPS)}.")
            match[name] = value
        elif sort == "code":
            match[name] = _code_ref(value, name, fail)
        else:
            if not isinstance(value, list) or not value:
                raise fail(name, 'must be a list of codes such as "scheme-slug/code-slug".')
            match[name] = tuple(_code_ref(item, name, fail) for item in value)
    if raw:
        raise fail(next(iter(raw)), "is not a setting of this kind of rule.")
    return match


def _code_ref(value: Any, name: str, fail: Any) -> str:
    if not isinstance(value, str) or value.count("/") != 1 or "" in value.split("/"):
        raise fail(name, 'must name a code as "scheme-slug/code-slug".')
    return value


def parse_rules(data: Any) -> tuple[CueRule, ...]:
    """Return the rules of a cues file's data, checking its format and that ids are unique."""
    if not isinstance(data, dict) or data.get("format") != CUES_FORMAT:
        raise ContentError(f"The cue rules are not in format {CUES_FORMAT}.")
    items = data.get("rules")
    if not isinstance(items, list):
        raise ContentError('The cue rules file has no list of "rules".')
    rules = tuple(parse_rule(item) for item in items)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ContentError(f'Two cue rules share the id "{rule.id}".')
        seen.add(rule.id)
    return rules


def rule_data(rule: CueRule) -> dict[str, Any]:
    """Return a rule as the data it is read from."""
    return {
        "id": rule.id,
        "title": rule.title,
        "wording": rule.wording,
        "move": rule.move,
        "enabled": rule.enabled,
        "kind": rule.kind.value,
        "cooldown_minutes": rule.cooldown_minutes,
        "thresholds": dict(rule.thresholds),
        "match": {k: list(v) if isinstance(v, tuple) else v for k, v in rule.match.items()},
    }


# Firing -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Track:
    showing: bool = False  # fired and still holding
    dismissed: bool = False
    fired_at: float | None = None


class CueTracker:
    """Turn successive evaluations into firings.

    A cue fires once when its condition becomes true, not again while it stays true, and
    again only after it has cleared and its rule's cool-down (counted from the last firing)
    has passed. Dismissing hides a cue until its condition clears.
    """

    def __init__(self) -> None:
        self._tracks: dict[str, _Track] = {}
        self._current: tuple[Cue, ...] = ()

    def step(self, cues: Iterable[Cue], now: float) -> tuple[Cue, ...]:
        """Take the cues that hold at `now`; return the ones that fire now."""
        held = {cue.rule_id: cue for cue in cues}
        for rule_id, track in self._tracks.items():
            if rule_id not in held:
                track.showing = False
                track.dismissed = False
        fired = []
        for rule_id, cue in held.items():
            track = self._tracks.setdefault(rule_id, _Track())
            if track.showing:
                continue
            quiet = cue.cooldown_minutes * MINUTE
            if track.fired_at is None or now - track.fired_at >= quiet:
                track.showing, track.dismissed, track.fired_at = True, False, now
                fired.append(cue)
        self._current = tuple(held.values())
        return tuple(fired)

    def visible(self) -> tuple[Cue, ...]:
        """Return the cues fired, still holding and not dismissed, in rule order."""
        return tuple(
            cue
            for cue in self._current
            if self._tracks[cue.rule_id].showing and not self._tracks[cue.rule_id].dismissed
        )

    def dismiss(self, rule_id: str) -> None:
        """Hide a cue until its condition clears."""
        track = self._tracks.get(rule_id)
        if track is not None and track.showing:
            track.dismissed = True

    def clear(self) -> None:
        """Forget every cue (when cues are switched off), so none shows stale."""
        self._tracks.clear()
        self._current = ()
