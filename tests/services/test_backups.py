"""Backups as a use case: how many are kept, the daily one, and failing calmly."""

import errno
import logging
from datetime import datetime, timedelta

import pytest

from facilitator.domain.backups import DAILY, DEFAULT_KEEP, ON_CLOSE
from facilitator.domain.errors import BackupError, InvalidInputError
from facilitator.services import backups
from facilitator.storage import backup as storage_backup
from facilitator.storage.database import Database
from facilitator.storage.location import BACKUPS_DIR_NAME
from facilitator.storage.tables import ProgrammeRow


def change(store: Database, title: str) -> None:
    with store.transaction() as session:
        session.add(ProgrammeRow(title=title))


def test_keep_count_defaults_to_ten_and_is_saved_in_the_file(store: Database) -> None:
    """The number kept belongs to the data, and stays between 1 and 100."""
    assert backups.keep_count(store) == DEFAULT_KEEP == 10
    backups.set_keep_count(store, 3)
    assert backups.keep_count(store) == 3
    for wrong in (0, 101):
        with pytest.raises(InvalidInputError, match="between 1 and 100"):
            backups.set_keep_count(store, wrong)
    assert backups.keep_count(store) == 3


def test_backing_up_rotates_to_the_number_kept(store: Database) -> None:
    """Each new backup beyond N pushes out the oldest one."""
    backups.set_keep_count(store, 2)
    made = []
    for number in range(4):
        change(store, f"Change {number}")
        outcome = backups.back_up(store, reason=ON_CLOSE)
        assert outcome.made and outcome.backup is not None
        made.append(outcome.backup.path)
    listed = [b.path for b in backups.list_backups(store.path.parent)]
    assert listed == [made[3], made[2]]


def test_an_unchanged_file_is_not_copied_again(store: Database) -> None:
    """Closing twice with nothing changed keeps one copy, and says why."""
    first = backups.back_up(store, reason=ON_CLOSE)
    again = backups.back_up(store, reason=ON_CLOSE)
    assert first.made and not again.made
    assert again.backup == first.backup
    assert again.note.startswith("Nothing has changed since the backup of")
    assert len(backups.list_backups(store.path.parent)) == 1


def test_the_daily_backup_is_made_once_a_day(store: Database) -> None:
    """Due when no backup was made today; the next day it is due again."""
    now = datetime.now().astimezone()
    first = backups.back_up_if_due(store, now=now)
    assert first is not None and first.made and first.backup is not None
    assert first.backup.reason == DAILY
    change(store, "Later that day")
    assert backups.back_up_if_due(store, now=now + timedelta(minutes=5)) is None
    tomorrow = backups.back_up_if_due(store, now=now + timedelta(days=1))
    assert tomorrow is not None and tomorrow.made
    assert len(backups.list_backups(store.path.parent)) == 2


def test_any_backup_made_today_counts_as_the_daily_one(store: Database) -> None:
    """A backup after a session this morning means no separate daily copy."""
    backups.back_up(store, reason="after-session")
    assert not backups.backup_is_due(store, now=datetime.now().astimezone())


def test_a_backup_that_cannot_be_made_is_a_calm_line_not_a_crash(
    store: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """With the backups folder blocked by a file, the quiet backup says so in one line, logs
    only the kind of problem, and the data goes on being saved."""
    blocker = store.path.parent / BACKUPS_DIR_NAME
    blocker.write_text("a file where the backups folder should be")
    with pytest.raises(BackupError):
        backups.back_up(store)
    with caplog.at_level(logging.WARNING, logger="facilitator"):
        outcome = backups.back_up_quietly(store, reason=ON_CLOSE)
    assert outcome.backup is None and not outcome.made
    assert outcome.problem.startswith(f"No backup could be made in {blocker}")
    assert "\n" not in outcome.note
    assert str(blocker) not in caplog.text
    change(store, "Still saved")


def test_a_full_disk_says_so(store: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Running out of space while copying is reported as a full disk; no half copy stays."""

    def full(source, target) -> None:
        target.write_bytes(b"half a copy")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_backup, "copy_database", full)
    with pytest.raises(BackupError, match="no space left on the disk"):
        backups.back_up(store)
    outcome = backups.back_up_quietly(store, reason=DAILY)
    assert "no space left on the disk" in outcome.problem
    assert "Your data is safe" in outcome.problem
    assert list((store.path.parent / BACKUPS_DIR_NAME).iterdir()) == []


def test_an_unexpected_failure_is_quiet_too(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an error nobody foresaw comes back as a problem line, never an exception."""

    def broken(*args, **kwargs) -> None:
        raise RuntimeError("Helen Marchbank's notes")

    monkeypatch.setattr(storage_backup, "backup_database", broken)
    outcome = backups.back_up_quietly(store, reason=DAILY)
    assert outcome.backup is None
    assert "Marchbank" not in outcome.problem
    assert "log" in outcome.problem


def test_find_backup_by_name_or_path(store: Database, tmp_path) -> None:
    """The command line takes a backup's name from the list, or a path to any file."""
    made = backups.back_up(store).backup
    assert made is not None
    data_dir = store.path.parent
    assert backups.find_backup(data_dir, made.name) == made.path
    assert backups.find_backup(data_dir, str(made.path)) == made.path
    with pytest.raises(BackupError, match="There is no backup called"):
        backups.find_backup(data_dir, "facilitator-daily-nonsense.sqlite3")
