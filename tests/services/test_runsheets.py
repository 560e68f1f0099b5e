"""Run sheets as data: each item's clock times from the plan, fixed items, and warnings."""

from datetime import time

import pytest

from facilitator.domain.errors import NotFoundError
from facilitator.domain.fields import AgendaItemFields, SessionFields
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services.agenda import AddItems
from facilitator.services.programmes import programme_detail, session_detail
from facilitator.services.runsheets import run_sheet
from facilitator.services.sessions import create_session
from facilitator.storage.database import Database


def planned_session(
    db: Database,
    programme_id: int,
    items: list[AgendaItemFields],
    *,
    start: time | None,
    end: time | None = None,
) -> int:
    """Plan a session with these times and items and return its id."""
    session_id = create_session(
        db, programme_id, SessionFields(title="Extra", start_time=start, end_time=end)
    )
    AddItems(session_id, 0, items).redo(db)
    return session_id


def test_run_sheet_of_day_one_follows_the_plan(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """Day one runs back to back from 09:30, lunch fixed at 12:45, ending at 16:30."""
    sheet = run_sheet(store, day_one_id)
    detail = session_detail(store, day_one_id)
    programme = programme_detail(store, sample.id)
    assert sheet.session_title == "Day one" and sheet.programme_title == programme.title
    assert sheet.client_system == programme.client_system
    assert sheet.facilitators == programme.facilitators
    assert sheet.module_title == detail.module_title and sheet.kind_label == "Designed workshop"
    assert (sheet.date, sheet.start, sheet.end, sheet.venue) == (
        detail.date,
        time(9, 30),
        time(16, 30),
        detail.venue,
    )
    assert [line.number for line in sheet.items] == list(range(1, len(detail.agenda) + 1))
    assert [line.title for line in sheet.items] == [item.title for item in detail.agenda]
    assert sheet.items[0].start == time(9, 30)
    for before, after in zip(sheet.items, sheet.items[1:], strict=False):
        assert after.start == before.end
    assert sheet.items[-1].end == time(16, 30)
    assert sheet.total_minutes == sum(item.planned_minutes for item in detail.agenda) == 420
    assert sheet.available_minutes == 420
    assert sheet.warnings == ()


def test_fixed_item_is_flagged_and_starts_at_its_time(store: Database, day_two_id: int) -> None:
    """Only lunch is marked as fixed, and it starts at 13:00 as pinned."""
    sheet = run_sheet(store, day_two_id)
    (lunch,) = [line for line in sheet.items if line.pinned]
    assert (lunch.title, lunch.start, lunch.end, lunch.is_break) == (
        "Lunch",
        time(13, 0),
        time(13, 45),
        True,
    )


def test_item_details_are_carried_over(store: Database, sample: ProgrammeSummary) -> None:
    """Each line keeps the item's method, minutes, purpose, notes and materials."""
    item = AgendaItemFields(
        title="Fishbowl",
        minutes=45,
        method="Fishbowl",
        purpose="Listen.",
        facilitator_notes="Watch the outer ring.",
        materials="Chairs",
    )
    session_id = planned_session(store, sample.id, [item], start=time(9, 0))
    (line,) = run_sheet(store, session_id).items
    assert (line.method, line.minutes, line.purpose) == ("Fishbowl", 45, "Listen.")
    assert (line.facilitator_notes, line.materials) == ("Watch the outer ring.", "Chairs")
    assert (line.start, line.end, line.pinned, line.is_break) == (
        time(9),
        time(9, 45),
        False,
        False,
    )


def test_warnings_are_carried_in_plan_order(store: Database, sample: ProgrammeSummary) -> None:
    """A collision with a fixed coffee and an over-run are both printed, in plain words."""
    items = [
        AgendaItemFields(title="Input", minutes=60),
        AgendaItemFields(title="Coffee", minutes=15, is_break=True, pinned_time=time(9, 45)),
        AgendaItemFields(title="Close", minutes=30),
    ]
    session_id = planned_session(store, sample.id, items, start=time(9, 0), end=time(10, 0))
    sheet = run_sheet(store, session_id)
    assert [(line.start, line.end) for line in sheet.items] == [
        (time(9, 0), time(10, 0)),
        (time(9, 45), time(10, 0)),
        (time(10, 0), time(10, 30)),
    ]
    assert sheet.warnings == (
        "The items before “Coffee” run to 10:00, 15 min past its fixed time of 09:45.",
        "The plan ends at 10:30, 30 min after the session ends at 10:00.",
    )
    assert sheet.total_minutes == 105 and sheet.available_minutes == 60


def test_session_without_a_start_time_has_no_clock_times(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Without a start time every line has no start or end, but the total is still given."""
    items = [AgendaItemFields(title="A", minutes=20), AgendaItemFields(title="B", minutes=25)]
    session_id = planned_session(store, sample.id, items, start=None)
    sheet = run_sheet(store, session_id)
    assert [(line.start, line.end) for line in sheet.items] == [(None, None), (None, None)]
    assert sheet.total_minutes == 45 and sheet.available_minutes is None
    assert sheet.warnings == () and sheet.start is None and sheet.module_title == ""


def test_plan_past_midnight_wraps_the_clock_and_warns(
    store: Database, sample: ProgrammeSummary
) -> None:
    """An item ending after midnight shows the next day's clock time and a warning."""
    items = [AgendaItemFields(title="Night walk", minutes=90)]
    session_id = planned_session(store, sample.id, items, start=time(23, 0))
    sheet = run_sheet(store, session_id)
    assert (sheet.items[0].start, sheet.items[0].end) == (time(23, 0), time(0, 30))
    (warning,) = sheet.warnings
    assert "past midnight" in warning


def test_empty_agenda_gives_an_empty_sheet(store: Database, sample: ProgrammeSummary) -> None:
    """A session with no items has a run sheet with no lines."""
    session_id = planned_session(store, sample.id, [], start=time(9, 0), end=time(10, 0))
    sheet = run_sheet(store, session_id)
    assert sheet.items == () and sheet.total_minutes == 0 and sheet.warnings == ()


def test_run_sheet_of_a_missing_session_is_not_found(store: Database) -> None:
    """Asking for a deleted session's run sheet says it has gone."""
    with pytest.raises(NotFoundError):
        run_sheet(store, 9999)
