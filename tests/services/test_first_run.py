"""First-run content: the built-in schemes and the sample programme, loaded exactly once."""

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from facilitator.domain.content import builtin_uuid
from facilitator.domain.enums import CodeKind, Sector, SessionStatus, SubjectKind
from facilitator.services import sample as sample_module
from facilitator.services.builtin import builtin_schemes, builtin_templates
from facilitator.services.first_run import SAMPLE_KEY, SCHEMES_KEY, install_builtin_content
from facilitator.services.programmes import (
    list_programmes,
    programme_detail,
    remove_sample_programmes,
    sample_programme_ids,
    session_detail,
)
from facilitator.services.schemes import list_schemes
from facilitator.services.store import integrity_problems, open_store
from facilitator.storage.database import Database
from facilitator.storage.location import DATABASE_NAME
from facilitator.storage.tables import AppMetaRow, CodingSchemeRow
from tests.conftest import TODAY
from tests.old_files import OLDER_REVISIONS, USERS_PROGRAMME_TITLE, make_older_file

CODE_COUNTS = {
    "advocacy-inquiry": 2,
    "bales-ipa": 12,
    "conflict-surfacing": 10,
    "dialogue-patterns": 11,
    "five-factors": 5,
    "kantor-four-player": 4,
    "principled-negotiation": 7,
    "thomas-kilmann": 5,
}
SAMPLE_MODULE = "Power, politics and decision-making"


def counts(data_dir: Path) -> dict[str, int]:
    """Count rows straight from the file, without the app's code."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("programme", "coding_scheme", "code", "observation", "participant")
        }


def sample_sessions(db: Database) -> dict[str, int]:
    (programme,) = [p for p in list_programmes(db) if p.is_sample]
    module = next(m for m in programme.modules if m.title == SAMPLE_MODULE)
    return {session.title: session.id for session in module.sessions}


def test_new_folder_gets_schemes_and_sample_once(tmp_path: Path) -> None:
    """Opening a new folder twice loads the schemes and the sample the first time only."""
    data_dir = tmp_path / "fresh"
    open_store(data_dir, today=TODAY).close()
    first = counts(data_dir)
    assert first["programme"] == 1
    assert first["coding_scheme"] == len(CODE_COUNTS)
    assert first["code"] == sum(CODE_COUNTS.values())
    open_store(data_dir, today=TODAY).close()
    assert counts(data_dir) == first


def test_installing_again_changes_nothing(store: Database) -> None:
    """Running the first-run step on a file that has everything reports no changes."""
    assert not install_builtin_content(store, today=TODAY).any
    assert len(sample_programme_ids(store)) == 1
    assert len(list_schemes(store)) == len(CODE_COUNTS)


def test_removed_sample_does_not_come_back(store: Database, data_dir: Path) -> None:
    """After the user removes the sample, opening the file again does not restore it."""
    assert remove_sample_programmes(store).programmes
    store.close()
    db = open_store(data_dir, today=TODAY)
    try:
        assert sample_programme_ids(db) == []
        assert list_programmes(db) == []
        assert len(list_schemes(db)) == len(CODE_COUNTS), "the schemes stay"
    finally:
        db.close()


def test_deleted_builtin_scheme_does_not_come_back(store: Database, data_dir: Path) -> None:
    """A built-in scheme the user deleted stays deleted on the next open."""
    with store.transaction() as session:
        session.execute(delete(CodingSchemeRow).where(CodingSchemeRow.slug == "bales-ipa"))
    store.close()
    db = open_store(data_dir, today=TODAY)
    try:
        assert "bales-ipa" not in {scheme.slug for scheme in list_schemes(db)}
    finally:
        db.close()


def test_scheme_shipped_later_is_added_to_an_existing_file(store: Database, data_dir: Path) -> None:
    """A built-in scheme this file never had (as after an app update) is added on open."""
    with store.transaction() as session:
        session.execute(delete(CodingSchemeRow).where(CodingSchemeRow.slug == "thomas-kilmann"))
        installed = [s.slug for s in builtin_schemes() if s.slug != "thomas-kilmann"]
        session.merge(AppMetaRow(key=SCHEMES_KEY, value=json.dumps(installed)))
    store.close()
    db = open_store(data_dir, today=TODAY)
    try:
        slugs = [scheme.slug for scheme in list_schemes(db)]
        assert sorted(slugs) == sorted(CODE_COUNTS)
        assert len(sample_programme_ids(db)) == 1, "the sample is not loaded a second time"
    finally:
        db.close()


def test_users_own_scheme_with_a_builtin_slug_is_kept(store: Database, data_dir: Path) -> None:
    """If the user already has a scheme with a new built-in's slug, theirs wins."""
    with store.transaction() as session:
        session.execute(delete(CodingSchemeRow).where(CodingSchemeRow.slug == "thomas-kilmann"))
        session.add(CodingSchemeRow(slug="thomas-kilmann", name="My own modes"))
        installed = [s.slug for s in builtin_schemes() if s.slug != "thomas-kilmann"]
        session.merge(AppMetaRow(key=SCHEMES_KEY, value=json.dumps(installed)))
    store.close()
    db = open_store(data_dir, today=TODAY)
    try:
        (mine,) = [scheme for scheme in list_schemes(db) if scheme.slug == "thomas-kilmann"]
        assert (mine.name, mine.builtin, mine.codes) == ("My own modes", False, ())
    finally:
        db.close()


