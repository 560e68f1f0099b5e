"""Undoable captures: recording (already written), editing and deleting, each exact both ways."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from facilitator.domain.enums import CaptureKind, CodeKind, ConflictStatus, SubjectKind, SubjectRole
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.snapshots import Observation
from facilitator.services import agenda, programmes
from facilitator.services.capture import SubjectRef, record
from facilitator.services.capture_commands import (
    CaptureCommand,
    CaptureFields,
    DeleteCapture,
    EditCapture,
    RecordCapture,
    captures_by_uuid,
)
from facilitator.services.live_run import LiveRun
from facilitator.services.store import integrity_problems, open_store
from facilitator.storage.database import Database
from facilitator.storage.location import DATABASE_NAME
from facilitator.storage.tables import ConflictEventRow, ConflictRow
from tests.conftest import TODAY

STUCK = "dialogue-patterns/stuck"
GENERATIVE = "dialogue-patterns/generative"
ENTRENCHED = "dialogue-patterns/entrenched"
REPEATING = "dialogue-patterns/repeating"
HONEST = "dialogue-patterns/honest-conversation"
SURFACED = "conflict-surfacing/conflict-surfaced"
POWER = "conflict-surfacing/power-differential-named"
PURPOSE = "five-factors/shared-purpose"


class FakeClock:
    """A wall clock and a monotonic clock that move only when the test moves them."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
        self.mono = 500.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


def day_two(db: Database) -> int:
    """Return the id of the sample's "Day two" (module 3), planned and without captures."""
    (programme,) = programmes.list_programmes(db)
    session = programme.modules[2].sessions[1]
    assert session.title == "Day two"
    return session.id


def live(db: Database) -> LiveRun:
    """Return "Day two" running live on a fake clock."""
    return LiveRun(db, day_two(db), clock=FakeClock())


@pytest.fixture
def run(store: Database) -> LiveRun:
    """Return the sample's "Day two" live on a fake clock."""
    return live(store)


def code(run: LiveRun, name: str) -> int:
    """Return the id of a code of the session's schemes by "scheme-slug/code-slug"."""
    scheme_slug, code_slug = name.split("/")
    for scheme in run.schemes:
        for candidate in scheme.codes:
            if (scheme.slug, candidate.slug) == (scheme_slug, code_slug):
                return candidate.id
    raise LookupError(name)


def capture(run: LiveRun, *names: str, after: float = 5.0, **details: object) -> RecordCapture:
    """Capture as the capture panel does (written at once), and return its undo command."""
    run.clock.advance(after)  # type: ignore[attr-defined]
    request = run.request(code_ids=[code(run, name) for name in names], **details)  # type: ignore[arg-type]
    receipt = run.submit(request)
    assert receipt is not None
    return RecordCapture(request, receipt, schemes=run.schemes)


def observations(run: LiveRun) -> tuple[Observation, ...]:
    return programmes.session_detail(run.db, run.session_id).observations


def by_uuid(run: LiveRun, capture_uuid: str) -> Observation:
    (found,) = [obs for obs in observations(run) if obs.uuid == capture_uuid]
    return found


def conflicts(db: Database) -> list[tuple[object, ...]]:
    """Return every conflict with its history, as plain values."""
    with db.reading() as session:
        return [
            (
                row.id,
                row.uuid,
                row.title,
                row.status,
                row.opened_at,
                row.session_id,
                tuple((e.uuid, e.status, e.at, e.note) for e in row.events),
            )
            for row in session.scalars(select(ConflictRow).order_by(ConflictRow.id))
        ]


def everything(run: LiveRun) -> tuple[object, ...]:
    return observations(run), conflicts(run.db)


def round_trip(run: LiveRun, command: CaptureCommand, *, done: bool) -> None:
    """Check undo, redo, undo, redo each lead to the same states (`done`: already carried out)."""
    if not done:
        command.redo(run.db)
    after = everything(run)
    command.undo(run.db)
    before = everything(run)
    command.redo(run.db)
    assert everything(run) == after
    command.undo(run.db)
    assert everything(run) == before
    command.redo(run.db)
    assert everything(run) == after


# Recording --------------------------------------------------------------------------------------


