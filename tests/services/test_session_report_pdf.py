"""The session report from the database to the PDF: hostile text prints, names never leak."""

import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from facilitator.domain.enums import NamesMode, SubjectKind, SubjectRole
from facilitator.domain.fields import ParticipantFields, ProgrammeFields, SessionFields
from facilitator.services import actions, capture
from facilitator.services.capture import CaptureRequest, SubjectRef
from facilitator.services.programmes import create_programme
from facilitator.services.roster import add_participant
from facilitator.services.schemes import list_schemes
from facilitator.services.session_report import write_session_report_file
from facilitator.services.sessions import create_session
from facilitator.services.writeup import save_narrative_section
from facilitator.storage.database import Database
from facilitator.storage.tables import ObservationRow

# Names that are also everyday words, and names with letters a plain font lacks.
PEOPLE = ["Will Rose", "Mark Bishop", "Hope Young", "Sunny Day", "Siân Llŷr", "Zoë Ó Briain"]
START = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HOSTILE_NOTES = [
    "<b>not bold</b> & <i>x</i> </para> <font name='x'>",
    "x" * 20_000,
    "مرحبا بالعالم and שלום",
    "Cafe\u0301 de\u0301ja\u0300 vu",
    "tab\there and a line\nbreak",
    "🙂 emoji and “typographic quotes” – dashes — ‘apostrophes’",
]


def build(db: Database) -> tuple[int, dict[str, int]]:
    """Make a programme of PEOPLE and a session whose captures name them; return its id."""
    programme_id, _ = create_programme(
        db, ProgrammeFields(title="Cohort of common words", client_system="Test system")
    )
    ids = {name: add_participant(db, programme_id, ParticipantFields(name=name)) for name in PEOPLE}
    session_id = create_session(
        db,
        programme_id,
        SessionFields(title="Day of words", date=date(2026, 11, 20), start_time=time(9, 30)),
    )
    codes = {c.slug: c.id for scheme in list_schemes(db) for c in scheme.codes}
    notes = [
        "Will Rose said Mark's point was fair; will rose to speak again. WILL ROSE agreed.",
        "Hope Young and Sunny Day: sunny day, hopeful. Rose's idea; Bishop's reply.",
        "Siân Llŷr spoke to Zoë Ó Briain about the Bishop and Young plan.",
        *HOSTILE_NOTES,
    ]
    for number, note in enumerate(notes):
        person = PEOPLE[number % len(PEOPLE)]
        capture.record(
            db,
            CaptureRequest(
                session_id=session_id,
                uuid=str(uuid.uuid4()),
                occurred_at=START + timedelta(minutes=number),
                offset_seconds=60.0 * number,
                code_ids=(codes["advocacy"],),
                subjects=(SubjectRef(SubjectKind.PARTICIPANT, ids[person], SubjectRole.ABOUT),),
                note=note,
                author="Facilitator 1",
            ),
        )
    # Capture refuses control characters, but a file from elsewhere may hold them.
    with db.transaction() as session:
        row = session.scalars(
            select(ObservationRow).where(ObservationRow.session_id == session_id)
        ).first()
        row.note += " a bell\x07 and an escape\x1b"
    save_narrative_section(
        db,
        session_id,
        "summary",
        "**Will Rose** and *Mark Bishop* led [#1]; Hope's question [#2] mattered. [#999]",
        moment=START,
    )
    actions.add_action(db, session_id, "Write to Sunny Day", owner="Siân Llŷr", moment=START)
    actions.park(db, session_id, "Zoë Ó Briain's budget question", moment=START)
    return session_id, ids


def pdf_text(path: Path) -> tuple[str, str]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return text, metadata


@pytest.mark.parametrize("names", [NamesMode.PSEUDONYM, NamesMode.ORGANISATION])
def test_no_name_appears_anywhere_in_the_pdf(
    store: Database, tmp_path: Path, names: NamesMode
) -> None:
    """No participant's full name (in any case), first name or surname survives in the
    text or the metadata, possessives included."""
    session_id, _ = build(store)
    out = tmp_path / "report.pdf"
    check = write_session_report_file(store, session_id, out, names=names)
    text, metadata = pdf_text(out)
    everything = f"{text}\n{metadata}"
    flat = " ".join(everything.split())
    for name in PEOPLE:
        assert name.casefold() not in flat.casefold(), f"{name!r} leaked"
        # A name part is written as a name is, capitalised or in capitals; in lower case it
        # is also an everyday word the report's own wording may use ("darker cells mark…").
        for part in name.split():
            for form in {part, part.upper()}:
                assert not re.search(rf"(?<!\w){re.escape(form)}(?!\w)", flat), f"{form!r} leaked"
    assert {r.found.casefold() for r in check.replacements} >= {"will rose", "rose", "bishop"}


def test_real_names_print_with_accents(store: Database, tmp_path: Path) -> None:
    """With real names, Welsh and Irish names print as written."""
    session_id, _ = build(store)
    out = tmp_path / "real.pdf"
    write_session_report_file(store, session_id, out, names=NamesMode.REAL)
    text, _ = pdf_text(out)
    flat = " ".join(text.split())
    assert "Siân Llŷr" in flat and "Zoë Ó Briain" in flat


def test_hostile_notes_give_a_valid_pdf_with_their_text(store: Database, tmp_path: Path) -> None:
    """Markup-like notes print literally; long, right-to-left, accented and control-laden
    notes do not break the report; an unknown citation says so."""
    session_id, _ = build(store)
    out = tmp_path / "hostile.pdf"
    write_session_report_file(store, session_id, out, names=NamesMode.PSEUDONYM)
    text, _ = pdf_text(out)
    flat = " ".join(text.split())
    assert "<b>not bold</b> &" in flat
    assert "</para>" in flat
    assert "Café déjà vu" in flat
    assert "capture #999 not found" in flat
    assert "\x07" not in text and "\x1b" not in text


def test_a_session_of_only_states_gives_a_report(store: Database, tmp_path: Path) -> None:
    """Only state captures, with no notes: the report is whole and says what it has."""
    programme_id, _ = create_programme(store, ProgrammeFields(title="States only"))
    session_id = create_session(store, programme_id, SessionFields(title="Only states"))
    stuck = next(c.id for scheme in list_schemes(store) for c in scheme.codes if c.slug == "stuck")
    for minute in (0, 10):  # start, then stop
        capture.record(
            store,
            CaptureRequest(
                session_id=session_id,
                uuid=str(uuid.uuid4()),
                occurred_at=START + timedelta(minutes=minute),
                offset_seconds=60.0 * minute,
                code_ids=(stuck,),
            ),
        )
    out = tmp_path / "states.pdf"
    write_session_report_file(store, session_id, out, names=NamesMode.PSEUDONYM)
    text, metadata = pdf_text(out)
    assert "Group stuck" in text and "Appendix" in text
    assert "Only states" in metadata
