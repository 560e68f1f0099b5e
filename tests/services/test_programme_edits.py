"""Creating, editing and deleting programmes."""

from datetime import date

import pytest
from sqlalchemy import func, select

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import ProgrammeFields
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services.builtin import builtin_templates
from facilitator.services.programmes import (
    create_programme,
    delete_programme,
    list_programmes,
    programme_detail,
    programme_fields,
    update_programme,
)
from facilitator.services.store import integrity_problems
from facilitator.storage.database import Database
from facilitator.storage.tables import ObservationRow, ProgrammeRow, SessionRow

TEMPLATE = "builtin:building-collaborative-leadership"


def count(db: Database, table: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_create_programme_saves_the_cleaned_fields(store: Database) -> None:
    """A new programme holds what was typed, trimmed, and starts with no modules or cohort."""
    fields = ProgrammeFields(
        title="  Cohort 3 ",
        client_system="Estuary",
        start_date=date(2027, 1, 10),
        end_date=date(2027, 7, 10),
        facilitators="Ann, Bob",
        notes="Two venues.",
        cohort_cap=20,
    )
    programme_id, changes = create_programme(store, fields)
    assert changes.programmes
    detail = programme_detail(store, programme_id)
    assert programme_fields(detail) == ProgrammeFields(
        title="Cohort 3",
        client_system="Estuary",
        start_date=date(2027, 1, 10),
        end_date=date(2027, 7, 10),
        facilitators="Ann, Bob",
        notes="Two venues.",
        cohort_cap=20,
    )
    assert not detail.is_sample
    assert detail.modules == () and detail.participants == () and detail.organisations == ()


def test_create_programme_from_a_builtin_template_adds_its_modules(store: Database) -> None:
    """Choosing a template gives the programme the template's modules, numbered from 1."""
    programme_id, _ = create_programme(
        store, ProgrammeFields(title="Cohort 3"), template_key=TEMPLATE
    )
    detail = programme_detail(store, programme_id)
    spec = builtin_templates()["building-collaborative-leadership"]
    assert [m.title for m in detail.modules] == [m.title for m in spec.modules]
    assert [m.position for m in detail.modules] == list(range(1, len(spec.modules) + 1))


def test_create_programme_with_an_unknown_template_adds_nothing(store: Database) -> None:
    """A template that has gone is reported and no half-made programme is left behind."""
    with pytest.raises(NotFoundError):
        create_programme(store, ProgrammeFields(title="Cohort 3"), template_key="saved:gone")
    with pytest.raises(NotFoundError):
        create_programme(store, ProgrammeFields(title="Cohort 3"), template_key="builtin:nope")
    assert count(store, ProgrammeRow) == 1


def test_create_programme_refuses_invalid_fields(store: Database) -> None:
    """An empty title is refused before anything is written."""
    with pytest.raises(InvalidInputError) as caught:
        create_programme(store, ProgrammeFields(title="   "))
    assert caught.value.field == "title"
    assert count(store, ProgrammeRow) == 1


def test_update_programme_round_trips_through_its_fields(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Editing the fields the form shows saves them and keeps the modules and cohort."""
    before = programme_detail(store, sample.id)
    fields = programme_fields(before)
    changed = ProgrammeFields(
        title="Renamed cohort",
        client_system=fields.client_system,
        start_date=fields.start_date,
        end_date=fields.end_date,
        facilitators="Dee",
        notes="New notes",
        cohort_cap=12,
    )
    assert update_programme(store, sample.id, changed).programmes
    after = programme_detail(store, sample.id)
    assert programme_fields(after) == changed
    assert after.modules == before.modules and after.participants == before.participants
    assert after.over_cap == len(after.participants) - 12


def test_update_programme_refuses_invalid_fields_and_keeps_the_old(
    store: Database, sample: ProgrammeSummary
) -> None:
    """An end date before the start is refused and nothing changes."""
    before = programme_detail(store, sample.id)
    bad = ProgrammeFields(title="Renamed", start_date=date(2026, 5, 2), end_date=date(2026, 5, 1))
    with pytest.raises(InvalidInputError) as caught:
        update_programme(store, sample.id, bad)
    assert caught.value.field == "end_date"
    assert programme_detail(store, sample.id) == before


def test_update_missing_programme_is_not_found(store: Database) -> None:
    """Saving a programme deleted meanwhile says it no longer exists."""
    with pytest.raises(NotFoundError):
        update_programme(store, 9999, ProgrammeFields(title="Ghost"))


def test_delete_programme_removes_everything_in_it(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Deleting a programme takes its sessions and observations and leaves a sound file."""
    other_id, _ = create_programme(store, ProgrammeFields(title="Keep me"), template_key=TEMPLATE)
    changes = delete_programme(store, sample.id)
    assert changes.programmes and changes.sessions and changes.observations
    assert [p.id for p in list_programmes(store)] == [other_id]
    assert count(store, SessionRow) == 0 and count(store, ObservationRow) == 0
    assert len(programme_detail(store, other_id).modules) == 4
    with pytest.raises(NotFoundError):
        programme_detail(store, sample.id)
    assert integrity_problems(store) == []


def test_delete_missing_programme_is_not_found(store: Database) -> None:
    """Deleting a programme twice reports the second time."""
    with pytest.raises(NotFoundError):
        delete_programme(store, 9999)
