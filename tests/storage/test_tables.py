"""Every table round-trips its data through the file: names, notes, moments, links and UUIDs."""

import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from facilitator.domain.enums import (
    CaptureKind,
    CodeKind,
    ConflictStatus,
    Sector,
    SessionKind,
    SessionStatus,
    SubjectKind,
)
from facilitator.storage.database import Database, open_database
from facilitator.storage.tables import (
    ActionRow,
    AgendaItemRow,
    AttendanceRow,
    Base,
    CodeRow,
    CodingSchemeRow,
    ConflictEventRow,
    ConflictRow,
    CueEventRow,
    MethodRow,
    ModuleRow,
    NarrativeSectionRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParkingItemRow,
    ParticipantRow,
    ProgrammeRow,
    ProgrammeTemplateRow,
    RowIdentity,
    SessionRow,
    SessionSchemeRow,
    SurveyQuestionRow,
    SurveyResponseRow,
)

ODD_NAME = "Łukasz Ğür ₹ 🙂 Zoë O'Brien-Nuñez"
RIGHT_TO_LEFT = "مرحبا، שלום עולם"
COMBINING = "Zoe\u0308 A\u030a n\u0303 \u1e9b\u0323"
ODD_TEXTS = [ODD_NAME, RIGHT_TO_LEFT, COMBINING, "", "tab\there\r\nnew line", "nul \x00 inside"]

KOLKATA = timezone(timedelta(hours=5, minutes=30))
NEW_YORK_WINTER = timezone(timedelta(hours=-5))
OBSERVED_AT = datetime(2026, 3, 4, 15, 41, 7, 250_000, tzinfo=KOLKATA)
UTC_OFFSETS = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
)
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def build_everything(session: Session) -> dict[str, int]:
    """Add one of every kind of row, linked together, and return their ids."""
    programme = ProgrammeRow(
        title=ODD_NAME,
        client_system=RIGHT_TO_LEFT,
        start_date=date(2026, 1, 5),
        end_date=date(2026, 7, 30),
        notes=COMBINING,
    )
    organisations = [
        OrganisationRow(name=f"{sector.label} {ODD_NAME}", sector=sector) for sector in Sector
    ]
    programme.organisations.extend(organisations)
    amara = ParticipantRow(
        name=ODD_NAME,
        role="Director of strategy",
        organisation=organisations[0],
        pseudonym="P-7",
        goals=RIGHT_TO_LEFT,
    )
    ben = ParticipantRow(name="Ben Ward", organisation=None)
    programme.participants.extend([amara, ben])
    module = ModuleRow(position=1, title="Power", themes=[ODD_NAME, "Old power"], days=2)
    programme.modules.append(module)
    meeting = SessionRow(
        programme=programme,
        module=module,
        title="Board meeting",
        date=date(2026, 3, 4),
        start_time=time(15, 30),
        venue="Salle d’Été",
        kind=SessionKind.OBSERVED_MEETING,
        status=SessionStatus.LIVE,
    )
    meeting.attendances = [AttendanceRow(participant=amara), AttendanceRow(participant=ben)]
    item = AgendaItemRow(
        position=1,
        title="Finance report",
        method="Presentation",
        planned_minutes=25,
        purpose="Agree the budget",
        facilitator_notes=COMBINING,
        materials="Slides",
        actual_start=datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
        actual_end=datetime(2026, 3, 4, 5, 25, tzinfo=NEW_YORK_WINTER),
    )
    meeting.agenda_items.append(item)
    scheme = CodingSchemeRow(slug="my-scheme", name="My scheme", description="Mine")
    named = CodeRow(
        position=1,
        slug="power-named",
        label="Power named",
        description="Someone names who holds power",
        colour="#882255",
        key="p",
        kind=CodeKind.POINT,
        qualifier_name="Base of power",
        qualifier_choices=["Legitimate", "Expert", "Référent"],
    )
    stuck = CodeRow(
        position=2,
        slug="stuck",
        label="Stuck",
        colour="#D55E00",
        key="s",
        kind=CodeKind.STATE,
        exclusive_group="conversation",
    )
    scheme.codes.extend([named, stuck])
    observation = ObservationRow(
        occurred_at=OBSERVED_AT,
        offset_seconds=667.25,
        duration_seconds=90.5,
        agenda_item=item,
        note=f"{ODD_NAME} / {RIGHT_TO_LEFT} / {COMBINING}",
        author="J. Smith",
    )
    observation.codes = [
        ObservationCodeRow(code=named, qualifier="Référent"),
        ObservationCodeRow(code=stuck),
    ]
    observation.subjects = [
        ObservationSubjectRow(kind=SubjectKind.PARTICIPANT, participant=amara),
        ObservationSubjectRow(kind=SubjectKind.ORGANISATION, organisation=organisations[2]),
        ObservationSubjectRow(kind=SubjectKind.GROUP),
    ]
    meeting.observations.append(observation)
    lunch = AgendaItemRow(
        position=2, title="Lunch", planned_minutes=45, is_break=True, pinned_time=time(12, 30)
    )
    meeting.agenda_items.append(lunch)
    method = MethodRow(title=f"Check-in {ODD_NAME}", description=COMBINING, typical_minutes=20)
    template = ProgrammeTemplateRow(
        title=f"My shape {ODD_NAME}", modules=[{"title": "Power", "themes": [ODD_NAME]}]
    )
    meeting.schemes.append(SessionSchemeRow(scheme=scheme, position=1))
    conflict = ConflictRow(
        programme=programme, session=meeting, title=f"Veto {ODD_NAME}", opened_at=OBSERVED_AT
    )
    conflict.events.append(
        ConflictEventRow(session=meeting, status=ConflictStatus.OPEN, at=OBSERVED_AT, note="x")
    )
    observation.conflict = conflict
    observation.kind = CaptureKind.CODED
    action = ActionRow(session=meeting, text=COMBINING, owner=ODD_NAME, created_at=OBSERVED_AT)
    parked = ParkingItemRow(session=meeting, text=RIGHT_TO_LEFT, created_at=OBSERVED_AT)
    session.add_all([programme, scheme, method, template, conflict, action, parked])
    session.flush()
    session.add(NarrativeSectionRow(session_id=meeting.id, section="summary", text=COMBINING))
    question = SurveyQuestionRow(
        programme_id=programme.id, position=1, text=ODD_NAME, wording=COMBINING, builtin_key="x"
    )
    session.add(question)
    session.flush()
    session.add(
        SurveyResponseRow(
            question_id=question.id, time_point="baseline", participant_id=amara.id, answer=4
        )
    )
    session.add(
        CueEventRow(
            session_id=meeting.id,
            rule_id="oppose-run",
            title=ODD_NAME,
            wording=COMBINING,
            move=RIGHT_TO_LEFT,
            offset_seconds=667.25,
            fired_at=OBSERVED_AT,
            evidence=[1, 2, 3],
        )
    )
    session.flush()
    return {
        "programme": programme.id,
        "amara": amara.id,
        "session": meeting.id,
        "scheme": scheme.id,
        "observation": observation.id,
        "first_org": organisations[0].id,
        "third_org": organisations[2].id,
    }


