"""Search across everything: what is found, how it ranks, and the index kept in step."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from facilitator.domain.search_query import HitKind, fts_query, parse_query
from facilitator.services.capture_commands import CaptureFields, DeleteCapture, EditCapture
from facilitator.services.exchange_export import export_programme
from facilitator.services.exchange_import import import_bundle
from facilitator.services.programmes import (
    delete_programme,
    list_programmes,
    remove_sample_programmes,
    session_detail,
)
from facilitator.services.search import search
from facilitator.services.sessions import delete_session
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ActionRow,
    AgendaItemRow,
    ConflictEventRow,
    ConflictRow,
    NarrativeSectionRow,
    ObservationRow,
)
from tests.exchange import copy_store
from tests.storage.test_migrations import SEARCH_INDEXES, search_problems

MOMENT = datetime(2026, 11, 16, 10, 30, tzinfo=UTC)
HOSTILE = [
    '"',
    '""',
    "*",
    "-",
    "veto*",
    "-veto",
    "note:veto",
    "(veto",
    "veto)",
    "NEAR(veto council)",
    "veto AND OR NOT",
    "^veto",
    "'",
    "\x00veto\x1f",
    "🙂🙂",
    "e\u0301\u0301",
    "\u202e\ufeff",
    "veto" * 200,
    "a",
]


def add_note(db: Database, session_id: int, note: str, *, number: int = 900) -> int:
    with db.transaction() as session:
        row = ObservationRow(
            session_id=session_id,
            occurred_at=MOMENT,
            offset_seconds=60.0 * number,
            note=note,
            number=number,
        )
        session.add(row)
        session.flush()
        return row.id


def kinds(db: Database, text: str) -> list[HitKind]:
    return [hit.kind for hit in search(db, text).hits]


def test_blank_and_wordless_text_finds_nothing(store: Database) -> None:
    """An empty box, spaces or punctuation alone make an empty result, never an error."""
    for text in ("", "   ", '""', "*", "🙂", "\n\t"):
        results = search(store, text)
        assert results.count == 0 and results.programmes == ()


def test_words_are_quoted_so_nothing_typed_is_syntax() -> None:
    """Every word becomes a quoted string; a phrase stays one; the last word is a prefix."""
    assert fts_query("right of veto") == '"right" AND "of" AND "veto"*'
    assert fts_query('"right of veto"') == '"right of veto"'
    assert fts_query('"right of ve') == '"right of ve"*'
    assert fts_query('council "right of veto" sa') == '"council" AND "right of veto" AND "sa"*'
    assert fts_query("NEAR(a, b) OR c*") == '"NEAR" AND "a" AND "b" AND "OR" AND "c"'
    assert fts_query("v") == '"v"'
    assert parse_query("") == ()


def test_hostile_text_never_raises(store: Database) -> None:
    """Quotes, stars, hyphens, colons, brackets, operators and odd Unicode are plain text."""
    for text in HOSTILE:
        search(store, text)
    assert search(store, "note:veto").count == search(store, "note veto").count


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text())
def test_any_text_can_be_searched_for(store: Database, text: str) -> None:
    """Whatever is typed, the search answers without an error."""
    results = search(store, text)
    assert results.count <= 200


def test_a_rare_phrase_is_found_and_the_exact_phrase_ranks_first(
    store: Database, day_one_id: int
) -> None:
    """Words together as typed rank above the same words scattered through a note."""
    scattered = add_note(
        store,
        day_one_id,
        "Of the partners, only the council kept a veto; the right moment never came.",
        number=901,
    )
    together = add_note(
        store, day_one_id, "The council kept its right of veto over the fund.", number=902
    )
    found = [hit.record_id for hit in search(store, "right of veto").hits if hit.kind == "capture"]
    assert found[:2] == [together, scattered]
    quoted = search(store, '"right of veto"')
    assert together in [hit.record_id for hit in quoted.hits]
    assert scattered not in [hit.record_id for hit in quoted.hits]


def test_a_shorter_text_ranks_above_a_longer_one(store: Database, day_one_id: int) -> None:
    """Of two notes naming a word once, the short one is the better match."""
    long = add_note(store, day_one_id, "Zebra " + "and more words here " * 20, number=901)
    short = add_note(store, day_one_id, "Zebra crossing", number=902)
    assert [hit.record_id for hit in search(store, "zebra").hits] == [short, long]


def test_every_kind_of_record_is_found(store: Database, day_one_id: int) -> None:
    """Capture notes, narratives, conflict titles and steps, actions and agenda items."""
    detail = session_detail(store, day_one_id)
    with store.transaction() as session:
        session.add(NarrativeSectionRow(session_id=day_one_id, section="extra", text="Quokka"))
        session.add(
            ActionRow(
                session_id=day_one_id, text="Send the wombat notes", owner="Ola", created_at=MOMENT
            )
        )
        session.add(
            ActionRow(
                session_id=day_one_id, text="Book rooms", owner="Numbat Ltd", created_at=MOMENT
            )
        )
        conflict = ConflictRow(
            programme_id=detail.programme_id,
            session_id=day_one_id,
            title="Platypus funding",
            opened_at=MOMENT,
        )
        session.add(conflict)
        session.flush()
        session.add(
            ConflictEventRow(conflict_id=conflict.id, status="open", at=MOMENT, note="Echidna")
        )
        item = session.get(AgendaItemRow, detail.agenda[0].id)
        assert item is not None
        item.facilitator_notes = "Bring the kookaburra cards"
    add_note(store, day_one_id, "A dingo in the room")
    assert kinds(store, "quokka") == [HitKind.NARRATIVE]
    assert kinds(store, "wombat") == [HitKind.ACTION]
    assert kinds(store, "numbat") == [HitKind.ACTION]
    assert kinds(store, "platypus") == [HitKind.CONFLICT]
    assert kinds(store, "echidna") == [HitKind.CONFLICT]
    assert kinds(store, "kookaburra") == [HitKind.AGENDA_ITEM]
    assert kinds(store, "dingo") == [HitKind.CAPTURE]
    (narrative,) = search(store, "quokka").hits
    assert narrative.section == "extra" and narrative.session_id == day_one_id
    (conflict_hit,) = search(store, "echidna").hits
    assert conflict_hit.record_id == conflict.id


def test_hits_carry_what_is_needed_to_open_them(store: Database, day_one_id: int) -> None:
    """A capture hit has its programme, session, number, time and a snippet with the match."""
    observation_id = add_note(store, day_one_id, "The gnu spoke first, then the room.")
    results = search(store, "gnu")
    (programme,) = results.programmes
    (session_hits,) = programme.sessions
    (hit,) = session_hits.hits
    detail = session_detail(store, day_one_id)
    assert programme.programme_id == detail.programme_id
    assert session_hits.session_id == day_one_id and session_hits.title == detail.title
    assert session_hits.date == detail.date
    assert (hit.record_id, hit.capture_number, hit.occurred_at) == (observation_id, 900, MOMENT)
    assert hit.capture_time is not None and hit.capture_time.hour == 10  # London in November
    assert [part.text for part in hit.snippet if part.matched] == ["gnu"]
    assert hit.snippet_text == "The gnu spoke first, then the room."


def test_accents_and_case_do_not_matter(store: Database, day_one_id: int) -> None:
    """ "zoe cafe" finds "Zoë's CAFÉ", and the other way round."""
    add_note(store, day_one_id, "Zoë's CAFÉ meeting", number=901)
    add_note(store, day_one_id, "zoe's cafe meeting", number=902)
    assert search(store, "zoe cafe").count == 2
    assert search(store, "ZOË Café").count == 2
    assert search(store, "e\u0301").count == search(store, "é").count


def test_the_last_word_matches_as_a_prefix(store: Database, day_one_id: int) -> None:
    """While a word is being typed, longer words starting with it are found."""
    add_note(store, day_one_id, "Stakeholders mapped")
    assert search(store, "stakeh").count == 1
    assert search(store, "stakeh mapped").count == 0  # only the last word is a prefix
    assert search(store, "mapped stakeh").count == 1


def test_the_index_follows_edits_deletes_and_undo(store: Database, day_one_id: int) -> None:
    """Editing, deleting and undoing a capture change what is found straight away."""
    add_note(store, day_one_id, "The capybara spoke")
    (capture,) = [o for o in session_detail(store, day_one_id).observations if o.number == 900]
    edit = EditCapture(
        day_one_id,
        capture.uuid,
        CaptureFields.of(capture),
        CaptureFields(note="The axolotl spoke"),
    )
    edit.redo(store)
    assert search(store, "capybara").count == 0 and search(store, "axolotl").count == 1
    edit.undo(store)
    assert search(store, "capybara").count == 1 and search(store, "axolotl").count == 0
    removal = DeleteCapture(day_one_id, capture.uuid)
    removal.redo(store)
    assert search(store, "capybara").count == 0
    removal.undo(store)
    assert search(store, "capybara").count == 1
    assert search_problems(store.path) == []


def test_deleting_a_session_or_programme_takes_its_records_out(
    store: Database, day_one_id: int
) -> None:
    """Foreign-key cascades fire the index's triggers: nothing deleted is found later."""
    assert search(store, "veto").count > 0
    delete_session(store, day_one_id)
    assert [h for h in search(store, "veto").hits if h.session_id == day_one_id] == []
    assert search_problems(store.path) == []
    for programme in list_programmes(store):
        delete_programme(store, programme.id)
    assert search(store, "veto").count == 0
    assert search(store, "check").count == 0
    assert search_problems(store.path) == []
    with closing(sqlite3.connect(store.path)) as connection:
        for index in SEARCH_INDEXES:
            assert connection.execute(f"SELECT count(*) FROM {index}_docsize").fetchone() == (0,)


