"""What the user edits, as plain values, with the rules each value must keep.

Every `checked()` returns a cleaned copy (text trimmed and in Unicode NFC) or raises
InvalidInputError naming the field, so a form can show the message beside it.
"""

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from facilitator.domain.agenda import MAX_ITEM_MINUTES
from facilitator.domain.enums import Sector, SessionKind
from facilitator.domain.errors import InvalidInputError

SHORT_TEXT = 200
LONG_TEXT = 20_000
MAX_COHORT_CAP = 500
MAX_MODULE_DAYS = 30


def clean_text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    """Return `value` trimmed and normalised, or raise if it breaks the field's rules."""
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise InvalidInputError(f"{label} cannot be empty.", field=field)
    if len(text) > limit:
        raise InvalidInputError(
            f"{label} is too long: at most {limit:,} characters, not {len(text):,}.", field=field
        )
    allowed = "\n\t" if limit > SHORT_TEXT else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise InvalidInputError(f"{label} contains a control character.", field=field)
    return text


def whole_number(value: int, *, field: str, label: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInputError(
            f"{label} must be a whole number from {low:,} to {high:,}.", field=field
        )
    return value


MAX_PRINCIPLES = 20  # as many as the room view can show


def clean_principles(principles: Sequence[str]) -> tuple[str, ...]:
    """Return principles for working together trimmed, one line each, blank ones dropped;
    raise if one is too long or there are more than the room view can show."""
    cleaned = []
    for position, principle in enumerate(principles, start=1):
        text = " ".join(principle.split())  # one line each: the room shows them as a list
        label = f"Principle {position}"
        cleaned.append(clean_text(text, field="principles", label=label, limit=SHORT_TEXT))
    kept = tuple(text for text in cleaned if text)
    if len(kept) > MAX_PRINCIPLES:
        raise InvalidInputError(
            f"At most {MAX_PRINCIPLES} principles fit on the room view, not {len(kept)}.",
            field="principles",
        )
    return kept


@dataclass(frozen=True, slots=True)
class ProgrammeFields:
    title: str
    client_system: str = ""
    start_date: date | None = None
    end_date: date | None = None
    facilitators: str = ""
    notes: str = ""
    cohort_cap: int = 16
    # The group's principles for working together, one per line (the room view shows them).
    working_principles: str = ""

    def checked(self) -> "ProgrammeFields":
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise InvalidInputError("The programme cannot end before it starts.", field="end_date")
        return replace(
            self,
            title=clean_text(
                self.title, field="title", label="The title", limit=SHORT_TEXT, required=True
            ),
            client_system=clean_text(
                self.client_system,
                field="client_system",
                label="The client system",
                limit=SHORT_TEXT,
            ),
            facilitators=clean_text(
                self.facilitators, field="facilitators", label="Facilitators", limit=400
            ),
            notes=clean_text(self.notes, field="notes", label="Notes", limit=LONG_TEXT),
            cohort_cap=whole_number(
                self.cohort_cap,
                field="cohort_cap",
                label="The cohort cap",
                low=1,
                high=MAX_COHORT_CAP,
            ),
            working_principles="\n".join(clean_principles(self.working_principles.splitlines())),
        )


@dataclass(frozen=True, slots=True)
class OrganisationFields:
    name: str
    sector: Sector = Sector.OTHER

    def checked(self) -> "OrganisationFields":
        return replace(
            self,
            name=clean_text(
                self.name,
                field="name",
                label="The organisation's name",
                limit=SHORT_TEXT,
                required=True,
            ),
        )


@dataclass(frozen=True, slots=True)
class ParticipantFields:
    name: str
    role: str = ""
    organisation_id: int | None = None
    pseudonym: str = ""
    contact: str = ""
    goals: str = ""
    notes: str = ""

    def checked(self) -> "ParticipantFields":
        return replace(
            self,
            name=clean_text(
                self.name, field="name", label="The name", limit=SHORT_TEXT, required=True
            ),
            role=clean_text(self.role, field="role", label="The role", limit=SHORT_TEXT),
            pseudonym=clean_text(
                self.pseudonym, field="pseudonym", label="The pseudonym", limit=100
            ),
            contact=clean_text(
                self.contact, field="contact", label="The contact", limit=SHORT_TEXT
            ),
            goals=clean_text(self.goals, field="goals", label="Goals", limit=LONG_TEXT),
            notes=clean_text(self.notes, field="notes", label="Notes", limit=LONG_TEXT),
        )


@dataclass(frozen=True, slots=True)
class ModuleFields:
    title: str
    days: int | None = None
    themes: tuple[str, ...] = ()

    def checked(self) -> "ModuleFields":
        themes = tuple(
            clean_text(theme, field="themes", label="A theme", limit=SHORT_TEXT)
            for theme in self.themes
        )
        return replace(
            self,
            title=clean_text(
                self.title, field="title", label="The title", limit=SHORT_TEXT, required=True
            ),
            days=None
            if self.days is None
            else whole_number(
                self.days, field="days", label="The length in days", low=1, high=MAX_MODULE_DAYS
            ),
            themes=tuple(theme for theme in themes if theme),
        )


@dataclass(frozen=True, slots=True)
class SessionFields:
    title: str
    kind: SessionKind = SessionKind.DESIGNED_WORKSHOP
    module_id: int | None = None
    date: dt.date | None = None  # written dt.date: inside this class "date" names the field
    start_time: time | None = None
    end_time: time | None = None
    venue: str = ""

    def checked(self) -> "SessionFields":
        # Compare the times as they will be kept, so 09:00:10 to 09:00:50 is not a session.
        start, end = _whole_minute(self.start_time), _whole_minute(self.end_time)
        if end is not None and start is None:
            raise InvalidInputError("Give a start time before an end time.", field="start_time")
        if start is not None and end is not None and end <= start:
            raise InvalidInputError(
                "The session must end after it starts, on the same day.", field="end_time"
            )
        return replace(
            self,
            title=clean_text(
                self.title, field="title", label="The title", limit=SHORT_TEXT, required=True
            ),
            venue=clean_text(self.venue, field="venue", label="The venue", limit=SHORT_TEXT),
            start_time=start,
            end_time=end,
        )


def _whole_minute(value: time | None) -> time | None:
    return None if value is None else value.replace(second=0, microsecond=0)


@dataclass(frozen=True, slots=True)
class AgendaItemFields:
    title: str
    minutes: int = 30
    method: str = ""
    purpose: str = ""
    facilitator_notes: str = ""
    materials: str = ""
    is_break: bool = False
    pinned_time: time | None = None

    def checked(self) -> "AgendaItemFields":
        return replace(
            self,
            title=clean_text(
                self.title,
                field="title",
                label="The item's title",
                limit=SHORT_TEXT,
                required=True,
            ),
            minutes=whole_number(
                self.minutes, field="minutes", label="Minutes", low=1, high=MAX_ITEM_MINUTES
            ),
            method=clean_text(self.method, field="method", label="The method", limit=SHORT_TEXT),
            purpose=clean_text(self.purpose, field="purpose", label="The purpose", limit=LONG_TEXT),
            facilitator_notes=clean_text(
                self.facilitator_notes,
                field="facilitator_notes",
                label="Facilitator notes",
                limit=LONG_TEXT,
            ),
            materials=clean_text(
                self.materials, field="materials", label="Materials", limit=LONG_TEXT
            ),
            pinned_time=_whole_minute(self.pinned_time),
        )


@dataclass(frozen=True, slots=True)
class MethodFields:
    title: str
    description: str = ""
    purpose: str = ""
    typical_minutes: int = 30
    materials: str = ""

    def checked(self) -> "MethodFields":
        return replace(
            self,
            title=clean_text(
                self.title, field="title", label="The title", limit=SHORT_TEXT, required=True
            ),
            description=clean_text(
                self.description, field="description", label="The description", limit=LONG_TEXT
            ),
            purpose=clean_text(self.purpose, field="purpose", label="The purpose", limit=LONG_TEXT),
            typical_minutes=whole_number(
                self.typical_minutes,
                field="typical_minutes",
                label="Typical minutes",
                low=1,
                high=MAX_ITEM_MINUTES,
            ),
            materials=clean_text(
                self.materials, field="materials", label="Materials", limit=LONG_TEXT
            ),
        )
