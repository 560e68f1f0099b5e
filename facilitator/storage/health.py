"""Looking at a database file read-only: is it ours, is it whole, which schema is it at."""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from facilitator.storage.failures import explain
from facilitator.storage.schema_version import REVISIONS


class Health(Enum):
    NEW = "new"  # missing, empty, or an SQLite file with no tables yet
    HEALTHY = "healthy"
    DAMAGED = "damaged"  # not SQLite at all, or fails SQLite's quick check
    NOT_OURS = "not ours"  # a healthy SQLite file of some other program's


@dataclass(frozen=True, slots=True)
class Examined:
    """What a read-only look at a file found."""

    health: Health
    revision: str | None = None

    @property
    def too_new(self) -> bool:
        """True when a newer version of the app wrote the file."""
        return self.revision is not None and self.revision not in REVISIONS

    @property
    def usable(self) -> bool:
        """True for a whole Facilitator file this version can open (upgrading if older)."""
        return self.health is Health.HEALTHY and not self.too_new


def read_only_uri(path: Path) -> str:
    """Return an SQLite URI opening `path` read-only (any character in the path is safe)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def table_names(connection: sqlite3.Connection) -> set[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return {row[0] for row in connection.execute(query)}


def examine(path: Path) -> Examined:
    """Run SQLite's quick check on `path`, read-only, and say what the file is.

    A file locked or made unreadable by another program raises that problem's own
    FacilitatorError: it is busy, not damaged.
    """
    if not path.exists() or path.stat().st_size == 0:
        return Examined(Health.NEW)
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as connection:
            if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return Examined(Health.DAMAGED)
            tables = table_names(connection)
            if "alembic_version" not in tables:
                return Examined(Health.NOT_OURS if tables else Health.NEW)
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        explained = explain(error, path)
        if explained is not None:
            raise explained from None
        return Examined(Health.DAMAGED)
    return Examined(Health.HEALTHY, row[0] if row else None)
