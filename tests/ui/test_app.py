"""The whole app end to end: run_app opens the data, or says calmly why it cannot."""

import hashlib
import logging
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from facilitator.app import EXIT_BAD_INPUT, EXIT_UNEXPECTED, run_app
from facilitator.logs import LOG_NAME
from facilitator.storage.database import open_database
from facilitator.storage.location import DATABASE_NAME
from facilitator.ui import dialogs
from facilitator.ui.main_window import MainWindow

PROGRAMME_TITLE = "Building collaborative leadership: Wealdmoor cohort 2"
CANNOT_OPEN = "Facilitator cannot open your data"
# Long enough for a first run (migrations and the sample) on a slow machine; a hung test fails.
TIMEOUT_SECONDS = 20.0


@pytest.fixture(autouse=True)
def app_state(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Undo what run_app does to the process: error hook and log handlers."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    logger = logging.getLogger("facilitator")
    handlers, level = list(logger.handlers), logger.level
    yield
    for handler in logger.handlers[:]:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)


@pytest.fixture
def problems(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record (title, text) of each problem dialog instead of showing it; the user quits."""
    shown: list[tuple[str, str]] = []

    def record(parent: object, *, title: str, text: str) -> None:
        shown.append((title, text))

    monkeypatch.setattr(dialogs, "show_problem", record)
    monkeypatch.setattr(dialogs.OpenProblemDialog, "ask", record)
    return shown


@pytest.fixture
def unexpected(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Record the log path of each unexpected-error dialog instead of showing it."""
    shown: list[Path | None] = []
    monkeypatch.setattr(
        dialogs, "show_unexpected_error", lambda parent, *, log_path: shown.append(log_path)
    )
    return shown


def run_until_shown(
    *, inspect: Callable[[MainWindow], None], **arguments: object
) -> tuple[int, dict]:
    """Run the app; once its window shows a database, call `inspect(window)`, then close it.

    Return the exit code and {"inspected": True} if the window came up with its data ({} if
    it never did). An exception raised by `inspect` is raised again here.
    """
    outcome: dict = {}
    clock = QElapsedTimer()
    poll = QTimer(interval=20)

    def check() -> None:
        # Nothing may escape into the event loop: run_app's error hook would swallow it.
        windows = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, MainWindow) and widget.isVisible()
        ]
        ready = [w for w in windows if w.database_label.text().startswith("Database:")]
        if ready:
            poll.stop()
            try:
                inspect(ready[0])
                outcome["inspected"] = True
            except BaseException as error:
                outcome["error"] = error
            finally:
                ready[0].close()
        elif clock.hasExpired(int(TIMEOUT_SECONDS * 1000)):
            poll.stop()
            outcome["timed out"] = True
            for window in windows:
                window.close()
            QApplication.quit()

    poll.timeout.connect(check)
    clock.start()
    poll.start()
    try:
        code = run_app(**arguments)
    finally:
        poll.stop()
    assert "timed out" not in outcome, "the app neither showed its data nor closed"
    if "error" in outcome:
        raise outcome.pop("error")
    return code, outcome


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Opening ------------------------------------------------------------------------------------


def test_first_run_on_an_empty_folder_shows_the_sample(
    tmp_path: Path, problems, unexpected
) -> None:
    """A first run creates the database in the data folder and shows the sample programme."""
    data = tmp_path / "data"  # FACILITATOR_DATA_DIR points here; it does not exist yet
    settings = tmp_path / "w.ini"
    seen: dict = {}

    def inspect(window: MainWindow) -> None:
        seen["title"] = window.windowTitle()
        seen["tree"] = window.navigation.index(0, 0).data()
        seen["page"] = window.pages.currentWidget() is window.programme_page
        seen["page title"] = window.programme_page.title.text()
        seen["status"] = window.database_label.text()
        seen["icons"] = not window.actions.refresh.icon().isNull()
        seen["remove enabled"] = window.actions.remove_sample.isEnabled()

    code, outcome = run_until_shown(inspect=inspect, settings=settings)

    assert code == 0
    assert outcome == {"inspected": True}
    assert seen == {
        "title": "Facilitator",
        "tree": PROGRAMME_TITLE,
        "page": True,
        "page title": PROGRAMME_TITLE,
        "status": f"Database: {data / DATABASE_NAME}",
        "icons": True,
        "remove enabled": True,
    }
    assert (data / DATABASE_NAME).is_file()
    assert stat.S_IMODE((data / DATABASE_NAME).stat().st_mode) == 0o600
    assert settings.is_file(), "closing the window remembers its layout"
    assert problems == []
    assert unexpected == []


