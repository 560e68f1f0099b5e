"""The room view's picture: the right numbers, only the chosen panels, and no names unasked."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.enums import (
    CaptureKind,
    CodeKind,
    ConflictStatus,
    Sector,
    SessionKind,
    SessionStatus,
    SubjectKind,
    SubjectRole,
)
from facilitator.domain.room import (
    ApprovedItems,
    RoomChoices,
    RoomPanel,
    agenda_now,
    approved_texts,
    picture_for_session,
    room_picture,
    shares,
)
from facilitator.domain.snapshots import (
    AgendaItem,
    AppliedCode,
    Conflict,
    Observation,
    Organisation,
    ParkingItem,
    Participant,
    SessionDetail,
    Subject,
)

START = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
SECRET_NAME = "Zebediah Quornfeather"
OTHER_NAME = "Philippa Wrenbottle"
SECRET_NOTE = "confided-about-the-merger-xq7"
ALL_PANELS = frozenset(RoomPanel)

ORGANISATIONS = (
    Organisation(id=1, uuid="o1", name="Wealdmoor Hospitals Trust", sector=Sector.NHS_PROVIDER),
    Organisation(id=2, uuid="o2", name="Wealdmoor County Council", sector=Sector.LOCAL_AUTHORITY),
    Organisation(id=3, uuid="o3", name="Moorside Carers", sector=Sector.VOLUNTARY_COMMUNITY),
)
PARTICIPANTS = (
    Participant(1, "p1", SECRET_NAME, "Chief executive", 1, ORGANISATIONS[0].name, "P1", ""),
    Participant(2, "p2", OTHER_NAME, "Director", 2, ORGANISATIONS[1].name, "P2", ""),
)


def code(scheme: str, slug: str) -> AppliedCode:
    """Return an applied code of a scheme by slugs."""
    return AppliedCode(
        code_id=hash((scheme, slug)) % 1000,
        scheme_name=scheme,
        label=slug.capitalize(),
        colour="#000000",
        kind=CodeKind.POINT,
        qualifier=None,
        slug=slug,
        scheme_slug=scheme,
    )


def person(participant: Participant, role: SubjectRole = SubjectRole.ABOUT) -> Subject:
    return Subject(SubjectKind.PARTICIPANT, participant.id, participant.name, role)


def organisation(org: Organisation) -> Subject:
    return Subject(SubjectKind.ORGANISATION, org.id, org.name)


def observation(
    *codes: AppliedCode,
    minute: float = 0,
    subjects: tuple[Subject, ...] = (),
    note: str = SECRET_NOTE,
    kind: CaptureKind = CaptureKind.CODED,
) -> Observation:
    """Return a capture made `minute` minutes after START, with a secret note by default."""
    return Observation(
        id=int(minute * 100) + len(codes),
        uuid=f"obs-{minute}",
        session_id=1,
        occurred_at=START + timedelta(minutes=minute),
        offset_seconds=minute * 60,
        duration_seconds=None,
        agenda_item_id=None,
        agenda_item_title="",
        codes=codes,
        subjects=subjects,
        note=note,
        author="Facilitator 1",
        kind=kind,
    )


def item(title: str = "Agreeing our principles", *, minutes: int = 30, started: float = 0):
    """Return an agenda item that started `started` minutes after START."""
    return AgendaItem(
        id=1,
        uuid="a1",
        position=0,
        title=title,
        method="",
        planned_minutes=minutes,
        purpose="",
        facilitator_notes=SECRET_NOTE,
        materials="",
        actual_start=START + timedelta(minutes=started),
        actual_end=None,
    )


def session_captures() -> tuple[Observation, ...]:
    """Return a morning's captures naming both participants, each with the secret note."""
    zeb, pip = PARTICIPANTS
    return (
        observation(code("advocacy-inquiry", "advocacy"), minute=1, subjects=(person(zeb),)),
        observation(code("advocacy-inquiry", "advocacy"), minute=5, subjects=(person(zeb),)),
        observation(code("advocacy-inquiry", "inquiry"), minute=50, subjects=(person(pip),)),
        observation(
            code("kantor-four-player", "move"),
            minute=10,
            subjects=(person(zeb, SubjectRole.FROM), person(pip, SubjectRole.TO)),
        ),
        observation(code("kantor-four-player", "oppose"), minute=12, subjects=(person(pip),)),
        observation(code("kantor-four-player", "bystand"), minute=14),
        observation(minute=20, subjects=(person(zeb),), kind=CaptureKind.CONTRIBUTION),
        observation(minute=21, subjects=(organisation(ORGANISATIONS[2]),)),
        observation(minute=22, subjects=(person(pip),), kind=CaptureKind.NOTE),
    )


