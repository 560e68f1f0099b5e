"""Message dialogs. Each exposes one function or classmethod so tests can stand in for it.

The main window imports this module before its first paint; Qt's message box and file
dialog (and the Qt namespace of enums) load when a dialog is first shown.
"""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class ConfirmDialog:
    """Ask the user to confirm an action that cannot be undone."""

    @classmethod
    def ask(cls, parent: "QWidget | None", *, title: str, text: str, action: str) -> bool:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the text quotes names the user typed
        box.setText(text)
        confirm = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is confirm


class OpenProblemDialog:
    """Say why the data cannot be opened, and offer another folder or quitting."""

    @classmethod
    def ask(cls, parent: "QWidget | None", *, title: str, text: str) -> Path | None:
        """Return the folder the user chose instead, or None to quit."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        choose = box.addButton("Choose another folder…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(choose)
        box.exec()
        if box.clickedButton() is not choose:
            return None
        folder = QFileDialog.getExistingDirectory(parent, "Choose a folder for your data")
        return Path(folder) if folder else None


def _message(parent: "QWidget | None", icon: str, title: str, text: str) -> None:
    """Show a message box with the QMessageBox.Icon called `icon`."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    # Plain text always: messages quote titles and names the user typed, and a message box
    # left to guess would draw "<b>Pairs</b>" in bold.
    box = QMessageBox(QMessageBox.Icon[icon], title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def show_problem(parent: "QWidget | None", *, title: str, text: str) -> None:
    """Tell the user about an expected problem and what to do about it."""
    _message(parent, "Warning", title, text)


def show_information(parent: "QWidget | None", *, title: str, text: str) -> None:
    _message(parent, "Information", title, text)


def unexpected_error_text(log_path: Path | None) -> str:
    where = (
        f"Details for support are in the log file:\n{log_path}"
        if log_path
        else "The log file could not be written."
    )
    return (
        "Something unexpected went wrong. Everything you had already saved is safe: each "
        "change is written to disk as you make it.\n\n"
        f"{where}\n\nThe log holds no names or notes."
    )


def show_unexpected_error(parent: "QWidget | None", *, log_path: Path | None) -> None:
    """Calmly report an error the app did not expect."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, "Something went wrong", unexpected_error_text(log_path))


def choose_pdf_path(parent: "QWidget | None", *, title: str, suggested: Path) -> Path | None:
    """Ask where to save a PDF; return None if the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), "PDF (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def open_file(path: Path) -> None:
    """Open a file in the app the system uses for its type (a PDF viewer, say)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
