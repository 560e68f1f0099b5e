"""Frozen snapshots of stored data, as services hand them to screens, the CLI and reports."""

from dataclasses import dataclass
from datetime import date, datetime, time

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


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A session as listed in the navigation tree."""

    id: int
    uuid: str
    programme_id: int
    module_id: int | None
    title: str
    date: date | None
    start_time: time | None
    kind: SessionKind
    status: SessionStatus


@dataclass(frozen=True, slots=True)
class ModuleSummary:
    """A module and its sessions, as listed in the navigation tree."""

    id: int
    uuid: str
    programme_id: int
    position: int
    title: str
    sessions: tuple[SessionSummary, ...]
    days: int | None = None
    themes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgrammeSummary:
    """A programme with its modules, and its sessions that belong to no module."""

    id: int
    uuid: str
    title: str
    client_system: str
    start_date: date | None
    end_date: date | None
    is_sample: bool
    modules: tuple[ModuleSummary, ...]
    loose_sessions: tuple[SessionSummary, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation taking part in a programme."""

    id: int
    uuid: str
    name: str
    sector: Sector


@dataclass(frozen=True, slots=True)
class Participant:
    """A member of a programme's cohort."""

    id: int
    uuid: str
    name: str
    role: str
    organisation_id: int | None
    organisation_name: str
    pseudonym: str
    goals: str
    contact: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ProgrammeDetail:
    """Everything the programme page shows."""

    id: int
    uuid: str
    title: str
    client_system: str
    start_date: date | None
    end_date: date | None
    notes: str
    is_sample: bool
    facilitators: str
    cohort_cap: int
    organisations: tuple[Organisation, ...]
    participants: tuple[Participant, ...]
    modules: tuple[ModuleSummary, ...]
    loose_sessions: tuple[SessionSummary, ...]
    working_principles: tuple[str, ...] = ()  # the group's, for the room view

    @property
    def session_count(self) -> int:
        return len(self.loose_sessions) + sum(len(module.sessions) for module in self.modules)

    @property
    def over_cap(self) -> int:
        """How many participants more than the cohort cap; 0 when within it."""
        return max(0, len(self.participants) - self.cohort_cap)


@dataclass(frozen=True, slots=True)
class ModuleDetail:
    """Everything the module page shows."""

    id: int
    uuid: str
    programme_id: int
    programme_title: str
    position: int
    title: str
    days: int | None
    themes: tuple[str, ...]
    sessions: tuple[SessionSummary, ...]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One timed item of a session's agenda."""

    id: int
    uuid: str
    position: int
    title: str
    method: str
    planned_minutes: int
    purpose: str
    facilitator_notes: str
    materials: str
    actual_start: datetime | None
    actual_end: datetime | None
    is_break: bool = False
    pinned_time: time | None = None
    extra_minutes: int = 0

    @property
    def allowed_minutes(self) -> int:
        """The planned minutes plus any time added while the session ran."""
        return self.planned_minutes + self.extra_minutes


@dataclass(frozen=True, slots=True)
class AppliedCode:
    """A code as applied to one observation, with its qualifier if one was chosen."""

    code_id: int
    scheme_name: str
    label: str
    colour: str
    kind: CodeKind
    qualifier: str | None
    slug: str = ""
    scheme_slug: str = ""


@dataclass(frozen=True, slots=True)
class Subject:
    """Who an observation is about: a participant, an organisation or the whole group."""

    kind: SubjectKind
    ref_id: int | None
    name: str
    role: SubjectRole = SubjectRole.ABOUT


@dataclass(frozen=True, slots=True)
class Observation:
    """One capture made during a session."""

    id: int
    uuid: str
    session_id: int
    occurred_at: datetime
    offset_seconds: float
    duration_seconds: float | None
    agenda_item_id: int | None
    agenda_item_title: str
    codes: tuple[AppliedCode, ...]
    subjects: tuple[Subject, ...]
    note: str
    author: str
    kind: CaptureKind = CaptureKind.CODED
    conflict_id: int | None = None
    number: int | None = None  # the session's own number for it, as a narrative cites it
    key_moment: bool = False
    quote: bool = False

    @property
    def running(self) -> bool:
        """True for a state that has started and not yet stopped."""
        return self.duration_seconds is None and any(
            code.kind is CodeKind.STATE for code in self.codes
        )


@dataclass(frozen=True, slots=True)
class SessionDetail:
    """Everything the session page shows."""

    id: int
    uuid: str
    programme_id: int
    programme_title: str
    module_id: int | None
    module_title: str
    title: str
    date: date | None
    start_time: time | None
    end_time: time | None
    timezone: str
    venue: str
    kind: SessionKind
    status: SessionStatus
    attendees: tuple[Participant, ...]
    agenda: tuple[AgendaItem, ...]
    observations: tuple[Observation, ...]
    cohort: tuple[Participant, ...] = ()  # the programme's participants, to tick attendees
    organisations: tuple[Organisation, ...] = ()  # the programme's, to pick as subjects
    live_started_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    finished_at: datetime | None = None

    @property
    def current_item(self) -> AgendaItem | None:
        """The agenda item running now: started and not yet ended."""
        return next(
            (item for item in self.agenda if item.actual_start and not item.actual_end), None
        )


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a coding scheme."""

    id: int
    uuid: str
    slug: str
    label: str
    description: str
    colour: str
    key: str
    kind: CodeKind
    qualifier_name: str | None
    qualifier_choices: tuple[str, ...]
    exclusive_group: str | None


@dataclass(frozen=True, slots=True)
class CodingScheme:
    """A coding scheme with its codes in order."""

    id: int
    uuid: str
    slug: str
    name: str
    description: str
    source: str
    builtin: bool
    codes: tuple[Code, ...]


@dataclass(frozen=True, slots=True)
class Method:
    """A reusable activity in the method library."""

    id: int
    uuid: str
    title: str
    description: str
    purpose: str
    typical_minutes: int
    materials: str
    builtin: bool


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    """A programme template the user can build modules from: built-in or saved."""

    key: str  # "builtin:<slug>" or "saved:<uuid>"
    title: str
    description: str
    builtin: bool
    cohort_cap: int
    module_titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConflictEvent:
    """One step in a conflict's life."""

    status: ConflictStatus
    at: datetime
    session_id: int | None
    session_title: str
    note: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A conflict of a programme, with its history."""

    id: int
    uuid: str
    programme_id: int
    session_id: int | None
    session_title: str
    title: str
    status: ConflictStatus
    opened_at: datetime
    events: tuple[ConflictEvent, ...]
    observation_count: int = 0


@dataclass(frozen=True, slots=True)
class Action:
    """An action or agreement from a session."""

    id: int
    uuid: str
    session_id: int
    text: str
    owner: str
    due: date | None
    done: bool
    is_agreement: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ParkingItem:
    """Something parked to come back to."""

    id: int
    uuid: str
    session_id: int
    text: str
    addressed: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SurveyQuestion:
    """One question of a programme's evaluation survey."""

    id: int
    uuid: str
    programme_id: int
    position: int
    text: str
    wording: str  # completes "Agreement that ...", such as "they have a strong network"
    builtin_key: str | None


@dataclass(frozen=True, slots=True)
class RecordedCue:
    """A pattern cue that fired for the facilitator during a session, as worded then."""

    id: int
    session_id: int
    rule_id: str
    title: str
    wording: str
    move: str
    offset_seconds: float
    fired_at: datetime
    evidence: tuple[int, ...]  # the numbers of the captures that made it hold
