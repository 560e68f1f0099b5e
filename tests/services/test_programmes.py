"""Reading programmes, modules and sessions as snapshots, and removing the sample programme."""

import dataclasses
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from facilitator.domain.enums import SessionKind, SessionStatus
from facilitator.domain.errors import NotFoundError
from facilitator.services.programmes import (
    list_programmes,
    module_detail,
    programme_detail,
    remove_sample_programmes,
    sample_programme_ids,
    session_detail,
)
from facilitator.services.store import integrity_problems
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AgendaItemRow,
    AttendanceRow,
    CodeRow,
    CodingSchemeRow,
    ModuleRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParticipantRow,
    ProgrammeRow,
    SessionRow,
)
from tests.conftest import TODAY

CHILD_TABLES = [
    OrganisationRow,
    ParticipantRow,
    ModuleRow,
    SessionRow,
    AttendanceRow,
    AgendaItemRow,
    ObservationRow,
    ObservationCodeRow,
    ObservationSubjectRow,
]


def row_counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table))
            for table in [ProgrammeRow, *CHILD_TABLES, CodingSchemeRow, CodeRow]
        }


def add_programme(db: Database, *, title: str, start: date | None) -> int:
    """Add a programme with one module session, one loose session and one undated session."""
    with db.transaction() as session:
        programme = ProgrammeRow(title=title, start_date=start)
        module = ModuleRow(position=1, title="Only module")
        programme.modules.append(module)
        for name, day, module_of in [
            ("Undated", None, module),
            ("Later", date(2026, 5, 2), module),
            ("Earlier", date(2026, 5, 1), module),
            ("Loose meeting", date(2026, 6, 1), None),
        ]:
            programme.sessions.append(
                SessionRow(
                    title=name,
                    date=day,
                    start_time=time(9, 0) if day else None,
                    module=module_of,
                    kind=SessionKind.OBSERVED_MEETING,
                )
            )
        session.add(programme)
        session.flush()
        return programme.id


def test_list_holds_the_sample_with_modules_and_sessions(store: Database) -> None:
    """The sample programme is listed with its four modules and module 3's two days."""
    (programme,) = list_programmes(store)
    assert programme.is_sample
    assert [m.position for m in programme.modules] == [1, 2, 3, 4]
    module = programme.modules[2]
    assert [s.title for s in module.sessions] == ["Day one", "Day two"]
    assert [s.status for s in module.sessions] == [SessionStatus.FINISHED, SessionStatus.PLANNED]
    assert all(s.module_id == module.id for s in module.sessions)
    assert programme.loose_sessions == ()


def test_list_orders_programmes_newest_first_undated_last(store: Database) -> None:
    """Programmes are listed by start date, newest first, with undated ones at the end."""
    add_programme(store, title="Undated", start=None)
    add_programme(store, title="Future", start=date(2030, 1, 1))
    titles = [p.title for p in list_programmes(store)]
    assert titles[0] == "Future"
    assert titles[-1] == "Undated"
    assert len(titles) == 3


def test_sessions_are_in_date_order_and_loose_ones_kept_apart(store: Database) -> None:
    """A module's sessions run by date with undated last; sessions of no module are separate."""
    programme_id = add_programme(store, title="Ordering", start=date(2026, 1, 1))
    (programme,) = [p for p in list_programmes(store) if p.id == programme_id]
    assert [s.title for s in programme.modules[0].sessions] == ["Earlier", "Later", "Undated"]
    assert [s.title for s in programme.loose_sessions] == ["Loose meeting"]
    assert programme.loose_sessions[0].module_id is None


def test_snapshots_are_frozen(store: Database) -> None:
    """Services hand out frozen snapshots, never rows that could be changed or go stale."""
    (programme,) = list_programmes(store)
    with pytest.raises(dataclasses.FrozenInstanceError):
        programme.title = "Changed"  # type: ignore[misc]
    assert not isinstance(programme, ProgrammeRow)


