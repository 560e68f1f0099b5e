"""Descriptive analysis of captures: tallies, tables by item, co-occurrence, sequences, ratios."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.analysis import (
    OUTSIDE_AGENDA,
    Pair,
    Transition,
    co_occurrence,
    code_tallies,
    describe,
    ratios,
    sequences,
    tallies_by_item,
)
from facilitator.domain.enums import CaptureKind, CodeKind
from facilitator.domain.report import CodeTally, Ratio
from facilitator.domain.snapshots import AppliedCode, Observation

START = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)

_SCHEMES = {
    "advocacy-inquiry": "Advocacy and inquiry",
    "kantor-four-player": "Kantor's four-player model",
    "dialogue-patterns": "Dialogue patterns",
    "conflict-surfacing": "Conflict surfacing",
    "my-scheme": "My scheme",
}
_codes: dict[str, AppliedCode] = {}


def code(key: str, label: str, *, state: bool = False, colour: str = "#0072B2") -> AppliedCode:
    """Return an applied code "scheme/slug", the same object (and id) each time it is named."""
    if key not in _codes:
        scheme, slug = key.split("/")
        _codes[key] = AppliedCode(
            code_id=len(_codes) + 1,
            scheme_name=_SCHEMES[scheme],
            label=label,
            colour=colour,
            kind=CodeKind.STATE if state else CodeKind.POINT,
            qualifier=None,
            slug=slug,
            scheme_slug=scheme,
        )
    return _codes[key]


ADVOCACY = code("advocacy-inquiry/advocacy", "Advocacy")
INQUIRY = code("advocacy-inquiry/inquiry", "Inquiry", colour="#E69F00")
MOVE = code("kantor-four-player/move", "Move")
FOLLOW = code("kantor-four-player/follow", "Follow")
OPPOSE = code("kantor-four-player/oppose", "Oppose")
BYSTAND = code("kantor-four-player/bystand", "Bystand")
STUCK = code("dialogue-patterns/stuck", "Group stuck", state=True)
GENERATIVE = code("dialogue-patterns/generative", "Generative conversation", state=True)
ENTRENCHED = code("dialogue-patterns/entrenched", "Someone entrenched", state=True)
EXPLORING = code("dialogue-patterns/exploring-others-views", "Exploring others' views")
RESTATING = code("dialogue-patterns/restating-own-view", "Restating own view")
SURFACED = code("conflict-surfacing/conflict-surfaced", "Conflict surfaced")
AVOIDED = code("conflict-surfacing/avoided", "Conflict avoided or parked")
MY_STUCK = code("my-scheme/stuck", "Group stuck")

KANTOR_ORDER = [("kantor-four-player", slug) for slug in ("move", "follow", "oppose", "bystand")]


def capture(
    *codes: AppliedCode,
    at: float = 0.0,
    seconds: float | None = None,
    item: int | None = None,
    kind: CaptureKind = CaptureKind.CODED,
    number: int | None = None,
) -> Observation:
    """Return a capture `at` seconds into the session carrying `codes`."""
    return Observation(
        id=number or 0,
        uuid=f"uuid-{at}-{number}",
        session_id=1,
        occurred_at=START + timedelta(seconds=at),
        offset_seconds=at,
        duration_seconds=seconds,
        agenda_item_id=item,
        agenda_item_title="",
        codes=codes,
        subjects=(),
        note="",
        author="Facilitator 1",
        kind=kind,
        number=number,
    )


def tally(c: AppliedCode, count: int, seconds: float = 0.0) -> CodeTally:
    return CodeTally(c.scheme_name, c.label, c.colour, count, seconds)


NOTHING_CODED = [
    capture(kind=CaptureKind.NOTE),
    capture(kind=CaptureKind.MARK, at=5),
    capture(kind=CaptureKind.CONTRIBUTION, at=9),
]


@pytest.mark.parametrize("observations", [[], NOTHING_CODED], ids=["empty", "no codes"])
def test_nothing_coded_gives_empty_results(observations: list[Observation]) -> None:
    """No captures, or only notes, marks and contributions, leave nothing to count."""
    assert code_tallies(observations) == ()
    assert co_occurrence(observations) == ()
    assert sequences(observations) == ()
    table = tallies_by_item(observations, items=[(1, "Check-in")])
    assert table.items == ("Check-in",)
    assert table.codes == ()
    assert table.cells == ((),)
    assert all(ratio.text == "no data" for ratio in ratios(observations))


# Tallies


def test_tallies_count_captures_and_add_up_state_time() -> None:
    """Each code counts the captures carrying it; a state adds its durations, running ones 0."""
    observations = [
        capture(STUCK, seconds=120.0),
        capture(STUCK, at=300, seconds=90.5),
        capture(STUCK, at=900, seconds=None),  # still running
        capture(OPPOSE, at=30, seconds=None),
        capture(OPPOSE, OPPOSE, at=40),  # one capture, whatever repeats it carries
    ]
    assert code_tallies(observations) == (
        tally(STUCK, 3, 210.5),
        tally(OPPOSE, 2),
    )


def test_tallies_follow_the_given_order_then_the_rest_alphabetically() -> None:
    """Codes in `order` come first in that order; others follow by scheme name, then label."""
    observations = [capture(STUCK), capture(BYSTAND), capture(MOVE), capture(INQUIRY)]
    assert [t.label for t in code_tallies(observations, order=KANTOR_ORDER)] == [
        "Move",
        "Bystand",
        "Inquiry",  # Advocacy and inquiry
        "Group stuck",  # Dialogue patterns
    ]
    assert [t.label for t in code_tallies(observations)] == [
        "Inquiry",
        "Group stuck",
        "Bystand",
        "Move",
    ]


def test_tallies_carry_scheme_label_and_colour() -> None:
    """A tally names its code as the report prints it."""
    (only,) = code_tallies([capture(INQUIRY)])
    assert only == CodeTally("Advocacy and inquiry", "Inquiry", "#E69F00", 1, 0.0)


# By agenda item


def test_tallies_by_item_rows_are_items_and_columns_codes() -> None:
    """Cells count captures per item and code; columns carry their totals."""
    observations = [
        capture(MOVE, item=1),
        capture(MOVE, OPPOSE, item=1),
        capture(OPPOSE, item=2),
        capture(FOLLOW, item=2),
        capture(FOLLOW, item=2),
    ]
    table = tallies_by_item(
        observations, items=[(1, "Check-in"), (2, "Budget"), (3, "Close")], order=KANTOR_ORDER
    )
    assert table.items == ("Check-in", "Budget", "Close")
    assert [c.label for c in table.codes] == ["Move", "Follow", "Oppose"]
    assert [c.count for c in table.codes] == [2, 2, 2]
    assert table.cells == ((2, 0, 1), (0, 2, 1), (0, 0, 0))


def test_captures_outside_the_items_get_a_last_row() -> None:
    """Captures in no item or an unknown item are counted in "Outside the agenda"."""
    observations = [capture(MOVE, item=1), capture(MOVE, item=None), capture(OPPOSE, item=77)]
    table = tallies_by_item(observations, items=[(1, "Check-in")], order=KANTOR_ORDER)
    assert table.items == ("Check-in", OUTSIDE_AGENDA)
    assert table.cells == ((1, 0), (1, 1))


def test_an_item_given_with_no_id_collects_the_captures_outside_items() -> None:
    """The caller may name the row for captures outside items itself."""
    observations = [capture(MOVE, item=None), capture(MOVE, item=5)]
    table = tallies_by_item(observations, items=[(None, "Between items"), (1, "Check-in")])
    assert table.items == ("Between items", "Check-in")
    assert table.cells == ((2,), (0,))


def test_no_outside_row_for_uncoded_or_other_scheme_captures() -> None:
    """A note outside the agenda, or a code of another scheme, adds no empty row."""
    observations = [
        capture(MOVE, item=1),
        capture(kind=CaptureKind.NOTE, item=None),
        capture(STUCK, item=None),
    ]
    table = tallies_by_item(observations, items=[(1, "Check-in")], scheme_slug="kantor-four-player")
    assert table.items == ("Check-in",)
    assert [c.label for c in table.codes] == ["Move"]
    assert table.cells == ((1,),)


# Co-occurrence


def test_co_occurrence_counts_unordered_pairs_most_first() -> None:
    """Codes on one capture pair up once each, whatever order they were applied in."""
    observations = [
        capture(OPPOSE, STUCK),
        capture(STUCK, OPPOSE),
        capture(STUCK, OPPOSE, ADVOCACY),
        capture(ADVOCACY),
    ]
    assert co_occurrence(observations) == (
        Pair("Group stuck", "Oppose", 3),  # by scheme name: Dialogue before Kantor
        Pair("Advocacy", "Group stuck", 1),
        Pair("Advocacy", "Oppose", 1),
    )


def test_co_occurrence_orders_each_pair_by_the_given_code_order() -> None:
    """Within a pair, the code earlier in the schemes' order comes first."""
    assert co_occurrence([capture(OPPOSE, MOVE)], order=KANTOR_ORDER) == (
        Pair("Move", "Oppose", 1),
    )


