"""Undoable agenda commands: each redo and undo is exact, and any sequence unwinds cleanly."""

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import AgendaItemFields, SessionFields
from facilitator.domain.snapshots import AgendaItem, SessionDetail
from facilitator.services import snapshots
from facilitator.services.agenda import (
    AddItems,
    AgendaCommand,
    Batch,
    EditItem,
    EditSession,
    MoveItem,
    RemoveItems,
    duplicate_items,
    item_fields,
)
from facilitator.services.programmes import session_detail
from facilitator.services.sessions import session_fields
from facilitator.services.store import integrity_problems, open_store
from facilitator.storage.database import Database
from facilitator.storage.location import DATABASE_NAME
from facilitator.storage.tables import AgendaItemRow, ObservationRow, SessionRow
from tests.conftest import TODAY

NEW = AgendaItemFields(title="Fishbowl", minutes=45, method="Fishbowl", purpose="Listen.")
BREAK = AgendaItemFields(title="Tea", minutes=15, is_break=True)

type State = tuple[tuple[AgendaItem, ...], tuple[tuple[str, str | None, str], ...], SessionFields]


def state(db: Database, session_id: int) -> State:
    """Return a session's agenda (ids blanked), observation links by item UUID, and details."""
    detail = session_detail(db, session_id)
    uuid_of = {item.id: item.uuid for item in detail.agenda}
    agenda = tuple(replace(item, id=0) for item in detail.agenda)
    links = tuple(
        (obs.uuid, uuid_of.get(obs.agenda_item_id), obs.agenda_item_title)
        for obs in detail.observations
    )
    return agenda, links, session_fields(detail)


def titles(db: Database, session_id: int) -> list[str]:
    return [item.title for item in session_detail(db, session_id).agenda]


def positions(db: Database, session_id: int) -> list[int]:
    return [item.position for item in session_detail(db, session_id).agenda]


def linked_item(detail: SessionDetail) -> AgendaItem:
    """Return the agenda item with the most observations linked to it."""
    counts = {item.id: 0 for item in detail.agenda}
    for obs in detail.observations:
        if obs.agenda_item_id is not None:
            counts[obs.agenda_item_id] += 1
    best = max(counts, key=lambda item_id: counts[item_id])
    assert counts[best] > 0
    return next(item for item in detail.agenda if item.id == best)


# Each maker builds one command against the session's current detail.
Maker = Callable[[SessionDetail], AgendaCommand]

MAKERS: dict[str, Maker] = {
    "add at the start": lambda d: AddItems(d.id, 0, [NEW]),
    "add in the middle": lambda d: AddItems(d.id, 3, [NEW, BREAK]),
    "add past the end": lambda d: AddItems(d.id, 99, [NEW]),
    "add before the start": lambda d: AddItems(d.id, -4, [BREAK]),
    "add nothing": lambda d: AddItems(d.id, 2, []),
    "remove a linked item": lambda d: RemoveItems(d.id, (linked_item(d).uuid,)),
    "remove several": lambda d: RemoveItems(
        d.id, (d.agenda[-1].uuid, d.agenda[0].uuid, d.agenda[4].uuid)
    ),
    "remove all": lambda d: RemoveItems(d.id, tuple(i.uuid for i in d.agenda)),
    "edit a linked item": lambda d: EditItem(
        d.id,
        linked_item(d).uuid,
        before=item_fields(linked_item(d)),
        after=replace(
            item_fields(linked_item(d)), title="Renamed", minutes=5, pinned_time=time(10, 0)
        ),
    ),
    "move first to last": lambda d: MoveItem(d.id, d.agenda[0].uuid, len(d.agenda) - 1),
    "move last to first": lambda d: MoveItem(d.id, d.agenda[-1].uuid, 0),
    "move past the end": lambda d: MoveItem(d.id, d.agenda[2].uuid, 99),
    "move before the start": lambda d: MoveItem(d.id, d.agenda[5].uuid, -3),
    "edit the session": lambda d: EditSession(
        d.id,
        before=session_fields(d),
        after=replace(session_fields(d), title="Day 1", start_time=time(10, 0), end_time=None),
    ),
    "duplicate items": lambda d: duplicate_items(d.id, [d.agenda[1], d.agenda[3]]),
    "batch: replace the agenda": lambda d: Batch(
        d.id,
        [RemoveItems(d.id, tuple(i.uuid for i in d.agenda)), AddItems(d.id, 0, [NEW, BREAK])],
        label="Copy",
    ),
    "batch: add then move the new item": lambda d: _add_then_move(d),
    "batch: remove, move and edit": lambda d: Batch(
        d.id,
        [
            RemoveItems(d.id, (d.agenda[0].uuid,)),
            MoveItem(d.id, d.agenda[1].uuid, 99),
            EditItem(d.id, d.agenda[2].uuid, item_fields(d.agenda[2]), NEW),
        ],
        label="Several",
    ),
    "batch: edit the session and an item": lambda d: Batch(
        d.id,
        [
            EditSession(d.id, session_fields(d), replace(session_fields(d), venue="Online")),
            EditItem(d.id, d.agenda[0].uuid, item_fields(d.agenda[0]), BREAK),
        ],
        label="Both",
    ),
}


