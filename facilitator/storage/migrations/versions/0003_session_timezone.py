"""Each session records the time zone of its room

Revision ID: 0003_session_timezone
Revises: 0002_app_meta
Create Date: 2026-11-23 11:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_session_timezone"
down_revision: str | None = "0002_app_meta"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Sessions made before this revision were all run in the UK.
    with op.batch_alter_table("session") as batch_op:
        batch_op.add_column(
            sa.Column(
                "timezone", sa.String(length=64), nullable=False, server_default="Europe/London"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("session") as batch_op:
        batch_op.drop_column("timezone")
