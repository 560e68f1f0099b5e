"""Personal-data rights: what an access request shows, what an erasure did, and retention.

Erasure writes `ERASED` wherever the person's name stood. Square brackets mark it as the
app's word, not the facilitator's, and it reads sensibly mid-sentence ("[erased] raised the
waiting list"). An access request names other participants only as `ANOTHER_PARTICIPANT`:
the file goes to the person asking, and the others' names are not theirs to have.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time

ERASED = "[erased]"
ANOTHER_PARTICIPANT = "another participant"
MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 240  # twenty years: more is a typing slip


@dataclass(frozen=True, slots=True)
class AccessRecord:
    """A participant's own record, as the cohort holds it."""

    name: str
    role: str
    organisation: str
    pseudonym: str
    contact: str
    goals: str
    notes: str
    programme_title: str
    programme_start: date | None
    programme_end: date | None


@dataclass(frozen=True, slots=True)
class AccessSession:
    """A session the person attended."""

    title: str
    date: date | None
    venue: str


@dataclass(frozen=True, slots=True)
class AccessCapture:
    """One capture about, from, to or mentioning the person, with where and when it was made."""

    session_title: str
    session_date: date | None
    local_time: time | None  # on the clock of the room
    occurred_at: datetime  # UTC
    number: int | None
    what: str  # the codes, or "Note", "Spoke"…
    who: str  # who it concerns, other participants unnamed
    their_part: str  # "About you", "From you", "To you" or "Mentions you"
    note: str
    agenda_item: str
    key_moment: bool
    quote: bool


@dataclass(frozen=True, slots=True)
class AccessAction:
    """An action or agreement the person owns or that names them."""

    session_title: str
    session_date: date | None
    text: str
    owner: str
    due: date | None
    done: bool
    is_agreement: bool


@dataclass(frozen=True, slots=True)
class AccessMention:
    """Other free text that names the person: the paragraphs that do, and where they are."""

    where: str  # "Write-up: Summary", "Parking lot", "Conflict"…
    session_title: str  # "" if not in a session
    session_date: date | None
    text: str


@dataclass(frozen=True, slots=True)
class AccessAnswer:
    """One of the person's own answers to an evaluation survey."""

    question: str
    time_point: str  # "Baseline", "End of programme"…
    answer: str  # "Agree (4)"


@dataclass(frozen=True, slots=True)
class SubjectAccess:
    """Everything the file holds about one participant, for an access request."""

    made_at: datetime  # UTC
    person: AccessRecord
    attended: tuple[AccessSession, ...]
    captures: tuple[AccessCapture, ...]
    actions: tuple[AccessAction, ...]
    mentions: tuple[AccessMention, ...]
    survey_answers: tuple[AccessAnswer, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """How many mentions erasure replaced in one kind of place, in how many records."""

    where: str
    mentions: int
    records: int


@dataclass(frozen=True, slots=True)
class ErasurePreview:
    """What erasing a participant would do, for the confirmation."""

    name: str
    programme_title: str
    mentions: int  # mentions of the name in free text
    records: int  # records holding them
    captures: int  # captures about, from or to them
    attendance: int  # sessions they were ticked as attending
    backups: int  # backups in the data folder, each holding the name


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What erasing a participant did."""

    name: str
    mentions: int  # mentions of the name replaced with ERASED
    records: int  # records whose text changed
    places: tuple[PlaceCount, ...]
    links: int  # captures that were about, from or to them, and no longer are
    unlinked_captures: int  # of those, captures now about nobody in particular
    attendance: int  # sessions they were ticked as attending
    compacted: bool  # the file was rewritten, so the old text is gone from it
    backups_removed: int = 0
    backups_left: int = 0  # backups that could not be removed (the system refused)
    same_name_in: tuple[str, ...] = ()  # programmes where someone else has the same name


@dataclass(frozen=True, slots=True)
class RetentionCandidate:
    """A programme that ended longer ago than the retention period allows."""

    id: int
    title: str
    client_system: str
    ended: date
    is_sample: bool
    participants: int
    sessions: int


@dataclass(frozen=True, slots=True)
class RetentionPreview:
    """What a retention period would delete today."""

    months: int
    cutoff: date  # programmes that ended before this day are past the period
    programmes: tuple[RetentionCandidate, ...]
    backups: int  # backups made before the cutoff


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What deleting programmes past the retention period did."""

    programmes: int
    compacted: bool
    backups_removed: int
    backups_left: int = 0  # old backups that could not be removed


def months_before(day: date, months: int) -> date:
    """Return the same day `months` months earlier, or the month's last day if it is shorter
    (31 May less three months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(today: date, months: int) -> date:
    """Return the first end date still kept: a programme that ended before it is past.

    With six months, on 15 July a programme that ended on 15 January is kept for its last
    day; one that ended on 14 January is past.
    """
    return months_before(today, months)


def ended_on(end_date: date | None, session_dates: list[date]) -> date | None:
    """Return when a programme ended: its end date, else its last session's date, else None
    (never judged: there is nothing to count from)."""
    if end_date is not None:
        return end_date
    return max(session_dates, default=None)
