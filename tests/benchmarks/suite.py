"""Run every benchmark on a large archive and say which targets are met.

Run with `uv run python -m tests.benchmarks.suite [--archive DIR] [--quick] [--json-out F]`.
Without `--archive`, one is generated into a temporary folder first (1,000,000 captures,
about a minute). The archive itself is only ever read: measurements that open it work on
copies made with SQLite's backup API. Each copy is opened once and closed first, as a
user's own file is after a day's work (that first open checks the whole file and is reported
on its own); the measures then open it as the app would.
Each measurement runs in its own process, so none warms or pollutes another. `--quick`
uses fewer runs, for a smoke check.

Prints a table (measure, figure, target, met or not), then a JSON summary, also written to
`--json-out` if given. Not part of the test suite: timings on a shared machine are noisy.
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from facilitator.storage.location import DATABASE_NAME

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Row:
    measure: str
    figure: str
    target: str
    met: bool | None  # None: no target, reported only


def copy_archive(source: Path, folder: Path) -> Path:
    """Copy the archive's database into `folder` with SQLite's backup API; return `folder`."""
    folder.mkdir(parents=True)
    uri = f"{(source / DATABASE_NAME).resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(uri, uri=True)) as src,
        closing(sqlite3.connect(folder / DATABASE_NAME)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = WAL")
    os.chmod(folder / DATABASE_NAME, 0o600)
    return folder


FIRST_OPEN = """
import sys, time
from pathlib import Path
from facilitator.services.store import open_store
began = time.perf_counter()
open_store(Path(sys.argv[1])).close()
print(f'{{"first_open_s": {time.perf_counter() - began:.3f}}}')
"""


def open_once(folder: Path) -> float:
    """Open a copied archive once and close it, as the app does, in a new process; return
    the seconds it took.

    This is the first open of a file the app did not close itself: it is checked in full
    (and brought up to the newest schema). After it the file is as a user's own is after a
    day's work, sealed at a clean close, and the measures below open it as the app would.
    """
    result = subprocess.run(
        [sys.executable, "-c", FIRST_OPEN, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])["first_open_s"]


def run_json(label: str, args: list[str], key: str | None = None) -> Any:
    """Run a benchmark module in a new process; return the JSON object of its last line."""
    print(f"· {label} …", flush=True)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"{label} failed (exit status {result.returncode}).")
    print(f"  done in {time.perf_counter() - began:.0f} s", flush=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures[key] if key else figures


def measure_all(archive: Path, scratch: Path, quick: bool) -> tuple[dict[str, Any], list[Row]]:
    runs = {
        "startup": 2 if quick else 7,
        "capture": 100 if quick else 500,
        "idle": 3.0 if quick else 10.0,
        "report": 1 if quick else 3,
        "search": 10 if quick else 50,
    }
    data: dict[str, Any] = {}
    data["startup"] = run_json(
        "cold start",
        ["tests.benchmarks.startup", "--runs", str(runs["startup"]), "--json"],
        "startup",
    )
    reading = copy_archive(archive, scratch / "reading")
    data["first_open_s"] = open_once(reading)
    data["window"] = run_json(
        "tree, review and memory",
        ["tests.benchmarks.archive_window", "--data-dir", str(reading)],
        "window",
    )
    data["search"] = run_json(
        "search",
        ["tests.benchmarks.search", "--data-dir", str(reading), "--runs", str(runs["search"])],
    )
    data["session_report"] = run_json(
        "session reports",
        ["tests.benchmarks.report", "--data-dir", str(reading), "--runs", str(runs["report"])],
        "session_report",
    )
    data["programme_report"] = run_json(
        "programme report",
        [
            "tests.benchmarks.programme_report",
            "--data-dir",
            str(reading),
            "--runs",
            str(runs["report"]),
        ],
        "programme_report",
    )
    writing = copy_archive(archive, scratch / "writing")
    open_once(writing)
    data["capture"] = run_json(
        "capture latency and idle CPU",
        [
            "tests.benchmarks.capture",
            "--data-dir",
            str(writing),
            "--runs",
            str(runs["capture"]),
            "--idle-seconds",
            str(runs["idle"]),
        ],
    )
    data["runs"] = runs
    return data, rows_for(data)


def rows_for(data: dict[str, Any]) -> list[Row]:
    start, window, capture = data["startup"], data["window"], data["capture"]
    scroll = window["scroll"]
    rows = [
        Row(
            "Cold start, window vs bare PySide6",
            f"{start['existing_window_s']:.2f} s vs {start['bare_s']:.2f} s "
            f"= {start['existing_window_ratio']:.2f}x",
            "≤ 1.5x",
            start["existing_window_ratio"] <= 1.5,
        ),
        Row(
            "Open archive, tree shown",
            f"{window['open_and_tree_s']:.2f} s (open {window['open_s']:.2f}"
            f" + tree {window['tree_s']:.2f})",
            "≤ 1 s",
            window["open_and_tree_s"] <= 1.0,
        ),
        Row(
            "First open of a file not closed by the app (full check)",
            f"{data['first_open_s']:.2f} s",
            "",
            None,
        ),
        Row(
            f"Session of {window['session_rows']:,} on Review",
            f"{window['session_s']:.2f} s",
            "≤ 1 s",
            window["session_s"] <= 1.0,
        ),
        Row(
            "Review scroll, end to end",
            f"{scroll['frames']} frames: p50 {scroll['p50_ms']:.1f}, p99 {scroll['p99_ms']:.1f},"
            f" worst {scroll['worst_ms']:.1f} ms ({scroll['item_model']}, "
            f"{scroll['index_widgets']} row widgets)",
            "worst < 50 ms",
            scroll["worst_ms"] < 50 and scroll["index_widgets"] == 0,
        ),
    ]
    for kind, by_size in capture["capture_ms"].items():
        for existing, figures in by_size.items():
            rows.append(
                Row(
                    f"Capture ({kind}, {int(existing):,} in session)",
                    f"p50 {figures['p50']:.2f} ms, p99 {figures['p99']:.2f} ms",
                    "p99 < 10 ms",
                    figures["p99"] < 10.0,
                )
            )
    for report in data["session_report"]:
        rows.append(
            Row(
                f"Session report, {report['captures']:,} captures",
                f"{report['total_s']:.2f} s ({report['pages']} pages)",
                "< 2 s" if report["captures"] <= 1000 else "",
                report["total_s"] < 2.0 if report["captures"] <= 1000 else None,
            )
        )
    programme = data["programme_report"]
    rows.append(
        Row(
            f"Programme report, {programme['sessions']} sessions",
            f"{programme['total_s']:.2f} s ({programme['pages']} pages)",
            "",
            None,
        )
    )
    for label, figures in data["search"].items():
        rows.append(
            Row(
                f"Search, {label}",
                f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms"
                f" ({figures['hits']}{'+' if figures['truncated'] else ''} hits)",
                "< 100 ms",
                figures["p99_ms"] < 100.0,
            )
        )
    for label, key in (("tree shown", "memory_tree_mb"), ("5,000 session open", "memory_end_mb")):
        rows.append(
            Row(
                f"Memory, {label}",
                f"{window[key]['rss_mb']:.0f} MB resident",
                "< 300 MB",
                window[key]["rss_mb"] < 300,
            )
        )
    idle = capture["idle"]
    rows.append(
        Row(
            "CPU, live mode idle",
            f"{idle['cpu_percent']:.2f}% of a core",
            "< 2%",
            idle["cpu_percent"] < 2.0,
        )
    )
    return rows


def print_table(rows: list[Row]) -> None:
    widths = [max(len(getattr(row, name)) for row in rows) for name in ("measure", "figure")]
    print()
    print(f"{'Measure':<{widths[0]}}  {'Figure':<{widths[1]}}  {'Target':<14}  Met")
    for row in rows:
        met = "—" if row.met is None else ("yes" if row.met else "NO")
        print(f"{row.measure:<{widths[0]}}  {row.figure:<{widths[1]}}  {row.target:<14}  {met}")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.suite", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--archive", type=Path, help="a data folder made by archive.py")
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke check")
    parser.add_argument("--json-out", type=Path, help="also write the JSON summary here")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as folder:
        scratch = Path(folder)
        archive = args.archive
        if archive is None:
            archive = scratch / "archive"
            print(f"No --archive given: generating one in {archive} (about a minute) …")
            run_json_free(["tests.benchmarks.archive", str(archive)])
        elif not (archive / DATABASE_NAME).exists():
            raise SystemExit(f"There is no {DATABASE_NAME} in {archive}.")
        print(f"Archive: {archive} ({'quick' if args.quick else 'full'} runs)")
        data, rows = measure_all(archive, scratch, args.quick)
    print_table(rows)
    summary = {
        "archive": str(args.archive) if args.archive else "generated",
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started),
        "rows": [asdict(row) for row in rows],
        "figures": data,
    }
    text = json.dumps(summary)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    return 0


def run_json_free(args: list[str]) -> None:
    """Run a module in a new process, showing its output."""
    subprocess.run([sys.executable, "-m", *args], cwd=ROOT, check=True)


if __name__ == "__main__":
    raise SystemExit(main())
