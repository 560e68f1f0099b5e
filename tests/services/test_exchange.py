"""Exchange bundles: a session or a programme exported from one store and imported into
another arrives whole, and importing it again changes nothing."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.domain.bundle_records import KINDS
from facilitator.domain.enums import CodeKind
from facilitator.domain.errors import NotFoundError
from facilitator.services.actions import parking_lot, session_actions
from facilitator.services.capture import record
from facilitator.services.conflicts import programme_conflicts
from facilitator.services.exchange_export import export_programme, export_session
from facilitator.services.exchange_import import import_bundle, preview_import
from facilitator.services.programmes import (
    list_programmes,
    programme_detail,
    remove_sample_programmes,
    session_detail,
)
from facilitator.services.writeup import narrative
from facilitator.storage.database import Database
from facilitator.storage.tables import CodeRow, CodingSchemeRow
from tests.captures import capture_request
from tests.exchange import bundle_document, copy_store, dump, every_record


@pytest.fixture
def empty(template_data_dir: Path, tmp_path: Path) -> Iterator[Database]:
    """Return another laptop's store: built-in content, no programmes."""
    db = copy_store(template_data_dir, tmp_path / "other")
    remove_sample_programmes(db)
    yield db
    db.close()


@pytest.fixture
def own_scheme(store: Database, day_one_id: int) -> str:
    """Add a coding scheme of the user's own, used by one capture of Day one; return its UUID."""
    with store.transaction() as session:
        scheme = CodingSchemeRow(slug="our-own", name="Our own scheme", builtin=False)
        scheme.codes.append(
            CodeRow(
                position=1,
                slug="bright-idea",
                label="Bright idea",
                colour="#336699",
                key="b",
                kind=CodeKind.POINT,
                qualifier_choices=["big", "small"],
            )
        )
        session.add(scheme)
        session.flush()
        code_id, scheme_uuid = scheme.codes[0].id, scheme.uuid
    request = capture_request(day_one_id, code_id, offset=5_000, note="Ours", qualifier="big")
    record(store, request)
    return scheme_uuid


def _session_view(db: Database, session_uuid: str) -> dict[str, Any]:
    """Return what a facilitator sees of a session, by content rather than local ids."""
    (session_id,) = [
        s.id
        for p in list_programmes(db)
        for s in [*[s for m in p.modules for s in m.sessions], *p.loose_sessions]
        if s.uuid == session_uuid
    ]
    detail = session_detail(db, session_id)
    return {
        "title": detail.title,
        "status": detail.status,
        "attendees": sorted(p.name for p in detail.attendees),
        "agenda": [(i.title, i.planned_minutes, i.actual_start) for i in detail.agenda],
        "captures": [
            (
                c.uuid,
                c.number,
                c.note,
                c.offset_seconds,
                c.duration_seconds,
                c.agenda_item_title,
                [(a.scheme_slug, a.slug, a.qualifier) for a in c.codes],
                [(s.kind, s.name, s.role) for s in c.subjects],
                c.key_moment,
                c.quote,
            )
            for c in detail.observations
        ],
        "narrative": narrative(db, session_id),
        "actions": [
            (a.text, a.owner, a.due, a.done, a.is_agreement)
            for a in session_actions(db, session_id)
        ],
        "parking": [(p.text, p.addressed) for p in parking_lot(db, session_id)],
    }


def _conflicts(db: Database, programme_id: int) -> list[Any]:
    return [
        (
            c.uuid,
            c.title,
            c.status,
            c.session_title,
            [(e.status, e.at, e.note) for e in c.events],
            c.observation_count,
        )
        for c in programme_conflicts(db, programme_id)
    ]


def test_a_programme_arrives_whole_on_another_laptop(
    store: Database, empty: Database, own_scheme: str, tmp_path: Path
) -> None:
    """Every record travels with its UUID and content: people, sessions, captures with their
    numbers, conflicts with their steps, actions, parking, narratives and the user's scheme."""
    (programme,) = list_programmes(store)
    path = tmp_path / "programme.facilitator"
    written = export_programme(store, programme.id, path)
    assert written.captures == 84 and written.sessions == 2
    summary = import_bundle(empty, path)
    assert summary.updated == 0 and summary.renumbered == 0
    sent = bundle_document(path)["records"]
    arrived = every_record(empty)
    for kind in KINDS:
        assert {key: arrived[kind][key] for key in sent[kind]} == sent[kind], kind
    assert arrived["coding_schemes"][own_scheme]["builtin"] is False
    (copy,) = list_programmes(empty)
    assert copy.uuid == programme.uuid
    for session in (s for m in programme.modules for s in m.sessions):
        assert _session_view(empty, session.uuid) == _session_view(store, session.uuid)
    assert _conflicts(empty, copy.id) == _conflicts(store, programme.id)
    source, target = programme_detail(store, programme.id), programme_detail(empty, copy.id)
    assert [(p.name, p.organisation_name, p.goals) for p in target.participants] == [
        (p.name, p.organisation_name, p.goals) for p in source.participants
    ]


