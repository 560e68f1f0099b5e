"""What the room sees on the projector: a picture of the group's dialogue, built to be shown.

A `RoomPicture` is made only from what the facilitator chose to show. It is private by
construction: no note text ever enters it, and nothing about one person (a name, a count for
one participant) is computed unless names are turned on for that panel. Panels the facilitator
has not turned on are not computed at all.
"""

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from facilitator.domain.enums import CaptureKind, Sector, SubjectKind, SubjectRole
from facilitator.domain.snapshots import (
    AgendaItem,
    Conflict,
    Observation,
    Organisation,
    ParkingItem,
    Participant,
    SessionDetail,
    Subject,
)

BALANCE_SCHEME = "advocacy-inquiry"
BALANCE_CODES = (("advocacy", "Advocacy"), ("inquiry", "Inquiry"))
PLAYERS_SCHEME = "kantor-four-player"
PLAYER_CODES = (
    ("move", "Move"),
    ("follow", "Follow"),
    ("oppose", "Oppose"),
    ("bystand", "Bystand"),
)
BALANCE_WINDOWS = (None, 15)  # whole session, or the last 15 minutes
MOST_BARS = 8  # more organisations than this share one "Other organisations" bar

# Captures that are someone taking part; free notes and marked moments are the facilitator's.
_CONTRIBUTING = (CaptureKind.CODED, CaptureKind.CONTRIBUTION)


class RoomPanel(StrEnum):
    """One panel of the room view, in the order the room sees them."""

    AGENDA = "agenda"
    BALANCE = "balance"
    PLAYERS = "players"
    SECTORS = "sectors"
    PRINCIPLES = "principles"
    PARKED = "parked"

    @property
    def label(self) -> str:
        """The panel's name in the facilitator's controls."""
        return _PANEL_LABELS[self]

    @property
    def heading(self) -> str:
        """The panel's heading in the room: as few words as will do."""
        return _PANEL_HEADINGS.get(self, _PANEL_LABELS[self])


_PANEL_LABELS = {
    RoomPanel.AGENDA: "Agenda item and time left",
    RoomPanel.BALANCE: "Advocacy and inquiry",
    RoomPanel.PLAYERS: "Four-player mix",
    RoomPanel.SECTORS: "Contributions by sector",
    RoomPanel.PRINCIPLES: "Principles for working together",
    RoomPanel.PARKED: "Parked items and conflicts",
}
_PANEL_HEADINGS = {
    RoomPanel.SECTORS: "Who is taking part",
    RoomPanel.PRINCIPLES: "How we work together",
    RoomPanel.PARKED: "Parked for later",
}

# Panels where turning names on means something: a breakdown by person or by organisation.
NAMEABLE_PANELS = (RoomPanel.BALANCE, RoomPanel.PLAYERS, RoomPanel.SECTORS)


@dataclass(frozen=True, slots=True)
class RoomChoices:
    """What the facilitator has chosen to show. Names are off for every panel by default."""

    panels: frozenset[RoomPanel] = frozenset(
        {RoomPanel.AGENDA, RoomPanel.BALANCE, RoomPanel.PLAYERS, RoomPanel.PRINCIPLES}
    )
    names: frozenset[RoomPanel] = frozenset()
    balance_minutes: int | None = None  # None for the whole session

    def shows(self, panel: RoomPanel) -> bool:
        return panel in self.panels

    def names_shown(self, panel: RoomPanel) -> bool:
        """Return True only when names are on for a panel that is also shown."""
        return panel in self.names and panel in self.panels and panel in NAMEABLE_PANELS


@dataclass(frozen=True, slots=True)
class ApprovedItems:
    """The parked items and conflicts the facilitator has approved for the room, by id."""

    parked: frozenset[int] = frozenset()
    conflicts: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Bar:
    """One labelled bar: a count and its share of the panel's total, in whole per cent."""

    label: str
    count: int
    percent: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One named row of a panel's breakdown (only made when names are on for the panel)."""

    name: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class BarPanel:
    """A panel of bars: the group's counts, and a breakdown by name when names are on."""

    panel: RoomPanel
    title: str
    subtitle: str
    total: int
    bars: tuple[Bar, ...]
    breakdown: tuple[Breakdown, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaNow:
    """The agenda item running now and how its time stands."""

    title: str
    time_text: str  # "12 min left", "Over by 5 min", or "" when no item is running
    over: bool = False


@dataclass(frozen=True, slots=True)
class ParkedPanel:
    """What the facilitator approved to show: parked items and conflict titles."""

    parked: tuple[str, ...]
    conflicts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoomPicture:
    """Everything the room view shows; a panel not chosen is None."""

    agenda: AgendaNow | None = None
    balance: BarPanel | None = None
    players: BarPanel | None = None
    sectors: BarPanel | None = None
    principles: tuple[str, ...] | None = None
    parked: ParkedPanel | None = None
    shown: tuple[RoomPanel, ...] = ()


def shares(counts: Sequence[int]) -> tuple[int, ...]:
    """Return whole percentages of counts that add up to exactly 100 (largest remainder).

    All zero gives all zero: there is nothing to share.
    """
    total = sum(counts)
    if total <= 0:
        return tuple(0 for _ in counts)
    exact = [count * 100 / total for count in counts]
    floors = [math.floor(value) for value in exact]
    short = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:short]:
        floors[index] += 1
    return tuple(floors)


