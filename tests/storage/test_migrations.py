"""Migrations: the known revisions, upgrading new and older files, and backups before upgrades."""

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from facilitator.storage import migrate
from facilitator.storage.database import (
    integrity_problems,
    make_engine,
    open_database,
    read_schema_revision,
)
from facilitator.storage.location import BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.migrate import MIGRATIONS_DIR, script_revisions, upgrade
from facilitator.storage.schema_version import HEAD, REVISIONS
from facilitator.storage.tables import Base
from tests.old_files import OLDER_REVISIONS, TABLES_AT_0001, make_older_file

# What a file at each older revision lacks, as the schema comparison names it.
PLANNING = {
    ("add_table", "method"),
    ("add_table", "programme_template"),
    ("add_column", "programme.facilitators"),
    ("add_column", "programme.cohort_cap"),
    ("add_column", "participant.contact"),
    ("add_column", "participant.notes"),
    ("add_column", "session.end_time"),
    ("add_column", "agenda_item.is_break"),
    ("add_column", "agenda_item.pinned_time"),
}
LIVE = {
    ("add_table", "action"),
    ("add_table", "conflict"),
    ("add_table", "conflict_event"),
    ("add_table", "parking_item"),
    ("add_table", "session_scheme"),
    ("add_column", "agenda_item.extra_minutes"),
    ("add_column", "observation.kind"),
    ("add_column", "observation.conflict_id"),
    ("add_column", "observation_subject.role"),
    ("add_column", "session.live_started_at"),
    ("add_column", "session.paused_at"),
    ("add_column", "session.paused_seconds"),
    ("add_column", "session.finished_at"),
    ("add_index", "ix_observation_conflict_id"),
    ("add_index", "ix_observation_session_duration"),
    ("add_index", "ix_session_scheme_scheme_id"),
    ("add_index", "ix_conflict_session_id"),
    ("add_fk", "observation.conflict_id"),
}
WRITEUP = {
    ("add_table", "narrative_section"),
    ("add_column", "observation.number"),
    ("add_column", "observation.key_moment"),
    ("add_column", "observation.quote"),
    ("add_column", "session.last_capture_number"),
    ("add_index", "ix_observation_session_number"),
}
SURVEYS = {
    ("add_table", "survey_question"),
    ("add_table", "survey_response"),
    ("add_index", "ix_survey_response_participant_id"),
}
# The full-text indexes are SQLite virtual tables with triggers, outside the models: the
# comparison below looks for them by name.
SEARCH_INDEXES = (
    "search_capture",
    "search_narrative",
    "search_conflict",
    "search_conflict_event",
    "search_action",
    "search_agenda",
)
SEARCH = {("add_search_index", name) for name in SEARCH_INDEXES}
# Before 0005_live there are no conflict or parking tables to lack a column.
ROOM_BEFORE_LIVE = {
    ("add_table", "cue_event"),
    ("add_column", "programme.working_principles"),
    ("add_index", "ix_cue_event_session_id"),
    ("add_index", "ix_observation_subject_observation_id"),
}
ROOM = ROOM_BEFORE_LIVE | {
    ("add_column", "conflict.in_room"),
    ("add_column", "parking_item.in_room"),
}
MISSING_AT = {
    "0001_initial": {("add_table", "app_meta"), ("add_column", "session.timezone")}
    | PLANNING
    | LIVE
    | WRITEUP
    | SURVEYS
    | SEARCH
    | ROOM_BEFORE_LIVE,
    "0002_app_meta": {("add_column", "session.timezone")}
    | PLANNING
    | LIVE
    | WRITEUP
    | SURVEYS
    | SEARCH
    | ROOM_BEFORE_LIVE,
    "0003_session_timezone": PLANNING | LIVE | WRITEUP | SURVEYS | SEARCH | ROOM_BEFORE_LIVE,
    "0004_planning": LIVE | WRITEUP | SURVEYS | SEARCH | ROOM_BEFORE_LIVE,
    "0005_live": WRITEUP | SURVEYS | SEARCH | ROOM,
    "0006_writeup": SURVEYS | SEARCH | ROOM,
    "0007_surveys": SEARCH | ROOM,
    "0008_search": ROOM,
}

# A migration of the kind a later version may ship: it rebuilds two parent tables outright.
REBUILD_REVISION = "9001_rebuild_for_test"
REBUILD_SCRIPT = '''"""Rebuild programme and session, as a batch migration on SQLite does"""

from alembic import op

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("programme", "session"):
        with op.batch_alter_table(table, recreate="always") as batch_op:
            batch_op.create_index(f"ix_{{table}}_rebuilt_title", ["title"])


def downgrade() -> None:
    for table in ("programme", "session"):
        with op.batch_alter_table(table, recreate="always") as batch_op:
            batch_op.drop_index(f"ix_{{table}}_rebuilt_title")
'''


