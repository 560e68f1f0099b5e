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
from facilitator.domain.errors import DatabaseTooNewError
from facilitator.services.programmes import list_programmes
from facilitator.services.store import open_store
from facilitator.storage import database as database_module
from facilitator.storage.database import open_database
from facilitator.storage.location import BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.tables import ProgrammeRow
from tests.bad_input import BAD_CASES, damage_pages, make_bad_case
from tests.conftest import TODAY, UNUSUAL_FOLDER_NAMES
from tests.old_files import OLDER_REVISIONS, make_older_file

STATUSES = {"planned", "live", "finished", "in_progress"}
REPO_ROOT = Path(__file__).resolve().parent.parent
FOLDER_HINT = "run with --data-dir DIR or set FACILITATOR_DATA_DIR"
UNICODE_TITLE = "Łódź – Zoë’s cohort 🙂"


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
    """Every kind of bad data folder makes `list` exit 2 with a calm message, changing nothing."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    before = case.watched.read_bytes()
    for command in (["list"], ["list", "--json"]):
        code, out, err = run(capsys, "--data-dir", str(case.data_dir), *command)
        assert code == EXIT_BAD_INPUT, command
        assert out == ""
        assert_calm_refusal(err)
        assert str(case.names) in err
        assert case.advice in err
        # Only a problem with the folder or the file itself suggests choosing another folder.
        assert (FOLDER_HINT in err) == (case.error is not DatabaseTooNewError)
    assert case.watched.read_bytes() == before
    assert not (case.data_dir / "facilitator.lock").exists()


# What `check` makes of each bad input: it checks the file's health, not whose it is.
CHECK_OUTCOMES = {
    "parent-is-a-file": EXIT_BAD_INPUT,  # no file to check
    "folder-is-a-file": EXIT_BAD_INPUT,
    "random-bytes": EXIT_BAD_INPUT,  # not SQLite at all: nothing to check
    "text-file": EXIT_BAD_INPUT,
    "damaged": EXIT_PROBLEMS_FOUND,  # SQLite, damaged: the damage is listed
    "too-new": EXIT_OK,  # a healthy file from a newer version
}


@pytest.mark.parametrize("case_name", sorted(CHECK_OUTCOMES))
def test_check_on_bad_input_says_what_it_found_and_changes_nothing(
    case_name: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` refuses what it cannot read (2), lists damage (1), passes a healthy file (0)."""
    case = make_bad_case(case_name, healthy=data_dir, tmp_path=tmp_path)
    before = case.watched.read_bytes()
    code, out, err = run(capsys, "--data-dir", str(case.data_dir), "check")
    assert code == CHECK_OUTCOMES[case_name]
    if code == EXIT_BAD_INPUT:
        assert out == ""
        assert_calm_refusal(err)
        assert str(case.names) in err
        assert FOLDER_HINT in err
    elif code == EXIT_PROBLEMS_FOUND:
        assert out == ""
        assert f"{case.watched}: 1 problem(s) found:" in err
        assert "malformed" in err
        assert "restore the newest backup" in err
    else:
        assert (out, err) == (f"{case.watched}: no problems found.\n", "")
    assert case.watched.read_bytes() == before
    assert not (case.data_dir / "facilitator.lock").exists()
    if case.data_dir.is_dir():
        assert not (case.data_dir / BACKUPS_DIR_NAME).exists()


