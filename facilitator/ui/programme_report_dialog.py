"""Export a programme report: choose how it names people and where it goes, then save the PDF.

The report is written in the background (a long programme takes a moment); the user hears
where it went, or in plain words why it could not be saved.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.enums import NamesMode
from facilitator.ui import dialogs
from facilitator.ui.background import run_in_background
from facilitator.ui.export_files import failure_text, is_expected, suggested_path, tell_saved
from facilitator.ui.report_dialog import DEFAULT_NAMES, NAMES_HELP

NAMED = {
    NamesMode.REAL: "It names participants: share it only with the people it was written for.",
    NamesMode.PSEUDONYM: "Participants appear under pseudonyms.",
    NamesMode.ORGANISATION: "Participants appear only as their organisations.",
}


class ProgrammeReportNames(QDialog):
    """Choose how the programme report names participants (pseudonyms unless changed)."""

    def __init__(self, parent: QWidget | None, *, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Programme report")
        intro = QLabel(
            f"Save the report on “{title}” as a PDF: its modules and attendance, session "
            "summaries, pattern trends, conflicts and evaluation results."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the title is user text
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Name participants by:"))
        self.radios: dict[NamesMode, QRadioButton] = {}
        for mode in (NamesMode.PSEUDONYM, NamesMode.ORGANISATION, NamesMode.REAL):
            radio = QRadioButton(mode.label)
            radio.setToolTip(NAMES_HELP[mode])
            self.radios[mode] = radio
            layout.addWidget(radio)
        self.radios[DEFAULT_NAMES].setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def names(self) -> NamesMode:
        """Return how the report will name participants."""
        return next(mode for mode, radio in self.radios.items() if radio.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str) -> NamesMode | None:
        """Show the choice; return it, or None if the user cancelled."""
        dialog = cls(parent, title=title)
        return dialog.names() if dialog.exec() == QDialog.DialogCode.Accepted else None


def export_programme_report(
    parent: QWidget | None,
    *,
    db: Any,
    programme_id: int,
    title: str,
    on_finished: Callable[[Path | None], None] | None = None,
) -> None:
    """Ask how to name people and where to save, then write the programme report in the
    background; `on_finished` hears the path once written, or None if it was not."""
    from facilitator.services.programme_report import write_programme_report_file

    def finish(path: Path | None) -> None:
        if on_finished is not None:
            on_finished(path)

    names = ProgrammeReportNames.ask(parent, title=title)
    path = None
    if names is not None:
        path = dialogs.choose_pdf_path(
            parent,
            title="Save the programme report",
            suggested=suggested_path(title, what="programme report", suffix=".pdf"),
        )
    if names is None or path is None:
        finish(None)
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def done(_result: object) -> None:
        QGuiApplication.restoreOverrideCursor()
        tell_saved(
            parent,
            path=path,
            title="Programme report saved",
            text=f"The programme report is saved as:\n{path}\n\n{NAMED[names]}",
            open_text="Open report",
        )
        finish(path)

    def failed(error: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        if not is_expected(error):
            raise error  # a bug: the app's error handler logs it and says so calmly
        dialogs.show_problem(
            parent, title="The programme report was not saved", text=failure_text(error, path)
        )
        finish(None)

    run_in_background(
        lambda: write_programme_report_file(db, programme_id, path, names=names),
        on_done=done,
        on_error=failed,
        owner=parent,
    )