def _bars(labels: Sequence[str], counts: Sequence[int]) -> tuple[Bar, ...]:
    return tuple(
        Bar(label=label, count=count, percent=percent)
        for label, count, percent in zip(labels, counts, shares(counts), strict=True)
    )


def time_text(remaining_seconds: float) -> tuple[str, bool]:
    """Return how an item's time stands in few words, and whether it has over-run."""
    if remaining_seconds >= 0:
        minutes = math.ceil(remaining_seconds / 60)
        return ("Time is up" if minutes == 0 else f"{minutes} min left"), False
    minutes = math.floor(-remaining_seconds / 60)
    return ("Time is up" if minutes == 0 else f"Over by {minutes} min"), True


def agenda_now(
    item: AgendaItem | None, *, now: datetime, elapsed_seconds: float | None = None
) -> AgendaNow:
    """Return the current item's title and time left; `elapsed_seconds` overrides the wall
    clock when the caller knows better (a paused session)."""
    if item is None or item.actual_start is None:
        return AgendaNow(title="Between items", time_text="")
    if elapsed_seconds is None:
        elapsed_seconds = max(0.0, (now - item.actual_start).total_seconds())
    words, over = time_text(item.allowed_minutes * 60 - elapsed_seconds)
    return AgendaNow(title=item.title, time_text=words, over=over)


def _code_counts(
    observations: Iterable[Observation], scheme: str, slugs: Sequence[str], *, named: bool
) -> tuple[list[int], dict[tuple[int | None, str], list[int]]]:
    """Count each code of a scheme over the group, and per acting participant only if named."""
    group = [0] * len(slugs)
    people: dict[tuple[int | None, str], list[int]] = {}
    for observation in observations:
        for code in observation.codes:
            if code.scheme_slug != scheme or code.slug not in slugs:
                continue
            index = slugs.index(code.slug)
            group[index] += 1
            if not named:
                continue
            for subject in _actors(observation):
                if subject.kind is SubjectKind.PARTICIPANT:
                    key = (subject.ref_id, subject.name)
                    people.setdefault(key, [0] * len(slugs))[index] += 1
    return group, people


def _actors(observation: Observation) -> Iterator[Subject]:
    """Return the subjects who did what was captured (not the ones it was done to)."""
    return (subject for subject in observation.subjects if subject.role is not SubjectRole.TO)


def _code_panel(
    observations: Sequence[Observation],
    *,
    panel: RoomPanel,
    scheme: str,
    codes: Sequence[tuple[str, str]],
    subtitle: str,
    named: bool,
) -> BarPanel:
    slugs = [slug for slug, _ in codes]
    labels = [label for _, label in codes]
    group, people = _code_counts(observations, scheme, slugs, named=named)
    breakdown: tuple[Breakdown, ...] = ()
    if named:
        rows = sorted(people.items(), key=lambda pair: (-sum(pair[1]), pair[0][1]))
        breakdown = tuple(
            Breakdown(name=key[1], bars=_bars(labels, counts)) for key, counts in rows
        )
    return BarPanel(
        panel=panel,
        title=panel.heading,
        subtitle=subtitle,
        total=sum(group),
        bars=_bars(labels, group),
        breakdown=breakdown,
    )


def _sector_panel(
    observations: Sequence[Observation],
    *,
    organisations: Sequence[Organisation],
    participants: Sequence[Participant],
    named: bool,
) -> BarPanel:
    by_id = {organisation.id: organisation for organisation in organisations}
    employer = {person.id: person.organisation_id for person in participants}
    counted: Counter[int] = Counter()
    for observation in observations:
        if observation.kind not in _CONTRIBUTING:
            continue
        found: set[int] = set()
        for subject in _actors(observation):
            if subject.kind is SubjectKind.ORGANISATION and subject.ref_id in by_id:
                found.add(subject.ref_id)
            elif subject.kind is SubjectKind.PARTICIPANT and subject.ref_id is not None:
                organisation_id = employer.get(subject.ref_id)
                if organisation_id in by_id:
                    found.add(organisation_id)  # type: ignore[arg-type]
        counted.update(found)
    if named:
        ranked = sorted(counted.items(), key=lambda pair: (-pair[1], by_id[pair[0]].name))
        top, rest = ranked[:MOST_BARS], ranked[MOST_BARS:]
        labels = [by_id[organisation_id].name for organisation_id, _ in top]
        counts = [count for _, count in top]
        if rest:
            labels.append("Other organisations")
            counts.append(sum(count for _, count in rest))
        subtitle = "By organisation"
    else:
        sectors: Counter[Sector] = Counter()
        for organisation_id, count in counted.items():
            sectors[by_id[organisation_id].sector] += count
        present = [sector for sector in Sector if sectors[sector]]
        labels = [sector.label for sector in present]
        counts = [sectors[sector] for sector in present]
        subtitle = "By sector"
    return BarPanel(
        panel=RoomPanel.SECTORS,
        title=RoomPanel.SECTORS.heading,
        subtitle=subtitle,
        total=sum(counts),
        bars=_bars(labels, counts),
    )


