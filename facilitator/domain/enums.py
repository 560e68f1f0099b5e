"""The fixed choices of the domain."""

from enum import StrEnum


class Sector(StrEnum):
    """The kind of organisation a participant comes from."""

    NHS_PROVIDER = "nhs_provider"
    COMMISSIONER_ICB = "commissioner_icb"
    LOCAL_AUTHORITY = "local_authority"
    VOLUNTARY_COMMUNITY = "voluntary_community"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _SECTOR_LABELS[self]


_SECTOR_LABELS = {
    Sector.NHS_PROVIDER: "NHS provider",
    Sector.COMMISSIONER_ICB: "Commissioner / ICB",
    Sector.LOCAL_AUTHORITY: "Local authority",
    Sector.VOLUNTARY_COMMUNITY: "Voluntary and community",
    Sector.OTHER: "Other",
}


class SessionKind(StrEnum):
    """A workshop with a designed agenda, or a real meeting the facilitator observes."""

    DESIGNED_WORKSHOP = "designed_workshop"
    OBSERVED_MEETING = "observed_meeting"

    @property
    def label(self) -> str:
        return "Designed workshop" if self is SessionKind.DESIGNED_WORKSHOP else "Observed meeting"


class SessionStatus(StrEnum):
    """Where a session is in its life."""

    PLANNED = "planned"
    LIVE = "live"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CodeKind(StrEnum):
    """A code marks a moment (point) or a pattern that lasts (state)."""

    POINT = "point"
    STATE = "state"


class SubjectKind(StrEnum):
    """Who an observation is about."""

    PARTICIPANT = "participant"
    ORGANISATION = "organisation"
    GROUP = "group"


class CaptureKind(StrEnum):
    """What a capture is: coded, a free note, a moment marked to code later, or a tally mark
    for someone speaking."""

    CODED = "coded"
    NOTE = "note"
    MARK = "mark"
    CONTRIBUTION = "contribution"


class SubjectRole(StrEnum):
    """How a subject takes part in a capture: what it is about, or who acted on whom."""

    ABOUT = "about"
    FROM = "from"
    TO = "to"


class ConflictStatus(StrEnum):
    """Where a conflict is in its life."""

    OPEN = "open"
    WORKED_THROUGH = "worked_through"
    RESOLVED = "resolved"
    PARKED = "parked"

    @property
    def label(self) -> str:
        return {
            ConflictStatus.OPEN: "Open",
            ConflictStatus.WORKED_THROUGH: "Worked through",
            ConflictStatus.RESOLVED: "Resolved",
            ConflictStatus.PARKED: "Parked",
        }[self]


class NamesMode(StrEnum):
    """How a report names participants: as they are, by pseudonym, or by organisation only."""

    REAL = "real"
    PSEUDONYM = "pseudonym"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return {
            NamesMode.REAL: "Real names",
            NamesMode.PSEUDONYM: "Pseudonyms",
            NamesMode.ORGANISATION: "Organisation only",
        }[self]


class TimePoint(StrEnum):
    """When an evaluation survey was answered."""

    BASELINE = "baseline"
    END = "end"
    FOLLOW_UP = "follow-up"

    @property
    def label(self) -> str:
        return _TIME_POINT_LABELS[self]

    @property
    def sentence_label(self) -> str:
        """Return the words that complete "44% ...", such as "at baseline"."""
        return _TIME_POINT_SENTENCE_LABELS[self]


_TIME_POINT_LABELS = {
    TimePoint.BASELINE: "Baseline",
    TimePoint.END: "End of programme",
    TimePoint.FOLLOW_UP: "Follow-up",
}
_TIME_POINT_SENTENCE_LABELS = {
    TimePoint.BASELINE: "at baseline",
    TimePoint.END: "at the end",
    TimePoint.FOLLOW_UP: "at follow-up",
}
