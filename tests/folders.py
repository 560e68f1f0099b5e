"""Helpers for tests that work on a data folder's file directly: add a row, read titles."""

import sqlite3
from contextlib import closing
from pathlib import Path

from facilitator.storage.database import open_database
from facilitator.storage.tables import ProgrammeRow


def add_programme(data_dir: Path, title: str) -> None:
    """Add an empty programme to the database in `data_dir`, opening it as the app would."""
    db = open_database(data_dir)
    try:
        with db.transaction() as session:
            session.add(ProgrammeRow(title=title))
    finally:
        db.close()


def titles(path: Path) -> set[str]:
    """Return the programme titles in the database file at `path`, read-only."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return {row[0] for row in connection.execute("SELECT title FROM programme")}