def test_all_builtin_schemes_match_their_files(store: Database) -> None:
    """Eight schemes with the right number of codes, descriptions, colours and keys."""
    stored = {scheme.slug: scheme for scheme in list_schemes(store)}
    assert {slug: len(scheme.codes) for slug, scheme in stored.items()} == CODE_COUNTS
    for spec in builtin_schemes():
        scheme = stored[spec.slug]
        assert scheme.builtin
        assert (scheme.name, scheme.description, scheme.source) == (
            spec.name,
            spec.description,
            spec.source,
        )
        for code, code_spec in zip(scheme.codes, spec.codes, strict=True):
            assert (code.slug, code.label, code.description) == (
                code_spec.slug,
                code_spec.label,
                code_spec.description,
            )
            assert (code.colour, code.key, code.kind) == (
                code_spec.colour,
                code_spec.key,
                code_spec.kind,
            )
            assert code.qualifier_choices == code_spec.qualifier_choices
            assert code.exclusive_group == code_spec.exclusive_group
            assert code.description.strip()


def test_builtin_uuids_are_derived_from_slugs(store: Database) -> None:
    """Every built-in scheme and code has the UUID its slug gives, the same on every laptop."""
    schemes = list_schemes(store)
    for scheme in schemes:
        assert scheme.uuid == builtin_uuid("scheme", scheme.slug)
        for code in scheme.codes:
            assert code.uuid == builtin_uuid("scheme", scheme.slug, "code", code.slug)
    kantor = next(scheme for scheme in schemes if scheme.slug == "kantor-four-player")
    assert kantor.uuid == "8fe0d847-6ba5-5dfa-8108-40b532638ca6"


def test_sample_programme_cohort(store: Database) -> None:
    """Sixteen participants from ten organisations spanning all five sectors."""
    (programme_id,) = sample_programme_ids(store)
    detail = programme_detail(store, programme_id)
    assert detail.is_sample
    assert "fictional" in detail.notes.lower()
    assert len(detail.participants) == 16
    assert len(detail.organisations) == 10
    assert {org.sector for org in detail.organisations} == set(Sector)
    assert all(person.organisation_name for person in detail.participants)
    assert detail.start_date < TODAY < detail.end_date


def test_sample_programme_follows_the_template(store: Database) -> None:
    """The sample's four modules are the template's, in order, with their themes."""
    (programme_id,) = sample_programme_ids(store)
    detail = programme_detail(store, programme_id)
    template = builtin_templates()["building-collaborative-leadership"]
    assert [m.title for m in detail.modules] == [m.title for m in template.modules]
    assert [m.position for m in detail.modules] == [1, 2, 3, 4]
    assert detail.modules[2].title == SAMPLE_MODULE


