"""Opening the store: for the window, for reading beside it, and checking it, in any folder."""

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from facilitator.domain.errors import DatabaseTooNewError, DataFolderError
from facilitator.services.programmes import list_programmes
from facilitator.services.schemes import list_schemes
from facilitator.services.store import (
    check_data_folder,
    integrity_problems,
    open_store,
    open_store_for_reading,
)
from facilitator.storage.database import Database, read_schema_revision
from facilitator.storage.location import BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.schema_version import HEAD
from tests.bad_input import set_schema_revision
from tests.conftest import TODAY, UNUSUAL_FOLDER_NAMES
from tests.old_files import OLDER_REVISIONS, USERS_PROGRAMME_TITLE, make_older_file


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=UNUSUAL_FOLDER_NAMES)
def unusual_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A data folder, not yet made, whose name is URL syntax or needs escaping."""
    parent = tmp_path / "parent"
    parent.mkdir()
    return parent / request.param


def test_new_store_is_made_inside_an_unusually_named_folder(unusual_folder: Path) -> None:
    """The file lands in the named folder, private, and nothing appears beside that folder."""
    db = open_store(unusual_folder, today=TODAY)
    try:
        assert db.path == unusual_folder / DATABASE_NAME
        assert [p.title for p in list_programmes(db) if p.is_sample]
    finally:
        db.close()
    assert [p.name for p in unusual_folder.parent.iterdir()] == [unusual_folder.name]
    assert mode_of(unusual_folder) == 0o700
    assert mode_of(unusual_folder / DATABASE_NAME) == 0o600
    assert read_schema_revision(unusual_folder / DATABASE_NAME) == HEAD


def test_unusually_named_folder_can_be_read_and_checked(unusual_folder: Path) -> None:
    """Reading and checking find the same file, through the read-only URI, and add nothing."""
    db = open_store(unusual_folder, today=TODAY)
    db.close()
    files_before = {p.name for p in unusual_folder.iterdir()}
    reader = open_store_for_reading(unusual_folder)
    try:
        (programme,) = list_programmes(reader)
        assert programme.is_sample
    finally:
        reader.close()
    assert check_data_folder(unusual_folder) == (unusual_folder / DATABASE_NAME, [])
    new_files = {p.name for p in unusual_folder.iterdir()} - files_before
    assert new_files <= {f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"}
    assert [p.name for p in unusual_folder.parent.iterdir()] == [unusual_folder.name]


def test_older_file_in_an_unusually_named_folder_is_backed_up_then_upgraded(
    unusual_folder: Path,
) -> None:
    """The backup before an upgrade is taken of the right file, into that folder's backups."""
    revision = OLDER_REVISIONS[-1]
    path = make_older_file(unusual_folder, revision)
    db = open_store(unusual_folder, today=TODAY)
    try:
        assert [p.title for p in list_programmes(db)] == [USERS_PROGRAMME_TITLE]
    finally:
        db.close()
    (backup,) = (unusual_folder / BACKUPS_DIR_NAME).iterdir()
    assert revision in backup.name
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (revision,)
        ]
        assert connection.execute("SELECT title FROM programme").fetchall() == [
            (USERS_PROGRAMME_TITLE,)
        ]
    assert read_schema_revision(path) == HEAD
    assert [p.name for p in unusual_folder.parent.iterdir()] == [unusual_folder.name]


def test_newer_file_in_an_unusually_named_folder_is_refused_untouched(
    unusual_folder: Path, template_data_dir: Path
) -> None:
    """A file from a newer app is refused for the window and for reading, byte for byte kept."""
    unusual_folder.mkdir(mode=0o700)
    path = unusual_folder / DATABASE_NAME
    path.write_bytes((template_data_dir / DATABASE_NAME).read_bytes())
    set_schema_revision(path, "9999_future")
    before = path.read_bytes()
    for opener in (open_store, open_store_for_reading):
        with pytest.raises(DatabaseTooNewError) as caught:
            opener(unusual_folder)
        assert str(path) in str(caught.value)
        assert path.read_bytes() == before
    assert not (unusual_folder / BACKUPS_DIR_NAME).exists()


def test_integrity_problems_checks_the_open_store(store: Database) -> None:
    """The check on an open store finds a healthy file healthy, without closing it."""
    assert integrity_problems(store) == []
    assert list_schemes(store), "the store is still open and usable after the check"


def test_checking_a_folder_with_no_database_creates_nothing(tmp_path: Path) -> None:
    """check_data_folder refuses a folder without a database and never makes one."""
    with pytest.raises(DataFolderError):
        check_data_folder(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()
