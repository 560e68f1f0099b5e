"""The merge rules of exchange bundles: symmetric choices, shared-out numbers, the summary."""

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.bundle_schema import json_schema
from facilitator.domain.exchange import (
    ImportSummary,
    KindCount,
    merge_numbers,
    prefer_remote,
)
from facilitator.domain.narrative import citations, renumber_citations

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources/schemas/bundle-1.schema.json"

uuids = st.sampled_from([f"{n:08x}-0000-4000-8000-000000000000" for n in range(12)])
numbered = st.dictionaries(uuids, st.integers(1, 15), max_size=10)


def _order(uuid: str) -> tuple[int, str]:
    return (int(uuid[:8], 16) % 5, uuid)


def _side(claims: dict[str, int], extra: int) -> tuple[dict[str, int | None], int]:
    return dict(claims), max(claims.values(), default=0) + extra


@settings(max_examples=200, deadline=None)
@given(numbered, numbered, st.integers(0, 3), st.integers(0, 3))
def test_merged_numbers_are_the_same_either_way_unique_and_below_the_last(
    mine: dict[str, int], theirs: dict[str, int], gap_mine: int, gap_theirs: int
) -> None:
    """A into B equals B into A; no two captures share a number; the last is the highest."""
    local, local_last = _side(mine, gap_mine)
    remote, remote_last = _side(theirs, gap_theirs)
    one = merge_numbers(local, remote, order=_order, local_last=local_last, remote_last=remote_last)
    other = merge_numbers(
        remote, local, order=_order, local_last=remote_last, remote_last=local_last
    )
    assert one == other
    numbers, last = one
    assert set(numbers) == set(local) | set(remote)
    assert len(set(numbers.values())) == len(numbers)
    assert all(1 <= n <= last for n in numbers.values())
    assert last >= max(local_last, remote_last)


@settings(max_examples=100, deadline=None)
@given(numbered, st.integers(0, 3))
def test_merging_a_side_with_itself_changes_no_number(mine: dict[str, int], gap: int) -> None:
    """Importing what is already here keeps every number (captures of one side never clash)."""
    unique = {uuid: n for n, uuid in enumerate(sorted(mine), start=1)}
    local, last = _side(unique, gap)
    assert merge_numbers(local, local, order=_order, local_last=last, remote_last=last) == (
        unique,
        last,
    )


def test_a_clash_goes_to_the_earlier_capture_and_the_later_gets_a_new_number() -> None:
    """Two laptops both gave out 1 and 2: the earlier keeps each, the others follow on."""
    order = {"a1": 1, "b1": 2, "a2": 3, "b2": 4}
    numbers, last = merge_numbers(
        {"a1": 1, "a2": 2},
        {"b1": 1, "b2": 2},
        order=lambda uuid: order[uuid],
        local_last=2,
        remote_last=2,
    )
    assert numbers == {"a1": 1, "b1": 3, "a2": 2, "b2": 4}
    assert last == 4


def test_a_number_one_side_retired_is_never_given_to_another_capture() -> None:
    """Capture 2 was deleted here: the bundle's own capture 2 takes a new number."""
    numbers, last = merge_numbers(
        {"a1": 1, "a3": 3},
        {"a1": 1, "b2": 2, "a3": 3},
        order=str,
        local_last=3,
        remote_last=3,
    )
    assert numbers == {"a1": 1, "a3": 3, "b2": 4}
    assert last == 4


def test_a_second_merge_keeps_the_numbers_the_first_gave() -> None:
    """After A took B's captures, B taking A's gives the numbers A already shows."""
    order = {"a1": 1, "b1": 2}
    first, first_last = merge_numbers(
        {"a1": 1}, {"b1": 1}, order=order.__getitem__, local_last=1, remote_last=1
    )
    again, again_last = merge_numbers(
        {"b1": 1},
        first,
        order=order.__getitem__,
        local_last=1,
        remote_last=first_last,
    )
    assert (again, again_last) == (first, first_last)


def test_citations_follow_their_captures() -> None:
    """Every form of citation is renumbered at once; other digits are left alone."""
    text = "At 10:30 [#1] then [#2, #3] and [# 3; 1]; see page 2 and [#07]."
    renumbered = renumber_citations(text, {1: 3, 3: 1})
    assert renumbered == "At 10:30 [#3] then [#2, #1] and [# 1; 3]; see page 2 and [#07]."
    assert citations(renumbered) == (3, 2, 1, 7)


def test_the_choice_between_two_copies_is_symmetric_and_prefers_progress() -> None:
    """A session that ran beats its plan; between equals, the same copy wins either way."""
    planned = {"status": "planned", "title": "Day two"}
    finished = {"status": "finished", "title": "Day two"}
    assert prefer_remote("sessions", planned, finished)
    assert not prefer_remote("sessions", finished, planned)
    one, other = {"name": "Ann"}, {"name": "Anne"}
    assert prefer_remote("participants", one, other) != prefer_remote("participants", other, one)


def test_summary_says_what_changes_in_words() -> None:
    """Counts become one or two sentences the interface and command line both print."""
    summary = ImportSummary(
        contents="session",
        title="Day one",
        app_version="0.1.0",
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
        counts=(
            KindCount("sessions", added=1),
            KindCount("captures", added=83, unchanged=2),
            KindCount("participants", updated=1, unchanged=10),
        ),
    )
    assert summary.describe() == (
        "Adds 1 session and 83 captures. Updates 1 participant. 12 unchanged."
    )
    assert summary.changes.sessions and summary.changes.observations
    nothing = ImportSummary(
        "session", "x", "0.1.0", summary.created_at, (KindCount("codes", 0, 0, 5),)
    )
    assert nothing.describe() == "Nothing to change: all 5 records are here already."
    assert not nothing.changes.any


def test_the_shipped_schema_is_the_one_the_code_describes() -> None:
    """The shipped bundle-1.schema.json matches json_schema(). To regenerate it, save the
    output of `uv run python -m facilitator.domain.bundle_schema` as that file."""
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == json_schema()
