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
from facilitator.domain.errors import (
    DatabaseDamagedError,
    DatabaseInUseError,
    DatabaseTooOldError,
    DatabaseUnreadableError,
    DataFolderError,
    FacilitatorError,
)
from facilitator.storage.backup import backup_database
from facilitator.storage.database import (
    BUSY_TIMEOUT_MS,
    Database,
    integrity_problems,
    open_database,
    read_only_uri,
    read_schema_revision,
)
from facilitator.storage.location import (
    ASIDE_DIR_NAME,
    BACKUPS_DIR_NAME,
    DATABASE_NAME,
    resolve_data_dir,
)
from facilitator.storage.schema_version import HEAD
from facilitator.storage.tables import ObservationRow, OrganisationRow, ProgrammeRow
from tests.bad_input import BAD_CASES, damage_pages, make_bad_case
from tests.old_files import OLDER_REVISIONS, make_older_file

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
    """The full check finds nothing wrong with a fresh store, even while it is open."""
    assert integrity_problems(store.path) == []


def test_integrity_check_reports_dangling_references(data_dir: Path) -> None:
    """A row whose parent is missing is reported by the foreign-key check."""
    path = data_dir / DATABASE_NAME
    with closing(sqlite3.connect(path)) as connection:
        # A plain connection has foreign keys off, as another tool editing the file might.
        orphan_id = connection.execute(
            "INSERT INTO organisation (programme_id, name, sector, uuid) "
            "VALUES (424242, 'Orphan', 'other', 'orphan-uuid')"
        ).lastrowid
        connection.commit()
    assert integrity_problems(path) == [
        f"organisation row {orphan_id} points at a missing programme row"
    ]


def test_integrity_check_lists_the_damage_in_a_damaged_file(data_dir: Path) -> None:
    """A file that is SQLite but damaged gives a list of problems, and is left as it is."""
    path = data_dir / DATABASE_NAME
    damage_pages(path)
    before = path.read_bytes()
    problems = integrity_problems(path)
    assert problems
    assert any("malformed" in problem for problem in problems)
    assert path.read_bytes() == before


@pytest.mark.parametrize("case_name", ["random-bytes", "text-file"])
def test_integrity_check_refuses_a_file_that_is_not_sqlite(
    case_name: str, data_dir: Path, tmp_path: Path
) -> None:
    """A file that is not SQLite at all cannot be checked: it is refused, not reported on."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    before = case.watched.read_bytes()
    with pytest.raises(DatabaseUnreadableError) as caught:
        integrity_problems(case.watched)
    assert str(case.watched) in str(caught.value)
    assert case.watched.read_bytes() == before


def test_integrity_check_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    """Checking a folder with no database says so and makes neither folder nor file."""
    path = tmp_path / "nowhere" / DATABASE_NAME
    with pytest.raises(DataFolderError) as caught:
        integrity_problems(path)
    assert str(path) in str(caught.value)
    assert not path.parent.exists()


def test_integrity_check_takes_no_lock_and_writes_nothing(data_dir: Path) -> None:
    """The check runs beside a window holding the folder and leaves no file of its own."""
    holder = open_database(data_dir)
    try:
        files_before = sorted(p.name for p in data_dir.iterdir())
        before = holder.path.read_bytes()
        assert integrity_problems(holder.path) == []
        assert sorted(p.name for p in data_dir.iterdir()) == files_before
        assert holder.path.read_bytes() == before
    finally:
        holder.close()


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


# Damaged files are moved aside by the app's open (see below); the rest are left alone.
DAMAGED_CASES = ("damaged", "random-bytes", "text-file")
OTHER_BAD_CASES = sorted(set(BAD_CASES) - set(DAMAGED_CASES))


@pytest.mark.parametrize("case_name", OTHER_BAD_CASES)
def test_bad_input_is_refused_clearly_and_left_unchanged(
    case_name: str, data_dir: Path, tmp_path: Path
) -> None:
    """Each bad input gets its own error naming the path and the remedy, and changes nothing."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    assert not case.damaged
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


