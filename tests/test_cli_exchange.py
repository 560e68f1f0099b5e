"""`facilitator export` and `facilitator import`: bundles written, imported all or nothing,
and calm refusals with exit code 2."""

from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import EXIT_BAD_INPUT, EXIT_OK
from facilitator.services.programmes import list_programmes, remove_sample_programmes
from facilitator.services.store import open_store
from facilitator.storage.lock import InstanceLock
from tests.conftest import TODAY
from tests.exchange import copy_store, dump
from tests.test_cli import assert_calm_refusal, run


@pytest.fixture(autouse=True)
def exchange_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offer the exchange commands whether or not cli.py lists them yet."""
    modules = tuple(dict.fromkeys((*cli.COMMAND_MODULES, "cli_exchange")))
    monkeypatch.setattr(cli, "COMMAND_MODULES", modules)


def ids(data_dir: Path) -> tuple[int, int]:
    """Return the sample programme's id and Day one's."""
    db = open_store(data_dir, today=TODAY)
    try:
        programme = list_programmes(db)[0]
        return programme.id, programme.modules[2].sessions[0].id
    finally:
        db.close()


@pytest.fixture
def other(template_data_dir: Path, tmp_path: Path) -> Path:
    """Return another laptop's data folder, with no programmes."""
    db = copy_store(template_data_dir, tmp_path / "other")
    remove_sample_programmes(db)
    db.close()
    return tmp_path / "other"


def test_export_a_programme_then_import_it_elsewhere(
    capsys: pytest.CaptureFixture[str], data_dir: Path, other: Path, tmp_path: Path
) -> None:
    """The bundle goes to another data folder; a dry run first changes nothing there."""
    programme_id, _ = ids(data_dir)
    out = tmp_path / "cohort.facilitator"
    code, printed, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "export",
        "--programme",
        str(programme_id),
        "--out",
        str(out),
    )
    assert (code, err) == (EXIT_OK, "")
    assert printed.startswith(f"Wrote {out}: the programme “Building collaborative leadership")
    assert "2 session(s), 83 capture(s)" in printed
    code, printed, err = run(capsys, "--data-dir", str(other), "import", str(out), "--dry-run")
    assert (code, err) == (EXIT_OK, "")
    assert printed.startswith("Would import the programme “Building collaborative leadership")
    assert "Adds 1 programme" in printed and "captures: 83 added, 0 updated" in printed
    assert printed.rstrip().endswith("Nothing was changed (dry run).")
    db = open_store(other, today=TODAY)
    assert list_programmes(db) == []
    db.close()
    code, printed, err = run(capsys, "--data-dir", str(other), "import", str(out))
    assert (code, err) == (EXIT_OK, "")
    assert printed.startswith("Imported the programme")
    code, printed, err = run(capsys, "--data-dir", str(other), "import", str(out))
    assert code == EXIT_OK and "Nothing to change" in printed


def test_export_a_session(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """--session writes that session's bundle."""
    _, day_one = ids(data_dir)
    out = tmp_path / "Day one.facilitator"
    code, printed, err = run(
        capsys, "--data-dir", str(data_dir), "export", "--session", str(day_one), "--out", str(out)
    )
    assert (code, err) == (EXIT_OK, "")
    assert "the session “Day one”, 1 session(s), 83 capture(s)" in printed
    assert out.is_file()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("export", "--session", "999999", "--out", "x.facilitator"), "there is no session 999999"),
        (("export", "--programme", "999999", "--out", "x.facilitator"), "there is no programme"),
        (("export", "--session", "1", "--out", "x.zip"), "must end in .facilitator"),
    ],
)
def test_export_refuses_calmly(
    capsys: pytest.CaptureFixture[str], data_dir: Path, argv: tuple[str, ...], words: str
) -> None:
    """Unknown ids and wrong file names: one sentence, exit code 2."""
    code, _printed, err = run(capsys, "--data-dir", str(data_dir), *argv)
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)
    assert words in err


def test_export_needs_exactly_one_of_session_and_programme(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """argparse refuses both, or neither."""
    for argv in (("--session", "1", "--programme", "1"), ()):
        with pytest.raises(SystemExit) as stopped:
            cli.main(["--data-dir", str(data_dir), "export", *argv, "--out", "x.facilitator"])
        assert stopped.value.code == EXIT_BAD_INPUT
    capsys.readouterr()


def test_import_refuses_a_hostile_file_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """A file that is not a bundle is one calm sentence; the database is as it was."""
    path = tmp_path / "notes.facilitator"
    path.write_text("not a zip", encoding="utf-8")
    db = open_store(data_dir, today=TODAY)
    before = dump(db)
    db.close()
    code, printed, err = run(capsys, "--data-dir", str(data_dir), "import", str(path))
    assert (code, printed) == (EXIT_BAD_INPUT, "")
    assert_calm_refusal(err)
    assert "“notes.facilitator” is not a Facilitator bundle, or it is damaged." in err
    db = open_store(data_dir, today=TODAY)
    assert dump(db) == before
    db.close()


def test_import_while_the_app_has_the_folder_open_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    """Import needs to write: with the folder open in a window, it says where to import."""
    lock = InstanceLock(data_dir)
    lock.acquire()
    try:
        code, _printed, err = run(
            capsys, "--data-dir", str(data_dir), "import", str(tmp_path / "x.facilitator")
        )
    finally:
        lock.release()
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)
    assert "the app has this data folder open" in err
