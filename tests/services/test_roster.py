"""A programme's cohort: organisations and participants typed in, edited, removed, imported."""

from dataclasses import replace

import pytest

from facilitator.domain.enums import Sector
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import OrganisationFields, ParticipantFields, ProgrammeFields
from facilitator.domain.roster_import import ImportedParticipant
from facilitator.domain.snapshots import Participant, ProgrammeDetail, ProgrammeSummary
from facilitator.services.programmes import create_programme, programme_detail, session_detail
from facilitator.services.roster import (
    add_organisation,
    add_participant,
    cohort_names,
    delete_organisation,
    delete_participant,
    import_participants,
    update_organisation,
    update_participant,
)
from facilitator.services.store import integrity_problems
from facilitator.storage.database import Database

HOSPICE = "Estuary Hospice"  # an organisation in the sample


def new_programme(db: Database) -> int:
    programme_id, _ = create_programme(db, ProgrammeFields(title="Cohort 3"))
    return programme_id


def person(detail: ProgrammeDetail, name: str) -> Participant:
    (found,) = [p for p in detail.participants if p.name == name]
    return found


def imported(line: int, name: str, organisation: str = "", **extra: object) -> ImportedParticipant:
    """Return one good row of an import file."""
    values: dict[str, object] = {
        "line": line,
        "name": name,
        "role": "",
        "organisation": organisation,
        "sector": None,
        "pseudonym": "",
        "contact": "",
        "goals": "",
        "notes": "",
    }
    values.update(extra)
    return ImportedParticipant(**values)  # type: ignore[arg-type]


# Organisations


def test_add_organisation_is_listed_by_name(store: Database) -> None:
    """A new organisation joins the programme with its sector, its name trimmed."""
    programme_id = new_programme(store)
    add_organisation(store, programme_id, OrganisationFields("  Saltmarsh GP  ", Sector.OTHER))
    add_organisation(store, programme_id, OrganisationFields("Arden ICB", Sector.COMMISSIONER_ICB))
    organisations = programme_detail(store, programme_id).organisations
    assert [(o.name, o.sector) for o in organisations] == [
        ("Arden ICB", Sector.COMMISSIONER_ICB),
        ("Saltmarsh GP", Sector.OTHER),
    ]


@pytest.mark.parametrize(
    "name", ["estuary hospice", "ESTUARY HOSPICE", " Estuary   Hospice ", "Estuary\u00a0Hospice"]
)
def test_duplicate_organisation_is_refused(
    store: Database, sample: ProgrammeSummary, name: str
) -> None:
    """The same organisation cannot be added twice, whatever its case or spacing."""
    with pytest.raises(InvalidInputError) as caught:
        add_organisation(store, sample.id, OrganisationFields(name))
    assert caught.value.field == "name"


def test_duplicate_organisation_with_accented_capitals_is_refused(store: Database) -> None:
    """Case is ignored for accented letters too, not only for A to Z."""
    programme_id = new_programme(store)
    add_organisation(store, programme_id, OrganisationFields("Énergie Santé"))
    with pytest.raises(InvalidInputError):
        add_organisation(store, programme_id, OrganisationFields("ÉNERGIE SANTÉ"))


