"""Shared set-up for the personal-data tests: a person's name put in every kind of text."""

import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from facilitator.domain.enums import ConflictStatus
from facilitator.domain.fields import ProgrammeFields
from facilitator.domain.snapshots import Participant
from facilitator.services.programmes import create_programme, list_programmes, programme_detail
from facilitator.storage.database import Database
from facilitator.storage.privacy import text_cells
from facilitator.storage.tables import (
    ActionRow,
    AgendaItemRow,
    ConflictEventRow,
    ConflictRow,
    NarrativeSectionRow,
    ObservationRow,
    ParkingItemRow,
    ParticipantRow,
    ProgrammeRow,
    ProgrammeTemplateRow,
)

HELEN = "Helen Marchbank"  # in the sample: HM in many notes
JULIAN = "Julian Brackley"
MOMENT = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


def sample_person(db: Database, name: str) -> Participant:
    (summary,) = [p for p in list_programmes(db) if p.is_sample]
    (person,) = [p for p in programme_detail(db, summary.id).participants if p.name == name]
    return person


def day_one_id(db: Database) -> int:
    (summary,) = [p for p in list_programmes(db) if p.is_sample]
    return summary.modules[2].sessions[0].id


def name_everywhere(db: Database, *, name: str = HELEN, other: str = JULIAN) -> None:
    """Put `name` in every kind of free text of the sample, in several spellings."""
    first, last = name.split()[0], name.split()[-1]
    day_one = day_one_id(db)
    with db.transaction() as session:
        programme = session.scalar(select(ProgrammeRow).where(ProgrammeRow.is_sample))
        programme.notes += f"\n{name} joined late."
        someone = session.scalar(select(ParticipantRow).where(ParticipantRow.name == other))
        someone.notes = f"Gets on well with {name.upper()}; {first}'s ally."
        item = session.scalar(select(AgendaItemRow).where(AgendaItemRow.session_id == day_one))
        item.facilitator_notes = f"Pair {first} with {other}."
        narrative = session.scalar(
            select(NarrativeSectionRow).where(
                NarrativeSectionRow.session_id == day_one, NarrativeSectionRow.section == "summary"
            )
        )
        if narrative is None:
            narrative = NarrativeSectionRow(session_id=day_one, section="summary", text="")
            session.add(narrative)
        narrative.text = f"{name} opened the day.\n\n{other} replied to _{first}_.\n\nNothing else."
        session.add_all(
            [
                ActionRow(
                    session_id=day_one,
                    text=f"Send Dr {last} the paper",
                    owner=name,
                    created_at=MOMENT,
                ),
                ActionRow(
                    session_id=day_one,
                    text="Share the grant history",
                    owner=f"{first} and {other}",
                    created_at=MOMENT,
                ),
                ParkingItemRow(
                    session_id=day_one, text=f"Ask {name.lower()} about winter", created_at=MOMENT
                ),
                ProgrammeTemplateRow(
                    title="Saved from cohort 2", modules=[{"title": f"{name}'s module"}]
                ),
            ]
        )
        conflict = ConflictRow(
            programme_id=programme.id, title=f"{name.upper()} and the ICB", opened_at=MOMENT
        )
        session.add(conflict)
        session.flush()
        session.add(
            ConflictEventRow(
                conflict_id=conflict.id,
                status=ConflictStatus.OPEN,
                at=MOMENT,
                note=f"{last}’s view was heard.",
            )
        )
        note = session.scalar(
            select(ObservationRow)
            .where(ObservationRow.session_id == day_one)
            .order_by(ObservationRow.number.desc())
        )
        note.note = f"{note.note} {first} laughed."


def another_programme_mentioning(db: Database, text: str) -> int:
    """Add a programme whose notes say `text`."""
    programme_id, _ = create_programme(db, ProgrammeFields(title="Cohort 3", notes=text))
    return programme_id


def file_bytes(db: Database) -> bytes:
    """Return the raw bytes of the database file and its write-ahead log, if any."""
    wal = db.path.with_name(db.path.name + "-wal")
    return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def spellings(word: str) -> list[bytes]:
    return [form.encode() for form in {word, word.lower(), word.upper(), word.title()}]


def texts_matching(db: Database, pattern: str) -> list[str]:
    """Return every stored text that matches the regular expression `pattern`."""
    found = []
    with db.reading() as session:
        for cell in text_cells(session):
            value = cell.value if isinstance(cell.value, str) else repr(cell.value)
            if re.search(pattern, value):
                found.append(f"{cell.table}.{cell.column}: {value[:80]}")
    return found


def backups_folder(db: Database) -> Path:
    return db.path.parent / "backups"
