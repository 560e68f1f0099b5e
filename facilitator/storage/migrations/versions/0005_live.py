"""Live capture: the live clock of a session, its coding schemes, kinds of capture,
directions, conflicts with their history, actions and the parking lot

Revision ID: 0005_live
Revises: 0004_planning
Create Date: 2026-11-23 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_live"
down_revision: str | None = "0004_planning"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("is_agreement", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_action_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("uuid", name=op.f("uq_action_uuid")),
    )
    op.create_table(
        "conflict",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "worked_through",
                "resolved",
                "parked",
                name="conflictstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_conflict_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_conflict_session_id_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict")),
        sa.UniqueConstraint("uuid", name=op.f("uq_conflict_uuid")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_session_id"), ["session_id"], unique=False)

    op.create_table(
        "parking_item",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("addressed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_parking_item_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parking_item")),
        sa.UniqueConstraint("uuid", name=op.f("uq_parking_item_uuid")),
    )
    op.create_table(
        "session_scheme",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["coding_scheme.id"],
            name=op.f("fk_session_scheme_scheme_id_coding_scheme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_scheme_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_scheme")),
        sa.UniqueConstraint(
            "session_id", "scheme_id", name=op.f("uq_session_scheme_session_id_scheme_id")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_session_scheme_uuid")),
    )
    with op.batch_alter_table("session_scheme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_scheme_scheme_id"), ["scheme_id"], unique=False
        )

    op.create_table(
        "conflict_event",
        sa.Column("conflict_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "worked_through",
                "resolved",
                "parked",
                name="conflictstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["conflict_id"],
            ["conflict.id"],
            name=op.f("fk_conflict_event_conflict_id_conflict"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_conflict_event_session_id_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_event")),
        sa.UniqueConstraint("uuid", name=op.f("uq_conflict_event_uuid")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extra_minutes", sa.Integer(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "coded",
                    "note",
                    "mark",
                    "contribution",
                    name="capturekind",
                    native_enum=False,
                    length=32,
                ),
                server_default="coded",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("conflict_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_observation_conflict_id"), ["conflict_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_observation_conflict_id_conflict"),
            "conflict",
            ["conflict_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("observation_subject", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role",
                sa.Enum("about", "from", "to", name="subjectrole", native_enum=False, length=32),
                server_default="about",
                nullable=False,
            )
        )

    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("live_started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("paused_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("paused_seconds", sa.Float(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_observation_session_duration", ["session_id", "duration_seconds"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index("ix_observation_session_duration")
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_column("finished_at")
        batch_op.drop_column("paused_seconds")
        batch_op.drop_column("paused_at")
        batch_op.drop_column("live_started_at")

    with op.batch_alter_table("observation_subject", schema=None) as batch_op:
        batch_op.drop_column("role")

    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_observation_conflict_id_conflict"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_observation_conflict_id"))
        batch_op.drop_column("conflict_id")
        batch_op.drop_column("kind")

    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_column("extra_minutes")

    op.drop_table("conflict_event")
    with op.batch_alter_table("session_scheme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_scheme_scheme_id"))

    op.drop_table("session_scheme")
    op.drop_table("parking_item")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_session_id"))

    op.drop_table("conflict")
    op.drop_table("action")
