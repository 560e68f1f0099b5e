"""Export a session report: choose how it names people, check what that replaced, save the PDF.

The check (every name replaced, and anything still looking like a name) shows as soon as the
dialog opens and again whenever the choice changes; it takes a few tens of milliseconds even
for a long day, so it runs on the GUI thread. The PDF is written in the background while the
dialog shows that it is busy; a failure says why in plain words and leaves the dialog open
with the same choices, to try another folder.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.enums import NamesMode
from facilitator.domain.errors import FacilitatorError
from facilitator.ui import dialogs
from facilitator.ui.background import run_in_background
from facilitator.ui.export_files import failure_text, is_expected, suggested_path, tell_saved
from facilitator.ui.name_check import NameCheckView

if TYPE_CHECKING:
    from facilitator.services.session_report import ReportCheck

DEFAULT_NAMES = NamesMode.PSEUDONYM  # the safe choice: a report leaves the room
NAMES_HELP = {
    NamesMode.REAL: "Participants are named as in the cohort list.",
    NamesMode.PSEUDONYM: "Each participant appears under a pseudonym, such as “Participant A”.",
    NamesMode.ORGANISATION: "Participants appear only as their organisation; names in notes "
    "become “a participant”.",
}
BUSY_TEXT = "Writing the report…"


@dataclass(frozen=True, slots=True)
class SavedReport:
    """A report written to disk, and what naming did to it."""

    path: Path
    names: NamesMode
    check: "ReportCheck"


class ReportDialog(QDialog):
    """Choose how the report names people, see what that replaces, and save the PDF."""

    def __init__(
        self, parent: QWidget | None, *, db: Any, session_id: int, session_title: str
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.session_title = session_title
        self.saved: SavedReport | None = None
        self.busy = False
        self.setWindowTitle("Session report")
        self.setMinimumSize(640, 520)
        self.resize(760, 620)

        intro = QLabel(
            f"Save the report on “{session_title}” as a PDF. Choose how it names participants, "
            "and check what that replaces before you send it."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the title is user text

        self.choices = QButtonGroup(self)
        names_box = QGroupBox("Name participants by")
        names_row = QHBoxLayout()
        self.radios: dict[NamesMode, QRadioButton] = {}
        for mode in (NamesMode.PSEUDONYM, NamesMode.ORGANISATION, NamesMode.REAL):
            radio = QRadioButton(mode.label)
            radio.setToolTip(NAMES_HELP[mode])
            self.radios[mode] = radio
            self.choices.addButton(radio)
            names_row.addWidget(radio)
        names_row.addStretch(1)
        self.names_help = QLabel()
        self.names_help.setWordWrap(True)
        self.names_help.setEnabled(False)  # muted
        names_column = QVBoxLayout(names_box)
        names_column.addLayout(names_row)
        names_column.addWidget(self.names_help)

        self.cues_box = QCheckBox("Include the pattern cues that fired, and what followed each")
        self.cues_box.setToolTip(
            "The cues your own rules raised for you during the session. Useful in your own "
            "copy; usually left out of the one you share."
        )
        self.check_view = NameCheckView()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, for as long as it takes
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.busy_label = QLabel(BUSY_TEXT)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy_label)
        busy_row.addWidget(self.progress, 1)
        self.busy_row = QWidget()
        self.busy_row.setLayout(busy_row)
        self.busy_row.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            "Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(names_box)
        layout.addWidget(self.cues_box)
        layout.addWidget(self.check_view, 1)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.buttons)

        self.radios[DEFAULT_NAMES].setChecked(True)
        self.choices.buttonToggled.connect(self._choice_did_change)
        self.refresh_check()

    # Choosing and checking ------------------------------------------------------------------

    def names(self) -> NamesMode:
        """Return how the report will name participants."""
        return next(mode for mode, radio in self.radios.items() if radio.isChecked())

    def set_names(self, mode: NamesMode) -> None:
        self.radios[mode].setChecked(True)

    def _choice_did_change(self, _button: object, checked: bool) -> None:
        if checked:  # the radio turned off also reports; check once, for the one turned on
            self.refresh_check()

    def refresh_check(self) -> None:
        """Show what naming participants as chosen replaces, and what still looks like a name."""
        from facilitator.services.session_report import ReportCheck, check_names

        names = self.names()
        self.names_help.setText(NAMES_HELP[names])
        if names is NamesMode.REAL:
            # Nothing is replaced: the check would only say so, and slowly.
            self.check_view.show_check(ReportCheck(names=names, replacements=(), leftovers=()))
            return
        try:
            check = check_names(self.db, self.session_id, names=names)
        except FacilitatorError as error:
            self.check_view.show_problem(f"The names could not be checked. {error}")
            return
        self.check_view.show_check(check)

    # Saving ---------------------------------------------------------------------------------

    def suggested_path(self) -> Path:
        return suggested_path(self.session_title, what="report", suffix=".pdf")

    def save(self) -> None:
        """Ask where to save the PDF, then write it in the background."""
        from facilitator.services.session_report import write_session_report_file

        if self.busy:
            return
        path = dialogs.choose_pdf_path(
            self, title="Save the session report", suggested=self.suggested_path()
        )
        if path is None:
            return
        names, db, session_id = self.names(), self.db, self.session_id
        cues = self.cues_box.isChecked()
        self._set_busy(True)
        run_in_background(
            lambda: write_session_report_file(db, session_id, path, names=names, cues=cues),
            on_done=lambda check: self._saved(path, names, check),
            on_error=lambda error: self._failed(path, error),
            owner=self,
        )

    def _saved(self, path: Path, names: NamesMode, check: "ReportCheck") -> None:
        self._set_busy(False)
        self.saved = SavedReport(path=path, names=names, check=check)
        self.accept()

    def _failed(self, path: Path, error: BaseException) -> None:
        self._set_busy(False)
        if not is_expected(error):
            raise error  # a bug: the app's error handler logs it and says so calmly
        dialogs.show_problem(self, title="The report was not saved", text=failure_text(error, path))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_row.setVisible(busy)
        for widget in (*self.radios.values(), self.cues_box, self.save_button):
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QGuiApplication.restoreOverrideCursor()

    def reject(self) -> None:
        if not self.busy:  # a report half written finishes first
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, db: Any, session_id: int, session_title: str
    ) -> SavedReport | None:
        """Show the dialog; return the report saved, or None if the user cancelled."""
        dialog = cls(parent, db=db, session_id=session_id, session_title=session_title)
        dialog.exec()
        return dialog.saved


def export_report(
    parent: QWidget | None, *, db: Any, session_id: int, session_title: str
) -> Path | None:
    """Export the session report as a PDF; say where it went. Return its path, or None."""
    saved = ReportDialog.ask(parent, db=db, session_id=session_id, session_title=session_title)
    if saved is None:
        return None
    named = {
        NamesMode.REAL: "It names participants: share it only with the people it was written for.",
        NamesMode.PSEUDONYM: "Participants appear under pseudonyms.",
        NamesMode.ORGANISATION: "Participants appear only as their organisations.",
    }[saved.names]
    tell_saved(
        parent,
        path=saved.path,
        title="Report saved",
        text=f"The session report is saved as:\n{saved.path}\n\n{named}",
        open_text="Open report",
    )
    return saved.path