def test_a_session_stands_alone_with_what_it_needs(
    store: Database, empty: Database, day_one_id: int, tmp_path: Path
) -> None:
    """A session's bundle carries its programme, module, the people it names and its
    conflicts; nothing else of the programme."""
    path = tmp_path / "day one.facilitator"
    export_session(store, day_one_id, path)
    summary = import_bundle(empty, path)
    counts = {count.kind: count.added for count in summary.counts}
    assert counts["sessions"] == 1 and counts["programmes"] == 1 and counts["modules"] == 1
    assert counts["captures"] == 83
    day_one = session_detail(store, day_one_id)
    assert _session_view(empty, day_one.uuid) == _session_view(store, day_one.uuid)
    (programme,) = list_programmes(empty)
    assert [m.title for m in programme.modules] == [day_one.module_title]
    named = {p.name for p in day_one.attendees}
    named |= {
        s.name for c in day_one.observations for s in c.subjects if s.kind.value == "participant"
    }
    assert {p.name for p in programme_detail(empty, programme.id).participants} == named


def test_importing_again_changes_nothing(store: Database, empty: Database, tmp_path: Path) -> None:
    """The second import of one bundle reports everything unchanged and writes nothing."""
    (programme,) = list_programmes(store)
    path = tmp_path / "programme.facilitator"
    export_programme(store, programme.id, path)
    first = import_bundle(empty, path)
    before = dump(empty)
    again = import_bundle(empty, path)
    assert (again.added, again.updated, again.renumbered) == (0, 0, 0)
    assert again.unchanged == first.added + first.unchanged
    assert again.describe().startswith("Nothing to change")
    assert dump(empty) == before


def test_importing_into_the_store_it_came_from_changes_nothing(
    store: Database, tmp_path: Path
) -> None:
    """A bundle of what is already here is all unchanged."""
    (programme,) = list_programmes(store)
    path = tmp_path / "programme.facilitator"
    export_programme(store, programme.id, path)
    before = dump(store)
    summary = import_bundle(store, path)
    assert (summary.added, summary.updated, summary.renumbered) == (0, 0, 0)
    assert dump(store) == before


def test_preview_says_what_import_will_do_and_writes_nothing(
    store: Database, empty: Database, tmp_path: Path
) -> None:
    """The dry run gives the same summary as the import, without changing the file."""
    (programme,) = list_programmes(store)
    path = tmp_path / "programme.facilitator"
    export_programme(store, programme.id, path)
    before = dump(empty)
    preview = preview_import(empty, path)
    assert dump(empty) == before
    assert preview == import_bundle(empty, path)
    assert preview.contents == "programme" and preview.title == programme.title
    assert preview.describe().startswith("Adds 1 programme, 10 organisations, 16 participants")


def test_a_users_scheme_whose_slug_is_taken_here_arrives_under_another_slug(
    store: Database, empty: Database, own_scheme: str, day_one_id: int, tmp_path: Path
) -> None:
    """Another scheme here with the same slug keeps it; the arriving one gets "our-own-2"."""
    with empty.transaction() as session:
        session.add(CodingSchemeRow(slug="our-own", name="Theirs", builtin=False))
    path = tmp_path / "day one.facilitator"
    export_session(store, day_one_id, path)
    import_bundle(empty, path)
    schemes = {r["slug"]: key for key, r in every_record(empty)["coding_schemes"].items()}
    assert schemes["our-own-2"] == own_scheme
    assert import_bundle(empty, path).added == 0


def test_exporting_what_is_not_there_says_so(store: Database, tmp_path: Path) -> None:
    """A session or programme deleted meanwhile is a plain NotFoundError; no file is left."""
    with pytest.raises(NotFoundError):
        export_session(store, 999_999, tmp_path / "x.facilitator")
    with pytest.raises(NotFoundError):
        export_programme(store, 999_999, tmp_path / "x.facilitator")
    assert not list(tmp_path.glob("*.facilitator"))
