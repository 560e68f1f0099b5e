"""Two facilitators capture the same session on two laptops and swap bundles: each ends up
with every capture once, the same records either way, and citations that still point at the
moments they meant."""

import tempfile
import uuid as uuids
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.cues import Cue
from facilitator.domain.enums import CaptureKind, SubjectKind
from facilitator.domain.narrative import citations
from facilitator.domain.room import ApprovedItems
from facilitator.services import live
from facilitator.services.actions import parking_lot, take_back_contribution
from facilitator.services.capture import CaptureRequest, SubjectRef, record, update_capture
from facilitator.services.conflicts import programme_conflicts
from facilitator.services.exchange_export import export_programme, export_session
from facilitator.services.exchange_import import import_bundle
from facilitator.services.programmes import list_programmes, session_detail
from facilitator.services.room import record_cue, set_approved_items, set_working_principles
from facilitator.services.writeup import narrative, save_narrative_section
from facilitator.storage.database import Database
from tests.captures import code_ids
from tests.clocks import START
from tests.exchange import copy_store, dump, every_record

CODES = (
    "dialogue-patterns/stuck",  # a state: the same key again stops it
    "dialogue-patterns/generative",
    "conflict-surfacing/power-differential-named",
    "five-factors/shared-purpose",
)
SETTINGS = settings(max_examples=25, deadline=None)

notes = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20)
captures = st.lists(
    st.tuples(
        st.floats(0, 20_000, allow_nan=False).map(lambda s: round(s, 3)),
        notes,
        st.sampled_from((None, *CODES)),
        st.sampled_from(("nobody", "person", "organisation", "group", "tally")),
    ),
    max_size=6,
)


@contextmanager
def two_laptops(template_data_dir: Path) -> Iterator[tuple[Database, Database, int, int]]:
    """Yield two stores that share the sample, and the ids of its Day one and Day two."""
    with tempfile.TemporaryDirectory() as folder:
        a = copy_store(template_data_dir, Path(folder) / "a")
        b = copy_store(template_data_dir, Path(folder) / "b")
        try:
            day_one, day_two = (s.id for s in list_programmes(a)[0].modules[2].sessions[:2])
            yield a, b, day_one, day_two
        finally:
            a.close()
            b.close()


def capture_all(db: Database, session_id: int, specs: list, author: str) -> None:
    """Record captures as a facilitator would, live, with codes and subjects."""
    codes = code_ids(db)
    detail = session_detail(db, session_id)
    person, organisation = detail.cohort[0], detail.organisations[0]
    subjects = {
        "nobody": (),
        "person": (SubjectRef(SubjectKind.PARTICIPANT, person.id),),
        "organisation": (SubjectRef(SubjectKind.ORGANISATION, organisation.id),),
        "group": (SubjectRef(SubjectKind.GROUP),),
        "tally": (SubjectRef(SubjectKind.PARTICIPANT, person.id),),
    }
    for offset, note, code, about in specs:
        kind = CaptureKind.CONTRIBUTION if about == "tally" else CaptureKind.CODED
        if kind is CaptureKind.CODED and code is None:
            kind = CaptureKind.NOTE
        record(
            db,
            CaptureRequest(
                session_id=session_id,
                uuid=str(uuids.uuid4()),
                occurred_at=START + timedelta(seconds=offset),
                offset_seconds=offset,
                kind=kind,
                code_ids=(codes[code],) if code and kind is CaptureKind.CODED else (),
                subjects=subjects[about],
                note=note,
                author=author,
            ),
        )


def cite_everything(db: Database, session_id: int, moment_offset: int) -> list[str]:
    """Write a narrative citing every capture; return the UUIDs it cites, in order."""
    detail = session_detail(db, session_id)
    text = "Seen: " + " ".join(f"[#{c.number}]" for c in detail.observations)
    save_narrative_section(
        db, session_id, "observed", text, moment=START + timedelta(hours=8, seconds=moment_offset)
    )
    return [c.uuid for c in detail.observations]


