"""Evaluate cue rules over a session's captures at one moment (a session offset).

Windows include their edges: a capture exactly `window` seconds before `now` is inside the
window, and "more than 45 minutes ago" means strictly before that edge. Offsets already leave
out paused time. Captures after `now` are left out, so a replay gives what the room would
have seen. A cue's text holds numbers only, never a name or a note.
"""

from collections.abc import Iterable, Sequence

from facilitator.domain.cues import MINUTE, Cue, CueContext, CueRule, CueTracker, RuleKind
from facilitator.domain.enums import SubjectKind, SubjectRole
from facilitator.domain.snapshots import Observation


def _refs(capture: Observation) -> set[str]:
    return {f"{code.scheme_slug}/{code.slug}" for code in capture.codes}


def _numbers(captures: Iterable[Observation]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    chosen = list(captures)
    return tuple(c.number for c in chosen if c.number is not None), tuple(c.id for c in chosen)


def _cue(rule: CueRule, since: float, evidence: Iterable[Observation], **numbers: int) -> Cue:
    numbered, ids = _numbers(evidence)
    return Cue(
        rule_id=rule.id,
        title=rule.title,
        text=rule.wording.format(**numbers),
        move=rule.move,
        since=since,
        evidence=numbered,
        capture_ids=ids,
        cooldown_minutes=rule.cooldown_minutes,
    )


def _minutes(seconds: float) -> int:
    return int(max(seconds, 0.0) // MINUTE)


def _run_of_code(rule: CueRule, captures: Sequence[Observation], now: float) -> Cue | None:
    code = str(rule.match["code"])
    scheme = code.split("/")[0]
    relevant = [c for c in captures if any(a.scheme_slug == scheme for a in c.codes)]
    run: list[Observation] = []
    for capture in reversed(relevant):
        if code not in _refs(capture):
            break
        run.append(capture)
    length = rule.threshold("run_length")
    if len(run) < length:
        return None
    run.reverse()
    return _cue(
        rule,
        run[length - 1].offset_seconds,
        run,
        count=len(run),
        minutes=_minutes(now - run[0].offset_seconds),
    )


def _absence_of_code(rule: CueRule, captures: Sequence[Observation], now: float) -> Cue | None:
    window = rule.threshold("window_minutes") * MINUTE
    start = now - window
    if start < 0:
        return None
    absent = str(rule.match["absent"])
    if any(c.offset_seconds >= start and absent in _refs(c) for c in captures):
        return None
    present = set(rule.match["present"])
    inside = [c for c in captures if c.offset_seconds >= start and _refs(c) & present]
    needed = rule.threshold("min_present")
    if len(inside) < needed:
        return None
    last_absent = max((c.offset_seconds for c in captures if absent in _refs(c)), default=0.0)
    since = last_absent + window
    if needed:
        since = max(since, inside[-needed].offset_seconds)
    return _cue(
        rule,
        since,
        inside,
        minutes=_minutes(now - last_absent),
        count=len(inside),
        window=rule.threshold("window_minutes"),
    )


def _parties(capture: Observation, rule: CueRule, context: CueContext) -> set[object]:
    speakers = [s for s in capture.subjects if s.role is SubjectRole.FROM]
    named = speakers or [s for s in capture.subjects if s.role is SubjectRole.ABOUT]
    parties: set[object] = set()
    for subject in named:
        if subject.ref_id is None:
            continue
        if subject.kind is SubjectKind.ORGANISATION:
            organisation: int | None = subject.ref_id
        elif subject.kind is SubjectKind.PARTICIPANT:
            organisation = context.organisation_of.get(subject.ref_id)
        else:
            continue
        if organisation is None:
            continue
        if rule.match["group_by"] == "sector":
            sector = context.sector_of.get(organisation)
            if sector:
                parties.add(sector)
        else:
            parties.add(organisation)
    return parties


def _dominant(
    rule: CueRule, named: Sequence[tuple[Observation, set[object]]]
) -> tuple[int, list[Observation]] | None:
    last = named[-rule.threshold("last_captures") :]
    if len(last) < rule.threshold("min_captures"):
        return None
    counts: dict[object, int] = {}
    for _, parties in last:
        for party in parties:
            counts[party] = counts.get(party, 0) + 1
    top = max(counts, key=lambda party: counts[party])
    if counts[top] * 100 < rule.threshold("share_percent") * len(last):
        return None
    return round(counts[top] * 100 / len(last)), [c for c, p in last if top in p]


def _share(
    rule: CueRule, captures: Sequence[Observation], now: float, context: CueContext
) -> Cue | None:
    named = [(c, p) for c in captures if (p := _parties(c, rule, context))]
    found = _dominant(rule, named)
    if found is None:
        return None
    end = len(named)
    while end > 1 and _dominant(rule, named[: end - 1]) is not None:
        end -= 1
    share, evidence = found
    considered = min(len(named), rule.threshold("last_captures"))
    return _cue(
        rule,
        named[end - 1][0].offset_seconds,
        evidence,
        share=share,
        count=considered,
        last=rule.threshold("last_captures"),
    )


def _stale_conflict(
    rule: CueRule, captures: Sequence[Observation], now: float, context: CueContext
) -> Cue | None:
    after = rule.threshold("after_minutes") * MINUTE
    surfaced = str(rule.match["surfaced"])
    follow_up = set(rule.match["follow_up"])
    linked: dict[int, list[Observation]] = {}
    for capture in captures:
        if capture.conflict_id is not None:
            linked.setdefault(capture.conflict_id, []).append(capture)
    opened = dict(context.open_conflicts or {})
    stale: list[tuple[float, Observation | None]] = []
    for conflict_id in set(linked) | set(opened):
        if context.open_conflicts is not None and conflict_id not in opened:
            continue  # worked through or closed
        notes = linked.get(conflict_id, [])
        start = opened.get(conflict_id)
        if notes and (start is None or notes[0].offset_seconds <= start):
            start, followed = notes[0].offset_seconds, len(notes) > 1
        else:
            followed = bool(notes)
        assert start is not None
        if not followed and start < now - after:
            stale.append((start, notes[0] if notes else None))
    for index, capture in enumerate(captures):
        if capture.conflict_id is None and surfaced in _refs(capture):
            later = captures[index + 1 :]
            followed = any(_refs(c) & follow_up for c in later)
            if not followed and capture.offset_seconds < now - after:
                stale.append((capture.offset_seconds, capture))
    if not stale:
        return None
    stale.sort(key=lambda item: item[0])
    return _cue(
        rule,
        stale[0][0] + after,
        [c for _, c in stale if c is not None],
        count=len(stale),
        minutes=_minutes(now - stale[0][0]),
    )


def _long_state(rule: CueRule, captures: Sequence[Observation], now: float) -> Cue | None:
    states = set(rule.match["states"])
    least = rule.threshold("min_minutes") * MINUTE
    long = [
        c
        for c in captures
        if _refs(c) & states
        and (c.duration_seconds is None or c.offset_seconds + c.duration_seconds > now)
        and c.offset_seconds <= now - least
    ]
    if not long:
        return None
    first = min(c.offset_seconds for c in long)
    return _cue(rule, first + least, long, minutes=_minutes(now - first))


def evaluate(
    rules: Iterable[CueRule],
    captures: Sequence[Observation],
    *,
    now: float,
    context: CueContext | None = None,
) -> tuple[Cue, ...]:
    """Return a cue for each enabled rule whose condition holds at `now` (a session offset).

    Captures after `now` are left out, so a replay gives what the room would have seen.
    """
    context = context or CueContext()
    seen = sorted(
        (c for c in captures if c.offset_seconds <= now),
        key=lambda c: (c.offset_seconds, c.number if c.number is not None else c.id),
    )
    cues = []
    for rule in rules:
        if not rule.enabled:
            continue
        if rule.kind is RuleKind.RUN_OF_CODE:
            cue = _run_of_code(rule, seen, now)
        elif rule.kind is RuleKind.ABSENCE_OF_CODE:
            cue = _absence_of_code(rule, seen, now)
        elif rule.kind is RuleKind.SHARE_OF_CONTRIBUTIONS:
            cue = _share(rule, seen, now, context)
        elif rule.kind is RuleKind.STALE_CONFLICT:
            cue = _stale_conflict(rule, seen, now, context)
        else:
            cue = _long_state(rule, seen, now)
        if cue is not None:
            cues.append(cue)
    return tuple(cues)


def replay(
    rules: Iterable[CueRule],
    captures: Sequence[Observation],
    *,
    context: CueContext | None = None,
    step_seconds: float = 60.0,
) -> list[tuple[float, Cue]]:
    """Return the cues that would have fired during a session, with the offset each fired at.

    The rules are evaluated as live mode does: at every capture and, between captures, once
    per `step_seconds` (cues that need time to pass appear on the clock); each firing
    counts once, as `CueTracker` decides. Nothing is dismissed.
    """
    rules = tuple(rules)
    if not captures:
        return []
    end = max(c.offset_seconds + (c.duration_seconds or 0.0) for c in captures)
    moments = {c.offset_seconds for c in captures}
    tick = 0.0
    while tick <= end:
        moments.add(tick)
        tick += step_seconds
    tracker = CueTracker()
    fired = []
    for now in sorted(moments):
        for cue in tracker.step(evaluate(rules, captures, now=now, context=context), now):
            fired.append((now, cue))
    return fired