def window_label(minutes: int | None) -> str:
    return "Whole session" if minutes is None else f"Last {minutes} minutes"


def room_picture(
    *,
    observations: Sequence[Observation],
    organisations: Sequence[Organisation],
    participants: Sequence[Participant],
    current_item: AgendaItem | None,
    now: datetime,
    choices: RoomChoices,
    principles: Sequence[str] = (),
    parked: Sequence[str] = (),
    conflicts: Sequence[str] = (),
    item_elapsed_seconds: float | None = None,
) -> RoomPicture:
    """Return the picture for the room: only the chosen panels, names only where turned on.

    `parked` and `conflicts` are the texts the facilitator approved for the room.
    """
    shown = tuple(panel for panel in RoomPanel if choices.shows(panel))
    picture: dict[str, object] = {"shown": shown}
    if choices.shows(RoomPanel.AGENDA):
        picture["agenda"] = agenda_now(current_item, now=now, elapsed_seconds=item_elapsed_seconds)
    if choices.shows(RoomPanel.BALANCE):
        recent = observations
        if choices.balance_minutes is not None:
            since = now - timedelta(minutes=choices.balance_minutes)
            recent = [o for o in observations if since <= o.occurred_at <= now]
        picture["balance"] = _code_panel(
            recent,
            panel=RoomPanel.BALANCE,
            scheme=BALANCE_SCHEME,
            codes=BALANCE_CODES,
            subtitle=window_label(choices.balance_minutes),
            named=choices.names_shown(RoomPanel.BALANCE),
        )
    if choices.shows(RoomPanel.PLAYERS):
        picture["players"] = _code_panel(
            observations,
            panel=RoomPanel.PLAYERS,
            scheme=PLAYERS_SCHEME,
            codes=PLAYER_CODES,
            subtitle="Whole session",
            named=choices.names_shown(RoomPanel.PLAYERS),
        )
    if choices.shows(RoomPanel.SECTORS):
        picture["sectors"] = _sector_panel(
            observations,
            organisations=organisations,
            participants=participants,
            named=choices.names_shown(RoomPanel.SECTORS),
        )
    if choices.shows(RoomPanel.PRINCIPLES):
        picture["principles"] = tuple(text.strip() for text in principles if text.strip())
    if choices.shows(RoomPanel.PARKED):
        picture["parked"] = ParkedPanel(
            parked=tuple(text.strip() for text in parked if text.strip()),
            conflicts=tuple(text.strip() for text in conflicts if text.strip()),
        )
    return RoomPicture(**picture)  # type: ignore[arg-type]


def approved_texts(
    parked: Sequence[ParkingItem], conflicts: Sequence[Conflict], approved: ApprovedItems
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the texts of the approved parked items and conflict titles, in their order."""
    return (
        tuple(item.text for item in parked if item.id in approved.parked),
        tuple(conflict.title for conflict in conflicts if conflict.id in approved.conflicts),
    )


def picture_for_session(
    detail: SessionDetail,
    *,
    now: datetime,
    choices: RoomChoices,
    principles: Sequence[str] = (),
    parked: Sequence[ParkingItem] = (),
    conflicts: Sequence[Conflict] = (),
    approved: ApprovedItems = ApprovedItems(),
    item_elapsed_seconds: float | None = None,
) -> RoomPicture:
    """Return the room's picture of a live session, as `room_picture` does."""
    parked_texts, conflict_titles = approved_texts(parked, conflicts, approved)
    people: Mapping[int, Participant] = {p.id: p for p in (*detail.cohort, *detail.attendees)}
    return room_picture(
        observations=detail.observations,
        organisations=detail.organisations,
        participants=tuple(people.values()),
        current_item=detail.current_item,
        now=now,
        choices=choices,
        principles=principles,
        parked=parked_texts,
        conflicts=conflict_titles,
        item_elapsed_seconds=item_elapsed_seconds,
    )
