"""Alembic environment: runs on the connection the app hands over, never on a URL of its own."""

from alembic import context

from facilitator.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
