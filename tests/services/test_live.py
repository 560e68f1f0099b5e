"""Running a session live: the agenda clock, pauses, finishing, and the LiveRun that captures."""

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from facilitator.domain.enums import CaptureKind, SessionStatus, SubjectKind
from facilitator.domain.errors import DiskFullError, InvalidInputError, NotFoundError
from facilitator.services import capture, live
from facilitator.services.capture import CaptureRequest, Receipt, SubjectRef
from facilitator.services.live_run import LiveRun
from facilitator.services.programmes import session_detail
from facilitator.services.schemes import list_schemes
from facilitator.services.store import integrity_problems, open_store
from facilitator.storage.database import Database
from tests.captures import capture_request, code_ids
from tests.clocks import START, FakeClock
from tests.conftest import TODAY

STUCK = "dialogue-patterns/stuck"
GENERATIVE = "dialogue-patterns/generative"
ENTRENCHED = "dialogue-patterns/entrenched"
REPEATING = "dialogue-patterns/repeating"


def at(seconds: float) -> datetime:
    """Return the moment `seconds` after START."""
    return START + timedelta(seconds=seconds)


@pytest.fixture
def codes(store: Database) -> dict[str, int]:
    return code_ids(store)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def run(store: Database, day_two_id: int, clock: FakeClock) -> LiveRun:
    """Return "Day two" running live from START on a fake clock."""
    return LiveRun(store, day_two_id, clock=clock)


class FlakyDisk:
    """Stands in for capture.record: refuses with a full disk while `full`, and logs writes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        self.written: list[str] = []
        self._record = capture.record
        monkeypatch.setattr(capture, "record", self)

    def __call__(self, db: Database, request: CaptureRequest) -> Receipt:
        if self.full:
            raise DiskFullError("There is no space left on the disk.")
        receipt = self._record(db, request)
        self.written.append(request.uuid)
        return receipt


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> FlakyDisk:
    return FlakyDisk(monkeypatch)


def saved_uuids(db: Database, session_id: int) -> list[str]:
    return [o.uuid for o in session_detail(db, session_id).observations]


# Going live and moving through the agenda


def test_go_live_starts_the_clock_and_the_first_item(store: Database, day_two_id: int) -> None:
    """Going live sets the status, the start moment, the first item and the default schemes."""
    live.go_live(store, day_two_id, moment=START)
    detail = session_detail(store, day_two_id)
    assert detail.status is SessionStatus.LIVE and detail.live_started_at == START
    assert detail.agenda[0].actual_start == START and detail.agenda[0].actual_end is None
    assert all(item.actual_start is None for item in detail.agenda[1:])
    assert detail.current_item == detail.agenda[0]
    slugs = [scheme.slug for scheme in live.session_schemes(store, day_two_id)]
    assert slugs == ["conflict-surfacing", "dialogue-patterns", "five-factors"]


def test_going_live_again_keeps_the_first_start(store: Database, day_two_id: int) -> None:
    """Going live twice (after reopening) changes neither the start nor the running item."""
    live.go_live(store, day_two_id, moment=START)
    live.next_item(store, day_two_id, moment=at(600))
    live.go_live(store, day_two_id, moment=at(900))
    detail = session_detail(store, day_two_id)
    assert detail.live_started_at == START
    assert detail.current_item == detail.agenda[1]


def test_a_finished_session_cannot_go_live_again(store: Database, day_one_id: int) -> None:
    """The sample's finished "Day one" is refused."""
    with pytest.raises(InvalidInputError):
        live.go_live(store, day_one_id, moment=START)


