"""The command line's backups: list them, make one now, restore one.

`backups` and `backup` only read the database, so they work while the app is open (the
backup API copies a consistent snapshot of a file in use). `restore` replaces the file, so
it refuses while a window holds the folder. A problem raises a FacilitatorError, which the
command line prints with exit code 2.
"""

import argparse
from pathlib import Path
from typing import Any

from facilitator.domain.backups import BY_HAND, BackupFile, describe_moment, describe_size
from facilitator.domain.errors import FacilitatorError
from facilitator.services import backups
from facilitator.services.store import open_store_for_reading
from facilitator.storage.location import BACKUPS_DIR_NAME, DATABASE_NAME

EXIT_OK = 0


def add_parsers(commands: Any) -> None:
    """Add the backup commands to the command line."""
    commands.add_parser("backups", help="list the backups of the database, newest first")
    commands.add_parser("backup", help="back up the database now (works while the app is open)")
    restore = commands.add_parser(
        "restore",
        help="put a backup in place of the database; the current file is kept aside",
    )
    restore.add_argument(
        "backup", metavar="BACKUP", help="a backup's name from 'facilitator backups', or a path"
    )


def _row(backup: BackupFile) -> str:
    return (
        f"  {describe_moment(backup.made_at):<26}  {backup.label:<18}  "
        f"{describe_size(backup.size_bytes):>8}  {backup.name}"
    )


def list_backups(data_dir: Path, args: argparse.Namespace) -> int:
    """Print the backups, newest first (even when the database itself cannot be opened)."""
    found = backups.list_backups(data_dir)
    if not found:
        print(f"No backups yet in {data_dir / BACKUPS_DIR_NAME}.")
        return EXIT_OK
    try:
        db = open_store_for_reading(data_dir)
    except FacilitatorError:  # a damaged or missing file: its backups matter all the more
        kept = ""
    else:
        try:
            kept = f"; the last {backups.keep_count(db)} are kept"
        finally:
            db.close()
    print(f"Backups of {data_dir / DATABASE_NAME}, newest first{kept}:")
    for backup in found:
        print(_row(backup))
    print("Restore one with: facilitator restore NAME")
    return EXIT_OK


def back_up_now(data_dir: Path, args: argparse.Namespace) -> int:
    """Back up the database now and say where the copy is."""
    db = open_store_for_reading(data_dir)
    try:
        outcome = backups.back_up(db, reason=BY_HAND)
    finally:
        db.close()
    print(outcome.note)
    if outcome.backup is not None:
        print(outcome.backup.path)
    return EXIT_OK


def restore(data_dir: Path, args: argparse.Namespace) -> int:
    """Restore a backup, keeping the current file aside, and say where it went."""
    chosen = backups.find_backup(data_dir, args.backup)
    when = describe_moment(backups.read_backup(chosen).made_at)
    moved_to = backups.restore(data_dir, chosen)
    print(f"Restored the backup from {when} into {data_dir / DATABASE_NAME}.")
    if moved_to is not None:
        print(f"The file it replaced is kept at {moved_to}")
    return EXIT_OK


COMMANDS = {"backups": list_backups, "backup": back_up_now, "restore": restore}
