"""Survey results: counts, percentages, half-up rounding, overall and paired change."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.errors import InvalidInputError
from facilitator.domain.survey_results import (
    Agreement,
    Change,
    Response,
    Result,
    change,
    check_answer,
    describe,
    paired_change,
    percent_text,
    results,
    round_half_up,
)

NETWORK = "network"


def _answers(time_point: str, answers: list[int], *, prefix: str | None = "p") -> list[Response]:
    return [
        Response(
            question=NETWORK,
            time_point=time_point,
            respondent=None if prefix is None else f"{prefix}{i}",
            answer=answer,
        )
        for i, answer in enumerate(answers)
    ]


def _result(answers: list[int]) -> Result:
    (result,) = results(_answers("baseline", answers))
    return result


def test_labels_follow_the_scale_wording() -> None:
    """Each scale point carries the wording respondents see."""
    assert Agreement.NEUTRAL.label == "Neither agree nor disagree"
    assert Agreement.STRONGLY_AGREE.label == "Strongly agree"
    assert [int(a) for a in Agreement] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, Agreement.AGREE])
def test_answers_on_the_scale_are_accepted(value: int) -> None:
    """Whole numbers from 1 to 5 become scale points."""
    assert check_answer(value) == value


@pytest.mark.parametrize("value", [0, 6, -1, 4.5, 4.0, True, False, "4", None])
def test_answers_off_the_scale_are_refused(value: object) -> None:
    """Anything but a whole number from 1 to 5 is refused with a message naming the field."""
    with pytest.raises(InvalidInputError, match="agreement scale") as caught:
        check_answer(value)
    assert caught.value.field == "answer"


def test_a_response_refuses_an_answer_off_the_scale() -> None:
    """A response cannot be built with an answer outside the scale."""
    with pytest.raises(InvalidInputError):
        Response(question=NETWORK, time_point="baseline", respondent=None, answer=6)


def test_sixteen_responses_with_seven_agreeing() -> None:
    """Seven of sixteen agreeing is 43.75%, shown as 44%."""
    result = _result([5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 3])
    assert (result.n, result.agree, result.strongly_agree) == (16, 7, 2)
    assert (result.disagree, result.neutral) == (5, 4)
    assert result.agree_percent == 43.75
    assert result.agree_text == "44%"
    assert result.strongly_agree_percent == 12.5
    assert result.strongly_agree_text == "13%"
    assert result.disagree_percent == 31.25
    assert result.disagree_text == "31%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(25, 2), 13),
        (Fraction(1, 2), 1),
        (Fraction(5, 2), 3),
        (Fraction(3, 2), 2),
        (Fraction(249, 10), 25),
        (Fraction(-25, 2), -13),
        (Fraction(0), 0),
    ],
)
def test_halves_round_up_not_to_even(value: Fraction, expected: int) -> None:
    """Halves round away from zero, unlike Python's round."""
    assert round_half_up(value) == expected


def test_display_rounding_of_small_shares() -> None:
    """One of eight shows as 13% and one of two hundred as 1%."""
    assert _result([5] + [1] * 7).strongly_agree_text == "13%"
    assert _result([4] + [3] * 199).agree_text == "1%"
    assert percent_text(None) == "no responses"


def test_a_single_respondent_is_shown() -> None:
    """One respondent gives 100% or 0%, with n = 1."""
    result = _result([4])
    assert (result.n, result.agree_percent, result.agree_text) == (1, 100.0, "100%")
    assert result.disagree_text == "0%"


def test_an_empty_group_has_no_percentages() -> None:
    """With no responses every percentage is None and the text says so."""
    empty = Result(NETWORK, "baseline", n=0, agree=0, strongly_agree=0, disagree=0, neutral=0)
    assert empty.agree_percent is None
    assert empty.strongly_agree_percent is None
    assert empty.disagree_percent is None
    assert empty.agree_text == "no responses"
    assert empty.disagree_text == "no responses"


def test_results_keep_first_seen_order() -> None:
    """Results come per question then time point, in the order first seen."""
    responses = [
        Response("confidence", "end", None, 4),
        Response(NETWORK, "baseline", None, 2),
        Response("confidence", "baseline", None, 5),
        Response(NETWORK, "end", None, 4),
        Response("confidence", "end", None, 1),
    ]
    keys = [(r.question, r.time_point, r.n) for r in results(responses)]
    assert keys == [
        ("confidence", "end", 2),
        ("confidence", "baseline", 1),
        (NETWORK, "baseline", 1),
        (NETWORK, "end", 1),
    ]
    assert results([]) == ()