def prepare_room(db: Database, session_id: int, author: str, which: int) -> None:
    """Write the laptop's own principles and approve one of the session's parked items (the
    `which`th) and the conflicts opened in it for the room."""
    (programme,) = list_programmes(db)
    set_working_principles(db, programme.id, [f"{author}'s first principle", "Keep to time"])
    parked = parking_lot(db, session_id)
    approved = ApprovedItems(
        parked=frozenset({parked[which % len(parked)].id}),
        conflicts=frozenset(
            c.id for c in programme_conflicts(db, programme.id) if c.session_id == session_id
        ),
    )
    set_approved_items(db, session_id, approved)


def log_cue(db: Database, session_id: int, author: str) -> list[str]:
    """Log a pattern cue citing every numbered capture; return the UUIDs it cites, in order."""
    cited_captures = [c for c in session_detail(db, session_id).observations if c.number]
    cue = Cue(
        rule_id=f"{author.lower()}-rule",
        title=f"{author}'s cue",
        text="A pattern held.",
        move="Name it.",
        since=0.0,
        evidence=tuple(c.number for c in cited_captures if c.number),
        capture_ids=(),
    )
    record_cue(db, session_id, cue, offset=6_000.0, moment=START + timedelta(hours=2))
    return [c.uuid for c in cited_captures]


def cue_cites(db: Database, session_id: int) -> dict[str, list[str]]:
    """Return the UUIDs of the captures each logged cue cites, by the cue's rule."""
    by_number = {c.number: c.uuid for c in session_detail(db, session_id).observations}
    return {
        cue["rule_id"]: [by_number[n] for n in cue["evidence"]]
        for cue in every_record(db)["cue_events"].values()
        if cue["rule_id"].endswith("-rule")
    }


def cited(db: Database, session_id: int) -> list[str]:
    """Return the UUIDs of the captures the session's "observed" section cites."""
    by_number = {c.number: c.uuid for c in session_detail(db, session_id).observations}
    return [by_number[n] for n in citations(narrative(db, session_id).get("observed", ""))]


def swap(a: Database, b: Database, folder: Path, *session_ids: int) -> None:
    """Export the sessions (or else the programme) from both laptops, then import each
    laptop's bundles into the other."""
    for name, db in (("a", a), ("b", b)):
        if session_ids:
            for session_id in session_ids:
                export_session(db, session_id, folder / f"{name}-{session_id}.facilitator")
        else:
            export_programme(db, list_programmes(db)[0].id, folder / f"{name}.facilitator")
    for name, db in (("b", a), ("a", b)):
        for path in sorted(folder.glob(f"{name}*.facilitator")):
            import_bundle(db, path)


