"""Backups on disk: consistent copies, listing, rotation, removal, and a verified restore."""

import os
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from facilitator.domain.backups import backup_name
from facilitator.domain.errors import BackupError, DatabaseInUseError
from facilitator.storage.backup import (
    backup_database,
    backups_older_than,
    list_backups,
    newest_good_backup,
    prune_backups,
    remove_backups,
)
from facilitator.storage.database import open_database
from facilitator.storage.location import ASIDE_DIR_NAME, BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.restore import restore_backup, set_aside
from facilitator.storage.tables import ProgrammeRow
from tests.bad_input import damage_pages, set_schema_revision
from tests.folders import add_programme, titles


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fake_backup(data_dir: Path, reason: str, made_at: datetime) -> Path:
    """A real copy of the database, named as if it had been made at `made_at`."""
    folder = data_dir / BACKUPS_DIR_NAME
    folder.mkdir(mode=0o700, exist_ok=True)
    made = backup_database(data_dir / DATABASE_NAME, reason=reason)
    return made.rename(folder / backup_name("facilitator", reason, made_at))


def test_backup_and_restore_round_trip(data_dir: Path) -> None:
    """Work saved after a backup is gone once it is restored, and is kept in aside/."""
    path = data_dir / DATABASE_NAME
    add_programme(data_dir, "Before the backup")
    backup = backup_database(path, reason="by-hand")
    add_programme(data_dir, "After the backup")

    moved_to = restore_backup(data_dir, backup)

    assert moved_to is not None and moved_to.parent == data_dir / ASIDE_DIR_NAME
    assert moved_to.name.startswith("facilitator-replaced-")
    assert "After the backup" in titles(moved_to)
    db = open_database(data_dir)
    try:
        with db.reading() as session:
            now = set(session.scalars(select(ProgrammeRow.title)))
    finally:
        db.close()
    assert "Before the backup" in now and "After the backup" not in now
    assert backup.exists(), "restoring keeps the backup"
    for folder in (data_dir / BACKUPS_DIR_NAME, data_dir / ASIDE_DIR_NAME):
        assert mode_of(folder) == 0o700
    for file in (backup, moved_to, path):
        assert mode_of(file) == 0o600
    assert not list(data_dir.glob("*.restoring"))


def test_a_backup_of_an_open_file_holds_its_latest_saved_work(store) -> None:
    """The backup API copies a consistent snapshot of a file open in WAL mode, including
    work not yet checkpointed into the file itself."""
    with store.transaction() as session:
        session.add(ProgrammeRow(title="Only in the log so far"))
    assert store.path.with_name(store.path.name + "-wal").stat().st_size > 0
    backup = backup_database(store.path, reason="daily")
    assert "Only in the log so far" in titles(backup)
    # Backups are standalone files: reading one leaves no journal files beside it.
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_listing_is_newest_first_with_when_and_why(data_dir: Path) -> None:
    """Each backup's reason and moment come from its name; a file the app did not name is
    listed by its modification time and never rotated."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    older = fake_backup(data_dir, "daily", now - timedelta(days=2))
    newer = fake_backup(data_dir, "after-session", now - timedelta(hours=1))
    upgrade = fake_backup(data_dir, "before-upgrade-from-0002_app_meta", now - timedelta(days=9))
    own = data_dir / BACKUPS_DIR_NAME / "my copy.sqlite3"
    own.write_bytes(older.read_bytes())
    stamp = (now - timedelta(days=1)).timestamp()
    os.utime(own, (stamp, stamp))

    listed = list_backups(data_dir)

    assert [b.path for b in listed] == [newer, own, older, upgrade]
    assert [b.reason for b in listed] == [
        "after-session",
        "",
        "daily",
        "before-upgrade-from-0002_app_meta",
    ]
    assert listed[0].made_at == now - timedelta(hours=1)
    assert listed[1].made_at == now - timedelta(days=1)
    assert [b.label for b in listed] == [
        "A session finished",
        "Other",
        "Daily",
        "Before an upgrade",
    ]
    assert [b.in_rotation for b in listed] == [True, False, True, False]
    assert listed[0].size_bytes == newer.stat().st_size


def test_rotation_keeps_the_newest_n_and_never_upgrade_copies_or_the_users_own(
    data_dir: Path,
) -> None:
    """Pruning to N removes the oldest rotating copies only."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    made = [fake_backup(data_dir, "daily", now - timedelta(days=day)) for day in range(6)]
    upgrade = fake_backup(data_dir, "before-upgrade-from-0001_initial", now - timedelta(days=30))
    own = data_dir / BACKUPS_DIR_NAME / "keep me.sqlite3"
    own.write_bytes(made[0].read_bytes())

    removed = prune_backups(data_dir, keep=3)

    assert removed == made[3:]
    assert {b.path for b in list_backups(data_dir)} == {*made[:3], upgrade, own}
    assert prune_backups(data_dir, keep=0) == made[1:3], "the newest always stays"


