"""Recording captures: points, states, exclusive groups, qualifiers, subjects, conflicts, edits."""

import pytest
from sqlalchemy import func, select

from facilitator.domain.enums import (
    CaptureKind,
    ConflictStatus,
    SubjectKind,
    SubjectRole,
)
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.snapshots import Observation
from facilitator.services import live
from facilitator.services.capture import (
    UNTITLED_CONFLICT,
    SubjectRef,
    capture,
    conflict_title,
    record,
    retime,
    update_capture,
)
from facilitator.services.programmes import session_detail
from facilitator.storage.database import Database
from facilitator.storage.tables import CodeRow, ConflictRow, ObservationRow
from tests.captures import capture_request, code_ids
from tests.clocks import START

STUCK = "dialogue-patterns/stuck"
GENERATIVE = "dialogue-patterns/generative"
ENTRENCHED = "dialogue-patterns/entrenched"
REPEATING = "dialogue-patterns/repeating"
SURFACED = "conflict-surfacing/conflict-surfaced"
POWER = "conflict-surfacing/power-differential-named"
BASES = ["Position", "Expertise", "Resources", "Relationships"]


@pytest.fixture
def live_day(store: Database, day_two_id: int) -> int:
    """Return the sample's "Day two", gone live at START."""
    live.go_live(store, day_two_id, moment=START)
    return day_two_id


@pytest.fixture
def codes(store: Database) -> dict[str, int]:
    return code_ids(store)


def observations(db: Database, session_id: int) -> tuple[Observation, ...]:
    return session_detail(db, session_id).observations


# Start from the sample with its own conflicts taken away, so counts here are exact.
pytestmark = pytest.mark.usefixtures("without_sample_conflicts")


def conflicts(db: Database) -> list[tuple[int, str, ConflictStatus, int | None]]:
    with db.reading() as session:
        rows = session.scalars(select(ConflictRow).order_by(ConflictRow.id)).all()
        return [(row.id, row.title, row.status, row.session_id) for row in rows]


def give_power_a_qualifier(db: Database, power_id: int) -> None:
    """Give "power differential named" a choice of bases of power, as a user scheme might."""
    with db.transaction() as session:
        code = session.get(CodeRow, power_id)
        assert code is not None
        code.qualifier_name = "Base of power"
        code.qualifier_choices = BASES


# Points


