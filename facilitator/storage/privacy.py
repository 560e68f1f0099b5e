"""Low-level help for erasure and retention: every text cell in the file, and compaction.

A deleted row's bytes stay in the file's free pages, and in the write-ahead log, until
SQLite reuses them. `compact` rewrites the file (VACUUM) and empties the log, so what was
deleted or overwritten is gone from the disk's copy too, not only from the app's view.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, Enum, String, Table, null, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from facilitator.storage.database import Database
from facilitator.storage.tables import Base

# Text that is structure, not something a person typed: never a name.
_STRUCTURAL = frozenset({"uuid", "slug", "key", "colour", "timezone"})
# How a row is found to belong to a programme: the first of these columns that it must have.
_OWNERS = ("programme_id", "session_id", "conflict_id", "observation_id")


@dataclass(frozen=True, slots=True)
class TextCell:
    """One cell of typed text: where it is, what it says, and whose programme it is in."""

    table: str
    column: str
    key: tuple[Any, ...]  # the row's primary key
    value: Any  # a string, or a JSON value holding strings
    is_json: bool
    programme_id: int | None  # None for the library and settings, which belong to none
    session_id: int | None


def _text_columns(table: Table) -> list[Column[Any]]:
    return [
        column
        for column in table.columns
        if isinstance(column.type, String | JSON)
        and not isinstance(column.type, Enum)
        and not column.primary_key
        and column.name not in _STRUCTURAL
    ]


def _programme_of(table: Table) -> Any:
    """Return an expression for the programme a row of `table` is in, or None."""
    tables = Base.metadata.tables
    if table.name == "programme":
        return table.c.id
    sessions, conflicts, observations = tables["session"], tables["conflict"], tables["observation"]
    for name in _OWNERS:
        column = table.c.get(name)
        if column is None or column.nullable:
            continue
        if name == "programme_id":
            return column
        if name == "session_id":
            return select(sessions.c.programme_id).where(sessions.c.id == column).scalar_subquery()
        if name == "conflict_id":
            return (
                select(conflicts.c.programme_id).where(conflicts.c.id == column).scalar_subquery()
            )
        return (
            select(sessions.c.programme_id)
            .join(observations, observations.c.session_id == sessions.c.id)
            .where(observations.c.id == column)
            .scalar_subquery()
        )
    return None


def text_cells(
    session: Session, *, skip: frozenset[tuple[str, str]] = frozenset()
) -> Iterator[TextCell]:
    """Yield every non-empty text cell of every table, but the (table, column) pairs in `skip`."""
    for table in Base.metadata.sorted_tables:
        columns = [c for c in _text_columns(table) if (table.name, c.name) not in skip]
        if not columns:
            continue
        keys = list(table.primary_key.columns)
        owner = _programme_of(table)
        session_column = table.c.get("session_id")
        extra = [
            owner if owner is not None else null(),
            session_column if session_column is not None else null(),
        ]
        query = select(*keys, *columns, *extra)
        for row in session.execute(query):
            key = tuple(row[: len(keys)])
            values = row[len(keys) : len(keys) + len(columns)]
            programme_id, session_id = row[-2], row[-1]
            for column, value in zip(columns, values, strict=True):
                if value in (None, "", [], {}):
                    continue
                yield TextCell(
                    table=table.name,
                    column=column.name,
                    key=key,
                    value=value,
                    is_json=isinstance(column.type, JSON),
                    programme_id=programme_id,
                    session_id=session_id,
                )


def write_cell(session: Session, cell: TextCell, value: Any) -> None:
    """Store `value` in the cell's place."""
    table = Base.metadata.tables[cell.table]
    keys = list(table.primary_key.columns)
    condition = [column == part for column, part in zip(keys, cell.key, strict=True)]
    session.execute(update(table).where(*condition).values({cell.column: value}))


def secure_delete(session: Session) -> None:
    """Have SQLite overwrite what this transaction deletes with zeros, not leave it in place."""
    session.execute(text("PRAGMA secure_delete = ON"))


def optimise_search_indexes(connection: sqlite3.Connection) -> None:
    """Merge each full-text index into one piece, so words of replaced or deleted text go.

    An index records a change as a new piece beside the old ones; until the pieces are
    merged, the old words (an erased name, say) are still in the file.
    """
    indexes = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'"
        )
    ]
    for index in indexes:
        connection.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")


def compact(db: Database) -> bool:
    """Merge the search indexes, rewrite the file without its free pages and empty the
    write-ahead log.

    Runs outside any transaction (VACUUM refuses to run inside one). Returns False if the
    file could not be compacted now, say because another program is reading it: the data
    is safe, only the old bytes may linger until the next compaction.
    """
    try:
        with closing(db.engine.raw_connection()) as proxy:
            connection = proxy.driver_connection
            assert isinstance(connection, sqlite3.Connection)
            connection.execute("PRAGMA secure_delete = ON")
            optimise_search_indexes(connection)
            # Move what is in the log into the file first, so VACUUM copies all of it.
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            connection.execute("VACUUM")
            busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            connection.execute("PRAGMA secure_delete = OFF")
    except (sqlite3.OperationalError, OperationalError):
        return False
    return busy == 0
