"""Fill a data folder with a large, realistic archive: years of programmes and captures.

Run with `uv run python -m tests.benchmarks.archive DIR [--programmes 200] [--sessions 1600]
[--captures 1000000] [--seed 1]`. The database is made by the app's own code (newest schema,
built-in schemes, methods and templates), then filled with plain SQL for speed. Programme 1,
"Benchmark programme", always has 8 sessions of 1,000 captures and one of 5,000.
"""

import argparse
import os
import re
import sqlite3
import sys
import time as clock
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from facilitator.services.first_run import SAMPLE_KEY, install_builtin_content
from facilitator.storage.database import integrity_problems, open_database
from facilitator.storage.location import DATABASE_NAME
from facilitator.storage.tables import AppMetaRow
from tests.benchmarks.archive_rows import ArchiveError, ArchiveWriter, Landmarks

BATCH_ROWS = 50_000
_INSERT_INTO = re.compile(r'\s*INSERT\s+INTO\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Summary:
    """What was generated: rows per table, the landmark sessions, the file and the time."""

    counts: dict[str, int]
    landmarks: Landmarks
    path: Path
    size_bytes: int
    seconds: float
    search_triggers: str
    timings: dict[str, float] = field(default_factory=dict)


def generate_archive(
    data_dir: Path,
    *,
    programmes: int = 200,
    sessions: int = 1600,
    captures: int = 1_000_000,
    seed: int = 1,
    landmark_scale: float = 1.0,
    keep_search_triggers: bool = False,
) -> Summary:
    """Make a new database in `data_dir` and fill it; refuse a folder that has one."""
    started = clock.perf_counter()
    path = data_dir / DATABASE_NAME
    if path.exists() and path.stat().st_size > 0:
        raise ArchiveError(f"{path} already exists: choose an empty folder for the archive.")
    writer = ArchiveWriter(
        rng=Random(seed),
        programmes=programmes,
        sessions=sessions,
        captures=captures,
        landmark_scale=landmark_scale,
    )
    db = open_database(data_dir)
    timings: dict[str, float] = {}
    try:
        with db.transaction() as session:  # an archive has long since let the sample go
            session.merge(AppMetaRow(key=SAMPLE_KEY, value="1"))
        install_builtin_content(db)
        db.engine.dispose()  # the load below needs the file to itself; the lock stays held
        timings["create"] = clock.perf_counter() - started
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            how = _load(connection, writer, keep_search_triggers, timings)
    finally:
        db.close()
    _make_private(path)
    timings["check"] = -clock.perf_counter()
    problems = integrity_problems(path)
    timings["check"] += clock.perf_counter()
    if problems:
        raise ArchiveError("The archive failed the integrity check: " + "; ".join(problems[:5]))
    with closing(sqlite3.connect(path)) as connection:
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in writer.tables()
        }
    return Summary(
        counts=counts,
        landmarks=writer.landmarks,
        path=path,
        size_bytes=path.stat().st_size,
        seconds=clock.perf_counter() - started,
        search_triggers=how,
        timings=timings,
    )


def _load(
    connection: sqlite3.Connection,
    writer: ArchiveWriter,
    keep_search_triggers: bool,
    timings: dict[str, float],
) -> str:
    """Bulk-insert every row with the journal and syncing relaxed, then put them back."""
    connection.execute("PRAGMA journal_mode = MEMORY")  # leaves WAL until the load is done
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")
    connection.execute("PRAGMA temp_store = MEMORY")
    writer.start_ids(connection)
    dropped = [] if keep_search_triggers else _search_triggers(connection)
    how = _describe_triggers(connection, dropped, keep_search_triggers)
    began = clock.perf_counter()
    connection.execute("BEGIN")
    try:
        for name, _sql in dropped:
            connection.execute(f'DROP TRIGGER "{name}"')
        for table, columns, rows in writer.batches(BATCH_ROWS):
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{column}"' for column in columns)
            connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        timings["insert"] = clock.perf_counter() - began
        for _name, sql in dropped:
            connection.execute(sql)
        rebuild = clock.perf_counter()
        for index in _external_search_tables(connection) if dropped else []:
            connection.execute(f'INSERT INTO "{index}" ("{index}") VALUES (\'rebuild\')')
        timings["search rebuild"] = clock.perf_counter() - rebuild
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    analyse = clock.perf_counter()
    connection.execute("ANALYZE")
    connection.execute("PRAGMA optimize")
    timings["analyse"] = clock.perf_counter() - analyse
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    return how


def _external_search_tables(connection: sqlite3.Connection) -> list[str]:
    """Return the FTS5 tables that index another table's text ("external content")."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
    )
    return [name for name, sql in rows if "content=" in sql.replace(" ", "").lower()]


def _search_triggers(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Return the triggers that only keep external-content search tables in step.

    Those can be dropped during the load and the tables rebuilt after; a trigger doing
    anything else (or feeding a search table that holds its own text) is left to run.
    """
    indexes = _external_search_tables(connection)
    all_fts = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
        )
    ]
    if not indexes or set(all_fts) - set(indexes):
        return []
    found = []
    for name, sql in connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ):
        body = sql.split("BEGIN", 1)[-1]
        statements = [part for part in body.split(";") if part.strip() not in ("", "END")]
        targets = [_INSERT_INTO.match(part) for part in statements]
        if statements and all(t is not None and t[1] in indexes for t in targets):
            found.append((name, sql))
    return found


def _describe_triggers(
    connection: sqlite3.Connection, dropped: list[tuple[str, str]], kept: bool
) -> str:
    count = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
    ).fetchone()[0]
    if not count:
        return "no search tables"
    if dropped:
        return f"{len(dropped)} search triggers dropped during the load, {count} tables rebuilt"
    return f"search triggers ran during the load ({count} tables)" + (" as asked" if kept else "")


def _make_private(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            os.chmod(candidate, 0o600)


def _print_summary(summary: Summary) -> None:
    print(f"Archive written to {summary.path}")
    width = max(len(table) for table in summary.counts)
    for table, count in summary.counts.items():
        print(f"  {table:<{width}}  {count:>12,}")
    marks = summary.landmarks
    print(f"Benchmark programme: id {marks.programme_id}")
    print(f"  sessions of {marks.small_size:,} captures: ids {marks.small_session_ids}")
    print(f"  “{marks.large_title}”: id {marks.large_session_id}")
    print(f"Search: {summary.search_triggers}")
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.timings.items())
    print(f"File size: {summary.size_bytes / 1_048_576:,.1f} MB")
    print(f"Time: {summary.seconds:.1f} s ({steps})")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.archive", description=__doc__.splitlines()[0]
    )
    parser.add_argument("data_dir", type=Path, metavar="DIR")
    parser.add_argument("--programmes", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=1600)
    parser.add_argument("--captures", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--landmark-scale",
        type=float,
        default=1.0,
        help="shrink the benchmark programme's sessions (1,000 and 5,000 captures) by this",
    )
    parser.add_argument(
        "--keep-search-triggers",
        action="store_true",
        help="let the search triggers run during the load instead of rebuilding after it",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        summary = generate_archive(
            args.data_dir,
            programmes=args.programmes,
            sessions=args.sessions,
            captures=args.captures,
            seed=args.seed,
            landmark_scale=args.landmark_scale,
            keep_search_triggers=args.keep_search_triggers,
        )
    except ArchiveError as error:
        print(error, file=sys.stderr)
        return 2
    _print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