@pytest.mark.parametrize("case_name", DAMAGED_CASES)
def test_a_damaged_file_is_moved_aside_whole_and_the_error_says_where(
    case_name: str, data_dir: Path, tmp_path: Path
) -> None:
    """The app's open moves a damaged file into a private aside/ folder, byte for byte, and
    says where it went; nothing is deleted and no database is left in its place."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    assert case.damaged
    before = case.watched.read_bytes()
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(case.data_dir)
    error = caught.value
    assert error.moved_to.parent == data_dir / ASIDE_DIR_NAME
    assert error.moved_to.name.startswith("facilitator-damaged-")
    assert error.moved_to.read_bytes() == before
    assert mode_of(error.moved_to.parent) == 0o700
    assert mode_of(error.moved_to) == 0o600
    assert not case.watched.exists()
    assert error.backup is None
    message = str(error)
    assert str(case.watched) in message and str(error.moved_to) in message
    assert "it has not been deleted" in message
    assert "There is no good backup to restore" in message
    open_database(data_dir).close()  # the folder was released; a new file can be made


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
    db = open_database(data_dir)
    db.close()
    assert read_schema_revision(path) == HEAD


def test_damaged_file_message_names_the_newest_good_backup(data_dir: Path) -> None:
    """With backups beside a damaged file, a reader's refusal names the newest good one and
    how to restore it, skipping a newer backup that is itself damaged."""
    path = data_dir / DATABASE_NAME
    good = backup_database(path, reason="daily")
    broken = backup_database(path, reason="on-close")
    damage_pages(broken, first=2, last=4)
    damage_pages(path)
    with pytest.raises(DatabaseUnreadableError) as caught:
        open_database(data_dir, read_only=True)
    message = str(caught.value)
    assert f"The newest good backup is {good}" in message
    assert f"facilitator restore {good.name}" in message
    assert str(broken) not in message
    assert path.exists(), "a reader never moves the file"


def test_a_damaged_file_offers_the_newest_good_backup(data_dir: Path) -> None:
    """The app's open of a damaged file offers the newest backup that passes its check."""
    path = data_dir / DATABASE_NAME
    good = backup_database(path, reason="daily")
    broken = backup_database(path, reason="on-close")
    damage_pages(broken, first=2, last=4)
    damage_pages(path)
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(data_dir)
    assert caught.value.backup is not None
    assert caught.value.backup.path == good
    assert "The newest good backup is from" in str(caught.value)


def test_a_damaged_file_moves_aside_with_its_journal_files(data_dir: Path) -> None:
    """The -wal and -shm files go with the damaged file, named to pair with it."""
    path = data_dir / DATABASE_NAME
    damage_pages(path)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).write_bytes(b"journal " + suffix.encode())
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(data_dir)
    moved = caught.value.moved_to
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists()
        assert moved.with_name(moved.name + suffix).exists()
    # SQLite rebuilds a shared-memory file as it reads; the log of changes it leaves alone.
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"journal -wal"


