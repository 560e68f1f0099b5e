"""Sessions: planning, editing, attendance, duplicating, deleting and borrowing agendas."""

from dataclasses import replace
from datetime import date, time

import pytest

from facilitator.domain.enums import SessionKind, SessionStatus
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import (
    ModuleFields,
    ParticipantFields,
    ProgrammeFields,
    SessionFields,
)
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services.agenda import item_fields
from facilitator.services.modules import add_module
from facilitator.services.programmes import create_programme, programme_detail, session_detail
from facilitator.services.roster import add_participant
from facilitator.services.sessions import (
    agenda_of,
    agenda_sources,
    create_session,
    delete_session,
    duplicate_session,
    session_fields,
    set_attendees,
    update_session,
)
from facilitator.services.store import integrity_problems
from facilitator.storage.database import Database

WORKSHOP = SessionFields(
    title=" Extra day ",
    kind=SessionKind.DESIGNED_WORKSHOP,
    date=date(2027, 2, 3),
    start_time=time(9, 0),
    end_time=time(16, 0),
    venue="Town hall",
)


def cohort_ids(db: Database, programme_id: int) -> list[int]:
    return sorted(p.id for p in programme_detail(db, programme_id).participants)


def attendee_ids(db: Database, session_id: int) -> list[int]:
    return sorted(p.id for p in session_detail(db, session_id).attendees)


def test_create_session_ticks_the_whole_cohort(store: Database, sample: ProgrammeSummary) -> None:
    """A new session is planned, with its fields cleaned and every participant attending."""
    session_id = create_session(store, sample.id, WORKSHOP)
    detail = session_detail(store, session_id)
    assert session_fields(detail) == replace(WORKSHOP, title="Extra day")
    assert detail.status is SessionStatus.PLANNED
    assert detail.agenda == () and detail.observations == ()
    assert attendee_ids(store, session_id) == cohort_ids(store, sample.id)


def test_create_session_with_chosen_attendees(store: Database, sample: ProgrammeSummary) -> None:
    """Only the chosen participants are ticked; an empty choice ticks nobody."""
    chosen = cohort_ids(store, sample.id)[:3]
    session_id = create_session(store, sample.id, WORKSHOP, attendee_ids=chosen)
    assert attendee_ids(store, session_id) == chosen
    nobody = create_session(store, sample.id, WORKSHOP, attendee_ids=[])
    assert attendee_ids(store, nobody) == []