def test_sample_day_one_is_finished_with_about_eighty_observations(store: Database) -> None:
    """Day one of module 3 is finished, last week, with 75-85 captures all placed in the agenda."""
    day_one = session_detail(store, sample_sessions(store)["Day one"])
    assert day_one.status is SessionStatus.FINISHED
    assert day_one.module_title == SAMPLE_MODULE
    assert day_one.date < TODAY
    assert day_one.attendees
    assert 75 <= len(day_one.observations) <= 85
    assert all(item.actual_start and item.actual_end for item in day_one.agenda)
    items = {item.id: item for item in day_one.agenda}
    for observation in day_one.observations:
        assert observation.agenda_item_id in items
        item = items[observation.agenda_item_id]
        assert item.actual_start <= observation.occurred_at < item.actual_end
        assert observation.note.strip()
    offsets = [observation.offset_seconds for observation in day_one.observations]
    assert offsets == sorted(offsets)


def test_sample_observations_use_codes_qualifiers_and_every_kind_of_subject(
    store: Database,
) -> None:
    """The sample shows qualifiers, states with durations and all three kinds of subject."""
    day_one = session_detail(store, sample_sessions(store)["Day one"])
    codes = [code for observation in day_one.observations for code in observation.codes]
    assert len({code.scheme_name for code in codes}) >= 3
    assert any(code.qualifier for code in codes if code.label == "Power differential named")
    kinds = {subject.kind for o in day_one.observations for subject in o.subjects}
    assert kinds == set(SubjectKind)
    for observation in day_one.observations:
        has_state = any(code.kind is CodeKind.STATE for code in observation.codes)
        assert has_state == (observation.duration_seconds is not None)


def test_sample_day_two_is_planned(store: Database) -> None:
    """Day two is planned for next week, with an agenda and nothing captured yet."""
    day_two = session_detail(store, sample_sessions(store)["Day two"])
    assert day_two.status is SessionStatus.PLANNED
    assert day_two.date > TODAY
    assert day_two.agenda
    assert all(item.actual_start is None for item in day_two.agenda)
    assert day_two.observations == ()


def test_sample_dates_are_laid_out_around_first_run(tmp_path: Path) -> None:
    """The sample's sessions sit either side of whatever day it was loaded on."""
    first_run = date(2027, 2, 28)
    db = open_store(tmp_path / "data", today=first_run)
    try:
        dates = {
            title: session_detail(db, session_id).date
            for title, session_id in sample_sessions(db).items()
        }
    finally:
        db.close()
    assert dates["Day one"] < first_run < dates["Day two"]


def test_file_remembers_what_it_was_given(store: Database) -> None:
    """The file records the schemes and the sample it received, so neither is given twice."""
    with store.reading() as session:
        meta = {row.key: row.value for row in session.scalars(select(AppMetaRow))}
    assert sorted(json.loads(meta[SCHEMES_KEY])) == sorted(CODE_COUNTS)
    assert meta[SAMPLE_KEY] == "1"


@pytest.mark.parametrize("revision", OLDER_REVISIONS)
def test_upgraded_file_gets_the_schemes_but_never_the_sample(tmp_path: Path, revision: str) -> None:
    """A file from an older version keeps only the user's programme; the schemes are added."""
    data_dir = tmp_path / "old"
    make_older_file(data_dir, revision)
    for _ in range(2):  # and the next open does not add the sample either
        db = open_store(data_dir, today=TODAY)
        try:
            (programme,) = list_programmes(db)
            assert (programme.title, programme.is_sample) == (USERS_PROGRAMME_TITLE, False)
            assert sample_programme_ids(db) == []
            slugs = {scheme.slug for scheme in list_schemes(db)}
            assert slugs == {*CODE_COUNTS, "my-scheme"}
            assert session_detail(db, 1).timezone == "Europe/London"
            with db.reading() as session:
                meta = {row.key: row.value for row in session.scalars(select(AppMetaRow))}
            assert meta[SAMPLE_KEY] == "1"
            assert sorted(json.loads(meta[SCHEMES_KEY])) == sorted(CODE_COUNTS)
        finally:
            db.close()