def _add_then_move(detail: SessionDetail) -> Batch:
    add = AddItems(detail.id, 99, [NEW, BREAK])
    return Batch(
        detail.id, [add, MoveItem(detail.id, add.uuids[1], 0), AddItems(detail.id, 1, [NEW])], "Mix"
    )


@pytest.mark.parametrize("name", MAKERS)
def test_undo_restores_the_agenda_and_redo_repeats_it_exactly(
    store: Database, day_one_id: int, name: str
) -> None:
    """Undo puts back the exact agenda, links and details; redo gives the same UUIDs again."""
    before = state(store, day_one_id)
    command = MAKERS[name](session_detail(store, day_one_id))
    assert command.redo(store).sessions
    after = state(store, day_one_id)
    assert positions(store, day_one_id) == list(range(1, len(after[0]) + 1))
    assert command.undo(store).sessions
    assert state(store, day_one_id) == before
    command.redo(store)
    assert state(store, day_one_id) == after
    command.undo(store)
    assert state(store, day_one_id) == before
    assert integrity_problems(store) == []


def test_add_items_inserts_at_the_index_with_new_uuids(store: Database, day_two_id: int) -> None:
    """New items go in at the 0-based index, after checking, and everything is renumbered."""
    original = titles(store, day_two_id)
    command = AddItems(day_two_id, 2, [replace(NEW, title="  Fishbowl "), BREAK])
    command.redo(store)
    agenda = session_detail(store, day_two_id).agenda
    assert [i.title for i in agenda] == [*original[:2], "Fishbowl", "Tea", *original[2:]]
    assert [i.uuid for i in agenda[2:4]] == list(command.uuids)
    assert item_fields(agenda[3]) == BREAK
    assert positions(store, day_two_id) == list(range(1, len(original) + 3))


def test_add_items_refuses_invalid_fields_when_made(day_two_id: int) -> None:
    """An item with no title or no length is refused before the command exists."""
    with pytest.raises(InvalidInputError):
        AddItems(day_two_id, 0, [replace(NEW, minutes=0)])


def test_remove_items_undo_puts_back_observation_links(store: Database, day_one_id: int) -> None:
    """Observations of a removed item lose their link, and undo restores it."""
    detail = session_detail(store, day_one_id)
    item = linked_item(detail)
    linked = {obs.uuid for obs in detail.observations if obs.agenda_item_id == item.id}
    command = RemoveItems(day_one_id, (item.uuid,))
    command.redo(store)
    removed = session_detail(store, day_one_id)
    assert item.uuid not in [i.uuid for i in removed.agenda]
    assert all(obs.agenda_item_id is None for obs in removed.observations if obs.uuid in linked)
    command.undo(store)
    restored = session_detail(store, day_one_id)
    (back,) = [i for i in restored.agenda if i.uuid == item.uuid]
    assert back.position == item.position
    assert (back.actual_start, back.actual_end) == (item.actual_start, item.actual_end)
    now_linked = {obs.uuid for obs in restored.observations if obs.agenda_item_id == back.id}
    assert now_linked == linked