def test_every_table_round_trips_through_the_file(store: Database, data_dir: Path) -> None:
    """Programme, roster, module, session, agenda, scheme, codes and observation come back whole."""
    with store.transaction() as session:
        ids = build_everything(session)
    store.close()  # read back through a new engine, so nothing comes from memory
    db = open_database(data_dir)
    try:
        check_everything(db, ids)
    finally:
        db.close()


def check_everything(db: Database, ids: dict[str, int]) -> None:
    with db.reading() as session:
        programme = session.get(ProgrammeRow, ids["programme"])
        assert (programme.title, programme.client_system, programme.notes) == (
            ODD_NAME,
            RIGHT_TO_LEFT,
            COMBINING,
        )
        assert (programme.start_date, programme.end_date) == (date(2026, 1, 5), date(2026, 7, 30))
        assert programme.is_sample is False
        assert sorted(org.sector for org in programme.organisations) == sorted(Sector)
        assert all(org.name.endswith(ODD_NAME) for org in programme.organisations)

        amara = session.get(ParticipantRow, ids["amara"])
        assert (amara.name, amara.role, amara.pseudonym, amara.goals) == (
            ODD_NAME,
            "Director of strategy",
            "P-7",
            RIGHT_TO_LEFT,
        )
        assert amara.organisation_id == ids["first_org"]

        (module,) = programme.modules
        assert (module.position, module.title, module.themes, module.days) == (
            1,
            "Power",
            [ODD_NAME, "Old power"],
            2,
        )

        meeting = session.get(SessionRow, ids["session"])
        assert meeting.module_id == module.id
        assert (meeting.date, meeting.start_time, meeting.venue) == (
            date(2026, 3, 4),
            time(15, 30),
            "Salle d’Été",
        )
        assert (meeting.kind, meeting.status) == (SessionKind.OBSERVED_MEETING, SessionStatus.LIVE)
        assert sorted(a.participant.name for a in meeting.attendances) == ["Ben Ward", ODD_NAME]

        item, lunch = meeting.agenda_items
        assert (lunch.is_break, lunch.pinned_time, item.is_break) == (True, time(12, 30), False)
        assert (item.title, item.method, item.planned_minutes, item.purpose) == (
            "Finance report",
            "Presentation",
            25,
            "Agree the budget",
        )
        assert (item.facilitator_notes, item.materials) == (COMBINING, "Slides")
        assert item.actual_start == datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
        assert item.actual_end == datetime(2026, 3, 4, 10, 25, tzinfo=UTC)

        scheme = session.get(CodingSchemeRow, ids["scheme"])
        assert (scheme.slug, scheme.name, scheme.builtin) == ("my-scheme", "My scheme", False)
        named, stuck = scheme.codes
        assert (named.key, named.kind, named.colour, named.qualifier_name) == (
            "p",
            CodeKind.POINT,
            "#882255",
            "Base of power",
        )
        assert named.qualifier_choices == ["Legitimate", "Expert", "Référent"]
        assert named.exclusive_group is None
        assert (stuck.kind, stuck.exclusive_group, stuck.qualifier_choices) == (
            CodeKind.STATE,
            "conversation",
            [],
        )

        observation = session.get(ObservationRow, ids["observation"])
        assert observation.occurred_at == OBSERVED_AT
        assert observation.occurred_at.tzinfo is UTC
        assert (observation.offset_seconds, observation.duration_seconds) == (667.25, 90.5)
        assert observation.agenda_item_id == item.id
        assert observation.note == f"{ODD_NAME} / {RIGHT_TO_LEFT} / {COMBINING}"
        assert observation.author == "J. Smith"
        applied = {(c.code.slug, c.qualifier) for c in observation.codes}
        assert applied == {("power-named", "Référent"), ("stuck", None)}
        subjects = {(s.kind, s.participant_id, s.organisation_id) for s in observation.subjects}
        assert subjects == {
            (SubjectKind.PARTICIPANT, ids["amara"], None),
            (SubjectKind.ORGANISATION, None, ids["third_org"]),
            (SubjectKind.GROUP, None, None),
        }


