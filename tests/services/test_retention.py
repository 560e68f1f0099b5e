"""Retention: programmes listed by when they ended, deleted (with old backups) on request."""

from datetime import UTC, date, datetime

import pytest

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import ProgrammeFields, SessionFields
from facilitator.services.programmes import create_programme, list_programmes
from facilitator.services.retention import (
    delete_programmes,
    programmes_past_retention,
    retention_months,
    retention_preview,
    set_retention_months,
)
from facilitator.services.sessions import create_session
from facilitator.storage.backup import backup_database, list_backups
from facilitator.storage.database import Database
from tests.services.privacy_data import file_bytes

TODAY = date(2026, 7, 15)


def programme(
    db: Database, title: str, *, end: date | None, sessions: tuple[date, ...] = ()
) -> int:
    programme_id, _ = create_programme(db, ProgrammeFields(title=title, end_date=end))
    for day in sessions:
        create_session(db, programme_id, SessionFields(title=f"{title} day", date=day))
    return programme_id


def listed(db: Database, months: int = 6) -> list[str]:
    return [c.title for c in programmes_past_retention(db, months=months, today=TODAY)]


def test_the_setting_is_off_until_set(store: Database) -> None:
    """No period is set at first; one can be set, changed and turned off again."""
    assert retention_months(store) is None
    set_retention_months(store, 18)
    assert retention_months(store) == 18
    set_retention_months(store, None)
    assert retention_months(store) is None
    with pytest.raises(InvalidInputError, match="whole number from 1 to 240"):
        set_retention_months(store, 0)


def test_listed_by_end_date_at_the_boundary(store: Database) -> None:
    """Six months on 15 July: a programme that ended on 15 January is kept for its last day,
    one that ended on 14 January is listed; the sample (ending in future) never is."""
    programme(store, "Ended on the boundary", end=date(2026, 1, 15))
    programme(store, "Ended a day before", end=date(2026, 1, 14))
    programme(store, "Ended long ago", end=date(2020, 3, 1))
    assert listed(store) == ["Ended long ago", "Ended a day before"]


def test_the_last_session_counts_without_an_end_date(store: Database) -> None:
    """With no end date, the last session's date is the end; with neither, never listed."""
    programme(store, "Sessions only", end=None, sessions=(date(2025, 5, 1), date(2026, 1, 10)))
    programme(store, "Recent session", end=None, sessions=(date(2025, 5, 1), date(2026, 2, 1)))
    programme(store, "No dates at all", end=None)
    (found,) = programmes_past_retention(store, months=6, today=TODAY)
    assert (found.title, found.ended, found.sessions) == ("Sessions only", date(2026, 1, 10), 2)


def test_the_end_date_wins_over_sessions(store: Database) -> None:
    """An end date set by hand is the end, even if a session was (wrongly) later."""
    programme(store, "Ended early", end=date(2025, 1, 1), sessions=(date(2026, 6, 1),))
    assert listed(store) == ["Ended early"]


def old_backup(db: Database, when: datetime) -> None:
    path = backup_database(db.path, reason="manual")
    stamp = when.strftime("%Y%m%dT%H%M%S%fZ")
    path.rename(path.with_name(f"{db.path.stem}-manual-{stamp}.sqlite3"))


def test_preview_counts_old_backups(store: Database) -> None:
    """The preview lists the programmes and the backups made before the cutoff."""
    programme(store, "Ended long ago", end=date(2020, 3, 1))
    old_backup(store, datetime(2025, 12, 31, tzinfo=UTC))
    old_backup(store, datetime(2026, 2, 1, tzinfo=UTC))
    preview = retention_preview(store, months=6, today=TODAY)
    assert preview.cutoff == date(2026, 1, 15)
    assert [c.title for c in preview.programmes] == ["Ended long ago"]
    assert preview.backups == 1


def test_delete_removes_them_and_their_bytes_and_old_backups(store: Database) -> None:
    """Deleting takes the programmes, compacts the file so their text is gone from it, and
    removes the backups older than the period (newer ones stay)."""
    old = programme(store, "Zanzibar Quokka cohort", end=date(2020, 3, 1))
    old_backup(store, datetime(2025, 12, 31, tzinfo=UTC))
    old_backup(store, datetime(2026, 2, 1, tzinfo=UTC))
    assert b"Zanzibar Quokka" in file_bytes(store)
    report = delete_programmes(store, [old], months=6, today=TODAY)
    assert (report.programmes, report.compacted, report.backups_removed) == (1, True, 1)
    assert b"Zanzibar Quokka" not in file_bytes(store)
    assert [p.title for p in list_programmes(store)] != [] and len(
        list_backups(store.path.parent)
    ) == 1
    assert listed(store) == []


def test_nothing_is_deleted_without_being_asked(store: Database) -> None:
    """Listing deletes nothing; deleting a programme that has gone says so and keeps the rest."""
    old = programme(store, "Ended long ago", end=date(2020, 3, 1))
    listed(store)
    listed(store)
    assert "Ended long ago" in [p.title for p in list_programmes(store)]
    with pytest.raises(NotFoundError):
        delete_programmes(store, [old, 99_999])
    assert "Ended long ago" in [p.title for p in list_programmes(store)]
