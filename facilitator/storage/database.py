"""The database file: opening it safely, its connection settings and its transactions."""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import URL, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from facilitator.domain.backups import describe_moment
from facilitator.domain.errors import (
    DatabaseDamagedError,
    DatabaseTooNewError,
    DatabaseTooOldError,
    DatabaseUnreadableError,
    DataFolderError,
)
from facilitator.storage.backup import backup_database, newest_good_backup
from facilitator.storage.failures import explain
from facilitator.storage.health import Examined, Health, examine, read_only_uri, table_names
from facilitator.storage.location import (
    DATABASE_NAME,
    ensure_private_dir,
    ensure_private_file,
)
from facilitator.storage.lock import InstanceLock
from facilitator.storage.restore import set_aside
from facilitator.storage.schema_version import HEAD
from facilitator.storage.seal import break_seal, sealed_revision, write_seal

BUSY_TIMEOUT_MS = 5000
_READ_ONLY = "facilitator_read_only"
_STORAGE_ERRORS = (OperationalError, sqlite3.OperationalError, OSError)
# Errors that say something may be wrong with the file itself ("malformed", I/O errors).
_FILE_ERRORS = (DBAPIError, sqlite3.DatabaseError, OSError)


def _configure_connection(
    dbapi_connection: sqlite3.Connection, _record: object, *, read_only: bool = False
) -> None:
    # Hand transaction control to SQLAlchemy's "begin" event below: the driver's legacy
    # mode would otherwise skip BEGIN and leave statements outside any transaction.
    dbapi_connection.isolation_level = None
    with closing(dbapi_connection.cursor()) as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:  # a reader must not change the journal mode: that is a write
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")