def test_create_session_refuses_someone_outside_the_cohort(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Only members of the programme's cohort can attend; nothing is created otherwise."""
    before = programme_detail(store, sample.id).session_count
    with pytest.raises(InvalidInputError):
        create_session(store, sample.id, WORKSHOP, attendee_ids=[9999])
    assert programme_detail(store, sample.id).session_count == before


def test_create_session_in_a_module(store: Database, sample: ProgrammeSummary) -> None:
    """A session can be planned inside one of the programme's modules."""
    module = sample.modules[0]
    session_id = create_session(store, sample.id, replace(WORKSHOP, module_id=module.id))
    detail = session_detail(store, session_id)
    assert (detail.module_id, detail.module_title) == (module.id, module.title)


def test_session_cannot_go_in_another_programmes_module(
    store: Database, sample: ProgrammeSummary, day_two_id: int
) -> None:
    """A module of another programme is refused when planning or editing a session."""
    other_id, _ = create_programme(store, ProgrammeFields(title="Other"))
    module_id = add_module(store, other_id, ModuleFields("Theirs"))
    with pytest.raises(InvalidInputError) as caught:
        create_session(store, sample.id, replace(WORKSHOP, module_id=module_id))
    assert caught.value.field == "module"
    with pytest.raises(InvalidInputError):
        update_session(store, day_two_id, replace(WORKSHOP, module_id=module_id))
    with pytest.raises(NotFoundError):
        update_session(store, day_two_id, replace(WORKSHOP, module_id=9999))


def test_create_session_refuses_bad_times(store: Database, sample: ProgrammeSummary) -> None:
    """A session ending before it starts is refused."""
    with pytest.raises(InvalidInputError):
        create_session(store, sample.id, replace(WORKSHOP, end_time=time(8, 0)))
    with pytest.raises(NotFoundError):
        create_session(store, 9999, WORKSHOP)


def test_update_session_saves_fields_and_keeps_the_rest(store: Database, day_two_id: int) -> None:
    """Editing a session's details keeps its agenda and attendees."""
    before = session_detail(store, day_two_id)
    changed = replace(
        session_fields(before),
        title="Day two (moved)",
        date=date(2027, 1, 1),
        start_time=time(10, 0),
        end_time=None,
        venue="",
        kind=SessionKind.OBSERVED_MEETING,
        module_id=None,
    )
    assert update_session(store, day_two_id, changed).sessions
    after = session_detail(store, day_two_id)
    assert session_fields(after) == changed
    assert after.agenda == before.agenda and after.attendees == before.attendees
    assert after.status is before.status


def test_set_attendees_ticks_exactly_those_given(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """Attendance becomes exactly the participants given, adding and removing as needed."""
    cohort = cohort_ids(store, sample.id)
    attending = attendee_ids(store, day_one_id)
    absent = sorted(set(cohort) - set(attending))
    assert absent
    wanted = [*absent, *attending[:2]]
    set_attendees(store, day_one_id, wanted)
    assert attendee_ids(store, day_one_id) == sorted(wanted)
    set_attendees(store, day_one_id, [])
    assert attendee_ids(store, day_one_id) == []
    set_attendees(store, day_one_id, cohort + cohort[:1])
    assert attendee_ids(store, day_one_id) == cohort
    assert integrity_problems(store) == []


def test_set_attendees_refuses_strangers(store: Database, day_one_id: int) -> None:
    """Someone outside the cohort cannot be ticked, and attendance is left alone."""
    before = attendee_ids(store, day_one_id)
    other_id, _ = create_programme(store, ProgrammeFields(title="Other"))
    outsider = add_participant(store, other_id, ParticipantFields("Ann Alder"))
    for stranger in (9999, outsider):
        with pytest.raises(InvalidInputError):
            set_attendees(store, day_one_id, [*before, stranger])
    assert attendee_ids(store, day_one_id) == before


def test_duplicate_session_copies_details_agenda_and_attendees(
    store: Database, day_one_id: int
) -> None:
    """A copy is a new planned session with the same agenda and attendees, but no record."""
    source = session_detail(store, day_one_id)
    copy = session_detail(store, duplicate_session(store, day_one_id))
    assert copy.title == "Day one (copy)"
    assert session_fields(copy) == replace(session_fields(source), title="Day one (copy)")
    assert copy.status is SessionStatus.PLANNED and source.status is SessionStatus.FINISHED
    assert copy.observations == ()
    assert [p.id for p in copy.attendees] == [p.id for p in source.attendees]
    assert [item_fields(i) for i in copy.agenda] == [item_fields(i) for i in source.agenda]
    assert [i.position for i in copy.agenda] == [i.position for i in source.agenda]
    assert all(i.actual_start is None and i.actual_end is None for i in copy.agenda)
    assert not {i.uuid for i in copy.agenda} & {i.uuid for i in source.agenda}
    assert copy.uuid != source.uuid


def test_duplicate_of_a_long_title_stays_within_the_limit(
    store: Database, sample: ProgrammeSummary
) -> None:
    """A copy's title is shortened so that " (copy)" still fits in 200 characters."""
    session_id = create_session(store, sample.id, replace(WORKSHOP, title="x" * 200))
    copy = session_detail(store, duplicate_session(store, session_id))
    assert len(copy.title) == 200 and copy.title.endswith(" (copy)")


def test_delete_session_removes_agenda_and_observations(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """Deleting a session takes its agenda and observations with it."""
    before = programme_detail(store, sample.id).session_count
    changes = delete_session(store, day_one_id)
    assert changes.sessions and changes.observations
    with pytest.raises(NotFoundError):
        session_detail(store, day_one_id)
    assert programme_detail(store, sample.id).session_count == before - 1
    assert integrity_problems(store) == []
    with pytest.raises(NotFoundError):
        delete_session(store, day_one_id)


def test_agenda_sources_lists_sessions_with_agendas_newest_first(
    store: Database, sample: ProgrammeSummary, day_one_id: int, day_two_id: int
) -> None:
    """Only sessions with items are offered, latest date first, with their counts and totals."""
    create_session(store, sample.id, WORKSHOP)  # no agenda: not offered
    sources = agenda_sources(store)
    assert [s.session_id for s in sources] == [day_two_id, day_one_id]
    day_two = sources[0]
    detail = session_detail(store, day_two_id)
    assert day_two.session_title == "Day two" and day_two.programme_title == sample.title
    assert day_two.item_count == len(detail.agenda)
    assert day_two.total_minutes == sum(i.planned_minutes for i in detail.agenda)
    assert day_two.date == detail.date
    assert [s.session_id for s in agenda_sources(store, excluding=day_two_id)] == [day_one_id]


def test_agenda_of_returns_the_items_as_fields(store: Database, day_two_id: int) -> None:
    """A session's agenda comes back as editable fields, in order, with fixed times."""
    fields = agenda_of(store, day_two_id)
    detail = session_detail(store, day_two_id)
    assert fields == [item_fields(i) for i in detail.agenda]
    assert [f.title for f in fields if f.pinned_time] == ["Lunch"]
    assert all(f.checked() == f for f in fields)
    with pytest.raises(NotFoundError):
        agenda_of(store, 9999)
