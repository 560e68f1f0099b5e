"""The archive generator makes a whole, realistic database that the app can open and report on."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from facilitator.cli import EXIT_OK
from facilitator.cli import main as cli_main
from facilitator.domain.enums import (
    CaptureKind,
    ConflictStatus,
    NamesMode,
    Sector,
    SessionKind,
    SessionStatus,
    SubjectKind,
    SubjectRole,
)
from facilitator.services.programmes import list_programmes, session_detail
from facilitator.services.session_report import write_session_report_file
from facilitator.services.store import open_store
from facilitator.storage.database import integrity_problems
from tests.benchmarks.archive import generate_archive, main
from tests.benchmarks.archive_rows import COLUMNS

SCALE = 0.01  # landmark sessions of 10 and 50 captures


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("archive") / "data"
    generate_archive(data_dir, programmes=3, sessions=20, captures=3000, landmark_scale=SCALE)
    return data_dir


def query(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "facilitator.sqlite3")) as connection:
        return connection.execute(sql).fetchall()


def test_archive_passes_the_full_integrity_check(archive: Path) -> None:
    """SQLite's integrity and foreign-key checks find nothing, and the file stays private."""
    assert integrity_problems(archive / "facilitator.sqlite3") == []
    assert (archive / "facilitator.sqlite3").stat().st_mode & 0o777 == 0o600
    assert query(archive, "PRAGMA journal_mode") == [("wal",)]


def test_archive_has_the_counts_asked_for(archive: Path) -> None:
    """Programmes, sessions and captures come to the numbers asked for, all finished."""
    assert query(archive, "SELECT count(*) FROM programme") == [(3,)]
    assert query(archive, "SELECT count(*) FROM session WHERE status = 'finished'") == [(20,)]
    assert query(archive, "SELECT count(*) FROM observation") == [(3000,)]
    for table in ("conflict", "conflict_event", "action", "parking_item", "narrative_section"):
        assert query(archive, f'SELECT count(*) FROM "{table}"')[0][0] > 0, table


def test_landmark_sessions_are_in_programme_one(archive: Path) -> None:
    """Programme 1 is the benchmark programme: 8 sessions of 10 captures and one of 50."""
    sizes = query(
        archive,
        "SELECT s.title, count(o.id) FROM session s JOIN observation o ON o.session_id = s.id"
        " WHERE s.programme_id = 1 GROUP BY s.id ORDER BY s.id",
    )
    assert query(archive, "SELECT title FROM programme WHERE id = 1") == [("Benchmark programme",)]
    assert [count for _title, count in sizes] == [10] * 8 + [50]
    assert sizes[-1][0] == "Benchmark: 50 captures"


def test_numbers_run_from_one_in_time_order(archive: Path) -> None:
    """Each session numbers its captures 1..n by time, and remembers n as its last number."""
    rows = query(
        archive,
        "SELECT s.id, s.last_capture_number, count(o.id), min(o.number), max(o.number)"
        " FROM session s JOIN observation o ON o.session_id = s.id GROUP BY s.id",
    )
    assert rows and all(last == count == high and low == 1 for _, last, count, low, high in rows)
    out_of_order = query(
        archive,
        "SELECT count(*) FROM observation a JOIN observation b ON a.session_id = b.session_id"
        " AND a.number + 1 = b.number WHERE a.offset_seconds > b.offset_seconds",
    )
    assert out_of_order == [(0,)]


def test_every_uuid_is_unique_across_the_archive(archive: Path) -> None:
    """No two rows in any table share a UUID."""
    union = " UNION ALL ".join(f'SELECT uuid FROM "{table}"' for table in COLUMNS)
    assert query(archive, f"SELECT count(*) - count(DISTINCT uuid) FROM ({union})") == [(0,)]


def test_captures_fall_inside_their_agenda_item(archive: Path) -> None:
    """Each capture's moment lies within its agenda item's actual start and end."""
    outside = query(
        archive,
        "SELECT count(*) FROM observation o JOIN agenda_item a ON a.id = o.agenda_item_id"
        " WHERE o.occurred_at < a.actual_start OR o.occurred_at > a.actual_end"
        " OR a.session_id != o.session_id",
    )
    assert outside == [(0,)]
    state_without_duration = query(
        archive,
        "SELECT count(*) FROM observation_code oc JOIN code c ON c.id = oc.code_id"
        " JOIN observation o ON o.id = oc.observation_id"
        " WHERE c.kind = 'state' AND o.duration_seconds IS NULL",
    )
    assert state_without_duration == [(0,)]


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [
        ("observation", "kind", CaptureKind),
        ("observation_subject", "kind", SubjectKind),
        ("observation_subject", "role", SubjectRole),
        ("session", "kind", SessionKind),
        ("session", "status", SessionStatus),
        ("conflict", "status", ConflictStatus),
        ("conflict_event", "status", ConflictStatus),
        ("organisation", "sector", Sector),
    ],
)
def test_enums_are_stored_as_the_app_stores_them(
    archive: Path, table: str, column: str, enum: type
) -> None:
    """Every stored choice is one of its enum's values, as the models write them."""
    stored = {row[0] for row in query(archive, f'SELECT DISTINCT "{column}" FROM "{table}"')}
    assert stored and stored <= {member.value for member in enum}


def test_search_indexes_match_the_loaded_text(archive: Path) -> None:
    """Where the file has search indexes, they find what was loaded, and their triggers remain."""
    names = {row[0] for row in query(archive, "SELECT name FROM sqlite_master")}
    if "search_capture" not in names:
        pytest.skip("this schema has no search indexes")
    found = query(
        archive, "SELECT count(*) FROM search_capture WHERE search_capture MATCH 'budget'"
    )
    notes = query(archive, "SELECT count(*) FROM observation WHERE note LIKE '%budget%'")
    assert found == notes and found[0][0] > 0
    assert "search_capture_insert" in names


def test_rare_phrases_stay_rare(archive: Path) -> None:
    """ "Right of veto" is a rare phrase: far fewer than one note in a hundred."""
    rare = query(archive, "SELECT count(*) FROM observation WHERE note LIKE '%right of veto%'")
    common = query(archive, "SELECT count(*) FROM observation WHERE note LIKE '%waiting list%'")
    assert rare[0][0] < 15 < common[0][0]


def test_the_app_opens_the_archive_and_reports_on_it(archive: Path, tmp_path: Path) -> None:
    """The app's services read a generated session and write its PDF report."""
    db = open_store(archive)
    try:
        programmes = list_programmes(db)
        assert len(programmes) == 3
        detail = session_detail(db, 9)
        assert detail.title == "Benchmark: 50 captures"
        assert detail.status is SessionStatus.FINISHED
        assert [o.number for o in detail.observations] == list(range(1, 51))
        assert {o.kind for o in detail.observations} <= set(CaptureKind)
        assert detail.live_started_at is not None and detail.finished_at is not None
        report = tmp_path / "report.pdf"
        write_session_report_file(db, 9, report, names=NamesMode.PSEUDONYM)
        assert report.read_bytes().startswith(b"%PDF")
    finally:
        db.close()


def test_list_command_shows_the_programmes(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facilitator list` prints the benchmark programme and the others."""
    assert cli_main(["--data-dir", str(archive), "list"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("programme 1    Benchmark programme")
    assert out.count("\nprogramme ") == 2


def test_a_folder_with_a_database_is_refused(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line will not write over an existing database, and says why."""
    assert main([str(archive), "--programmes", "3", "--sessions", "20"]) == 2
    assert "already exists" in capsys.readouterr().err
