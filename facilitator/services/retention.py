"""Keeping programmes only as long as needed: a retention period, and deleting what is past it.

The period is counted from when a programme ended: its end date, or its last session's date
when it has none. A programme with neither is never listed. Nothing is deleted on a timer:
the app lists what is past the period and deletes only when the user confirms.
"""

from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import func, select

from facilitator.domain.changes import Changes
from facilitator.domain.fields import whole_number
from facilitator.domain.privacy import (
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    RetentionCandidate,
    RetentionPreview,
    RetentionReport,
    ended_on,
    retention_cutoff,
)
from facilitator.services.lookup import fetch
from facilitator.storage.backup import backups_older_than, remove_backups
from facilitator.storage.database import Database
from facilitator.storage.privacy import compact, secure_delete
from facilitator.storage.tables import AppMetaRow, ParticipantRow, ProgrammeRow, SessionRow

RETENTION_KEY = "retention_months"
DELETED = Changes(programmes=True, sessions=True, observations=True)


def retention_months(db: Database) -> int | None:
    """Return the retention period in months, or None if none is set (keep everything)."""
    with db.reading() as session:
        row = session.get(AppMetaRow, RETENTION_KEY)
        value = row.value if row is not None else ""
    return int(value) if value.isdigit() else None


def checked_months(months: int) -> int:
    """Return `months` if it is a sensible retention period, else say what is."""
    return whole_number(
        months,
        field="months",
        label="The retention period in months",
        low=MIN_RETENTION_MONTHS,
        high=MAX_RETENTION_MONTHS,
    )


def set_retention_months(db: Database, months: int | None) -> Changes:
    """Keep programmes for `months` months after they end; None keeps them all."""
    with db.transaction() as session:
        if months is None:
            row = session.get(AppMetaRow, RETENTION_KEY)
            if row is not None:
                session.delete(row)
        else:
            session.merge(AppMetaRow(key=RETENTION_KEY, value=str(checked_months(months))))
    return Changes()


def programmes_past_retention(
    db: Database, *, months: int, today: date
) -> list[RetentionCandidate]:
    """Return the programmes that ended before the retention period, the oldest first."""
    cutoff = retention_cutoff(today, checked_months(months))
    with db.reading() as session:
        last_sessions = dict(
            session.execute(
                select(SessionRow.programme_id, func.max(SessionRow.date)).group_by(
                    SessionRow.programme_id
                )
            ).all()
        )
        session_counts = dict(
            session.execute(
                select(SessionRow.programme_id, func.count()).group_by(SessionRow.programme_id)
            ).all()
        )
        people = dict(
            session.execute(
                select(ParticipantRow.programme_id, func.count()).group_by(
                    ParticipantRow.programme_id
                )
            ).all()
        )
        found = []
        for row in session.scalars(select(ProgrammeRow)):
            last = last_sessions.get(row.id)
            ended = ended_on(row.end_date, [last] if last else [])
            if ended is not None and ended < cutoff:
                found.append(
                    RetentionCandidate(
                        id=row.id,
                        title=row.title,
                        client_system=row.client_system,
                        ended=ended,
                        is_sample=row.is_sample,
                        participants=people.get(row.id, 0),
                        sessions=session_counts.get(row.id, 0),
                    )
                )
    return sorted(found, key=lambda c: (c.ended, c.title.casefold(), c.id))


def retention_preview(db: Database, *, months: int, today: date) -> RetentionPreview:
    """Return the programmes and backups that are past a retention of `months` months."""
    return RetentionPreview(
        months=months,
        cutoff=retention_cutoff(today, checked_months(months)),
        programmes=tuple(programmes_past_retention(db, months=months, today=today)),
        backups=len(backups_past_retention(db.path.parent, months=months, today=today)),
    )


def remove_backup_files(paths: list[Path]) -> tuple[int, int]:
    """Remove these backups; return how many were removed and how many could not be (a file
    the system refuses to delete stays, and is counted, rather than stopping the rest)."""
    removed = failed = 0
    for path in paths:
        try:
            removed += remove_backups([path])
        except OSError:
            failed += 1
    return removed, failed


def backups_past_retention(data_dir: Path, *, months: int, today: date) -> list[Path]:
    """Return the backups made before the retention period began, oldest first."""
    cutoff = retention_cutoff(today, checked_months(months))
    return backups_older_than(data_dir, datetime.combine(cutoff, time(), tzinfo=UTC))


def delete_programmes(
    db: Database, programme_ids: list[int], *, months: int | None = None, today: date | None = None
) -> RetentionReport:
    """Delete these programmes with everything in them, in one transaction, then compact
    the file so nothing of them stays on disk.

    With `months` and `today`, the backups made before the retention period began are
    removed too (with no programmes to delete, only they are).
    """
    compacted = False
    if programme_ids:
        with db.transaction() as session:
            secure_delete(session)
            for programme_id in dict.fromkeys(programme_ids):
                session.delete(fetch(session, ProgrammeRow, programme_id, what="That programme"))
        compacted = compact(db)
    removed = failed = 0
    if months is not None and today is not None:
        old = backups_past_retention(db.path.parent, months=months, today=today)
        removed, failed = remove_backup_files(old)
    return RetentionReport(
        programmes=len(set(programme_ids)),
        compacted=compacted,
        backups_removed=removed,
        backups_left=failed,
    )
