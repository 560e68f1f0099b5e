"""Laying an agenda against the clock: slots, fixed times, collisions, over-runs, summaries."""

from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.agenda import (
    MAX_ITEM_MINUTES,
    MINUTES_PER_DAY,
    AgendaPlan,
    PlanInput,
    PlannedSlot,
    WarningKind,
    available_minutes,
    clock_text,
    clock_time,
    duration_text,
    plan_agenda,
    summary_text,
)

FAST = settings(max_examples=200, deadline=None)


def item(title: str, minutes: int, *, pinned: time | None = None, is_break: bool = False):
    """Return one plan input, for short examples."""
    return PlanInput(title=title, minutes=minutes, pinned=pinned, is_break=is_break)


def kinds(plan: AgendaPlan) -> list[WarningKind]:
    return [warning.kind for warning in plan.warnings]


# Examples


def test_items_run_back_to_back_and_lunch_keeps_its_fixed_time() -> None:
    """From 09:30 the items follow one another; lunch fixed at 12:30 leaves a gap before it."""
    plan = plan_agenda(
        [
            item("Check-in", 30),
            item("Mapping power", 90),
            item("Lunch", 45, pinned=time(12, 30), is_break=True),
            item("Fishbowl", 60),
        ],
        start=time(9, 30),
    )
    assert plan.slots == (
        PlannedSlot(start=570, end=600),
        PlannedSlot(start=600, end=690),
        PlannedSlot(start=750, end=795, gap=60, overlap=0),
        PlannedSlot(start=795, end=855),
    )
    assert plan.start == 570 and plan.end == 855
    assert plan.total_minutes == 225 and plan.break_minutes == 45
    assert plan.warnings == ()


def test_items_running_past_a_fixed_time_are_a_collision_with_a_plain_message() -> None:
    """Lunch stays at 12:00 when the morning runs to 12:30, and the clash is explained."""
    plan = plan_agenda(
        [item("Input", 120), item("Trios", 90), item("Lunch", 45, pinned=time(12, 0))],
        start=time(9, 0),
    )
    lunch = plan.slots[2]
    assert (lunch.start, lunch.end, lunch.gap, lunch.overlap) == (720, 765, 0, 30)
    (warning,) = plan.warnings
    assert warning.kind is WarningKind.COLLISION and warning.index == 2
    assert warning.message == (
        "The items before “Lunch” run to 12:30, 30 min past its fixed time of 12:00."
    )
    assert plan.warnings_for(2) == (warning,) and plan.warnings_for(1) == ()


def test_item_fixed_before_the_session_starts_is_a_collision() -> None:
    """An item fixed earlier than the start keeps its time and says it is before the start."""
    plan = plan_agenda(
        [item("Registration", 30, pinned=time(8, 30)), item("Welcome", 15)],
        start=time(9, 0),
    )
    assert plan.slots[0] == PlannedSlot(start=510, end=540, gap=0, overlap=30)
    assert plan.slots[1] == PlannedSlot(start=540, end=555)
    (warning,) = plan.warnings
    assert warning.index == 0
    assert (
        warning.message == "“Registration” is fixed at 08:30, before the session starts at 09:00."
    )


def test_plan_running_past_midnight_is_flagged_at_the_first_late_item() -> None:
    """Times carry on past 24:00 and the first item to end after midnight gets the warning."""
    plan = plan_agenda(
        [item("Dinner", 90), item("Fireside", 60), item("Night walk", 30)], start=time(22, 0)
    )
    assert [slot.end for slot in plan.slots] == [1410, 1470, 1500]
    (warning,) = plan.warnings
    assert warning.kind is WarningKind.PAST_MIDNIGHT and warning.index == 1
    assert warning.message == (
        "“Fireside” would end at 00:30 the next day: the plan runs past midnight. "
        "Shorten it or start earlier."
    )


def test_plan_longer_than_the_session_is_an_overrun() -> None:
    """Ending after the session's end gives one overrun warning and the minutes over."""
    plan = plan_agenda([item("Input", 120), item("Trios", 90)], start=time(9, 0), end=time(12, 0))
    assert plan.available_minutes == 180
    assert plan.over_minutes == 30
    (warning,) = plan.warnings
    assert warning.kind is WarningKind.OVERRUN and warning.index is None
    assert warning.message == "The plan ends at 12:30, 30 min after the session ends at 12:00."


