"""Descriptive analysis of a session's captures, for the review workspace and the report.

Everything here counts and measures; nothing judges. There are no thresholds and no "good"
or "bad": a ratio of 2 : 9 is shown as 2 : 9, and the facilitator makes of it what they will.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from facilitator.domain.enums import CodeKind
from facilitator.domain.report import CodeTally, PatternTable, Ratio
from facilitator.domain.snapshots import AppliedCode, Observation

OUTSIDE_AGENDA = "Outside the agenda"

# (scheme slug, code slug) of the codes each ratio compares.
_ADVOCACY = ("advocacy-inquiry", "advocacy")
_INQUIRY = ("advocacy-inquiry", "inquiry")
_EXPLORING = ("dialogue-patterns", "exploring-others-views")
_RESTATING = ("dialogue-patterns", "restating-own-view")
_FOLLOW = ("kantor-four-player", "follow")
_OPPOSE = ("kantor-four-player", "oppose")
_SURFACED = ("conflict-surfacing", "conflict-surfaced")
_AVOIDED = ("conflict-surfacing", "avoided")
_GENERATIVE = ("dialogue-patterns", "generative")
_STUCK = (("dialogue-patterns", "stuck"), ("dialogue-patterns", "entrenched"))

type CodeOrder = Sequence[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two codes applied to the same captures, and how many captures carry both."""

    first: str
    second: str
    count: int


@dataclass(frozen=True, slots=True)
class Transition:
    """One code followed by another in the next coded capture, and how often."""

    before: str
    after: str
    count: int
    share: float  # of all transitions out of `before`, 0–1


def code_tallies(
    observations: Iterable[Observation], *, order: CodeOrder = ()
) -> tuple[CodeTally, ...]:
    """Return each applied code with the captures carrying it and, for a state, its time.

    `order` lists (scheme slug, code slug) in the order the schemes give their codes;
    codes not in it follow, by scheme name then label. A state still running counts no time.
    """
    return _tallies(_coded(observations), order)


def tallies_by_item(
    observations: Iterable[Observation],
    *,
    items: Sequence[tuple[int | None, str]],
    scheme_slug: str | None = None,
    order: CodeOrder = (),
) -> PatternTable:
    """Return code counts by agenda item: a row per item given, columns the codes used.

    Captures in no item, or in one not given, count in a last "Outside the agenda" row,
    which appears only when some counted capture needs it (or in an item given with id None).
    With `scheme_slug`, only that scheme's codes are columns.
    """
    coded = _coded(observations, scheme_slug)
    columns = _tallies(coded, order)
    column_of = {code_id: index for index, code_id in enumerate(_ordered_ids(coded, order))}
    titles = [title for _, title in items]
    row_of: dict[int | None, int] = {}
    for index, (item_id, _) in enumerate(items):
        row_of.setdefault(item_id, index)
    cells = [[0] * len(columns) for _ in titles]
    for observation, codes in coded:
        row = row_of.get(observation.agenda_item_id, row_of.get(None))
        if row is None:
            row = row_of[None] = len(titles)
            titles.append(OUTSIDE_AGENDA)
            cells.append([0] * len(columns))
        for code in codes:
            cells[row][column_of[code.code_id]] += 1
    return PatternTable(
        items=tuple(titles), codes=columns, cells=tuple(tuple(row) for row in cells)
    )


def co_occurrence(
    observations: Iterable[Observation], *, order: CodeOrder = ()
) -> tuple[Pair, ...]:
    """Return the pairs of codes applied to the same captures, with counts, most first."""
    coded = _coded(observations)
    names = _names(coded)
    position = {code_id: n for n, code_id in enumerate(_ordered_ids(coded, order))}
    counts: Counter[tuple[int, int]] = Counter()
    for _, codes in coded:
        counts.update(combinations(sorted((c.code_id for c in codes), key=position.__getitem__), 2))
    pairs = [Pair(names[first], names[second], count) for (first, second), count in counts.items()]
    return tuple(sorted(pairs, key=lambda pair: (-pair.count, pair.first, pair.second)))


def sequences(
    observations: Iterable[Observation], *, scheme_slug: str | None = None
) -> tuple[Transition, ...]:
    """Return what tends to follow what: each code of one coded capture to each of the next.

    Captures are taken in time order, skipping those with no codes (of the scheme, if one
    is given). A code followed by itself counts too: oppose after oppose is point and
    counterpoint.
    """
    coded = _coded(observations, scheme_slug)
    names = _names(coded)
    coded.sort(key=lambda pair: (pair[0].offset_seconds, pair[0].number or 0))
    counts: Counter[tuple[int, int]] = Counter()
    for (_, current), (_, following) in pairwise(coded):
        counts.update((before.code_id, after.code_id) for before in current for after in following)
    out_of: Counter[int] = Counter()
    for (before, _), count in counts.items():
        out_of[before] += count
    transitions = [
        Transition(names[before], names[after], count, count / out_of[before])
        for (before, after), count in counts.items()
    ]
    return tuple(sorted(transitions, key=lambda t: (-t.count, t.before, t.after)))


