"""Results of evaluation surveys answered on a five-point agreement scale.

Percentages are kept as exact fractions and rounded only for display, half up (12.5% shows as
13%), because Python's `round` rounds halves to even. Every figure is shown with its n, however
small: a time point with one respondent is shown, never hidden.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from fractions import Fraction
from math import floor

from facilitator.domain.errors import InvalidInputError

NO_RESPONSES = "no responses"


class Agreement(IntEnum):
    """A point on the five-point agreement scale."""

    STRONGLY_DISAGREE = 1
    DISAGREE = 2
    NEUTRAL = 3
    AGREE = 4
    STRONGLY_AGREE = 5

    @property
    def label(self) -> str:
        """Return the wording shown to respondents."""
        return _LABELS[self]


_LABELS = {
    Agreement.STRONGLY_DISAGREE: "Strongly disagree",
    Agreement.DISAGREE: "Disagree",
    Agreement.NEUTRAL: "Neither agree nor disagree",
    Agreement.AGREE: "Agree",
    Agreement.STRONGLY_AGREE: "Strongly agree",
}


def check_answer(value: object) -> Agreement:
    """Return the scale point for an answer, refusing anything but a whole number from 1 to 5."""
    # bool is a subclass of int, and 4.0 or "4" would hide a mistake in the data.
    if type(value) is not int and not isinstance(value, Agreement):
        raise InvalidInputError(
            f"The answer {value!r} is not on the agreement scale. "
            "Enter a whole number from 1 (strongly disagree) to 5 (strongly agree).",
            field="answer",
        )
    if not 1 <= value <= 5:
        raise InvalidInputError(
            f"The answer {value} is outside the agreement scale. "
            "Enter a whole number from 1 (strongly disagree) to 5 (strongly agree).",
            field="answer",
        )
    return Agreement(value)


@dataclass(frozen=True, slots=True)
class Response:
    """One answer to one question at one time point; `respondent` is None when anonymous."""

    question: str
    time_point: str
    respondent: str | None
    answer: int

    def __post_init__(self) -> None:
        """Refuse an answer that is not on the scale."""
        check_answer(self.answer)


def round_half_up(value: Fraction) -> int:
    """Round to a whole number, taking halves away from zero (as decimal's ROUND_HALF_UP)."""
    if value < 0:
        return -floor(-value + Fraction(1, 2))
    return floor(value + Fraction(1, 2))


def percent_text(value: Fraction | None) -> str:
    """Return a percentage as whole per cent ("44%"), or "no responses" for None."""
    if value is None:
        return NO_RESPONSES
    return f"{round_half_up(value)}%"


def _share(count: int, n: int) -> Fraction | None:
    return None if n == 0 else Fraction(100 * count, n)


def _as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Result:
    """Counts of answers to one question at one time point."""

    question: str
    time_point: str
    n: int
    agree: int
    strongly_agree: int
    disagree: int
    neutral: int

    @property
    def agree_percent(self) -> float | None:
        """Return the percentage agreeing or strongly agreeing, or None with no responses."""
        return _as_float(_share(self.agree, self.n))

    @property
    def strongly_agree_percent(self) -> float | None:
        """Return the percentage strongly agreeing, or None with no responses."""
        return _as_float(_share(self.strongly_agree, self.n))

    @property
    def disagree_percent(self) -> float | None:
        """Return the percentage disagreeing or strongly disagreeing, or None with no responses."""
        return _as_float(_share(self.disagree, self.n))

    @property
    def neutral_percent(self) -> float | None:
        """Return the percentage neither agreeing nor disagreeing, or None with no responses."""
        return _as_float(_share(self.neutral, self.n))

    @property
    def agree_text(self) -> str:
        """Return the agreeing percentage for display ("44%" or "no responses")."""
        return percent_text(_share(self.agree, self.n))

    @property
    def strongly_agree_text(self) -> str:
        """Return the strongly agreeing percentage for display."""
        return percent_text(_share(self.strongly_agree, self.n))

    @property
    def disagree_text(self) -> str:
        """Return the disagreeing percentage for display."""
        return percent_text(_share(self.disagree, self.n))

    @property
    def neutral_text(self) -> str:
        """Return the neutral percentage for display."""
        return percent_text(_share(self.neutral, self.n))


def _tally(question: str, time_point: str, answers: Iterable[int]) -> Result:
    counts = [0] * 6
    for answer in answers:
        counts[answer] += 1
    return Result(
        question=question,
        time_point=time_point,
        n=sum(counts),
        agree=counts[4] + counts[5],
        strongly_agree=counts[5],
        disagree=counts[1] + counts[2],
        neutral=counts[3],
    )


def results(responses: Iterable[Response]) -> tuple[Result, ...]:
    """Count answers per question and time point, in first-seen order of each."""
    questions: dict[str, dict[str, list[int]]] = {}
    for response in responses:
        by_time = questions.setdefault(response.question, {})
        by_time.setdefault(response.time_point, []).append(response.answer)
    return tuple(
        _tally(question, time_point, answers)
        for question, by_time in questions.items()
        for time_point, answers in by_time.items()
    )


@dataclass(frozen=True, slots=True)
class Change:
    """Agreement with one question at two time points, overall or for the same people."""

    question: str
    before: str
    after: str
    n_before: int
    n_after: int
    agree_before: int
    agree_after: int
    paired: bool

    @property
    def before_percent(self) -> float | None:
        """Return the agreeing percentage at the first time point, or None with no responses."""
        return _as_float(_share(self.agree_before, self.n_before))

    @property
    def after_percent(self) -> float | None:
        """Return the agreeing percentage at the second time point, or None with no responses."""
        return _as_float(_share(self.agree_after, self.n_after))

    @property
    def _points_exact(self) -> Fraction | None:
        before = _share(self.agree_before, self.n_before)
        after = _share(self.agree_after, self.n_after)
        if before is None or after is None:
            return None
        return after - before

    @property
    def points(self) -> float | None:
        """Return after minus before in percentage points, or None if either has no responses."""
        return _as_float(self._points_exact)

    @property
    def points_text(self) -> str:
        """Return the change for display ("+38 percentage points"), from unrounded values."""
        exact = self._points_exact
        if exact is None:
            return "not available"
        points = round_half_up(exact)
        unit = "percentage point" if abs(points) == 1 else "percentage points"
        return f"{points:+d} {unit}" if points else f"0 {unit}"


def _check_time_points(before: str, after: str) -> None:
    if before == after:
        raise InvalidInputError(
            "A change needs two different time points. Choose another time point to compare.",
            field="after",
        )


def change(responses: Iterable[Response], *, question: str, before: str, after: str) -> Change:
    """Compare agreement with a question at two time points, using everyone who answered."""
    _check_time_points(before, after)
    answers: dict[str, list[int]] = {before: [], after: []}
    for response in responses:
        if response.question == question and response.time_point in answers:
            answers[response.time_point].append(response.answer)
    first = _tally(question, before, answers[before])
    second = _tally(question, after, answers[after])
    return Change(
        question=question,
        before=before,
        after=after,
        n_before=first.n,
        n_after=second.n,
        agree_before=first.agree,
        agree_after=second.agree,
        paired=False,
    )


def paired_change(
    responses: Iterable[Response], *, question: str, before: str, after: str
) -> Change:
    """Compare agreement using only named respondents who answered at both time points.

    Anonymous answers cannot be matched and are left out. If someone answered twice at one
    time point, their last answer counts.
    """
    _check_time_points(before, after)
    answers: dict[str, dict[str, int]] = {before: {}, after: {}}
    for response in responses:
        if (
            response.question == question
            and response.time_point in answers
            and response.respondent is not None
        ):
            answers[response.time_point][response.respondent] = response.answer
    both = [person for person in answers[before] if person in answers[after]]
    first = _tally(question, before, (answers[before][person] for person in both))
    second = _tally(question, after, (answers[after][person] for person in both))
    return Change(
        question=question,
        before=before,
        after=after,
        n_before=first.n,
        n_after=second.n,
        agree_before=first.agree,
        agree_after=second.agree,
        paired=True,
    )


def describe(
    change: Change,
    *,
    wording: str,
    before_label: str | None = None,
    after_label: str | None = None,
) -> str:
    """Return a sentence on the change, always stating n.

    The labels complete "44% ...", such as "at baseline"; by default "at" and the time point.
    """
    first = before_label or f"at {change.before}"
    second = after_label or f"at {change.after}"
    before_text = percent_text(_share(change.agree_before, change.n_before))
    after_text = percent_text(_share(change.agree_after, change.n_after))
    if change.paired:
        count = f"n = {change.n_before}, the same people at both"
    else:
        count = f"n = {change.n_before} and {change.n_after}"
    return f"Agreement that {wording}: {before_text} {first}, {after_text} {second} ({count})"