def picture(choices: RoomChoices, *, now_minute: float = 55):
    return room_picture(
        observations=session_captures(),
        organisations=ORGANISATIONS,
        participants=PARTICIPANTS,
        current_item=item(),
        now=START + timedelta(minutes=now_minute),
        choices=choices,
        principles=("Challenge in the room, not behind backs",),
        parked=("Budget pooling",),
        conflicts=("Who leads on discharge",),
    )


def test_balance_counts_advocacy_and_inquiry_over_the_whole_session() -> None:
    """Every advocacy and inquiry code counts, with shares of the total."""
    balance = picture(RoomChoices()).balance
    assert balance is not None
    assert [(b.label, b.count, b.percent) for b in balance.bars] == [
        ("Advocacy", 2, 67),
        ("Inquiry", 1, 33),
    ]
    assert balance.subtitle == "Whole session"


def test_balance_over_the_last_fifteen_minutes_leaves_out_earlier_captures() -> None:
    """With a window, only captures within it count."""
    balance = picture(RoomChoices(balance_minutes=15)).balance
    assert balance is not None
    assert [b.count for b in balance.bars] == [0, 1]
    assert balance.subtitle == "Last 15 minutes"


def test_four_player_mix_counts_each_move_with_shares() -> None:
    """Move, follow, oppose and bystand are counted in that order."""
    players = picture(RoomChoices()).players
    assert players is not None
    assert [(b.label, b.count) for b in players.bars] == [
        ("Move", 1),
        ("Follow", 0),
        ("Oppose", 1),
        ("Bystand", 1),
    ]
    assert sum(b.percent for b in players.bars) == 100


def test_sectors_count_organisations_and_participants_employers() -> None:
    """A participant counts for their organisation's sector; the one acted on does not."""
    choices = RoomChoices(panels=frozenset({RoomPanel.SECTORS}))
    sectors = picture(choices).sectors
    assert sectors is not None
    counts = {b.label: b.count for b in sectors.bars}
    assert counts == {"NHS provider": 4, "Local authority": 2, "Voluntary and community": 1}
    assert "Wealdmoor" not in repr(sectors)


def test_sectors_show_organisation_names_only_when_turned_on() -> None:
    """With names on, the bars are organisations."""
    choices = RoomChoices(
        panels=frozenset({RoomPanel.SECTORS}), names=frozenset({RoomPanel.SECTORS})
    )
    sectors = picture(choices).sectors
    assert sectors is not None
    assert sectors.bars[0].label == "Wealdmoor Hospitals Trust"
    assert SECRET_NAME not in repr(sectors)


def test_no_name_or_note_appears_anywhere_by_default() -> None:
    """Every panel on, names off: no participant name or note text in the picture."""
    shown = repr(picture(RoomChoices(panels=ALL_PANELS)))
    for secret in (SECRET_NAME, OTHER_NAME, "Zebediah", "Wrenbottle", SECRET_NOTE):
        assert secret not in shown


def test_names_appear_only_in_the_panel_they_are_turned_on_for() -> None:
    """Names on for the balance panel give it a breakdown by person; other panels stay clean."""
    choices = RoomChoices(panels=ALL_PANELS, names=frozenset({RoomPanel.BALANCE}))
    result = picture(choices)
    assert result.balance is not None
    assert [row.name for row in result.balance.breakdown] == [SECRET_NAME, OTHER_NAME]
    assert SECRET_NAME not in repr(result.players)
    assert not result.players or not result.players.breakdown
    assert SECRET_NOTE not in repr(result)


