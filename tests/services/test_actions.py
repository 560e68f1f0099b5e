"""Actions and agreements, the parking lot, and the contribution tally."""

from datetime import date, timedelta

import pytest

from facilitator.domain.enums import CaptureKind, SubjectKind
from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.services.actions import (
    QuickEntry,
    add_action,
    contribution_counts,
    delete_action,
    delete_parking_item,
    park,
    parking_lot,
    read_quick_entry,
    reword_parking_item,
    session_actions,
    set_action_done,
    set_addressed,
    take_back_contribution,
    update_action,
)
from facilitator.services.capture import SubjectRef
from facilitator.services.live_run import LiveRun
from facilitator.storage.database import Database

from .test_conflicts import DAY_TWO_START, day_two_run

MOMENT = DAY_TWO_START + timedelta(minutes=40)


# Actions and agreements -------------------------------------------------------------------


def test_add_edit_tick_and_delete_actions(store: Database, day_two_id: int) -> None:
    """Actions keep their order, owner, due date and kind; ticking and deleting stick."""
    first = add_action(
        store,
        day_two_id,
        " Draft the budget-sharing principle ",
        owner=" Priya Raghunathan ",
        due=date(2026, 12, 14),
        moment=MOMENT,
    )
    second = add_action(
        store,
        day_two_id,
        "Challenge in the room, not afterwards",
        is_agreement=True,
        moment=MOMENT + timedelta(minutes=1),
    )
    listed = session_actions(store, day_two_id)
    assert [(a.id, a.text, a.owner, a.due, a.is_agreement, a.done) for a in listed] == [
        (
            first,
            "Draft the budget-sharing principle",
            "Priya Raghunathan",
            date(2026, 12, 14),
            False,
            False,
        ),
        (second, "Challenge in the room, not afterwards", "", None, True, False),
    ]
    assert listed[0].created_at == MOMENT

    assert set_action_done(store, first, True).any
    assert not set_action_done(store, first, True).any
    update_action(
        store,
        first,
        text="Draft the principle",
        owner="Julian Brackley",
        due=None,
        is_agreement=False,
    )
    (edited, _agreement) = session_actions(store, day_two_id)
    assert (edited.text, edited.owner, edited.due, edited.done) == (
        "Draft the principle",
        "Julian Brackley",
        None,
        True,
    )

    delete_action(store, second)
    assert [a.id for a in session_actions(store, day_two_id)] == [first]
    with pytest.raises(NotFoundError, match="That action no longer exists"):
        delete_action(store, second)


def test_bad_actions_are_refused(store: Database, day_two_id: int) -> None:
    """An empty action, a control character in the owner, or a missing session is refused."""
    with pytest.raises(InvalidInputError, match="The action cannot be empty") as empty:
        add_action(store, day_two_id, "  ", moment=MOMENT)
    assert empty.value.field == "text"
    with pytest.raises(InvalidInputError, match="The owner contains a control character"):
        add_action(store, day_two_id, "Call", owner="Priya\x07", moment=MOMENT)
    with pytest.raises(NotFoundError, match="That session no longer exists"):
        add_action(store, 99_999, "Call", moment=MOMENT)
    with pytest.raises(NotFoundError, match="That session no longer exists"):
        session_actions(store, 99_999)
    assert session_actions(store, day_two_id) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Send the draft", QuickEntry("Send the draft")),
        ("Priya: send the draft", QuickEntry("send the draft", "Priya")),
        ("Action: Priya: send the draft", QuickEntry("send the draft", "Priya", False)),
        ("agreement: no side conversations", QuickEntry("no side conversations", "", True)),
        ("Agreed: All: no side conversations", QuickEntry("no side conversations", "All", True)),
        ("Meet at 10:30 on Friday", QuickEntry("Meet at 10:30 on Friday")),
        (
            "Everyone in the room agrees this one thing: listen",
            QuickEntry("Everyone in the room agrees this one thing: listen"),
        ),
        ("Priya:", QuickEntry("Priya:")),
    ],
)
def test_read_a_quick_entry_line(line: str, expected: QuickEntry) -> None:
    """A line typed in the room splits into kind, owner and text only where it clearly says."""
    assert read_quick_entry(line) == expected


# The parking lot --------------------------------------------------------------------------


