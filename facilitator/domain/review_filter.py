"""Finding captures when reviewing a session: what each capture can be found by, and whether
it passes the filters chosen.

Each capture's facts (its schemes, codes, people, organisations and one lower-case text to
search) are worked out once per snapshot and kept, so checking a row is a few set look-ups.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from facilitator.domain.capture_text import codes_text, who_text
from facilitator.domain.enums import SubjectKind
from facilitator.domain.snapshots import AgendaItem, Observation, Organisation, Participant

OUTSIDE_ITEMS = -1  # the agenda-item choice for captures taken outside any item (ids are > 0)


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """Which captures to show; None (or empty) lets everything through."""

    scheme: str | None = None  # a scheme's slug
    code_id: int | None = None
    participant_id: int | None = None
    organisation_id: int | None = None
    agenda_item_id: int | None = None  # or OUTSIDE_ITEMS
    author: str | None = None
    text: str = ""
    flagged_only: bool = False  # key moments and quotes only

    @property
    def active(self) -> bool:
        return self != ReviewFilter()


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What one capture can be found by."""

    observation: Observation
    schemes: frozenset[str]
    codes: frozenset[int]
    people: frozenset[int]
    organisations: frozenset[int]
    item: int
    text: str  # case-folded note, people and codes
    flagged: bool


def facts_of(observation: Observation, organisation_of: Mapping[int, int | None]) -> RowFacts:
    """Return what `observation` can be found by; a participant counts for their organisation."""
    people = {
        subject.ref_id
        for subject in observation.subjects
        if subject.kind is SubjectKind.PARTICIPANT and subject.ref_id is not None
    }
    places = {
        subject.ref_id
        for subject in observation.subjects
        if subject.kind is SubjectKind.ORGANISATION and subject.ref_id is not None
    }
    places.update(place for person in people if (place := organisation_of.get(person)) is not None)
    searchable = "\n".join(
        (observation.note, who_text(observation), codes_text(observation), observation.author)
    )
    return RowFacts(
        observation=observation,
        schemes=frozenset(code.scheme_slug for code in observation.codes),
        codes=frozenset(code.code_id for code in observation.codes),
        people=frozenset(people),
        organisations=frozenset(places),
        item=observation.agenda_item_id or OUTSIDE_ITEMS,
        text=searchable.casefold(),
        flagged=observation.key_moment or observation.quote,
    )


def matches(facts: RowFacts, wanted: ReviewFilter) -> bool:
    """True when a capture passes every filter chosen.

    Free text matches when every word appears somewhere in the note, people or codes; "#12"
    finds the session's capture number 12.
    """
    if wanted.flagged_only and not facts.flagged:
        return False
    if wanted.scheme is not None and wanted.scheme not in facts.schemes:
        return False
    if wanted.code_id is not None and wanted.code_id not in facts.codes:
        return False
    if wanted.participant_id is not None and wanted.participant_id not in facts.people:
        return False
    if wanted.organisation_id is not None and wanted.organisation_id not in facts.organisations:
        return False
    if wanted.agenda_item_id is not None and wanted.agenda_item_id != facts.item:
        return False
    if wanted.author is not None and wanted.author != facts.observation.author:
        return False
    for word in wanted.text.casefold().split():
        if word.startswith("#") and word[1:].isdigit():
            if facts.observation.number != int(word[1:]):
                return False
        elif word not in facts.text:
            return False
    return True


# What the filters offer ------------------------------------------------------------------------