def test_a_point_capture_undoes_and_redoes_with_the_same_uuid_and_id(run: LiveRun) -> None:
    """Undoing a point capture removes it; redoing puts it back exactly."""
    start = everything(run)
    command = capture(run, REPEATING, note="Third time round on finance.")
    made = everything(run)
    (written,) = observations(run)

    command.undo(run.db)
    assert everything(run) == start
    command.redo(run.db)
    assert everything(run) == made
    assert observations(run)[0].id == written.id
    round_trip(run, command, done=True)


def test_redo_before_any_undo_changes_nothing(run: LiveRun) -> None:
    """A recorded capture was carried out by the capture panel: its first redo is a no-op."""
    command = capture(run, REPEATING)
    made = everything(run)
    command.redo(run.db)
    assert everything(run) == made


def test_labels_name_the_step_in_british_english(run: LiveRun) -> None:
    """The Undo menu says what it would undo."""
    assert capture(run, SURFACED).label == "Capture “Conflict surfaced”"
    assert capture(run, STUCK).label == "Capture “Group stuck”"
    assert capture(run, STUCK).label == "Stop “Group stuck”"
    assert capture(run, kind=CaptureKind.NOTE, note="Tea late").label == "Capture note"
    assert capture(run, kind=CaptureKind.MARK).label == "Mark moment"
    uuid = observations(run)[0].uuid
    assert EditCapture(run.session_id, uuid, CaptureFields(), CaptureFields()).label == (
        "Edit capture"
    )
    assert DeleteCapture(run.session_id, uuid).label == "Delete capture"
    unnamed = capture(run, REPEATING)
    assert RecordCapture(unnamed.request, unnamed.receipt).label == "Capture"


def test_a_state_started_undoes_to_nothing_and_redoes_running(run: LiveRun) -> None:
    """Undoing a state's start removes it; redoing brings it back still running."""
    command = capture(run, ENTRENCHED)
    assert observations(run)[0].duration_seconds is None
    command.undo(run.db)
    assert observations(run) == ()
    command.redo(run.db)
    assert observations(run)[0].duration_seconds is None
    round_trip(run, command, done=True)


def test_a_state_stopped_runs_again_on_undo_and_stops_again_on_redo(run: LiveRun) -> None:
    """The same state key again stops it; undo sets it running, redo stops it as long."""
    start = capture(run, ENTRENCHED)
    stop = capture(run, ENTRENCHED, after=75)
    (state,) = observations(run)
    assert stop.stopped_a_state and state.uuid == start.request.uuid
    assert state.duration_seconds == pytest.approx(75)

    stop.undo(run.db)
    assert by_uuid(run, state.uuid).duration_seconds is None
    stop.redo(run.db)
    assert by_uuid(run, state.uuid).duration_seconds == pytest.approx(75)
    round_trip(run, stop, done=True)
    stop.undo(run.db)
    start.undo(run.db)
    assert observations(run) == ()


def test_a_state_of_an_exclusive_group_undone_sets_its_rival_running(run: LiveRun) -> None:
    """Starting "Generative" stopped "Group stuck"; undo restarts "stuck", redo stops it again."""
    stuck = capture(run, STUCK)
    generative = capture(run, GENERATIVE, after=40)
    assert by_uuid(run, stuck.request.uuid).duration_seconds == pytest.approx(40)
    both = everything(run)

    generative.undo(run.db)
    (only,) = observations(run)
    assert only.uuid == stuck.request.uuid and only.duration_seconds is None
    assert generative.touched == {generative.request.uuid, stuck.request.uuid}

    generative.redo(run.db)
    assert everything(run) == both
    round_trip(run, generative, done=True)


def test_undoing_the_whole_sequence_of_states_leaves_nothing(run: LiveRun) -> None:
    """Stuck, generative, stuck again (stopping generative), stuck stopped: undo all, redo all."""
    steps = [
        capture(run, STUCK),
        capture(run, GENERATIVE),
        capture(run, STUCK),
        capture(run, STUCK),
    ]
    states = [everything(run)]
    for command in reversed(steps):
        command.undo(run.db)
        states.append(everything(run))
    assert observations(run) == ()
    for command, expected in zip(steps, reversed(states[:-1]), strict=True):
        command.redo(run.db)
        assert everything(run) == expected


