"""The method library: the built-in activities, searching, the user's own, and agenda items."""

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import AgendaItemFields, MethodFields
from facilitator.domain.snapshots import Method
from facilitator.services.builtin import builtin_methods
from facilitator.services.first_run import METHODS_KEY, install_builtin_content
from facilitator.services.methods import (
    add_method,
    as_agenda_item,
    delete_method,
    list_methods,
    method_fields,
    update_method,
)
from facilitator.services.programmes import session_detail
from facilitator.services.store import open_store
from facilitator.storage.database import Database
from facilitator.storage.tables import AppMetaRow, MethodRow
from tests.conftest import TODAY

MINE = MethodFields(
    title="  Walking pairs ",
    description="Walk and talk in pairs.",
    purpose="Build trust.",
    typical_minutes=40,
    materials="Maps",
)


def titled(db: Database, title: str) -> Method:
    (method,) = [m for m in list_methods(db) if m.title == title]
    return method


def test_builtin_methods_are_installed_in_title_order(store: Database) -> None:
    """Every shipped activity is in the library once, marked built-in, sorted by title."""
    methods = list_methods(store)
    assert sorted(m.title for m in methods) == sorted(spec.title for spec in builtin_methods())
    assert [m.title for m in methods] == sorted((m.title for m in methods), key=str.casefold)
    assert all(m.builtin for m in methods)
    check_in = titled(store, "Check-in")
    assert check_in.typical_minutes == 30


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("fishbowl", ["Fishbowl"]),
        ("  FISHBOWL  ", ["Fishbowl"]),
        ("budget conflict", ["Fixed-budget conflict rehearsal"]),
        (
            "power",
            [
                "Fixed-budget conflict rehearsal",
                "Mapping power in our system",
                "Old power and new power",
            ],
        ),
        ("power nothing-like-this", []),
    ],
)
def test_search_keeps_methods_holding_every_word(
    store: Database, search: str, expected: list[str]
) -> None:
    """A search matches title, description, purpose and materials, ignoring case and order."""
    assert [m.title for m in list_methods(store, search=search)] == expected


def test_blank_search_lists_everything(store: Database) -> None:
    """A search of only spaces is no search."""
    assert list_methods(store, search="   ") == list_methods(store)


def test_add_method_saves_the_cleaned_fields(store: Database) -> None:
    """A method of the user's own is saved trimmed and not marked built-in."""
    method_id = add_method(store, MINE)
    method = titled(store, "Walking pairs")
    assert method.id == method_id and not method.builtin
    assert method_fields(method) == MethodFields(
        title="Walking pairs",
        description="Walk and talk in pairs.",
        purpose="Build trust.",
        typical_minutes=40,
        materials="Maps",
    )
    assert [m.title for m in list_methods(store, search="pairs walking")] == ["Walking pairs"]


@pytest.mark.parametrize("title", ["check-in", "CHECK-IN", " Check-in "])
def test_method_with_a_title_already_used_is_refused(store: Database, title: str) -> None:
    """No two methods share a title, whatever the case; built-in ones count too."""
    with pytest.raises(InvalidInputError) as caught:
        add_method(store, MethodFields(title=title))
    assert caught.value.field == "title"
    assert "“Check-in”" in str(caught.value)


def test_add_method_refuses_invalid_fields(store: Database) -> None:
    """A method with no title or no length is refused."""
    with pytest.raises(InvalidInputError):
        add_method(store, MethodFields(title=""))
    with pytest.raises(InvalidInputError):
        add_method(store, MethodFields(title="Long", typical_minutes=601))


def test_update_method_may_recase_its_own_title(store: Database) -> None:
    """Saving a method under its own title in other capitals is not a duplicate."""
    fishbowl = titled(store, "Fishbowl")
    changes = update_method(store, fishbowl.id, MethodFields(title="FISHBOWL", typical_minutes=50))
    assert changes.library
    saved = titled(store, "FISHBOWL")
    assert (saved.id, saved.typical_minutes, saved.builtin) == (fishbowl.id, 50, True)


def test_update_method_to_another_ones_title_is_refused(store: Database) -> None:
    """A method cannot be renamed to another method's title."""
    fishbowl = titled(store, "Fishbowl")
    with pytest.raises(InvalidInputError):
        update_method(store, fishbowl.id, MethodFields(title="Check-in"))
    with pytest.raises(NotFoundError):
        update_method(store, 9999, MethodFields(title="Ghost"))


def test_delete_method_leaves_agendas_alone(store: Database, day_one_id: int) -> None:
    """Deleting a method removes it from the library; items made from it stay as they were."""
    before = session_detail(store, day_one_id).agenda
    method = titled(store, "Old power and new power")
    assert delete_method(store, method.id).library
    assert "Old power and new power" not in [m.title for m in list_methods(store)]
    assert session_detail(store, day_one_id).agenda == before
    with pytest.raises(NotFoundError):
        delete_method(store, method.id)


def test_method_becomes_an_agenda_item(store: Database) -> None:
    """An activity from the library becomes an item with its title, length, purpose, materials."""
    method = titled(store, "Fishbowl")
    item = as_agenda_item(method)
    assert item == AgendaItemFields(
        title="Fishbowl",
        minutes=method.typical_minutes,
        method="Fishbowl",
        purpose=method.purpose,
        materials=method.materials,
    )
    assert item.checked() == item


def test_deleted_builtin_method_is_not_brought_back(store: Database, data_dir: Path) -> None:
    """Installing again, or reopening the file, does not restore a method the user deleted."""
    delete_method(store, titled(store, "Fishbowl").id)
    assert not install_builtin_content(store, today=TODAY).library
    store.close()
    reopened = open_store(data_dir, today=TODAY)
    try:
        assert "Fishbowl" not in [m.title for m in list_methods(reopened)]
        assert len(list_methods(reopened)) == len(builtin_methods()) - 1
    finally:
        reopened.close()


def test_method_shipped_later_is_added_once(store: Database) -> None:
    """A built-in method the file has never had is added on the next start, and only once."""
    with store.transaction() as session:
        session.execute(delete(MethodRow).where(MethodRow.slug == "fishbowl"))
        meta = session.get(AppMetaRow, METHODS_KEY)
        assert meta is not None
        meta.value = json.dumps([s for s in json.loads(meta.value) if s != "fishbowl"])
    assert install_builtin_content(store, today=TODAY).library
    assert titled(store, "Fishbowl").builtin
    assert not install_builtin_content(store, today=TODAY).library
    assert len(list_methods(store)) == len(builtin_methods())


def test_users_own_method_with_a_builtin_title_wins(store: Database) -> None:
    """If the user already has a method with a new built-in's title, theirs is kept alone."""
    with store.transaction() as session:
        session.execute(delete(MethodRow).where(MethodRow.slug == "fishbowl"))
        session.execute(delete(AppMetaRow).where(AppMetaRow.key == METHODS_KEY))
    add_method(store, MethodFields(title="fishbowl", typical_minutes=10))
    install_builtin_content(store, today=TODAY)
    (mine,) = [m for m in list_methods(store) if m.title.casefold() == "fishbowl"]
    assert (mine.title, mine.builtin, mine.typical_minutes) == ("fishbowl", False, 10)
    assert len(list_methods(store)) == len(builtin_methods())
    with store.reading() as session:
        given = json.loads(
            session.scalar(select(AppMetaRow.value).where(AppMetaRow.key == METHODS_KEY))
        )
    assert "fishbowl" in given
