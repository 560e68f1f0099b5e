"""Cue rules read from data, evaluated over synthetic captures, and turned into firings."""

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.cue_evaluation import evaluate
from facilitator.domain.cues import Cue, CueContext, CueRule, CueTracker, parse_rule, parse_rules
from facilitator.domain.enums import CaptureKind, CodeKind, SubjectKind, SubjectRole
from facilitator.domain.errors import ContentError
from facilitator.domain.snapshots import AppliedCode, Observation, Subject
from facilitator.resources import resource_path
from tests.clocks import START

MIN = 60.0
STATES = {"stuck", "generative", "entrenched", "worked-through"}


def shipped() -> dict[str, CueRule]:
    data = json.loads(resource_path("cues", "cues.json").read_text(encoding="utf-8"))
    return {rule.id: rule for rule in parse_rules(data)}


RULES = shipped()


def code(ref: str) -> AppliedCode:
    scheme, slug = ref.split("/")
    kind = CodeKind.STATE if slug in STATES else CodeKind.POINT
    return AppliedCode(0, scheme, slug.title(), "#000000", kind, None, slug, scheme)


def capture(
    number: int,
    offset: float,
    *refs: str,
    duration: float | None = 0.0,
    subjects: tuple[Subject, ...] = (),
    conflict_id: int | None = None,
    note: str = "",
) -> Observation:
    """Return capture `number`, made `offset` seconds in, coded with "scheme/code" refs."""
    return Observation(
        id=1000 + number,
        uuid=f"u{number}",
        session_id=1,
        occurred_at=START + timedelta(seconds=offset),
        offset_seconds=offset,
        duration_seconds=duration if any(r.split("/")[1] in STATES for r in refs) else None,
        agenda_item_id=None,
        agenda_item_title="",
        codes=tuple(code(ref) for ref in refs),
        subjects=subjects,
        note=note,
        author="Facilitator 1",
        kind=CaptureKind.CODED if refs else CaptureKind.NOTE,
        conflict_id=conflict_id,
        number=number,
    )


def series(*refs: str, step: float = 30.0, start: float = 0.0) -> list[Observation]:
    return [capture(n + 1, start + n * step, ref) for n, ref in enumerate(refs)]


def fired(rule: CueRule, captures: list[Observation], now: float, **kw: Any) -> Cue | None:
    cues = evaluate([rule], captures, now=now, context=CueContext(**kw))
    return cues[0] if cues else None


OPPOSE, MOVE, BYSTAND = (f"kantor-four-player/{c}" for c in ("oppose", "move", "bystand"))
ADVOCACY, INQUIRY = "advocacy-inquiry/advocacy", "advocacy-inquiry/inquiry"
SURFACED = "conflict-surfacing/conflict-surfaced"
STUCK = "dialogue-patterns/stuck"


# Reading the rules ---------------------------------------------------------------------------


def test_the_shipped_rules_are_all_valid_and_on() -> None:
    """Five starting rules, one of each kind, all switched on."""
    assert len({rule.kind for rule in RULES.values()}) == 5
    assert all(rule.enabled for rule in RULES.values())


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"kind": "mood"}, '"kind"'),
        ({"wording": "Seen {name} speak"}, '"wording"'),
        ({"wording": "An unclosed {count"}, '"wording"'),
        ({"thresholds": {"run_length": 1}}, '"run_length"'),
        ({"thresholds": {"run_length": "four"}}, '"run_length"'),
        ({"thresholds": {"run_length": 4, "extra": 2}}, '"extra"'),
        ({"match": {"code": "oppose"}}, '"code"'),
        ({"move": ""}, '"move"'),
        ({"enabled": "yes"}, '"enabled"'),
    ],
)
def test_a_bad_rule_is_refused_naming_the_rule_and_field(
    change: dict[str, Any], named: str
) -> None:
    """Each problem names the rule and the field, so a facilitator can find it."""
    data = {
        "id": "mine",
        "title": "Mine",
        "kind": "run_of_code",
        "wording": "{count} in a row",
        "move": "Ask",
        "thresholds": {"run_length": 4},
        "match": {"code": OPPOSE},
    }
    with pytest.raises(ContentError, match=named) as caught:
        parse_rule(data | change)
    assert '"mine"' in str(caught.value)


def test_duplicate_ids_are_refused() -> None:
    data = json.loads(resource_path("cues", "cues.json").read_text(encoding="utf-8"))
    data["rules"].append(data["rules"][0])
    with pytest.raises(ContentError, match="share the id"):
        parse_rules(data)


# Each rule -------------------------------------------------------------------------------


def test_point_counterpoint_fires_on_four_opposes_in_a_row() -> None:
    """Four oppose captures in a row among four-player captures; other schemes don't break it."""
    rule = RULES["point-counterpoint"]
    captures = series(MOVE, OPPOSE, OPPOSE, ADVOCACY, OPPOSE, OPPOSE)
    cue = fired(rule, captures, now=10 * MIN)
    assert cue is not None
    assert cue.evidence == (2, 3, 5, 6)
    assert cue.since == captures[5].offset_seconds
    assert cue.text == "The last 4 four-player captures were all oppose."
    assert fired(rule, [*captures, capture(7, 200, BYSTAND)], now=10 * MIN) is None
    assert fired(rule, captures[:5], now=10 * MIN) is None