def test_remove_missing_item_removes_nothing(store: Database, day_two_id: int) -> None:
    """Removing an item that has gone, alongside one that has not, removes neither."""
    agenda = session_detail(store, day_two_id).agenda
    with pytest.raises(NotFoundError):
        RemoveItems(day_two_id, (agenda[0].uuid, "no-such-uuid")).redo(store)
    assert len(session_detail(store, day_two_id).agenda) == len(agenda)


@pytest.mark.parametrize(
    ("start", "to", "expected"),
    [
        (2, 0, [2, 0, 1, 3, 4]),
        (0, 4, [1, 2, 3, 4, 0]),
        (1, 99, [0, 2, 3, 4, 1]),
        (3, -1, [3, 0, 1, 2, 4]),
        (2, 2, [0, 1, 2, 3, 4]),
    ],
)
def test_move_item_to_first_last_and_beyond(
    store: Database, day_two_id: int, start: int, to: int, expected: list[int]
) -> None:
    """An item moves to the 0-based index; an index out of range stops at the end."""
    agenda = session_detail(store, day_two_id).agenda
    RemoveItems(day_two_id, tuple(i.uuid for i in agenda[5:])).redo(store)
    original = titles(store, day_two_id)
    command = MoveItem(day_two_id, agenda[start].uuid, to)
    command.redo(store)
    assert titles(store, day_two_id) == [original[i] for i in expected]
    assert positions(store, day_two_id) == [1, 2, 3, 4, 5]
    command.undo(store)
    assert titles(store, day_two_id) == original


def test_batch_is_one_step(store: Database, day_two_id: int) -> None:
    """A batch applies all its commands at once and one undo takes all of them back."""
    before = state(store, day_two_id)
    agenda = session_detail(store, day_two_id).agenda
    batch = Batch(
        day_two_id,
        [
            RemoveItems(day_two_id, tuple(i.uuid for i in agenda)),
            AddItems(day_two_id, 0, [NEW, BREAK]),
        ],
        label="Copy the agenda of Day one",
    )
    batch.redo(store)
    assert titles(store, day_two_id) == ["Fishbowl", "Tea"]
    batch.undo(store)
    assert state(store, day_two_id) == before
    assert batch.label == "Copy the agenda of Day one"


def test_batch_that_fails_part_way_changes_nothing(store: Database, day_two_id: int) -> None:
    """If one command of a batch fails, the commands before it are rolled back too."""
    before = state(store, day_two_id)
    agenda = session_detail(store, day_two_id).agenda
    batch = Batch(
        day_two_id,
        [
            RemoveItems(day_two_id, (agenda[0].uuid,)),
            EditItem(day_two_id, "no-such-uuid", item_fields(agenda[1]), NEW),
        ],
        label="Broken",
    )
    with pytest.raises(NotFoundError):
        batch.redo(store)
    assert state(store, day_two_id) == before


def test_editing_a_removed_item_is_not_found(store: Database, day_two_id: int) -> None:
    """An edit or move of an item removed meanwhile says it no longer exists."""
    item = session_detail(store, day_two_id).agenda[0]
    RemoveItems(day_two_id, (item.uuid,)).redo(store)
    with pytest.raises(NotFoundError, match="no longer exists"):
        EditItem(day_two_id, item.uuid, item_fields(item), NEW).redo(store)
    with pytest.raises(NotFoundError):
        MoveItem(day_two_id, item.uuid, 3).redo(store)


def test_commands_on_a_deleted_session_are_not_found(store: Database) -> None:
    """Every command reports a session that has gone."""
    with pytest.raises(NotFoundError):
        AddItems(9999, 0, [NEW]).redo(store)
    with pytest.raises(NotFoundError):
        EditSession(9999, SessionFields("A"), SessionFields("B")).redo(store)


def test_edit_session_reports_a_programme_change(store: Database, day_two_id: int) -> None:
    """Editing a session's details also refreshes the programme tree, where its title shows."""
    before = session_fields(session_detail(store, day_two_id))
    command = EditSession(
        day_two_id, before, replace(before, title=" Day 2 ", date=date(2027, 1, 1))
    )
    changes = command.redo(store)
    assert changes.sessions and changes.programmes
    assert session_detail(store, day_two_id).title == "Day 2"
    assert command.undo(store).programmes
    assert session_fields(session_detail(store, day_two_id)) == before