def _begin(connection: Connection) -> None:
    # Writers take the write lock at BEGIN, so two writers queue on busy_timeout instead of
    # failing half-way through a transaction.
    read_only = connection.get_execution_options().get(_READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """Return an engine whose every connection has the app's pragmas and explicit BEGIN.

    The URL is built from parts, so a folder called "Cohort #2" or "Why?" is a folder name and
    never read as URL syntax.
    """
    if read_only:
        url = URL.create("sqlite", database=read_only_uri(path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, hide_parameters=True)
    event.listen(engine, "connect", partial(_configure_connection, read_only=read_only))
    event.listen(engine, "begin", _begin)
    return engine


def read_schema_revision(path: Path) -> str | None:
    """Check the file read-only and return its schema revision (None for a new, empty file).

    Raise DatabaseUnreadableError if it is not an SQLite database or is damaged, and
    DatabaseTooNewError if a newer version of the app wrote it. The file is never changed.
    """
    return _revision_of(path, examine(path))


def _revision_of(path: Path, found: Examined) -> str | None:
    if found.health is Health.DAMAGED:
        raise DatabaseUnreadableError(_damaged_message(path))
    if found.health is Health.NOT_OURS:
        raise DatabaseUnreadableError(_not_ours_message(path))
    if found.too_new:
        raise DatabaseTooNewError(
            f"{path} was saved by a newer version of Facilitator (schema {found.revision}). "
            "It has been left untouched. Install the newer version to open it."
        )
    return found.revision


def _make_sidecars_private(path: Path) -> None:
    # The read-only check of a WAL file creates its -wal and -shm files with the file's old
    # mode (a file copied in from elsewhere may be 0644); SQLite keeps using them as they are.
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.chmod(sidecar, 0o600)


def _damaged_message(path: Path) -> str:
    backup = newest_good_backup(path.parent)
    advice = (
        f"The newest good backup is {backup.path}, from {describe_moment(backup.made_at)}: "
        f"restore it with “facilitator restore {backup.name}”, or open the app, which offers "
        "to restore it."
        if backup is not None
        else "Choose another data folder, or restore the file from your own backup."
    )
    return (
        f"{path} is not a Facilitator database, or it is damaged. It has been left as it is. "
        f"{advice}"
    )


def _set_aside_damaged(path: Path) -> DatabaseUnreadableError:
    """Move a damaged file out of the way (keeping it) and describe what to do next."""
    try:
        moved_to = set_aside(path, why="damaged")
    except OSError:  # it cannot be moved: leave it, and say so
        return DatabaseUnreadableError(_damaged_message(path))
    assert moved_to is not None
    backup = newest_good_backup(path.parent)
    if backup is not None:
        advice = (
            f"The newest good backup is from {describe_moment(backup.made_at)}. Restore it to "
            "carry on from there: anything saved after it is only in the damaged file."
        )
    else:
        advice = (
            "There is no good backup to restore. Start with a new file, or choose another "
            "data folder; keep the damaged file, in case it can be repaired."
        )
    return DatabaseDamagedError(
        f"The database file {path} is damaged, so Facilitator has moved it aside (it has not "
        f"been deleted) to:\n{moved_to}\n\n{advice}",
        moved_to=moved_to,
        backup=backup,
    )


class Database:
    """An open database file; a writable one holds the instance lock on its folder."""

    def __init__(self, *, path: Path, engine: Engine, lock: InstanceLock | None) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._read_engine = engine.execution_options(**{_READ_ONLY: True})
        self._closed = False
        self._sealable = True  # no error has cast doubt on the file since it was opened

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Run one user action: commit on success (on disk when this returns), else roll back.

        A full disk, a file locked by another program or a read-only file raises a
        FacilitatorError saying so; the transaction is rolled back and nothing is lost.
        """
        self._refuse_if_closed()
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except _FILE_ERRORS as error:
            self.distrust()
            if isinstance(error, _STORAGE_ERRORS):
                raise explain(error, self.path) or error from None
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Read a consistent view without taking the write lock."""
        self._refuse_if_closed()
        try:
            with Session(self._read_engine) as session, session.begin():
                yield session
        except _FILE_ERRORS as error:
            self.distrust()
            if isinstance(error, _STORAGE_ERRORS):
                raise explain(error, self.path) or error from None
            raise

    def pragma(self, name: str) -> Any:
        """Return the value of one PRAGMA on a pooled connection (for checks and tests)."""
        with self._read_engine.connect() as connection:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    def _refuse_if_closed(self) -> None:
        # A handle kept past close() must never write to whatever file is there now (a
        # restored backup, say) without holding the folder's lock.
        if self._closed:
            raise DataFolderError(
                f"{self.path} was closed (a backup may have been restored in its place). "
                "Close this window and open the data again."
            )

    def distrust(self) -> None:
        """Have the next open check the whole file: something went wrong with it (an error
        from SQLite or the disk, or a backup of it that failed)."""
        self._sealable = False

    def close(self) -> None:
        """Close every connection and release the folder; the handle cannot be used again.

        A writable file closed cleanly, with nothing casting doubt on it meanwhile, is
        sealed, so the next open need not check every page (see `seal`).
        """
        was_open = not self._closed
        self._closed = True
        self.engine.dispose()
        if self._lock is not None:
            if was_open and self._sealable:
                write_seal(self.path, HEAD)
            self._lock.release()
            self._lock = None


def integrity_problems(path: Path) -> list[str]:
    """Run SQLite's full integrity check and foreign-key check on `path`, read-only.

    Works on a damaged file too (where it can be read at all), and on a file another window
    has open: it never writes and never takes the instance lock.
    """
    if not path.is_file():
        raise DataFolderError(_no_database_message(path))
    try:
        with closing(
            sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        ) as connection:
            tables = table_names(connection)
            if tables and "alembic_version" not in tables:
                raise DatabaseUnreadableError(_not_ours_message(path))
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points at a missing {parent} row")
    except sqlite3.DatabaseError as error:
        explained = explain(error, path)
        if explained is not None:
            raise explained from None
        if "not a database" in str(error):
            raise DatabaseUnreadableError(_damaged_message(path)) from None
        problems = [f"SQLite cannot read the whole file: {error}"]
    return problems


def _no_database_message(path: Path) -> str:
    return (
        f"There is no Facilitator database at {path}: the app makes one the first time it "
        "opens a folder. Choose another data folder, or check the folder's name."
    )


def _not_ours_message(path: Path) -> str:
    return (
        f"{path} is an SQLite database, but not one of Facilitator's. It has been left as it "
        "is. Move it elsewhere, or choose another data folder."
    )


def open_database(data_dir: Path, *, read_only: bool = False) -> Database:
    """Open (creating or upgrading as needed) the database in `data_dir`.

    Checks run before anything is written: the folder is private and writable, no other
    instance holds it, and the file is a healthy database from this version or an older one.
    Before an older file is upgraded a backup copy is taken.

    With `read_only`, nothing is created, upgraded or locked: the file must exist and be at
    this version's schema, and other windows may have it open.
    """
    if read_only:
        return _open_read_only(data_dir / DATABASE_NAME)
    ensure_private_dir(data_dir)
    instance_lock = InstanceLock(data_dir)
    instance_lock.acquire()
    try:
        path = data_dir / DATABASE_NAME
        sealed = sealed_revision(path)
        break_seal(path)  # from here the file may change: a crash must find no seal
        found = Examined(Health.HEALTHY, sealed) if sealed is not None else examine(path)
        if found.health is Health.DAMAGED:
            # Only a window's writable open moves the file: read-only commands leave it.
            raise _set_aside_damaged(path)
        revision = _revision_of(path, found)
        ensure_private_file(path)
        _make_sidecars_private(path)
        engine = make_engine(path)
        database = Database(path=path, engine=engine, lock=instance_lock)
        if revision != HEAD:
            from facilitator.storage.migrate import upgrade

            if revision is not None:
                backup_database(path, reason=f"before-upgrade-from-{revision}")
            upgrade(engine)
    except _STORAGE_ERRORS as error:
        instance_lock.release()
        raise explain(error, data_dir / DATABASE_NAME) or error from None
    except BaseException:
        instance_lock.release()
        raise
    return database


def _open_read_only(path: Path) -> Database:
    if not path.is_file() or path.stat().st_size == 0:
        raise DataFolderError(_no_database_message(path))
    revision = sealed_revision(path) or read_schema_revision(path)
    if revision != HEAD:
        raise DatabaseTooOldError(
            f"{path} was saved by an older version of Facilitator. Open it in the app once "
            "to bring it up to date (a backup is kept), then try again."
        )
    return Database(path=path, engine=make_engine(path, read_only=True), lock=None)
