"""The command line: listing, checking, versions, and clear refusals with exit code 2."""

import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import facilitator
from facilitator.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS_FOUND, main
from facilitator.services.programmes import list_programmes
from facilitator.services.store import open_store
from facilitator.storage.database import open_database
from facilitator.storage.location import DATABASE_NAME
from tests.bad_input import BAD_CASES, make_bad_case
from tests.conftest import TODAY

STATUSES = {"planned", "live", "finished", "in_progress"}
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def forget_log_handlers() -> Iterator[None]:
    """Close the log handlers each run of the CLI adds, so tests do not share log files."""
    logger = logging.getLogger("facilitator")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers[:]:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_calm_refusal(err: str) -> None:
    """One paragraph for a person, no traceback."""
    assert err.startswith("facilitator: ")
    assert "Traceback" not in err
    assert "\n\n" not in err.strip()
    assert 'File "' not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the app's name and version and exits 0."""
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"Facilitator {facilitator.__version__}"


def test_list_shows_ids_and_titles(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`list` prints every programme, module and session with its id and title."""
    code, out, err = run(capsys, "list")
    assert (code, err) == (EXIT_OK, "")
    db = open_database(data_dir)
    try:
        (programme,) = list_programmes(db)
    finally:
        db.close()
    lines = out.splitlines()
    assert re.search(rf"^programme {programme.id}\s+{re.escape(programme.title)}", lines[0])
    assert "(sample)" in lines[0]
    for module in programme.modules:
        pattern = rf"^\s+module {module.id}\s+{module.position}\. {re.escape(module.title)}$"
        assert any(re.search(pattern, line) for line in lines), module.title
        for session in module.sessions:
            pattern = rf"^\s+session {session.id}\s+{re.escape(session.title)}\s"
            (line,) = [line for line in lines if re.search(pattern, line)]
            assert session.status.value in line
            assert session.date.isoformat() in line


def test_list_with_no_programmes_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the sample removed and nothing else, `list` says there is nothing yet."""
    from facilitator.services.programmes import remove_sample_programmes

    db = open_store(data_dir, today=TODAY)
    remove_sample_programmes(db)
    db.close()
    code, out, _ = run(capsys, "list")
    assert (code, out.strip()) == (EXIT_OK, "No programmes yet.")


def test_list_json_nests_programmes_modules_sessions(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list --json` parses, nesting sessions in modules in programmes, each fully described."""
    code, out, err = run(capsys, "list", "--json")
    assert (code, err) == (EXIT_OK, "")
    data = json.loads(out)
    (programme,) = data["programmes"]
    items: list[dict[str, Any]] = [programme]
    for module in programme["modules"]:
        items.append(module)
        items.extend(module["sessions"])
    assert len(items) == 1 + 4 + 2
    for item in items:
        assert {"id", "uuid", "title", "date", "status"} <= item.keys()
        assert isinstance(item["id"], int)
        assert str(uuid.UUID(item["uuid"])) == item["uuid"]
        assert item["title"]
        assert item["status"] in STATUSES
        assert item["date"] is None or date.fromisoformat(item["date"])
    module = programme["modules"][2]
    assert module["title"] == "Power, politics and decision-making"
    assert [s["title"] for s in module["sessions"]] == ["Day one", "Day two"]
    assert [s["status"] for s in module["sessions"]] == ["finished", "planned"]
    assert module["status"] == programme["status"] == "in_progress"
    assert module["date"] == module["sessions"][0]["date"] == str(TODAY - timedelta(days=7))
    assert programme["modules"][0]["status"] == "planned"
    assert programme["is_sample"] is True
    assert programme["sessions"] == []


def test_check_passes_a_healthy_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` exits 0 and says no problems were found."""
    code, out, err = run(capsys, "check")
    assert (code, err) == (EXIT_OK, "")
    assert "no problems" in out
    assert str(data_dir / DATABASE_NAME) in out


def test_check_reports_problems_with_exit_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` on a file with a dangling reference lists it and exits 1."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        connection.execute(
            "INSERT INTO organisation (programme_id, name, sector, uuid) "
            "VALUES (424242, 'Orphan', 'other', 'orphan-uuid')"
        )
        connection.commit()
    code, out, err = run(capsys, "check")
    assert (code, out) == (EXIT_PROBLEMS_FOUND, "")
    assert "1 problem(s)" in err
    assert "points at a missing programme row" in err


@pytest.mark.parametrize("case_name", sorted(BAD_CASES))
def test_bad_input_exits_2_with_a_message_and_changes_nothing(
    case_name: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every kind of bad data folder gives exit 2, a calm message naming it, and no change."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    before = case.watched.read_bytes()
    for command in (["list"], ["list", "--json"], ["check"]):
        code, out, err = run(capsys, "--data-dir", str(case.data_dir), *command)
        assert code == EXIT_BAD_INPUT, command
        assert out == ""
        assert_calm_refusal(err)
        assert str(case.names) in err
        assert case.advice in err
    assert case.watched.read_bytes() == before


def test_folder_open_elsewhere_exits_2(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """While another instance holds the folder, commands refuse with exit 2 and change nothing."""
    path = data_dir / DATABASE_NAME
    holder = open_database(data_dir)
    try:
        before = path.read_bytes()
        code, out, err = run(capsys, "list")
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert_calm_refusal(err)
        assert str(data_dir) in err
        assert "already open" in err
        assert path.read_bytes() == before
    finally:
        holder.close()
    assert run(capsys, "list")[0] == EXIT_OK


def test_data_dir_option_wins_over_the_environment(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--data-dir is used even when FACILITATOR_DATA_DIR points at a broken folder."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / DATABASE_NAME).write_text("not a database\n", encoding="utf-8")
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(broken))
    code, out, err = run(capsys, "--data-dir", str(data_dir), "list", "--json")
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out)["programmes"][0]["is_sample"] is True
    assert (broken / DATABASE_NAME).read_text(encoding="utf-8") == "not a database\n"
    assert run(capsys, "list")[0] == EXIT_BAD_INPUT, "without the option the environment is used"


def test_environment_chooses_the_folder_without_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """FACILITATOR_DATA_DIR names the folder; a new one is created with first-run content."""
    chosen = tmp_path / "chosen"
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(chosen))
    code, out, _ = run(capsys, "list")
    assert code == EXIT_OK
    assert "(sample)" in out
    assert (chosen / DATABASE_NAME).is_file()


def test_unexpected_error_is_calm_and_logged_without_private_text(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unforeseen failure prints no traceback and no note text; the log has the code path."""
    secret = "Note: Zoë O'Brien-Nuñez said the budget was rigged"

    def explode(db: object) -> list[object]:
        raise RuntimeError(secret)

    monkeypatch.setattr("facilitator.services.programmes.list_programmes", explode)
    code, out, err = run(capsys, "list")
    assert (code, out) == (EXIT_PROBLEMS_FOUND, "")
    assert_calm_refusal(err)
    assert "no data was changed" in err
    assert secret not in err
    log_file = tmp_path / "logs" / "facilitator.log"
    assert str(log_file) in err
    logged = log_file.read_text(encoding="utf-8")
    assert "RuntimeError" in logged
    assert "explode" in logged
    assert "Zoë" not in logged and "rigged" not in logged


def subprocess_env(data_dir: Path, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FACILITATOR_DATA_DIR": str(data_dir),
        "FACILITATOR_LOG_DIR": str(tmp_path / "logs"),
    }


def test_real_entry_point_prints_the_version(data_dir: Path, tmp_path: Path) -> None:
    """`python -m facilitator --version` works as a real process."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--version"],
        capture_output=True,
        text=True,
        env=subprocess_env(data_dir, tmp_path),
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"Facilitator {facilitator.__version__}"


def test_real_entry_point_lists_json_and_refuses_bad_input(data_dir: Path, tmp_path: Path) -> None:
    """As a real process, `list --json` works, and a broken file gives exit 2 without traceback."""
    env = subprocess_env(data_dir, tmp_path)
    command = [sys.executable, "-m", "facilitator"]
    listed = subprocess.run(
        [*command, "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["programmes"][0]["modules"][2]["sessions"][0]["id"]

    path = data_dir / DATABASE_NAME
    path.write_bytes(b"\x00garbage" * 512)
    refused = subprocess.run(
        [*command, "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert_calm_refusal(refused.stderr)
    assert str(path) in refused.stderr
    assert path.read_bytes() == b"\x00garbage" * 512
