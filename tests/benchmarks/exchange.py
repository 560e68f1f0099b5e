"""Measure exchange bundles: export and import of a programme of 8 sessions with 1,000
captures each.

Run with `uv run python tests/benchmarks/exchange.py [--sessions 8] [--captures 1000]
[--runs N]`. On a fresh copy of the sample data, the sample's planned "Day two" is copied
until there are 8 sessions, each is filled with 1,000 captures copied in turn from "Day one"
(codes, people and notes; see `report.fill`), and "Day one" is then deleted, so the
programme holds exactly 8 × 1,000 captures. Each run measures:

- export: the programme to a bundle, from reading the database to the file on disk;
- import: that bundle into an empty data folder (a new store: built-in content only);
- re-import: the same bundle again into that folder (idempotent: nothing changes);
- preview: the dry run the interface shows before importing.

The figure is the median of the runs. Prints a table, then the figures as one line of JSON.
Not part of the test suite: timings on a shared machine are too noisy to assert on.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def build(folder: Path, sessions: int, captures: int) -> tuple[Any, int]:
    """Return an open store holding the programme to export, and the programme's id."""
    from facilitator.services.programmes import list_programmes
    from facilitator.services.sessions import delete_session, duplicate_session
    from facilitator.services.store import open_store
    from tests.benchmarks.report import fill

    db = open_store(folder / "source", today=date.today())
    programme = list_programmes(db)[0]
    day_one, day_two = (session.id for session in programme.modules[2].sessions[:2])
    targets = [day_two] + [duplicate_session(db, day_two) for _ in range(sessions - 1)]
    for target in targets:
        fill(db, day_one, target, captures)
    delete_session(db, day_one)
    return db, programme.id


def measure(sessions: int, captures: int, runs: int) -> dict[str, Any]:
    from facilitator.services.exchange_export import export_programme
    from facilitator.services.exchange_import import import_bundle, preview_import
    from facilitator.services.store import open_store

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        source, programme_id = build(folder, sessions, captures)
        exports, imports, reimports, previews = [], [], [], []
        try:
            for run in range(runs):
                bundle = folder / f"programme-{run}.facilitator"
                began = time.perf_counter()
                written = export_programme(source, programme_id, bundle)
                exports.append(time.perf_counter() - began)
                target = open_store(folder / f"target-{run}", today=date.today())
                try:
                    began = time.perf_counter()
                    summary = import_bundle(target, bundle)
                    imports.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    again = import_bundle(target, bundle)
                    reimports.append(time.perf_counter() - began)
                    began = time.perf_counter()
                    preview_import(target, bundle)
                    previews.append(time.perf_counter() - began)
                finally:
                    target.close()
                assert again.added == again.updated == again.renumbered == 0, again
        finally:
            source.close()
    unpacked = summary.added
    return {
        "sessions": sessions,
        "captures": sessions * captures,
        "records": unpacked,
        "bundle_kb": round(written.size_bytes / 1024),
        "export_s": round(statistics.median(exports), 3),
        "import_s": round(statistics.median(imports), 3),
        "reimport_s": round(statistics.median(reimports), 3),
        "preview_s": round(statistics.median(previews), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--captures", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    r = measure(args.sessions, args.captures, args.runs)
    print(
        f"{'Sessions':>9} {'Captures':>9} {'Records':>8} {'Bundle':>9} {'Export':>8} "
        f"{'Import':>8} {'Re-import':>10} {'Preview':>8}"
    )
    print(
        f"{r['sessions']:>9} {r['captures']:>9,} {r['records']:>8,} {r['bundle_kb']:>6,} KB "
        f"{r['export_s']:>7.3f}s {r['import_s']:>7.3f}s {r['reimport_s']:>9.3f}s "
        f"{r['preview_s']:>7.3f}s"
    )
    print(json.dumps({"exchange": r}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
