"""The database file: opening it safely, its connection settings and its transactions."""

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from facilitator.domain.errors import (
    DatabaseInUseError,
    DatabaseTooNewError,
    DatabaseUnreadableError,
)
from facilitator.storage.failures import explain
from facilitator.storage.location import DATABASE_NAME, ensure_private_dir, ensure_private_file
from facilitator.storage.lock import InstanceLock
from facilitator.storage.schema_version import HEAD, REVISIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_READ_ONLY = "facilitator_read_only"


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Hand transaction control to SQLAlchemy's "begin" event below: the driver's legacy
    # mode would otherwise skip BEGIN and leave statements outside any transaction.
    dbapi_connection.isolation_level = None
    with closing(dbapi_connection.cursor()) as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")


def _begin(connection: Connection) -> None:
    # Writers take the write lock at BEGIN, so two writers queue on busy_timeout instead of
    # failing half-way through a transaction.
    read_only = connection.get_execution_options().get(_READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    """Return an engine whose every connection has the app's pragmas and explicit BEGIN."""
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def read_schema_revision(path: Path) -> str | None:
    """Check the file read-only and return its schema revision (None for a new, empty file).

    Raise DatabaseUnreadableError if it is not an SQLite database or is damaged, and
    DatabaseTooNewError if a newer version of the app wrote it. The file is never changed.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise DatabaseUnreadableError(_damaged_message(path))
            has_version_table = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_version_table:
                tables = connection.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                ).fetchone()[0]
                if tables:
                    raise DatabaseUnreadableError(
                        f"{path} is an SQLite database, but not one of Facilitator's. It has "
                        "been left as it is. Move it elsewhere, or choose another data folder."
                    )
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise DatabaseInUseError(
                f"{path} is locked by another program. Close it and try again."
            ) from None
        raise DatabaseUnreadableError(_damaged_message(path)) from None
    except sqlite3.DatabaseError:
        raise DatabaseUnreadableError(_damaged_message(path)) from None
    revision = row[0] if row else None
    if revision is not None and revision not in REVISIONS:
        raise DatabaseTooNewError(
            f"{path} was saved by a newer version of Facilitator (schema {revision}). "
            "It has been left untouched. Install the newer version to open it."
        )
    return revision


def _make_sidecars_private(path: Path) -> None:
    # The read-only check of a WAL file creates its -wal and -shm files with the file's old
    # mode (a file copied in from elsewhere may be 0644); SQLite keeps using them as they are.
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.chmod(sidecar, 0o600)


def _damaged_message(path: Path) -> str:
    return (
        f"{path} is not a Facilitator database, or it is damaged. It has been left as it is. "
        "Restore a backup from the 'backups' folder beside it, or choose another data folder."
    )


class Database:
    """An open database file, with the instance lock on its folder held."""

    def __init__(self, *, path: Path, engine: Engine, lock: InstanceLock | None) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._read_engine = engine.execution_options(**{_READ_ONLY: True})

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Run one user action: commit on success (on disk when this returns), else roll back.

        A full disk, a file locked by another program or a read-only file raises a
        FacilitatorError saying so; the transaction is rolled back and nothing is lost.
        """
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (OperationalError, sqlite3.OperationalError, OSError) as error:
            raise explain(error, self.path) or error from None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """Read a consistent view without taking the write lock."""
        try:
            with Session(self._read_engine) as session, session.begin():
                yield session
        except (OperationalError, sqlite3.OperationalError, OSError) as error:
            raise explain(error, self.path) or error from None

    def pragma(self, name: str) -> Any:
        """Return the value of one PRAGMA on a pooled connection (for checks and tests)."""
        with self.engine.connect() as connection:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    def integrity_problems(self, *, full: bool = True) -> list[str]:
        """Run SQLite's integrity check (or the quicker one) and the foreign-key check."""
        check = "integrity_check" if full else "quick_check"
        with self.engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql(f"PRAGMA {check}")]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points at a missing {parent} row")
        return problems

    def close(self) -> None:
        """Close every connection and release the folder."""
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def open_database(data_dir: Path, *, lock: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database in `data_dir`.

    Checks run before anything is written: the folder is private and writable, no other
    instance holds it, and the file is a healthy database from this version or an older one.
    Before an older file is upgraded a backup copy is taken.
    """
    ensure_private_dir(data_dir)
    instance_lock = InstanceLock(data_dir) if lock else None
    if instance_lock is not None:
        instance_lock.acquire()
    try:
        path = data_dir / DATABASE_NAME
        revision = read_schema_revision(path)
        ensure_private_file(path)
        _make_sidecars_private(path)
        engine = make_engine(path)
        database = Database(path=path, engine=engine, lock=instance_lock)
        if revision != HEAD:
            from facilitator.storage.migrate import upgrade

            if revision is not None:
                from facilitator.storage.backup import backup_database

                backup_database(path, reason=f"before-upgrade-from-{revision}")
            upgrade(engine)
    except (OperationalError, sqlite3.OperationalError, OSError) as error:
        if instance_lock is not None:
            instance_lock.release()
        raise explain(error, data_dir / DATABASE_NAME) or error from None
    except BaseException:
        if instance_lock is not None:
            instance_lock.release()
        raise
    return database