def test_batch_with_a_session_edit_reports_a_programme_change(
    store: Database, day_two_id: int
) -> None:
    """A batch says the programme tree needs refreshing when one of its commands would."""
    before = session_fields(session_detail(store, day_two_id))
    edit = EditSession(day_two_id, before, replace(before, title="Day 2"))
    batch = Batch(day_two_id, [AddItems(day_two_id, 0, [NEW]), edit], label="Both")
    assert batch.redo(store).programmes and batch.undo(store).programmes
    plain = Batch(day_two_id, [AddItems(day_two_id, 0, [NEW])], label="Add")
    changes = plain.redo(store)
    assert changes.sessions and not changes.programmes


def test_edit_session_refuses_invalid_times(day_two_id: int) -> None:
    """An edit that would end the session before it starts is refused when made."""
    before = SessionFields("Day two", start_time=time(9, 0))
    with pytest.raises(InvalidInputError):
        EditSession(day_two_id, before, replace(before, end_time=time(8, 0)))


def test_duplicate_items_go_after_the_last_of_them(store: Database, day_two_id: int) -> None:
    """Copies of several items are inserted together just after the last one chosen."""
    agenda = session_detail(store, day_two_id).agenda
    command = duplicate_items(day_two_id, [agenda[1], agenda[3]])
    assert command.label == "Duplicate items"
    command.redo(store)
    after = titles(store, day_two_id)
    assert after[4:6] == [agenda[1].title, agenda[3].title]
    assert duplicate_items(day_two_id, [agenda[0]]).label == "Duplicate item"


# Random sequences of commands against a simple model of the agenda

text = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), min_size=1, max_size=12)
item_strategy = st.builds(
    AgendaItemFields,
    title=text.filter(str.strip),
    minutes=st.integers(1, 600),
    method=st.sampled_from(["", "Fishbowl"]),
    is_break=st.booleans(),
    pinned_time=st.none() | st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30])),
)

type Model = list[tuple[str, AgendaItemFields]]


def draw_command(
    data: st.DataObject, session_id: int, model: Model, details: SessionFields, *, depth: int = 0
) -> AgendaCommand:
    """Draw one command that makes sense against the modelled agenda."""
    kinds = (
        ["add", "session"]
        + (["remove", "edit", "move"] if model else [])
        + (["batch"] if depth == 0 else [])
    )
    kind = data.draw(st.sampled_from(kinds))
    uuids = [item_uuid for item_uuid, _ in model]
    if kind == "add":
        items = data.draw(st.lists(item_strategy, min_size=1, max_size=3))
        return AddItems(session_id, data.draw(st.integers(-2, len(model) + 2)), items)
    if kind == "remove":
        chosen = data.draw(st.lists(st.sampled_from(uuids), min_size=1, max_size=3, unique=True))
        return RemoveItems(session_id, tuple(chosen))
    if kind == "edit":
        index = data.draw(st.integers(0, len(model) - 1))
        return EditItem(session_id, uuids[index], model[index][1], data.draw(item_strategy))
    if kind == "move":
        return MoveItem(
            session_id,
            data.draw(st.sampled_from(uuids)),
            data.draw(st.integers(-2, len(model) + 2)),
        )
    if kind == "session":
        start = data.draw(st.none() | st.builds(time, st.integers(6, 12)))
        end = data.draw(st.none() | st.builds(time, st.integers(13, 20))) if start else None
        return EditSession(session_id, details, replace(details, start_time=start, end_time=end))
    commands: list[AgendaCommand] = []
    inner_model, inner_details = list(model), details
    for _ in range(data.draw(st.integers(1, 3))):
        command = draw_command(data, session_id, inner_model, inner_details, depth=1)
        inner_model, inner_details = apply(command, inner_model, inner_details)
        commands.append(command)
    return Batch(session_id, commands, label="Batch")


