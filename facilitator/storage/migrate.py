"""Run the Alembic migrations on an open engine."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Return an Alembic configuration pointing at the shipped migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_revisions() -> list[str]:
    """Return the revisions of the migration scripts, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` in one transaction.

    Foreign keys are switched off for the duration (SQLite only allows that outside a
    transaction) because batch migrations rebuild tables, which would otherwise cascade deletes
    into child rows; the foreign-key check afterwards makes sure nothing was left dangling.
    """
    with engine.connect() as connection:
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    raise RuntimeError(f"migration left {len(dangling)} dangling references")
        finally:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")