def test_explicit_data_folder_wins_and_is_released_on_exit(
    data_dir: Path, tmp_path: Path, problems, unexpected
) -> None:
    """run_app(data_dir=...) opens that folder, and closes the database when the app quits."""
    code, _ = run_until_shown(
        inspect=lambda window: None, data_dir=str(data_dir), settings=tmp_path / "w.ini"
    )

    assert code == 0
    assert problems == []
    # The instance lock was released: the folder can be opened again straight away.
    open_database(data_dir).close()


# Bad input ------------------------------------------------------------------------------------


def newer_version(tmp_path: Path, data_dir: Path) -> tuple[Path, Path]:
    """A database written by a newer version of the app."""
    path = data_dir / DATABASE_NAME
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    return data_dir, path


def unwritable_folder(tmp_path: Path, data_dir: Path) -> tuple[Path, Path]:
    """A data folder that cannot be created, because its parent is a file (tests run as root)."""
    parent = tmp_path / "not-a-folder"
    parent.write_text("a file where a folder should be\n")
    return parent / "data", parent


def not_ours(tmp_path: Path, data_dir: Path) -> tuple[Path, Path]:
    """A healthy SQLite file of some other program's."""
    data = tmp_path / "foreign"
    data.mkdir(mode=0o700)
    with closing(sqlite3.connect(data / DATABASE_NAME)) as connection:
        connection.execute("CREATE TABLE recipe (name TEXT)")
        connection.commit()
    return data, data / DATABASE_NAME


