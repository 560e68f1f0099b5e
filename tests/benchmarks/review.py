"""Measure the review workspace: showing a session of N captures on the session page, and
filtering it.

Run with `uv run python tests/benchmarks/review.py [--captures 5000] [--runs 5]`, offscreen.
On a fresh copy of the sample data, "Day two" is filled with N captures copied from "Day
one" (see `report.py`). Timed, as medians of the runs:

- load: reading the session from the database (`session_detail`);
- show: the session page shown with it (`SessionPage.show_session`, every tab filled);
- filter by text: a word typed in the review's search (all rows checked);
- filter by code: one code chosen, then the filters cleared.

Prints a table, then the figures as one line of JSON. Not part of the test suite.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from PySide6.QtWidgets import QApplication

    from facilitator.domain.review_filter import ReviewFilter
    from facilitator.services.programmes import list_programmes, session_detail
    from facilitator.services.store import open_store
    from facilitator.ui.session_page import SessionPage
    from tests.benchmarks.report import fill

    app = QApplication.instance() or QApplication([])
    timings: dict[str, list[float]] = {"load": [], "show": [], "text": [], "code": []}
    with tempfile.TemporaryDirectory() as folder:
        db = open_store(Path(folder) / "data", today=date.today())
        try:
            module = list_programmes(db)[0].modules[2]
            day_one, day_two = (session.id for session in module.sessions[:2])
            fill(db, day_one, day_two, args.captures)
            page = SessionPage()
            page.attach_store(db)
            page.resize(1366, 768)
            page.show()
            for _ in range(args.runs):
                began = time.perf_counter()
                detail = session_detail(db, day_two)
                loaded = time.perf_counter()
                page.show_session(detail)
                app.processEvents()
                shown = time.perf_counter()
                proxy = page.review.proxy
                proxy.set_filter(ReviewFilter(text="budget"))
                app.processEvents()
                filtered = time.perf_counter()
                code = detail.observations[2].codes[0].code_id
                proxy.set_filter(ReviewFilter(code_id=code))
                proxy.set_filter(ReviewFilter())
                app.processEvents()
                coded = time.perf_counter()
                timings["load"].append(loaded - began)
                timings["show"].append(shown - loaded)
                timings["text"].append(filtered - shown)
                timings["code"].append(coded - filtered)
            rows = proxy.rowCount()
        finally:
            db.close()
    result = {name: round(statistics.median(values), 3) for name, values in timings.items()}
    result["captures"] = args.captures
    result["rows_after_clearing"] = rows
    print(f"Captures: {args.captures:,}")
    for name, label in (
        ("load", "Read from the database"),
        ("show", "Session page shown"),
        ("text", "Filter by a word"),
        ("code", "Filter by a code, then clear"),
    ):
        print(f"  {label:<30} {result[name]:>7.3f} s")
    print(json.dumps({"review": result}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