type Choice = tuple[object, str]  # (value, what the list shows)


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What each filter lists, with how many captures each choice has."""

    schemes: tuple[Choice, ...] = ()
    codes: Mapping[str | None, tuple[Choice, ...]] = field(default_factory=dict)  # by scheme
    people: tuple[Choice, ...] = ()
    organisations: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()
    authors: tuple[Choice, ...] = ()


def organisations_of(cohort: Iterable[Participant]) -> dict[int, int | None]:
    return {person.id: person.organisation_id for person in cohort}


def filter_choices(
    observations: Sequence[Observation],
    *,
    agenda: Sequence[AgendaItem],
    cohort: Sequence[Participant],
    organisations: Sequence[Organisation],
    scheme_order: Sequence[str] = (),
    code_order: Sequence[int] = (),
) -> FilterChoices:
    """Return the choices that find something: only schemes, codes, people, organisations and
    authors that the captures have; every agenda item (an empty one says so with its 0)."""
    organisation_of = organisations_of(cohort)
    facts = [facts_of(observation, organisation_of) for observation in observations]

    def counted(label: str, count: int) -> str:
        return f"{label} ({count})"

    scheme_names: dict[str, str] = {}
    code_names: dict[int, tuple[str, str]] = {}  # code id -> (scheme slug, label)
    for observation in observations:
        for code in observation.codes:
            scheme_names.setdefault(code.scheme_slug, code.scheme_name)
            code_names.setdefault(code.code_id, (code.scheme_slug, code.label))
    scheme_counts = Counter(slug for row in facts for slug in row.schemes)
    code_counts = Counter(code_id for row in facts for code_id in row.codes)

    def scheme_rank(slug: str) -> tuple[int, str]:
        known = slug in scheme_order
        return (scheme_order.index(slug) if known else len(scheme_order), scheme_names[slug])

    def code_rank(code_id: int) -> tuple[int, str]:
        known = code_id in code_order
        return (code_order.index(code_id) if known else len(code_order), code_names[code_id][1])

    slugs = sorted(scheme_names, key=scheme_rank)
    ranked_codes = sorted(
        code_names, key=lambda code_id: (scheme_rank(code_names[code_id][0]), code_rank(code_id))
    )
    codes: dict[str | None, tuple[Choice, ...]] = {
        slug: tuple(
            (code_id, counted(code_names[code_id][1], code_counts[code_id]))
            for code_id in ranked_codes
            if code_names[code_id][0] == slug
        )
        for slug in slugs
    }
    codes[None] = tuple(
        (
            code_id,
            counted(
                f"{code_names[code_id][1]} – {scheme_names[code_names[code_id][0]]}",
                code_counts[code_id],
            ),
        )
        for code_id in ranked_codes
    )

    person_names = {
        subject.ref_id: subject.name
        for observation in observations
        for subject in observation.subjects
        if subject.kind is SubjectKind.PARTICIPANT and subject.ref_id is not None
    }
    person_counts = Counter(person for row in facts for person in row.people)
    place_names = {place.id: place.name for place in organisations}
    place_names.update(
        (person.organisation_id, person.organisation_name)
        for person in cohort
        if person.organisation_id is not None and person.organisation_id not in place_names
    )
    place_counts = Counter(place for row in facts for place in row.organisations)
    item_counts = Counter(row.item for row in facts)
    items = [(item.id, f"{item.position}. {item.title}") for item in agenda if not item.is_break]
    if item_counts[OUTSIDE_ITEMS]:
        items.append((OUTSIDE_ITEMS, "Outside any agenda item"))
    author_counts = Counter(observation.author for observation in observations)

    def by_name(names: Mapping[int, str], counts: Counter[int]) -> tuple[Choice, ...]:
        chosen = sorted((key for key in counts if key in names), key=lambda k: names[k].casefold())
        return tuple((key, counted(names[key], counts[key])) for key in chosen)

    return FilterChoices(
        schemes=tuple((slug, counted(scheme_names[slug], scheme_counts[slug])) for slug in slugs),
        codes=codes,
        people=by_name(person_names, person_counts),
        organisations=by_name(place_names, place_counts),
        items=tuple((key, counted(text, item_counts[key])) for key, text in items),
        authors=tuple(
            (name, counted(name or "No author", author_counts[name]))
            for name in sorted(author_counts, key=str.casefold)
        ),
    )
