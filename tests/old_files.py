"""Database files as older versions of the app left them, for the upgrade tests.

Shared by the migration, store, first-run and command-line tests: each builds a data folder
whose file stops at an older revision and holds the user's own work.
"""

from pathlib import Path

from facilitator.storage.database import make_engine
from facilitator.storage.location import DATABASE_NAME
from facilitator.storage.migrate import upgrade
from facilitator.storage.schema_version import REVISIONS

# Every revision before the newest: a file at any of them must upgrade cleanly.
OLDER_REVISIONS = REVISIONS[:-1]

USERS_PROGRAMME_TITLE = "Łukasz Ğür ₹ 🙂 Zoë O'Brien-Nuñez"

# Rows in the 0001_initial schema (valid at every later revision too), written as an older app
# would have written them: the user's own programme, scheme and captures, and no sample.
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


def make_older_file(data_dir: Path, revision: str) -> Path:
    """Create `data_dir` holding a database at `revision` with the user's rows; return the file."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = data_dir / DATABASE_NAME
    engine = make_engine(path)
    try:
        upgrade(engine, revision)
        with engine.begin() as connection:
            for statement in ROWS_AT_0001:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()
    return path
