"""Measure the main window on a large archive: the tree, the 5,000-capture review, memory.

Run with `uv run python -m tests.benchmarks.archive_window --data-dir DIR [--session ID]`,
offscreen, on a COPY of an archive made by `tests/benchmarks/archive.py` (opening a data
folder may write to it). The window is built and shown first (that is start-up, measured
by `startup.py`); then, timed:

- open: the data folder opened (`open_store`, which checks the file);
- tree: `MainWindow.attach_store` to the navigation tree filled and painted, with the
  first page shown as the app does (the selection is restored);
- session: the 5,000-capture session chosen in the tree, its page shown on the Review tab;
- scroll: the review timeline scrolled end to end a page at a time, each step the scroll
  bar moved, the viewport repainted and pending events run: p50, p99 and worst frame.

Resident memory (VmRSS, and the peak VmHWM) is read from /proc/self/status after the tree
is shown and after the session is open. Prints a table, then the figures as one line of
JSON. Not part of the test suite.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LARGE_TITLE = "Benchmark: 5,000 captures"


def memory_mb() -> dict[str, float]:
    """Return this process's resident memory now and at its peak, in MB."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": found.get("VmRSS", 0.0), "peak_mb": found.get("VmHWM", 0.0)}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def large_session_id(db: Any) -> int:
    """Return the id of the archive's 5,000-capture landmark session."""
    from facilitator.services.programmes import list_programmes

    for programme in list_programmes(db):
        for module in programme.modules:
            for session in module.sessions:
                if session.title == LARGE_TITLE:
                    return session.id
        for session in programme.loose_sessions:
            if session.title == LARGE_TITLE:
                return session.id
    raise SystemExit(f"No session called “{LARGE_TITLE}” in this archive.")


def scroll_frames(app: Any, view: Any) -> list[float]:
    """Scroll `view` from top to bottom a page at a time; return each step's seconds."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    frames = []
    value = 0
    while True:
        began = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        app.processEvents()
        frames.append(time.perf_counter() - began)
        if value >= bar.maximum():
            return frames
        value = min(value + bar.pageStep(), bar.maximum())


def measure(data_dir: Path, settings: Path, session_id: int | None) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from facilitator.services.store import open_store
    from facilitator.ui.main_window import MainWindow
    from facilitator.ui.navigation import NodeKind
    from facilitator.ui.session_page import REVIEW_TAB

    app = QApplication.instance() or QApplication(sys.argv)
    window = MainWindow(settings_path=settings)
    window.finish_start_up()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    figures: dict[str, Any] = {"memory_before_mb": memory_mb()}

    began = time.perf_counter()
    db = open_store(data_dir)
    opened = time.perf_counter()
    window.attach_store(db)
    window.tree.viewport().repaint()
    app.processEvents()
    shown = time.perf_counter()
    figures["open_s"] = round(opened - began, 3)
    figures["tree_s"] = round(shown - opened, 3)
    figures["open_and_tree_s"] = round(shown - began, 3)
    figures["tree_rows"] = window.navigation.rowCount()
    figures["memory_tree_mb"] = memory_mb()

    session_id = session_id or large_session_id(db)
    began = time.perf_counter()
    window.select((NodeKind.SESSION, session_id))
    page = window.session_page
    page.tabs.setCurrentIndex(REVIEW_TAB)
    page.review.view.viewport().repaint()
    app.processEvents()
    figures["session_s"] = round(time.perf_counter() - began, 3)
    figures["session_rows"] = page.review.proxy.rowCount()
    figures["memory_session_mb"] = memory_mb()

    view = page.review.view
    view.setFocus()
    frames = scroll_frames(app, view)
    figures["scroll"] = {
        "frames": len(frames),
        "p50_ms": round(percentile(frames, 0.5) * 1000, 2),
        "p99_ms": round(percentile(frames, 0.99) * 1000, 2),
        "worst_ms": round(max(frames) * 1000, 2),
        "total_s": round(sum(frames), 3),
        "item_model": type(view.model()).__name__,
        "index_widgets": sum(
            view.indexWidget(view.model().index(row, 0)) is not None
            for row in range(min(view.model().rowCount(), 200))
        ),
    }
    figures["memory_end_mb"] = memory_mb()
    window.close()
    db.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a copy of an archive")
    parser.add_argument("--session", type=int, help="the session to review (the 5,000 one)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        figures = measure(args.data_dir, Path(scratch) / "window.ini", args.session)
    scroll = figures["scroll"]
    print(f"Open the data folder              {figures['open_s']:7.3f} s")
    print(f"Tree filled and painted           {figures['tree_s']:7.3f} s")
    print(
        f"  ({figures['tree_rows']} programmes; {figures['memory_tree_mb']['rss_mb']} MB resident)"
    )
    print(f"Session of {figures['session_rows']:,} on Review         {figures['session_s']:7.3f} s")
    print(f"  ({figures['memory_session_mb']['rss_mb']} MB resident)")
    print(
        f"Scroll end to end: {scroll['frames']} frames, p50 {scroll['p50_ms']} ms, "
        f"p99 {scroll['p99_ms']} ms, worst {scroll['worst_ms']} ms ({scroll['item_model']})"
    )
    print(json.dumps({"window": figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
