"""Render each page of the main window to PNG files, for a person to look over.

Run it by hand to refresh the pictures:

    uv run python -m tests.ui.screens /tmp/facilitator-screens

The test suite calls `render_pages` too, so the pictures cannot silently stop rendering.
"""

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtWidgets import QApplication

from facilitator.ui.main_window import MainWindow
from facilitator.ui.navigation import NavigationModel, NodeRole

WINDOW_SIZE = QSize(1280, 800)
LAPTOP_SIZE = QSize(1366, 768)  # a typical laptop screen, where the review must still read


def _key_of(model: NavigationModel, text: str) -> object:
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data() == text or index.data().startswith(f"{text} · "):
                return index.data(NodeRole)
            stack.append(index)
    raise LookupError(f"no tree row shows {text!r}")


def render_pages(window: MainWindow, folder: Path) -> list[Path]:
    """Show each sample page in `window` (already holding the sample) and save it as PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(WINDOW_SIZE)
    shots = [
        ("programme-cohort", "Building collaborative leadership: Wealdmoor cohort 2", 0),
        ("programme-organisations", "Building collaborative leadership: Wealdmoor cohort 2", 1),
        ("module", "3. Power, politics and decision-making", None),
        ("session-agenda", "Day one", 0),
        ("session-review", "Day one", 1),
        ("session-attendees", "Day one", 2),
        ("session-planned", "Day two", 0),
        ("session-library", "Day two", 0),
    ]
    saved = []
    for name, row_text, tab in shots:
        window.select(_key_of(window.navigation, row_text))
        page = window.pages.currentWidget()
        if tab is not None:
            page.tabs.setCurrentIndex(tab)
        if name == "session-review":
            page.review.view.selectRow(6)  # shows the full capture beside the table
        if name == "session-library":
            window.show_library()
            window.library_dock.widget().view.selectRow(4)
        _settle()
        path = folder / f"{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        saved.append(path)
    return saved


def _settle() -> None:
    # Wrapped labels settle their height over a few rounds of layout requests.
    for _ in range(4):
        QApplication.processEvents()


def render_review(window: MainWindow, folder: Path) -> list[Path]:
    """Show the review and analysis of "Day one" at a laptop's size, and save them as PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(LAPTOP_SIZE)
    if window.library_dock is not None:
        window.library_dock.hide()
    window.select(_key_of(window.navigation, "Day one"))
    page = window.pages.currentWidget()
    review = page.review
    saved = []
    for name in ("laptop-review", "laptop-review-filtered", "laptop-review-conflict"):
        page.tabs.setCurrentIndex(1)
        review.filters.clear_filters()
        if name == "laptop-review":
            review.view.selectRow(6)
        elif name == "laptop-review-filtered":
            review.filters.search.setText("budget")
            review.view.selectRow(0)
        else:
            linked = next((o for o in review.model.observations if o.conflict_id), None)
            if linked is None:
                continue
            review.select(linked.uuid)
        _settle()
        path = folder / f"{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        saved.append(path)
    review.filters.clear_filters()
    page.tabs.setCurrentIndex(3)
    for name, scheme in (
        ("laptop-analysis", None),
        ("laptop-analysis-kantor", "kantor-four-player"),
    ):
        analysis = page.analysis
        analysis.scheme.setCurrentIndex(max(0, analysis.scheme.findData(scheme)))
        _settle()
        if scheme is not None:  # further down: the by-item table and the sequences
            bar = analysis.scroll.verticalScrollBar()
            bar.setValue(bar.maximum())
            _settle()
        path = folder / f"{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        saved.append(path)
    page.analysis.scheme.setCurrentIndex(0)
    return saved


def main(folder: str) -> None:
    """Open a fresh sample database in a temporary folder and render its pages into `folder`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from facilitator.services.store import open_store

    _app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = open_store(Path(scratch) / "data", today=date.today())
        try:
            window = MainWindow(settings_path=Path(scratch) / "w.ini")
            window.finish_start_up()
            window.attach_store(db)
            window.show()
            for path in render_pages(window, Path(folder)):
                print(path)
            for path in render_review(window, Path(folder)):
                print(path)
            window.close()
        finally:
            db.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "facilitator-screens")
