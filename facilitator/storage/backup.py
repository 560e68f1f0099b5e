"""Copies of the database file made with SQLite's online backup API."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from facilitator.storage.location import BACKUPS_DIR_NAME, ensure_private_dir, ensure_private_file


def backup_database(source: Path, *, reason: str) -> Path:
    """Copy `source` into the private backups folder beside it and return the copy's path.

    The backup API copies a consistent snapshot even while the file is in use.
    """
    from facilitator.storage.database import read_only_uri

    folder = ensure_private_dir(source.parent / BACKUPS_DIR_NAME)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{source.stem}-{reason}-{stamp}.sqlite3"
    ensure_private_file(target)
    with (
        closing(sqlite3.connect(read_only_uri(source), uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    return target