def test_every_row_of_every_table_has_its_own_uuid(store: Database) -> None:
    """Each data table has a uuid column; every value is a UUID and none repeats anywhere."""
    with store.transaction() as session:
        build_everything(session)
    identity_tables = [
        mapper.local_table.name
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, RowIdentity)
    ]
    assert len(identity_tables) == 23
    seen: list[str] = []
    with store.reading() as session:
        for table in identity_tables:
            values = session.execute(text(f"SELECT uuid FROM {table}")).scalars().all()
            assert values, f"{table} has no rows to check"
            seen.extend(values)
    assert all(str(uuid.UUID(value)) == value for value in seen)
    assert len(set(seen)) == len(seen)


def test_new_rows_get_random_version_4_uuids(store: Database) -> None:
    """Rows the user makes get fresh random UUIDs, not ones derived from their content."""
    with store.transaction() as session:
        rows = [ProgrammeRow(title="Same title") for _ in range(3)]
        session.add_all(rows)
    values = {row.uuid for row in rows}
    assert len(values) == 3
    assert {uuid.UUID(value).version for value in values} == {4}


def test_naive_moment_is_refused(store: Database) -> None:
    """A moment without a time zone cannot be stored, so no clock time is silently misread."""
    with pytest.raises(StatementError) as caught, store.transaction() as session:
        meeting = session.scalars(select(SessionRow)).first()
        meeting.observations.append(
            ObservationRow(occurred_at=datetime(2026, 3, 4, 15, 41), offset_seconds=0.0)
        )
    assert isinstance(caught.value.orig, ValueError)


@pytest.mark.parametrize(
    "overrides",
    [{"key": "ab"}, {"key": "9", "exclusive_group": "conversation"}],
    ids=["two-character-key", "exclusive-point-code"],
)
def test_code_rules_are_enforced_by_the_file_itself(
    store: Database, overrides: dict[str, str]
) -> None:
    """The database refuses codes that break the scheme rules, whoever writes them."""
    with store.reading() as session:
        scheme_id = session.scalars(select(CodingSchemeRow.id)).first()
    fields = {"key": "9", "kind": CodeKind.POINT, **overrides}
    with pytest.raises(IntegrityError, match="CHECK"), store.transaction() as session:
        session.add(
            CodeRow(
                scheme_id=scheme_id,
                position=99,
                slug="rule-breaker",
                label="Rule breaker",
                colour="#000000",
                **fields,
            )
        )