def test_names_for_a_hidden_panel_do_nothing() -> None:
    """A names flag on a panel that is not shown leaks nothing."""
    choices = RoomChoices(panels=frozenset({RoomPanel.AGENDA}), names=frozenset(RoomPanel))
    result = picture(choices)
    assert result.balance is None and result.players is None and result.sectors is None
    assert SECRET_NAME not in repr(result)


def test_panels_not_chosen_are_not_computed() -> None:
    """Only chosen panels are present, in the room's order."""
    choices = RoomChoices(panels=frozenset({RoomPanel.PRINCIPLES, RoomPanel.AGENDA}))
    result = picture(choices)
    assert result.shown == (RoomPanel.AGENDA, RoomPanel.PRINCIPLES)
    assert result.balance is None and result.parked is None
    assert result.principles == ("Challenge in the room, not behind backs",)


def test_agenda_shows_time_left_and_time_over() -> None:
    """The current item reads "N min left", then "Over by N min"."""
    now = START + timedelta(minutes=12, seconds=20)
    assert agenda_now(item(), now=now).time_text == "18 min left"
    late = agenda_now(item(), now=START + timedelta(minutes=35, seconds=10))
    assert (late.time_text, late.over) == ("Over by 5 min", True)
    assert agenda_now(None, now=now).time_text == ""
    extra = replace(item(), extra_minutes=10)
    assert agenda_now(extra, now=now).time_text == "28 min left"
    paused = agenda_now(item(), now=now, elapsed_seconds=60)
    assert paused.time_text == "29 min left"


def test_parked_and_conflicts_show_only_what_was_approved() -> None:
    """Approval by id picks the texts, in their own order."""
    parked = [
        ParkingItem(1, "k1", 1, "Budget pooling", False, START),
        ParkingItem(2, "k2", 1, "Estates strategy", False, START),
    ]
    conflicts = [
        Conflict(7, "c7", 1, 1, "Day 1", "Who leads on discharge", ConflictStatus.OPEN, START, ()),
    ]
    texts = approved_texts(parked, conflicts, ApprovedItems(parked=frozenset({2})))
    assert texts == (("Estates strategy",), ())


def test_nothing_captured_gives_zero_shares() -> None:
    """An empty session has bars of nought, not a division by zero."""
    result = room_picture(
        observations=(),
        organisations=(),
        participants=(),
        current_item=None,
        now=START,
        choices=RoomChoices(panels=ALL_PANELS),
    )
    assert result.balance is not None and result.balance.total == 0
    assert [b.percent for b in result.balance.bars] == [0, 0]
    assert result.sectors is not None and result.sectors.bars == ()


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_shares_add_up_to_one_hundred(counts: list[int]) -> None:
    """Rounded shares always total 100 when anything was counted, and stay near the truth."""
    result = shares(counts)
    total = sum(counts)
    if total == 0:
        assert set(result) == {0}
        return
    assert sum(result) == 100
    for count, percent in zip(counts, result, strict=True):
        assert abs(percent - count * 100 / total) < 1


def test_picture_for_session_uses_the_live_detail_and_approvals() -> None:
    """A live session's detail gives the current item, the sectors and the approved texts."""
    detail = SessionDetail(
        id=1,
        uuid="s1",
        programme_id=1,
        programme_title="Wealdmoor cohort 2",
        module_id=None,
        module_title="",
        title="Day 1",
        date=None,
        start_time=None,
        end_time=None,
        timezone="Europe/London",
        venue="",
        kind=SessionKind.DESIGNED_WORKSHOP,
        status=SessionStatus.LIVE,
        attendees=PARTICIPANTS,
        agenda=(item(),),
        observations=session_captures(),
        cohort=PARTICIPANTS,
        organisations=ORGANISATIONS,
    )
    parked = [ParkingItem(4, "k4", 1, "Budget pooling", False, START)]
    result = picture_for_session(
        detail,
        now=START + timedelta(minutes=10),
        choices=RoomChoices(panels=ALL_PANELS),
        parked=parked,
        approved=ApprovedItems(parked=frozenset({4})),
    )
    assert result.agenda is not None and result.agenda.time_text == "20 min left"
    assert result.parked is not None and result.parked.parked == ("Budget pooling",)
    assert result.sectors is not None and result.sectors.total == 7
    assert SECRET_NAME not in repr(result) and SECRET_NOTE not in repr(result)
