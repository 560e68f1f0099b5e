"""A participant's data rights on the Cohort tab: export all held about them, or erase them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.privacy import ERASED, ErasurePreview, ErasureReport
from facilitator.domain.roster_import import name_key
from facilitator.ui import dialogs
from facilitator.ui.background import run_in_background
from facilitator.ui.export_files import failure_text, is_expected, suggested_path, tell_saved
from facilitator.ui.formatting import plural

HTML_FILTER = "Web page to read and print (*.html)"
JSON_FILTER = "JSON for other programs (*.json)"


class AccessFileDialog:
    """Ask where to save an access request: a web page, or JSON."""

    @classmethod
    def ask(cls, parent: QWidget | None, *, suggested: Path) -> Path | None:
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            parent,
            "Save everything held about this participant",
            str(suggested),
            f"{HTML_FILTER};;{JSON_FILTER}",
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() in (".html", ".json"):
            return path
        suffix = ".json" if chosen_filter == JSON_FILTER else ".html"
        return path.with_name(path.name + suffix)


def export_access_file(parent: QWidget, *, db: Any, participant_id: int, name: str) -> None:
    """Ask where to save everything held about a participant, then write it in the background."""
    from facilitator.services.subject_access import write_subject_access_file

    path = AccessFileDialog.ask(
        parent, suggested=suggested_path(name, what="personal data", suffix=".html")
    )
    if path is None:
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def done(found: Any) -> None:
        QGuiApplication.restoreOverrideCursor()
        tell_saved(
            parent,
            path=path,
            title="Their data is saved",
            text=f"Everything held about {name} is in:\n{path}\n\n"
            f"{plural(len(found.captures), 'observation')}, "
            f"{plural(len(found.actions), 'action')} and "
            f"{plural(len(found.mentions), 'other mention')}. Other participants are not "
            "named in it. Read it through before you send it.",
            open_text="Open file",
        )

    def failed(error: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        if not is_expected(error):
            raise error
        dialogs.show_problem(
            parent, title="Their data was not saved", text=failure_text(error, path)
        )

    run_in_background(
        lambda: write_subject_access_file(db, participant_id, path),
        on_done=done,
        on_error=failed,
        owner=parent,
    )


@dataclass(frozen=True, slots=True)
class EraseChoice:
    """The user confirmed the erasure; `delete_backups` if the backups go too."""

    delete_backups: bool


def erasure_text(preview: ErasurePreview) -> str:
    """Say what erasing the participant does, and what it cannot reach."""
    mentions = (
        f"{plural(preview.mentions, 'mention')} in {plural(preview.records, 'record')}"
        if preview.mentions
        else "none at present"
    )
    return (
        f"Erasing {preview.name} from “{preview.programme_title}”:\n\n"
        f"•  replaces their name, its parts, their initials and contact details with "
        f"“{ERASED}” in every note, write-up, action, parking-lot item and conflict of the "
        f"programme, and their full name anywhere else in the file ({mentions});\n"
        f"•  keeps the {plural(preview.captures, 'observation')} about, from or to them, "
        "but no longer linked to them: one that was only about them is now about nobody "
        "in particular;\n"
        f"•  takes them off the attendance of {plural(preview.attendance, 'session')}, "
        "then deletes their record;\n"
        "•  compacts the file, so the name is gone from it on disk.\n\n"
        "This cannot be undone. Reports, CSV files and bundles already exported or sent "
        "are not changed: ask whoever has them to delete them."
    )


def backups_text(count: int) -> str:
    if not count:
        return "There are no backups to delete."
    return (
        f"Also delete the {plural(count, 'backup')} made before now (each still holds their name)"
    )


class EraseDialog(QDialog):
    """Confirm an erasure: the user types the person's name, and may delete the backups."""

    def __init__(self, parent: QWidget | None, *, preview: ErasurePreview) -> None:
        super().__init__(parent)
        self.setWindowTitle("Erase participant")
        self.setMinimumWidth(560)
        self._name = preview.name
        heading = QLabel(f"Erase {preview.name} from Facilitator?")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        heading.setWordWrap(True)
        explanation = QLabel(erasure_text(preview))
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        explanation.setWordWrap(True)
        self.delete_backups = QCheckBox(backups_text(preview.backups))
        self.delete_backups.setEnabled(preview.backups > 0)
        note = QLabel(
            "Backups are whole copies of the file: until they are deleted, each still holds "
            "the name. Later backups will not."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #56616d;")
        warning = QLabel(f"To confirm, type their name: {preview.name}")
        warning.setTextFormat(Qt.TextFormat.PlainText)
        warning.setWordWrap(True)
        warning.setStyleSheet("font-weight: bold;")
        self.typed = QLineEdit()
        self.typed.setAccessibleName("Their name, to confirm")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton(
            "Erase for good", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.typed.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addSpacing(6)
        layout.addWidget(self.delete_backups)
        layout.addWidget(note)
        layout.addSpacing(6)
        layout.addWidget(warning)
        layout.addWidget(self.typed)
        layout.addWidget(self.buttons)
        self.typed.setFocus()

    def _check(self) -> None:
        self.erase_button.setEnabled(name_key(self.typed.text()) == name_key(self._name))

    @classmethod
    def ask(cls, parent: QWidget | None, *, preview: ErasurePreview) -> EraseChoice | None:
        """Return the user's choice once they typed the name and chose Erase; else None."""
        dialog = cls(parent, preview=preview)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return EraseChoice(delete_backups=dialog.delete_backups.isChecked())


def erasure_summary(report: ErasureReport) -> str:
    """Say what an erasure did."""
    places = "; ".join(f"{place.where.lower()}: {place.mentions}" for place in report.places)
    paragraphs = [
        f"{report.name} has been erased.",
        f"{plural(report.mentions, 'mention')} of their name replaced with “{ERASED}” in "
        f"{plural(report.records, 'record')}" + (f" ({places})." if places else "."),
        f"{plural(report.links, 'observation')} no longer name them; "
        f"{report.unlinked_captures} of those are now about nobody in particular. They are "
        f"off the attendance of {plural(report.attendance, 'session')}.",
        "The file was compacted: the name is gone from it on disk."
        if report.compacted
        else "The file could not be compacted just now, so old copies of the text may "
        "linger in it. Close and reopen Facilitator, then use Erase… on any other record "
        "of them, to compact it again.",
    ]
    if report.backups_removed:
        paragraphs.append(f"{plural(report.backups_removed, 'backup')} made before now deleted.")
    if report.backups_left:
        paragraphs.append(
            f"{plural(report.backups_left, 'backup')} could not be deleted: remove "
            "them from the backups folder by hand."
        )
    if report.same_name_in:
        paragraphs.append(
            "Someone with the same name is still in "
            + "; ".join(f"“{title}”" for title in report.same_name_in)
            + ". If that is the same person, erase them there too."
        )
    return "\n\n".join(paragraphs)


def erase_participant(
    parent: QWidget, *, db: Any, participant_id: int, on_erased: Callable[[], None]
) -> ErasureReport | None:
    """Confirm and carry out an erasure, then say what it did; None if it did not happen."""
    from facilitator.services.erasure import erase_participant as erase
    from facilitator.services.erasure import erasure_preview

    try:
        preview = erasure_preview(db, participant_id)
    except FacilitatorError as error:
        dialogs.show_problem(parent, title="The participant was not erased", text=str(error))
        return None
    choice = EraseDialog.ask(parent, preview=preview)
    if choice is None:
        return None
    # One transaction and a VACUUM: quick enough to wait for, and nothing else may write
    # meanwhile, so it runs here rather than in the background.
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        report = erase(db, participant_id, delete_backups=choice.delete_backups)
    except FacilitatorError as error:
        QGuiApplication.restoreOverrideCursor()
        dialogs.show_problem(
            parent,
            title="The participant was not erased",
            text=f"{error}\n\nNothing was changed.",
        )
        return None
    except BaseException:
        QGuiApplication.restoreOverrideCursor()
        raise
    QGuiApplication.restoreOverrideCursor()
    on_erased()
    dialogs.show_information(parent, title="Participant erased", text=erasure_summary(report))
    return report