@SETTINGS
@given(
    mine=captures,
    theirs=captures,
    delete_first=st.booleans(),
    finish=st.booleans(),
    write_up=st.sampled_from(("none", "a", "b", "both")),
    edit_note=st.sampled_from(("none", "a", "b", "both")),
    room=st.sampled_from(("none", "a", "b", "both")),
    cues=st.sampled_from(("none", "a", "b", "both")),
)
def test_merging_a_into_b_and_b_into_a_gives_the_same_records(
    template_data_dir: Path,
    mine: list,
    theirs: list,
    delete_first: bool,
    finish: bool,
    write_up: str,
    edit_note: str,
    room: str,
    cues: str,
) -> None:
    """Whatever each laptop captured, approved for the room or logged as cues, after swapping
    bundles both hold the same records, every capture once under a number of its own, and
    the kept narrative and every cue cite the same moments as before."""
    with (
        two_laptops(template_data_dir) as (a, b, day_one, day_two),
        tempfile.TemporaryDirectory() as tmp,
    ):
        live.go_live(a, day_two, moment=START)
        live.go_live(b, day_two, moment=START + timedelta(seconds=3))
        capture_all(a, day_two, mine, "Ann")
        capture_all(b, day_two, theirs, "Bob")
        if delete_first and mine:
            first = session_detail(a, day_two).observations[0]
            if first.kind is CaptureKind.CONTRIBUTION:
                take_back_contribution(a, first.uuid)
        if finish:
            live.finish(a, day_two, moment=START + timedelta(hours=7), offset_seconds=25_200)
        meant = {}
        if write_up in ("a", "both"):
            meant["a"] = cite_everything(a, day_two, 1)
        if write_up in ("b", "both"):
            meant["b"] = cite_everything(b, day_two, 2)
        cues_meant = {}
        for name, db, author in (("a", a, "Ann"), ("b", b, "Bob")):
            if room in (name, "both"):
                prepare_room(db, day_one, author, which=len(author) if name == "b" else 0)
            if cues in (name, "both"):
                cues_meant[f"{author.lower()}-rule"] = log_cue(db, day_two, author)
        shared = session_detail(a, day_one).observations[0].id  # the same capture on both
        if edit_note in ("a", "both"):
            update_capture(a, shared, note="Ann's reading of it")
        if edit_note in ("b", "both"):
            update_capture(b, shared, note="Bob's reading of it")
        made = {c.uuid for db in (a, b) for c in session_detail(db, day_two).observations}
        with_day_one = edit_note != "none" or room != "none"
        swap(a, b, Path(tmp), day_two, *([day_one] if with_day_one else []))
        assert every_record(a) == every_record(b)
        merged = session_detail(a, day_two)
        numbers = [c.number for c in merged.observations]
        assert len(set(numbers)) == len(numbers)
        assert {c.uuid for c in merged.observations} == made
        last = every_record(a)["sessions"][merged.uuid]["last_capture_number"]
        assert last >= max(numbers, default=0)
        if meant:
            assert cited(a, day_two) in meant.values()
        assert cue_cites(a, day_two) == cues_meant == cue_cites(b, day_two)


@settings(max_examples=15, deadline=None)
@given(mine=captures, write_up=st.booleans())
def test_importing_twice_is_importing_once(
    template_data_dir: Path, mine: list, write_up: bool
) -> None:
    """The second import of the same bundle finds everything here already."""
    with (
        two_laptops(template_data_dir) as (a, b, _day_one, day_two),
        tempfile.TemporaryDirectory() as tmp,
    ):
        live.go_live(a, day_two, moment=START)
        capture_all(a, day_two, mine, "Ann")
        capture_all(b, day_two, mine[:2], "Bob")
        if write_up:
            cite_everything(a, day_two, 1)
        path = Path(tmp) / "a.facilitator"
        export_programme(a, list_programmes(a)[0].id, path)
        import_bundle(b, path)
        once = dump(b)
        again = import_bundle(b, path)
        assert (again.added, again.updated, again.renumbered) == (0, 0, 0)
        assert dump(b) == once


def test_clashing_numbers_are_shared_out_and_citations_follow(
    store: Database, template_data_dir: Path, day_two_id: int, tmp_path: Path
) -> None:
    """Both laptops gave out 1 and 2; after the swap each capture has its own number and
    each laptop's narrative still cites the captures its writer meant."""
    other = copy_store(template_data_dir, tmp_path / "other")
    try:
        live.go_live(store, day_two_id, moment=START)
        live.go_live(other, day_two_id, moment=START)
        capture_all(
            store,
            day_two_id,
            [(10.0, "A one", None, "group"), (30.0, "A two", None, "group")],
            "Ann",
        )
        capture_all(
            other,
            day_two_id,
            [(20.0, "B one", None, "group"), (40.0, "B two", None, "group")],
            "Bob",
        )
        meant = cite_everything(store, day_two_id, 1)
        swap(store, other, tmp_path)
        merged = session_detail(store, day_two_id).observations
        assert [(c.note, c.number) for c in merged] == [
            ("A one", 1),
            ("B one", 3),
            ("A two", 2),
            ("B two", 4),
        ]
        assert cited(store, day_two_id) == meant == cited(other, day_two_id)
        assert narrative(store, day_two_id)["observed"] == "Seen: [#1] [#2]"
    finally:
        other.close()