def test_check_refuses_a_database_that_is_not_facilitators(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` on another program's SQLite file says it is not Facilitator's, as `list` does."""
    case = make_bad_case("not-ours", healthy=data_dir, tmp_path=tmp_path)
    code, out, err = run(capsys, "--data-dir", str(case.data_dir), "check")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert case.advice in err


class QuickToGiveUpSqlite:
    """The sqlite3 module, but connections wait 50 ms for a lock instead of five seconds."""

    def __getattr__(self, name: str) -> Any:
        return getattr(sqlite3, name)

    @staticmethod
    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return sqlite3.connect(*args, **{**kwargs, "timeout": 0.05})


def test_check_on_a_file_locked_by_another_program_says_it_is_busy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """While another program locks the file, `check` says it is busy (2), not damaged (1)."""
    monkeypatch.setattr(database_module, "sqlite3", QuickToGiveUpSqlite())
    other = sqlite3.connect(data_dir / DATABASE_NAME, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("DELETE FROM app_meta WHERE key = 'nothing'")
        code, out, err = run(capsys, "check")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "problem(s) found" not in err
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert_calm_refusal(err)


def test_list_works_while_the_app_has_the_folder_open(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a window holding the folder, `list` and `check` still read it, changing nothing."""
    path = data_dir / DATABASE_NAME
    holder = open_database(data_dir)
    try:
        with holder.transaction() as session:
            session.add(ProgrammeRow(title="Saved a moment ago by the window"))
        before = path.read_bytes()
        code, out, err = run(capsys, "list")
        assert (code, err) == (EXIT_OK, "")
        assert "Saved a moment ago by the window" in out
        assert "(sample)" in out
        code, out, err = run(capsys, "check")
        assert (code, err) == (EXIT_OK, "")
        assert "no problems found" in out
        assert path.read_bytes() == before
        with holder.transaction() as session:  # the window can still save afterwards
            session.add(ProgrammeRow(title="Saved after the listing"))
    finally:
        holder.close()


def test_list_without_a_database_exits_2_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list` never creates a folder or a file: it says there is no database there."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (tmp_path / "never-made", empty):
        for command in (["list"], ["list", "--json"]):
            code, out, err = run(capsys, "--data-dir", str(folder), *command)
            assert (code, out) == (EXIT_BAD_INPUT, "")
            assert_calm_refusal(err)
            assert f"There is no Facilitator database at {folder / DATABASE_NAME}" in err
            assert FOLDER_HINT in err
    assert not (tmp_path / "never-made").exists()
    assert list(empty.iterdir()) == []


def test_list_of_an_older_file_asks_for_it_to_be_opened_in_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list` does not upgrade an older file: it says how to, and leaves the file alone."""
    path = make_older_file(tmp_path / "old", OLDER_REVISIONS[-1])
    before = path.read_bytes()
    code, out, err = run(capsys, "--data-dir", str(path.parent), "list")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert_calm_refusal(err)
    assert "older version" in err and "Open it in the app once" in err
    assert path.read_bytes() == before
    assert not (path.parent / BACKUPS_DIR_NAME).exists()


def test_check_lists_the_damage_in_a_damaged_file_with_exit_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` on a damaged SQLite file exits 1, names the file and lists what is wrong."""
    path = data_dir / DATABASE_NAME
    damage_pages(path)
    before = path.read_bytes()
    code, out, err = run(capsys, "check")
    assert (code, out) == (EXIT_PROBLEMS_FOUND, "")
    lines = err.splitlines()
    assert lines[0] == f"{path}: 1 problem(s) found:"
    assert lines[1].startswith("  ") and "malformed" in lines[1]
    assert "Traceback" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("folder_name", UNUSUAL_FOLDER_NAMES)
def test_commands_work_in_unusually_named_folders(
    folder_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list`, `list --json` and `check` read the file inside a folder named like URL syntax."""
    parent = tmp_path / "parent"
    parent.mkdir()
    folder = parent / folder_name
    open_store(folder, today=TODAY).close()
    code, out, err = run(capsys, "--data-dir", str(folder), "list")
    assert (code, err) == (EXIT_OK, "")
    assert "(sample)" in out
    code, out, err = run(capsys, "--data-dir", str(folder), "list", "--json")
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out)["programmes"][0]["is_sample"] is True
    code, out, err = run(capsys, "--data-dir", str(folder), "check")
    assert (code, err) == (EXIT_OK, "")
    assert out == f"{folder / DATABASE_NAME}: no problems found.\n"
    assert [p.name for p in parent.iterdir()] == [folder_name]