def test_a_point_code_is_written_as_made(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A point capture keeps its moment, offset, code, item, author and trimmed note."""
    item = session_detail(store, live_day).agenda[0]
    request = capture_request(
        live_day,
        codes[REPEATING],
        offset=75.5,
        note="  Same point a third time ",
        agenda_item_id=item.id,
    )
    receipt = record(store, request)
    saved = capture(store, receipt.id)
    assert (receipt.uuid, saved.uuid) == (request.uuid, request.uuid)
    assert saved.occurred_at == request.occurred_at
    assert saved.offset_seconds == 75.5 and saved.duration_seconds is None
    assert [code.code_id for code in saved.codes] == [codes[REPEATING]]
    assert (saved.agenda_item_id, saved.agenda_item_title) == (item.id, item.title)
    assert saved.note == "Same point a third time"
    assert saved.author == "Facilitator 1" and saved.kind is CaptureKind.CODED
    assert not saved.running and receipt.stopped == ()


def test_free_notes_and_marks_need_no_code(store: Database, live_day: int) -> None:
    """A note with no code and a moment marked to code later are captures too."""
    note = record(store, capture_request(live_day, kind=CaptureKind.NOTE, note="Room is cold"))
    mark = record(store, capture_request(live_day, kind=CaptureKind.MARK, offset=3))
    assert capture(store, note.id).kind is CaptureKind.NOTE
    assert capture(store, mark.id).codes == ()
    assert [o.id for o in observations(store, live_day)] == [note.id, mark.id]


def test_writing_the_same_uuid_again_changes_nothing(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A capture retried after a fault is written once: same id, same conflict, no new rows."""
    request = capture_request(live_day, codes[SURFACED], note="Budget ring-fence")
    first = record(store, request)
    again = record(store, request)
    assert again == first
    assert len(observations(store, live_day)) == 1
    assert len(conflicts(store)) == 1


def test_a_capture_in_order_of_offsets_not_of_writing(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """Captures list by their offset in the session, so a back-dated capture sits in its place."""
    late = record(store, capture_request(live_day, codes[REPEATING], offset=120))
    early = record(store, capture_request(live_day, codes[REPEATING], offset=60))
    assert [o.id for o in observations(store, live_day)] == [early.id, late.id]


def test_captures_naming_a_missing_session_or_code_are_refused(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A capture for a session or code that no longer exists is refused, and nothing is written."""
    with pytest.raises(NotFoundError):
        record(store, capture_request(999_999, codes[REPEATING]))
    with pytest.raises(NotFoundError):
        record(store, capture_request(live_day, 999_999))
    assert observations(store, live_day) == ()


@pytest.mark.parametrize(
    "subject",
    [
        SubjectRef(SubjectKind.PARTICIPANT, 999_999),
        SubjectRef(SubjectKind.ORGANISATION, 999_999),
    ],
    ids=["participant", "organisation"],
)
def test_a_missing_subject_is_refused_not_treated_as_a_fault(
    store: Database, live_day: int, codes: dict[str, int], subject: SubjectRef
) -> None:
    """A subject deleted since it was picked is a refusal (trying again would never help)."""
    with pytest.raises(NotFoundError):
        record(store, capture_request(live_day, codes[REPEATING], subjects=(subject,)))
    assert observations(store, live_day) == ()


def test_a_capture_for_a_deleted_conflict_is_refused(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A link to a conflict that no longer exists is refused, not retried for ever."""
    with pytest.raises(NotFoundError):
        record(store, capture_request(live_day, codes[REPEATING], conflict_id=999_999))
    assert observations(store, live_day) == ()


def test_a_capture_for_a_deleted_agenda_item_is_kept_without_it(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """The item is the clock's guess: if it has gone, the capture is kept with no item."""
    receipt = record(store, capture_request(live_day, codes[REPEATING], agenda_item_id=999_999))
    assert capture(store, receipt.id).agenda_item_id is None


def test_editing_subjects_to_a_missing_one_is_refused(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """An edit naming a participant that has gone (or none at all) is refused, as at capture."""
    receipt = record(store, capture_request(live_day, codes[REPEATING]))
    for ref_id in (999_999, None):
        with pytest.raises(NotFoundError):
            update_capture(
                store, receipt.id, subjects=[SubjectRef(SubjectKind.PARTICIPANT, ref_id)]
            )
    with pytest.raises(NotFoundError):
        update_capture(store, receipt.id, conflict_id=999_999, link_conflict=True)
    assert capture(store, receipt.id).subjects == ()


@pytest.mark.parametrize("note", ["x" * 20_001, "bell\x07"], ids=["too long", "control character"])
def test_a_bad_note_is_refused(
    store: Database, live_day: int, codes: dict[str, int], note: str
) -> None:
    """A note over the limit or with a control character is refused before anything is written."""
    with pytest.raises(InvalidInputError) as raised:
        record(store, capture_request(live_day, codes[REPEATING], note=note))
    assert raised.value.field == "note"
    assert observations(store, live_day) == ()


# States


def test_a_state_key_starts_and_then_stops_the_state(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """The same state key twice makes one capture whose duration runs from start to stop."""
    started = record(store, capture_request(live_day, codes[ENTRENCHED], offset=10))
    assert capture(store, started.id).running
    stopped = record(store, capture_request(live_day, codes[ENTRENCHED], offset=70.25))
    assert stopped.id == started.id and stopped.stopped == (started.id,)
    saved = capture(store, started.id)
    assert saved.duration_seconds == pytest.approx(60.25) and not saved.running
    again = record(store, capture_request(live_day, codes[ENTRENCHED], offset=100))
    assert again.id != started.id and capture(store, again.id).running
    assert len(observations(store, live_day)) == 2


def test_a_state_stopped_before_it_started_lasts_no_time(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A stop stamped earlier than its start (a back-dated key) gives zero, never negative."""
    started = record(store, capture_request(live_day, codes[ENTRENCHED], offset=50))
    record(store, capture_request(live_day, codes[ENTRENCHED], offset=40))
    assert capture(store, started.id).duration_seconds == 0.0


def test_starting_a_state_stops_the_other_of_its_exclusive_group(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """ "Generative" stops "stuck" (same group); "entrenched" (no group) runs on."""
    entrenched = record(store, capture_request(live_day, codes[ENTRENCHED], offset=5))
    stuck = record(store, capture_request(live_day, codes[STUCK], offset=10))
    generative = record(store, capture_request(live_day, codes[GENERATIVE], offset=50))
    assert generative.stopped == (stuck.id,)
    assert capture(store, stuck.id).duration_seconds == pytest.approx(40)
    assert capture(store, generative.id).running
    assert capture(store, entrenched.id).running
    back = record(store, capture_request(live_day, codes[STUCK], offset=80))
    assert back.stopped == (generative.id,)
    assert capture(store, generative.id).duration_seconds == pytest.approx(30)
    running = [o.id for o in observations(store, live_day) if o.running]
    assert running == [entrenched.id, back.id]


def test_states_are_kept_apart_by_session(
    store: Database, live_day: int, day_one_id: int, codes: dict[str, int]
) -> None:
    """A state running in one session is not stopped by the same key in another."""
    here = record(store, capture_request(live_day, codes[STUCK], offset=1))
    there = record(store, capture_request(day_one_id, codes[STUCK], offset=2))
    assert there.id != here.id and there.stopped == ()
    assert capture(store, here.id).running and capture(store, there.id).running


# Qualifiers and subjects


def test_a_qualifier_must_be_one_of_the_codes_choices(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A listed qualifier is kept; another is refused naming the field; none is fine."""
    give_power_a_qualifier(store, codes[POWER])
    kept = record(store, capture_request(live_day, codes[POWER], qualifier="Expertise"))
    assert capture(store, kept.id).codes[0].qualifier == "Expertise"
    with pytest.raises(InvalidInputError) as raised:
        record(store, capture_request(live_day, codes[POWER], qualifier="Charm"))
    assert raised.value.field == "qualifier"
    bare = record(store, capture_request(live_day, codes[POWER]))
    assert capture(store, bare.id).codes[0].qualifier is None
    with pytest.raises(InvalidInputError):  # a code with no choices takes no qualifier
        record(store, capture_request(live_day, codes[REPEATING], qualifier="Expertise"))
    assert len(observations(store, live_day)) == 2


def test_subjects_keep_their_roles_and_duplicates_collapse(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """Who challenged whom, about which organisation, with the whole group: each kept once."""
    detail = session_detail(store, live_day)
    helen, julian = detail.attendees[0], detail.attendees[1]
    trust = detail.organisations[0]
    subjects = (
        SubjectRef(SubjectKind.PARTICIPANT, helen.id, SubjectRole.FROM),
        SubjectRef(SubjectKind.PARTICIPANT, julian.id, SubjectRole.TO),
        SubjectRef(SubjectKind.PARTICIPANT, julian.id, SubjectRole.TO),
        SubjectRef(SubjectKind.ORGANISATION, trust.id),
        SubjectRef(SubjectKind.GROUP),
    )
    challenge = codes["conflict-surfacing/challenge-in-room"]
    receipt = record(store, capture_request(live_day, challenge, subjects=subjects))
    saved = capture(store, receipt.id)
    assert [(s.kind, s.ref_id, s.role) for s in saved.subjects] == [
        (SubjectKind.PARTICIPANT, helen.id, SubjectRole.FROM),
        (SubjectKind.PARTICIPANT, julian.id, SubjectRole.TO),
        (SubjectKind.ORGANISATION, trust.id, SubjectRole.ABOUT),
        (SubjectKind.GROUP, None, SubjectRole.ABOUT),
    ]
    assert saved.subjects[0].name and saved.subjects[2].name == trust.name


# Conflicts


def test_conflict_surfaced_opens_a_conflict_titled_from_the_note(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """The note's first line names the new open conflict, which the capture links to."""
    receipt = record(
        store,
        capture_request(
            live_day, codes[SURFACED], note="  Who owns the discharge budget?\nHeated.  "
        ),
    )
    assert receipt.conflict_id is not None
    assert conflicts(store) == [
        (receipt.conflict_id, "Who owns the discharge budget?", ConflictStatus.OPEN, live_day)
    ]
    assert capture(store, receipt.id).conflict_id == receipt.conflict_id
    with store.reading() as session:
        conflict = session.get(ConflictRow, receipt.conflict_id)
        assert conflict is not None
        assert conflict.opened_at == capture(store, receipt.id).occurred_at
        assert [(e.status, e.session_id) for e in conflict.events] == [
            (ConflictStatus.OPEN, live_day)
        ]


def test_a_conflict_without_a_note_is_titled_when_the_note_comes(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """Esc after the key leaves "Conflict surfaced"; a note added later gives the title."""
    receipt = record(store, capture_request(live_day, codes[SURFACED]))
    assert conflicts(store)[0][1] == UNTITLED_CONFLICT
    update_capture(store, receipt.id, note="Members' decision on the ring-fence")
    assert conflicts(store)[0][1] == "Members' decision on the ring-fence"
    update_capture(store, receipt.id, note="Something else")  # a named conflict keeps its name
    assert conflicts(store)[0][1] == "Members' decision on the ring-fence"


def test_conflict_titles_are_shortened() -> None:
    """A long first line is cut at a word-ish boundary with an ellipsis, within 120 characters."""
    title = conflict_title("word " * 60)
    assert len(title) == 120 and title.endswith("…")
    assert conflict_title(" \n \n") == UNTITLED_CONFLICT
    assert conflict_title("x" * 120) == "x" * 120


def test_later_captures_link_to_an_open_conflict(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A capture can name a conflict when made, or be linked (and unlinked) afterwards."""
    opened = record(store, capture_request(live_day, codes[SURFACED], note="Ring-fence"))
    linked = record(
        store,
        capture_request(live_day, codes[REPEATING], offset=30, conflict_id=opened.conflict_id),
    )
    assert capture(store, linked.id).conflict_id == opened.conflict_id
    other = record(store, capture_request(live_day, codes[REPEATING], offset=40))
    after = update_capture(store, other.id, conflict_id=opened.conflict_id, link_conflict=True)
    assert after.conflict_id == opened.conflict_id
    assert update_capture(store, other.id, link_conflict=True).conflict_id is None
    assert len(conflicts(store)) == 1


# Editing and re-timing


def test_update_capture_changes_note_subjects_codes_and_qualifier(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """Each part of a capture can be edited; a marked moment becomes coded once it has a code."""
    give_power_a_qualifier(store, codes[POWER])
    participant = session_detail(store, live_day).attendees[0]
    mark = record(store, capture_request(live_day, kind=CaptureKind.MARK, offset=12))
    coded = update_capture(store, mark.id, code_ids=[codes[POWER]], qualifier="Resources")
    assert coded.kind is CaptureKind.CODED
    assert [(c.code_id, c.qualifier) for c in coded.codes] == [(codes[POWER], "Resources")]
    requalified = update_capture(store, mark.id, qualifier="Position")
    assert requalified.codes[0].qualifier == "Position"
    noted = update_capture(
        store,
        mark.id,
        note=" Named the CEO's veto ",
        subjects=[SubjectRef(SubjectKind.PARTICIPANT, participant.id)],
    )
    assert noted.note == "Named the CEO's veto"
    assert [s.ref_id for s in noted.subjects] == [participant.id]
    assert update_capture(store, mark.id, subjects=[]).subjects == ()
    assert noted.offset_seconds == 12 and noted.uuid == mark.uuid
    with pytest.raises(InvalidInputError):
        update_capture(store, mark.id, qualifier="Charm")
    assert capture(store, mark.id).codes[0].qualifier == "Position"


def test_update_capture_of_a_missing_capture_is_refused(store: Database) -> None:
    """Editing a capture deleted meanwhile says so."""
    with pytest.raises(NotFoundError):
        update_capture(store, 999_999, note="gone")


def test_retime_moves_a_capture_to_another_moment(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """ "That was two minutes ago": the moment, the offset and the item all move."""
    item = session_detail(store, live_day).agenda[0]
    first = record(store, capture_request(live_day, codes[REPEATING], offset=60))
    late = record(store, capture_request(live_day, codes[REPEATING], offset=180))
    moved = retime(
        store,
        late.id,
        occurred_at=START,
        offset_seconds=0.0,
        agenda_item_id=item.id,
    )
    assert (moved.occurred_at, moved.offset_seconds, moved.agenda_item_id) == (START, 0, item.id)
    assert [o.id for o in observations(store, live_day)] == [late.id, first.id]
    with pytest.raises(InvalidInputError):
        retime(store, late.id, occurred_at=START, offset_seconds=-1, agenda_item_id=None)


def test_each_capture_is_one_row_per_uuid(
    store: Database, live_day: int, codes: dict[str, int]
) -> None:
    """A state start, stop and restart make rows only for the starts; UUIDs stay unique."""
    for offset in (1, 2, 3, 4, 5):
        record(store, capture_request(live_day, codes[STUCK], offset=offset))
    with store.reading() as session:
        total = session.scalar(
            select(func.count())
            .select_from(ObservationRow)
            .where(ObservationRow.session_id == live_day)
        )
        distinct = session.scalar(select(func.count(func.distinct(ObservationRow.uuid))))
        everything = session.scalar(select(func.count()).select_from(ObservationRow))
    assert total == 3 and distinct == everything


def test_a_marked_moment_coded_conflict_surfaced_opens_a_conflict(store) -> None:
    """Coding a marked moment as "Conflict surfaced" later opens its conflict then."""
    from datetime import UTC, datetime
    from uuid import uuid4

    from facilitator.domain.enums import CaptureKind
    from facilitator.services import capture, live, programmes
    from facilitator.services.conflicts import programme_conflicts

    module = programmes.list_programmes(store)[0].modules[2]
    session_id = next(s.id for s in module.sessions if s.title == "Day two")
    moment = datetime(2026, 11, 30, 10, tzinfo=UTC)
    live.go_live(store, session_id, moment=moment)
    programme_id = programmes.session_detail(store, session_id).programme_id
    before = len(programme_conflicts(store, programme_id))
    mark = capture.record(
        store,
        capture.CaptureRequest(
            session_id=session_id,
            uuid=str(uuid4()),
            occurred_at=moment,
            offset_seconds=60.0,
            kind=CaptureKind.MARK,
        ),
    )
    surfaced = next(
        code.id
        for scheme in live.session_schemes(store, session_id)
        for code in scheme.codes
        if code.slug == "conflict-surfaced"
    )
    coded = capture.update_capture(
        store, mark.id, code_ids=[surfaced], note="Who holds the veto over the grant"
    )
    assert coded.kind is CaptureKind.CODED
    assert coded.conflict_id is not None
    conflicts = programme_conflicts(store, programme_id)
    assert len(conflicts) == before + 1
    assert conflicts[-1].title == "Who holds the veto over the grant"
