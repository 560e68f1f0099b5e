"""The session report's optional section on pattern cues: what fired, and what followed."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.cli import main
from facilitator.domain.cues import Cue
from facilitator.domain.enums import NamesMode
from facilitator.domain.report import FOLLOW_CAPTURES, ReportCapture
from facilitator.domain.snapshots import RecordedCue
from facilitator.services import programmes, room
from facilitator.services.report_cues import followed
from facilitator.services.session_report import session_report, write_session_report_file
from facilitator.storage.database import Database


@pytest.fixture
def day_one(store: Database) -> int:
    """Return the id of the sample's finished "Day one"."""
    return programmes.list_programmes(store)[0].modules[2].sessions[0].id


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def capture_at(offset: float, number: int) -> ReportCapture:
    return ReportCapture(
        number=number,
        clock="10:00",
        offset_seconds=offset,
        duration_seconds=None,
        agenda_item="",
        kind_label="Coded",
        codes=(),
        who="",
        note="",
        author="",
    )


def recorded_at(offset: float) -> RecordedCue:
    from datetime import UTC, datetime

    return RecordedCue(
        id=1,
        session_id=1,
        rule_id="x",
        title="x",
        wording="x",
        move="x",
        offset_seconds=offset,
        fired_at=datetime(2026, 11, 16, 10, tzinfo=UTC),
        evidence=(),
    )


def test_what_followed_is_the_next_ten_minutes_after_the_cue() -> None:
    """A capture at the cue's own second came before it; the window's last second counts."""
    captures = [capture_at(offset, n) for n, offset in enumerate((100, 101, 700, 701), 1)]
    assert [c.number for c in followed(recorded_at(100), captures)] == [2, 3]
    many = [capture_at(100 + n, n) for n in range(1, 20)]
    assert len(followed(recorded_at(100), many)) == FOLLOW_CAPTURES


@pytest.fixture
def fired(store: Database, day_one: int) -> int:
    """Record a cue in the sample's Day one at its 20th capture, naming a participant."""
    detail = programmes.session_detail(store, day_one)
    twentieth = next(o for o in detail.observations if o.number == 20)
    person = detail.cohort[0]
    cue = Cue(
        rule_id="point-counterpoint",
        title="Point and counterpoint",
        text=f"The last 4 four-player captures were all oppose, led by {person.name}.",
        move="Invite a bystander's view.",
        since=twentieth.offset_seconds - 60,
        evidence=(17, 18, 19, 20),
        capture_ids=(),
    )
    room.record_cue(
        store, day_one, cue, offset=twentieth.offset_seconds, moment=twentieth.occurred_at
    )
    return day_one


def test_the_section_lists_the_cue_and_the_captures_after_it(
    store: Database, fired: int, tmp_path: Path
) -> None:
    report, _check = session_report(store, fired, names=NamesMode.PSEUDONYM, cues=True)
    (cue,) = [cue for cue in report.cues if cue.title == "Point and counterpoint"]
    assert cue.evidence == (17, 18, 19, 20)
    assert [c.number for c in cue.followed][:1] == [21]
    assert all(c.number > 20 for c in cue.followed)
    detail = programmes.session_detail(store, fired)
    assert detail.cohort[0].name not in cue.wording, "the cue's words are pseudonymised too"
    path = tmp_path / "with-cues.pdf"
    write_session_report_file(store, fired, path, names=NamesMode.PSEUDONYM, cues=True)
    text = pdf_text(path)
    assert "Pattern cues" in text
    assert "Suggested move: Invite a bystander's view." in text
    assert "#21" in text
    outline = [item.title for item in PdfReader(path).outline if not isinstance(item, list)]
    assert "Pattern cues" in outline


def test_the_section_is_left_out_unless_asked_for(
    store: Database, fired: int, tmp_path: Path
) -> None:
    path = tmp_path / "without.pdf"
    write_session_report_file(store, fired, path, names=NamesMode.PSEUDONYM)
    assert "Pattern cues" not in pdf_text(path)


def test_asked_for_with_no_cues_it_says_none_were_recorded(store: Database, tmp_path: Path) -> None:
    day_two = programmes.list_programmes(store)[0].modules[2].sessions[1].id
    path = tmp_path / "none.pdf"
    write_session_report_file(store, day_two, path, names=NamesMode.REAL, cues=True)
    text = pdf_text(path)
    assert "not that anything was wrong. None recorded." in text


def test_the_command_line_includes_cues_on_request(
    store: Database, fired: int, data_dir: Path, tmp_path: Path
) -> None:
    store.close()
    out = tmp_path / "cli.pdf"
    assert (
        main(["--data-dir", str(data_dir), "report", str(fired), "--out", str(out), "--cues"]) == 0
    )
    assert "Pattern cues" in pdf_text(out)


def test_the_sample_day_carries_the_cues_its_captures_would_have_raised(
    store: Database, day_one: int
) -> None:
    """The shipped rules replayed over the sample's Day one: two stretches of a stuck
    pattern, so a first run can show the report's section on cues."""
    cues = room.recorded_cues(store, day_one)
    assert [cue.rule_id for cue in cues] == ["stuck-pattern", "stuck-pattern"]
    report, _check = session_report(store, day_one, names=NamesMode.PSEUDONYM, cues=True)
    assert all(cue.followed for cue in report.cues)
