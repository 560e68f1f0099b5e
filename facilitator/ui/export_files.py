"""Exported files: where they go by default, what a failure means, what the user is told.

Also the CSV export of a session's captures, which needs nothing more than these.
"""

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from facilitator.domain.enums import NamesMode
from facilitator.domain.errors import DiskFullError, FacilitatorError
from facilitator.ui import dialogs
from facilitator.ui.background import run_in_background
from facilitator.ui.formatting import plural

NOTHING_LOST = "Nothing was lost: everything you have written is still saved in Facilitator."
OPEN_FILE, OPEN_FOLDER = "file", "folder"


def documents_folder() -> Path:
    """Return the user's Documents folder (their home folder if the system names none)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def file_name(text: str, *, fallback: str = "export") -> str:
    """Return `text` as a file name: no characters that file systems refuse, no dot ends."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in text)
    cleaned = " ".join(cleaned.split()).strip(" .")
    return cleaned[:150].strip(" .") or fallback


def suggested_path(title: str, *, what: str, suffix: str) -> Path:
    """Return Documents/'<title> <what><suffix>', e.g. 'Day one report.pdf'."""
    stem = file_name(f"{title} {what}".strip(), fallback=what or "export")
    return documents_folder() / f"{stem}{suffix}"


def choose_csv_path(parent: QWidget | None, *, title: str, suggested: Path) -> Path | None:
    """Ask where to save a CSV file; return None if the user cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), "CSV for spreadsheets (*.csv)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")


def failure_text(error: BaseException, path: Path) -> str:
    """Say in plain words why a file could not be written at `path`, and what to do."""
    folder = path.parent
    if isinstance(error, FacilitatorError):
        reason = str(error)  # written for the user already (a full disk says so)
    elif isinstance(error, IsADirectoryError):
        reason = f"“{path.name}” is a folder there. Choose another file name."
    elif isinstance(error, (FileNotFoundError, NotADirectoryError)):
        reason = (
            f"The folder “{folder}” does not exist, or the drive it was on is no longer "
            "connected. Choose another folder."
        )
    elif isinstance(error, PermissionError) or (
        isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    ):
        reason = (
            f"You cannot save files in “{folder}”: it is read-only or belongs to someone "
            "else. Choose another folder, such as Documents."
        )
    elif isinstance(error, OSError):
        reason = f"The computer could not write the file: {error.strerror or error}."
    else:
        reason = str(error)
    if isinstance(error, DiskFullError):
        return f"{reason}\n\n{NOTHING_LOST}"
    return f"{path}\n\n{reason}\n\n{NOTHING_LOST}"


def is_expected(error: BaseException) -> bool:
    """True for a failure to explain to the user; anything else is a bug to report."""
    return isinstance(error, (FacilitatorError, OSError))


class SavedFileMessage:
    """Say a file was saved, and offer to open it or the folder holding it."""

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, text: str, open_text: str) -> str | None:
        """Return OPEN_FILE, OPEN_FOLDER, or None when the user just closes the message."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the path holds the session's title
        box.setText(text)
        open_file = box.addButton(open_text, QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_file)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_file:
            return OPEN_FILE
        return OPEN_FOLDER if clicked is open_folder else None


def tell_saved(
    parent: QWidget | None, *, path: Path, title: str, text: str, open_text: str
) -> None:
    """Tell the user where the file went, and open it or its folder if they ask."""
    choice = SavedFileMessage.ask(parent, title=title, text=text, open_text=open_text)
    if choice == OPEN_FILE:
        dialogs.open_file(path)
    elif choice == OPEN_FOLDER:
        open_folder(path.parent)


def open_folder(folder: Path) -> None:
    """Show a folder in the system's file manager (a local file URL: no network)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def export_captures_csv(
    parent: QWidget | None,
    *,
    db: Any,
    session_id: int,
    session_title: str,
    names: NamesMode = NamesMode.REAL,
    on_finished: Callable[[Path | None], None] | None = None,
) -> None:
    """Ask where to save the session's captures as CSV, then write them in the background.

    `on_finished` hears the path once the file is written, or None if it was not.
    """
    from facilitator.services.capture_export import write_captures_csv

    suggested = suggested_path(session_title, what="captures", suffix=".csv")
    path = choose_csv_path(parent, title="Save the captures as CSV", suggested=suggested)
    if path is None:
        if on_finished is not None:
            on_finished(None)
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def done(count: int) -> None:
        QGuiApplication.restoreOverrideCursor()
        tell_saved(
            parent,
            path=path,
            title="Captures saved",
            text=f"Saved {plural(count, 'capture')} to:\n{path}",
            open_text="Open file",
        )
        if on_finished is not None:
            on_finished(path)

    def failed(error: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        if not is_expected(error):
            raise error
        dialogs.show_problem(
            parent, title="The captures were not saved", text=failure_text(error, path)
        )
        if on_finished is not None:
            on_finished(None)

    run_in_background(
        lambda: write_captures_csv(db, session_id, path, names=names),
        on_done=done,
        on_error=failed,
        owner=parent,
    )