def describe(transition: Transition) -> str:
    """Return a transition as a sentence: "Oppose followed by oppose: 4 times (57% of …)"."""
    times = {1: "once", 2: "twice"}.get(transition.count, f"{transition.count} times")
    after, before = _in_sentence(transition.after), _in_sentence(transition.before)
    return (
        f"{transition.before} followed by {after}: {times} "
        f"({round(transition.share * 100)}% of what followed {before})"
    )


def ratios(observations: Iterable[Observation]) -> tuple[Ratio, ...]:
    """Return the descriptive ratios a report shows, every one even when nothing was seen."""
    counts: Counter[tuple[str, str]] = Counter()
    seconds: Counter[tuple[str, str]] = Counter()
    for observation, codes in _coded(observations):
        for code in codes:
            key = (code.scheme_slug, code.slug)
            counts[key] += 1
            if code.kind is CodeKind.STATE:
                seconds[key] += observation.duration_seconds or 0.0
    stuck_seconds = sum(seconds[key] for key in _STUCK)
    return (
        Ratio("Inquiry to advocacy", "Inquiry", counts[_INQUIRY], "Advocacy", counts[_ADVOCACY]),
        Ratio(
            "Exploring others’ views to restating one’s own",
            "Exploring others’ views",
            counts[_EXPLORING],
            "Restating own view",
            counts[_RESTATING],
        ),
        Ratio("Follow to oppose", "Follow", counts[_FOLLOW], "Oppose", counts[_OPPOSE]),
        Ratio(
            "Conflicts surfaced to conflicts avoided or parked",
            "Surfaced",
            counts[_SURFACED],
            "Avoided or parked",
            counts[_AVOIDED],
        ),
        Ratio(
            "Generative to stuck time, in minutes",
            "Minutes generative",
            _whole_minutes(seconds[_GENERATIVE]),
            "Minutes stuck or entrenched",
            _whole_minutes(stuck_seconds),
        ),
    )


type _Coded = list[tuple[Observation, tuple[AppliedCode, ...]]]


def _coded(observations: Iterable[Observation], scheme_slug: str | None = None) -> _Coded:
    """Return the captures carrying codes (of one scheme, if given), each with its codes once.

    A capture counts once for a code, whatever qualifiers or repeats it carries.
    """
    coded: _Coded = []
    for observation in observations:
        codes: dict[int, AppliedCode] = {}
        for code in observation.codes:
            if scheme_slug is None or code.scheme_slug == scheme_slug:
                codes.setdefault(code.code_id, code)
        if codes:
            coded.append((observation, tuple(codes.values())))
    return coded


def _tallies(coded: _Coded, order: CodeOrder) -> tuple[CodeTally, ...]:
    counts: Counter[int] = Counter()
    seconds: Counter[int] = Counter()
    codes: dict[int, AppliedCode] = {}
    for observation, applied in coded:
        for code in applied:
            codes.setdefault(code.code_id, code)
            counts[code.code_id] += 1
            if code.kind is CodeKind.STATE:
                seconds[code.code_id] += observation.duration_seconds or 0.0
    return tuple(
        CodeTally(
            scheme=code.scheme_name,
            label=code.label,
            colour=code.colour,
            count=counts[code.code_id],
            seconds=float(seconds[code.code_id]),
        )
        for code in _ordered(codes.values(), order)
    )


def _ordered(codes: Iterable[AppliedCode], order: CodeOrder) -> list[AppliedCode]:
    """Return codes in the schemes' order, then any others by scheme name and label."""
    index = {key: position for position, key in enumerate(order)}

    def key(code: AppliedCode) -> tuple[int, int, str, str, int]:
        at = index.get((code.scheme_slug, code.slug))
        if at is not None:
            return (0, at, "", "", code.code_id)
        return (1, 0, code.scheme_name.casefold(), code.label.casefold(), code.code_id)

    return sorted(codes, key=key)


def _ordered_ids(coded: _Coded, order: CodeOrder) -> list[int]:
    codes = {code.code_id: code for _, applied in coded for code in applied}
    return [code.code_id for code in _ordered(codes.values(), order)]


def _names(coded: _Coded) -> dict[int, str]:
    """Return each code's name: its label, or "Scheme: Label" when labels clash in the data."""
    codes = {code.code_id: code for _, applied in coded for code in applied}
    labels = Counter(code.label.casefold() for code in codes.values())
    return {
        code_id: f"{code.scheme_name}: {code.label}"
        if labels[code.label.casefold()] > 1
        else code.label
        for code_id, code in codes.items()
    }


def _in_sentence(name: str) -> str:
    """Return a code name as it reads mid-sentence: "Oppose" -> "oppose", "NHS" stays."""
    if ":" in name or name[1:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def _whole_minutes(seconds: float) -> int:
    return int(seconds / 60 + 0.5)  # half a minute rounds up, as people expect
