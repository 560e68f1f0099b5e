"""The database file: connection settings, real transactions, privacy and refusing bad input."""

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from facilitator.domain.enums import Sector
from facilitator.domain.errors import DatabaseInUseError, DataFolderError, FacilitatorError
from facilitator.storage.database import (
    BUSY_TIMEOUT_MS,
    Database,
    open_database,
    read_schema_revision,
)
from facilitator.storage.location import BACKUPS_DIR_NAME, DATABASE_NAME, resolve_data_dir
from facilitator.storage.schema_version import HEAD
from facilitator.storage.tables import ObservationRow, OrganisationRow, ProgrammeRow
from tests.bad_input import BAD_CASES, damage_pages, make_bad_case

SYNCHRONOUS_FULL = 2


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def programme_count(db: Database, title: str) -> int:
    with db.reading() as session:
        return session.scalar(
            select(func.count()).select_from(ProgrammeRow).where(ProgrammeRow.title == title)
        )


@pytest.fixture
def other_connection(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """A second, plain SQLite connection to the same file that never waits for locks."""
    connection = sqlite3.connect(data_dir / DATABASE_NAME, timeout=0, isolation_level=None)
    yield connection
    connection.close()


def pragmas_of(connection: sqlite3.Connection) -> dict[str, object]:
    names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    return {name: connection.execute(f"PRAGMA {name}").fetchone()[0] for name in names}


def test_every_pooled_connection_has_the_pragmas(store: Database) -> None:
    """WAL, synchronous FULL, foreign keys and the busy timeout hold on each new connection."""
    checked_out = [store.engine.raw_connection() for _ in range(4)]
    try:
        drivers = [connection.driver_connection for connection in checked_out]
        assert len({id(driver) for driver in drivers}) == 4
        for driver in drivers:
            assert pragmas_of(driver) == {
                "journal_mode": "wal",
                "synchronous": SYNCHRONOUS_FULL,
                "foreign_keys": 1,
                "busy_timeout": BUSY_TIMEOUT_MS,
            }
    finally:
        for connection in checked_out:
            connection.close()
    assert BUSY_TIMEOUT_MS == 5000


def test_pragma_helper_reads_from_a_pooled_connection(store: Database) -> None:
    """Database.pragma reports the settings the app relies on."""
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("foreign_keys") == 1


def test_transaction_begins_before_the_first_statement(store: Database) -> None:
    """A transaction is open on the driver connection as soon as the session starts one."""
    with store.transaction() as session:
        driver = session.connection().connection.dbapi_connection
        assert driver.in_transaction


def test_transaction_takes_the_write_lock_at_begin(
    store: Database, other_connection: sqlite3.Connection
) -> None:
    """A writing transaction holds the write lock from BEGIN, so another writer must wait."""
    with store.transaction() as session:
        session.connection()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_connection.execute("BEGIN IMMEDIATE")
    other_connection.execute("BEGIN IMMEDIATE")
    other_connection.execute("ROLLBACK")


def test_reading_does_not_block_writers(
    store: Database, other_connection: sqlite3.Connection
) -> None:
    """A read-only view leaves the write lock free for others."""
    with store.reading() as session:
        session.scalar(select(func.count()).select_from(ProgrammeRow))
        other_connection.execute("BEGIN IMMEDIATE")
        other_connection.execute("ROLLBACK")


def test_committed_work_is_visible_to_another_connection_at_once(
    store: Database, other_connection: sqlite3.Connection
) -> None:
    """When the transaction block returns, the row is in the file for any reader."""
    with store.transaction() as session:
        session.add(ProgrammeRow(title="Committed at once"))
    row = other_connection.execute(
        "SELECT count(*) FROM programme WHERE title = 'Committed at once'"
    ).fetchone()
    assert row == (1,)


def test_failed_transaction_leaves_nothing_behind(store: Database) -> None:
    """An error inside a transaction rolls back everything written in it."""
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(ProgrammeRow(title="Half-done"))
        session.flush()
        raise RuntimeError("the user action failed part-way")
    assert programme_count(store, "Half-done") == 0


def test_foreign_key_violation_is_refused(store: Database) -> None:
    """A row pointing at a programme that does not exist is refused and nothing is kept."""
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.transaction() as session:
        session.add(ProgrammeRow(title="Kept only if the whole action succeeds"))
        session.add(OrganisationRow(programme_id=987654, name="Nowhere", sector=Sector.OTHER))
    assert programme_count(store, "Kept only if the whole action succeeds") == 0


def test_error_messages_never_quote_note_text(store: Database) -> None:
    """Parameters are hidden, so a refused write never puts a note into an error message."""
    secret = "Private remark about Zoë O'Brien-Nuñez"
    with pytest.raises(IntegrityError) as caught, store.transaction() as session:
        session.add(
            ObservationRow(
                session_id=987654,
                occurred_at=datetime.now(UTC),
                offset_seconds=1.0,
                note=secret,
            )
        )
    assert secret not in str(caught.value)


def test_integrity_check_passes_on_a_healthy_file(store: Database) -> None:
    """Both the full and the quick check find nothing wrong with a fresh store."""
    assert store.integrity_problems(full=True) == []
    assert store.integrity_problems(full=False) == []


def test_integrity_check_reports_dangling_references(data_dir: Path) -> None:
    """A row whose parent is missing is reported by the foreign-key check."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        # A plain connection has foreign keys off, as another tool editing the file might.
        orphan_id = connection.execute(
            "INSERT INTO organisation (programme_id, name, sector, uuid) "
            "VALUES (424242, 'Orphan', 'other', 'orphan-uuid')"
        ).lastrowid
        connection.commit()
    db = open_database(data_dir)
    try:
        problems = db.integrity_problems()
    finally:
        db.close()
    assert problems == [f"organisation row {orphan_id} points at a missing programme row"]


def test_new_data_folder_and_file_are_private(tmp_path: Path) -> None:
    """A new data folder is created 0700; the file, its -wal and -shm and the lock 0600."""
    data_dir = tmp_path / "nested" / "data"
    db = open_database(data_dir)
    try:
        with db.transaction() as session:
            session.add(ProgrammeRow(title="Makes the WAL hold something"))
        assert mode_of(data_dir) == 0o700
        path = data_dir / DATABASE_NAME
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
            assert (data_dir / name).exists(), f"{name} should exist while the file is open"
            assert mode_of(data_dir / name) == 0o600, name
        assert mode_of(data_dir / "facilitator.lock") == 0o600
        assert path.stat().st_size > 0
    finally:
        db.close()


def test_a_copied_in_file_is_made_private_with_its_journal_files(data_dir: Path) -> None:
    """A readable-by-all file copied into the folder is tightened, -wal and -shm included."""
    path = data_dir / DATABASE_NAME
    path.chmod(0o644)
    db = open_database(data_dir)
    try:
        with db.transaction() as session:
            session.add(ProgrammeRow(title="Written after the copy"))
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
            assert mode_of(data_dir / name) == 0o600, name
    finally:
        db.close()


def test_opening_a_current_file_takes_no_backup(data_dir: Path) -> None:
    """A file already at the newest schema opens without copying it."""
    assert read_schema_revision(data_dir / DATABASE_NAME) == HEAD
    open_database(data_dir).close()
    assert not (data_dir / BACKUPS_DIR_NAME).exists()


def test_damaged_file_fails_sqlites_own_check(data_dir: Path) -> None:
    """The damage used in these tests is real: SQLite's quick check rejects the file."""
    path = data_dir / DATABASE_NAME
    damage_pages(path)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        try:
            result = connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError:
            result = None
    assert result != [("ok",)]


@pytest.mark.parametrize("case_name", sorted(BAD_CASES))
def test_bad_input_is_refused_clearly_and_left_unchanged(
    case_name: str, data_dir: Path, tmp_path: Path
) -> None:
    """Each bad input gets its own error naming the path and the remedy, and changes nothing."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    before = case.watched.read_bytes()
    files_before = set(case.data_dir.iterdir()) if case.data_dir.is_dir() else set()
    with pytest.raises(FacilitatorError) as caught:
        open_database(case.data_dir)
    assert type(caught.value) is case.error
    message = str(caught.value)
    assert str(case.names) in message
    assert case.advice in message
    assert case.watched.read_bytes() == before
    if case.data_dir.is_dir():
        # Only the instance lock, and the empty journal files a read-only SQLite check of a
        # WAL file cannot avoid leaving, may appear; never a backup or anything else.
        new_files = {path.name for path in set(case.data_dir.iterdir()) - files_before}
        allowed = {"facilitator.lock", f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"}
        assert new_files <= allowed
        wal = case.data_dir / f"{DATABASE_NAME}-wal"
        assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("case_name", sorted(BAD_CASES))
def test_refusal_releases_the_folder(case_name: str, data_dir: Path, tmp_path: Path) -> None:
    """After a refusal the folder is not left locked: a repaired file then opens."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    with pytest.raises(case.error):
        open_database(case.data_dir)
    if case.error is DataFolderError:
        return  # nothing was locked: the folder could not even be made
    for leftover in case.data_dir.glob(f"{DATABASE_NAME}*"):
        leftover.unlink()
    open_database(case.data_dir).close()


def test_empty_file_is_treated_as_a_new_database(data_dir: Path) -> None:
    """A zero-byte file (as `touch` makes) is set up as a new database rather than refused."""
    path = data_dir / DATABASE_NAME
    path.write_bytes(b"")
    open_database(data_dir).close()
    assert read_schema_revision(path) == HEAD


def test_second_open_of_the_same_folder_is_refused_until_the_first_closes(
    data_dir: Path,
) -> None:
    """Only one instance may hold a data folder; closing it lets the next one in."""
    path = data_dir / DATABASE_NAME
    first = open_database(data_dir)
    try:
        before = path.read_bytes()
        with pytest.raises(DatabaseInUseError) as caught:
            open_database(data_dir)
        assert str(data_dir) in str(caught.value)
        assert "close it and try again" in str(caught.value)
        assert path.read_bytes() == before
    finally:
        first.close()
    second = open_database(data_dir)
    second.close()


def test_data_dir_choice_prefers_the_explicit_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--data-dir beats FACILITATOR_DATA_DIR, which beats the platform's folder."""
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert resolve_data_dir(None) == tmp_path / "from-env"
    monkeypatch.delenv("FACILITATOR_DATA_DIR")
    assert resolve_data_dir(None).name == "Facilitator"