def test_next_and_previous_record_the_actual_times(store: Database, day_two_id: int) -> None:
    """Next ends the item now and starts the following; previous runs the item before again."""
    live.go_live(store, day_two_id, moment=START)
    live.next_item(store, day_two_id, moment=at(1800))
    first, second = session_detail(store, day_two_id).agenda[:2]
    assert (first.actual_start, first.actual_end) == (START, at(1800))
    assert (second.actual_start, second.actual_end) == (at(1800), None)
    live.previous_item(store, day_two_id, moment=at(1900))
    first, second = session_detail(store, day_two_id).agenda[:2]
    assert (first.actual_start, first.actual_end) == (START, None)
    assert (second.actual_start, second.actual_end) == (None, None)
    with pytest.raises(NotFoundError):
        live.previous_item(store, day_two_id, moment=at(1950))
    live.next_item(store, day_two_id, moment=at(2000))
    first, second = session_detail(store, day_two_id).agenda[:2]
    assert first.actual_end == at(2000) and second.actual_start == at(2000)


def test_next_past_the_last_item_asks_to_finish(store: Database, day_two_id: int) -> None:
    """After the last item has ended there is no next; previous reopens the last item."""
    live.go_live(store, day_two_id, moment=START)
    count = len(session_detail(store, day_two_id).agenda)
    for step in range(1, count + 1):
        live.next_item(store, day_two_id, moment=at(step * 60))
    detail = session_detail(store, day_two_id)
    assert detail.current_item is None
    assert [item.actual_end for item in detail.agenda] == [at(n * 60) for n in range(1, count + 1)]
    with pytest.raises(NotFoundError):
        live.next_item(store, day_two_id, moment=at(10_000))
    live.previous_item(store, day_two_id, moment=at(10_000))
    current = session_detail(store, day_two_id).current_item
    assert current is not None and current.id == detail.agenda[-1].id
    assert current.actual_start == detail.agenda[-1].actual_start


def test_add_time_within_its_limits(store: Database, day_two_id: int) -> None:
    """Up to 240 extra minutes, and never less than one minute in all."""
    item = session_detail(store, day_two_id).agenda[0]  # 30 minutes planned
    live.add_time(store, item.id, minutes=240)
    with pytest.raises(InvalidInputError):
        live.add_time(store, item.id, minutes=1)
    live.add_time(store, item.id, minutes=-240 - 29)
    assert session_detail(store, day_two_id).agenda[0].extra_minutes == -29
    with pytest.raises(InvalidInputError):
        live.add_time(store, item.id, minutes=-1)
    with pytest.raises(NotFoundError):
        live.add_time(store, 999_999, minutes=5)


def test_pause_and_resume_store_the_paused_time(store: Database, day_two_id: int) -> None:
    """Pause keeps its first moment; resume stores the total paused, never less than before."""
    live.go_live(store, day_two_id, moment=START)
    live.pause(store, day_two_id, moment=at(60))
    live.pause(store, day_two_id, moment=at(90))
    assert session_detail(store, day_two_id).paused_at == at(60)
    live.resume(store, day_two_id, paused_seconds=120)
    detail = session_detail(store, day_two_id)
    assert (detail.paused_at, detail.paused_seconds) == (None, 120)
    live.resume(store, day_two_id, paused_seconds=100)
    assert session_detail(store, day_two_id).paused_seconds == 120


def test_finish_ends_the_item_and_closes_running_states(
    store: Database, day_two_id: int, codes: dict[str, int]
) -> None:
    """States still running are closed at the finish, never left dangling; the session ends."""
    live.go_live(store, day_two_id, moment=START)
    stuck = capture.record(store, capture_request(day_two_id, codes[STUCK], offset=100))
    entrenched = capture.record(store, capture_request(day_two_id, codes[ENTRENCHED], offset=200))
    capture.record(store, capture_request(day_two_id, codes[ENTRENCHED], offset=250))
    closed = live.finish(store, day_two_id, moment=at(900), offset_seconds=900)
    assert closed == 1
    detail = session_detail(store, day_two_id)
    durations = {o.id: o.duration_seconds for o in detail.observations}
    assert durations == {stuck.id: 800, entrenched.id: 50}
    assert not any(o.running for o in detail.observations)
    assert detail.status is SessionStatus.FINISHED and detail.finished_at == at(900)
    assert detail.agenda[0].actual_end == at(900)
    assert live.live_session_id(store) is None


