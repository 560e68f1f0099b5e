"""Exchange bundles carry what the room view shows (the programme's principles, the items
approved for the room) and the pattern cues that fired; bundles written before they did still
import as they always have."""

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.domain.bundle_records import KINDS, OPTIONAL_KINDS
from facilitator.domain.cues import Cue
from facilitator.domain.room import ApprovedItems
from facilitator.services import live
from facilitator.services.actions import parking_lot
from facilitator.services.conflicts import programme_conflicts
from facilitator.services.exchange_export import export_programme, export_session
from facilitator.services.exchange_import import import_bundle, preview_import
from facilitator.services.programmes import (
    list_programmes,
    remove_sample_programmes,
    session_detail,
)
from facilitator.services.room import (
    approved_items,
    record_cue,
    recorded_cues,
    set_approved_items,
    set_working_principles,
    working_principles,
)
from facilitator.storage.database import Database
from tests.clocks import START
from tests.exchange import bundle_document, copy_store, dump, every_record, write_document
from tests.services.test_exchange_merge import capture_all

ROOM_KINDS = ("programmes", "conflicts", "parking_items", "cue_events")


@pytest.fixture
def empty(template_data_dir: Path, tmp_path: Path) -> Iterator[Database]:
    """Return another laptop's store: built-in content, no programmes."""
    db = copy_store(template_data_dir, tmp_path / "other")
    remove_sample_programmes(db)
    yield db
    db.close()


def _approve_in_day_one(db: Database, day_one_id: int) -> ApprovedItems:
    """Approve Day one's first parked item and the conflicts opened in it for the room."""
    (programme,) = list_programmes(db)
    approved = ApprovedItems(
        parked=frozenset({parking_lot(db, day_one_id)[0].id}),
        conflicts=frozenset(
            c.id for c in programme_conflicts(db, programme.id) if c.session_id == day_one_id
        ),
    )
    set_approved_items(db, day_one_id, approved)
    return approved


def _session_id(db: Database, session_uuid: str) -> int:
    (programme,) = list_programmes(db)
    (session_id,) = [s.id for m in programme.modules for s in m.sessions if s.uuid == session_uuid]
    return session_id


def _cue(evidence: tuple[int, ...], rule: str = "quiet-voices") -> Cue:
    return Cue(
        rule_id=rule,
        title="Quiet voices",
        text="Two organisations have not spoken for 20 min.",
        move="Invite them in by name.",
        since=0.0,
        evidence=evidence,
        capture_ids=(),
    )


def _room(db: Database, day_one_id: int) -> dict[str, Any]:
    """Return what the room view and the cue log show, by content rather than local ids."""
    approved = approved_items(db, day_one_id)
    (programme,) = list_programmes(db)
    return {
        "parked": sorted(p.uuid for p in parking_lot(db, day_one_id) if p.id in approved.parked),
        "conflicts": sorted(
            c.uuid for c in programme_conflicts(db, programme.id) if c.id in approved.conflicts
        ),
        "cues": [
            (c.rule_id, c.title, c.wording, c.move, c.offset_seconds, c.fired_at, c.evidence)
            for c in recorded_cues(db, day_one_id)
        ],
    }


def _as_older_bundle(document: dict[str, Any]) -> dict[str, Any]:
    """Return the bundle as a version of Facilitator before room data would have written it."""
    older = copy.deepcopy(document)
    for kind in OPTIONAL_KINDS:
        del older["records"][kind]
    for kind, fields in KINDS.items():
        for field in (f for f in fields if f.optional):
            for record in older["records"].get(kind, {}).values():
                del record[field.name]
    return older


def test_principles_approvals_and_cues_arrive_exactly(
    store: Database, empty: Database, day_one_id: int, tmp_path: Path
) -> None:
    """A programme's bundle keeps its principles, what was approved for the room and every
    cue that fired, with its wording and evidence."""
    (programme,) = list_programmes(store)
    set_working_principles(store, programme.id, ["Listen first", "Challenge ideas, not people"])
    approved = _approve_in_day_one(store, day_one_id)
    assert approved.parked and approved.conflicts
    record_cue(store, day_one_id, _cue((3, 5, 8)), offset=900.0, moment=START)
    path = tmp_path / "programme.facilitator"
    export_programme(store, programme.id, path)
    sent = bundle_document(path)["records"]
    assert len(sent["cue_events"]) >= len(recorded_cues(store, day_one_id)) > 1
    summary = import_bundle(empty, path)
    assert summary.updated == 0
    arrived = every_record(empty)
    for kind in ROOM_KINDS:
        assert arrived[kind] == sent[kind], kind
    (copy_,) = list_programmes(empty)
    assert working_principles(empty, copy_.id) == ("Listen first", "Challenge ideas, not people")
    copy_day_one = _session_id(empty, session_detail(store, day_one_id).uuid)
    assert _room(empty, copy_day_one) == _room(store, day_one_id)
    assert import_bundle(empty, path).added == 0