def test_read_only_uri_keeps_every_character_of_the_path(tmp_path: Path) -> None:
    """Folder names that look like URL syntax or need escaping still name the same file."""
    folder = tmp_path / "Cohort #2 Why? Team%41 Café"
    folder.mkdir()
    path = folder / DATABASE_NAME
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE marker (value TEXT)")
        connection.execute("INSERT INTO marker VALUES ('the right file')")
        connection.commit()
    uri = read_only_uri(path)
    assert uri.startswith("file:") and uri.endswith("?mode=ro")
    assert uri.count("?") == 1 and "#" not in uri and " " not in uri
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        assert connection.execute("SELECT value FROM marker").fetchall() == [("the right file",)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("INSERT INTO marker VALUES ('written')")
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


def test_read_only_open_works_beside_a_window_and_sees_its_work(data_dir: Path) -> None:
    """While a writable open holds the folder, a read-only open reads its committed rows."""
    holder = open_database(data_dir)
    try:
        with holder.transaction() as session:
            session.add(ProgrammeRow(title="Saved by the window"))
        reader = open_database(data_dir, read_only=True)
        try:
            assert programme_count(reader, "Saved by the window") == 1
            assert reader.pragma("foreign_keys") == 1
            assert reader.pragma("journal_mode") == "wal"
        finally:
            reader.close()
        with holder.transaction() as session:
            session.add(ProgrammeRow(title="Still writable after the reader"))
    finally:
        holder.close()


def test_read_only_open_reads_a_current_file_in_rollback_journal_mode(data_dir: Path) -> None:
    """A current file another tool left in rollback-journal mode can still be read, unchanged."""
    path = data_dir / DATABASE_NAME
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    before = path.read_bytes()
    reader = open_database(data_dir, read_only=True)
    try:
        assert programme_count(reader, "Nobody's programme") == 0
    finally:
        reader.close()
    assert path.read_bytes() == before


def test_read_only_open_never_writes(data_dir: Path) -> None:
    """A write through a read-only open fails, and the file keeps what it had."""
    reader = open_database(data_dir, read_only=True)
    try:
        with pytest.raises(FacilitatorError), reader.transaction() as session:
            session.add(ProgrammeRow(title="Must not be saved"))
    finally:
        reader.close()
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        saved = connection.execute(
            "SELECT count(*) FROM programme WHERE title = 'Must not be saved'"
        ).fetchone()
    assert saved == (0,)


def test_read_only_open_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    """With no database there, a read-only open says so and makes no folder, file or lock."""
    for data_dir in (tmp_path / "never-made", tmp_path / "empty"):
        if data_dir.name == "empty":
            data_dir.mkdir()
        with pytest.raises(DataFolderError) as caught:
            open_database(data_dir, read_only=True)
        assert str(data_dir / DATABASE_NAME) in str(caught.value)
    assert not (tmp_path / "never-made").exists()
    assert list((tmp_path / "empty").iterdir()) == []


def test_read_only_open_refuses_an_older_file_without_upgrading_it(tmp_path: Path) -> None:
    """An older file is not upgraded by a reader: the message says to open it in the app once."""
    path = make_older_file(tmp_path / "old", OLDER_REVISIONS[-1])
    before = path.read_bytes()
    with pytest.raises(DatabaseTooOldError) as caught:
        open_database(tmp_path / "old", read_only=True)
    message = str(caught.value)
    assert str(path) in message
    assert "older version" in message
    assert "Open it in the app once" in message
    assert path.read_bytes() == before
    assert read_schema_revision(path) == OLDER_REVISIONS[-1]
    assert not (tmp_path / "old" / BACKUPS_DIR_NAME).exists()


# A reader's refusal of a missing folder or file names the file rather than --data-dir (the
# command line adds that hint on a line of its own).
READ_ONLY_ADVICE = {DataFolderError: "check the folder's name"}


@pytest.mark.parametrize("case_name", sorted(BAD_CASES))
def test_read_only_open_refuses_bad_input_and_leaves_no_trace(
    case_name: str, data_dir: Path, tmp_path: Path
) -> None:
    """A reader refuses each bad input as a writer does, without a lock, backup or change."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    before = case.watched.read_bytes()
    files_before = set(case.data_dir.iterdir()) if case.data_dir.is_dir() else set()
    with pytest.raises(FacilitatorError) as caught:
        open_database(case.data_dir, read_only=True)
    assert type(caught.value) is case.error
    assert str(case.names) in str(caught.value)
    assert READ_ONLY_ADVICE.get(case.error, case.advice) in str(caught.value)
    assert case.watched.read_bytes() == before
    if case.data_dir.is_dir():
        new_files = {path.name for path in set(case.data_dir.iterdir()) - files_before}
        assert new_files <= {f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"}


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