def test_park_reword_address_and_remove_items(store: Database, day_two_id: int) -> None:
    """Parked items keep their order; ticking addressed and rewording stick."""
    first = park(store, day_two_id, " Estates strategy ", moment=MOMENT)
    second = park(store, day_two_id, "Winter plan", moment=MOMENT + timedelta(minutes=3))
    assert [(p.id, p.text, p.addressed) for p in parking_lot(store, day_two_id)] == [
        (first, "Estates strategy", False),
        (second, "Winter plan", False),
    ]
    assert set_addressed(store, first, True).any
    assert not set_addressed(store, first, True).any
    reword_parking_item(store, second, "Winter plan and discharge")
    assert [(p.text, p.addressed) for p in parking_lot(store, day_two_id)] == [
        ("Estates strategy", True),
        ("Winter plan and discharge", False),
    ]
    delete_parking_item(store, first)
    assert [p.id for p in parking_lot(store, day_two_id)] == [second]
    with pytest.raises(NotFoundError, match="That parked item no longer exists"):
        set_addressed(store, first, False)
    with pytest.raises(InvalidInputError, match="The parked item cannot be empty"):
        park(store, day_two_id, "", moment=MOMENT)


# The contribution tally -------------------------------------------------------------------


def mark(run: LiveRun, kind: SubjectKind, ref_id: int) -> str:
    """Make one tally mark through the live run; return its capture's UUID."""
    receipt = run.submit(
        run.request(kind=CaptureKind.CONTRIBUTION, subjects=[SubjectRef(kind, ref_id)])
    )
    assert receipt is not None
    return receipt.uuid


def test_tally_counts_by_person_and_by_organisation(store: Database, day_two_id: int) -> None:
    """People count their own marks; organisations count their people's marks and their own."""
    run, clock = day_two_run(store, day_two_id)
    people = {p.name: p for p in run.detail.attendees}
    helen, julian = people["Helen Marchbank"], people["Julian Brackley"]
    council = next(o for o in run.detail.organisations if o.name == "Wealdmoor County Council")
    for who in (helen, helen, julian):
        clock.advance(20)
        mark(run, SubjectKind.PARTICIPANT, who.id)
    mark(run, SubjectKind.ORGANISATION, council.id)
    # A coded capture about Helen is not a tally mark.
    run.submit(
        run.request(kind=CaptureKind.NOTE, subjects=[SubjectRef(SubjectKind.PARTICIPANT, helen.id)])
    )

    by_person = contribution_counts(store, day_two_id)
    assert [(s.name, n) for s, n in by_person[:3]] == [
        ("Helen Marchbank", 2),
        ("Julian Brackley", 1),
        (sorted(people, key=str.casefold)[0], 0),  # then everyone else, A to Z, at 0
    ]
    assert len(by_person) == len(run.detail.attendees)
    assert {s.kind for s, _n in by_person} == {SubjectKind.PARTICIPANT}
    assert by_person[0][0].ref_id == helen.id

    by_organisation = dict(
        (s.name, n) for s, n in contribution_counts(store, day_two_id, by=SubjectKind.ORGANISATION)
    )
    assert by_organisation["Wealdmoor County Council"] == 2  # Julian's mark and its own
    assert by_organisation[helen.organisation_name] == 2
    assert sum(by_organisation.values()) == 4
    attending_organisations = {p.organisation_name for p in run.detail.attendees}
    assert set(by_organisation) == attending_organisations - {""}


def test_take_back_a_tally_mark(store: Database, day_two_id: int) -> None:
    """A mis-click can be taken back once; other kinds of capture cannot be deleted this way."""
    run, _clock = day_two_run(store, day_two_id)
    helen = run.detail.attendees[0]
    mark_uuid = mark(run, SubjectKind.PARTICIPANT, helen.id)
    take_back_contribution(store, mark_uuid)
    assert dict((s.ref_id, n) for s, n in contribution_counts(store, day_two_id))[helen.id] == 0
    note = run.submit(run.request(kind=CaptureKind.NOTE, note="Keep me"))
    assert note is not None
    with pytest.raises(InvalidInputError, match="Only a tally mark"):
        take_back_contribution(store, note.uuid)
    with pytest.raises(NotFoundError, match="That tally mark no longer exists"):
        take_back_contribution(store, mark_uuid)  # twice: never the note that took its id


def test_tally_of_the_whole_group_is_refused(store: Database, day_two_id: int) -> None:
    """Counting "the group" says nothing about participation, so it is refused plainly."""
    with pytest.raises(InvalidInputError, match="people or organisations"):
        contribution_counts(store, day_two_id, by=SubjectKind.GROUP)
