"""Write-up: capture numbers for citations (never reused), key moments and quotes, and the narrative

Revision ID: 0006_writeup
Revises: 0005_live
Create Date: 2026-11-23 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_writeup"
down_revision: str | None = "0005_live"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "narrative_section",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_narrative_section_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_section")),
        sa.UniqueConstraint(
            "session_id", "section", name=op.f("uq_narrative_section_session_id_section")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_narrative_section_uuid")),
    )
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("key_moment", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("quote", sa.Boolean(), server_default="0", nullable=False))
    # Existing captures are numbered in the order they were taken.
    op.execute(
        "UPDATE observation SET number = (SELECT ranked.n FROM (SELECT id, ROW_NUMBER() OVER "
        "(PARTITION BY session_id ORDER BY offset_seconds, id) AS n FROM observation) AS ranked "
        "WHERE ranked.id = observation.id)"
    )
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_capture_number", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE session SET last_capture_number = (SELECT COALESCE(MAX(number), 0) "
        "FROM observation WHERE observation.session_id = session.id)"
    )
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_observation_session_number", ["session_id", "number"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("last_capture_number")
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index("ix_observation_session_number")
        batch_op.drop_column("quote")
        batch_op.drop_column("key_moment")
        batch_op.drop_column("number")
    op.drop_table("narrative_section")
