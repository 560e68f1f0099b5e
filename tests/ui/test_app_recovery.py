"""The whole app and data safety: a damaged file on open, a second launch, the backup on
closing."""

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitator.app import EXIT_ALREADY_OPEN, EXIT_BAD_INPUT, run_app
from facilitator.domain.backups import BackupFile
from facilitator.domain.errors import BackupError
from facilitator.services import backups
from facilitator.storage.backup import backup_database, list_backups
from facilitator.storage.database import open_database
from facilitator.storage.location import ASIDE_DIR_NAME, DATABASE_NAME
from facilitator.storage.tables import ProgrammeRow
from facilitator.ui import dialogs
from facilitator.ui.damaged_dialog import DamagedFileDialog, Recovery
from facilitator.ui.main_window import MainWindow
from facilitator.ui.single_instance import ALREADY_OPEN, SingleInstance
from tests.bad_input import damage_pages
from tests.folders import add_programme
from tests.ui.test_app import PROGRAMME_TITLE, app_state, run_until_shown  # noqa: F401

type Asked = list[tuple[str, BackupFile | None]]


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def programme_titles(data_dir: Path) -> set[str]:
    db = open_database(data_dir, read_only=True)
    try:
        with db.reading() as session:
            return set(session.scalars(select(ProgrammeRow.title)))
    finally:
        db.close()


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Asked, list]]:
    """Stand in for the damaged-file dialog: record what it was told, give the answers
    queued in the returned list, in order."""
    asked: Asked = []
    answers: list = []

    def ask(parent: object, *, text: str, backup: BackupFile | None) -> object:
        asked.append((text, backup))
        return answers.pop(0)

    monkeypatch.setattr(DamagedFileDialog, "ask", ask)
    yield asked, answers


@pytest.fixture
def no_other_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail on any other problem dialog; record information messages."""
    said: list[str] = []

    def problem(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected problem dialog: {kwargs.get('text')}")

    monkeypatch.setattr(dialogs, "show_problem", problem)
    monkeypatch.setattr(dialogs.OpenProblemDialog, "ask", problem)
    monkeypatch.setattr(dialogs, "show_unexpected_error", problem)
    monkeypatch.setattr(
        dialogs, "show_information", lambda parent, *, title, text: said.append(text)
    )
    return said


def damaged_with_a_backup(data_dir: Path) -> tuple[Path, str]:
    """Back up, save more, then damage the file; return the backup and the damaged bytes'
    fingerprint."""
    add_programme(data_dir, "Before the backup")
    backup = backup_database(data_dir / DATABASE_NAME, reason="daily")
    add_programme(data_dir, "After the backup")
    damage_pages(data_dir / DATABASE_NAME)
    return backup, fingerprint(data_dir / DATABASE_NAME)


def test_a_damaged_file_is_moved_aside_and_the_newest_good_backup_restored(
    data_dir: Path, tmp_path: Path, answer, no_other_dialogs
) -> None:
    """The user is told where the damaged file went and offered the newest good backup;
    restoring it opens the data as it was then."""
    asked, answers = answer
    backup, damaged = damaged_with_a_backup(data_dir)
    answers.append(Recovery.RESTORE)
    seen: dict = {}

    def inspect(window: MainWindow) -> None:
        seen["database"] = window.database_label.text()

    code, outcome = run_until_shown(
        inspect=inspect, data_dir=str(data_dir), settings=tmp_path / "w.ini"
    )

    assert (code, outcome) == (0, {"inspected": True})
    ((text, offered),) = asked
    (kept,) = (data_dir / ASIDE_DIR_NAME).glob("facilitator-damaged-*.sqlite3")
    assert fingerprint(kept) == damaged
    assert str(kept) in text and "it has not been deleted" in text
    assert offered is not None and offered.path == backup
    titles = programme_titles(data_dir)
    assert "Before the backup" in titles and "After the backup" not in titles
    assert seen["database"] == f"Database: {data_dir / DATABASE_NAME}"


def test_a_damaged_file_with_no_backup_can_start_afresh(
    data_dir: Path, tmp_path: Path, answer, no_other_dialogs
) -> None:
    """With no good backup, nothing is offered to restore; a new file starts with the sample
    and the damaged one stays aside."""
    asked, answers = answer
    damage_pages(data_dir / DATABASE_NAME)
    damaged = fingerprint(data_dir / DATABASE_NAME)
    answers.append(Recovery.NEW_FILE)
    seen: list = []

    code, outcome = run_until_shown(
        inspect=lambda window: seen.append(window.navigation.index(0, 0).data()),
        data_dir=str(data_dir),
        settings=tmp_path / "w.ini",
    )

    assert (code, outcome) == (0, {"inspected": True})
    ((text, offered),) = asked
    assert offered is None and "There is no good backup to restore" in text
    assert seen == [PROGRAMME_TITLE]
    (kept,) = (data_dir / ASIDE_DIR_NAME).glob("*.sqlite3")
    assert fingerprint(kept) == damaged


def test_quitting_after_damage_leaves_no_new_file(
    data_dir: Path, tmp_path: Path, answer, no_other_dialogs
) -> None:
    """Quitting at the damaged-file question exits 2; the damaged file is aside, and no
    empty file has taken its place."""
    _, answers = answer
    _, damaged = damaged_with_a_backup(data_dir)
    answers.append(None)
    code, outcome = run_until_shown(
        inspect=lambda window: None, data_dir=str(data_dir), settings=tmp_path / "w.ini"
    )
    assert (code, outcome) == (EXIT_BAD_INPUT, {})
    assert not (data_dir / DATABASE_NAME).exists()
    (kept,) = (data_dir / ASIDE_DIR_NAME).glob("*.sqlite3")
    assert fingerprint(kept) == damaged


def test_a_restore_that_fails_asks_again_and_never_makes_an_empty_file(
    data_dir: Path, tmp_path: Path, answer, no_other_dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the chosen backup cannot be put in place, the user hears why and chooses again."""
    asked, answers = answer
    damaged_with_a_backup(data_dir)

    def cannot(folder: Path, backup: Path) -> None:
        raise BackupError("The backup could not be put in place (Input/output error).")

    monkeypatch.setattr(backups, "restore", cannot)
    answers += [Recovery.RESTORE, None]
    code, _ = run_until_shown(
        inspect=lambda window: None, data_dir=str(data_dir), settings=tmp_path / "w.ini"
    )
    assert code == EXIT_BAD_INPUT
    assert len(asked) == 2
    again, offered = asked[1]
    assert again.startswith("The backup could not be put in place")
    assert "The damaged file is kept at" in again
    assert offered is not None, "the good backup is still offered"
    assert not (data_dir / DATABASE_NAME).exists()