def test_conflict_surfaced_undone_removes_the_conflict_and_redo_brings_it_back(
    run: LiveRun,
) -> None:
    """The conflict a capture opened goes with it, and comes back with the same id and UUID."""
    before = conflicts(run.db)
    command = capture(run, SURFACED, note="Who pays for discharge to assess?")
    opened = conflicts(run.db)
    assert len(opened) == len(before) + 1
    assert opened[-1][2] == "Who pays for discharge to assess?"
    assert observations(run)[0].conflict_id == command.receipt.conflict_id

    command.undo(run.db)
    assert conflicts(run.db) == before
    assert observations(run) == ()
    command.redo(run.db)
    assert conflicts(run.db) == opened
    assert observations(run)[0].conflict_id == command.receipt.conflict_id
    round_trip(run, command, done=True)


def test_a_conflict_with_other_captures_stays_when_its_capture_is_undone(run: LiveRun) -> None:
    """Undo takes only the capture when the conflict has other captures linked to it."""
    command = capture(run, SURFACED, note="Bed numbers")
    conflict_id = command.receipt.conflict_id
    later = run.request(code_ids=[code(run, HONEST)], conflict_id=conflict_id)
    record(run.db, later)  # a capture linked to it outside this history (a retried capture)
    opened = conflicts(run.db)

    command.undo(run.db)
    assert conflicts(run.db) == opened
    assert [obs.uuid for obs in observations(run)] == [later.uuid]
    command.redo(run.db)
    assert by_uuid(run, command.request.uuid).conflict_id == conflict_id
    assert conflicts(run.db) == opened


def test_a_conflict_with_a_history_stays_when_its_capture_is_undone(run: LiveRun) -> None:
    """Undo keeps a conflict that has moved on since it opened (it has later events)."""
    command = capture(run, SURFACED, note="Bed numbers")
    with run.db.transaction() as session:
        row = session.get(ConflictRow, command.receipt.conflict_id)
        assert row is not None
        row.status = ConflictStatus.PARKED
        row.events.append(
            ConflictEventRow(
                session_id=run.session_id, status=ConflictStatus.PARKED, at=run.clock.now()
            )
        )
    moved_on = conflicts(run.db)

    command.undo(run.db)
    assert conflicts(run.db) == moved_on
    command.redo(run.db)
    assert by_uuid(run, command.request.uuid).conflict_id == command.receipt.conflict_id
    assert conflicts(run.db) == moved_on


# Editing ----------------------------------------------------------------------------------------


def test_an_edit_changes_note_subjects_codes_and_qualifier_and_undoes_exactly(
    run: LiveRun,
) -> None:
    """Edit applies `after`; undo applies `before`; redo again; all compared in full."""
    cohort = programmes.session_detail(run.db, run.session_id).cohort
    command = capture(run, REPEATING, note="first thoughts")
    made = by_uuid(run, command.request.uuid)
    after = CaptureFields(
        code_ids=(code(run, POWER), code(run, PURPOSE)),
        qualifier="Expert",
        subjects=(
            SubjectRef(SubjectKind.PARTICIPANT, cohort[0].id, SubjectRole.FROM),
            SubjectRef(SubjectKind.PARTICIPANT, cohort[1].id, SubjectRole.TO),
        ),
        note="  The consultant overruled the social worker.  ",
    )
    edit = EditCapture(run.session_id, made.uuid, CaptureFields.of(made), after)
    round_trip(run, edit, done=False)

    edited = by_uuid(run, made.uuid)
    assert [c.label for c in edited.codes] == [
        "Power differential named",
        "Shared purpose and vision",
    ]
    assert edited.codes[0].qualifier == "Expert" and edited.codes[1].qualifier is None
    assert [(s.name, s.role) for s in edited.subjects] == [
        (cohort[0].name, SubjectRole.FROM),
        (cohort[1].name, SubjectRole.TO),
    ]
    assert edited.note == "The consultant overruled the social worker."
    edit.undo(run.db)
    assert by_uuid(run, made.uuid) == made