def test_list_json_is_ascii_and_gives_back_every_character(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list --json` prints pure ASCII, and parsing it gives the exact title back."""
    db = open_database(data_dir)
    try:
        with db.transaction() as session:
            session.add(ProgrammeRow(title=UNICODE_TITLE, client_system="Łódź ICS"))
    finally:
        db.close()
    code, out, err = run(capsys, "list", "--json")
    assert (code, err) == (EXIT_OK, "")
    assert out.isascii()
    titles = {p["title"]: p for p in json.loads(out)["programmes"]}
    assert titles[UNICODE_TITLE]["client_system"] == "Łódź ICS"
    assert titles[UNICODE_TITLE]["is_sample"] is False


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
    """FACILITATOR_DATA_DIR names the folder the commands read (they never create it)."""
    chosen = tmp_path / "chosen"
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(chosen))
    code, _, err = run(capsys, "list")
    assert code == EXIT_BAD_INPUT
    assert str(chosen / DATABASE_NAME) in err
    assert not chosen.exists()
    open_store(chosen, today=TODAY).close()
    code, out, _ = run(capsys, "list")
    assert code == EXIT_OK
    assert "(sample)" in out
    code, out, _ = run(capsys, "check")
    assert (code, out) == (EXIT_OK, f"{chosen / DATABASE_NAME}: no problems found.\n")


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


def test_list_in_a_console_that_cannot_show_every_character(data_dir: Path, tmp_path: Path) -> None:
    """On a cp1252 console, `list` prints what it can and "?" for the rest, and exits 0."""
    db = open_database(data_dir)
    try:
        with db.transaction() as session:
            session.add(ProgrammeRow(title=UNICODE_TITLE))
    finally:
        db.close()
    listed = subprocess.run(
        [sys.executable, "-m", "facilitator", "list"],
        capture_output=True,
        env={**subprocess_env(data_dir, tmp_path), "PYTHONIOENCODING": "cp1252"},
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr.decode("cp1252")
    assert listed.stderr == b""
    out = listed.stdout.decode("cp1252")
    assert "?ód? – Zoë’s cohort ?" in out  # Ł, ź and the emoji are not in cp1252
    assert "(sample)" in out


# Run sheets ---------------------------------------------------------------------------------


def _day_two_id(data_dir: Path) -> int:
    db = open_store(data_dir, today=TODAY)
    try:
        module = list_programmes(db)[0].modules[2]
        return next(s.id for s in module.sessions if s.title == "Day two")
    finally:
        db.close()


def test_runsheet_writes_both_versions(capsys, data_dir: Path, tmp_path: Path) -> None:
    """`runsheet ID --out F` writes the facilitator's PDF; --participant leaves notes out."""
    from pypdf import PdfReader

    session_id = _day_two_id(data_dir)
    facilitator_pdf, participant_pdf = tmp_path / "f.pdf", tmp_path / "p.pdf"
    code, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "runsheet",
        str(session_id),
        "--out",
        str(facilitator_pdf),
    )
    assert (code, err) == (EXIT_OK, "")
    assert out.strip() == f"Wrote {facilitator_pdf}"
    code, _out, _err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "runsheet",
        str(session_id),
        "--out",
        str(participant_pdf),
        "--participant",
    )
    assert code == EXIT_OK

    def text(path: Path) -> str:
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)

    full, public = text(facilitator_pdf), text(participant_pdf)
    assert "Day two" in full and "Day two" in public
    notes = "Ask the trio about the discharge checklist pilot."
    assert notes in full
    assert notes not in public
    assert "09:30" in public and "Lunch" in public


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["999999", "--out", "x.pdf"], "there is no session 999999"),
        (["1", "--out", "x.txt"], "must end in .pdf"),
        (["1", "--out", "no such folder/x.pdf"], "could not write"),
    ],
)
def test_runsheet_refuses_calmly(
    capsys, data_dir: Path, tmp_path: Path, monkeypatch, arguments: list[str], message: str
) -> None:
    """An unknown session, a wrong file name or a missing folder exits 2 with one sentence."""
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "runsheet", *arguments)
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)
    assert message in err
    assert not (tmp_path / "x.pdf").exists()