def test_identical_copies_are_not_kept_twice(data_dir: Path) -> None:
    """A copy of an unchanged file is the newest backup already: that one is returned."""
    path = data_dir / DATABASE_NAME
    first = backup_database(path, reason="on-close", skip_if_unchanged=True)
    again = backup_database(path, reason="on-close", skip_if_unchanged=True)
    assert again == first
    add_programme(data_dir, "A change")
    changed = backup_database(path, reason="on-close", skip_if_unchanged=True)
    assert changed != first
    assert len(list_backups(data_dir)) == 2
    assert not list((data_dir / BACKUPS_DIR_NAME).glob("*.partial"))


def test_a_damaged_file_is_not_backed_up(data_dir: Path) -> None:
    """A copy that fails SQLite's check is refused, so rotation never pushes out good copies
    in favour of damage."""
    path = data_dir / DATABASE_NAME
    good = backup_database(path, reason="daily")
    damage_pages(path)
    with pytest.raises(BackupError, match="failed SQLite's check"):
        backup_database(path, reason="daily")
    assert [b.path for b in list_backups(data_dir)] == [good]
    assert not list((data_dir / BACKUPS_DIR_NAME).glob("*.partial"))


def test_newest_good_backup_skips_damaged_and_newer_version_copies(data_dir: Path) -> None:
    """The backup offered after damage is the newest one that passes its check."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    good = fake_backup(data_dir, "daily", now - timedelta(days=3))
    damaged = fake_backup(data_dir, "on-close", now - timedelta(days=1))
    damage_pages(damaged, first=2, last=4)
    future = fake_backup(data_dir, "by-hand", now)
    set_schema_revision(future, "9999_future")
    found = newest_good_backup(data_dir)
    assert found is not None and found.path == good
    remove_backups([good])
    assert newest_good_backup(data_dir) is None


def test_backups_older_than_and_remove_backups(data_dir: Path, tmp_path: Path) -> None:
    """The privacy helper's tools: backups older than a moment, oldest first, and removal of
    backups only (any other path passed in is left alone)."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    made = [fake_backup(data_dir, "daily", now - timedelta(days=day)) for day in (40, 20, 1)]
    upgrade = fake_backup(data_dir, "before-upgrade-from-0001_initial", now - timedelta(days=90))
    old = backups_older_than(data_dir, now - timedelta(days=10))
    assert old == [upgrade, made[0], made[1]]
    elsewhere = tmp_path / "notes.sqlite3"
    elsewhere.write_bytes(b"not a backup")
    database = data_dir / DATABASE_NAME
    sidecar = made[0].with_name(made[0].name + "-wal")
    sidecar.write_bytes(b"")
    assert remove_backups([*old, elsewhere, database, made[0]]) == 3
    assert [b.path for b in list_backups(data_dir)] == [made[2]]
    assert elsewhere.exists() and database.exists()
    assert not sidecar.exists()


def test_restore_is_refused_while_a_window_has_the_folder(data_dir: Path) -> None:
    """The instance lock stops a restore under an open window; nothing moves."""
    path = data_dir / DATABASE_NAME
    backup = backup_database(path, reason="by-hand")
    before = path.read_bytes()
    holder = open_database(data_dir)
    try:
        with pytest.raises(DatabaseInUseError):
            restore_backup(data_dir, backup)
    finally:
        holder.close()
    assert not (data_dir / ASIDE_DIR_NAME).exists()
    assert path.read_bytes()[:100] == before[:100]


@pytest.mark.parametrize("spoil", ["damaged", "not ours", "too new", "missing", "itself"])
def test_an_unusable_backup_is_refused_and_the_file_left_alone(data_dir: Path, spoil: str) -> None:
    """A damaged, foreign, newer or missing backup (or the database itself) is refused
    before anything moves."""
    path = data_dir / DATABASE_NAME
    backup = backup_database(path, reason="by-hand")
    if spoil == "damaged":
        damage_pages(backup, first=2, last=4)
    elif spoil == "not ours":
        with closing(sqlite3.connect(backup)) as connection:
            connection.execute("DROP TABLE alembic_version")
            connection.commit()
    elif spoil == "too new":
        set_schema_revision(backup, "9999_future")
    elif spoil == "missing":
        backup.unlink()
    else:
        backup = path
    before = path.read_bytes()
    with pytest.raises(BackupError):
        restore_backup(data_dir, backup)
    assert path.read_bytes() == before
    assert not (data_dir / ASIDE_DIR_NAME).exists()


def test_restore_into_a_folder_whose_file_was_moved_aside(data_dir: Path) -> None:
    """After a damaged file went aside there is nothing to keep: the backup just goes in."""
    path = data_dir / DATABASE_NAME
    backup = backup_database(path, reason="daily")
    set_aside(path, why="damaged")
    assert restore_backup(data_dir, backup) is None
    assert titles(path) == titles(backup)


def test_set_aside_never_replaces_a_file_and_takes_stray_journals(data_dir: Path) -> None:
    """Two files set aside in the same instant both survive; journal files left without
    their database are moved too, so SQLite never applies them to another file."""
    path = data_dir / DATABASE_NAME
    copy = path.read_bytes()
    first = set_aside(path, why="replaced")
    path.write_bytes(copy)
    second = set_aside(path, why="replaced")
    assert first is not None and second is not None and first != second
    assert first.read_bytes() == second.read_bytes() == copy
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"stray")
    assert set_aside(path, why="replaced") is None
    assert not wal.exists()
    assert len(list((data_dir / ASIDE_DIR_NAME).glob("*-wal"))) == 1