def test_finishing_while_paused_counts_the_pause(store: Database, day_two_id: int) -> None:
    """A session finished during a pause stores that pause too, and is no longer paused."""
    live.go_live(store, day_two_id, moment=START)
    live.pause(store, day_two_id, moment=at(300))
    live.finish(store, day_two_id, moment=at(360), offset_seconds=300)
    detail = session_detail(store, day_two_id)
    assert (detail.paused_at, detail.paused_seconds) == (None, 60)


def test_live_session_id_finds_the_session_left_live(store: Database, day_two_id: int) -> None:
    """After a crash the app finds the live session to reopen."""
    assert live.live_session_id(store) is None
    live.go_live(store, day_two_id, moment=START)
    assert live.live_session_id(store) == day_two_id


def test_author_round_trip(store: Database) -> None:
    """The laptop's name for captures is set once, trimmed, and never empty."""
    assert live.author(store) == ""
    live.set_author(store, "  Facilitator 2 ")
    assert live.author(store) == "Facilitator 2"
    live.set_author(store, "Facilitator 1")
    assert live.author(store) == "Facilitator 1"
    with pytest.raises(InvalidInputError):
        live.set_author(store, "   ")
    assert live.author(store) == "Facilitator 1"


def test_session_schemes_in_the_chosen_order(store: Database, day_two_id: int) -> None:
    """A session's key panel uses the chosen schemes in order; a repeat or a missing one fails."""
    by_slug = {scheme.slug: scheme.id for scheme in list_schemes(store)}
    chosen = [by_slug["kantor-four-player"], by_slug["dialogue-patterns"]]
    live.set_session_schemes(store, day_two_id, chosen)
    assert [s.id for s in live.session_schemes(store, day_two_id)] == chosen
    with pytest.raises(InvalidInputError):
        live.set_session_schemes(store, day_two_id, [chosen[0], chosen[0]])
    with pytest.raises(NotFoundError):
        live.set_session_schemes(store, day_two_id, [999_999])
    assert [s.id for s in live.session_schemes(store, day_two_id)] == chosen
    live.go_live(store, day_two_id, moment=START)  # a choice made is not replaced by defaults
    assert [s.id for s in live.session_schemes(store, day_two_id)] == chosen


# LiveRun: captures stamped on the clock


def test_a_live_run_goes_live_on_its_clock(run: LiveRun, store: Database) -> None:
    """Opening a planned session live starts it at the clock's time, signed by this laptop."""
    assert run.detail.status is SessionStatus.LIVE
    assert run.detail.live_started_at == START
    assert run.timer.elapsed() == 0.0
    assert [s.slug for s in run.schemes][:2] == ["conflict-surfacing", "dialogue-patterns"]


def test_a_capture_is_stamped_at_the_key_press(
    run: LiveRun, store: Database, clock: FakeClock, codes: dict[str, int]
) -> None:
    """The moment is the key press, not when the note is finished twenty seconds later."""
    live.set_author(store, "Facilitator 2")
    run = LiveRun(store, run.session_id, clock=clock)
    clock.advance(30)
    request = run.request(code_ids=[codes[REPEATING]])
    clock.advance(20)  # typing the note
    participant = run.detail.attendees[0]
    request = replace(
        request,
        note="Third time today",
        subjects=(SubjectRef(SubjectKind.PARTICIPANT, participant.id),),
    )
    receipt = run.submit(request)
    assert receipt is not None
    saved = capture.capture(store, receipt.id)
    assert saved.offset_seconds == 30 and saved.occurred_at == at(30)
    assert saved.agenda_item_id == run.detail.agenda[0].id
    assert saved.author == "Facilitator 2" and saved.note == "Third time today"


