"""Writing up a session: key moments and quotes, five-factor tags, and the narrative."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import clean_text
from facilitator.domain.narrative_sections import NARRATIVE_TEXT, SECTION_KEYS
from facilitator.domain.snapshots import Code, Observation
from facilitator.services import snapshots
from facilitator.services.capture_commands import CaptureCommand, CaptureFields, EditCapture
from facilitator.services.capture_memory import find_capture
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import CodingSchemeRow, NarrativeSectionRow, SessionRow

FIVE_FACTORS = "five-factors"
NARRATIVE_CHANGED = Changes(sessions=True)


@dataclass(eq=False)
class FlagCapture(CaptureCommand):
    """Mark or unmark a capture as a key moment or a quote (None leaves a flag as it is)."""

    session_id: int
    observation_uuid: str
    key_moment: bool | None = None
    quote: bool | None = None
    label: str = ""
    _before: tuple[bool, bool] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.label:
            self.label = _flag_label(key_moment=self.key_moment, quote=self.quote)

    @property
    def touched(self) -> frozenset[str]:
        return frozenset({self.observation_uuid})

    def _redo(self, session: Session) -> None:
        row = find_capture(session, self.session_id, self.observation_uuid)
        self._before = (row.key_moment, row.quote)
        if self.key_moment is not None:
            row.key_moment = self.key_moment
        if self.quote is not None:
            row.quote = self.quote

    def _undo(self, session: Session) -> None:
        if self._before is not None:
            row = find_capture(session, self.session_id, self.observation_uuid)
            row.key_moment, row.quote = self._before


def _flag_label(*, key_moment: bool | None, quote: bool | None) -> str:
    if key_moment is not None:
        return "Mark key moment" if key_moment else "Unmark key moment"
    if quote is not None:
        return "Mark as quote" if quote else "Unmark quote"
    return "Mark capture"


def factor_codes(db: Database) -> tuple[Code, ...]:
    """Return the five factors as codes, in order (none if the scheme was removed)."""
    with db.reading() as session:
        scheme = session.scalar(select(CodingSchemeRow).where(CodingSchemeRow.slug == FIVE_FACTORS))
        if scheme is None:
            return ()
        return tuple(snapshots.code(row) for row in scheme.codes)


def tag_factors(
    observation: Observation, *, factors: tuple[Code, ...], chosen: set[int]
) -> EditCapture:
    """Return the edit that tags a capture with exactly the `chosen` factor codes (by id).

    Its other codes, and their order, are kept; the factors come after them.
    """
    factor_ids = {code.id for code in factors}
    before = CaptureFields.of(observation)
    kept = [code_id for code_id in before.code_ids if code_id not in factor_ids]
    tagged = [code.id for code in factors if code.id in chosen]
    after = CaptureFields(
        code_ids=tuple(kept + tagged),
        qualifier=before.qualifier,
        subjects=before.subjects,
        note=before.note,
        conflict_id=before.conflict_id,
    )
    names = [code.label for code in factors if code.id in chosen]
    label = "Tag with " + ", ".join(names) if names else "Remove factor tags"
    return EditCapture(
        session_id=observation.session_id,
        observation_uuid=observation.uuid,
        before=before,
        after=after,
        label=label,
    )


def narrative(db: Database, session_id: int) -> dict[str, str]:
    """Return the session's narrative as section key → text (sections never written are '')."""
    with db.reading() as session:
        fetch(session, SessionRow, session_id, what="That session")
        rows = session.scalars(
            select(NarrativeSectionRow).where(NarrativeSectionRow.session_id == session_id)
        ).all()
        return {row.section: row.text for row in rows if row.section in SECTION_KEYS}


def save_narrative_section(
    db: Database, session_id: int, section: str, text: str, *, moment: datetime
) -> Changes:
    """Save one section of a session's narrative as written."""
    if section not in SECTION_KEYS:
        raise InvalidInputError(f"There is no narrative section “{section}”.", field="section")
    cleaned = clean_text(text, field="narrative", label="The section", limit=NARRATIVE_TEXT)
    with db.transaction() as session:
        fetch(session, SessionRow, session_id, what="That session")
        row = session.scalar(
            select(NarrativeSectionRow).where(
                NarrativeSectionRow.session_id == session_id,
                NarrativeSectionRow.section == section,
            )
        )
        if row is None:
            row = NarrativeSectionRow(session_id=session_id, section=section)
            session.add(row)
        if row.text != cleaned:
            row.text = cleaned
            row.updated_at = moment
    return NARRATIVE_CHANGED