def test_a_capture_with_several_codes_counts_for_each() -> None:
    """A capture coded oppose and move still continues a run of opposes."""
    rule = RULES["point-counterpoint"]
    captures = series(OPPOSE, OPPOSE, OPPOSE)
    both = capture(4, 100, OPPOSE, MOVE)
    assert fired(rule, [*captures, both], now=200) is not None


def test_no_inquiry_for_ten_minutes_with_advocacy_going_on() -> None:
    """The window includes its edge: an inquiry exactly ten minutes ago still counts."""
    rule = RULES["no-inquiry"]
    advocacy = series(ADVOCACY, ADVOCACY, ADVOCACY, start=120, step=60)
    captures = [capture(0, 60, INQUIRY), *advocacy]
    assert fired(rule, captures, now=60 + 10 * MIN) is None
    cue = fired(rule, captures, now=61 + 10 * MIN)
    assert cue is not None
    assert cue.since == 60 + 10 * MIN
    assert cue.text.startswith("No inquiry captured for 10 min, with 3 advocacy")
    assert fired(rule, captures[:3], now=61 + 10 * MIN) is None  # only two advocacy


def test_no_inquiry_needs_ten_minutes_of_session() -> None:
    """Five minutes in, there cannot have been ten minutes without inquiry."""
    rule = RULES["no-inquiry"]
    captures = series(ADVOCACY, ADVOCACY, ADVOCACY, step=60)
    assert fired(rule, captures, now=5 * MIN) is None
    assert fired(rule, captures, now=10 * MIN) is not None


def org(ref: int, role: SubjectRole = SubjectRole.ABOUT) -> Subject:
    return Subject(SubjectKind.ORGANISATION, ref, f"Organisation {ref}", role)


def person(ref: int) -> Subject:
    return Subject(SubjectKind.PARTICIPANT, ref, f"Person {ref}", SubjectRole.FROM)


def test_one_organisation_holding_the_floor() -> None:
    """Participants count for their organisation; the cue never names it."""
    rule = RULES["one-voice"]
    captures = [capture(n, n * 10.0, MOVE, subjects=(person(1),)) for n in range(1, 7)]
    captures += [capture(n, n * 10.0, MOVE, subjects=(org(2),)) for n in range(7, 11)]
    context = {"organisation_of": {1: 7}}
    cue = fired(rule, captures, now=200, **context)
    assert cue is not None
    assert cue.text == "One organisation accounts for 60% of the last 10 captures that name one."
    assert "Organisation" not in cue.text and "Person" not in cue.text
    assert cue.evidence == (1, 2, 3, 4, 5, 6)
    assert fired(rule, captures[:9], now=200, **context) is None  # fewer than ten
    assert fired(rule, captures, now=200) is None  # organisation of person 1 unknown


def test_sectors_group_organisations() -> None:
    rule = replace(RULES["one-voice"], match={"group_by": "sector"})
    captures = [capture(n, n * 10.0, MOVE, subjects=(org(n % 2),)) for n in range(1, 11)]
    sectors = {0: "NHS", 1: "NHS"}
    assert fired(rule, captures, now=200, sector_of=sectors) is not None
    assert fired(rule, captures, now=200, sector_of={0: "NHS", 1: "Council"}) is None


def test_a_conflict_left_alone_for_more_than_45_minutes() -> None:
    """Strictly more than 45 minutes; any later capture linked to it is a follow-up."""
    rule = RULES["conflict-left"]
    opened = capture(1, 100, SURFACED, conflict_id=9)
    assert fired(rule, [opened], now=100 + 45 * MIN) is None
    cue = fired(rule, [opened], now=101 + 45 * MIN)
    assert cue is not None and cue.evidence == (1,) and cue.since == 100 + 45 * MIN
    follow = capture(2, 500, conflict_id=9)
    assert fired(rule, [opened, follow], now=3 * 3600) is None
    assert fired(rule, [opened], now=3 * 3600, open_conflicts={}) is None  # closed since
    unlinked = capture(3, 100, SURFACED)
    assert fired(rule, [unlinked], now=2 * 3600) is not None
    resolved = capture(4, 200, "conflict-surfacing/resolved")
    assert fired(rule, [unlinked, resolved], now=2 * 3600) is None


def test_a_conflict_opened_without_a_capture() -> None:
    rule = RULES["conflict-left"]
    assert fired(rule, [], now=50 * MIN, open_conflicts={4: 0.0}) is not None
    assert (
        fired(rule, [capture(1, 60, conflict_id=4)], now=50 * MIN, open_conflicts={4: 0.0}) is None
    )


def test_a_stuck_state_running_eight_minutes() -> None:
    """A running state (no duration yet) counts from its start; a stopped one does not."""
    rule = RULES["stuck-pattern"]
    running = capture(1, 60, STUCK, duration=None)
    assert fired(rule, [running], now=60 + 8 * MIN - 1) is None
    cue = fired(rule, [running], now=60 + 8 * MIN)
    assert cue is not None and cue.text.endswith("running for 8 min.")
    stopped = capture(1, 60, STUCK, duration=120)
    assert fired(rule, [stopped], now=20 * MIN) is None