def test_items_running_past_a_fixed_closing_item_still_count_as_an_overrun() -> None:
    """A plan ends when its latest item ends, even if a colliding fixed item ends sooner."""
    plan = plan_agenda(
        [item("Input", 120), item("Trios", 105), item("Close", 15, pinned=time(12, 0))],
        start=time(9, 0),
        end=time(12, 30),
    )
    assert plan.end == 765  # the trios run to 12:45; the close, fixed at 12:00, ends at 12:15
    assert plan.over_minutes == 15
    assert kinds(plan) == [WarningKind.COLLISION, WarningKind.OVERRUN]
    assert summary_text(plan) == "4 h planned of 3 h 30 min available: 15 min over"


def test_session_without_a_start_time_has_totals_but_no_slots() -> None:
    """Without a start time nothing can be placed on the clock, but totals still count."""
    plan = plan_agenda([item("Input", 20), item("Coffee", 15, is_break=True)], start=None)
    assert plan.slots == () and plan.start is None and plan.end is None
    assert plan.total_minutes == 35 and plan.break_minutes == 15
    assert plan.available_minutes is None and plan.over_minutes == 0 and plan.warnings == ()


def test_empty_agenda_ends_where_it_starts() -> None:
    """An agenda with no items ends at its start and fits any session."""
    plan = plan_agenda([], start=time(9, 0), end=time(10, 0))
    assert plan.slots == () and plan.end == plan.start == 540
    assert summary_text(plan) == "0 min planned of 1 h available: 1 h spare"


def test_summary_when_the_plan_fits_exactly() -> None:
    """A plan that fills the session says so."""
    plan = plan_agenda([item("A", 90), item("B", 90)], start=time(9, 0), end=time(12, 0))
    assert summary_text(plan) == "3 h planned of 3 h available: it fits exactly"


def test_summary_when_the_plan_runs_over() -> None:
    """A plan longer than the session says by how much."""
    plan = plan_agenda([item("A", 120), item("B", 90)], start=time(9, 0), end=time(12, 0))
    assert summary_text(plan) == "3 h 30 min planned of 3 h available: 30 min over"


def test_summary_with_time_to_spare_counts_breaks() -> None:
    """Spare time is given, and breaks are counted inside the total."""
    plan = plan_agenda(
        [item("A", 60), item("Coffee", 15, is_break=True)], start=time(9, 0), end=time(10, 30)
    )
    assert summary_text(plan) == (
        "1 h 15 min planned (including 15 min of breaks) of 1 h 30 min available: 15 min spare"
    )


def test_summary_without_an_end_time_gives_only_the_total() -> None:
    """With no end time there is nothing to compare the total against."""
    plan = plan_agenda([item("A", 75)], start=time(9, 0))
    assert summary_text(plan) == "1 h 15 min planned"


def test_summary_without_a_start_time_gives_only_the_total() -> None:
    """With no start time, even an end time gives nothing to compare against."""
    plan = plan_agenda([item("A", 45)], start=None, end=time(17, 0))
    assert summary_text(plan) == "45 min planned"


def test_clock_and_duration_text() -> None:
    """Clock times are zero-padded and name the next day; durations read like a timetable."""
    assert clock_text(570) == "09:30"
    assert clock_text(0) == "00:00"
    assert clock_text(1470) == "00:30 the next day"
    assert clock_time(1470) == time(0, 30)
    assert clock_time(755) == time(12, 35)
    assert duration_text(75) == "1 h 15 min"
    assert duration_text(120) == "2 h"
    assert duration_text(45) == "45 min"
    assert duration_text(0) == "0 min"


def test_available_minutes_needs_both_times() -> None:
    """The time available is end minus start, or unknown if either is missing."""
    assert available_minutes(time(9, 30), time(16, 30)) == 420
    assert available_minutes(None, time(16, 30)) is None
    assert available_minutes(time(9, 30), None) is None


# Properties of the clock arithmetic