def test_programme_detail_lists_cohort_alphabetically(store: Database) -> None:
    """The programme page shows organisations and participants sorted by name."""
    (programme_id,) = sample_programme_ids(store)
    detail = programme_detail(store, programme_id)
    names = [person.name for person in detail.participants]
    assert names == sorted(names, key=str.casefold)
    organisations = [org.name for org in detail.organisations]
    assert organisations == sorted(organisations, key=str.casefold)
    org_names = {org.id: org.name for org in detail.organisations}
    for person in detail.participants:
        assert person.organisation_name == org_names[person.organisation_id]


def test_module_detail_shows_themes_and_sessions(store: Database) -> None:
    """The module page has the module's themes, days and sessions."""
    (programme,) = list_programmes(store)
    detail = module_detail(store, programme.modules[2].id)
    assert detail.title == "Power, politics and decision-making"
    assert detail.programme_title == programme.title
    assert detail.days == 2
    assert len(detail.themes) >= 2
    assert [s.title for s in detail.sessions] == ["Day one", "Day two"]


def test_session_detail_shows_attendees_agenda_and_observations(store: Database) -> None:
    """The session page has attendees by name, the agenda in order and captures in time order."""
    (programme,) = list_programmes(store)
    day_one = programme.modules[2].sessions[0]
    detail = session_detail(store, day_one.id)
    assert detail.date == TODAY - timedelta(days=7)
    assert detail.module_id == programme.modules[2].id
    names = [person.name for person in detail.attendees]
    assert names == sorted(names, key=str.casefold)
    assert [item.position for item in detail.agenda] == list(range(1, len(detail.agenda) + 1))
    offsets = [o.offset_seconds for o in detail.observations]
    assert offsets == sorted(offsets)
    titles = {item.id: item.title for item in detail.agenda}
    for observation in detail.observations:
        assert observation.agenda_item_title == titles[observation.agenda_item_id]
        for subject in observation.subjects:
            assert subject.name


@pytest.mark.parametrize("reader", [programme_detail, module_detail, session_detail])
def test_missing_records_are_reported_plainly(store: Database, reader: object) -> None:
    """Asking for something that no longer exists raises NotFoundError with a plain message."""
    with pytest.raises(NotFoundError, match="no longer exists"):
        reader(store, 987654)  # type: ignore[operator]


def test_removing_the_sample_removes_everything_in_it(store: Database) -> None:
    """One action deletes the sample and all its rows, keeps the schemes and other programmes."""
    other_id = add_programme(store, title="Real work", start=date(2026, 2, 1))
    before = row_counts(store)
    changes = remove_sample_programmes(store)
    assert changes.programmes and changes.sessions and changes.observations
    after = row_counts(store)
    assert sample_programme_ids(store) == []
    assert [p.id for p in list_programmes(store)] == [other_id]
    assert after["programme"] == 1
    for table in ("organisation", "participant", "session_attendee", "agenda_item"):
        assert after[table] == 0, table
    for table in ("observation", "observation_code", "observation_subject"):
        assert after[table] == 0, table
    assert after["module"] == 1 and after["session"] == 4
    assert (after["coding_scheme"], after["code"]) == (before["coding_scheme"], before["code"])
    assert integrity_problems(store) == []


def test_removing_the_sample_twice_changes_nothing(store: Database) -> None:
    """With no sample left, removing it again reports no change."""
    remove_sample_programmes(store)
    assert not remove_sample_programmes(store).any


def test_a_sessions_captures_read_as_columns_match_the_row_snapshots(store) -> None:
    """The fast read of a session's captures gives exactly what reading each row gives."""
    from sqlalchemy import select

    from facilitator.services import snapshots
    from facilitator.storage.tables import ObservationRow

    (programme,) = list_programmes(store)
    for session in programme.modules[2].sessions:
        with store.reading() as reading:
            rows = reading.scalars(
                select(ObservationRow)
                .where(ObservationRow.session_id == session.id)
                .options(*snapshots.observation_parts())
                .order_by(ObservationRow.offset_seconds, ObservationRow.id)
            ).all()
            expected = tuple(snapshots.observation(row) for row in rows)
            assert snapshots.session_observations(reading, session.id) == expected
