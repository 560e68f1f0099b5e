"""Data folders holding each kind of bad input, shared by the storage and command-line tests.

Each maker receives a healthy data folder (a copy of the template database) and spoils it, or
points somewhere unusable, and says which file must come through unchanged.
"""

import random
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from facilitator.domain.errors import (
    DatabaseTooNewError,
    DatabaseUnreadableError,
    DataFolderError,
    FacilitatorError,
)
from facilitator.storage.location import DATABASE_NAME

PAGE_SIZE = 4096


@dataclass(frozen=True)
class BadCase:
    """A data folder that must be refused, and what the refusal must look like."""

    data_dir: Path
    watched: Path  # the file that must stay byte-for-byte the same
    error: type[FacilitatorError]
    names: Path  # the path the message must name
    advice: str  # words from the message telling the user what to do
    # A damaged file: read-only commands leave it where it is, but the app's own (writable)
    # open moves it into aside/ and raises DatabaseDamagedError.
    damaged: bool = False


def _parent_is_a_file(healthy: Path, tmp_path: Path) -> BadCase:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("A file where a folder should be.\n", encoding="utf-8")
    data_dir = blocker / "data"
    return BadCase(data_dir, blocker, DataFolderError, data_dir, "Choose another data folder")


def _folder_is_a_file(healthy: Path, tmp_path: Path) -> BadCase:
    blocker = tmp_path / "data-file"
    blocker.write_text("Not a folder at all.\n", encoding="utf-8")
    return BadCase(blocker, blocker, DataFolderError, blocker, "Choose another data folder")


def _random_bytes(healthy: Path, tmp_path: Path) -> BadCase:
    path = healthy / DATABASE_NAME
    path.write_bytes(random.Random(2026).randbytes(16 * 1024))
    return BadCase(
        healthy, path, DatabaseUnreadableError, path, "Choose another data folder", damaged=True
    )


def _text_file(healthy: Path, tmp_path: Path) -> BadCase:
    path = healthy / DATABASE_NAME
    path.write_text("Minutes of the partnership board, 3 March.\n" * 200, encoding="utf-8")
    return BadCase(
        healthy, path, DatabaseUnreadableError, path, "Choose another data folder", damaged=True
    )


def damage_pages(path: Path, *, first: int = 10, last: int = 20) -> None:
    """Overwrite whole pages in the middle of an SQLite file with junk."""
    data = bytearray(path.read_bytes())
    assert len(data) > last * PAGE_SIZE, "the database is too small to damage in the middle"
    data[first * PAGE_SIZE : last * PAGE_SIZE] = b"\xab" * ((last - first) * PAGE_SIZE)
    path.write_bytes(bytes(data))


def _damaged(healthy: Path, tmp_path: Path) -> BadCase:
    path = healthy / DATABASE_NAME
    damage_pages(path)
    return BadCase(
        healthy, path, DatabaseUnreadableError, path, "Choose another data folder", damaged=True
    )


def _not_ours(healthy: Path, tmp_path: Path) -> BadCase:
    path = healthy / DATABASE_NAME
    path.unlink()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE recipe (name TEXT, serves INTEGER)")
        connection.execute("INSERT INTO recipe VALUES ('Bara brith', 8)")
        connection.commit()
    return BadCase(healthy, path, DatabaseUnreadableError, path, "Move it elsewhere")


def _too_new(healthy: Path, tmp_path: Path) -> BadCase:
    path = healthy / DATABASE_NAME
    set_schema_revision(path, "9999_future")
    return BadCase(healthy, path, DatabaseTooNewError, path, "Install the newer version")


def set_schema_revision(path: Path, revision: str) -> None:
    """Write `revision` into a database's alembic_version table, as another app version would."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.commit()


BAD_CASES: dict[str, Callable[[Path, Path], BadCase]] = {
    "parent-is-a-file": _parent_is_a_file,
    "folder-is-a-file": _folder_is_a_file,
    "random-bytes": _random_bytes,
    "text-file": _text_file,
    "damaged": _damaged,
    "not-ours": _not_ours,
    "too-new": _too_new,
}


def make_bad_case(name: str, *, healthy: Path, tmp_path: Path) -> BadCase:
    """Build the named bad case from a healthy data folder."""
    return BAD_CASES[name](healthy, tmp_path)
