"""The main window's actions on the data itself: its folder, check, backups, retention and
bundles from other laptops."""

from typing import Any

from facilitator.domain.errors import FacilitatorError
from facilitator.ui import dialogs


def connect_data_actions(window: Any, actions: Any) -> None:
    """Connect the data actions of `actions` to what they do for `window` (a MainWindow)."""
    actions.check_database.triggered.connect(lambda: check_database(window))
    actions.show_data_folder.triggered.connect(lambda: show_data_folder(window))
    actions.backups.triggered.connect(lambda: show_backups(window))
    actions.retention.triggered.connect(lambda: manage_retention(window))
    actions.import_bundle.triggered.connect(lambda: import_bundle(window))


def check_database(window: Any) -> None:
    """Run the full integrity check and report the result."""
    from facilitator.services.store import integrity_problems

    try:
        problems = integrity_problems(window.db)
    except FacilitatorError as error:
        dialogs.show_problem(window, title="Database check", text=str(error))
        return
    if problems:
        listed = "\n".join(problems[:10])
        dialogs.show_problem(
            window,
            title="Database check",
            text=f"The check found {len(problems)} problem(s):\n\n{listed}\n\n"
            "Restore a backup with File › Backups…; the file as it is now is kept aside.",
        )
    else:
        dialogs.show_information(
            window, title="Database check", text=f"No problems found in\n{window.db.path}."
        )


def show_data_folder(window: Any) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(window.db.path.parent)))


def show_backups(window: Any) -> None:
    from facilitator.ui.backups_dialog import BackupsDialog

    window.commit_pending_edits()  # a backup made now includes what is being typed
    BackupsDialog.show_for(window)


def manage_retention(window: Any) -> None:
    from facilitator.ui.retention_dialog import manage_retention as manage

    window.commit_pending_edits()
    window.apply_changes(manage(window, db=window.db))


def import_bundle(window: Any) -> None:
    from facilitator.ui.exchange_dialogs import import_bundle as import_chosen

    window.commit_pending_edits()
    changes = import_chosen(window, db=window.db)
    if changes is not None:
        window.apply_changes(changes)