def test_an_empty_session_and_disabled_rules_give_no_cues() -> None:
    assert evaluate(RULES.values(), [], now=3 * 3600) == ()
    off = [replace(rule, enabled=False) for rule in RULES.values()]
    assert evaluate(off, series(*[OPPOSE] * 6), now=600) == ()


def test_no_name_or_note_reaches_a_cue() -> None:
    captures = [
        capture(n, n * 30.0, OPPOSE, SURFACED, subjects=(org(1),), note="Secret note")
        for n in range(1, 25)
    ]
    for cue in evaluate(RULES.values(), captures, now=4 * 3600):
        assert "Secret" not in cue.text and "Organisation 1" not in cue.text


# The windowing maths ---------------------------------------------------------------------

REFS = st.sampled_from([OPPOSE, MOVE, BYSTAND, ADVOCACY, INQUIRY, SURFACED, STUCK])
SESSIONS = st.lists(
    st.tuples(st.integers(0, 3 * 3600), REFS, st.integers(0, 3)),
    max_size=40,
)


def build(items: list[tuple[int, str, int]], shift: int = 0) -> list[Observation]:
    captures = []
    for n, (offset, ref, who) in enumerate(sorted(items, key=lambda i: i[0]), start=1):
        duration = None if ref == STUCK and who else 60.0
        captures.append(capture(n, offset + shift, ref, duration=duration, subjects=(org(who),)))
    return captures


@settings(max_examples=60, deadline=None)
@given(SESSIONS, st.integers(0, 3 * 3600), st.integers(0, 3600))
def test_shifting_everything_keeps_the_same_cues(
    items: list[tuple[int, str, int]], now: int, shift: int
) -> None:
    """Moving every capture and `now` later by the same amount fires the same rules with the
    same evidence (the session must already be long enough for the absence rule). Whole
    seconds keep the sums exact, so an edge stays an edge."""
    now = max(now, 10 * MIN)
    before = evaluate(RULES.values(), build(items), now=now)
    after = evaluate(RULES.values(), build(items, shift), now=now + shift)
    assert [(c.rule_id, c.evidence) for c in before] == [(c.rule_id, c.evidence) for c in after]


@settings(max_examples=60, deadline=None)
@given(SESSIONS, st.integers(0, 3 * 3600))
def test_evidence_never_comes_from_outside_the_window(
    items: list[tuple[int, str, int]], now: int
) -> None:
    """No cue cites a capture made after `now`, and the absence rule only the last ten minutes;
    a cue never holds since a moment after `now`."""
    captures = {c.number: c for c in build(items)}
    for cue in evaluate(RULES.values(), list(captures.values()), now=now):
        assert cue.since <= now
        for number in cue.evidence:
            assert captures[number].offset_seconds <= now
            if cue.rule_id == "no-inquiry":
                assert captures[number].offset_seconds >= now - 10 * MIN


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([OPPOSE, MOVE, BYSTAND, ADVOCACY]), max_size=20))
def test_a_run_fires_exactly_when_the_last_four_relevant_captures_oppose(refs: list[str]) -> None:
    rule = RULES["point-counterpoint"]
    relevant = [ref for ref in refs if ref.startswith("kantor")]
    expected = len(relevant) >= 4 and all(ref == OPPOSE for ref in relevant[-4:])
    assert (fired(rule, series(*refs), now=3600) is not None) == expected


# Firing ------------------------------------------------------------------------------------


def a_cue(rule_id: str = "r", cooldown: int = 0) -> Cue:
    return Cue(rule_id, "Title", "Text", "Move", 0.0, (1,), (1001,), cooldown)


def test_a_cue_fires_once_while_it_holds_and_again_after_clearing() -> None:
    tracker = CueTracker()
    assert tracker.step([a_cue()], 10) == (a_cue(),)
    assert tracker.step([a_cue()], 20) == ()
    assert tracker.visible() == (a_cue(),)
    assert tracker.step([], 30) == ()
    assert tracker.visible() == ()
    assert tracker.step([a_cue()], 40) == (a_cue(),)


def test_a_cool_down_delays_firing_again() -> None:
    """Cleared and back within the cool-down: it fires once the cool-down has passed."""
    cue = a_cue(cooldown=5)
    tracker = CueTracker()
    assert tracker.step([cue], 0) == (cue,)
    tracker.step([], 60)
    assert tracker.step([cue], 120) == ()
    assert tracker.visible() == ()
    assert tracker.step([cue], 300) == (cue,)


def test_dismissing_hides_a_cue_until_it_clears() -> None:
    tracker = CueTracker()
    tracker.step([a_cue()], 0)
    tracker.dismiss("r")
    assert tracker.step([a_cue()], 10) == ()
    assert tracker.visible() == ()
    tracker.step([], 20)
    assert tracker.step([a_cue()], 30) == (a_cue(),)
    assert tracker.visible() == (a_cue(),)