def test_coding_a_marked_moment_makes_it_coded_and_undo_makes_it_a_mark(run: LiveRun) -> None:
    """Mark now, code later: the edit turns the mark into a coded capture; undo turns it back."""
    command = capture(run, kind=CaptureKind.MARK)
    mark = by_uuid(run, command.request.uuid)
    fields = CaptureFields.of(mark)
    edit = EditCapture(
        run.session_id, mark.uuid, fields, replace(fields, code_ids=(code(run, HONEST),))
    )
    edit.redo(run.db)
    assert by_uuid(run, mark.uuid).kind is CaptureKind.CODED
    edit.undo(run.db)
    assert by_uuid(run, mark.uuid) == mark


def test_an_edit_cannot_turn_a_moment_into_a_state_or_back(run: LiveRun) -> None:
    """A point capture cannot take a state code, nor a state lose its state code."""
    point = by_uuid(run, capture(run, REPEATING).request.uuid)
    state = by_uuid(run, capture(run, ENTRENCHED).request.uuid)
    before = everything(run)
    to_state = replace(CaptureFields.of(point), code_ids=(code(run, STUCK),))
    to_point = replace(CaptureFields.of(state), code_ids=(code(run, REPEATING),))
    with pytest.raises(InvalidInputError, match="cannot become a state"):
        EditCapture(run.session_id, point.uuid, CaptureFields.of(point), to_state).redo(run.db)
    with pytest.raises(InvalidInputError, match="needs a state code"):
        EditCapture(run.session_id, state.uuid, CaptureFields.of(state), to_point).redo(run.db)
    assert everything(run) == before
    other_state = replace(CaptureFields.of(state), code_ids=(code(run, STUCK),))
    round_trip(
        run,
        EditCapture(run.session_id, state.uuid, CaptureFields.of(state), other_state),
        done=False,
    )


def test_a_note_given_later_names_an_untitled_conflict_and_undo_unnames_it(run: LiveRun) -> None:
    """An untitled conflict takes its title from the note; undo gives back the old title."""
    command = capture(run, SURFACED)
    assert conflicts(run.db)[-1][2] == "Conflict surfaced"
    surfaced = by_uuid(run, command.request.uuid)
    fields = CaptureFields.of(surfaced)
    edit = EditCapture(
        run.session_id, surfaced.uuid, fields, replace(fields, note="Who holds risk")
    )
    edit.redo(run.db)
    assert conflicts(run.db)[-1][2] == "Who holds risk"
    edit.undo(run.db)
    assert conflicts(run.db)[-1][2] == "Conflict surfaced"
    round_trip(run, edit, done=False)


def test_an_edit_links_a_capture_to_a_conflict_and_undo_unlinks_it(run: LiveRun) -> None:
    """The conflict link is one of the fields an edit changes and undoes."""
    surfaced = capture(run, SURFACED, note="Who holds risk")
    later = by_uuid(run, capture(run, HONEST).request.uuid)
    fields = CaptureFields.of(later)
    linked = replace(fields, conflict_id=surfaced.receipt.conflict_id)
    round_trip(run, EditCapture(run.session_id, later.uuid, fields, linked), done=False)
    assert by_uuid(run, later.uuid).conflict_id == surfaced.receipt.conflict_id
    gone = replace(fields, conflict_id=987_654)
    with pytest.raises(NotFoundError):
        EditCapture(run.session_id, later.uuid, fields, gone).redo(run.db)


# Deleting ---------------------------------------------------------------------------------------


def test_a_deleted_capture_comes_back_whole_with_its_uuid(run: LiveRun) -> None:
    """Undoing a delete restores codes, qualifier, subjects with roles, note, times, kind,
    conflict link, author and agenda item, under the same UUID and id."""
    cohort = programmes.session_detail(run.db, run.session_id).cohort
    organisations = programmes.session_detail(run.db, run.session_id).organisations
    surfaced = capture(run, SURFACED, note="Who holds risk")
    full = capture(
        run,
        POWER,
        PURPOSE,
        qualifier="Legitimate",
        note="Chair closed it down.\nNobody objected.",
        subjects=(
            SubjectRef(SubjectKind.PARTICIPANT, cohort[2].id, SubjectRole.FROM),
            SubjectRef(SubjectKind.ORGANISATION, organisations[0].id, SubjectRole.TO),
            SubjectRef(SubjectKind.GROUP),
        ),
        conflict_id=surfaced.receipt.conflict_id,
        backdate_seconds=3,
    )
    state = capture(run, STUCK, after=30)
    capture(run, STUCK, after=12)  # stopped: it has a duration now
    before = everything(run)
    for uuid in (full.request.uuid, state.request.uuid, surfaced.request.uuid):
        kept = by_uuid(run, uuid)
        assert kept.author == run.author and kept.agenda_item_id is not None
        delete = DeleteCapture(run.session_id, uuid)
        delete.redo(run.db)
        assert uuid not in {obs.uuid for obs in observations(run)}
        delete.undo(run.db)
        assert by_uuid(run, uuid) == kept
        assert everything(run) == before
        round_trip(run, delete, done=False)
        delete.undo(run.db)
    assert everything(run) == before
    assert integrity_problems(run.db) == []


