"""Measure planning: an agenda edit from key press to refreshed page, and run sheet PDFs.

Run with `uv run python tests/benchmarks/planning.py [--runs N]`. Times are medians of N
runs on a fresh copy of the sample data:

- edit: one agenda command (move an item) pushed in the main window, up to the refreshed
  navigation tree and session page, as after Alt+Down;
- undo: Edit › Undo of that move, up to the refreshed page;
- run sheet: the facilitator's PDF of the sample's planned day (10 items) and of a day with
  60 items.

Not part of the test suite: timings on a shared machine are too noisy to assert on.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from facilitator.domain.fields import AgendaItemFields
    from facilitator.services import programmes
    from facilitator.services.agenda import AddItems, MoveItem
    from facilitator.services.runsheets import write_run_sheet_file
    from facilitator.services.sessions import duplicate_session
    from facilitator.services.store import open_store
    from facilitator.ui.main_window import MainWindow
    from facilitator.ui.navigation import NodeKind

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = open_store(Path(scratch) / "data", today=date.today())
        module = programmes.list_programmes(db)[0].modules[2]
        day_two = next(s.id for s in module.sessions if s.title == "Day two")
        window = MainWindow(settings_path=Path(scratch) / "w.ini")
        window.finish_start_up()
        window.attach_store(db)
        window.show()
        window.select((NodeKind.SESSION, day_two))
        app.processEvents()
        item = programmes.session_detail(db, day_two).agenda[0]

        edits, undos = [], []
        for _ in range(runs):
            command = MoveItem(session_id=day_two, uuid=item.uuid, to_index=5)
            began = time.perf_counter()
            window.undo_hub.push(command)
            app.processEvents()  # the coalesced refresh runs here
            edits.append(time.perf_counter() - began)
            began = time.perf_counter()
            window.undo_action.trigger()
            app.processEvents()
            undos.append(time.perf_counter() - began)
        window.close()

        long_day = duplicate_session(db, day_two)
        AddItems(
            session_id=long_day,
            index=0,
            items=[
                AgendaItemFields(
                    title=f"Item {n}",
                    minutes=5,
                    purpose="Why " * 30,
                    facilitator_notes="Note " * 40,
                    materials="Pens",
                )
                for n in range(50)
            ],
        ).redo(db)
        sheets: dict[str, list[float]] = {"10 items": [], "60 items": []}
        for _ in range(max(3, runs // 3)):
            for label, session_id in (("10 items", day_two), ("60 items", long_day)):
                began = time.perf_counter()
                write_run_sheet_file(db, session_id, Path(scratch) / "sheet.pdf")
                sheets[label].append(time.perf_counter() - began)
        db.close()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:7.1f} ms"

    print(f"agenda edit + page refresh   {ms(edits)}  (median of {runs})")
    print(f"undo + page refresh          {ms(undos)}")
    for label, values in sheets.items():
        print(f"run sheet PDF, {label:9}    {ms(values)}  (median of {len(values)})")


if __name__ == "__main__":
    main()
