"""What a programme report says, as plain data: built by a service, drawn by `reports/`.

As for the session report, every string is final: participants are already named as the
report's `NamesMode` says. The trends and conflict journeys are the dashboard's own values,
with their titles and notes already pseudonymised.
"""

from dataclasses import dataclass

from facilitator.domain.enums import NamesMode
from facilitator.domain.report import Block
from facilitator.domain.trends import ConflictJourney, SessionTrend


@dataclass(frozen=True, slots=True)
class ProgrammeSessionLine:
    """One session of a module as the attendance table prints it."""

    title: str
    date_text: str  # "16 Nov 2026", or "" when undated
    status: str  # the status label
    attended: int
    cohort: int

    @property
    def attendance_text(self) -> str:
        """ "15 of 16", or "–" when the programme has no cohort."""
        return f"{self.attended} of {self.cohort}" if self.cohort else "–"


@dataclass(frozen=True, slots=True)
class SessionSummaryText:
    """A session's "summary" narrative section; citations are left out (see the service)."""

    session: str
    date_text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeModuleReport:
    """A module (or "Other sessions" for those in none) with its sessions and summaries."""

    title: str
    sessions: tuple[ProgrammeSessionLine, ...]
    summaries: tuple[SessionSummaryText, ...]  # only sessions whose summary was written


@dataclass(frozen=True, slots=True)
class EvaluationPoint:
    """Agreement with one question at one time point; `n` is always printed."""

    label: str  # "Baseline", "End of programme"
    agree_percent: float | None  # None with no responses
    agree_text: str  # "44%" or "no responses"
    n: int


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """One survey question with its agreement at each time point answered."""

    question: str
    points: tuple[EvaluationPoint, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The evaluation survey's results and sentences on the change from baseline to the end."""

    results: tuple[EvaluationResult, ...] = ()
    changes: tuple[str, ...] = ()  # "Agreement that …: 44% at baseline, 82% at the end (n = …)"

    @property
    def empty(self) -> bool:
        return not any(point.n for result in self.results for point in result.points)


@dataclass(frozen=True, slots=True)
class ProgrammeReport:
    """Everything a programme report prints, in the order it prints it."""

    programme: str
    client_system: str
    dates_text: str  # "2 Nov 2026 – 26 Mar 2027", or ""
    facilitators: str
    cohort_size: int
    confidentiality: str
    names: NamesMode
    prepared_by: str  # the PDF's author metadata
    modules: tuple[ProgrammeModuleReport, ...]
    trends: tuple[SessionTrend, ...]
    conflicts: tuple[ConflictJourney, ...]
    evaluation: Evaluation = Evaluation()
