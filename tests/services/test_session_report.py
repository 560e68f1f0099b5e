"""The session report's data: built from the database, counted right, named as chosen."""

from collections import Counter

import pytest

from facilitator.domain.enums import NamesMode
from facilitator.domain.narrative import plain_text
from facilitator.services.programmes import programme_detail, session_detail
from facilitator.services.session_report import session_report
from facilitator.storage.database import Database


@pytest.fixture
def day_one(store: Database, day_one_id: int):
    return session_detail(store, day_one_id)


def every_text(report) -> str:
    """Return every string the report will print, joined."""
    parts = [
        report.programme,
        report.client_system,
        report.module,
        report.session,
        report.venue,
        report.confidentiality,
    ]
    for capture in report.captures:
        parts += [capture.note, capture.who, capture.agenda_item]
    parts += [plain_text(part.blocks) for part in report.narrative]
    parts += [p.label for p in report.participation]
    for conflict in report.conflicts:
        parts += [conflict.title] + [step.note for step in conflict.steps]
    parts += [a.text for a in report.actions] + [a.owner for a in report.actions]
    parts += [p.text for p in report.parked]
    return "\n".join(parts)


def test_counts_match_the_database(store: Database, day_one_id: int, day_one) -> None:
    """Every capture is in the log once, in time order, and code counts are exact."""
    report, _ = session_report(store, day_one_id, names=NamesMode.REAL)
    assert [c.number for c in report.captures] == [o.number for o in day_one.observations]
    expected = Counter(
        (code.scheme_name, code.label) for o in day_one.observations for code in o.codes
    )
    assert {(t.scheme, t.label): t.count for t in report.code_tallies} == dict(expected)
    assert len(report.quotes) == sum(o.quote for o in day_one.observations) == 4
    assert len(report.key_moments) == 6
    assert len(report.conflicts) == 3
    assert [a.is_agreement for a in report.actions].count(True) == 3
    assert len(report.parked) == 3
    assert len(report.power_differentials) == 6
    assert report.attendee_count == 15


def test_agenda_planned_against_actual(store: Database, day_one_id: int) -> None:
    """Planned starts follow the plan from 09:30; actual starts and minutes are as run."""
    report, _ = session_report(store, day_one_id, names=NamesMode.REAL)
    first, second, coffee = report.agenda[:3]
    assert (first.planned_start, first.actual_start, first.planned_minutes) == (
        "09:30",
        "09:30",
        30,
    )
    assert (first.actual_minutes, first.difference_minutes) == (38, 8)
    assert (second.planned_start, second.actual_start, second.difference_minutes) == (
        "10:00",
        "10:08",
        -8,
    )
    assert coffee.is_break and coffee.actual_minutes == 20
    assert report.start_clock_minutes == 9 * 60 + 30


def test_citations_resolve_to_time_and_item(store: Database, day_one_id: int) -> None:
    """A narrative's [#29] is capture 29: its room time and its agenda item."""
    report, _ = session_report(store, day_one_id, names=NamesMode.REAL)
    cited = report.cited(29)
    assert cited is not None
    assert cited.citation == "12:03, Mapping power in our system"
    assert report.cited(9999) is None


@pytest.mark.parametrize("names", [NamesMode.PSEUDONYM, NamesMode.ORGANISATION])
def test_no_participant_name_survives(store: Database, day_one_id: int, names: NamesMode) -> None:
    """With pseudonyms or organisations, no participant's name or name part appears anywhere."""
    report, check = session_report(store, day_one_id, names=names)
    text = every_text(report).casefold()
    detail = session_detail(store, day_one_id)
    for person in detail.cohort:
        assert person.name.casefold() not in text
        for part in person.name.split():
            assert f" {part.casefold()} " not in f" {text} ".replace("\n", " ")
    assert check.replacements, "the sample's notes and narrative name people"


def test_real_names_are_kept_and_nothing_is_replaced(store: Database, day_one_id: int) -> None:
    """Real names: people are named and the check lists nothing."""
    report, check = session_report(store, day_one_id, names=NamesMode.REAL)
    assert "Imran Siddiqui" in every_text(report)
    assert check.replacements == () and check.leftovers == ()
    assert "names participants" in report.confidentiality


def test_pseudonyms_label_people_in_participation(store: Database, day_one_id: int) -> None:
    """Participation uses pseudonyms, or organisations, as chosen; silent attendees show 0."""
    report, _ = session_report(store, day_one_id, names=NamesMode.PSEUDONYM)
    labels = {p.label for p in report.participation}
    assert "Participant A" in labels and report.participation_heading == "By participant"
    by_org, _ = session_report(store, day_one_id, names=NamesMode.ORGANISATION)
    programme = programme_detail(store, session_detail(store, day_one_id).programme_id)
    assert {p.label for p in by_org.participation} <= {o.name for o in programme.organisations}
    assert by_org.participation_heading == "By organisation"


def test_an_empty_session_gives_an_empty_report(store: Database, day_two_id: int) -> None:
    """A planned session with nothing captured still makes a report with its agenda."""
    report, check = session_report(store, day_two_id, names=NamesMode.PSEUDONYM)
    assert report.captures == () and report.narrative == () and report.conflicts == ()
    assert report.participation == ()
    assert report.agenda and all(line.actual_minutes is None for line in report.agenda)
    assert check.leftovers == ()


def test_a_capture_stripped_of_its_codes_reads_as_a_note(store: Database, day_one_id: int) -> None:
    """Taking every code off a capture in review makes it a note in the report's log."""
    from facilitator.services.capture_commands import CaptureFields, EditCapture

    detail = session_detail(store, day_one_id)
    coded = next(o for o in detail.observations if o.codes)
    before = CaptureFields.of(coded)
    EditCapture(day_one_id, coded.uuid, before, CaptureFields(note=before.note)).redo(store)
    report, _ = session_report(store, day_one_id, names=NamesMode.REAL)
    (line,) = [c for c in report.captures if c.number == coded.number]
    assert (line.kind_label, line.codes) == ("Note", ())