def test_a_deleted_capture_whose_id_was_taken_comes_back_under_a_new_id(run: LiveRun) -> None:
    """If a capture made outside the history took the id, the UUID still finds it."""
    command = capture(run, REPEATING, note="last one")
    kept = by_uuid(run, command.request.uuid)
    delete = DeleteCapture(run.session_id, kept.uuid)
    delete.redo(run.db)
    intruder = record(run.db, run.request(code_ids=[code(run, HONEST)]))
    assert intruder.id == kept.id  # SQLite hands the highest id out again
    delete.undo(run.db)
    back = by_uuid(run, kept.uuid)
    assert back == replace(kept, id=back.id) and back.id != kept.id
    assert by_uuid(run, intruder.uuid).number == kept.number + 1  # numbers are never reused


def test_a_deleted_capture_finds_its_agenda_item_after_the_item_came_back(run: LiveRun) -> None:
    """Agenda items get new ids when their removal is undone; the capture follows by UUID."""
    kept = by_uuid(run, capture(run, REPEATING).request.uuid)
    item = next(i for i in run.reload().agenda if i.id == kept.agenda_item_id)
    delete = DeleteCapture(run.session_id, kept.uuid)
    delete.redo(run.db)
    remove = agenda.RemoveItems(session_id=run.session_id, uuids=(item.uuid,))
    remove.redo(run.db)
    remove.undo(run.db)
    delete.undo(run.db)
    back = by_uuid(run, kept.uuid)
    assert back.agenda_item_title == item.title
    assert back.agenda_item_id == next(i.id for i in run.reload().agenda if i.uuid == item.uuid)


def test_commands_on_a_capture_that_has_gone_say_so(run: LiveRun) -> None:
    """Editing or deleting a capture deleted meanwhile is refused with a plain message."""
    command = capture(run, REPEATING)
    fields = CaptureFields.of(observations(run)[0])
    command.undo(run.db)
    with pytest.raises(NotFoundError, match="no longer exists"):
        DeleteCapture(run.session_id, command.request.uuid).redo(run.db)
    with pytest.raises(NotFoundError, match="no longer exists"):
        EditCapture(run.session_id, command.request.uuid, fields, fields).redo(run.db)


def test_captures_by_uuid_reads_back_what_a_command_touched(run: LiveRun) -> None:
    """The timeline reads back just the captures a step touched; gone ones are absent."""
    kept = capture(run, REPEATING)
    gone = capture(run, HONEST)
    gone.undo(run.db)
    found = captures_by_uuid(run.db, run.session_id, [*kept.touched, *gone.touched])
    assert set(found) == {kept.request.uuid}
    assert found[kept.request.uuid] == observations(run)[0]
    assert captures_by_uuid(run.db, run.session_id, []) == {}


# Any sequence -----------------------------------------------------------------------------------


