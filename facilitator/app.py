"""The composition root: paths, the store, the QApplication and the main window.

Start-up order matters for speed: the window is shown first, and the database layer
(SQLAlchemy, and Alembic when a file needs upgrading) is loaded just after the first paint.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from facilitator import APP_NAME

EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2
# A second launch on a folder that already has a window: that window came forward instead.
EXIT_ALREADY_OPEN = 0
SETTINGS_NAME = "window.ini"
# Matches packaging/linux/<id>.desktop, so desktops show the app's own icon and name.
DESKTOP_ID = "org.facilitator.Facilitator"
# Signals that ask a desktop app to close (the session logging out, Ctrl+C in a terminal).
CLOSE_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")


def settings_path() -> Path:
    """Return the file that remembers window size and layout (per user, not per database)."""
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(folder) / SETTINGS_NAME


def run_app(*, data_dir: str | None = None, settings: Path | None = None) -> int:
    """Open the main window on the data folder and run until it closes; return the exit code.

    A second launch on a folder that already has a window asks that window to come forward,
    says so, and returns 0 without opening anything.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from facilitator.resources import resource_path

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(QIcon(str(resource_path("icons", "facilitator.svg"))))
    restorers: list[Callable[[], None]] = []

    def handle_signals() -> None:
        # Asked to stop from outside: close the windows as if the user had, so pending edits
        # are committed and the closing backup is made.
        restorers.append(_close_on_signals(lambda: QTimer.singleShot(0, app.closeAllWindows)))

    try:
        return _run_window(app, data_dir=data_dir, settings=settings, handle_signals=handle_signals)
    finally:
        for restore_signals in restorers:
            restore_signals()


def _run_window(
    app: Any, *, data_dir: str | None, settings: Path | None, handle_signals: Callable[[], None]
) -> int:
    """Show the window, then set up what its first paint need not wait for (the handling of
    signals, the log, the store)."""
    from PySide6.QtCore import QTimer

    from facilitator.storage.location import resolve_data_dir
    from facilitator.ui.instance_name import may_be_listening
    from facilitator.ui.main_window import MainWindow

    settings = settings or settings_path()
    first_choice = resolve_data_dir(data_dir, remembered=_remembered_folder(settings))
    # Only a folder with a window listening is worth asking about, which keeps Qt's local
    # sockets out of an ordinary start.
    if may_be_listening(first_choice):
        from facilitator.ui.single_instance import SingleInstance

        if SingleInstance(first_choice).ask_running_to_show():
            handle_signals()
            _say_already_open()
            return EXIT_ALREADY_OPEN
    window = MainWindow(settings_path=settings)
    window.show()
    app.processEvents()  # paint the window now, before the slower work below
    handle_signals()
    from facilitator.logs import setup_logging

    log_path = setup_logging()
    _install_error_hook(window, log_path)
    outcome: dict[str, Any] = {"code": 0}

    def open_store() -> None:
        from facilitator.domain.errors import DatabaseDamagedError, FacilitatorError
        from facilitator.logs import log_unexpected
        from facilitator.services.store import open_store as open_the_store
        from facilitator.ui import dialogs
        from facilitator.ui.damaged_dialog import recover_damaged
        from facilitator.ui.single_instance import SingleInstance, bring_forward
        from facilitator.ui.store_keeper import StoreKeeper

        folder: Path | None = first_choice
        while folder is not None:
            try:
                db = open_the_store(folder)
                break
            except DatabaseDamagedError as error:  # moved aside already: offer the backup
                folder = recover_damaged(window, folder, error)
            except FacilitatorError as error:
                folder = dialogs.OpenProblemDialog.ask(
                    window, title=f"{APP_NAME} cannot open your data", text=str(error)
                )
            except Exception:
                log_unexpected(*sys.exc_info())
                dialogs.show_unexpected_error(window, log_path=log_path)
                outcome["code"] = EXIT_UNEXPECTED
                window.close()
                return
        if folder is None:
            outcome["code"] = EXIT_BAD_INPUT
            window.close()
            return
        if folder != first_choice:  # the user picked it after a problem: start there next time
            window.remember_data_folder(folder)
        keeper = StoreKeeper(window, db)
        keeper.problem_did_occur.connect(lambda text: window.statusBar().showMessage(text))
        app.aboutToQuit.connect(keeper.close)  # the backup on closing, then the file closes
        instance = SingleInstance(folder, window)
        instance.show_requested.connect(lambda: bring_forward(window))
        instance.listen()
        outcome["keeper"], outcome["instance"] = keeper, instance
        window.attach_store(db)
        window.finish_start_up()  # icons last: the data matters more than the pictures
        window.reopen_live_session()  # after a crash, straight back into the live session
        keeper.start_daily_backups()

    QTimer.singleShot(0, open_store)
    code = app.exec()
    if "keeper" in outcome:
        # aboutToQuit has closed the store; the application object outlives this window
        # (in tests, and when the app is embedded), so nothing of it may stay connected.
        app.aboutToQuit.disconnect(outcome["keeper"].close)
        outcome["keeper"].close()
        outcome["instance"].close()
    return outcome["code"] or code


def _close_on_signals(close: Callable[[], None]) -> Callable[[], None]:
    """Call `close` inside Qt's event loop when the process is asked to stop (POSIX only);
    return what puts the previous handling back.

    Python runs a signal handler only between bytecodes, which never happen while Qt waits
    for events. The wakeup file descriptor wakes Qt's loop through a socket notifier, and
    Python then runs the handler.
    """
    if sys.platform == "win32":
        return lambda: None
    import os
    import signal

    from PySide6.QtCore import QSocketNotifier

    reader, writer = os.pipe()
    for end in (reader, writer):
        os.set_blocking(end, False)
    try:
        previous_fd = signal.set_wakeup_fd(writer, warn_on_full_buffer=False)
    except ValueError:  # not the main thread: leave the signals alone
        os.close(reader)
        os.close(writer)
        return lambda: None
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read)

    def drain() -> None:
        try:
            while os.read(reader, 64):
                pass
        except BlockingIOError:
            pass

    notifier.activated.connect(drain)
    numbers = [getattr(signal, name) for name in CLOSE_SIGNALS if hasattr(signal, name)]
    previous = {number: signal.signal(number, lambda *_: close()) for number in numbers}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.activated.disconnect(drain)
        os.close(reader)
        os.close(writer)

    return restore


def _remembered_folder(settings: Path) -> str | None:
    """Return the data folder the user last chose in the app, read without the window."""
    from PySide6.QtCore import QSettings

    from facilitator.ui.main_window import SETTINGS_DATA_FOLDER

    folder = QSettings(str(settings), QSettings.Format.IniFormat).value(SETTINGS_DATA_FOLDER)
    return folder if isinstance(folder, str) and folder else None


def _say_already_open() -> None:
    from facilitator.ui import dialogs
    from facilitator.ui.single_instance import ALREADY_OPEN

    if sys.stdout is not None:  # no console at all when started from a desktop icon
        print(ALREADY_OPEN, flush=True)
    dialogs.show_information(None, title=APP_NAME, text=ALREADY_OPEN)


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
