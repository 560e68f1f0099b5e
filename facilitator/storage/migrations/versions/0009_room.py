"""The room view and pattern cues: working principles, items approved for the room, and the
cues that fired in a session; and an index of capture subjects by capture, for large files

Revision ID: 0009_room
Revises: 0008_search
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_room"
down_revision: str | None = "0008_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN, not a batch rebuild: a rebuilt table would lose the
    # search index's triggers (0008_search).
    op.add_column(
        "programme",
        sa.Column("working_principles", sa.Text(), server_default="", nullable=False),
    )
    op.add_column(
        "conflict", sa.Column("in_room", sa.Boolean(), server_default="0", nullable=False)
    )
    op.add_column(
        "parking_item", sa.Column("in_room", sa.Boolean(), server_default="0", nullable=False)
    )
    op.create_table(
        "cue_event",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("move", sa.Text(), nullable=False),
        sa.Column("offset_seconds", sa.Float(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_cue_event_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cue_event")),
        sa.UniqueConstraint("uuid", name=op.f("uq_cue_event_uuid")),
    )
    op.create_index(op.f("ix_cue_event_session_id"), "cue_event", ["session_id"], unique=False)
    op.create_index(
        op.f("ix_observation_subject_observation_id"),
        "observation_subject",
        ["observation_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_observation_subject_observation_id"), table_name="observation_subject")
    op.drop_index(op.f("ix_cue_event_session_id"), table_name="cue_event")
    op.drop_table("cue_event")
    for table in ("parking_item", "conflict"):
        op.drop_column(table, "in_room")
    op.drop_column("programme", "working_principles")
