"""A programme's modules: adding, editing, moving and deleting them."""

import pytest

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import ModuleFields, ProgrammeFields
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services.modules import (
    add_module,
    delete_module,
    module_fields,
    move_module,
    update_module,
)
from facilitator.services.programmes import create_programme, module_detail, programme_detail
from facilitator.services.store import integrity_problems
from facilitator.storage.database import Database


def titles(db: Database, programme_id: int) -> list[str]:
    return [module.title for module in programme_detail(db, programme_id).modules]


def positions(db: Database, programme_id: int) -> list[int]:
    return [module.position for module in programme_detail(db, programme_id).modules]


def test_add_module_goes_last_with_its_fields(store: Database, sample: ProgrammeSummary) -> None:
    """A new module is numbered after the last and keeps its days and themes."""
    module_id = add_module(
        store, sample.id, ModuleFields(" Reflection ", days=1, themes=("Looking back", " "))
    )
    detail = module_detail(store, module_id)
    assert (detail.position, detail.title, detail.days) == (5, "Reflection", 1)
    assert detail.themes == ("Looking back",)
    assert positions(store, sample.id) == [1, 2, 3, 4, 5]


def test_add_module_to_an_empty_programme_is_first(store: Database) -> None:
    """The first module of a programme is module 1."""
    programme_id, _ = create_programme(store, ProgrammeFields(title="Empty"))
    module_id = add_module(store, programme_id, ModuleFields("Start"))
    assert module_detail(store, module_id).position == 1


def test_add_module_refuses_invalid_fields(store: Database, sample: ProgrammeSummary) -> None:
    """A module with no title or an impossible length is refused and nothing is added."""
    with pytest.raises(InvalidInputError):
        add_module(store, sample.id, ModuleFields(""))
    with pytest.raises(InvalidInputError):
        add_module(store, sample.id, ModuleFields("Long", days=31))
    assert len(titles(store, sample.id)) == 4
    with pytest.raises(NotFoundError):
        add_module(store, 9999, ModuleFields("Orphan"))


def test_update_module_round_trips_through_its_fields(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Saving changed fields keeps the module's place and sessions."""
    module = sample.modules[2]
    before = module_detail(store, module.id)
    changed = ModuleFields(title="Power", days=3, themes=("Old power", "New power"))
    assert update_module(store, module.id, changed).programmes
    after = module_detail(store, module.id)
    assert module_fields(after) == changed
    assert after.position == before.position and after.sessions == before.sessions


def test_update_missing_module_is_not_found(store: Database) -> None:
    """Saving a module deleted meanwhile says so."""
    with pytest.raises(NotFoundError):
        update_module(store, 9999, ModuleFields("Ghost"))


def test_delete_module_keeps_its_sessions_and_renumbers(
    store: Database, sample: ProgrammeSummary
) -> None:
    """A deleted module's sessions stay in the programme outside any module; the rest close up."""
    module = sample.modules[2]
    session_ids = [s.id for s in module.sessions]
    others = [m.title for m in sample.modules if m.id != module.id]
    delete_module(store, module.id)
    detail = programme_detail(store, sample.id)
    assert [m.title for m in detail.modules] == others
    assert [m.position for m in detail.modules] == [1, 2, 3]
    assert [s.id for s in detail.loose_sessions] == session_ids
    assert all(s.module_id is None for s in detail.loose_sessions)
    with pytest.raises(NotFoundError):
        module_detail(store, module.id)
    assert integrity_problems(store) == []


@pytest.mark.parametrize(
    ("index", "offset", "order"),
    [(2, -1, [0, 2, 1, 3]), (1, 1, [0, 2, 1, 3]), (3, -3, [3, 0, 1, 2]), (0, 2, [1, 2, 0, 3])],
)
def test_move_module_reorders_and_renumbers(
    store: Database, sample: ProgrammeSummary, index: int, offset: int, order: list[int]
) -> None:
    """Moving a module up or down shifts the others and keeps positions 1, 2, 3, 4."""
    original = [m.title for m in sample.modules]
    assert move_module(store, sample.modules[index].id, offset=offset).programmes
    assert titles(store, sample.id) == [original[i] for i in order]
    assert positions(store, sample.id) == [1, 2, 3, 4]


@pytest.mark.parametrize(("index", "offset"), [(0, -1), (3, 1), (0, -10), (2, 0)])
def test_move_module_past_an_end_changes_nothing(
    store: Database, sample: ProgrammeSummary, index: int, offset: int
) -> None:
    """Moving the first module up or the last down does nothing and reports no change."""
    original = [m.title for m in sample.modules]
    assert not move_module(store, sample.modules[index].id, offset=offset).any
    assert titles(store, sample.id) == original


def test_move_module_far_down_stops_at_the_end(store: Database, sample: ProgrammeSummary) -> None:
    """An offset past the end moves the module to the last place."""
    original = [m.title for m in sample.modules]
    move_module(store, sample.modules[0].id, offset=10)
    assert titles(store, sample.id) == [*original[1:], original[0]]
