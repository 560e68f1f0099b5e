"""What a session report says, as plain data: built by a service, drawn by `reports/`.

Every string here is final: names are already replaced according to the report's
`NamesMode`, and times are already in the room's clock. The drawing code only lays it out.
"""

from dataclasses import dataclass, field

from facilitator.domain.enums import NamesMode


@dataclass(frozen=True, slots=True)
class TextRun:
    """A stretch of narrative text with one look; a citation run names a capture number."""

    text: str
    bold: bool = False
    italic: bool = False
    citation: int | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, or one bullet of a list."""

    runs: tuple[TextRun, ...]
    bullet: bool = False


@dataclass(frozen=True, slots=True)
class NarrativePart:
    """One titled part of the narrative; empty parts are left out of the report."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ReportCode:
    scheme: str
    label: str
    colour: str  # "#RRGGBB"
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class ReportCapture:
    """One capture as the report prints it."""

    number: int
    clock: str  # "10:42" in the room's time
    offset_seconds: float
    duration_seconds: float | None
    agenda_item: str  # "" when taken outside any item
    kind_label: str  # "Coded", "Note", "Marked moment", "Contribution"
    codes: tuple[ReportCode, ...]
    who: str  # subjects, already named as the report's choice says; "" for none
    note: str
    author: str
    key_moment: bool = False
    quote: bool = False

    @property
    def citation(self) -> str:
        """How a narrative citation of this capture prints: its time and agenda item."""
        return f"{self.clock}, {self.agenda_item}" if self.agenda_item else self.clock


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One agenda item, planned against actual."""

    title: str
    is_break: bool
    planned_start: str  # "09:30", or "" when the session has no start time
    planned_minutes: int
    actual_start: str  # "" when the item never ran
    actual_minutes: int | None

    @property
    def difference_minutes(self) -> int | None:
        """Minutes over (positive) or under (negative) the plan; None if it never ran."""
        if self.actual_minutes is None:
            return None
        return self.actual_minutes - self.planned_minutes


@dataclass(frozen=True, slots=True)
class CodeTally:
    """How often a code was used, and for how long in all when it is a state."""

    scheme: str
    label: str
    colour: str
    count: int
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PatternTable:
    """Dialogue-pattern counts by agenda item: rows are items, columns are codes."""

    items: tuple[str, ...]
    codes: tuple[CodeTally, ...]  # the columns, with totals
    cells: tuple[tuple[int, ...], ...]  # cells[row][column]


@dataclass(frozen=True, slots=True)
class Ratio:
    """A descriptive ratio, shown as it is: no threshold, no judgement."""

    label: str  # "Inquiry to advocacy"
    numerator_label: str
    numerator: int
    denominator_label: str
    denominator: int

    @property
    def text(self) -> str:
        """ "12 : 30", or "no data" when neither side was seen."""
        if not self.numerator and not self.denominator:
            return "no data"
        return f"{self.numerator} : {self.denominator}"


@dataclass(frozen=True, slots=True)
class Participation:
    """How many captures concern one person or organisation, as the report names them."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class ConflictStep:
    when: str  # "14 Nov 10:42"
    session: str
    status: str  # the status label
    note: str


@dataclass(frozen=True, slots=True)
class ReportConflict:
    title: str
    status: str
    opened: str
    steps: tuple[ConflictStep, ...]
    capture_numbers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportAction:
    text: str
    owner: str
    due: str  # "" when none
    done: bool
    is_agreement: bool


@dataclass(frozen=True, slots=True)
class ReportParked:
    text: str
    addressed: bool


FOLLOW_MINUTES = 10  # how long after a cue the report looks for what followed it
FOLLOW_CAPTURES = 5  # and at most this many captures


@dataclass(frozen=True, slots=True)
class ReportCue:
    """A pattern cue that fired for the facilitator, and the captures that came next."""

    clock: str  # "10:42" in the room's time
    agenda_item: str  # "" when it fired outside any item
    title: str
    wording: str
    move: str
    evidence: tuple[int, ...]  # the numbers of the captures that made it hold
    followed: tuple[ReportCapture, ...]  # the next captures, within the follow-up window


@dataclass(frozen=True, slots=True)
class SessionReport:
    """Everything a session report prints, in the order it prints it."""

    programme: str
    client_system: str
    module: str  # "" when the session belongs to no module
    session: str
    date_text: str  # "Monday 16 November 2026", or "" when undated
    time_text: str  # "09:30–16:30", or ""
    venue: str
    facilitators: str
    kind_label: str
    confidentiality: str
    names: NamesMode
    prepared_by: str  # the PDF's author metadata
    attendee_count: int
    narrative: tuple[NarrativePart, ...]
    agenda: tuple[AgendaLine, ...]
    captures: tuple[ReportCapture, ...]  # every capture, in time order
    code_tallies: tuple[CodeTally, ...]  # by scheme, then code order
    patterns: PatternTable
    ratios: tuple[Ratio, ...]
    participation: tuple[Participation, ...]  # most first
    participation_heading: str  # "By participant" or "By organisation"
    conflicts: tuple[ReportConflict, ...]
    power_differentials: tuple[ReportCapture, ...]
    actions: tuple[ReportAction, ...]
    parked: tuple[ReportParked, ...]
    quotes: tuple[ReportCapture, ...]
    key_moments: tuple[ReportCapture, ...]
    # The cues that fired for the facilitator; None leaves the section out of the report.
    cues: tuple[ReportCue, ...] | None = None
    session_seconds: float = 0.0  # length of the day for the timeline chart
    start_clock_minutes: int | None = None  # the session's start as minutes after midnight
    captures_by_number: dict[int, ReportCapture] = field(default_factory=dict, compare=False)

    def cited(self, number: int) -> ReportCapture | None:
        """Return the capture a narrative cites as `[#number]`, or None if there is none."""
        return self.captures_by_number.get(number)