def test_a_second_launch_brings_the_first_window_forward_and_exits(
    qtbot, data_dir: Path, tmp_path: Path, no_other_dialogs, capsys
) -> None:
    """A launch on a folder another window has open asks it to come forward, says so, and
    opens nothing itself."""
    first = SingleInstance(data_dir)
    assert first.listen()
    requests: list[bool] = []
    first.show_requested.connect(lambda: requests.append(True))
    try:
        code = run_app(data_dir=str(data_dir), settings=tmp_path / "w.ini")
        qtbot.waitUntil(lambda: requests == [True])
    finally:
        first.close()
    assert code == EXIT_ALREADY_OPEN == 0
    assert no_other_dialogs == [ALREADY_OPEN]
    assert capsys.readouterr().out == ALREADY_OPEN + "\n"
    open_database(data_dir).close()  # the second launch never took the folder


def test_the_app_listens_for_later_launches_while_open(
    qtbot, data_dir: Path, tmp_path: Path, no_other_dialogs
) -> None:
    """While the app has the folder open, a later launch's request reaches it; a launch on
    another folder is not answered."""
    found: dict = {}

    def inspect(window: MainWindow) -> None:
        found["same"] = SingleInstance(data_dir).ask_running_to_show()
        found["other"] = SingleInstance(tmp_path / "other").ask_running_to_show()

    code, _ = run_until_shown(inspect=inspect, data_dir=str(data_dir), settings=tmp_path / "w")
    assert code == 0
    assert found == {"same": True, "other": False}
    assert not SingleInstance(data_dir).ask_running_to_show(), "it stops listening on exit"


def test_closing_the_app_backs_up_once_per_change(
    data_dir: Path, tmp_path: Path, no_other_dialogs
) -> None:
    """Each close makes a backup, unless nothing changed since the last one."""
    for _ in range(2):
        run_until_shown(inspect=lambda w: None, data_dir=str(data_dir), settings=tmp_path / "w")
    (made,) = list_backups(data_dir)
    assert made.reason == "on-close"
    add_programme(data_dir, "Changed between sessions")
    run_until_shown(inspect=lambda w: None, data_dir=str(data_dir), settings=tmp_path / "w")
    assert [b.reason for b in list_backups(data_dir)] == ["on-close", "on-close"]
