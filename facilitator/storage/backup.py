"""Backup copies of the database file, made with SQLite's online backup API.

Copies live in the private `backups/` folder beside the file, named
`<stem>-<reason>-<UTC stamp>.sqlite3`. Each is written under a temporary name, checked with
SQLite's quick check and only then given its real name, so a full disk or a crash half-way
never leaves something that looks like a backup and is not.
"""

import filecmp
import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

from facilitator.domain.backups import BackupFile, backup_name, parse_backup_name
from facilitator.domain.errors import BackupError, FacilitatorError
from facilitator.storage.health import examine, read_only_uri
from facilitator.storage.location import (
    BACKUPS_DIR_NAME,
    ensure_private_dir,
    ensure_private_file,
)

PARTIAL_SUFFIX = ".partial"
SIDECARS = ("-wal", "-shm", "-journal")


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUPS_DIR_NAME


def copy_database(source: Path, target: Path) -> None:
    """Copy a consistent snapshot of `source` (even while it is being written) to `target`,
    a new private file in rollback-journal mode, so reading it later leaves no -wal file."""
    ensure_private_file(target)
    with (
        closing(sqlite3.connect(read_only_uri(source), uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")


def backup_database(source: Path, *, reason: str, skip_if_unchanged: bool = False) -> Path:
    """Copy `source` into the private backups folder beside it and return the copy's path.

    With `skip_if_unchanged`, a copy identical to the newest backup is not kept, and that
    backup's path is returned instead. Raise BackupError if the copy fails its check (the
    file itself is damaged); OSError and sqlite3.Error pass through for the caller to explain.
    """
    folder = ensure_private_dir(backups_dir(source.parent))
    now = datetime.now(UTC)
    target = folder / backup_name(source.stem, reason, now)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        copy_database(source, partial)
        if not examine(partial).usable:
            raise BackupError(
                f"No backup was made: the copy of {source} failed SQLite's check, so the file "
                "itself may be damaged. Run “facilitator check”, or Check database in the app."
            )
        if skip_if_unchanged:
            newest = next(iter(list_backups(source.parent)), None)
            if newest is not None and filecmp.cmp(partial, newest.path, shallow=False):
                return newest.path
        os.replace(partial, target)
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
    return target


def read_backup(path: Path) -> BackupFile:
    """Describe one backup file."""
    stat = path.stat()
    parsed = parse_backup_name(path.name)
    if parsed is None:
        return BackupFile(path, datetime.fromtimestamp(stat.st_mtime, UTC), "", stat.st_size)
    reason, made_at = parsed
    return BackupFile(path, made_at, reason, stat.st_size)


def list_backups(data_dir: Path) -> list[BackupFile]:
    """Return the backups of the database in `data_dir`, newest first."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite3"):
        with suppress(OSError):  # removed meanwhile (by another window's rotation, say)
            found.append(read_backup(path))
    return sorted(found, key=lambda backup: (backup.made_at, backup.name), reverse=True)


def newest_good_backup(data_dir: Path) -> BackupFile | None:
    """Return the newest backup that passes SQLite's quick check and that this version of
    the app can open, skipping damaged ones."""
    for backup in list_backups(data_dir):
        try:
            if examine(backup.path).usable:
                return backup
        except (FacilitatorError, OSError):  # one we cannot even look at is not good
            continue
    return None


def prune_backups(data_dir: Path, *, keep: int) -> list[Path]:
    """Remove the oldest rotating backups so that `keep` remain; return what was removed.

    Only copies the app made on its own schedule or by hand rotate: copies made before an
    upgrade and files the app did not name are never removed here, and the newest copy
    always stays.
    """
    rotating = [backup for backup in list_backups(data_dir) if backup.in_rotation]
    doomed = [backup.path for backup in rotating[max(1, keep) :]]
    remove_backups(doomed)
    return doomed


def backups_older_than(data_dir: Path, moment: datetime) -> list[Path]:
    """Return every backup (of any kind) made before `moment`, oldest first."""
    older = [backup.path for backup in list_backups(data_dir) if backup.made_at < moment]
    return older[::-1]


def remove_backups(paths: Iterable[Path]) -> int:
    """Delete these backups (with any journal files SQLite left beside them); return how
    many were removed.

    Only files in a backups folder are touched: anything else passed in is left alone. A
    file the system refuses to delete raises OSError (those before it are gone).
    """
    removed = 0
    for path in paths:
        if path.parent.name != BACKUPS_DIR_NAME or path.suffix != ".sqlite3":
            continue
        for sidecar in SIDECARS:
            path.with_name(path.name + sidecar).unlink(missing_ok=True)
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    return removed