def test_overall_change_and_sentence() -> None:
    """Seven of sixteen then fourteen of seventeen reads 44% to 82%, up 39 points."""
    responses = _answers("baseline", [4] * 7 + [2] * 9) + _answers("end", [5] * 14 + [3] * 3)
    found = change(responses, question=NETWORK, before="baseline", after="end")
    assert (found.n_before, found.n_after, found.paired) == (16, 17, False)
    assert found.before_percent == 43.75
    assert found.points == pytest.approx(1400 / 17 - 43.75)
    assert found.points_text == "+39 percentage points"
    sentence = describe(
        found,
        wording="I have a strong network in this system",
        before_label="at baseline",
        after_label="at the end",
    )
    assert sentence == (
        "Agreement that I have a strong network in this system: "
        "44% at baseline, 82% at the end (n = 16 and 17)"
    )


def test_points_come_from_unrounded_values() -> None:
    """12.5% to 25% is 12.5 points, shown as 13 (not 25 - 13 = 12)."""
    found = Change(NETWORK, "baseline", "end", 8, 8, 1, 2, paired=False)
    assert found.points == 12.5
    assert found.points_text == "+13 percentage points"
    fall = Change(NETWORK, "baseline", "end", 8, 8, 2, 1, paired=False)
    assert fall.points_text == "-13 percentage points"
    same = Change(NETWORK, "baseline", "end", 4, 8, 1, 2, paired=False)
    assert same.points_text == "0 percentage points"


def test_change_with_an_empty_time_point() -> None:
    """A time point with no answers gives no points and says "no responses"."""
    found = change(_answers("end", [4]), question=NETWORK, before="baseline", after="end")
    assert (found.before_percent, found.points, found.points_text) == (None, None, "not available")
    assert describe(found, wording="x") == (
        "Agreement that x: no responses at baseline, 100% at end (n = 0 and 1)"
    )


def test_paired_differs_from_overall_when_different_people_answered() -> None:
    """Only people who answered at both time points count in the paired change."""
    responses = [
        Response(NETWORK, "baseline", "ana", 2),
        Response(NETWORK, "baseline", "ben", 4),
        Response(NETWORK, "baseline", "cat", 1),
        Response(NETWORK, "end", "ana", 4),
        Response(NETWORK, "end", "ben", 4),
        Response(NETWORK, "end", "dev", 5),
        Response(NETWORK, "end", "eve", 5),
    ]
    overall = change(responses, question=NETWORK, before="baseline", after="end")
    paired = paired_change(responses, question=NETWORK, before="baseline", after="end")
    assert (overall.n_before, overall.n_after) == (3, 4)
    assert overall.before_percent == pytest.approx(100 / 3)
    assert (paired.n_before, paired.n_after, paired.paired) == (2, 2, True)
    assert (paired.before_percent, paired.after_percent, paired.points) == (50.0, 100.0, 50.0)
    assert describe(paired, wording="x").endswith("(n = 2, the same people at both)")


def test_anonymous_responses_are_left_out_of_paired() -> None:
    """Anonymous answers count overall but cannot be matched, so paired has none."""
    responses = _answers("baseline", [4, 2], prefix=None) + _answers("end", [4, 4], prefix=None)
    overall = change(responses, question=NETWORK, before="baseline", after="end")
    paired = paired_change(responses, question=NETWORK, before="baseline", after="end")
    assert (overall.n_before, overall.n_after) == (2, 2)
    assert (paired.n_before, paired.n_after, paired.points) == (0, 0, None)


def test_other_questions_are_ignored_and_same_time_point_refused() -> None:
    """A change looks only at its question, and needs two different time points."""
    responses = [Response("other", "baseline", "ana", 5), Response("other", "end", "ana", 5)]
    assert change(responses, question=NETWORK, before="baseline", after="end").n_before == 0
    with pytest.raises(InvalidInputError):
        change(responses, question=NETWORK, before="end", after="end")
    with pytest.raises(InvalidInputError):
        paired_change(responses, question=NETWORK, before="end", after="end")


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=300))
def test_agree_neutral_and_disagree_sum_to_one_hundred(answers: list[int]) -> None:
    """Agree, neutral and disagree percentages always sum to 100 when anyone answered."""
    result = _result(answers)
    assert result.agree + result.neutral + result.disagree == result.n
    total = result.agree_percent + result.neutral_percent + result.disagree_percent
    assert total == pytest.approx(100.0)
