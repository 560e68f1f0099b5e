"""Measure the programme report: time to write the PDF of a programme with thousands of
captures.

Run with `uv run python -m tests.benchmarks.programme_report --data-dir DIR [--programme 1]
[--runs N]` on a COPY of an archive made by `tests/benchmarks/archive.py` (opening a data
folder may write to it); its programme 1, "Benchmark programme", has eight sessions of
1,000 captures and one of 5,000. Each run writes the report with pseudonyms (the default),
from reading the database to the PDF on disk, split into gathering the data
(`programme_report`) and drawing the PDF; the figures are medians of the runs.

Prints a table, then the figures as one line of JSON. Not part of the test suite.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def measure(data_dir: Path, programme_id: int, runs: int) -> dict[str, Any]:
    from facilitator.domain.enums import NamesMode
    from facilitator.reports.programme_report import write_programme_report
    from facilitator.services.programme_report import programme_report
    from facilitator.services.programmes import programme_detail
    from facilitator.services.store import open_store
    from tests.benchmarks.report import time_report

    db = open_store(data_dir)
    try:
        detail = programme_detail(db, programme_id)
        sessions = [s for m in detail.modules for s in m.sessions] + list(detail.loose_sessions)
        timing = time_report(
            lambda: programme_report(db, programme_id, names=NamesMode.PSEUDONYM),
            write_programme_report,
            runs,
        )
    finally:
        db.close()
    return {
        "programme_id": programme_id,
        "title": detail.title,
        "sessions": len(sessions),
        **timing,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a copy of an archive")
    parser.add_argument("--programme", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    result = measure(args.data_dir, args.programme, args.runs)
    print(f"Programme report of “{result['title']}” ({result['sessions']} sessions):")
    print(
        f"  gather {result['gather_s']:.3f} s, draw {result['draw_s']:.3f} s, "
        f"total {result['total_s']:.3f} s, {result['pages']} pages, {result['kb']:,} KB"
    )
    print(json.dumps({"programme_report": result}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
