"""What the room view may show, and the cues kept for the report."""

from datetime import UTC, datetime

import pytest

from facilitator.domain.cues import Cue
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.room import ApprovedItems
from facilitator.services import actions, conflicts, live, room
from facilitator.storage.database import Database

MOMENT = datetime(2026, 11, 30, 10, tzinfo=UTC)


def cue(since: float) -> Cue:
    return Cue(
        rule_id="point-counterpoint",
        title="Point and counterpoint",
        text="The last 4 four-player captures were all oppose.",
        move="Invite a bystander's view.",
        since=since,
        evidence=(1, 2, 3, 4),
        capture_ids=(),
    )


def test_a_cue_is_kept_once_per_stretch_of_its_pattern(store: Database, day_two_id: int) -> None:
    """Reopening the live window (or switching cues off and on) fires a cue that still holds
    again; the file keeps it once. The pattern coming back later is kept again."""
    assert room.record_cue(store, day_two_id, cue(60), offset=90, moment=MOMENT) is not None
    assert room.record_cue(store, day_two_id, cue(60), offset=400, moment=MOMENT) is None
    assert room.record_cue(store, day_two_id, cue(900), offset=930, moment=MOMENT) is not None
    assert [c.offset_seconds for c in room.recorded_cues(store, day_two_id)] == [90, 930]


def test_rewording_withdraws_an_approval(store: Database, day_two_id: int) -> None:
    """The room view shows the words the facilitator approved, not later ones."""
    parked = actions.park(store, day_two_id, "Estates strategy", moment=MOMENT)
    conflict = conflicts.open_conflict(store, day_two_id, "Who leads", moment=MOMENT)
    both = ApprovedItems(parked=frozenset({parked}), conflicts=frozenset({conflict}))
    room.set_approved_items(store, day_two_id, both)
    assert room.approved_items(store, day_two_id) == both
    actions.reword_parking_item(store, parked, "Estates strategy (Rachel's view)")
    conflicts.rename_conflict(store, conflict, "Who leads, and Rachel's part in it")
    assert room.approved_items(store, day_two_id) == ApprovedItems()


def test_schemes_are_chosen_before_a_session_goes_live(
    store: Database, day_two_id: int, day_one_id: int
) -> None:
    schemes = [s.id for s in live.planned_schemes(store, day_two_id)]
    with pytest.raises(InvalidInputError, match="before it goes live"):
        live.set_session_schemes(store, day_one_id, schemes)
    with pytest.raises(InvalidInputError, match="at least one"):
        live.set_session_schemes(store, day_two_id, [])
