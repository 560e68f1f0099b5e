"""Conflicts with a life: surfaced in one session, worked on and resolved or parked later."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from facilitator.domain.enums import CaptureKind, ConflictStatus, SubjectKind
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import ProgrammeFields, SessionFields
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services import capture
from facilitator.services.capture import CaptureRequest, SubjectRef
from facilitator.services.conflicts import (
    conflict,
    link_capture,
    open_conflict,
    programme_conflicts,
    rename_conflict,
    set_conflict_status,
)
from facilitator.services.live_run import LiveRun
from facilitator.services.programmes import create_programme, session_detail
from facilitator.services.schemes import list_schemes
from facilitator.services.sessions import create_session
from facilitator.storage.database import Database

DAY_ONE_START = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)  # the sample's finished day
DAY_TWO_START = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)  # and its planned one


# Start from the sample with its own conflicts taken away, so counts here are exact.
pytestmark = pytest.mark.usefixtures("without_sample_conflicts")


class FakeClock:
    """A clock the test moves by hand: wall time and a monotonic count move together."""

    def __init__(self, start: datetime) -> None:
        self.wall = start
        self.mono = 5_000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


def code_id(db: Database, scheme_slug: str, code_slug: str) -> int:
    """Return the id of a built-in code."""
    (scheme,) = [s for s in list_schemes(db) if s.slug == scheme_slug]
    (code,) = [c for c in scheme.codes if c.slug == code_slug]
    return code.id


def surface_in_day_one(db: Database, day_one_id: int, note: str, *, minutes: float) -> int:
    """Record a "Conflict surfaced" capture in Day one; return the conflict it opened."""
    receipt = capture.record(
        db,
        CaptureRequest(
            session_id=day_one_id,
            uuid=str(uuid.uuid4()),
            occurred_at=DAY_ONE_START + timedelta(minutes=minutes),
            offset_seconds=minutes * 60,
            code_ids=(code_id(db, "conflict-surfacing", "conflict-surfaced"),),
            note=note,
        ),
    )
    assert receipt.conflict_id is not None
    return receipt.conflict_id


def day_two_run(db: Database, day_two_id: int) -> tuple[LiveRun, FakeClock]:
    """Take the sample's Day two live on a fake clock."""
    clock = FakeClock(DAY_TWO_START)
    return LiveRun(db, day_two_id, clock=clock), clock


def test_a_conflict_lives_across_two_sessions(
    store: Database, sample: ProgrammeSummary, day_one_id: int, day_two_id: int
) -> None:
    """Surfaced in Day one, listed as open in Day two, linked, worked through and resolved."""
    conflict_id = surface_in_day_one(
        store, day_one_id, "Who absorbs the overspend on the fixed budget?", minutes=250
    )
    run, clock = day_two_run(store, day_two_id)

    (listed,) = programme_conflicts(store, sample.id, open_only=True)
    assert (listed.id, listed.title, listed.status) == (
        conflict_id,
        "Who absorbs the overspend on the fixed budget?",
        ConflictStatus.OPEN,
    )
    assert (listed.session_id, listed.session_title, listed.observation_count) == (
        day_one_id,
        "Day one",
        1,
    )

    clock.advance(600)
    receipt = run.submit(run.request(kind=CaptureKind.NOTE, note="Back to the budget question"))
    assert receipt is not None
    link_capture(store, receipt.id, conflict_id)
    clock.advance(300)
    worked_at = run.timer.moment()
    set_conflict_status(
        store,
        conflict_id,
        ConflictStatus.WORKED_THROUGH,
        session_id=day_two_id,
        moment=worked_at,
        note="Tried the over-performance example",
    )
    clock.advance(1200)
    resolved_at = run.timer.moment()
    set_conflict_status(
        store, conflict_id, ConflictStatus.RESOLVED, session_id=day_two_id, moment=resolved_at
    )

    story = conflict(store, conflict_id)
    assert story.status is ConflictStatus.RESOLVED
    assert story.observation_count == 2
    assert [(e.status, e.session_title, e.at, e.note) for e in story.events] == [
        (ConflictStatus.OPEN, "Day one", DAY_ONE_START + timedelta(minutes=250), ""),
        (
            ConflictStatus.WORKED_THROUGH,
            "Day two",
            worked_at,
            "Tried the over-performance example",
        ),
        (ConflictStatus.RESOLVED, "Day two", resolved_at, ""),
    ]
    assert programme_conflicts(store, sample.id, open_only=True) == []
    assert [c.id for c in programme_conflicts(store, sample.id)] == [conflict_id]