def test_a_preview_counts_pattern_cues(
    store: Database, empty: Database, day_one_id: int, tmp_path: Path
) -> None:
    """The dry run names the cues a bundle adds as pattern cues."""
    path = tmp_path / "day one.facilitator"
    export_session(store, day_one_id, path)
    cues = len(bundle_document(path)["records"]["cue_events"])
    preview = preview_import(empty, path)
    assert {c.kind: c.added for c in preview.counts}["cue_events"] == cues
    assert f"{cues} pattern cues" in preview.describe()
    one = copy.deepcopy(bundle_document(path))
    one["records"]["cue_events"] = dict(list(one["records"]["cue_events"].items())[:1])
    single = preview_import(empty, write_document(tmp_path / "one.facilitator", one))
    assert "1 pattern cue" in single.describe() and "1 pattern cues" not in single.describe()


def test_an_older_bundle_imports_with_the_defaults(
    store: Database, empty: Database, day_one_id: int, tmp_path: Path
) -> None:
    """A bundle without principles, approvals or cues imports: no principles, nothing
    approved, no cues; everything else exactly as sent."""
    (programme,) = list_programmes(store)
    _approve_in_day_one(store, day_one_id)
    path = tmp_path / "programme.facilitator"
    export_programme(store, programme.id, path)
    older = _as_older_bundle(bundle_document(path))
    old_path = write_document(tmp_path / "older.facilitator", older)
    summary = import_bundle(empty, old_path)
    assert {c.kind: c.added for c in summary.counts}["cue_events"] == 0
    arrived = every_record(empty)
    assert arrived["cue_events"] == {}
    assert all(not r["working_principles"] for r in arrived["programmes"].values())
    assert all(
        not r["in_room"] for k in ("conflicts", "parking_items") for r in arrived[k].values()
    )
    for kind in KINDS:
        for key, record in older["records"].get(kind, {}).items():
            assert {name: arrived[kind][key][name] for name in record} == record, kind
    before = dump(empty)
    assert import_bundle(empty, old_path).added == 0
    assert dump(empty) == before


def test_an_older_bundle_of_what_is_here_changes_nothing(
    store: Database, day_one_id: int, tmp_path: Path
) -> None:
    """Approvals, principles and cues here survive importing a bundle that lacks them."""
    _approve_in_day_one(store, day_one_id)
    path = tmp_path / "day one.facilitator"
    export_session(store, day_one_id, path)
    old_path = write_document(
        tmp_path / "older.facilitator", _as_older_bundle(bundle_document(path))
    )
    before = dump(store)
    summary = import_bundle(store, old_path)
    assert (summary.added, summary.updated, summary.renumbered) == (0, 0, 0)
    assert dump(store) == before


def test_approval_wins_and_cues_cite_the_captures_their_laptop_meant(
    store: Database, template_data_dir: Path, day_one_id: int, day_two_id: int, tmp_path: Path
) -> None:
    """One laptop approved items for the room: both end up with them approved. Both logged a
    cue citing their own capture 2; after the numbers are shared out each cue still cites
    the capture it meant, on both laptops."""
    other = copy_store(template_data_dir, tmp_path / "other")
    try:
        _approve_in_day_one(store, day_one_id)
        meant = {}
        for db, name, offsets in ((store, "Ann", (10.0, 30.0)), (other, "Bob", (20.0, 40.0))):
            live.go_live(db, day_two_id, moment=START)
            capture_all(db, day_two_id, [(o, f"{name} {o}", None, "group") for o in offsets], name)
            second = session_detail(db, day_two_id).observations[1]
            record_cue(db, day_two_id, _cue((second.number,), rule=name), offset=50, moment=START)
            meant[name] = second.uuid
        folder = tmp_path / "bundles"
        folder.mkdir()
        for name, db in (("a", store), ("b", other)):
            for session_id in (day_one_id, day_two_id):
                export_session(db, session_id, folder / f"{name}-{session_id}.facilitator")
        for name, db in (("b", store), ("a", other)):
            for bundle in sorted(folder.glob(f"{name}-*.facilitator")):
                import_bundle(db, bundle)
        assert every_record(store) == every_record(other)
        assert _room(store, day_one_id) == _room(other, day_one_id)
        assert _room(other, day_one_id)["parked"]
        for db in (store, other):
            by_number = {c.number: c.uuid for c in session_detail(db, day_two_id).observations}
            cited = {c.rule_id: by_number[c.evidence[0]] for c in recorded_cues(db, day_two_id)}
            assert cited == meant
    finally:
        other.close()


def test_importing_only_adds_cues(
    store: Database, empty: Database, day_one_id: int, tmp_path: Path
) -> None:
    """A cue here that the bundle lacks stays; the bundle's cues are added beside it."""
    path = tmp_path / "day one.facilitator"
    export_session(store, day_one_id, path)
    import_bundle(empty, path)
    copy_day_one = _session_id(empty, session_detail(store, day_one_id).uuid)
    record_cue(empty, copy_day_one, _cue((1,)), offset=300.0, moment=START)
    before = len(recorded_cues(empty, copy_day_one))
    summary = import_bundle(empty, path)
    assert (summary.added, summary.updated) == (0, 0)
    assert len(recorded_cues(empty, copy_day_one)) == before
