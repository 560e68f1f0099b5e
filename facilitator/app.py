"""The composition root: paths, the store, the QApplication and the main window.

Start-up order matters for speed: the window is shown first, and the database layer
(SQLAlchemy, and Alembic when a file needs upgrading) is loaded just after the first paint.
"""

import sys
from pathlib import Path
from types import TracebackType

from facilitator import APP_NAME

EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2
SETTINGS_NAME = "window.ini"


def settings_path() -> Path:
    """Return the file that remembers window size and layout (per user, not per database)."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(folder) / SETTINGS_NAME


def run_app(*, data_dir: str | None = None, settings: Path | None = None) -> int:
    """Open the main window on the data folder and run until it closes; return the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from facilitator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    window = MainWindow(settings_path=settings or settings_path())
    window.show()
    app.processEvents()  # paint the window now, before the slower work below
    from facilitator.logs import setup_logging

    log_path = setup_logging()
    _install_error_hook(window, log_path)
    outcome = {"code": 0}

    def open_store() -> None:
        from facilitator.domain.errors import FacilitatorError
        from facilitator.logs import log_unexpected
        from facilitator.services.store import open_store as open_the_store
        from facilitator.storage.location import resolve_data_dir
        from facilitator.ui import dialogs

        first_choice = resolve_data_dir(data_dir, remembered=window.remembered_data_folder())
        folder = first_choice
        while True:
            try:
                db = open_the_store(folder)
                break
            except FacilitatorError as error:
                chosen = dialogs.OpenProblemDialog.ask(
                    window, title=f"{APP_NAME} cannot open your data", text=str(error)
                )
                if chosen is None:
                    outcome["code"] = EXIT_BAD_INPUT
                    window.close()
                    return
                folder = chosen
            except Exception:
                log_unexpected(*sys.exc_info())
                dialogs.show_unexpected_error(window, log_path=log_path)
                outcome["code"] = EXIT_UNEXPECTED
                window.close()
                return
        if folder != first_choice:  # the user picked it after a problem: start there next time
            window.remember_data_folder(folder)
        app.aboutToQuit.connect(db.close)
        window.attach_store(db)
        window.finish_start_up()  # icons last: the data matters more than the pictures
        window.reopen_live_session()  # after a crash, straight back into the live session

    QTimer.singleShot(0, open_store)
    code = app.exec()
    return outcome["code"] or code


def _install_error_hook(window: object, log_path: Path | None) -> None:
    """Show any error that escapes a command: a known problem as itself, anything else calmly
    (and logged without its message), one dialog at a time."""
    from facilitator.domain.errors import FacilitatorError
    from facilitator.logs import log_unexpected
    from facilitator.ui import dialogs

    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if not isinstance(error, FacilitatorError):
            log_unexpected(kind, error, tb)
        if showing:  # an error raised again while its dialog is up is not shown twice
            return
        showing = True
        try:
            if isinstance(error, FacilitatorError):
                dialogs.show_problem(window, title=APP_NAME, text=str(error))  # type: ignore[arg-type]
            else:
                dialogs.show_unexpected_error(window, log_path=log_path)  # type: ignore[arg-type]
        finally:
            showing = False

    sys.excepthook = hook