def late_failing_sample(path: Path) -> None:
    """Write the real sample with its very last capture coded with a code that does not exist.

    The programme, organisations and participants are already written when this fails.
    """
    data: dict[str, Any] = json.loads(
        sample_module.resource_path(*sample_module.SAMPLE_FILE).read_text(encoding="utf-8")
    )
    data["sessions"][-1].setdefault("observations", []).append(
        {"at": "00:01:00", "codes": ["no-such-scheme/no-such-code"], "subjects": ["group"]}
    )
    path.write_text(json.dumps(data), encoding="utf-8")


BROKEN_SAMPLES: dict[str, Callable[[Path], object]] = {
    "not-json": lambda path: path.write_text("{ the sample was cut short", encoding="utf-8"),
    "unknown-format": lambda path: path.write_text('{"format": "nope"}', encoding="utf-8"),
    "missing": lambda path: None,
    "fails-half-way": late_failing_sample,
}


@pytest.mark.parametrize("breakage", sorted(BROKEN_SAMPLES))
def test_broken_sample_file_still_opens_a_new_folder_with_the_schemes(
    breakage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broken sample is logged and left out; nothing of it stays; the schemes are there."""
    broken = tmp_path / "broken_sample.json"
    BROKEN_SAMPLES[breakage](broken)
    monkeypatch.setattr(sample_module, "resource_path", lambda *parts: broken)
    data_dir = tmp_path / "fresh"
    with caplog.at_level(logging.WARNING, logger="facilitator"):
        db = open_store(data_dir, today=TODAY)
    try:
        assert list_programmes(db) == []
        assert len(list_schemes(db)) == len(CODE_COUNTS)
        assert integrity_problems(db) == []
        with db.reading() as session:
            meta = {row.key: row.value for row in session.scalars(select(AppMetaRow))}
        assert meta[SAMPLE_KEY] == "1"
    finally:
        db.close()
    assert counts(data_dir)["participant"] == counts(data_dir)["observation"] == 0
    (record,) = [r for r in caplog.records if "sample programme was not loaded" in r.message]
    assert record.levelno == logging.WARNING


@pytest.fixture
def process_timezone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Let a test run the process under another local time zone, and put it back after."""
    original = os.environ.get("TZ")

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    if original is None:
        monkeypatch.delenv("TZ", raising=False)
    else:
        monkeypatch.setenv("TZ", original)
    time.tzset()


@pytest.mark.parametrize(
    "local_zone", ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham"]
)
@pytest.mark.parametrize("first_run", [TODAY, date(2027, 7, 14)], ids=["winter", "summer"])
def test_sample_moments_are_in_the_sessions_zone(
    local_zone: str,
    first_run: date,
    tmp_path: Path,
    process_timezone: Callable[[str], None],
) -> None:
    """Day one starts at 09:30 in London whatever zone the computer is set to, summer or not."""
    process_timezone(local_zone)
    now = datetime.now(UTC)
    assert now.astimezone().utcoffset() == now.astimezone(ZoneInfo(local_zone)).utcoffset()
    db = open_store(tmp_path / "data", today=first_run)
    try:
        day_one = session_detail(db, sample_sessions(db)["Day one"])
    finally:
        db.close()
    london = ZoneInfo("Europe/London")
    assert day_one.timezone == "Europe/London"
    assert day_one.start_time == clock(9, 30)
    first = day_one.agenda[0].actual_start
    assert first is not None and first.tzinfo is not None
    assert first.astimezone(london).time() == clock(9, 30)
    assert first.astimezone(london).date() == day_one.date
    assert day_one.observations[0].occurred_at.astimezone(london).date() == day_one.date
