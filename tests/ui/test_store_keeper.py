"""The window's store over its life: the daily backup, the one on closing, and restoring."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from facilitator.domain.changes import EVERYTHING
from facilitator.domain.errors import BackupError, FacilitatorError
from facilitator.services import backups, programmes
from facilitator.storage.database import Database, open_database
from facilitator.storage.location import ASIDE_DIR_NAME, BACKUPS_DIR_NAME
from facilitator.storage.tables import ProgrammeRow
from facilitator.ui.main_window import MainWindow
from facilitator.ui.store_keeper import StoreKeeper
from tests.bad_input import damage_pages
from tests.ui.test_main_window import open_window


def add_programme(db: Database, title: str) -> None:
    with db.transaction() as session:
        session.add(ProgrammeRow(title=title))


def titles(db: Database) -> set[str]:
    return {programme.title for programme in programmes.list_programmes(db)}


def tree_titles(window: MainWindow) -> set[str]:
    model = window.navigation
    return {model.index(row, 0).data() for row in range(model.rowCount())}


@pytest.fixture
def keeper(qtbot, store: Database) -> Iterator[StoreKeeper]:
    """A keeper of the store on a plain window (no live session)."""
    window = QWidget()
    qtbot.addWidget(window)
    made = StoreKeeper(window, store)
    yield made
    made.close()


def test_closing_backs_up_then_closes_the_store(keeper: StoreKeeper) -> None:
    """The backup on closing is made, and the folder is free again afterwards."""
    data_dir = keeper.data_dir
    keeper.close()
    (made,) = backups.list_backups(data_dir)
    assert made.reason == "on-close"
    assert keeper.db is None
    open_database(data_dir).close()
    keeper.close()  # closing twice is harmless


def test_a_closing_backup_that_fails_leaves_the_file_unsealed(
    keeper: StoreKeeper, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that fails its check may mean the file is damaged: the next open checks it."""
    data_dir = keeper.data_dir
    monkeypatch.setattr(
        backups,
        "back_up_quietly",
        lambda db, *, reason: backups.BackupOutcome(None, problem="The copy failed its check."),
    )
    keeper.close()
    assert not (data_dir / "facilitator.sqlite3.closed").exists()


def test_the_daily_backup_is_made_once_and_not_during_a_live_session(
    qtbot, store: Database
) -> None:
    """Due once a calendar day; while a session is live the check waits for the next hour."""
    day = [datetime.now().astimezone()]
    window = QWidget()
    qtbot.addWidget(window)
    keeper = StoreKeeper(window, store, now=lambda: day[0])
    window.live_window = object()  # type: ignore[attr-defined]
    assert keeper.back_up_if_due() is None
    assert backups.list_backups(keeper.data_dir) == []
    window.live_window = None  # type: ignore[attr-defined]
    first = keeper.back_up_if_due()
    assert first is not None and first.made
    assert keeper.back_up_if_due() is None
    add_programme(store, "The next day's work")
    day[0] += timedelta(days=1)
    assert keeper.back_up_if_due() is not None
    assert [b.reason for b in backups.list_backups(keeper.data_dir)] == ["daily", "daily"]


def test_the_first_daily_check_runs_soon_after_start_up(qtbot, keeper: StoreKeeper) -> None:
    """Starting the daily backups makes today's copy without anyone asking."""
    keeper.start_daily_backups(first_check_ms=0)
    qtbot.waitUntil(lambda: len(backups.list_backups(keeper.data_dir)) == 1)


def test_a_failed_automatic_backup_is_one_calm_line(qtbot, keeper: StoreKeeper) -> None:
    """With the backups folder blocked, the keeper reports one line and carries on."""
    (keeper.data_dir / BACKUPS_DIR_NAME).write_text("in the way")
    with qtbot.waitSignal(keeper.problem_did_occur) as said:
        keeper.back_up_if_due()
    assert said.args[0].startswith("No backup could be made")
    add_programme(keeper.db, "Still saving")


def test_restoring_into_the_window_swaps_the_data_and_keeps_the_old_file(
    qtbot, store: Database, tmp_path: Path
) -> None:
    """Restore closes the store, puts the backup in place, reopens and shows it; the file it
    replaced is kept aside and the undo history is forgotten."""
    window = open_window(qtbot, store, tmp_path / "w.ini")
    keeper = StoreKeeper(window, store)
    made = backups.back_up(store).backup
    assert made is not None
    add_programme(store, "After the backup")
    window.apply_changes(EVERYTHING)
    qtbot.waitUntil(lambda: "After the backup" in tree_titles(window))
    changed: list = []
    keeper.store_did_change.connect(changed.append)
    try:
        moved_to = keeper.restore(made.path)
        assert moved_to is not None and moved_to.parent.name == ASIDE_DIR_NAME
        assert keeper.db is not store and changed == [keeper.db]
        assert "After the backup" not in titles(keeper.db)
        qtbot.waitUntil(lambda: "After the backup" not in tree_titles(window))
        with pytest.raises(FacilitatorError):  # the old handle is closed for good
            add_programme(store, "Into the old file")
    finally:
        keeper.close()
    with closing(sqlite3.connect(moved_to)) as connection:
        kept = {title for (title,) in connection.execute("SELECT title FROM programme")}
    assert "After the backup" in kept


def test_a_backup_that_cannot_be_restored_leaves_the_store_open(keeper: StoreKeeper) -> None:
    """A damaged backup is refused before the store is touched."""
    made = backups.back_up(keeper.db).backup
    assert made is not None
    damage_pages(made.path, first=2, last=4)
    db = keeper.db
    with pytest.raises(BackupError, match="it is damaged"):
        keeper.restore(made.path)
    assert keeper.db is db
    add_programme(db, "Still open")


def test_restoring_is_refused_while_a_session_is_live(keeper: StoreKeeper) -> None:
    """Restoring under a running session would pull the data from under the room."""
    made = backups.back_up(keeper.db).backup
    assert made is not None
    keeper.window.live_window = object()  # type: ignore[attr-defined]
    with pytest.raises(FacilitatorError, match="A session is running live"):
        keeper.restore(made.path)
    assert not (keeper.data_dir / ASIDE_DIR_NAME).exists()
