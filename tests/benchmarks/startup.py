"""Measure cold start: process launch to the main window on screen, against a bare window.

Run with `uv run python tests/benchmarks/startup.py [--runs N]`. Each run is a new Python
process. Three things are timed, median of N runs each:

- bare: a bare PySide6 QMainWindow, for comparison (the target is within 1.5x of it);
- app (first run): Facilitator on an empty data folder, which creates the database and loads
  the sample programme;
- app (existing data): Facilitator on a data folder that already has its database.

For the app, "window" is the first paint of the main window and "content" the moment the
navigation tree and the first page are filled from the database. Not part of the test suite:
timings on a shared machine are too noisy to assert on.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The child prints wall-clock times (time.time) so they compare with the parent's launch time.
PROBE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            self.seen = True
            print(f"window {time.time():.6f}", flush=True)
            if MODE == "bare":
                QTimer.singleShot(0, app.quit)
        return False


probe = FirstPaint()
app.installEventFilter(probe)
if MODE == "bare":
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 800)
    window.show()
    app.exec()
else:
    from facilitator.ui.main_window import MainWindow

    attach = MainWindow.attach_store

    def attach_and_report(self, db):
        attach(self, db)
        print(f"content {time.time():.6f}", flush=True)
        QTimer.singleShot(0, self.close)

    MainWindow.attach_store = attach_and_report
    from facilitator.app import run_app

    sys.exit(run_app(data_dir=DATA_DIR, settings=SETTINGS))
"""


def run_once(mode: str, data_dir: Path, settings: Path) -> dict[str, float]:
    code = f"MODE = {mode!r}\nDATA_DIR = {str(data_dir)!r}\n"
    code += f"from pathlib import Path\nSETTINGS = Path({str(settings)!r})\n{PROBE}"
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # Measure as a user's machine runs: Python caches compiled bytecode (the first, warm-up run
    # writes it), which this variable, set on some build machines, would prevent.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    launched = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    marks = {}
    for line in result.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        marks[name] = float(stamp) - launched
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="end with the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        settings = root / "window.ini"
        results: dict[str, list[dict[str, float]]] = {"bare": [], "first": [], "existing": []}
        existing = root / "existing"
        run_once("bare", root / "unused", settings)  # warm the caches
        run_once("app", existing, settings)  # create the database once
        for run in range(args.runs):
            results["bare"].append(run_once("bare", root / "unused", settings))
            results["first"].append(run_once("app", root / f"fresh-{run}", settings))
            results["existing"].append(run_once("app", existing, settings))

    def median(mode: str, mark: str) -> float:
        return statistics.median(run[mark] for run in results[mode])

    bare = median("bare", "window")
    figures: dict[str, float] = {"runs": args.runs, "bare_s": round(bare, 3)}
    print(
        f"Median of {args.runs} runs, seconds from process launch (QT_QPA_PLATFORM="
        f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')}):"
    )
    print(f"  bare PySide6 window shown           {bare:.3f}")
    for mode, label in (("existing", "existing data"), ("first", "first run")):
        window, content = median(mode, "window"), median(mode, "content")
        print(
            f"  Facilitator ({label:13}) window {window:.3f} ({window / bare:.2f}x bare), "
            f"content {content:.3f} ({content / bare:.2f}x bare)"
        )
        figures[f"{mode}_window_s"] = round(window, 3)
        figures[f"{mode}_content_s"] = round(content, 3)
        figures[f"{mode}_window_ratio"] = round(window / bare, 3)
    if args.json:
        print(json.dumps({"startup": figures}))


if __name__ == "__main__":
    main()
