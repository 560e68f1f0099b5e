"""Measure the session report: time to write the PDF for sessions of 100, 1,000 and 5,000
captures.

Run with `uv run python tests/benchmarks/report.py [--sizes 100 1000 5000] [--runs N]`.
On a fresh copy of the sample data, the sample's "Day two" is filled with N captures copied
in turn from "Day one" (codes, people and notes, which name participants), spread over the
day and numbered, and its agenda is marked as run. Each run writes the report with
pseudonyms (the default), from reading the database to the PDF on disk; the figure is the
median of the runs, split into gathering the data and drawing the PDF.
Target: 1,000 captures under 2 s.

With `--data-dir DIR` (a COPY of an archive made by `archive.py`: opening a data folder may
write to it), the archive's own sessions are reported instead, as they are: by default its
landmarks, one session of 1,000 captures and the one of 5,000 (`--session-ids` to choose).

Prints a table, then the figures as one line of JSON. Not part of the test suite: timings on
a shared machine are too noisy to assert on.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TARGET_SECONDS = 2.0


def fill(db: Any, source_id: int, target_id: int, count: int) -> None:
    """Copy `count` captures from `source_id` into `target_id`, in bulk, numbered 1…count."""
    from sqlalchemy import insert, select

    from facilitator.storage.tables import (
        ObservationCodeRow,
        ObservationRow,
        ObservationSubjectRow,
        SessionRow,
    )

    with db.transaction() as session:
        source = session.scalars(
            select(ObservationRow)
            .where(ObservationRow.session_id == source_id)
            .order_by(ObservationRow.number)
        ).all()
        target = session.get(SessionRow, target_id)
        items = list(target.agenda_items)
        start = source[0].occurred_at
        day_seconds = 7 * 3600.0
        moment = start
        for item in items:  # the agenda as run, to plan
            item.actual_start = moment
            moment += timedelta(minutes=item.planned_minutes)
            item.actual_end = moment
        first = (
            session.scalar(select(ObservationRow.id).order_by(ObservationRow.id.desc())) or 0
        ) + 1
        observations, codes, subjects = [], [], []
        for n in range(count):
            copied = source[n % len(source)]
            offset = day_seconds * n / count
            at = start + timedelta(seconds=offset)
            item = next(
                (i for i in items if i.actual_start <= at < i.actual_end),
                items[-1] if items else None,
            )
            observations.append(
                {
                    "id": first + n,
                    "uuid": str(uuid.uuid4()),
                    "session_id": target_id,
                    "occurred_at": at,
                    "offset_seconds": offset,
                    "duration_seconds": copied.duration_seconds,
                    "agenda_item_id": item.id if item else None,
                    "note": copied.note,
                    "author": copied.author,
                    "kind": copied.kind,
                    "number": n + 1,
                    "key_moment": copied.key_moment,
                    "quote": copied.quote,
                }
            )
            codes += [
                {
                    "uuid": str(uuid.uuid4()),
                    "observation_id": first + n,
                    "code_id": c.code_id,
                    "qualifier": c.qualifier,
                }
                for c in copied.codes
            ]
            subjects += [
                {
                    "uuid": str(uuid.uuid4()),
                    "observation_id": first + n,
                    "kind": s.kind,
                    "role": s.role,
                    "participant_id": s.participant_id,
                    "organisation_id": s.organisation_id,
                }
                for s in copied.subjects
            ]
        session.execute(insert(ObservationRow), observations)
        session.execute(insert(ObservationCodeRow), codes)
        session.execute(insert(ObservationSubjectRow), subjects)
        target.last_capture_number = count


def time_report(
    gather: Callable[[], Any], draw: Callable[[Any, Path], None], runs: int
) -> dict[str, float]:
    """Gather a report's data and draw its PDF `runs` times; return the medians of each step
    and of both, with the pages and size of the PDF."""
    from pypdf import PdfReader

    gathering, drawing = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            began = time.perf_counter()
            data = gather()
            gathered = time.perf_counter()
            out = Path(folder) / f"report-{run}.pdf"
            draw(data, out)
            drawing.append(time.perf_counter() - gathered)
            gathering.append(gathered - began)
        pages, size_kb = len(PdfReader(out).pages), out.stat().st_size / 1024
    total = [g + d for g, d in zip(gathering, drawing, strict=True)]
    return {
        "gather_s": round(statistics.median(gathering), 3),
        "draw_s": round(statistics.median(drawing), 3),
        "total_s": round(statistics.median(total), 3),
        "pages": pages,
        "kb": round(size_kb),
    }


def session_report_timing(db: Any, session_id: int, runs: int) -> dict[str, float]:
    """Time the session report of one session, with pseudonyms (the default)."""
    from facilitator.domain.enums import NamesMode
    from facilitator.reports.session_report import write_session_report
    from facilitator.services.session_report import session_report

    return time_report(
        lambda: session_report(db, session_id, names=NamesMode.PSEUDONYM)[0],
        write_session_report,
        runs,
    )


def measure(size: int, runs: int) -> dict[str, float]:
    from facilitator.services.programmes import list_programmes
    from facilitator.services.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = open_store(Path(folder) / "data", today=date.today())
        try:
            module = list_programmes(db)[0].modules[2]
            day_one, day_two = (session.id for session in module.sessions[:2])
            fill(db, day_one, day_two, size)
            return {"captures": size, **session_report_timing(db, day_two, runs)}
        finally:
            db.close()


def measure_archive(data_dir: Path, session_ids: list[int], runs: int) -> list[dict[str, float]]:
    """Time the session report of each of `session_ids` in an archive, as `measure` does."""
    from facilitator.services.store import open_store

    db = open_store(data_dir)
    try:
        return [
            {
                "session_id": session_id,
                "captures": _capture_count(db, session_id),
                **session_report_timing(db, session_id, runs),
            }
            for session_id in session_ids
        ]
    finally:
        db.close()


def _capture_count(db: Any, session_id: int) -> int:
    from sqlalchemy import func, select

    from facilitator.storage.tables import ObservationRow

    with db.reading() as session:
        return session.scalar(
            select(func.count(ObservationRow.id)).where(ObservationRow.session_id == session_id)
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 5_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="a copy of an archive made by archive.py")
    parser.add_argument(
        "--session-ids", type=int, nargs="+", default=[1, 9], help="with --data-dir"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    if args.data_dir is not None:
        results = measure_archive(args.data_dir, args.session_ids, args.runs)
    else:
        results = [measure(size, args.runs) for size in args.sizes]
    print(f"{'Captures':>9} {'Gather':>8} {'Draw':>8} {'Total':>8} {'Pages':>6} {'KB':>7}")
    for r in results:
        print(
            f"{r['captures']:>9,} {r['gather_s']:>7.3f}s {r['draw_s']:>7.3f}s "
            f"{r['total_s']:>7.3f}s {r['pages']:>6} {r['kb']:>7,}"
        )
    thousand = next((r for r in results if r["captures"] == 1_000), None)
    if thousand:
        verdict = "met" if thousand["total_s"] < TARGET_SECONDS else "NOT met"
        print(f"Target: 1,000 captures under {TARGET_SECONDS:.0f} s: {verdict}")
    print(json.dumps({"session_report": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
