"""The cohort of a programme: its organisations and participants, typed in or imported."""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.enums import Sector
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import OrganisationFields, ParticipantFields
from facilitator.domain.roster_import import ImportedParticipant, name_key
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParticipantRow,
    ProgrammeRow,
)

ROSTER = Changes(programmes=True, sessions=True)


def add_organisation(db: Database, programme_id: int, fields: OrganisationFields) -> int:
    """Add an organisation to the programme and return its id."""
    fields = fields.checked()
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        _refuse_duplicate_organisation(session, programme_id, fields.name)
        row = OrganisationRow(programme_id=programme_id, name=fields.name, sector=fields.sector)
        session.add(row)
        session.flush()
        return row.id


def update_organisation(db: Database, organisation_id: int, fields: OrganisationFields) -> Changes:
    fields = fields.checked()
    with db.transaction() as session:
        row = fetch(session, OrganisationRow, organisation_id, what="That organisation")
        _refuse_duplicate_organisation(session, row.programme_id, fields.name, except_id=row.id)
        row.name, row.sector = fields.name, fields.sector
    return ROSTER


def delete_organisation(db: Database, organisation_id: int) -> Changes:
    """Delete an organisation and the observations about it alone; its participants stay,
    belonging to no organisation."""
    with db.transaction() as session:
        row = fetch(session, OrganisationRow, organisation_id, what="That organisation")
        _delete_observations_only_about(
            session, ObservationSubjectRow.organisation_id == organisation_id
        )
        session.delete(row)
    return ROSTER | Changes(observations=True)


def _delete_observations_only_about(session: Session, subject: ColumnElement[bool]) -> None:
    """Delete the observations whose one and only subject matches `subject`.

    An observation about several people or organisations stays; it loses only this subject.
    """
    about = select(ObservationSubjectRow.observation_id).where(subject)
    alone = (
        select(ObservationSubjectRow.observation_id)
        .where(ObservationSubjectRow.observation_id.in_(about))
        .group_by(ObservationSubjectRow.observation_id)
        .having(func.count() == 1)
    )
    session.execute(delete(ObservationRow).where(ObservationRow.id.in_(alone)))


def _refuse_duplicate_organisation(
    session: Session, programme_id: int, name: str, *, except_id: int | None = None
) -> None:
    # Compared in Python with name_key, as people are: SQLite's lower() folds only A to Z, and
    # "Estuary  Hospice" with two spaces is the same organisation as "Estuary Hospice".
    wanted = name_key(name)
    for other_id, other_name in session.execute(
        select(OrganisationRow.id, OrganisationRow.name).where(
            OrganisationRow.programme_id == programme_id
        )
    ):
        if other_id != except_id and name_key(other_name) == wanted:
            raise InvalidInputError(f"“{other_name}” is already in this programme.", field="name")


def add_participant(db: Database, programme_id: int, fields: ParticipantFields) -> int:
    """Add a participant to the cohort and return their id."""
    fields = fields.checked()
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        _check_participant(session, programme_id, fields)
        row = ParticipantRow(programme_id=programme_id)
        _apply_participant(row, fields)
        session.add(row)
        session.flush()
        return row.id


def update_participant(db: Database, participant_id: int, fields: ParticipantFields) -> Changes:
    fields = fields.checked()
    with db.transaction() as session:
        row = fetch(session, ParticipantRow, participant_id, what="That participant")
        _check_participant(session, row.programme_id, fields, except_id=row.id)
        _apply_participant(row, fields)
    return ROSTER | Changes(observations=True)


def delete_participant(db: Database, participant_id: int) -> Changes:
    """Remove a participant and the observations about them alone."""
    with db.transaction() as session:
        row = fetch(session, ParticipantRow, participant_id, what="That participant")
        _delete_observations_only_about(
            session, ObservationSubjectRow.participant_id == participant_id
        )
        session.delete(row)
    return ROSTER | Changes(observations=True)


def _check_participant(
    session: Session, programme_id: int, fields: ParticipantFields, *, except_id: int | None = None
) -> None:
    if fields.organisation_id is not None:
        organisation = fetch(
            session, OrganisationRow, fields.organisation_id, what="That organisation"
        )
        if organisation.programme_id != programme_id:
            raise InvalidInputError(
                "That organisation belongs to another programme.", field="organisation"
            )
    wanted = name_key(fields.name)
    for other_id, other_name in session.execute(
        select(ParticipantRow.id, ParticipantRow.name).where(
            ParticipantRow.programme_id == programme_id
        )
    ):
        if other_id != except_id and name_key(other_name) == wanted:
            raise InvalidInputError(
                f"{other_name} is already in this cohort. Give the new person's full name "
                "if they are someone else.",
                field="name",
            )


def _apply_participant(row: ParticipantRow, fields: ParticipantFields) -> None:
    row.name = fields.name
    row.role = fields.role
    row.organisation_id = fields.organisation_id
    row.pseudonym = fields.pseudonym
    row.contact = fields.contact
    row.goals = fields.goals
    row.notes = fields.notes


def cohort_names(db: Database, programme_id: int) -> list[str]:
    """Return the names already in the cohort, to spot duplicates in an import."""
    with db.reading() as session:
        return list(
            session.scalars(
                select(ParticipantRow.name).where(ParticipantRow.programme_id == programme_id)
            )
        )


def import_participants(
    db: Database, programme_id: int, people: Sequence[ImportedParticipant]
) -> Changes:
    """Add the accepted rows of an import in one transaction: all of them or none.

    Organisations are matched by name, ignoring case, accents and spacing (as duplicate
    people are); a new name becomes a new organisation.
    """
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        organisations = {
            name_key(row.name): row
            for row in session.scalars(
                select(OrganisationRow).where(OrganisationRow.programme_id == programme_id)
            )
        }
        taken = {
            name_key(name)
            for name in session.scalars(
                select(ParticipantRow.name).where(ParticipantRow.programme_id == programme_id)
            )
        }
        for person in people:
            fields = ParticipantFields(
                name=person.name,
                role=person.role,
                pseudonym=person.pseudonym,
                contact=person.contact,
                goals=person.goals,
                notes=person.notes,
            ).checked()
            if name_key(fields.name) in taken:
                raise InvalidInputError(
                    f"Line {person.line}: {fields.name} is already in this cohort. "
                    "Nothing was imported."
                )
            taken.add(name_key(fields.name))
            organisation = None
            if person.organisation:
                organisation = organisations.get(name_key(person.organisation))
                if organisation is None:
                    organisation = OrganisationRow(
                        programme_id=programme_id,
                        name=person.organisation,
                        sector=person.sector or Sector.OTHER,
                    )
                    session.add(organisation)
                    organisations[name_key(person.organisation)] = organisation
            row = ParticipantRow(programme_id=programme_id, organisation=organisation)
            _apply_participant(row, fields)
            row.organisation = organisation
            session.add(row)
    return ROSTER