def _not_search(name: str | None, kind: str, _parents: object) -> bool:
    return not (kind == "table" and name is not None and name.startswith("search_"))


def schema_differences(engine: Engine) -> list[object]:
    """Compare the file with the models, leaving out the search indexes (see search_schema)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _not_search}
        )
        differences = compare_metadata(context, Base.metadata)
        present = {name for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
    missing = [("add_search_index", name) for name in SEARCH_INDEXES if name not in present]
    return differences + missing


def search_schema(path: Path) -> list[tuple[str, str, str]]:
    """Return the search indexes' tables and triggers as SQLite stores them."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'search%' ORDER BY name"
        ).fetchall()


def search_problems(path: Path) -> list[str]:
    """Check each search index against the text it indexes; return what does not agree."""
    problems = []
    with closing(sqlite3.connect(path)) as connection:
        for index in SEARCH_INDEXES:
            try:
                connection.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as error:
                problems.append(f"{index}: {error}")
    return problems


def summarise(differences: list[object]) -> set[tuple[str, str]]:
    """Name each difference as (operation, table) or (operation, table.column)."""
    named: set[tuple[str, str]] = set()
    for difference in differences:
        operation = difference[0]
        if operation in ("add_table", "remove_table"):
            named.add((operation, difference[1].name))
        elif operation in ("add_column", "remove_column"):
            named.add((operation, f"{difference[2]}.{difference[3].name}"))
        elif operation in ("add_index", "remove_index"):
            named.add((operation, difference[1].name))
        elif operation == "add_search_index":
            named.add((operation, difference[1]))
        elif operation in ("add_fk", "remove_fk"):
            named.add((operation, f"{difference[1].parent.name}.{difference[1].column_keys[0]}"))
        else:
            named.add((operation, repr(difference[1:])))
    return named


def columns_of(path: Path) -> dict[str, list[str]]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in TABLES_AT_0001
        }


