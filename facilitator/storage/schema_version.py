"""The schema revisions this version of the app knows, in order.

Kept as plain data so that opening an up-to-date file never has to import Alembic (which costs
most of a second); a test checks this list against the migration scripts.
"""

REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_app_meta",
    "0003_session_timezone",
    "0004_planning",
    "0005_live",
    "0006_writeup",
    "0007_surveys",
    "0008_search",
    "0009_room",
)
HEAD = REVISIONS[-1]