def apply(
    command: AgendaCommand, model: Model, details: SessionFields
) -> tuple[Model, SessionFields]:
    """Return what the command should make of the modelled agenda and session details."""
    model = list(model)
    match command:
        case AddItems():
            at = max(0, min(command.index, len(model)))
            model[at:at] = list(zip(command.uuids, command.items, strict=True))
        case RemoveItems():
            model = [entry for entry in model if entry[0] not in command.uuids]
        case EditItem():
            model = [(u, command.after if u == command.uuid else f) for u, f in model]
        case MoveItem():
            old = [u for u, _ in model].index(command.uuid)
            entry = model.pop(old)
            model.insert(max(0, min(command.to_index, len(model))), entry)
        case EditSession():
            details = command.after
        case Batch():
            for inner in command.commands:
                model, details = apply(inner, model, details)
    return model, details


def modelled(db: Database, session_id: int) -> tuple[Model, SessionFields]:
    """Return the stored agenda as (UUID, fields) pairs, and the session's details."""
    with db.reading() as session:
        row = session.get(SessionRow, session_id)
        assert row is not None
        items = [(item.uuid, item_fields(snapshots.agenda_item(item))) for item in row.agenda_items]
        return items, session_fields_of(row)


def quick_state(db: Database, session_id: int) -> State:
    """Return what `state` does, read straight from the tables: the observations are slow."""
    with db.reading() as session:
        row = session.get(SessionRow, session_id)
        assert row is not None
        agenda = tuple(replace(snapshots.agenda_item(item), id=0) for item in row.agenda_items)
        links = tuple(
            session.execute(
                select(ObservationRow.uuid, AgendaItemRow.uuid, AgendaItemRow.title)
                .outerjoin(AgendaItemRow, ObservationRow.agenda_item_id == AgendaItemRow.id)
                .where(ObservationRow.session_id == session_id)
                .order_by(ObservationRow.offset_seconds, ObservationRow.id)
            )
        )
        links = tuple((obs, item, title or "") for obs, item, title in links)
        return agenda, links, session_fields_of(row)


def session_fields_of(row: SessionRow) -> SessionFields:
    return SessionFields(
        title=row.title,
        kind=row.kind,
        module_id=row.module_id,
        date=row.date,
        start_time=row.start_time,
        end_time=row.end_time,
        venue=row.venue,
    )


def test_quick_state_agrees_with_session_detail(store: Database, day_one_id: int) -> None:
    """The fast reader used below gives exactly what the session page's snapshot gives."""
    assert quick_state(store, day_one_id) == state(store, day_one_id)
    assert modelled(store, day_one_id)[1] == state(store, day_one_id)[2]


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


def test_random_sequences_undo_to_the_start_and_redo_to_the_end(
    template_data_dir: Path, day_one_id: int
) -> None:
    """Any sequence of commands matches the model; undoing all steps back to the start."""

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        with fresh_store(template_data_dir) as db:
            original = quick_state(db, day_one_id)
            model, details = modelled(db, day_one_id)
            commands: list[AgendaCommand] = []
            states = [original]
            for _ in range(data.draw(st.integers(1, 6), label="length")):
                command = draw_command(data, day_one_id, model, details)
                command.redo(db)
                model, details = apply(command, model, details)
                assert modelled(db, day_one_id) == (model, details)
                commands.append(command)
                states.append(quick_state(db, day_one_id))
            for command, earlier in zip(reversed(commands), reversed(states[:-1]), strict=True):
                command.undo(db)
                assert quick_state(db, day_one_id) == earlier
            for command in commands:
                command.redo(db)
            assert quick_state(db, day_one_id) == states[-1]
            for command in reversed(commands):
                command.undo(db)
            assert quick_state(db, day_one_id) == original
            assert integrity_problems(db) == []

    run()


def test_undoing_a_session_edit_after_its_module_went_leaves_it_outside_any_module(
    store: Database, day_two_id: int
) -> None:
    """A session edit undone after its module was deleted does not point at the lost module."""
    from facilitator.services.modules import delete_module

    detail = session_detail(store, day_two_id)
    before = session_fields(detail)
    edit = EditSession(day_two_id, before, replace(before, title="Day 2"))
    edit.redo(store)
    delete_module(store, detail.module_id)
    edit.undo(store)
    after = session_detail(store, day_two_id)
    assert (after.title, after.module_id) == ("Day two", None)
