"""The command line's backups: listing, backing up now, restoring, and calm refusals."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import EXIT_BAD_INPUT, EXIT_OK
from facilitator.storage.database import open_database
from facilitator.storage.location import ASIDE_DIR_NAME, BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.tables import ProgrammeRow
from tests.bad_input import damage_pages
from tests.folders import add_programme, titles
from tests.test_cli import run


@pytest.fixture(autouse=True)
def with_backup_commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Offer the backup commands (whether or not cli.py lists them yet) and close the log
    handlers each run adds."""
    modules = tuple(dict.fromkeys((*cli.COMMAND_MODULES, "cli_backups")))
    monkeypatch.setattr(cli, "COMMAND_MODULES", modules)
    logger = logging.getLogger("facilitator")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers[:]:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


def backup_names(data_dir: Path) -> list[str]:
    return sorted(path.name for path in (data_dir / BACKUPS_DIR_NAME).glob("*.sqlite3"))


def test_backups_with_none_yet_says_so(data_dir: Path, capsys) -> None:
    """An empty list is not an error."""
    assert run(capsys, "backups") == (
        EXIT_OK,
        f"No backups yet in {data_dir / BACKUPS_DIR_NAME}.\n",
        "",
    )


def test_backup_makes_one_and_lists_it(data_dir: Path, capsys) -> None:
    """`backup` makes a copy and prints where; a second with nothing changed makes none."""
    code, out, err = run(capsys, "backup")
    assert (code, err) == (EXIT_OK, "")
    (name,) = backup_names(data_dir)
    assert out.startswith("A backup of your data was made")
    assert out.splitlines()[1] == str(data_dir / BACKUPS_DIR_NAME / name)
    assert name.startswith("facilitator-by-hand-")

    code, out, _ = run(capsys, "backup")
    assert code == EXIT_OK and out.startswith("Nothing has changed since the backup of")
    assert backup_names(data_dir) == [name]

    code, out, _ = run(capsys, "backups")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0] == f"Backups of {data_dir / DATABASE_NAME}, newest first; the last 10 are kept:"
    assert "Made by you" in lines[1] and lines[1].endswith(name)
    assert lines[-1] == "Restore one with: facilitator restore NAME"


def test_backup_works_while_the_app_has_the_folder_open(data_dir: Path, capsys) -> None:
    """The backup API reads a consistent copy of a file in use: no need to close the app."""
    holder = open_database(data_dir)
    try:
        with holder.transaction() as session:
            session.add(ProgrammeRow(title="Saved by the window"))
        code, out, err = run(capsys, "backup")
    finally:
        holder.close()
    assert (code, err) == (EXIT_OK, "")
    assert "Saved by the window" in titles(Path(out.splitlines()[1]))


def test_restore_by_name_keeps_the_current_file_aside(data_dir: Path, capsys) -> None:
    """`restore NAME` puts the backup in place and says where the replaced file is kept."""
    run(capsys, "backup")
    (name,) = backup_names(data_dir)
    add_programme(data_dir, "After the backup")

    code, out, err = run(capsys, "restore", name)

    assert (code, err) == (EXIT_OK, "")
    (kept,) = (data_dir / ASIDE_DIR_NAME).glob("*.sqlite3")
    assert out.splitlines() == [
        out.splitlines()[0],
        f"The file it replaced is kept at {kept}",
    ]
    assert out.startswith("Restored the backup from ")
    assert "After the backup" in titles(kept)
    assert "After the backup" not in titles(data_dir / DATABASE_NAME)
    code, out, err = run(capsys, "restore", str(data_dir / BACKUPS_DIR_NAME / name))
    assert code == EXIT_OK, "a path works as well as a name"


def test_restore_is_refused_while_the_app_has_the_folder_open(data_dir: Path, capsys) -> None:
    """A window holding the folder stops `restore` with exit 2; nothing moves."""
    run(capsys, "backup")
    (name,) = backup_names(data_dir)
    holder = open_database(data_dir)
    try:
        code, out, err = run(capsys, "restore", name)
    finally:
        holder.close()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("facilitator: ") and "Traceback" not in err
    assert "already open in another Facilitator window" in err
    assert not (data_dir / ASIDE_DIR_NAME).exists()


@pytest.mark.parametrize("problem", ["unknown", "damaged"])
def test_restore_refuses_a_backup_it_cannot_use(data_dir: Path, capsys, problem: str) -> None:
    """An unknown name or a damaged backup is refused calmly with exit 2, file untouched."""
    run(capsys, "backup")
    (name,) = backup_names(data_dir)
    if problem == "damaged":
        damage_pages(data_dir / BACKUPS_DIR_NAME / name, first=2, last=4)
    else:
        name = "facilitator-daily-20200101T000000000000Z.sqlite3"
    before = (data_dir / DATABASE_NAME).read_bytes()
    code, out, err = run(capsys, "restore", name)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err.startswith("facilitator: ") and "Traceback" not in err
    assert ("There is no backup called" in err) == (problem == "unknown")
    assert ("it is damaged" in err) == (problem == "damaged")
    assert (data_dir / DATABASE_NAME).read_bytes() == before


def test_a_damaged_database_names_the_backup_and_is_left_where_it_is(
    data_dir: Path, capsys
) -> None:
    """Read-only commands on a damaged file point to the newest good backup and the restore
    command; they never move the file. `backups` still lists the copies."""
    run(capsys, "backup")
    (name,) = backup_names(data_dir)
    path = data_dir / DATABASE_NAME
    damage_pages(path)
    before = path.read_bytes()

    code, out, err = run(capsys, "list")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert f"facilitator restore {name}" in err
    assert path.read_bytes() == before
    assert not (data_dir / ASIDE_DIR_NAME).exists()

    code, out, err = run(capsys, "backups")
    assert code == EXIT_OK and name in out
    assert out.splitlines()[0] == f"Backups of {path}, newest first:"

    assert run(capsys, "restore", name)[0] == EXIT_OK
    assert run(capsys, "list")[0] == EXIT_OK
    (kept,) = (data_dir / ASIDE_DIR_NAME).glob("*.sqlite3")
    assert kept.read_bytes() == before
