"""Exchange bundles from the interface: export a session or a programme to one file, and
import a bundle after showing what it will change.

The file work runs off the interface thread (`run_in_background`); while an import is
checked and written, a small modal busy dialog keeps other edits out.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from facilitator.domain.changes import Changes
from facilitator.domain.exchange import ImportSummary
from facilitator.ui import dialogs
from facilitator.ui.background import run_in_background
from facilitator.ui.export_files import (
    documents_folder,
    failure_text,
    is_expected,
    suggested_path,
    tell_saved,
)
from facilitator.ui.formatting import plural

SUFFIX = ".facilitator"
BUNDLE_FILTER = f"Facilitator bundles (*{SUFFIX});;All files (*)"
NOT_IMPORTED = "The bundle was not imported"


class BundleFileDialog:
    """Ask where to save a bundle, or which bundle to import."""

    @classmethod
    def ask_save(cls, parent: QWidget | None, *, title: str, suggested: Path) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), BUNDLE_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)

    @classmethod
    def ask_open(cls, parent: QWidget | None) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, "Import a bundle", str(documents_folder()), BUNDLE_FILTER
        )
        return Path(chosen) if chosen else None


class ImportPreviewDialog:
    """Show what importing a bundle will change, and ask whether to go ahead."""

    @classmethod
    def ask(cls, parent: QWidget | None, *, summary: ImportSummary) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Import a bundle")
        box.setTextFormat(Qt.TextFormat.PlainText)  # titles and names are the user's own
        box.setText(preview_text(summary))
        box.setDetailedText(count_lines(summary))
        go = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(go)
        box.exec()
        return box.clickedButton() is go


def preview_text(summary: ImportSummary) -> str:
    """Say what the bundle is and what importing it changes."""
    made = summary.created_at.astimezone().strftime("%d %B %Y at %H:%M")
    return (
        f"“{summary.title}” is a {summary.contents} bundle made on {made} with Facilitator "
        f"{summary.app_version}.\n\n{summary.describe()}"
    )


def count_lines(summary: ImportSummary) -> str:
    """Return one line per kind of record: added, updated, unchanged."""
    from facilitator.domain.bundle_records import LABELS

    return "\n".join(
        f"{LABELS[c.kind][1].capitalize()}: {c.added:,} added, {c.updated:,} updated, "
        f"{c.unchanged:,} unchanged"
        for c in summary.counts
        if c.added or c.updated or c.unchanged
    )


def export_session_bundle(parent: QWidget | None, *, db: Any, session_id: int, title: str) -> None:
    """Ask where to save the session's bundle, then write it in the background."""
    from facilitator.services.exchange_export import export_session

    _export(parent, title=title, write=lambda path: export_session(db, session_id, path))


def export_programme_bundle(
    parent: QWidget | None, *, db: Any, programme_id: int, title: str
) -> None:
    """Ask where to save the programme's bundle, then write it in the background."""
    from facilitator.services.exchange_export import export_programme

    _export(parent, title=title, write=lambda path: export_programme(db, programme_id, path))


def _export(parent: QWidget | None, *, title: str, write: Callable[[Path], Any]) -> None:
    suggested = suggested_path(title, what="", suffix=SUFFIX)
    path = BundleFileDialog.ask_save(
        parent, title="Export a bundle for another laptop", suggested=suggested
    )
    if path is None:
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def done(written: Any) -> None:
        QGuiApplication.restoreOverrideCursor()
        tell_saved(
            parent,
            path=path,
            title="Bundle saved",
            text=(
                f"Saved “{written.title}” with {plural(written.sessions, 'session')} and "
                f"{plural(written.captures, 'capture')} to:\n{path}\n\n"
                "Import it on the other laptop with File › Import a bundle."
            ),
            open_text="Open folder",
        )

    def failed(error: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        if not is_expected(error):
            raise error
        dialogs.show_problem(
            parent, title="The bundle was not saved", text=failure_text(error, path)
        )

    run_in_background(lambda: write(path), on_done=done, on_error=failed, owner=parent)


def import_bundle(parent: QWidget | None, *, db: Any) -> Changes | None:
    """Choose a bundle, show what it will change, and import it if the user agrees.

    Returns what changed, or None if nothing was imported (cancelled or refused).
    """
    from facilitator.services.exchange_import import import_bundle as write_bundle
    from facilitator.services.exchange_import import preview_import

    path = BundleFileDialog.ask_open(parent)
    if path is None:
        return None
    summary = _busy(parent, "Checking the bundle…", lambda: preview_import(db, path))
    if summary is None:
        return None
    if not summary.added and not summary.updated and not summary.renumbered:
        dialogs.show_information(parent, title="Import a bundle", text=preview_text(summary))
        return None
    if not ImportPreviewDialog.ask(parent, summary=summary):
        return None
    done = _busy(parent, "Importing the bundle…", lambda: write_bundle(db, path))
    return None if done is None else done.changes


def _busy[T](parent: QWidget | None, text: str, work: Callable[[], T]) -> T | None:
    """Run `work` in the background behind a modal busy dialog; return its result, or None
    after showing why it failed."""
    outcome: dict[str, Any] = {}
    box: QProgressDialog | None = None

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        if box is not None:
            box.done(0)  # closes the dialog and ends its exec()

    run_in_background(
        work,
        on_done=lambda result: finish("result", result),
        on_error=lambda error: finish("error", error),
    )
    if not outcome:  # still running: wait behind a dialog the user cannot dismiss
        box = QProgressDialog(text, "", 0, 0, parent)
        box.setCancelButton(None)
        box.setWindowTitle("Import a bundle")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(0)
        if not outcome:
            box.exec()
        box.deleteLater()
    if "error" in outcome:
        error = outcome["error"]
        if not is_expected(error):
            raise error
        dialogs.show_problem(parent, title=NOT_IMPORTED, text=f"{error}\n\nNothing was changed.")
        return None
    return outcome.get("result")