def test_same_organisation_may_be_in_two_programmes(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Duplicates are only refused within one programme."""
    programme_id = new_programme(store)
    add_organisation(store, programme_id, OrganisationFields(HOSPICE))
    assert [o.name for o in programme_detail(store, programme_id).organisations] == [HOSPICE]


def test_update_organisation_may_keep_or_recase_its_own_name(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Renaming an organisation to its own name in other capitals is not a duplicate."""
    (hospice,) = [o for o in programme_detail(store, sample.id).organisations if o.name == HOSPICE]
    update_organisation(store, hospice.id, OrganisationFields("ESTUARY HOSPICE", Sector.OTHER))
    organisations = programme_detail(store, sample.id).organisations
    assert ("ESTUARY HOSPICE", Sector.OTHER) in [(o.name, o.sector) for o in organisations]


def test_update_organisation_to_another_ones_name_is_refused(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Two organisations cannot end up with the same name."""
    detail = programme_detail(store, sample.id)
    (hospice,) = [o for o in detail.organisations if o.name == HOSPICE]
    with pytest.raises(InvalidInputError):
        update_organisation(store, hospice.id, OrganisationFields("estuary integrated care board"))
    assert programme_detail(store, sample.id) == detail


def test_delete_organisation_keeps_its_people(store: Database, sample: ProgrammeSummary) -> None:
    """Participants of a deleted organisation stay in the cohort, belonging to none."""
    detail = programme_detail(store, sample.id)
    (hospice,) = [o for o in detail.organisations if o.name == HOSPICE]
    members = [p.name for p in detail.participants if p.organisation_id == hospice.id]
    assert members
    changes = delete_organisation(store, hospice.id)
    assert changes.programmes and changes.observations
    after = programme_detail(store, sample.id)
    assert HOSPICE not in [o.name for o in after.organisations]
    assert len(after.participants) == len(detail.participants)
    for name in members:
        assert person(after, name).organisation_id is None
        assert person(after, name).organisation_name == ""
    assert integrity_problems(store) == []


def test_missing_organisation_is_not_found(store: Database) -> None:
    """Editing or deleting an organisation that has gone says so."""
    with pytest.raises(NotFoundError):
        update_organisation(store, 9999, OrganisationFields("Ghost"))
    with pytest.raises(NotFoundError):
        delete_organisation(store, 9999)
    with pytest.raises(NotFoundError):
        add_organisation(store, 9999, OrganisationFields("Ghost"))


# Participants


def test_add_participant_saves_every_field(store: Database) -> None:
    """A new participant keeps their role, organisation, pseudonym, contact, goals and notes."""
    programme_id = new_programme(store)
    organisation_id = add_organisation(store, programme_id, OrganisationFields("Arden ICB"))
    fields = ParticipantFields(
        name=" Zoë O’Neill ",
        role="Director",
        organisation_id=organisation_id,
        pseudonym="P1",
        contact="zoe@example.org",
        goals="Listen more.",
        notes="Prefers mornings.",
    )
    participant_id = add_participant(store, programme_id, fields)
    (saved,) = programme_detail(store, programme_id).participants
    assert saved.id == participant_id
    assert (saved.name, saved.role, saved.organisation_name) == (
        "Zoë O’Neill",
        "Director",
        "Arden ICB",
    )
    assert (saved.pseudonym, saved.contact, saved.goals, saved.notes) == (
        "P1",
        "zoe@example.org",
        "Listen more.",
        "Prefers mornings.",
    )
    assert cohort_names(store, programme_id) == ["Zoë O’Neill"]


@pytest.mark.parametrize("name", ["zoe o'neill", "ZOË  O’NEILL", "Zoe O`Neill"])
def test_duplicate_participant_is_refused(store: Database, name: str) -> None:
    """The same person typed with other case, accents, spaces or apostrophes is refused."""
    programme_id = new_programme(store)
    add_participant(store, programme_id, ParticipantFields("Zoë O’Neill"))
    with pytest.raises(InvalidInputError) as caught:
        add_participant(store, programme_id, ParticipantFields(name))
    assert caught.value.field == "name"
    assert "Zoë O’Neill is already in this cohort" in str(caught.value)


def test_participant_in_another_programmes_organisation_is_refused(
    store: Database, sample: ProgrammeSummary
) -> None:
    """A participant can only belong to an organisation of their own programme."""
    (hospice,) = [o for o in programme_detail(store, sample.id).organisations if o.name == HOSPICE]
    programme_id = new_programme(store)
    with pytest.raises(InvalidInputError):
        add_participant(store, programme_id, ParticipantFields("Ann", organisation_id=hospice.id))
    assert programme_detail(store, programme_id).participants == ()


def test_update_participant_may_keep_their_own_name(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Saving a participant unchanged except for their role is not a duplicate of themselves."""
    helen = person(programme_detail(store, sample.id), "Helen Marchbank")
    fields = ParticipantFields(
        name="helen marchbank",
        role="Chief Executive",
        organisation_id=helen.organisation_id,
        pseudonym=helen.pseudonym,
        goals=helen.goals,
    )
    update_participant(store, helen.id, fields)
    saved = next(p for p in programme_detail(store, sample.id).participants if p.id == helen.id)
    assert (saved.name, saved.role, saved.goals) == (
        "helen marchbank",
        "Chief Executive",
        helen.goals,
    )


def test_update_participant_to_another_persons_name_is_refused(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Renaming one participant to another's name is refused."""
    helen = person(programme_detail(store, sample.id), "Helen Marchbank")
    with pytest.raises(InvalidInputError):
        update_participant(store, helen.id, ParticipantFields("Julian Brackley"))


def test_delete_participant_removes_them_from_sessions(
    store: Database, sample: ProgrammeSummary, day_one_id: int
) -> None:
    """A deleted participant leaves the cohort and every attendance list."""
    helen = person(programme_detail(store, sample.id), "Helen Marchbank")
    assert helen.id in [p.id for p in session_detail(store, day_one_id).attendees]
    delete_participant(store, helen.id)
    assert helen.id not in [p.id for p in programme_detail(store, sample.id).participants]
    assert helen.id not in [p.id for p in session_detail(store, day_one_id).attendees]
    assert integrity_problems(store) == []
    with pytest.raises(NotFoundError):
        delete_participant(store, helen.id)


# Importing


def test_import_adds_people_and_matches_or_creates_organisations(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Existing organisations are matched ignoring case; a new name becomes a new one."""
    before = programme_detail(store, sample.id)
    people = [
        imported(2, "Ann Alder", "estuary hospice", role="Nurse"),
        imported(3, "Bob Birch", "Saltmarsh Surgery", sector=Sector.OTHER),
        imported(4, "Cat Cedar", "SALTMARSH SURGERY", contact="cat@example.org"),
        imported(5, "Dan Dogwood"),
    ]
    assert import_participants(store, sample.id, people).programmes
    after = programme_detail(store, sample.id)
    assert len(after.organisations) == len(before.organisations) + 1
    assert person(after, "Ann Alder").organisation_name == HOSPICE
    assert person(after, "Ann Alder").role == "Nurse"
    assert person(after, "Bob Birch").organisation_name == "Saltmarsh Surgery"
    assert person(after, "Cat Cedar").organisation_id == person(after, "Bob Birch").organisation_id
    assert person(after, "Cat Cedar").contact == "cat@example.org"
    assert person(after, "Dan Dogwood").organisation_id is None


def test_import_gives_a_new_organisation_its_sector(store: Database) -> None:
    """A new organisation takes the sector from the file, or Other when none is given."""
    programme_id = new_programme(store)
    import_participants(
        store,
        programme_id,
        [
            imported(2, "Ann", "Arden ICB", sector=Sector.COMMISSIONER_ICB),
            imported(3, "Bob", "Birch Trust"),
        ],
    )
    organisations = programme_detail(store, programme_id).organisations
    assert [(o.name, o.sector) for o in organisations] == [
        ("Arden ICB", Sector.COMMISSIONER_ICB),
        ("Birch Trust", Sector.OTHER),
    ]


def test_import_matches_an_organisation_written_with_other_spacing(
    store: Database, sample: ProgrammeSummary
) -> None:
    """An organisation is matched the way duplicates are spotted, not created twice."""
    before = programme_detail(store, sample.id)
    import_participants(store, sample.id, [imported(2, "Ann Alder", "Estuary  Hospice")])
    after = programme_detail(store, sample.id)
    assert len(after.organisations) == len(before.organisations)
    assert person(after, "Ann Alder").organisation_name == HOSPICE


def test_import_with_a_person_already_in_the_cohort_adds_nobody(
    store: Database, sample: ProgrammeSummary
) -> None:
    """One duplicate stops the whole import, naming its line, and nothing is added."""
    before = programme_detail(store, sample.id)
    people = [imported(2, "Ann Alder", "New Org"), imported(3, "helen marchbank")]
    with pytest.raises(InvalidInputError) as caught:
        import_participants(store, sample.id, people)
    assert str(caught.value).startswith("Line 3: helen marchbank is already in this cohort.")
    assert "Nothing was imported" in str(caught.value)
    assert programme_detail(store, sample.id) == before


def test_import_with_the_same_person_twice_adds_nobody(store: Database) -> None:
    """A file that lists one person twice is refused as a whole."""
    programme_id = new_programme(store)
    with pytest.raises(InvalidInputError) as caught:
        import_participants(store, programme_id, [imported(2, "Ann"), imported(7, "ANN")])
    assert "Line 7" in str(caught.value)
    assert programme_detail(store, programme_id).participants == ()


def test_import_with_an_invalid_field_adds_nobody(store: Database) -> None:
    """A row breaking a field rule rolls back the rows before it and their organisations."""
    programme_id = new_programme(store)
    people = [imported(2, "Ann", "Arden ICB"), imported(3, "Bob", role="x" * 201)]
    with pytest.raises(InvalidInputError):
        import_participants(store, programme_id, people)
    detail = programme_detail(store, programme_id)
    assert detail.participants == () and detail.organisations == ()


def test_import_into_a_missing_programme_is_not_found(store: Database) -> None:
    """Importing into a programme deleted meanwhile says so."""
    with pytest.raises(NotFoundError):
        import_participants(store, 9999, [imported(2, "Ann")])


def test_import_of_nobody_changes_nothing(store: Database, sample: ProgrammeSummary) -> None:
    """An empty import leaves the cohort as it was."""
    before = programme_detail(store, sample.id)
    import_participants(store, sample.id, [])
    assert programme_detail(store, sample.id) == before


def test_imported_fields_are_cleaned(store: Database) -> None:
    """Imported text is trimmed and normalised like typed text."""
    programme_id = new_programme(store)
    import_participants(store, programme_id, [imported(2, "  Rene\u0301 Roux ", goals=" Goals ")])
    (saved,) = programme_detail(store, programme_id).participants
    assert (saved.name, saved.goals) == ("René Roux", "Goals")
    assert replace(saved, id=0, uuid="").name == "René Roux"


def _all_observations(store: Database) -> list:
    from facilitator.services.programmes import list_programmes

    return [
        observation
        for programme in list_programmes(store)
        for module in programme.modules
        for summary in module.sessions
        for observation in session_detail(store, summary.id).observations
    ]


def _about(observation, kind: str, ref_id: int) -> bool:
    return any(s.kind.value == kind and s.ref_id == ref_id for s in observation.subjects)


def test_removing_a_participant_removes_observations_about_them_alone(store: Database) -> None:
    """Observations about the person alone go with them; shared ones only lose their name."""
    observations = _all_observations(store)
    people = {s.ref_id for o in observations for s in o.subjects if s.kind.value == "participant"}
    person = next(
        p
        for p in sorted(people)
        if any(_about(o, "participant", p) and len(o.subjects) == 1 for o in observations)
        and any(_about(o, "participant", p) and len(o.subjects) > 1 for o in observations)
    )
    alone = [o for o in observations if _about(o, "participant", person) and len(o.subjects) == 1]
    shared = [o for o in observations if _about(o, "participant", person) and len(o.subjects) > 1]

    delete_participant(store, person)

    after = {o.uuid: o for o in _all_observations(store)}
    assert len(after) == len(observations) - len(alone)
    assert not any(o.uuid in after for o in alone)
    for observation in shared:
        kept = after[observation.uuid]
        assert not _about(kept, "participant", person)
        assert len(kept.subjects) == len(observation.subjects) - 1
    assert integrity_problems(store) == []


def test_removing_an_organisation_removes_observations_about_it_alone(store: Database) -> None:
    """Observations about the organisation alone go; its participants stay in the cohort."""
    from datetime import UTC, datetime

    from facilitator.domain.enums import SubjectKind
    from facilitator.storage.tables import ObservationRow, ObservationSubjectRow, OrganisationRow

    with store.transaction() as session:
        organisation_row = session.query(OrganisationRow).filter_by(name=HOSPICE).one()
        organisation = organisation_row.id
        day_one = _all_observations(store)[0].session_id
        for extra in ((), (SubjectKind.GROUP,)):
            observation = ObservationRow(
                session_id=day_one,
                occurred_at=datetime(2026, 11, 16, 10, tzinfo=UTC),
                offset_seconds=60.0,
                note="About the hospice",
            )
            observation.subjects = [
                ObservationSubjectRow(kind=SubjectKind.ORGANISATION, organisation_id=organisation),
                *(ObservationSubjectRow(kind=kind) for kind in extra),
            ]
            session.add(observation)
    observations = _all_observations(store)
    alone = [
        o for o in observations if _about(o, "organisation", organisation) and len(o.subjects) == 1
    ]
    programme_id = observations and session_detail(store, observations[0].session_id).programme_id
    cohort = len(programme_detail(store, programme_id).participants)

    delete_organisation(store, organisation)

    assert len(_all_observations(store)) == len(observations) - len(alone)
    assert len(programme_detail(store, programme_id).participants) == cohort
    assert integrity_problems(store) == []