def test_worked_through_and_parked_conflicts_stay_unresolved(
    store: Database, sample: ProgrammeSummary, day_one_id: int, day_two_id: int
) -> None:
    """Only resolved conflicts leave the unresolved list; it runs oldest first."""
    first = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    second = surface_in_day_one(store, day_one_id, "Hospitals lead for the centre", minutes=120)
    third = surface_in_day_one(store, day_one_id, "Data sharing", minutes=140)
    moment = DAY_TWO_START + timedelta(hours=1)
    for conflict_id, status in (
        (first, ConflictStatus.PARKED),
        (second, ConflictStatus.WORKED_THROUGH),
        (third, ConflictStatus.RESOLVED),
    ):
        set_conflict_status(store, conflict_id, status, session_id=day_two_id, moment=moment)
    unresolved = programme_conflicts(store, sample.id, open_only=True)
    assert [(c.id, c.status) for c in unresolved] == [
        (first, ConflictStatus.PARKED),
        (second, ConflictStatus.WORKED_THROUGH),
    ]


def test_a_resolved_conflict_can_be_reopened(
    store: Database, day_one_id: int, day_two_id: int
) -> None:
    """Reopening is one more step in the history, not an undo of the last."""
    conflict_id = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    moment = DAY_TWO_START + timedelta(hours=1)
    for status in (ConflictStatus.RESOLVED, ConflictStatus.OPEN):
        set_conflict_status(store, conflict_id, status, session_id=day_two_id, moment=moment)
    story = conflict(store, conflict_id)
    assert story.status is ConflictStatus.OPEN
    assert [e.status for e in story.events] == [
        ConflictStatus.OPEN,
        ConflictStatus.RESOLVED,
        ConflictStatus.OPEN,
    ]


def test_events_keep_the_order_they_were_recorded_in(
    store: Database, day_one_id: int, day_two_id: int
) -> None:
    """A laptop clock set back between steps does not reorder a conflict's history."""
    conflict_id = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    later = DAY_TWO_START + timedelta(hours=2)
    set_conflict_status(
        store, conflict_id, ConflictStatus.PARKED, session_id=day_two_id, moment=later
    )
    set_conflict_status(
        store,
        conflict_id,
        ConflictStatus.OPEN,
        session_id=day_two_id,
        moment=later - timedelta(hours=1),
    )
    statuses = [e.status for e in conflict(store, conflict_id).events]
    assert statuses == [ConflictStatus.OPEN, ConflictStatus.PARKED, ConflictStatus.OPEN]


def test_marking_a_conflict_with_the_status_it_has_is_refused(
    store: Database, day_one_id: int, day_two_id: int
) -> None:
    """A repeated click says so plainly and adds nothing to the history."""
    conflict_id = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    moment = DAY_TWO_START
    set_conflict_status(
        store, conflict_id, ConflictStatus.PARKED, session_id=day_two_id, moment=moment
    )
    with pytest.raises(InvalidInputError, match="“Right of veto” is already marked parked"):
        set_conflict_status(
            store, conflict_id, ConflictStatus.PARKED, session_id=day_two_id, moment=moment
        )
    assert len(conflict(store, conflict_id).events) == 2


def test_open_a_conflict_by_hand(
    store: Database, sample: ProgrammeSummary, day_two_id: int
) -> None:
    """A conflict opened by hand has a cleaned title, its session and an opening event."""
    moment = DAY_TWO_START + timedelta(minutes=5)
    conflict_id = open_conflict(store, day_two_id, "  Who holds the budget?  ", moment=moment)
    story = conflict(store, conflict_id)
    assert (story.title, story.session_title, story.opened_at) == (
        "Who holds the budget?",
        "Day two",
        moment,
    )
    assert story.programme_id == sample.id
    assert [(e.status, e.session_id) for e in story.events] == [(ConflictStatus.OPEN, day_two_id)]
    assert story.observation_count == 0