# A damaged file (not SQLite at all, or failing its check) is moved aside and recovery is
# offered instead: see test_app_recovery.py.
CASES = {
    "not ours": (not_ours, "is an SQLite database, but not one of Facilitator's"),
    "newer version": (newer_version, "was saved by a newer version of Facilitator"),
    "unwritable folder": (unwritable_folder, "cannot be created"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_shows_a_dialog_exits_2_and_changes_nothing(
    case: str, tmp_path: Path, data_dir: Path, problems, unexpected
) -> None:
    """Each bad data folder gets one clear dialog, exit code 2, and its file left as it was."""
    make, phrase = CASES[case]
    folder, path = make(tmp_path, data_dir)
    before = fingerprint(path)

    code, outcome = run_until_shown(
        inspect=lambda window: None, data_dir=str(folder), settings=tmp_path / "w.ini"
    )

    assert code == EXIT_BAD_INPUT
    assert outcome == {}, "the window never showed data"
    ((title, text),) = problems
    assert title == CANNOT_OPEN
    assert phrase in text
    assert str(folder) in text
    assert fingerprint(path) == before
    assert not (folder / "backups").exists()
    assert unexpected == []


def test_newer_version_message_names_the_schema_and_what_to_do(
    tmp_path: Path, data_dir: Path, problems, unexpected
) -> None:
    """The message for a newer file says it was left untouched and to install the newer app."""
    folder, _ = newer_version(tmp_path, data_dir)

    assert run_until_shown(inspect=lambda w: None, data_dir=str(folder))[0] == EXIT_BAD_INPUT

    ((_, text),) = problems
    assert "9999_future" in text
    assert "left untouched" in text
    assert "Install the newer version" in text


def test_database_already_open_shows_a_dialog_and_exits_2(
    tmp_path: Path, data_dir: Path, problems, unexpected
) -> None:
    """While another instance holds the folder, the app says so and leaves the file alone."""
    path = data_dir / DATABASE_NAME
    before = fingerprint(path)
    holder = open_database(data_dir)
    try:
        code, outcome = run_until_shown(
            inspect=lambda window: None, data_dir=str(data_dir), settings=tmp_path / "w.ini"
        )
    finally:
        holder.close()

    assert code == EXIT_BAD_INPUT
    assert outcome == {}
    ((title, text),) = problems
    assert title == CANNOT_OPEN
    assert "already open in another Facilitator window" in text
    assert fingerprint(path) == before
    assert unexpected == []


def test_unexpected_failure_while_opening_shows_the_calm_dialog_and_exits_1(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, problems, unexpected
) -> None:
    """A failure nobody foresaw while opening the data is logged, shown calmly, and ends the app."""
    from facilitator.services import store as store_service

    # Kept off the `raise` line: the log quotes the source lines of the code, by design.
    message = "cannot read Helen Marchbank's notes"

    def broken_open(folder: Path, **_: object) -> object:
        raise RuntimeError(message)

    monkeypatch.setattr(store_service, "open_store", broken_open)
    code, outcome = run_until_shown(
        inspect=lambda window: None, data_dir=str(data_dir), settings=tmp_path / "w.ini"
    )

    log = tmp_path / "logs" / LOG_NAME
    assert code == EXIT_UNEXPECTED
    assert outcome == {}
    assert unexpected == [log]
    assert problems == []
    text = log.read_text(encoding="utf-8")
    assert "builtins.RuntimeError (message withheld)" in text
    assert "Marchbank" not in text


def test_choosing_another_folder_after_a_problem_opens_that_folder(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, unexpected
) -> None:
    """When the data cannot be opened, the user can pick another folder and carry on there."""
    bad, bad_file = not_ours(tmp_path, data_dir)
    before = fingerprint(bad_file)
    asked: list[str] = []

    def choose_the_good_folder(parent: object, *, title: str, text: str) -> Path:
        asked.append(text)
        return data_dir

    monkeypatch.setattr(dialogs.OpenProblemDialog, "ask", choose_the_good_folder)
    seen: dict = {}

    def inspect(window: MainWindow) -> None:
        seen["database"] = window.database_label.text()

    code, outcome = run_until_shown(inspect=inspect, data_dir=str(bad), settings=tmp_path / "w.ini")

    assert code == 0
    assert outcome == {"inspected": True}
    assert len(asked) == 1 and "not one of Facilitator's" in asked[0]
    assert seen["database"] == f"Database: {data_dir / DATABASE_NAME}"
    assert fingerprint(bad_file) == before
    assert unexpected == []


def test_a_folder_chosen_after_a_problem_is_opened_next_time(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, unexpected
) -> None:
    """The folder a user picks instead is remembered; --data-dir still wins over it."""
    bad, _ = not_ours(tmp_path, data_dir)
    settings = tmp_path / "w.ini"
    monkeypatch.delenv("FACILITATOR_DATA_DIR")
    monkeypatch.setattr(dialogs.OpenProblemDialog, "ask", lambda parent, *, title, text: data_dir)
    run_until_shown(inspect=lambda window: None, data_dir=str(bad), settings=settings)

    def refuse(parent: object, *, title: str, text: str) -> None:
        raise AssertionError("no problem expected when opening the remembered folder")

    monkeypatch.setattr(dialogs.OpenProblemDialog, "ask", refuse)
    seen: list[str] = []
    code, _ = run_until_shown(
        inspect=lambda window: seen.append(window.database_label.text()), settings=settings
    )
    assert code == 0
    assert seen == [f"Database: {data_dir / DATABASE_NAME}"]

    elsewhere = tmp_path / "elsewhere"
    code, _ = run_until_shown(
        inspect=lambda window: seen.append(window.database_label.text()),
        data_dir=str(elsewhere),
        settings=settings,
    )
    assert seen[-1] == f"Database: {elsewhere / DATABASE_NAME}"
    assert unexpected == []


# Unexpected errors ----------------------------------------------------------------------------


def test_unexpected_error_shows_calm_dialog_and_logs_without_names(
    tmp_path: Path, data_dir: Path, problems, unexpected
) -> None:
    """An unexpected error is logged by kind and place only, and the user sees the calm dialog."""
    # Kept off the `raise` line: the log quotes the source lines of the code, by design.
    message = "could not save note: Helen Marchbank said the ICB budget was a stitch-up"

    def fail(window: MainWindow) -> None:
        try:
            raise RuntimeError(message)
        except RuntimeError as error:
            sys.excepthook(type(error), error, error.__traceback__)

    code, outcome = run_until_shown(inspect=fail, data_dir=str(data_dir))

    log = tmp_path / "logs" / LOG_NAME
    assert code == 0
    assert outcome == {"inspected": True}
    assert unexpected == [log]
    text = log.read_text(encoding="utf-8")
    assert "builtins.RuntimeError (message withheld)" in text
    assert "in fail" in text, "the log says where in the code it happened"
    for private in ("Helen", "Marchbank", "stitch-up", "could not save note"):
        assert private not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert problems == []


def test_error_in_a_menu_command_reaches_the_calm_dialog(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, problems, unexpected
) -> None:
    """An exception escaping a command's slot goes to the error hook, not to a crash."""
    from facilitator.services import store as store_service

    message = "damaged note by Rhiannon Pritchard"

    def broken_check(db: object) -> list[str]:
        raise OSError(message)

    monkeypatch.setattr(store_service, "integrity_problems", broken_check)
    seen: dict = {}

    def use_the_command(window: MainWindow) -> None:
        window.actions.check_database.trigger()
        seen["still showing"] = window.isVisible() and window.navigation.rowCount() == 1

    code, _ = run_until_shown(inspect=use_the_command, data_dir=str(data_dir))

    log = tmp_path / "logs" / LOG_NAME
    assert code == 0
    assert seen == {"still showing": True}
    assert unexpected == [log]
    text = log.read_text(encoding="utf-8")
    assert "builtins.OSError (message withheld)" in text
    assert "data_actions.py" in text and "in check_database" in text
    assert "Rhiannon" not in text and "damaged note" not in text


def test_a_known_problem_escaping_a_command_shows_its_own_message_once(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, unexpected
) -> None:
    """A FacilitatorError reaching the hook is shown as itself and not logged; the same error
    raised again while its dialog is up does not stack a second dialog."""
    from facilitator.domain.errors import DiskFullError

    error = DiskFullError("There is no space left on the disk.")
    shown: list[tuple[str, str]] = []

    def show_problem(parent: object, *, title: str, text: str) -> None:
        shown.append((title, text))
        sys.excepthook(type(error), error, None)  # e.g. a repaint failing behind the dialog

    monkeypatch.setattr(dialogs, "show_problem", show_problem)

    def fail(window: MainWindow) -> None:
        sys.excepthook(type(error), error, None)

    code, outcome = run_until_shown(inspect=fail, data_dir=str(data_dir))

    assert code == 0
    assert outcome == {"inspected": True}
    assert shown == [("Facilitator", "There is no space left on the disk.")]
    assert unexpected == []
    log = tmp_path / "logs" / LOG_NAME
    assert not log.exists() or "DiskFullError" not in log.read_text(encoding="utf-8")


def test_the_window_module_loads_without_the_database_layer() -> None:
    """Building the main window needs no SQLAlchemy, qtawesome or ReportLab: they load later."""
    import subprocess
    import sys

    code = (
        "import sys, facilitator.ui.main_window as m; "
        "print(sorted(n for n in ('sqlalchemy', 'qtawesome', 'reportlab') if n in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
