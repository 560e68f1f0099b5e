"""Planning: programme facilitators and cohort cap, participant contact and notes, session
end time, agenda breaks and pinned times, the method library and saved templates

Revision ID: 0004_planning
Revises: 0003_session_timezone
Create Date: 2026-11-23 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_planning"
down_revision: str | None = "0003_session_timezone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programme") as batch_op:
        batch_op.add_column(
            sa.Column("facilitators", sa.String(length=400), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("cohort_cap", sa.Integer(), nullable=False, server_default="16")
        )
    with op.batch_alter_table("participant") as batch_op:
        batch_op.add_column(
            sa.Column("contact", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("session") as batch_op:
        batch_op.add_column(sa.Column("end_time", sa.Time(), nullable=True))
    with op.batch_alter_table("agenda_item") as batch_op:
        batch_op.add_column(sa.Column("is_break", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("pinned_time", sa.Time(), nullable=True))
        batch_op.create_check_constraint(
            "minutes_within_a_day", "planned_minutes >= 0 AND planned_minutes <= 1440"
        )
    op.create_table(
        "method",
        sa.Column("slug", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("typical_minutes", sa.Integer(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_method")),
        sa.UniqueConstraint("slug", name=op.f("uq_method_slug")),
        sa.UniqueConstraint("uuid", name=op.f("uq_method_uuid")),
    )
    op.create_table(
        "programme_template",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cohort_cap", sa.Integer(), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_template")),
        sa.UniqueConstraint("title", name=op.f("uq_programme_template_title")),
        sa.UniqueConstraint("uuid", name=op.f("uq_programme_template_uuid")),
    )


def downgrade() -> None:
    op.drop_table("programme_template")
    op.drop_table("method")
    with op.batch_alter_table("agenda_item") as batch_op:
        batch_op.drop_constraint("ck_agenda_item_minutes_within_a_day", type_="check")
        batch_op.drop_column("pinned_time")
        batch_op.drop_column("is_break")
    with op.batch_alter_table("session") as batch_op:
        batch_op.drop_column("end_time")
    with op.batch_alter_table("participant") as batch_op:
        batch_op.drop_column("notes")
        batch_op.drop_column("contact")
    with op.batch_alter_table("programme") as batch_op:
        batch_op.drop_column("cohort_cap")
        batch_op.drop_column("facilitators")