@contextmanager
def fresh_store(template_data_dir: Path) -> Iterator[Database]:
    """Open a private copy of the template database, so each example starts from the sample."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy2(template_data_dir / DATABASE_NAME, Path(folder) / DATABASE_NAME)
        db = open_store(Path(folder), today=TODAY)
        try:
            yield db
        finally:
            db.close()


CODES = (REPEATING, HONEST, POWER, PURPOSE, SURFACED, STUCK, GENERATIVE, ENTRENCHED)
NOTES = st.sampled_from(["", "Finance again", "Who holds the risk?", "Silence\nthen laughter"])


def draw_command(data: st.DataObject, run: LiveRun) -> CaptureCommand | None:
    """Draw one step as the facilitator would take it: capture, edit or delete."""
    current = observations(run)
    what = data.draw(st.sampled_from(["capture", "capture", "mark", "edit", "delete"]))
    if what == "capture" or (not current and what in ("edit", "delete")):
        name = data.draw(st.sampled_from(CODES), label="code")
        qualifier = data.draw(st.sampled_from(["Expert", "Reward"])) if name == POWER else None
        return capture(
            run,
            name,
            after=data.draw(st.integers(0, 90), label="seconds"),
            note=data.draw(NOTES, label="note"),
            qualifier=qualifier,
        )
    if what == "mark":
        return capture(run, kind=CaptureKind.MARK, after=data.draw(st.integers(0, 30)))
    target = current[data.draw(st.integers(0, len(current) - 1), label="target")]
    if what == "delete":
        return DeleteCapture(run.session_id, target.uuid)
    cohort = run.detail.cohort
    before = CaptureFields.of(target)
    is_state = target.duration_seconds is not None or any(
        c.kind is CodeKind.STATE for c in target.codes
    )
    code_ids = before.code_ids
    if not is_state and data.draw(st.booleans(), label="recode"):
        code_ids = (code(run, data.draw(st.sampled_from([REPEATING, HONEST, PURPOSE]))),)
    people = data.draw(st.lists(st.integers(0, len(cohort) - 1), max_size=2, unique=True))
    roles = [SubjectRole.FROM, SubjectRole.TO] if len(people) == 2 else [SubjectRole.ABOUT]
    after = CaptureFields(
        code_ids=code_ids,
        qualifier=before.qualifier if code_ids == before.code_ids else None,
        subjects=tuple(
            SubjectRef(SubjectKind.PARTICIPANT, cohort[person].id, role)
            for person, role in zip(people, roles, strict=False)
        ),
        note=data.draw(NOTES, label="new note"),
        conflict_id=before.conflict_id,
    )
    return EditCapture(run.session_id, target.uuid, before, after)


def test_random_sequences_undo_to_the_start_and_redo_to_the_end(template_data_dir: Path) -> None:
    """Any mix of captures, edits, deletes, undos and redos unwinds to the start and back."""

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        with fresh_store(template_data_dir) as db:
            run = live(db)
            states = [everything(run)]  # states[i]: after the first i commands of `done`
            done: list[CaptureCommand] = []
            position = 0
            for _ in range(data.draw(st.integers(1, 12), label="steps")):
                step = data.draw(st.sampled_from(["do", "do", "do", "undo", "redo"]))
                if step == "undo" and position:
                    position -= 1
                    done[position].undo(db)
                    assert everything(run) == states[position]
                elif step == "redo" and position < len(done):
                    done[position].redo(db)
                    position += 1
                    assert everything(run) == states[position]
                elif step == "do":
                    command = draw_command(data, run)
                    if not isinstance(command, RecordCapture):
                        command.redo(db)  # hub.push runs it; a capture was written already
                    del done[position:], states[position + 1 :]
                    done.append(command)
                    position += 1
                    states.append(everything(run))
            for command in reversed(done[:position]):
                command.undo(db)
            assert everything(run) == states[0]
            for index, command in enumerate(done, start=1):
                command.redo(db)
                assert everything(run) == states[index]
            assert integrity_problems(db) == []

    check()


def test_an_edit_naming_someone_removed_is_refused(run: LiveRun) -> None:
    """A subject who no longer exists is refused plainly, and nothing changes."""
    observation = by_uuid(run, capture(run, REPEATING).request.uuid)
    fields = CaptureFields.of(observation)
    ghost = replace(fields, subjects=(SubjectRef(SubjectKind.PARTICIPANT, 987_654),))
    before = everything(run)
    with pytest.raises(NotFoundError, match="no longer exists"):
        EditCapture(run.session_id, observation.uuid, fields, ghost).redo(run.db)
    assert everything(run) == before


def test_capture_fields_list_codes_and_subjects_once_and_trim_the_note() -> None:
    """checked() cleans what a dialog hands over."""
    group = SubjectRef(SubjectKind.GROUP)
    fields = CaptureFields(code_ids=(3, 1, 3), subjects=(group, group), note="  hello \n")
    assert fields.checked() == CaptureFields(code_ids=(3, 1), subjects=(group,), note="hello")
    with pytest.raises(InvalidInputError):
        CaptureFields(note="x" * 20_001).checked()