def dump(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Read the given columns of every table, so an added column does not hide lost data."""
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(
                f"SELECT {', '.join(names)} FROM {table} ORDER BY id"
            ).fetchall()
            for table, names in columns.items()
        }


def row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in tables
        }


@pytest.fixture(params=OLDER_REVISIONS)
def older_revision(request: pytest.FixtureRequest) -> str:
    """Each revision an older version of the app may have left a file at."""
    return request.param


@pytest.fixture
def file_at_older_revision(tmp_path: Path, older_revision: str) -> Path:
    """Return a data folder whose database is at an older revision and holds data."""
    data_dir = tmp_path / "old"
    make_older_file(data_dir, older_revision)
    return data_dir


def test_known_revisions_match_the_migration_scripts() -> None:
    """The plain list the app checks files against is exactly the scripts, in order."""
    assert list(REVISIONS) == script_revisions()
    assert script_revisions()[-1] == HEAD
    assert set(MISSING_AT) == set(OLDER_REVISIONS), "each older revision says what it lacks"


def test_empty_folder_is_migrated_to_head_matching_the_models(tmp_path: Path) -> None:
    """A new file reaches the newest revision and its schema is exactly the models'."""
    db = open_database(tmp_path / "new")
    try:
        assert schema_differences(db.engine) == []
    finally:
        db.close()
    assert read_schema_revision(tmp_path / "new" / DATABASE_NAME) == HEAD
    assert len(search_schema(tmp_path / "new" / DATABASE_NAME)) == 6 * 8  # 5 tables, 3 triggers
    assert not (tmp_path / "new" / BACKUPS_DIR_NAME).exists(), "nothing to back up yet"


def test_schema_comparison_notices_what_an_older_file_lacks(
    file_at_older_revision: Path, older_revision: str
) -> None:
    """The comparison used above is not blind: an older file differs by exactly what it lacks."""
    engine = make_engine(file_at_older_revision / DATABASE_NAME)
    try:
        differences = schema_differences(engine)
    finally:
        engine.dispose()
    assert summarise(differences) == MISSING_AT[older_revision]


def test_older_file_upgrades_with_data_intact(
    file_at_older_revision: Path, older_revision: str, tmp_path: Path
) -> None:
    """An older file holding data reaches head, keeps every row and matches the models."""
    path = file_at_older_revision / DATABASE_NAME
    assert read_schema_revision(path) == older_revision
    columns = columns_of(path)
    before = dump(path, columns)
    assert all(before.values()), "every table should hold a row before the upgrade"
    db = open_database(file_at_older_revision)
    try:
        assert schema_differences(db.engine) == []
        assert integrity_problems(db.path) == []
    finally:
        db.close()
    assert read_schema_revision(path) == HEAD
    assert dump(path, columns) == before
    new = open_database(tmp_path / "made-new")
    new.close()
    assert search_schema(path) == search_schema(new.path), "upgraded as a new file is made"
    assert search_problems(path) == []


def test_upgrade_indexes_what_an_older_file_holds(tmp_path: Path) -> None:
    """A file from before search can be searched once upgraded: its notes, agenda and
    write-up are indexed by the migration, and later edits keep the index in step."""
    from facilitator.services.search import search

    data_dir = tmp_path / "old"
    make_older_file(data_dir, "0007_surveys")
    db = open_database(data_dir)
    try:
        (hit,) = search(db, "budget holder").hits
        assert (hit.kind, hit.record_id) == ("capture", 1)
        assert [h.kind for h in search(db, "check-in").hits] == ["agenda_item"]
        with db.transaction() as session:
            session.execute(text("UPDATE observation SET note = 'A quiet start'"))
        assert search(db, "veto").hits == ()
        assert search(db, "quiet").count == 1
    finally:
        db.close()
    assert search_problems(data_dir / DATABASE_NAME) == []


def test_sessions_of_an_older_file_are_placed_in_the_uk(file_at_older_revision: Path) -> None:
    """Sessions saved before sessions had a time zone were all run in Europe/London."""
    open_database(file_at_older_revision).close()
    with closing(sqlite3.connect(file_at_older_revision / DATABASE_NAME)) as connection:
        zones = connection.execute("SELECT timezone FROM session").fetchall()
    assert zones == [("Europe/London",)]


def test_captures_of_an_older_file_are_numbered_in_time_order(tmp_path: Path) -> None:
    """Upgrading numbers each session's captures by time, and the next capture follows on."""
    data_dir = tmp_path / "old"
    path = make_older_file(data_dir, "0005_live")
    with closing(sqlite3.connect(path)) as connection, connection:
        for number, offset in ((2, 30.0), (3, 900.0), (4, 5.0)):
            connection.execute(
                "INSERT INTO observation (id, uuid, session_id, occurred_at, offset_seconds,"
                " note, author, kind) VALUES (?, ?, 1, '2026-01-05 09:41:07', ?, '', '', 'note')",
                (number, f"ob-{number}", offset),
            )
    open_database(data_dir).close()
    with closing(sqlite3.connect(path)) as connection:
        numbers = connection.execute("SELECT id, number FROM observation ORDER BY id").fetchall()
        last = connection.execute("SELECT last_capture_number FROM session").fetchall()
    assert numbers == [(1, 3), (2, 2), (3, 4), (4, 1)]
    assert last == [(4,)]


def test_upgrade_keeps_a_private_readable_backup_of_the_older_file(
    file_at_older_revision: Path, older_revision: str
) -> None:
    """Before upgrading, the older file is copied into a 0700 backups/ folder as a 0600 file."""
    open_database(file_at_older_revision).close()
    backups_dir = file_at_older_revision / BACKUPS_DIR_NAME
    copies = list(backups_dir.iterdir())
    assert len(copies) == 1
    copy = copies[0]
    assert older_revision in copy.name
    assert stat.S_IMODE(backups_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (older_revision,)
        ]
        assert connection.execute("SELECT note FROM observation").fetchall() == [
            ("Named the budget holder's veto",)
        ]


def test_opening_an_upgraded_file_again_takes_no_second_backup(
    file_at_older_revision: Path,
) -> None:
    """Only an upgrade is backed up: the next open of the now-current file copies nothing."""
    open_database(file_at_older_revision).close()
    open_database(file_at_older_revision).close()
    assert len(list((file_at_older_revision / BACKUPS_DIR_NAME).iterdir())) == 1


def test_batch_migrations_rebuild_parent_tables_without_cascading(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration that rebuilds programme and session keeps every row of every table.

    Rebuilding drops the old table; with foreign keys on, SQLite would delete (cascade) every
    module, session, agenda item and observation hanging off it.
    """
    extra = tmp_path / "extra_versions"
    extra.mkdir()
    (extra / f"{REBUILD_REVISION}.py").write_text(
        REBUILD_SCRIPT.format(revision=REBUILD_REVISION, head=HEAD), encoding="utf-8"
    )
    shipped_config = migrate.alembic_config

    def config_with_the_extra_migration() -> Config:
        config = shipped_config()
        config.set_main_option("path_separator", "os")
        config.set_main_option(
            "version_locations", os.pathsep.join([str(MIGRATIONS_DIR / "versions"), str(extra)])
        )
        return config

    monkeypatch.setattr(migrate, "alembic_config", config_with_the_extra_migration)
    path = data_dir / DATABASE_NAME
    before = row_counts(path)
    assert before["observation"] > 50 and before["agenda_item"] and before["session_attendee"]

    statements: list[str] = []
    engine = make_engine(path)
    event.listen(
        engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: statements.append(statement),
    )
    try:
        upgrade(engine)
    finally:
        engine.dispose()

    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (REBUILD_REVISION,)
        ]
    for table in ("programme", "session"):
        assert any(f"RENAME TO {table}" in s for s in statements), f"{table} was not rebuilt"
    assert row_counts(path) == before
    assert integrity_problems(path) == []
