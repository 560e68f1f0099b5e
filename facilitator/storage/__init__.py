"""The only layer that knows SQLAlchemy: the database file, its tables and migrations.

Modules are imported one by one (not from here) so that start-up loads only what it needs.
"""