def test_clashing_labels_take_their_scheme_name() -> None:
    """Two codes labelled alike in the data are told apart by scheme; others stay bare."""
    observations = [capture(STUCK, MY_STUCK, MOVE)]
    assert co_occurrence(observations) == (
        Pair("Dialogue patterns: Group stuck", "Move", 1),
        Pair("Dialogue patterns: Group stuck", "My scheme: Group stuck", 1),
        Pair("Move", "My scheme: Group stuck", 1),
    )


# Sequences


def test_sequences_count_what_follows_what_with_shares() -> None:
    """Oppose, oppose, oppose, follow: 2 oppose→oppose and 1 oppose→follow out of 3."""
    observations = [
        capture(OPPOSE, at=10),
        capture(kind=CaptureKind.NOTE, at=15),  # skipped: no codes
        capture(OPPOSE, at=20),
        capture(OPPOSE, at=30),
        capture(FOLLOW, at=40),
    ]
    assert sequences(observations) == (
        Transition("Oppose", "Oppose", 2, 2 / 3),
        Transition("Oppose", "Follow", 1, 1 / 3),
    )


def test_sequences_go_in_time_order_not_list_order() -> None:
    """Captures are ordered by their offset into the session before pairing."""
    observations = [capture(FOLLOW, at=40), capture(MOVE, at=10)]
    assert sequences(observations) == (Transition("Move", "Follow", 1, 1.0),)


