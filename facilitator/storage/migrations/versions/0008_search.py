"""Search: full-text indexes over captures, narratives, conflicts, actions and agenda items

Each index is an SQLite FTS5 table over its source table's text ("external content", so the
text is stored once), kept in step by triggers on that table; foreign-key cascades fire them
too. A later migration that rebuilds a source table must create its triggers again.

Revision ID: 0008_search
Revises: 0007_surveys
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_search"
down_revision: str | None = "0007_surveys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# index name -> (source table, indexed columns)
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search_capture": ("observation", ("note",)),
    "search_narrative": ("narrative_section", ("text",)),
    "search_conflict": ("conflict", ("title",)),
    "search_conflict_event": ("conflict_event", ("note",)),
    "search_action": ("action", ("text", "owner")),
    "search_agenda": ("agenda_item", ("title", "purpose", "facilitator_notes", "method")),
}
TOKENIZER = "unicode61 remove_diacritics 2"


def _create(index: str, source: str, columns: tuple[str, ...]) -> None:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    forget = f"INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    remember = f"INSERT INTO {index} (rowid, {names}) VALUES (new.id, {new});"
    op.execute(
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{source}',"
        f" content_rowid='id', tokenize='{TOKENIZER}', prefix='2 3')"
    )
    op.execute(f"CREATE TRIGGER {index}_insert AFTER INSERT ON {source} BEGIN {remember} END")
    op.execute(f"CREATE TRIGGER {index}_delete AFTER DELETE ON {source} BEGIN {forget} END")
    op.execute(
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {source}"
        f" BEGIN {forget} {remember} END"
    )
    op.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")


def upgrade() -> None:
    for index, (source, columns) in INDEXES.items():
        _create(index, source, columns)


def downgrade() -> None:
    for index in INDEXES:
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{event}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
