"""Writing up a session: key moments, quotes, factor tags and the narrative, each undoable or
saved as written."""

from datetime import UTC, datetime

import pytest

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.narrative_sections import NARRATIVE_TEXT, SECTIONS
from facilitator.services.programmes import session_detail
from facilitator.services.writeup import (
    FlagCapture,
    factor_codes,
    narrative,
    save_narrative_section,
    tag_factors,
)
from facilitator.storage.database import Database

MOMENT = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


def test_sample_day_one_is_numbered_in_time_order(store: Database, day_one_id: int) -> None:
    """Captures carry 1, 2, 3… in the order they were taken, as narratives cite them."""
    captures = session_detail(store, day_one_id).observations
    assert [capture.number for capture in captures] == list(range(1, len(captures) + 1))


def test_flag_a_key_moment_and_a_quote_then_undo(store: Database, day_one_id: int) -> None:
    """Marking is one undoable step each; undo puts back exactly what was there."""
    first = session_detail(store, day_one_id).observations[0]
    assert (first.key_moment, first.quote) == (False, False)
    mark = FlagCapture(day_one_id, first.uuid, key_moment=True)
    quote = FlagCapture(day_one_id, first.uuid, quote=True)
    assert (mark.label, quote.label) == ("Mark key moment", "Mark as quote")
    mark.redo(store)
    quote.redo(store)
    again = session_detail(store, day_one_id).observations[0]
    assert (again.key_moment, again.quote) == (True, True)
    quote.undo(store)
    assert session_detail(store, day_one_id).observations[0].quote is False
    mark.undo(store)
    assert session_detail(store, day_one_id).observations[0] == first
    assert FlagCapture(day_one_id, first.uuid, quote=False).label == "Unmark quote"


def test_tag_factors_keeps_other_codes_and_undoes(store: Database, day_one_id: int) -> None:
    """Tagging sets exactly the chosen factors; the capture's own codes stay first."""
    factors = factor_codes(store)
    assert [code.label for code in factors] == [
        "Shared purpose and vision",
        "Frequent personal contact",
        "Surfacing and resolving conflict",
        "Behaving altruistically",
        "Commitment for the longer term",
    ]
    capture = next(c for c in session_detail(store, day_one_id).observations if c.codes)
    own = [code.code_id for code in capture.codes if code.scheme_slug != "five-factors"]
    chosen = {factors[0].id, factors[2].id}
    command = tag_factors(capture, factors=factors, chosen=chosen)
    command.redo(store)
    tagged = next(c for c in session_detail(store, day_one_id).observations if c.id == capture.id)
    assert [code.code_id for code in tagged.codes] == [*own, factors[0].id, factors[2].id]
    untag = tag_factors(tagged, factors=factors, chosen=set())
    assert untag.label == "Remove factor tags"
    untag.redo(store)
    bare = next(c for c in session_detail(store, day_one_id).observations if c.id == capture.id)
    assert [code.code_id for code in bare.codes] == own
    untag.undo(store)
    command.undo(store)
    back = next(c for c in session_detail(store, day_one_id).observations if c.id == capture.id)
    assert back.codes == capture.codes


def test_narrative_sections_save_and_read_back(store: Database, day_two_id: int) -> None:
    """Each section is saved as written (trimmed, NFC); unwritten ones are absent."""
    assert narrative(store, day_two_id) == {}
    save_narrative_section(
        store, day_two_id, "summary", "  Cafe\u0301 **bold** [#3]\n", moment=MOMENT
    )
    save_narrative_section(store, day_two_id, "next-steps", "- one\n- two", moment=MOMENT)
    assert narrative(store, day_two_id) == {
        "summary": "Café **bold** [#3]",
        "next-steps": "- one\n- two",
    }
    save_narrative_section(store, day_two_id, "summary", "", moment=MOMENT)
    assert narrative(store, day_two_id)["summary"] == ""


def test_sample_day_one_has_every_section_written(store: Database, day_one_id: int) -> None:
    """The sample's narrative fills every section, so its report shows each one."""
    assert set(narrative(store, day_one_id)) == {section.key for section in SECTIONS}


def test_bad_narrative_is_refused_and_nothing_changes(store: Database, day_two_id: int) -> None:
    """Unknown sections, control characters and over-long text are refused plainly."""
    save_narrative_section(store, day_two_id, "summary", "Kept", moment=MOMENT)
    with pytest.raises(InvalidInputError, match="no narrative section"):
        save_narrative_section(store, day_two_id, "gossip", "x", moment=MOMENT)
    with pytest.raises(InvalidInputError, match="control character"):
        save_narrative_section(store, day_two_id, "summary", "a\x00b", moment=MOMENT)
    with pytest.raises(InvalidInputError, match="too long"):
        save_narrative_section(
            store, day_two_id, "summary", "x" * (NARRATIVE_TEXT + 1), moment=MOMENT
        )
    with pytest.raises(NotFoundError):
        save_narrative_section(store, 99_999, "summary", "x", moment=MOMENT)
    assert narrative(store, day_two_id) == {"summary": "Kept"}