def test_an_imported_bundle_is_searchable(
    store: Database, template_data_dir: Path, tmp_path: Path
) -> None:
    """Records arriving from another laptop are indexed as they are written."""
    other = copy_store(template_data_dir, tmp_path / "other")
    try:
        remove_sample_programmes(other)
        assert search(other, "veto").count == 0
        (programme,) = list_programmes(store)
        export_programme(store, programme.id, tmp_path / "bundle.facilitator")
        import_bundle(other, tmp_path / "bundle.facilitator")
        assert search(other, "veto").count == search(store, "veto").count > 0
        assert search_problems(other.path) == []
    finally:
        other.close()


def test_groups_follow_their_best_hit(store: Database, day_one_id: int, day_two_id: int) -> None:
    """Sessions are ordered by their best match, and hits within a session best first."""
    add_note(store, day_two_id, "Lemur", number=901)
    add_note(store, day_one_id, "Lemur seen near the back of a long and winding room", number=902)
    add_note(store, day_one_id, "Lemur and friends wander in the long corridor", number=903)
    (programme,) = search(store, "lemur").programmes
    assert [s.session_id for s in programme.sessions] == [day_two_id, day_one_id]
    scores = [hit.score for hit in programme.sessions[1].hits]
    assert scores == sorted(scores)


def test_the_limit_bounds_the_hits(store: Database, day_one_id: int) -> None:
    """A common word gives at most `limit` hits, and says more matched."""
    with store.transaction() as session:
        for number in range(901, 960):
            session.add(
                ObservationRow(
                    session_id=day_one_id,
                    occurred_at=MOMENT,
                    offset_seconds=float(number),
                    note=f"Meerkat {number}",
                    number=number,
                )
            )
    results = search(store, "meerkat", limit=10)
    assert results.count == 10 and results.truncated
    assert not search(store, "meerkat").truncated
    with store.reading() as session:
        assert session.scalar(select(ObservationRow.id).where(ObservationRow.number == 959))
