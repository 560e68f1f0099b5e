"""File › Backups…: listing, backing up now, restoring with a confirmation, the number kept."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from facilitator.domain.backups import backup_name
from facilitator.services import backups, programmes
from facilitator.storage.backup import backup_database
from facilitator.storage.database import Database
from facilitator.storage.location import ASIDE_DIR_NAME, BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.tables import ProgrammeRow
from facilitator.ui import dialogs
from facilitator.ui.backups_dialog import EMPTY_TEXT, BackupsDialog
from facilitator.ui.store_keeper import StoreKeeper


@pytest.fixture
def keeper(qtbot, store: Database) -> Iterator[StoreKeeper]:
    window = QWidget()
    qtbot.addWidget(window)
    made = StoreKeeper(window, store)
    yield made
    made.close()


@pytest.fixture
def dialog(qtbot, keeper: StoreKeeper) -> BackupsDialog:
    shown = BackupsDialog(keeper, keeper.window)
    qtbot.addWidget(shown)
    return shown


@dataclass
class Confirm:
    """The restore confirmation's stand-in: what it said, and the answers still to give."""

    asked: list[str] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)


@pytest.fixture
def confirm(monkeypatch: pytest.MonkeyPatch) -> Confirm:
    record = Confirm()

    def ask(parent, *, title, text, action) -> bool:
        record.asked.append(text)
        return record.answers.pop(0)

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", ask)
    return record


@pytest.fixture
def problems(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_problem", lambda parent, *, title, text: said.append(text))
    return said


def made_earlier(data_dir: Path, reason: str, days_ago: int) -> Path:
    made = backup_database(data_dir / DATABASE_NAME, reason=reason)
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    return made.rename(made.with_name(backup_name("facilitator", reason, moment)))


def rows(dialog: BackupsDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_the_model_is_sound(qtmodeltester, keeper: StoreKeeper, dialog: BackupsDialog) -> None:
    made_earlier(keeper.data_dir, "daily", 1)
    dialog.refresh()
    qtmodeltester.check(dialog.model)


def test_with_no_backups_it_says_how_they_are_made(dialog: BackupsDialog) -> None:
    """An empty list shows a sentence, and Restore… has nothing to act on."""
    assert dialog.pane.currentWidget() is dialog.pane.placeholder
    assert dialog.pane.placeholder.text() == EMPTY_TEXT
    assert not dialog.restore_button.isEnabled()
    assert dialog.keep.value() == 10


def test_backups_are_listed_newest_first_with_why_and_size(
    keeper: StoreKeeper, dialog: BackupsDialog
) -> None:
    made_earlier(keeper.data_dir, "daily", 3)
    made_earlier(keeper.data_dir, "after-session", 1)
    dialog.refresh()
    listed = rows(dialog)
    assert [why for _, why, _ in listed] == ["A session finished", "Daily"]
    assert all(size.endswith("KB") for _, _, size in listed)
    assert dialog.selected() is not None and dialog.selected().reason == "after-session"
    assert dialog.restore_button.isEnabled()
    assert str(keeper.data_dir / BACKUPS_DIR_NAME) in dialog.intro.text()


def test_back_up_now_adds_a_row_and_says_so(qtbot, dialog: BackupsDialog) -> None:
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    assert [why for _, why, _ in rows(dialog)] == ["Made by you"]
    assert dialog.status.text().startswith("A backup of your data was made")
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    assert len(rows(dialog)) == 1
    assert dialog.status.text().startswith("Nothing has changed since")


def test_restore_asks_first_then_replaces_the_data_and_keeps_the_old_file(
    qtbot, keeper: StoreKeeper, dialog: BackupsDialog, confirm
) -> None:
    """Cancel changes nothing; confirming restores, says where the old file is, and the
    keeper's store now holds the backup's data."""
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    with keeper.db.transaction() as session:
        session.add(ProgrammeRow(title="After the backup"))
    confirm.answers += [False, True]

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "After the backup" in {p.title for p in programmes.list_programmes(keeper.db)}
    assert not (keeper.data_dir / ASIDE_DIR_NAME).exists()

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "Nothing is deleted" in confirm.asked[1] and "“aside” folder" in confirm.asked[1]
    assert "After the backup" not in {p.title for p in programmes.list_programmes(keeper.db)}
    (kept,) = (keeper.data_dir / ASIDE_DIR_NAME).glob("*.sqlite3")
    assert dialog.status.text().startswith("Restored the backup from")
    assert str(kept) in dialog.status.text()


def test_a_refused_restore_is_explained(
    qtbot, keeper: StoreKeeper, dialog: BackupsDialog, confirm, monkeypatch
) -> None:
    problems: list[str] = []
    monkeypatch.setattr(
        dialogs, "show_problem", lambda parent, *, title, text: problems.append(text)
    )
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    keeper.window.live_window = object()  # type: ignore[attr-defined]
    confirm.answers.append(True)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert problems and "A session is running live" in problems[0]


def test_keep_the_last_n_is_saved(dialog: BackupsDialog, keeper: StoreKeeper) -> None:
    dialog.keep.setValue(4)
    assert backups.keep_count(keeper.db) == 4
    assert "The last 4 will be kept" in dialog.status.text()


def test_open_backups_folder(qtbot, dialog: BackupsDialog, keeper: StoreKeeper, monkeypatch):
    opened: list[Path] = []
    monkeypatch.setattr(dialogs, "open_file", opened.append)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [keeper.data_dir, keeper.data_dir / BACKUPS_DIR_NAME]


def test_show_for_finds_the_keeper_of_the_window(qtbot, keeper: StoreKeeper, monkeypatch, problems):
    """The menu command needs only the window: the keeper is found from it."""
    shown: list[StoreKeeper] = []
    monkeypatch.setattr(BackupsDialog, "exec", lambda self: shown.append(self.keeper))
    child = QWidget(keeper.window)
    BackupsDialog.show_for(child)
    assert shown == [keeper]
    problems: list[str] = []
    monkeypatch.setattr(
        dialogs, "show_problem", lambda parent, *, title, text: problems.append(text)
    )
    lonely = QWidget()
    qtbot.addWidget(lonely)
    BackupsDialog.show_for(lonely)
    assert problems == ["Your data is not open yet."]