def test_sequences_pair_every_code_of_one_capture_with_every_code_of_the_next() -> None:
    """Two codes then one make two transitions, each all of what followed its code."""
    observations = [capture(MOVE, ADVOCACY, at=1), capture(OPPOSE, at=2)]
    assert sequences(observations) == (
        Transition("Advocacy", "Oppose", 1, 1.0),
        Transition("Move", "Oppose", 1, 1.0),
    )


def test_sequences_of_one_scheme_skip_captures_without_its_codes() -> None:
    """With a scheme, captures carrying only other schemes' codes drop out of the sequence."""
    observations = [capture(MOVE, at=1), capture(STUCK, at=2), capture(OPPOSE, STUCK, at=3)]
    assert sequences(observations, scheme_slug="kantor-four-player") == (
        Transition("Move", "Oppose", 1, 1.0),
    )


def test_shares_out_of_each_code_add_up_to_one() -> None:
    """For each code, the shares of what followed it total 100%."""
    order = [MOVE, OPPOSE, OPPOSE, FOLLOW, MOVE, BYSTAND, OPPOSE, MOVE, MOVE, OPPOSE]
    observations = [capture(c, at=n) for n, c in enumerate(order)]
    totals: dict[str, float] = {}
    for transition in sequences(observations):
        totals[transition.before] = totals.get(transition.before, 0) + transition.share
    assert totals == pytest.approx({"Move": 1.0, "Oppose": 1.0, "Follow": 1.0, "Bystand": 1.0})


@pytest.mark.parametrize(
    ("transition", "text"),
    [
        (
            Transition("Oppose", "Oppose", 4, 4 / 7),
            "Oppose followed by oppose: 4 times (57% of what followed oppose)",
        ),
        (
            Transition("Move", "Follow", 1, 0.25),
            "Move followed by follow: once (25% of what followed move)",
        ),
        (
            Transition("Exploring others' views", "Group stuck", 2, 1.0),
            "Exploring others' views followed by group stuck: twice "
            "(100% of what followed exploring others' views)",
        ),
        (
            Transition("NHS voice", "Dialogue patterns: Group stuck", 3, 0.5),
            "NHS voice followed by Dialogue patterns: Group stuck: 3 times "
            "(50% of what followed NHS voice)",
        ),
    ],
)
def test_describe_reads_as_a_sentence(transition: Transition, text: str) -> None:
    """Transitions read in plain British English, with once, twice and a percentage."""
    assert describe(transition) == text


