"""Migrations: the known revisions, upgrading new and older files, and backups before upgrades."""

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from facilitator.storage.database import make_engine, open_database, read_schema_revision
from facilitator.storage.location import BACKUPS_DIR_NAME, DATABASE_NAME
from facilitator.storage.migrate import script_revisions, upgrade
from facilitator.storage.schema_version import HEAD, REVISIONS
from facilitator.storage.tables import Base

PREVIOUS = "0001_initial"

# Rows in the 0001_initial schema, written as an older app would have written them.
ROWS_AT_0001 = [
    "INSERT INTO programme (id, uuid, title, client_system, start_date, end_date, notes,"
    " is_sample) VALUES (1, 'p-1', 'Łukasz Ğür ₹ 🙂 Zoë O''Brien-Nuñez', 'Estuary ICS',"
    " '2026-01-05', '2026-07-30', 'שלום עולם e\u0301', 0)",
    "INSERT INTO organisation (id, uuid, programme_id, name, sector)"
    " VALUES (1, 'o-1', 1, 'Estuary Council', 'local_authority')",
    "INSERT INTO participant (id, uuid, programme_id, organisation_id, name, role, pseudonym,"
    " goals) VALUES (1, 'pa-1', 1, 1, 'Amara Okafor', 'Director', 'P1', 'Listen more')",
    "INSERT INTO module (id, uuid, programme_id, position, title, themes, days)"
    " VALUES (1, 'm-1', 1, 1, 'Defining you and the system', '[\"Dialogue\"]', 2)",
    "INSERT INTO session (id, uuid, programme_id, module_id, title, date, start_time, venue,"
    " kind, status) VALUES (1, 's-1', 1, 1, 'Day one', '2026-01-05', '09:30:00.000000',"
    " 'Town hall', 'designed_workshop', 'finished')",
    "INSERT INTO session_attendee (id, uuid, session_id, participant_id) VALUES (1, 'sa-1', 1, 1)",
    "INSERT INTO agenda_item (id, uuid, session_id, position, title, method, planned_minutes,"
    " purpose, facilitator_notes, materials, actual_start, actual_end) VALUES (1, 'a-1', 1, 1,"
    " 'Check-in', 'Round', 30, 'Arrive', '', 'Cards', '2026-01-05 09:30:00.000000',"
    " '2026-01-05 10:00:00.000000')",
    "INSERT INTO coding_scheme (id, uuid, slug, name, description, source, builtin)"
    " VALUES (1, 'cs-1', 'my-scheme', 'My scheme', 'Mine', '', 0)",
    "INSERT INTO code (id, uuid, scheme_id, position, slug, label, description, colour, key,"
    " kind, qualifier_name, qualifier_choices, exclusive_group) VALUES (1, 'c-1', 1, 1,"
    " 'named', 'Power named', 'Said out loud', '#882255', 'p', 'point', 'Base',"
    ' \'["Expert", "Referent"]\', NULL)',
    "INSERT INTO observation (id, uuid, session_id, occurred_at, offset_seconds,"
    " duration_seconds, agenda_item_id, note, author) VALUES (1, 'ob-1', 1,"
    " '2026-01-05 09:41:07.250000', 667.25, NULL, 1, 'Named the budget holder''s veto', 'JS')",
    "INSERT INTO observation_code (id, uuid, observation_id, code_id, qualifier)"
    " VALUES (1, 'oc-1', 1, 1, 'Expert')",
    "INSERT INTO observation_subject (id, uuid, observation_id, kind, participant_id,"
    " organisation_id) VALUES (1, 'os-1', 1, 'participant', 1, NULL)",
    "INSERT INTO observation_subject (id, uuid, observation_id, kind, participant_id,"
    " organisation_id) VALUES (2, 'os-2', 1, 'organisation', NULL, 1)",
    "INSERT INTO observation_subject (id, uuid, observation_id, kind, participant_id,"
    " organisation_id) VALUES (3, 'os-3', 1, 'group', NULL, NULL)",
]
TABLES_AT_0001 = [
    "programme",
    "organisation",
    "participant",
    "module",
    "session",
    "session_attendee",
    "agenda_item",
    "coding_scheme",
    "code",
    "observation",
    "observation_code",
    "observation_subject",
]


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in TABLES_AT_0001
        }


@pytest.fixture
def file_at_previous_revision(tmp_path: Path) -> Path:
    """Return a data folder whose database is at the previous revision and holds data."""
    data_dir = tmp_path / "old"
    data_dir.mkdir(mode=0o700)
    engine = make_engine(data_dir / DATABASE_NAME)
    try:
        upgrade(engine, PREVIOUS)
        with engine.begin() as connection:
            for statement in ROWS_AT_0001:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()
    return data_dir


def test_known_revisions_match_the_migration_scripts() -> None:
    """The plain list the app checks files against is exactly the scripts, in order."""
    assert list(REVISIONS) == script_revisions()
    assert script_revisions()[-1] == HEAD
    assert PREVIOUS in REVISIONS[:-1]


def test_empty_folder_is_migrated_to_head_matching_the_models(tmp_path: Path) -> None:
    """A new file reaches the newest revision and its schema is exactly the models'."""
    db = open_database(tmp_path / "new")
    try:
        assert schema_differences(db.engine) == []
    finally:
        db.close()
    assert read_schema_revision(tmp_path / "new" / DATABASE_NAME) == HEAD
    assert not (tmp_path / "new" / BACKUPS_DIR_NAME).exists(), "nothing to back up yet"


def test_schema_comparison_notices_a_missing_table(file_at_previous_revision: Path) -> None:
    """The comparison used above is not blind: a file at the previous revision differs."""
    engine = make_engine(file_at_previous_revision / DATABASE_NAME)
    try:
        differences = schema_differences(engine)
    finally:
        engine.dispose()
    assert ("add_table", "app_meta") in [(d[0], d[1].name) for d in differences]


def test_previous_revision_file_upgrades_with_data_intact(file_at_previous_revision: Path) -> None:
    """An older file holding data reaches head, keeps every row and matches the models."""
    path = file_at_previous_revision / DATABASE_NAME
    assert read_schema_revision(path) == PREVIOUS
    before = dump(path)
    assert all(before.values()), "every table should hold a row before the upgrade"
    db = open_database(file_at_previous_revision)
    try:
        assert schema_differences(db.engine) == []
        assert db.integrity_problems() == []
    finally:
        db.close()
    assert read_schema_revision(path) == HEAD
    assert dump(path) == before


def test_upgrade_keeps_a_private_readable_backup_of_the_older_file(
    file_at_previous_revision: Path,
) -> None:
    """Before upgrading, the older file is copied into a 0700 backups/ folder as a 0600 file."""
    open_database(file_at_previous_revision).close()
    backups_dir = file_at_previous_revision / BACKUPS_DIR_NAME
    copies = list(backups_dir.iterdir())
    assert len(copies) == 1
    copy = copies[0]
    assert PREVIOUS in copy.name
    assert stat.S_IMODE(backups_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (PREVIOUS,)
        ]
        assert connection.execute("SELECT note FROM observation").fetchall() == [
            ("Named the budget holder's veto",)
        ]


def test_opening_an_upgraded_file_again_takes_no_second_backup(
    file_at_previous_revision: Path,
) -> None:
    """Only an upgrade is backed up: the next open of the now-current file copies nothing."""
    open_database(file_at_previous_revision).close()
    open_database(file_at_previous_revision).close()
    assert len(list((file_at_previous_revision / BACKUPS_DIR_NAME).iterdir())) == 1
