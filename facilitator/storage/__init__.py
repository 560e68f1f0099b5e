"""The database file, its tables and its migrations: the only place table models, engines
and Alembic live (services run their queries on the sessions this layer hands out).

Modules are imported one by one (not from here) so that start-up loads only what it needs.
"""
