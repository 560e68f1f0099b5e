"""Open the user's store: the database in the data folder, with built-in content in place."""

from datetime import date
from pathlib import Path

from facilitator.services.first_run import install_builtin_content
from facilitator.storage.database import Database, open_database


def open_store(data_dir: Path, *, today: date | None = None) -> Database:
    """Open (creating if new) the database in `data_dir`, loading first-run content once."""
    db = open_database(data_dir)
    try:
        install_builtin_content(db, today=today)
    except BaseException:
        db.close()
        raise
    return db


def integrity_problems(db: Database) -> list[str]:
    """Run the full integrity check and return what it found (empty when healthy)."""
    return db.integrity_problems(full=True)
