"""Erasing a participant: their name out of every record, their links cut, the file compacted.

Unlike removing a participant from the cohort (`roster.delete_participant`), erasure keeps
what was observed, because the other participants' record of the programme needs it, and
takes the person out of it:

- their name, its parts, initials and their contact details as written, in every free-text
  field of their programme (and their full name anywhere else in the file), become
  "[erased]" (see `mentions` for exactly where it looks);
- an action whose owner was only them has no owner;
- captures about, from or to them lose that link; one that concerned only them is kept,
  about nobody in particular (not "the whole group", which it never was);
- their attendance goes, and then their record;
- the file is compacted, so none of it stays in free pages or the write-ahead log.

It cannot be undone: the name is nowhere left to bring back. Backups made before it still
hold the name until they are removed (`delete_backups`), and files already exported or sent
are out of the app's reach.
"""

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from facilitator.domain.changes import EVERYTHING, Changes
from facilitator.domain.name_matching import replace_in_json, strings_in_json
from facilitator.domain.privacy import ERASED, ErasurePreview, ErasureReport, PlaceCount
from facilitator.domain.roster_import import name_key
from facilitator.services.lookup import fetch
from facilitator.services.mentions import cells_naming, matchers_for, place
from facilitator.services.retention import remove_backup_files
from facilitator.storage.backup import backups_older_than, list_backups
from facilitator.storage.database import Database
from facilitator.storage.privacy import compact, secure_delete, write_cell
from facilitator.storage.tables import (
    AttendanceRow,
    ObservationSubjectRow,
    ParticipantRow,
    ProgrammeRow,
)

# Names may be replaced anywhere, even in the library: every view refreshes.
ERASURE_CHANGES: Changes = EVERYTHING | Changes(erased=True)


def erase_participant(
    db: Database, participant_id: int, *, delete_backups: bool = False
) -> ErasureReport:
    """Erase a participant (see the module's description) and compact the file.

    With `delete_backups`, every backup made before now is removed too, since each holds
    the name. All the changes are one transaction: they happen together or not at all.
    """
    started = datetime.now(UTC)
    with db.transaction() as session:
        secure_delete(session)
        person = fetch(session, ParticipantRow, participant_id, what="That participant")
        name = person.name
        matchers = matchers_for(session, person, replacement=ERASED)
        mentions: Counter[str] = Counter()
        records: dict[str, set[tuple[str, tuple[object, ...]]]] = {}
        for cell in list(cells_naming(session, person, matchers)):
            matcher = matchers.for_cell(cell)
            if cell.is_json:
                value, count = replace_in_json(cell.value, matcher)
            else:
                value, count = matcher.replace(cell.value)
                if (cell.table, cell.column) == ("action", "owner") and value.strip() == ERASED:
                    value = ""  # owned by them alone: now owned by nobody
            if count:
                write_cell(session, cell, value)
                mentions[place(cell.table)] += count
                records.setdefault(place(cell.table), set()).add((cell.table, cell.key))
        links = list(
            session.scalars(
                select(ObservationSubjectRow.observation_id).where(
                    ObservationSubjectRow.participant_id == participant_id
                )
            )
        )
        session.execute(
            delete(ObservationSubjectRow).where(
                ObservationSubjectRow.participant_id == participant_id
            )
        )
        still_linked = set(
            session.scalars(
                select(ObservationSubjectRow.observation_id).where(
                    ObservationSubjectRow.observation_id.in_(links)
                )
            )
        )
        attendance = session.execute(
            delete(AttendanceRow).where(AttendanceRow.participant_id == participant_id)
        ).rowcount
        same_name_in = _same_name_elsewhere(session, person)
        session.delete(person)
    compacted = compact(db)
    removed = failed = 0
    if delete_backups:
        removed, failed = remove_backup_files(backups_older_than(db.path.parent, started))
    places = tuple(
        PlaceCount(where, mentions[where], len(records[where]))
        for where in sorted(mentions, key=lambda where: (-mentions[where], where))
    )
    return ErasureReport(
        name=name,
        mentions=sum(mentions.values()),
        records=sum(len(rows) for rows in records.values()),
        places=places,
        links=len(set(links)),
        unlinked_captures=len(set(links) - still_linked),
        attendance=attendance or 0,
        compacted=compacted,
        backups_removed=removed,
        backups_left=failed,
        same_name_in=same_name_in,
    )


def _same_name_elsewhere(session: Session, person: ParticipantRow) -> tuple[str, ...]:
    """Return the titles of other programmes with a participant of the same name: probably
    the same person, whose record there this erasure does not touch."""
    wanted = name_key(person.name)
    rows = session.execute(
        select(ParticipantRow.name, ProgrammeRow.title)
        .join(ProgrammeRow, ProgrammeRow.id == ParticipantRow.programme_id)
        .where(ParticipantRow.id != person.id)
    )
    return tuple(sorted({title for other, title in rows if name_key(other) == wanted}))


def erasure_preview(db: Database, participant_id: int) -> ErasurePreview:
    """Return what erasing the participant would change, without changing anything."""
    with db.reading() as session:
        person = fetch(session, ParticipantRow, participant_id, what="That participant")
        matchers = matchers_for(session, person, replacement=ERASED)
        mentions, records = 0, set[tuple[str, tuple[object, ...]]]()
        for cell in cells_naming(session, person, matchers):
            texts = strings_in_json(cell.value) if cell.is_json else [cell.value]
            found = sum(matchers.for_cell(cell).replace(t)[1] for t in texts if isinstance(t, str))
            mentions += found
            records.add((cell.table, cell.key))
        captures = session.scalar(
            select(func.count(func.distinct(ObservationSubjectRow.observation_id))).where(
                ObservationSubjectRow.participant_id == participant_id
            )
        )
        attendance = session.scalar(
            select(func.count()).where(AttendanceRow.participant_id == participant_id)
        )
        name, programme_title = person.name, person.programme.title
    return ErasurePreview(
        name=name,
        programme_title=programme_title,
        mentions=mentions,
        records=len(records),
        captures=captures or 0,
        attendance=attendance or 0,
        backups=len(list_backups(db.path.parent)),
    )


def compact_file(db: Database) -> bool:
    """Compact the file now (after an erasure that could not, say); True if it was."""
    return compact(db)
