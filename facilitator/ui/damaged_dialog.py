"""What to do when the database file turned out to be damaged as the app opened it.

By then the file has been moved aside (never deleted). The user chooses: restore the newest
good backup, start with a new file, use another folder, or quit.
"""

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QWidget

from facilitator.domain.backups import BackupFile, describe_moment
from facilitator.domain.errors import DatabaseDamagedError, FacilitatorError
from facilitator.services import backups

TITLE = "Your data file was damaged"
FOLDER = "folder"  # the answer that asks for another folder next


class Recovery(Enum):
    RESTORE = "restore"
    NEW_FILE = "new file"


class DamagedFileDialog:
    """Say what happened to the damaged file and ask how to carry on."""

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, text: str, backup: BackupFile | None
    ) -> Recovery | Path | None:
        """Return RESTORE, NEW_FILE, the folder chosen instead, or None to quit."""
        while True:
            box, answers = cls.build(parent, text=text, backup=backup)
            box.exec()
            answer = next(
                (answer for button, answer in answers if button is box.clickedButton()), None
            )
            if answer != FOLDER:
                return answer
            folder = QFileDialog.getExistingDirectory(parent, "Choose a folder for your data")
            if folder:
                return Path(folder)

    @staticmethod
    def build(
        parent: QWidget | None, *, text: str, backup: BackupFile | None
    ) -> tuple[QMessageBox, list[tuple[QAbstractButton, Recovery | str]]]:
        """Return the message box and what each button means, for `ask` to show (and for
        tests to look at); Quit means None."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(TITLE)
        box.setTextFormat(Qt.TextFormat.PlainText)  # paths may hold any character
        box.setText(text)
        # Wide enough that the paths in the message wrap as little as possible.
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 40em; }")
        answers: list[tuple[QAbstractButton, Recovery | str]] = []
        if backup is not None:
            restore = box.addButton(
                f"Restore the backup from {describe_moment(backup.made_at)}",
                QMessageBox.ButtonRole.AcceptRole,
            )
            answers.append((restore, Recovery.RESTORE))
        fresh = box.addButton("Start with a new file", QMessageBox.ButtonRole.ActionRole)
        other = box.addButton("Choose another folder…", QMessageBox.ButtonRole.ActionRole)
        answers += [(fresh, Recovery.NEW_FILE), (other, FOLDER)]
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(answers[0][0] if backup is not None else other)  # type: ignore[arg-type]
        return box, answers


def recover_damaged(
    parent: QWidget | None, folder: Path, error: DatabaseDamagedError
) -> Path | None:
    """Ask how to carry on after `error`, and restore the backup if that is the choice.

    Return the folder to open next (the same one, restored or to start afresh, or another),
    or None to quit.
    """
    text, backup = str(error), error.backup
    while True:
        answer = DamagedFileDialog.ask(parent, text=text, backup=backup)
        if answer is not Recovery.RESTORE:
            return folder if answer is Recovery.NEW_FILE else answer
        assert backup is not None
        try:
            backups.restore(folder, backup.path)
        except FacilitatorError as problem:
            # The folder holds no database now: never fall through to a new, empty file
            # without the user choosing it. Offer whatever good backup is left.
            backup = backups.newest_good_backup(folder)
            text = f"{problem}\n\nThe damaged file is kept at {error.moved_to}."
            continue
        return folder