def test_subject_must_match_its_kind(store: Database) -> None:
    """A participant subject without a participant is refused."""
    with store.reading() as session:
        observation_id = session.scalars(select(ObservationRow.id)).first()
    with pytest.raises(IntegrityError, match="CHECK"), store.transaction() as session:
        session.add(
            ObservationSubjectRow(observation_id=observation_id, kind=SubjectKind.PARTICIPANT)
        )


def test_code_in_use_cannot_be_deleted(store: Database) -> None:
    """Deleting a code that observations carry is refused, so no capture loses its code."""
    with store.reading() as session:
        code_id = session.scalars(select(ObservationCodeRow.code_id)).first()
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.transaction() as session:
        session.execute(text("DELETE FROM code WHERE id = :id"), {"id": code_id})


def test_attendee_is_listed_once_per_session(store: Database) -> None:
    """The same participant cannot be ticked twice for one session."""
    with store.reading() as session:
        attendance = session.scalars(select(AttendanceRow)).first()
        pair = (attendance.session_id, attendance.participant_id)
    with pytest.raises(IntegrityError, match="UNIQUE"), store.transaction() as session:
        session.add(AttendanceRow(session_id=pair[0], participant_id=pair[1]))


@HYPOTHESIS
@given(
    title=st.text(max_size=200),
    name=st.text(max_size=200),
    goals=st.text(),
    note=st.text(),
)
@example(title=ODD_NAME, name=RIGHT_TO_LEFT, goals=COMBINING, note="\x00\ufeff\u200d")
def test_any_text_round_trips(
    store: Database, title: str, name: str, goals: str, note: str
) -> None:
    """Whatever Unicode is typed into names, goals and notes is read back exactly."""
    with store.transaction() as session:
        programme = ProgrammeRow(title=title, notes=note)
        person = ParticipantRow(name=name, goals=goals)
        programme.participants.append(person)
        meeting = SessionRow(title=title, kind=SessionKind.OBSERVED_MEETING, programme=programme)
        meeting.observations.append(
            ObservationRow(occurred_at=OBSERVED_AT, offset_seconds=0.0, note=note, author=name)
        )
        session.add(programme)
        session.flush()
        ids = (programme.id, person.id, meeting.observations[0].id)
    with store.reading() as session:
        programme = session.get(ProgrammeRow, ids[0])
        person = session.get(ParticipantRow, ids[1])
        observation = session.get(ObservationRow, ids[2])
        assert (programme.title, programme.notes) == (title, note)
        assert (person.name, person.goals) == (name, goals)
        assert (observation.note, observation.author) == (note, name)


@HYPOTHESIS
@given(
    moment=st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(2199, 12, 30),
        timezones=UTC_OFFSETS.map(timezone),
    )
)
@example(moment=OBSERVED_AT)
@example(moment=datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
def test_moments_come_back_aware_utc_and_equal(store: Database, moment: datetime) -> None:
    """A moment taken in any time zone is read back as the same instant, in UTC."""
    with store.transaction() as session:
        meeting = session.scalars(select(SessionRow)).first()
        observation = ObservationRow(occurred_at=moment, offset_seconds=1.0)
        meeting.observations.append(observation)
        session.flush()
        observation_id = observation.id
    with store.reading() as session:
        stored = session.get(ObservationRow, observation_id).occurred_at
    assert stored == moment
    assert stored.tzinfo is UTC
    assert stored.utcoffset() == timedelta(0)


def test_captures_are_numbered_in_their_session_as_they_are_written(store: Database) -> None:
    """New captures get 1, 2, 3… per session, whether added by id or through the session."""
    with store.transaction() as session:
        ids = build_everything(session)
    with store.transaction() as session:
        meeting = session.get(SessionRow, ids["session"])
        later = [
            ObservationRow(occurred_at=OBSERVED_AT, offset_seconds=offset, session_id=meeting.id)
            for offset in (900.0, 800.0)
        ]
        session.add_all(later)
        meeting.observations.append(ObservationRow(occurred_at=OBSERVED_AT, offset_seconds=1.0))
    with store.reading() as session:
        numbers = session.scalars(
            select(ObservationRow.number)
            .where(ObservationRow.session_id == ids["session"])
            .order_by(ObservationRow.number)
        ).all()
    assert numbers == [1, 2, 3, 4]