def test_bad_names_and_missing_things_are_refused(store: Database, day_two_id: int) -> None:
    """Empty or over-long names, and sessions or conflicts that have gone, get clear messages."""
    with pytest.raises(InvalidInputError, match="The conflict's name cannot be empty"):
        open_conflict(store, day_two_id, "   ", moment=DAY_TWO_START)
    with pytest.raises(InvalidInputError, match="too long"):
        open_conflict(store, day_two_id, "x" * 201, moment=DAY_TWO_START)
    with pytest.raises(NotFoundError, match="That session no longer exists"):
        open_conflict(store, 99_999, "Budget", moment=DAY_TWO_START)
    with pytest.raises(NotFoundError, match="That conflict no longer exists"):
        rename_conflict(store, 99_999, "Budget")
    with pytest.raises(NotFoundError, match="That conflict no longer exists"):
        set_conflict_status(
            store, 99_999, ConflictStatus.RESOLVED, session_id=day_two_id, moment=DAY_TWO_START
        )
    with pytest.raises(NotFoundError, match="That programme no longer exists"):
        programme_conflicts(store, 99_999)


def test_rename_a_conflict(store: Database, day_one_id: int) -> None:
    """Renaming cleans the name; the same name again changes nothing."""
    conflict_id = surface_in_day_one(store, day_one_id, "", minutes=10)
    assert conflict(store, conflict_id).title == "Conflict surfaced"
    assert rename_conflict(store, conflict_id, " Fixed budget ").any
    assert conflict(store, conflict_id).title == "Fixed budget"
    assert not rename_conflict(store, conflict_id, "Fixed budget").any
    with pytest.raises(InvalidInputError, match="cannot be empty"):
        rename_conflict(store, conflict_id, "")


def test_link_and_unlink_captures(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """A capture links to one conflict at a time; linking twice says so; unlinking clears."""
    first = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    second = surface_in_day_one(store, day_one_id, "Data sharing", minutes=110)
    observation_id = session_detail(store, day_one_id).observations[0].id
    link_capture(store, observation_id, first)
    with pytest.raises(InvalidInputError, match="already linked to “Right of veto”"):
        link_capture(store, observation_id, first)
    link_capture(store, observation_id, second)  # moves it
    counts = {c.id: c.observation_count for c in programme_conflicts(store, sample.id)}
    assert counts == {first: 1, second: 2}
    assert link_capture(store, observation_id, None).any
    assert not link_capture(store, observation_id, None).any
    assert conflict(store, second).observation_count == 1
    with pytest.raises(NotFoundError, match="That conflict no longer exists"):
        link_capture(store, observation_id, 99_999)
    with pytest.raises(NotFoundError, match="That capture no longer exists"):
        link_capture(store, 99_999, first)


def test_a_tally_mark_cannot_be_linked(store: Database, day_one_id: int, day_two_id: int) -> None:
    """Tally marks count who spoke; they are not evidence about a conflict."""
    conflict_id = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    run, _clock = day_two_run(store, day_two_id)
    person = run.detail.attendees[0]
    receipt = run.submit(
        run.request(
            kind=CaptureKind.CONTRIBUTION,
            subjects=[SubjectRef(SubjectKind.PARTICIPANT, person.id)],
        )
    )
    assert receipt is not None
    with pytest.raises(InvalidInputError, match="A tally mark cannot be linked"):
        link_capture(store, receipt.id, conflict_id)


def test_conflicts_stay_within_their_programme(store: Database, day_one_id: int) -> None:
    """Another programme's session cannot move a conflict on, nor its captures link to it."""
    conflict_id = surface_in_day_one(store, day_one_id, "Right of veto", minutes=100)
    other_programme, _changes = create_programme(store, ProgrammeFields(title="Another"))
    other_session = create_session(store, other_programme, SessionFields(title="Elsewhere"))
    with pytest.raises(InvalidInputError, match="belongs to another programme"):
        set_conflict_status(
            store,
            conflict_id,
            ConflictStatus.RESOLVED,
            session_id=other_session,
            moment=DAY_TWO_START,
        )
    run = LiveRun(store, other_session, clock=FakeClock(DAY_TWO_START))
    receipt = run.submit(run.request(kind=CaptureKind.NOTE, note="Elsewhere"))
    assert receipt is not None
    with pytest.raises(InvalidInputError, match="belongs to another programme"):
        link_capture(store, receipt.id, conflict_id)
    assert programme_conflicts(store, other_programme) == []
