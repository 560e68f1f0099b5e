"""Coding schemes as the app lists them, and changing a code's capture key."""

import pytest
from sqlalchemy import select

from facilitator.domain.errors import KeyClashError, NotFoundError
from facilitator.domain.snapshots import Code, CodingScheme
from facilitator.services.schemes import list_schemes, set_code_key
from facilitator.storage.database import Database
from facilitator.storage.tables import CodeRow, CodingSchemeRow


def scheme(db: Database, slug: str) -> CodingScheme:
    return next(s for s in list_schemes(db) if s.slug == slug)


def code(db: Database, scheme_slug: str, code_slug: str) -> Code:
    return next(c for c in scheme(db, scheme_slug).codes if c.slug == code_slug)


def stored_key(db: Database, code_id: int) -> str:
    with db.reading() as session:
        return session.scalar(select(CodeRow.key).where(CodeRow.id == code_id))


def test_builtin_schemes_come_first_then_by_name(store: Database) -> None:
    """The user's own schemes follow the built-in ones; each group is in name order."""
    with store.transaction() as session:
        session.add(CodingSchemeRow(slug="aaa-mine", name="A scheme of my own"))
    schemes = list_schemes(store)
    assert [s.builtin for s in schemes] == [True] * 8 + [False]
    builtin_names = [s.name for s in schemes if s.builtin]
    assert builtin_names == sorted(builtin_names)


def test_codes_are_listed_in_their_scheme_order(store: Database) -> None:
    """Codes keep the order of their scheme file."""
    assert [c.slug for c in scheme(store, "kantor-four-player").codes] == [
        "move",
        "follow",
        "oppose",
        "bystand",
    ]


def test_clashing_key_is_refused_and_nothing_changes(store: Database) -> None:
    """Giving Follow the key Move already has names Move and leaves Follow's key alone."""
    follow = code(store, "kantor-four-player", "follow")
    with pytest.raises(KeyClashError) as caught:
        set_code_key(store, code_id=follow.id, key="M")
    assert "“Move”" in str(caught.value)
    assert "“Follow”" in str(caught.value)
    assert stored_key(store, follow.id) == "f"


@pytest.mark.parametrize("key", ["ab", "!", "", " ", "é"])
def test_key_that_cannot_be_a_capture_key_is_refused(store: Database, key: str) -> None:
    """A key that is not one letter or digit is refused and the old key stays."""
    follow = code(store, "kantor-four-player", "follow")
    with pytest.raises(KeyClashError, match="cannot be a capture key"):
        set_code_key(store, code_id=follow.id, key=key)
    assert stored_key(store, follow.id) == "f"


def test_free_key_is_accepted_and_stored_lower_case(store: Database) -> None:
    """A key no other code of the scheme uses is saved in lower case."""
    follow = code(store, "kantor-four-player", "follow")
    changes = set_code_key(store, code_id=follow.id, key="Z")
    assert changes.schemes and not changes.observations
    assert stored_key(store, follow.id) == "z"
    assert code(store, "kantor-four-player", "follow").key == "z"


def test_key_used_in_another_scheme_is_free(store: Database) -> None:
    """Keys only need to differ inside one scheme: Bales' “s” can go on Kantor's Follow."""
    assert code(store, "bales-ipa", "shows-solidarity").key == "s"
    follow = code(store, "kantor-four-player", "follow")
    set_code_key(store, code_id=follow.id, key="s")
    assert stored_key(store, follow.id) == "s"


def test_code_may_keep_its_own_key(store: Database) -> None:
    """Setting a code's key to the one it has is not a clash with itself."""
    move = code(store, "kantor-four-player", "move")
    set_code_key(store, code_id=move.id, key="m")
    assert stored_key(store, move.id) == "m"


def test_swapping_keys_takes_a_free_key_in_between(store: Database) -> None:
    """Keys can be swapped through a spare key without ever sharing one."""
    move = code(store, "kantor-four-player", "move")
    follow = code(store, "kantor-four-player", "follow")
    set_code_key(store, code_id=move.id, key="9")
    set_code_key(store, code_id=follow.id, key="m")
    set_code_key(store, code_id=move.id, key="f")
    assert (stored_key(store, move.id), stored_key(store, follow.id)) == ("f", "m")


def test_missing_code_is_reported(store: Database) -> None:
    """Changing the key of a code that no longer exists raises NotFoundError."""
    with pytest.raises(NotFoundError):
        set_code_key(store, code_id=987654, key="z")
