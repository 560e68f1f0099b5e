"""Copies of the database file made with SQLite's online backup API."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from facilitator.storage.location import BACKUPS_DIR_NAME, ensure_private_dir, ensure_private_file


def backup_database(source: Path, *, reason: str) -> Path:
    """Copy `source` into the private backups folder beside it and return the copy's path.

    The backup API copies a consistent snapshot even while the file is in use.
    """
    folder = ensure_private_dir(source.parent / BACKUPS_DIR_NAME)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{source.stem}-{reason}-{stamp}.sqlite3"
    ensure_private_file(target)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target
