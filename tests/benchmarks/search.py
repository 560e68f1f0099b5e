"""Measure search across everything on a large archive.

Run with `uv run python tests/benchmarks/search.py [--captures 1000000] [--runs 50]`, or
`--data-dir DIR` for an archive made by `tests/benchmarks/archive.py` (its file is only
read). Without one, a synthetic archive is built in a temporary folder: the sample data,
then N captures with notes drawn from a small vocabulary (so common words are very common),
a few of which mention a "right of veto"; the capture index is rebuilt once at the end
rather than row by row.

Times, as p50 and p99 of the runs: a very common word, a rare phrase, the same words
unquoted, and a prefix as it is being typed. Prints a table, then the figures as one line
of JSON. Not part of the test suite.
"""

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

QUERIES = {
    "common word": "council",
    "rare phrase": '"right of veto"',
    "rare words": "right of veto",
    "prefix": "partn",
    "two common words": "group power",
}
# The same kinds of query in the words of an archive made by archive.py, where "budget" is in
# about one note in fifteen, "the" in two of three, and "right of veto" in one in 2,000.
ARCHIVE_QUERIES = {
    "common word": "budget",
    "commonest word": "the",
    "rare phrase": '"right of veto"',
    "rare words": "right of veto",
    "prefix": "disch",
    "two common words": "waiting list",
}
COMMON = [
    "the",
    "group",
    "council",
    "power",
    "budget",
    "partners",
    "chief",
    "executive",
    "named",
    "room",
    "silence",
    "agrees",
    "points",
    "table",
    "director",
    "health",
    "care",
    "system",
    "trust",
    "data",
    "decision",
    "cabinet",
    "members",
    "voice",
]
RARE_NOTE = "Council reserves its right of veto over the pooled budget"


def build(folder: Path, captures: int, seed: int = 1) -> Path:
    """Make a data folder holding the sample data and `captures` synthetic captures."""
    from facilitator.services.store import open_store
    from facilitator.storage.location import DATABASE_NAME

    open_store(folder, today=date.today()).close()
    path = folder / DATABASE_NAME
    chooser = random.Random(seed)
    filler = [f"w{n:05d}" for n in range(20_000)]
    start = datetime(2024, 1, 8, 9, 0)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        triggers = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            " AND tbl_name = 'observation' AND name LIKE 'search_%'"
        ).fetchall()
        with connection:
            for name, _sql in triggers:
                connection.execute(f"DROP TRIGGER {name}")
            programme = connection.execute(
                "INSERT INTO programme (uuid, title, client_system, notes, is_sample, cohort_cap,"
                " facilitators) VALUES ('bench-p', 'Benchmark archive', '', '', 0, 16, '')"
            ).lastrowid
            per_session = 1000
            for first in range(0, captures, per_session):
                number = first // per_session
                day = start + timedelta(days=number)
                session_id = connection.execute(
                    "INSERT INTO session (uuid, programme_id, title, date, start_time, venue,"
                    " kind, status, timezone) VALUES (?, ?, ?, ?, '09:00:00.000000', '',"
                    " 'designed_workshop', 'finished', 'Europe/London')",
                    (f"bench-s-{number}", programme, f"Day {number + 1}", day.date().isoformat()),
                ).lastrowid
                rows = []
                for n in range(min(per_session, captures - first)):
                    if chooser.random() < 0.00002:
                        note = RARE_NOTE
                    else:
                        words = chooser.choices(COMMON, k=chooser.randint(3, 9))
                        words += chooser.choices(filler, k=chooser.randint(2, 10))
                        chooser.shuffle(words)
                        note = " ".join(words)
                    moment = day + timedelta(seconds=20 * n)
                    rows.append(
                        (
                            f"bench-o-{first + n}",
                            session_id,
                            f"{moment:%Y-%m-%d %H:%M:%S}.000000",
                            20.0 * n,
                            note,
                            n + 1,
                        )
                    )
                connection.executemany(
                    "INSERT INTO observation (uuid, session_id, occurred_at, offset_seconds,"
                    " note, author, kind, number, key_moment, quote)"
                    " VALUES (?, ?, ?, ?, ?, '', 'note', ?, 0, 0)",
                    rows,
                )
            connection.execute("INSERT INTO search_capture (search_capture) VALUES ('rebuild')")
            for _name, sql in triggers:
                connection.execute(sql)
    return folder


def measure(data_dir: Path, runs: int, queries: dict[str, str]) -> dict[str, dict[str, float]]:
    from facilitator.services.search import search
    from facilitator.storage.database import open_database

    db = open_database(data_dir, read_only=True)
    figures: dict[str, dict[str, float]] = {}
    try:
        for label, text in queries.items():
            search(db, text)  # warm the cache, as a second search in the app would be
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                results = search(db, text)
                times.append((time.perf_counter() - began) * 1000)
            times.sort()
            figures[label] = {
                "p50_ms": round(statistics.median(times), 1),
                "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
                "hits": results.count,
                "truncated": results.truncated,
            }
    finally:
        db.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, help="an archive made by archive.py")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.data_dir
        if data_dir is None:
            began = time.perf_counter()
            data_dir = build(Path(scratch) / "data", args.captures)
            print(f"Built {args.captures:,} captures in {time.perf_counter() - began:.0f} s")
        queries = QUERIES if args.data_dir is None else ARCHIVE_QUERIES
        figures = measure(data_dir, args.runs, queries)
    print(f"{'query':<18} {'p50 ms':>8} {'p99 ms':>8} {'hits':>6}")
    for label, row in figures.items():
        more = "+" if row["truncated"] else ""
        print(f"{label:<18} {row['p50_ms']:>8} {row['p99_ms']:>8} {row['hits']:>5}{more}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
