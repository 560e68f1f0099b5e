"""Backups as the user sees them: made on a schedule and by hand, rotated, and restored.

A failed backup never costs data: the database file is only ever read to make one. The
quiet variant, for the automatic backups, logs what went wrong (its kind only, never a
path or name) and hands back one calm line for the interface to show.
"""

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from facilitator.domain.backups import (
    BY_HAND,
    DAILY,
    DEFAULT_KEEP,
    MAX_KEEP,
    MIN_KEEP,
    BackupFile,
    BackupOutcome,
)
from facilitator.domain.changes import Changes
from facilitator.domain.errors import (
    BackupError,
    DatabaseInUseError,
    DataFolderError,
    DiskFullError,
    FacilitatorError,
    InvalidInputError,
)
from facilitator.storage import backup as storage
from facilitator.storage.database import Database
from facilitator.storage.failures import explain
from facilitator.storage.restore import check_backup, restore_backup
from facilitator.storage.tables import AppMetaRow

log = logging.getLogger(__name__)

KEEP_KEY = "backups_keep"


def data_folder(db: Database) -> Path:
    return db.path.parent


def backups_folder(db: Database) -> Path:
    """Return the folder the backups of `db` are kept in (it may not exist yet)."""
    return storage.backups_dir(data_folder(db))


def list_backups(data_dir: Path) -> list[BackupFile]:
    """Return the backups in `data_dir`, newest first."""
    return storage.list_backups(data_dir)


def read_backup(path: Path) -> BackupFile:
    """Describe one backup file (any file: its name says when and why, if the app made it)."""
    return storage.read_backup(path)


def newest_good_backup(data_dir: Path) -> BackupFile | None:
    """Return the newest backup that passes SQLite's quick check, skipping damaged ones."""
    return storage.newest_good_backup(data_dir)


def keep_count(db: Database) -> int:
    """Return how many rotating backups are kept (DEFAULT_KEEP until the user says)."""
    with db.reading() as session:
        row = session.get(AppMetaRow, KEEP_KEY)
        saved = row.value if row else str(DEFAULT_KEEP)
    try:
        count = int(saved)
    except ValueError:
        return DEFAULT_KEEP
    return min(MAX_KEEP, max(MIN_KEEP, count))


def set_keep_count(db: Database, count: int) -> Changes:
    """Keep the last `count` backups from the next backup on (older ones go then)."""
    if not MIN_KEEP <= count <= MAX_KEEP:
        raise InvalidInputError(
            f"Keep between {MIN_KEEP} and {MAX_KEEP} backups.", field="keep_count"
        )
    with db.transaction() as session:
        session.merge(AppMetaRow(key=KEEP_KEY, value=str(count)))
    return Changes()


def back_up(db: Database, *, reason: str = BY_HAND) -> BackupOutcome:
    """Back up the open database now, then keep only the last N rotating backups.

    A copy identical to the newest backup is not kept (nothing changed since), so the N kept
    are N different states of the data. Raise BackupError with a message for the user if no
    backup can be made (DatabaseInUseError if another program holds the file).
    """
    keep = keep_count(db)
    try:
        previous = next(iter(storage.list_backups(data_folder(db))), None)
        made = storage.backup_database(db.path, reason=reason, skip_if_unchanged=True)
        backup = storage.read_backup(made)
        storage.prune_backups(data_folder(db), keep=keep)
    except DataFolderError:
        raise _failure(db, "the folder cannot be created or written") from None
    except (OSError, sqlite3.Error) as error:
        explained = explain(error, db.path)
        if isinstance(explained, DatabaseInUseError):
            raise explained from None
        if isinstance(explained, DiskFullError):
            raise _failure(db, "there is no space left on the disk") from None
        if isinstance(explained, DataFolderError):
            raise _failure(db, "the folder cannot be written") from None
        raise _failure(db, getattr(error, "strerror", None) or "the copy failed") from None
    return BackupOutcome(backup, made=previous is None or made != previous.path)


def _failure(db: Database, why: str) -> BackupError:
    return BackupError(
        f"No backup could be made in {backups_folder(db)} ({why}). Your data is safe in the "
        "database file itself."
    )


def back_up_quietly(db: Database, *, reason: str) -> BackupOutcome:
    """Back up as `back_up` does, but never raise: a failure comes back as `problem`."""
    try:
        return back_up(db, reason=reason)
    except FacilitatorError as error:
        log.warning("The %s backup was not made: %s", reason, type(error).__name__)
        return BackupOutcome(None, problem=_one_line(error))
    except Exception as error:  # a backup must never take the app down with it
        log.warning("The %s backup failed unexpectedly: %s", reason, type(error).__name__)
        return BackupOutcome(
            None,
            problem="No backup could be made. Your data is safe in the database file itself; "
            "the log says what went wrong.",
        )


def _one_line(error: FacilitatorError) -> str:
    if isinstance(error, BackupError):
        return str(error).replace("\n", " ")
    return f"No backup could be made. {error}".replace("\n", " ")


def backup_is_due(db: Database, *, now: datetime) -> bool:
    """True when no backup of any kind has been made on `now`'s calendar day."""
    today = now.date()
    return not any(
        backup.made_at.astimezone(now.tzinfo).date() == today
        for backup in storage.list_backups(data_folder(db))
    )


def back_up_if_due(db: Database, *, now: datetime) -> BackupOutcome | None:
    """Make the daily backup, quietly, unless a backup was already made today."""
    if not backup_is_due(db, now=now):
        return None
    return back_up_quietly(db, reason=DAILY)


def check_restorable(backup: Path) -> None:
    """Raise BackupError if `backup` is damaged, not ours, or from a newer version."""
    check_backup(backup)


def restore(data_dir: Path, backup: Path) -> Path | None:
    """Put `backup` in place of the (closed) database in `data_dir`; return where the file it
    replaced was kept (None if there was none)."""
    return restore_backup(data_dir, backup)


def find_backup(data_dir: Path, name_or_path: str) -> Path:
    """Resolve a backup given by path, or by its name in the backups folder."""
    given = Path(name_or_path).expanduser()
    if given.is_file():
        return given
    named = storage.backups_dir(data_dir) / given.name
    if given.name == name_or_path and named.is_file():
        return named
    raise BackupError(
        f"There is no backup called {name_or_path}. “facilitator backups” lists them."
    )
