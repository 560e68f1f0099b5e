"""Open the user's store: the database in the data folder, with built-in content in place."""

from datetime import date
from pathlib import Path

from facilitator.services.first_run import install_builtin_content
from facilitator.storage import database
from facilitator.storage.database import Database, open_database
from facilitator.storage.location import DATABASE_NAME


def open_store(data_dir: Path, *, today: date | None = None) -> Database:
    """Open (creating if new) the database in `data_dir` for this window, loading built-in
    content once; the sample programme goes only into a file with no programmes."""
    db = open_database(data_dir)
    try:
        install_builtin_content(db, today=today)
    except BaseException:
        db.close()
        raise
    return db


def open_store_for_reading(data_dir: Path) -> Database:
    """Open an existing, up-to-date database read-only, even while a window has it open."""
    return open_database(data_dir, read_only=True)


def integrity_problems(db: Database) -> list[str]:
    """Run the full integrity check on an open store (read-only)."""
    return database.integrity_problems(db.path)


def check_data_folder(data_dir: Path) -> tuple[Path, list[str]]:
    """Run the full integrity check on the database in `data_dir` without opening it for use."""
    path = data_dir / DATABASE_NAME
    return path, database.integrity_problems(path)
