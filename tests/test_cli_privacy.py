"""`participants`, `access`, `erase` and `retention`: exit codes and calm refusals."""

from datetime import date
from pathlib import Path

import pytest

import facilitator.cli
from facilitator.cli import EXIT_BAD_INPUT, EXIT_OK
from facilitator.domain.fields import ProgrammeFields
from facilitator.services.programmes import create_programme, list_programmes
from facilitator.services.store import open_store
from facilitator.storage.backup import backup_database, list_backups
from tests.conftest import TODAY
from tests.services.privacy_data import HELEN, sample_person
from tests.test_cli import assert_calm_refusal, forget_log_handlers, run

__all__ = ["forget_log_handlers"]  # the fixture, used here too


@pytest.fixture(autouse=True)
def privacy_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offer the personal-data commands, as the app's command list will."""
    modules = (*facilitator.cli.COMMAND_MODULES, "cli_privacy")
    monkeypatch.setattr(facilitator.cli, "COMMAND_MODULES", tuple(dict.fromkeys(modules)))


def helen_id(data_dir: Path) -> int:
    db = open_store(data_dir, today=TODAY)
    try:
        return sample_person(db, HELEN).id
    finally:
        db.close()


def test_participants_lists_ids(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every participant is listed with the id the other commands take."""
    code, out, err = run(capsys, "participants")
    assert (code, err) == (EXIT_OK, "")
    assert f"participant {helen_id(data_dir):<5} {HELEN}" in out
    code, _out, err = run(capsys, "participants", "999")
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)


def test_access_writes_the_file(data_dir: Path, tmp_path: Path, capsys) -> None:
    """`access` writes a web page or JSON; another suffix or an unknown id is refused."""
    person = helen_id(data_dir)
    out_file = tmp_path / "helen.html"
    code, out, err = run(capsys, "access", str(person), "--out", str(out_file))
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith(f"Wrote {out_file}: {HELEN}'s record")
    assert HELEN in out_file.read_text(encoding="utf-8")
    code, _out, err = run(capsys, "access", str(person), "--out", str(tmp_path / "x.pdf"))
    assert code == EXIT_BAD_INPUT and "must end in .html or .json" in err
    code, _out, err = run(capsys, "access", "99999", "--out", str(tmp_path / "x.json"))
    assert code == EXIT_BAD_INPUT and "'facilitator participants' shows the ids" in err
    assert_calm_refusal(err)


def test_access_works_while_the_app_is_open(data_dir: Path, tmp_path: Path, capsys) -> None:
    """Reading needs no lock: the app may have the folder open."""
    person = helen_id(data_dir)
    db = open_store(data_dir, today=TODAY)
    try:
        code, _out, err = run(capsys, "access", str(person), "--out", str(tmp_path / "h.json"))
    finally:
        db.close()
    assert (code, err) == (EXIT_OK, "")


def test_erase_needs_yes(data_dir: Path, capsys) -> None:
    """Without --yes nothing is erased, and the refusal says what would happen."""
    person = helen_id(data_dir)
    code, _out, err = run(capsys, "erase", str(person))
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)
    assert HELEN in err and "--yes" in err and "cannot be undone" in err
    assert helen_id(data_dir) == person


def test_erase_with_yes(data_dir: Path, capsys) -> None:
    """--yes erases and compacts; --delete-backups takes the old backups too."""
    person = helen_id(data_dir)
    backup_database(data_dir / "facilitator.sqlite3", reason="manual")
    code, out, err = run(capsys, "erase", str(person), "--yes", "--delete-backups")
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith(f"Erased {HELEN}: ")
    assert "The file was compacted" in out and "Deleted 1 backup(s)" in out
    assert b"Marchbank" not in (data_dir / "facilitator.sqlite3").read_bytes()
    assert list_backups(data_dir) == []
    code, _out, err = run(capsys, "erase", str(person), "--yes")
    assert code == EXIT_BAD_INPUT and "no participant" in err


def test_erase_while_the_app_is_open(data_dir: Path, capsys) -> None:
    """The app holding the folder: a calm refusal, nothing erased."""
    person = helen_id(data_dir)
    db = open_store(data_dir, today=TODAY)
    try:
        code, _out, err = run(capsys, "erase", str(person), "--yes")
    finally:
        db.close()
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)
    assert "the app has the data in" in err and "nothing was erased" in err
    assert helen_id(data_dir) == person


def old_programme(data_dir: Path) -> None:
    db = open_store(data_dir, today=TODAY)
    try:
        create_programme(db, ProgrammeFields(title="Cohort 2019", end_date=date(2019, 7, 1)))
    finally:
        db.close()


def titles(data_dir: Path) -> list[str]:
    db = open_store(data_dir, today=TODAY)
    try:
        return [p.title for p in list_programmes(db)]
    finally:
        db.close()


def test_retention_needs_a_period(data_dir: Path, capsys) -> None:
    """No setting and no --months: say how to give one; a silly period is refused."""
    code, _out, err = run(capsys, "retention")
    assert code == EXIT_BAD_INPUT and "--months N" in err
    assert_calm_refusal(err)
    code, _out, err = run(capsys, "retention", "--months", "0")
    assert code == EXIT_BAD_INPUT and "whole number from 1 to 240" in err


def test_retention_lists_and_deletes_only_with_yes(data_dir: Path, capsys) -> None:
    """Listing changes nothing; --delete alone is refused; --delete --yes deletes."""
    old_programme(data_dir)
    code, out, err = run(capsys, "retention", "--months", "12")
    assert (code, err) == (EXIT_OK, "")
    assert "Cohort 2019  ended 2019-07-01" in out and "Wealdmoor" not in out
    code, _out, err = run(capsys, "retention", "--months", "12", "--delete")
    assert code == EXIT_BAD_INPUT and "--delete --yes" in err
    assert "Cohort 2019" in titles(data_dir)
    code, out, err = run(capsys, "retention", "--months", "12", "--delete", "--yes")
    assert (code, err) == (EXIT_OK, "")
    assert "Deleted 1 programme(s)" in out
    assert "Cohort 2019" not in titles(data_dir)
    code, out, _err = run(capsys, "retention", "--months", "12")
    assert code == EXIT_OK and "nothing to delete" in out