def test_back_dating_moves_the_capture_and_its_item(
    run: LiveRun, store: Database, clock: FakeClock, codes: dict[str, int]
) -> None:
    """ "That was two minutes ago" lands in the item running then, and never before the start."""
    clock.advance(600)
    run.next_item()
    clock.advance(60)
    receipt = run.submit(run.request(code_ids=[codes[REPEATING]], backdate_seconds=120))
    assert receipt is not None
    saved = capture.capture(store, receipt.id)
    assert saved.offset_seconds == 540 and saved.occurred_at == at(540)
    assert saved.agenda_item_id == run.detail.agenda[0].id
    early = run.request(code_ids=[codes[REPEATING]], backdate_seconds=10_000)
    assert early.offset_seconds == 0 and early.occurred_at == START


def test_live_run_agenda_steps_use_the_timer(
    run: LiveRun, store: Database, clock: FakeClock
) -> None:
    """Next, previous and add time act on the running item at the timer's moment."""
    clock.advance(1800)
    run.next_item()
    assert run.detail.agenda[0].actual_end == at(1800)
    assert run.detail.current_item == run.detail.agenda[1]
    run.add_time(10)
    assert run.detail.current_item is not None and run.detail.current_item.extra_minutes == 10
    clock.advance(60)
    run.previous_item()
    assert run.detail.current_item is not None
    assert run.detail.current_item.id == run.detail.agenda[0].id


def test_live_run_pause_and_resume_store_paused_seconds(
    run: LiveRun, store: Database, clock: FakeClock
) -> None:
    """The pause is stored as it starts, and its length when it ends."""
    clock.advance(100)
    run.pause()
    assert session_detail(store, run.session_id).paused_at == at(100)
    clock.advance(45)
    run.resume()
    detail = session_detail(store, run.session_id)
    assert (detail.paused_at, detail.paused_seconds) == (None, 45)
    clock.advance(5)
    assert run.timer.elapsed() == pytest.approx(105)


def test_live_run_finish_closes_states_at_that_moment(
    run: LiveRun, store: Database, clock: FakeClock, codes: dict[str, int]
) -> None:
    """A state left running is closed when the session finishes, at the timer's offset."""
    clock.advance(50)
    stuck = run.submit(run.request(code_ids=[codes[STUCK]]))
    clock.advance(70)
    run.pause()
    clock.advance(500)  # paused time is not state time
    assert run.finish() == 1
    assert stuck is not None
    assert capture.capture(store, stuck.id).duration_seconds == pytest.approx(70)
    assert run.detail.status is SessionStatus.FINISHED
    assert run.detail.paused_seconds == pytest.approx(500)


# LiveRun: faults and captures waiting


def test_a_full_disk_keeps_captures_waiting_in_order(
    run: LiveRun, store: Database, clock: FakeClock, codes: dict[str, int], disk: FlakyDisk
) -> None:
    """Nothing is dropped: captures the file cannot take wait, in order, with a clear reason."""
    disk.full = True
    requests = []
    for _ in range(3):
        clock.advance(10)
        requests.append(run.request(code_ids=[codes[REPEATING]]))
        assert run.submit(requests[-1]) is None
    assert run.pending == requests
    assert "no space" in run.last_problem
    assert saved_uuids(store, run.session_id) == []
    assert run.retry_pending() == 3  # still full


def test_retry_writes_each_waiting_capture_once_in_order(
    run: LiveRun, store: Database, clock: FakeClock, codes: dict[str, int], disk: FlakyDisk
) -> None:
    """Once there is room, every waiting capture is written once, oldest first, then new ones."""
    disk.full = True
    requests = []
    for code in (STUCK, REPEATING, STUCK, ENTRENCHED):
        clock.advance(10)
        requests.append(run.request(code_ids=[codes[code]]))
        run.submit(requests[-1])
    disk.full = False
    clock.advance(10)
    requests.append(run.request(code_ids=[codes[REPEATING]]))
    assert run.submit(requests[-1]) is None  # it queued behind the others, then all went
    assert run.pending == [] and run.last_problem == ""
    assert disk.written == [r.uuid for r in requests]
    assert run.retry_pending() == 0 and len(disk.written) == 5
    detail = session_detail(store, run.session_id)
    # The stuck state started at 10 and stopped at 30: written in order, the toggle holds.
    by_uuid = {o.uuid: o for o in detail.observations}
    assert by_uuid[requests[0].uuid].duration_seconds == pytest.approx(20)
    assert [o.offset_seconds for o in detail.observations] == [10, 20, 40, 50]


