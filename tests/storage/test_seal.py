"""A file closed cleanly opens without a full check; anything else is checked in full."""

import shutil
from pathlib import Path

import pytest

from facilitator.domain.errors import DatabaseDamagedError
from facilitator.storage import database
from facilitator.storage.database import open_database
from facilitator.storage.location import DATABASE_NAME
from facilitator.storage.schema_version import HEAD
from facilitator.storage.seal import SEAL_SUFFIX, sealed_revision
from tests.bad_input import damage_pages


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full check the open makes."""
    made: list[Path] = []
    examine = database.examine

    def counted(path: Path):  # type: ignore[no-untyped-def]
        made.append(path)
        return examine(path)

    monkeypatch.setattr(database, "examine", counted)
    return made


def seal_of(data_dir: Path) -> Path:
    return data_dir / (DATABASE_NAME + SEAL_SUFFIX)


def test_a_clean_close_seals_the_file_and_the_next_open_trusts_it(
    data_dir: Path, checks: list[Path]
) -> None:
    open_database(data_dir).close()
    assert checks == [data_dir / DATABASE_NAME], "a copied-in file is checked"
    assert sealed_revision(data_dir / DATABASE_NAME) == HEAD
    assert seal_of(data_dir).stat().st_mode & 0o777 == 0o600
    db = open_database(data_dir)
    assert len(checks) == 1, "the sealed file opened without a second check"
    assert not seal_of(data_dir).exists(), "an open file carries no seal: a crash finds none"
    db.close()
    assert seal_of(data_dir).exists()


def test_a_file_left_open_by_a_crash_is_checked(data_dir: Path, checks: list[Path]) -> None:
    db = open_database(data_dir)
    db.engine.dispose()  # as a crash would leave it: connections gone, nothing sealed
    db._lock.release()  # type: ignore[union-attr]
    open_database(data_dir).close()
    assert len(checks) == 2


def test_a_sealed_file_damaged_afterwards_is_still_caught(data_dir: Path) -> None:
    open_database(data_dir).close()
    damage_pages(data_dir / DATABASE_NAME)
    with pytest.raises(DatabaseDamagedError):
        open_database(data_dir)


def test_a_file_put_in_place_of_the_sealed_one_is_checked(
    data_dir: Path, tmp_path: Path, checks: list[Path]
) -> None:
    """A restore or a copy from elsewhere is another file, even of the same size and time."""
    open_database(data_dir).close()
    path = data_dir / DATABASE_NAME
    copy = tmp_path / "copy.sqlite3"
    shutil.copy2(path, copy)
    path.unlink()
    shutil.copy2(copy, path)  # same bytes, size and modification time; another inode
    open_database(data_dir).close()
    assert len(checks) == 2


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"revision": 7}', '{"revision": "0009_room"}']
)
def test_a_seal_that_does_not_match_is_ignored(
    data_dir: Path, checks: list[Path], text: str
) -> None:
    open_database(data_dir).close()
    seal_of(data_dir).write_text(text, encoding="utf-8")
    assert sealed_revision(data_dir / DATABASE_NAME) is None
    open_database(data_dir).close()
    assert len(checks) == 2


def test_a_read_only_look_uses_the_seal_and_leaves_it(data_dir: Path, checks: list[Path]) -> None:
    open_database(data_dir).close()
    open_database(data_dir, read_only=True).close()
    assert len(checks) == 1
    assert seal_of(data_dir).exists()


def test_a_file_that_gave_an_error_is_not_sealed(data_dir: Path, checks: list[Path]) -> None:
    """An error from SQLite while the file was open casts doubt on it: the next open checks."""
    from sqlalchemy import text

    db = open_database(data_dir)
    with pytest.raises(Exception), db.reading() as session:  # noqa: B017
        session.execute(text("SELECT * FROM no_such_table"))
    db.close()
    assert not seal_of(data_dir).exists()


def test_a_file_distrusted_is_not_sealed(data_dir: Path) -> None:
    db = open_database(data_dir)
    db.distrust()  # as when the closing backup's copy failed its check
    db.close()
    assert not seal_of(data_dir).exists()


def test_windows_never_seals(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """There the change time is the creation time and a copied-over file keeps its id."""
    from facilitator.storage import seal

    open_database(data_dir).close()
    monkeypatch.setattr(seal.os, "name", "nt")
    assert sealed_revision(data_dir / DATABASE_NAME) is None