clock = st.builds(time, st.integers(0, 23), st.integers(0, 59))
minutes = st.integers(1, MAX_ITEM_MINUTES)
unpinned = st.builds(PlanInput, title=st.just("Item"), minutes=minutes, is_break=st.booleans())
maybe_pinned = st.builds(
    PlanInput,
    title=st.just("Item"),
    minutes=minutes,
    pinned=st.none() | clock,
    is_break=st.booleans(),
)


def minutes_after_midnight(value: time) -> int:
    return value.hour * 60 + value.minute


@FAST
@given(items=st.lists(unpinned, max_size=12), start=clock)
def test_without_pins_slots_are_contiguous_from_the_start(items, start) -> None:
    """With nothing pinned, each item starts where the last ended and lasts its minutes."""
    plan = plan_agenda(items, start=start)
    begin = minutes_after_midnight(start)
    assert len(plan.slots) == len(items)
    if items:
        assert plan.slots[0].start == begin
    for before, after in zip(plan.slots, plan.slots[1:], strict=False):
        assert after.start == before.end
    for slot, source in zip(plan.slots, items, strict=True):
        assert slot.end - slot.start == source.minutes
        assert slot.gap == slot.overlap == 0
    assert plan.end == begin + sum(source.minutes for source in items)
    assert kinds(plan).count(WarningKind.COLLISION) == 0


@FAST
@given(items=st.lists(maybe_pinned, max_size=12), start=clock)
def test_pinned_items_start_at_their_time_and_gap_and_overlap_agree(items, start) -> None:
    """A pinned slot starts at its time; gap minus overlap is its time minus the cursor."""
    plan = plan_agenda(items, start=start)
    cursor = minutes_after_midnight(start)
    for slot, source in zip(plan.slots, items, strict=True):
        assert slot.end - slot.start == source.minutes
        assert slot.gap >= 0 and slot.overlap >= 0
        assert not (slot.gap and slot.overlap)
        if source.pinned is None:
            assert slot.start == cursor and slot.gap == slot.overlap == 0
        else:
            fixed = minutes_after_midnight(source.pinned)
            assert slot.start == fixed
            assert slot.gap - slot.overlap == fixed - cursor
        cursor = slot.end


@FAST
@given(items=st.lists(maybe_pinned, max_size=12), start=clock)
def test_collision_warnings_are_exactly_the_overlapping_items(items, start) -> None:
    """Each item with an overlap has one collision warning, and no other item has one."""
    plan = plan_agenda(items, start=start)
    collided = [w.index for w in plan.warnings if w.kind is WarningKind.COLLISION]
    overlapping = [index for index, slot in enumerate(plan.slots) if slot.overlap > 0]
    assert collided == overlapping


@FAST
@given(
    items=st.lists(maybe_pinned, max_size=12),
    start=clock,
    end=st.none() | clock,
)
def test_overrun_and_past_midnight_warnings_match_the_numbers(items, start, end) -> None:
    """Overrun appears iff the plan ends after the session; past-midnight iff an item does."""
    plan = plan_agenda(items, start=start, end=end)
    assert plan.over_minutes >= 0
    available = available_minutes(start, end)
    overran = available is not None and plan.end > plan.start + available
    assert (WarningKind.OVERRUN in kinds(plan)) == overran
    assert (plan.over_minutes > 0) == overran
    assert plan.end == max((slot.end for slot in plan.slots), default=plan.start)
    late = any(slot.end > MINUTES_PER_DAY for slot in plan.slots)
    assert kinds(plan).count(WarningKind.PAST_MIDNIGHT) == (1 if late else 0)
    assert plan.total_minutes == sum(source.minutes for source in items)


def test_summary_claims_no_spare_time_while_items_overlap_a_fixed_time() -> None:
    """Ending before the session's end is no comfort when items run into a pinned lunch."""
    plan = plan_agenda(
        [
            PlanInput("Design workshop", 200),
            PlanInput("Lunch", 45, pinned=time(12, 30), is_break=True),
            PlanInput("Afternoon", 60),
        ],
        start=time(9, 30),
        end=time(16, 30),
    )
    assert plan.over_minutes == 0
    assert summary_text(plan).endswith("it does not fit around its fixed times")