def test_an_unexplained_fault_waits_too(
    run: LiveRun, store: Database, codes: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault the app has no words for still keeps the capture, with a general message."""

    def broken(db: Database, request: CaptureRequest) -> Receipt:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(capture, "record", broken)
    request = run.request(code_ids=[codes[REPEATING]])
    assert run.submit(request) is None
    assert run.pending == [request]
    assert run.last_problem == "The database could not be written just now."


def test_refusals_are_raised_and_never_retried(
    run: LiveRun, store: Database, codes: dict[str, int], disk: FlakyDisk
) -> None:
    """A capture the rules refuse is reported at once; one refused on retry does not block."""
    with pytest.raises(InvalidInputError):
        run.submit(run.request(code_ids=[codes[REPEATING]], note="x" * 20_001))
    assert run.pending == []
    disk.full = True
    gone = run.request(
        code_ids=[codes[REPEATING]], subjects=(SubjectRef(SubjectKind.PARTICIPANT, 999_999),)
    )
    fine = run.request(code_ids=[codes[REPEATING]])
    run.submit(gone)
    run.submit(fine)
    disk.full = False
    assert run.retry_pending() == 0
    assert saved_uuids(store, run.session_id) == [fine.uuid]
    assert run.refused == [gone], "kept, not dropped: it is saved with the waiting captures"
    assert "could not be saved" in run.last_problem


def test_finish_waits_for_captures_still_waiting(
    run: LiveRun, store: Database, codes: dict[str, int], disk: FlakyDisk
) -> None:
    """The session cannot finish while captures wait; once written, it can."""
    disk.full = True
    run.submit(run.request(code_ids=[codes[REPEATING]]))
    with pytest.raises(InvalidInputError):
        run.finish()
    assert session_detail(store, run.session_id).status is SessionStatus.LIVE
    disk.full = False
    run.finish()
    assert len(saved_uuids(store, run.session_id)) == 1


def test_save_pending_to_writes_private_json(
    run: LiveRun, tmp_path: Path, codes: dict[str, int], disk: FlakyDisk
) -> None:
    """Waiting captures can be saved elsewhere as JSON only the user can read, in order."""
    disk.full = True
    participant = run.detail.attendees[0]
    first = run.request(
        code_ids=[codes[REPEATING]],
        note="Ring-fence “again” – Ł",
        subjects=(SubjectRef(SubjectKind.PARTICIPANT, participant.id),),
    )
    second = run.request(kind=CaptureKind.MARK)
    run.submit(first)
    run.submit(second)
    target = tmp_path / "rescue" / "rescued.json"
    target.parent.mkdir()
    target.write_text("old")
    os.chmod(target, 0o644)
    assert run.save_pending_to(target) == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert payload["format"] == 1 and payload["session_uuid"] == run.detail.uuid
    assert [c["uuid"] for c in payload["captures"]] == [first.uuid, second.uuid]
    saved = payload["captures"][0]
    assert saved["note"] == "Ring-fence “again” – Ł"
    assert saved["occurred_at"] == first.occurred_at.isoformat()
    assert saved["subjects"] == [{"kind": "participant", "ref_id": participant.id, "role": "about"}]
    assert payload["captures"][1]["kind"] == "mark"
    assert [p.name for p in target.parent.iterdir()] == ["rescued.json"]


def test_save_pending_to_leaves_the_old_file_if_writing_fails(
    run: LiveRun,
    tmp_path: Path,
    codes: dict[str, int],
    disk: FlakyDisk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Writing is atomic: a failure part-way leaves the previous file whole and no temporary."""
    disk.full = True
    run.submit(run.request(code_ids=[codes[REPEATING]]))
    target = tmp_path / "rescue" / "rescued.json"
    target.parent.mkdir()
    target.write_text("previous rescue")

    def no_room(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_room)
    with pytest.raises(OSError):
        run.save_pending_to(target)
    assert target.read_text() == "previous rescue"
    assert [p.name for p in target.parent.iterdir()] == ["rescued.json"]


# LiveRun: reopening after a crash


@pytest.fixture
def reopen(data_dir: Path, store: Database) -> Iterator[Callable[[], Database]]:
    """Return a function that "crashes" the store and opens the data folder again."""
    opened: list[Database] = []

    def crash_and_reopen() -> Database:
        (opened[-1] if opened else store).close()
        db = open_store(data_dir, today=TODAY)
        opened.append(db)
        return db

    yield crash_and_reopen
    for db in opened:
        db.close()


def test_reopening_continues_the_clock_and_sees_running_states(
    run: LiveRun,
    clock: FakeClock,
    codes: dict[str, int],
    reopen: Callable[[], Database],
    day_two_id: int,
) -> None:
    """After a crash a new LiveRun picks up where it was: item, paused time, states, clock."""
    clock.advance(600)
    run.next_item()
    clock.advance(30)
    stuck = run.submit(run.request(code_ids=[codes[STUCK]]))
    run.pause()
    clock.advance(120)
    run.resume()
    clock.advance(50)
    before = run.timer.elapsed()
    assert before == pytest.approx(680)
    clock.advance(15)  # the crash, and the app starting again
    db = reopen()
    assert live.live_session_id(db) == day_two_id
    new_clock = clock.restart()
    again = LiveRun(db, day_two_id, clock=new_clock)
    assert again.timer.elapsed() == pytest.approx(before + 15)
    assert again.detail.live_started_at == START
    assert again.detail.current_item == again.detail.agenda[1]
    (running,) = [o for o in again.detail.observations if o.running]
    assert stuck is not None and running.id == stuck.id
    new_clock.advance(5)
    stop = again.submit(again.request(code_ids=[codes[STUCK]]))
    assert stop is not None and stop.stopped == (stuck.id,)
    assert capture.capture(db, stuck.id).duration_seconds == pytest.approx(700 - 630)
    assert integrity_problems(db) == []


def test_reopening_while_paused_stays_paused(
    run: LiveRun, clock: FakeClock, reopen: Callable[[], Database], day_two_id: int
) -> None:
    """A crash during a pause reopens paused at the same elapsed time, the pause counted."""
    clock.advance(200)
    run.pause()
    clock.advance(300)
    db = reopen()
    new_clock = clock.restart()
    again = LiveRun(db, day_two_id, clock=new_clock)
    assert again.timer.paused and again.timer.elapsed() == pytest.approx(200)
    new_clock.advance(10)
    again.resume()
    assert session_detail(db, day_two_id).paused_seconds == pytest.approx(310)


def test_a_wall_clock_jump_never_reorders_captures(
    run: LiveRun,
    store: Database,
    clock: FakeClock,
    codes: dict[str, int],
    reopen,
    day_two_id: int,
) -> None:
    """A system clock moved mid-session or across a restart never dates a capture earlier."""
    made = []
    for jump in (0.0, -3600.0, 86400.0, -86400.0):
        clock.jump_wall(jump)
        clock.advance(20)
        made.append(run.submit(run.request(code_ids=[codes[REPEATING]])))
    clock.jump_wall(-3600)  # set back an hour, then the app restarts
    db = reopen()
    again = LiveRun(db, day_two_id, clock=clock.restart())
    made.append(again.submit(again.request(code_ids=[codes[REPEATING]])))
    detail = session_detail(db, day_two_id)
    assert [o.id for o in detail.observations] == [r.id for r in made if r is not None]
    offsets = [o.offset_seconds for o in detail.observations]
    assert offsets == sorted(offsets) and offsets[:4] == [20, 40, 60, 80]
    assert offsets[4] >= 80
    assert detail.observations[4].agenda_item_id == detail.agenda[0].id
