"""Putting a backup in place of the database file; moving files aside, never deleting them."""

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from facilitator.domain.backups import STAMP_FORMAT
from facilitator.domain.errors import BackupError
from facilitator.storage.backup import SIDECARS, copy_database
from facilitator.storage.failures import explain
from facilitator.storage.health import Examined, Health, examine
from facilitator.storage.location import ASIDE_DIR_NAME, DATABASE_NAME, ensure_private_dir
from facilitator.storage.lock import InstanceLock

INCOMING_SUFFIX = ".restoring"


def set_aside(path: Path, *, why: str) -> Path | None:
    """Move `path` and its journal files into the private `aside/` folder beside it, under a
    timestamped name that never replaces another file; return where `path` went.

    Journal files are moved even when the file itself is missing: left behind, SQLite would
    apply them to whatever file took its place. Returns None if there was no file.
    """
    present = [suffix for suffix in ("", *SIDECARS) if path.with_name(path.name + suffix).exists()]
    if not present:
        return None
    folder = ensure_private_dir(path.parent / ASIDE_DIR_NAME)
    base = f"{path.stem}-{why}-{datetime.now(UTC).strftime(STAMP_FORMAT)}"
    target, counter = folder / f"{base}{path.suffix}", 2
    while any(target.with_name(target.name + suffix).exists() for suffix in ("", *SIDECARS)):
        target, counter = folder / f"{base}-{counter}{path.suffix}", counter + 1
    for suffix in present:  # the file first: a crash part-way never pairs a journal with
        moved = target.with_name(target.name + suffix)  # a file it does not belong to
        os.rename(path.with_name(path.name + suffix), moved)
        os.chmod(moved, 0o600)
    return target if "" in present else None


def check_backup(backup: Path) -> Examined:
    """Check that `backup` is a whole Facilitator file this version can open, read-only;
    raise BackupError saying why not."""
    if not backup.is_file():
        raise BackupError(
            f"There is no backup at {backup}. “facilitator backups” lists them, or use "
            "File › Backups… in the app."
        )
    found = examine(backup)
    if found.health is Health.DAMAGED:
        raise BackupError(
            f"{backup} cannot be restored: it is damaged (it fails SQLite's check). Choose an "
            "older backup."
        )
    if found.health is not Health.HEALTHY:
        raise BackupError(f"{backup} is not a Facilitator backup, so it cannot be restored.")
    if found.too_new:
        raise BackupError(
            f"{backup} was made by a newer version of Facilitator (schema {found.revision}). "
            "Install the newer version to restore it."
        )
    return found


def restore_backup(data_dir: Path, backup: Path) -> Path | None:
    """Put a copy of `backup` in place of the database in `data_dir`.

    The backup is checked first; then a copy is made beside the database and checked too.
    Only then is the current file (with its journal files) moved into `aside/` and the copy
    put in its place, so a failure at any step leaves the current file where it was. Holds
    the folder's instance lock throughout, so it refuses while a window has the data open.

    Returns where the current file went (None if there was none).
    """
    path = data_dir / DATABASE_NAME
    backup = backup.expanduser().resolve()
    if backup == path.resolve():
        raise BackupError(f"{backup} is the database itself, not a backup of it.")
    check_backup(backup)
    ensure_private_dir(data_dir)
    lock = InstanceLock(data_dir)
    lock.acquire()
    incoming = path.with_name(path.name + INCOMING_SUFFIX)
    try:
        copy_database(backup, incoming)
        if not examine(incoming).usable:
            raise BackupError(
                f"The copy of {backup} failed SQLite's check, so it was not restored. The "
                "disk may be failing: copy your data folder somewhere safe."
            )
        moved_to = set_aside(path, why="replaced")
        os.replace(incoming, path)
    except (OSError, sqlite3.Error) as error:
        raise explain(error, path) or BackupError(
            f"The backup could not be put in place ({getattr(error, 'strerror', None) or error}). "
            f"Your current file is unchanged at {path}."
        ) from None
    finally:
        incoming.unlink(missing_ok=True)
        lock.release()
    return moved_to