# Ratios


def test_ratios_count_each_side() -> None:
    """Each ratio counts captures carrying its two codes, matched by scheme and code slug."""
    observations = [
        *[capture(INQUIRY)] * 2,
        *[capture(ADVOCACY)] * 5,
        capture(EXPLORING, RESTATING),
        capture(RESTATING),
        *[capture(FOLLOW)] * 3,
        capture(OPPOSE),
        capture(SURFACED),
        capture(MY_STUCK, seconds=6000),  # another scheme's "stuck" is not counted
    ]
    by_label = {ratio.label: ratio for ratio in ratios(observations)}
    assert by_label["Inquiry to advocacy"] == Ratio(
        "Inquiry to advocacy", "Inquiry", 2, "Advocacy", 5
    )
    assert by_label["Exploring others’ views to restating one’s own"].text == "1 : 2"
    assert by_label["Follow to oppose"].text == "3 : 1"
    assert by_label["Conflicts surfaced to conflicts avoided or parked"].text == "1 : 0"
    assert by_label["Generative to stuck time, in minutes"].text == "no data"


def test_time_ratio_is_in_whole_minutes_of_generative_against_stuck_and_entrenched() -> None:
    """Generative minutes against stuck plus entrenched minutes, rounded half up."""
    observations = [
        capture(GENERATIVE, seconds=600),
        capture(GENERATIVE, seconds=150),  # 12.5 minutes in all, shown as 13
        capture(STUCK, seconds=240),
        capture(ENTRENCHED, seconds=59),  # 4 min 59 s in all: 5
        capture(STUCK, seconds=None),  # still running: no time yet
    ]
    (time_ratio,) = [r for r in ratios(observations) if "minutes" in r.label]
    assert time_ratio == Ratio(
        "Generative to stuck time, in minutes",
        "Minutes generative",
        13,
        "Minutes stuck or entrenched",
        5,
    )


def test_ratios_always_come_in_the_same_order() -> None:
    """The report can rely on the same five ratios, in the same order, every time."""
    assert [r.label for r in ratios([])] == [
        "Inquiry to advocacy",
        "Exploring others’ views to restating one’s own",
        "Follow to oppose",
        "Conflicts surfaced to conflicts avoided or parked",
        "Generative to stuck time, in minutes",
    ]


# Robustness and speed


_ANY_CODE = st.sampled_from(list(_codes.values()))
_ANY_CAPTURE = st.builds(
    lambda codes, at, seconds, item: capture(*codes, at=at, seconds=seconds, item=item),
    st.lists(_ANY_CODE, max_size=4),
    st.floats(min_value=0, max_value=30_000, allow_nan=False),
    st.one_of(st.none(), st.floats(min_value=0, max_value=3_600, allow_nan=False)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=4)),
)


@given(st.lists(_ANY_CAPTURE, max_size=30))
def test_any_captures_give_consistent_results(observations: list[Observation]) -> None:
    """Tallies match the table's column totals and cell sums, and shares stay within 0–1."""
    tallies = code_tallies(observations)
    table = tallies_by_item(observations, items=[(1, "One"), (2, "Two"), (3, "Three")])
    assert table.codes == tallies
    for column, column_tally in enumerate(table.codes):
        assert sum(row[column] for row in table.cells) == column_tally.count
    assert all(0 < t.share <= 1 for t in sequences(observations))
    assert all(p.count >= 1 for p in co_occurrence(observations))
    assert len(ratios(observations)) == 5


def test_five_thousand_captures_are_analysed_whole() -> None:
    """A very long day of captures is analysed completely (its speed is benchmarked)."""
    cycle = [MOVE, FOLLOW, OPPOSE, BYSTAND, STUCK, GENERATIVE, INQUIRY, ADVOCACY]
    observations = [
        capture(cycle[n % 8], cycle[n % 3], at=n, seconds=30.0, item=n % 12) for n in range(5_000)
    ]
    items = [(n, f"Item {n}") for n in range(10)]
    applied = sum(len({code.code_id for code in o.codes}) for o in observations)
    assert sum(tally.count for tally in code_tallies(observations)) == applied
    table = tallies_by_item(observations, items=items)
    assert sum(map(sum, table.cells)) == applied
    assert co_occurrence(observations)
    assert sum(t.count for t in sequences(observations)) > 0
    assert len(ratios(observations)) == 5
