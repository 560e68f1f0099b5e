"""Storage failures (a full disk, a file locked elsewhere) give clear messages, lose nothing."""

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, select

from facilitator.domain.errors import DatabaseInUseError, DataFolderError, DiskFullError
from facilitator.services import programmes
from facilitator.storage import database as database_module
from facilitator.storage.database import open_database
from facilitator.storage.failures import explain
from facilitator.storage.tables import ProgrammeRow


def test_a_full_disk_rolls_back_the_change_and_says_so(data_dir: Path) -> None:
    """When the file cannot grow, the transaction fails with DiskFullError and nothing changes."""
    db = open_database(data_dir)
    try:
        before = programmes.list_programmes(db)
        db.engine.dispose()

        @event.listens_for(db.engine, "connect")
        def no_room_to_grow(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        with pytest.raises(DiskFullError) as raised, db.transaction() as session:
            session.add(ProgrammeRow(title="Too big", notes="x" * 2_000_000))
        assert "no space left" in str(raised.value)
        assert str(db.path) in str(raised.value)

        event.remove(db.engine, "connect", no_room_to_grow)
        db.engine.dispose()
        assert programmes.list_programmes(db) == before
        with db.reading() as session:
            assert (
                session.scalar(select(ProgrammeRow).where(ProgrammeRow.title == "Too big")) is None
            )
    finally:
        db.close()


def test_a_file_locked_by_another_program_is_reported_as_busy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write while another program holds an exclusive lock ends in DatabaseInUseError."""
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    db = open_database(data_dir)
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseInUseError) as raised, db.transaction() as session:
            session.add(ProgrammeRow(title="Blocked"))
        assert "another program" in str(raised.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.close()


def test_explain_recognises_the_known_failures(tmp_path: Path) -> None:
    """Known driver and OS failures map to user errors; anything else is left alone."""
    path = tmp_path / "facilitator.sqlite3"
    assert isinstance(
        explain(OSError(errno.ENOSPC, "No space left on device"), path), DiskFullError
    )
    assert isinstance(
        explain(sqlite3.OperationalError("database or disk is full"), path), DiskFullError
    )
    assert isinstance(
        explain(sqlite3.OperationalError("database is locked"), path), DatabaseInUseError
    )
    assert isinstance(
        explain(sqlite3.OperationalError("attempt to write a readonly database"), path),
        DataFolderError,
    )
    assert explain(sqlite3.OperationalError("no such table: x"), path) is None
    assert explain(ValueError("something else"), path) is None
