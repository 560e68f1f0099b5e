"""Where a participant's name stands in the file's free text, for erasure and access requests.

Both look in the same places with the same matching, so an access request shows exactly the
text an erasure would change:

- in the person's own programme, every free-text field (notes, write-ups, actions, parking
  lot, conflicts, agenda notes, other participants' goals and notes…) is searched for their
  full name, each part of it and their initials;
- everywhere else (other programmes, the method library, saved templates, coding schemes),
  only for their full name: a lone "Helen" in another cohort is most likely someone else.

Other participants' names are never changed (the `participant.name` column is not searched),
and another's full name ("Helen Jones") is left whole while the person's "Helen" is found.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.name_matching import NameMatcher, strings_in_json
from facilitator.domain.privacy import ANOTHER_PARTICIPANT, ERASED
from facilitator.storage.privacy import TextCell, text_cells
from facilitator.storage.tables import ParticipantRow

# Other people's names are theirs: erasing one person never rewrites another's name.
NOT_SEARCHED = frozenset({("participant", "name")})

# What each table is, as a person reads it in an access request or an erasure summary.
PLACES = {
    "programme": "Programme details",
    "organisation": "Organisation",
    "participant": "Another participant's record",
    "module": "Module",
    "session": "Session details",
    "agenda_item": "Agenda",
    "observation": "Capture",
    "observation_code": "Capture",
    "conflict": "Conflict",
    "conflict_event": "Conflict history",
    "action": "Action or agreement",
    "parking_item": "Parking lot",
    "narrative_section": "Write-up",
    "cue_event": "Pattern cue",
    "method": "Method library",
    "programme_template": "Saved template",
    "coding_scheme": "Coding scheme",
    "code": "Coding scheme",
    "app_meta": "Settings",
}


def place(table: str) -> str:
    return PLACES.get(table, table.replace("_", " ").capitalize())


@dataclass(frozen=True, slots=True)
class PersonMatchers:
    """The matching for one participant: thorough in their programme, full names elsewhere."""

    programme_id: int
    inside: NameMatcher
    outside: NameMatcher

    def for_cell(self, cell: TextCell) -> NameMatcher:
        return self.inside if cell.programme_id == self.programme_id else self.outside


def _other_names(session: Session, person: ParticipantRow, *, same_programme: bool) -> list[str]:
    query = select(ParticipantRow.name).where(ParticipantRow.id != person.id)
    if same_programme:
        query = query.where(ParticipantRow.programme_id == person.programme_id)
    return list(session.scalars(query))


def matchers_for(
    session: Session, person: ParticipantRow, *, replacement: str = ERASED
) -> PersonMatchers:
    """Return the matching that finds `person` (and replaces them with `replacement`)."""
    contact = [person.contact] if person.contact else []
    return PersonMatchers(
        programme_id=person.programme_id,
        inside=NameMatcher(
            [person.name],
            replacement=replacement,
            keep=_other_names(session, person, same_programme=True),
            literals=contact,
        ),
        outside=NameMatcher(
            [person.name],
            replacement=replacement,
            keep=_other_names(session, person, same_programme=False),
            literals=contact,
            full_only=True,
        ),
    )


def others_hidden(session: Session, person: ParticipantRow) -> PersonMatchers:
    """Return the matching that writes every other participant as "another participant".

    In the person's programme their parts and initials go too, unless the person shares
    them ("Helen" of Helen Jones, when the file is for Helen Marchbank); elsewhere, full
    names only.
    """
    return PersonMatchers(
        programme_id=person.programme_id,
        inside=NameMatcher(
            _other_names(session, person, same_programme=True),
            replacement=ANOTHER_PARTICIPANT,
            keep=[person.name],
            spare_shared=True,
        ),
        outside=NameMatcher(
            _other_names(session, person, same_programme=False),
            replacement=ANOTHER_PARTICIPANT,
            keep=[person.name],
            spare_shared=True,
            full_only=True,
        ),
    )


def cells_naming(
    session: Session, person: ParticipantRow, matchers: PersonMatchers
) -> Iterator[TextCell]:
    """Yield every text cell, beyond the person's own record, that names them."""
    for cell in text_cells(session, skip=NOT_SEARCHED):
        if cell.table == "participant" and cell.key == (person.id,):
            continue
        matcher = matchers.for_cell(cell)
        texts = strings_in_json(cell.value) if cell.is_json else [cell.value]
        if any(isinstance(text, str) and matcher.mentions(text) for text in texts):
            yield cell
