"""Evaluation surveys: starting questions, answers at time points, results and changes."""

import json

import pytest
from sqlalchemy import func, select

from facilitator.domain.enums import TimePoint
from facilitator.domain.errors import InvalidInputError
from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.domain.survey_results import describe
from facilitator.resources import resource_path
from facilitator.services.roster import delete_participant
from facilitator.services.surveys import (
    add_anonymous_responses,
    add_question,
    add_starting_questions,
    delete_question,
    edit_question,
    questions,
    set_responses,
    starting_questions,
    survey_changes,
    survey_results,
)
from facilitator.storage.database import Database
from facilitator.storage.tables import ParticipantRow, ProgrammeRow, SurveyResponseRow

BASELINE, END = TimePoint.BASELINE, TimePoint.END


def sample_survey() -> dict[str, dict[str, dict[str, int]]]:
    data = json.loads(resource_path("sample", "sample_programme.json").read_text("utf-8"))
    return data["survey"]["responses"]


def participant_ids(db: Database, programme_id: int) -> dict[str, int]:
    with db.reading() as session:
        rows = session.execute(
            select(ParticipantRow.name, ParticipantRow.id).where(
                ParticipantRow.programme_id == programme_id
            )
        ).all()
    return dict(rows)


def response_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(SurveyResponseRow)) or 0


@pytest.fixture
def empty_programme(store: Database) -> int:
    """Return a new programme with two participants and the starting questions."""
    with store.transaction() as session:
        programme = ProgrammeRow(title="Surveyed")
        programme.participants.extend(
            [ParticipantRow(name="Asha Patel"), ParticipantRow(name="Ben Ward")]
        )
        session.add(programme)
        session.flush()
        programme_id = programme.id
    add_starting_questions(store, programme_id)
    return programme_id


def test_starting_questions_are_added_once(store: Database, empty_programme: int) -> None:
    """Adding the starting questions again adds nothing and reports no change."""
    first = questions(store, empty_programme)
    assert [q.builtin_key for q in first] == [q.key for q in starting_questions()]
    assert [q.position for q in first] == list(range(1, len(first) + 1))
    assert not add_starting_questions(store, empty_programme).any
    assert questions(store, empty_programme) == first


def test_deleted_starting_question_comes_back_after_the_others(
    store: Database, empty_programme: int
) -> None:
    """A deleted starting question is added again at the end; the rest stay put."""
    first = questions(store, empty_programme)
    delete_question(store, first[0].id)
    assert add_starting_questions(store, empty_programme).any
    again = questions(store, empty_programme)
    assert again[-1].builtin_key == first[0].builtin_key
    assert again[:-1] == first[1:]


def test_questions_can_be_added_and_edited(store: Database, empty_programme: int) -> None:
    """A question of one's own goes last; editing tidies spaces; empty text is refused."""
    question_id = add_question(store, empty_programme, text="  I sleep   well ", wording="x")
    edit_question(store, question_id, text="I rest well", wording="they rest well")
    last = questions(store, empty_programme)[-1]
    assert (last.id, last.text, last.wording, last.builtin_key) == (
        question_id,
        "I rest well",
        "they rest well",
        None,
    )
    with pytest.raises(InvalidInputError):
        edit_question(store, question_id, text="   ", wording="")


def test_answers_are_set_changed_and_cleared(store: Database, empty_programme: int) -> None:
    """Setting again replaces an answer; None clears it."""
    question = questions(store, empty_programme)[0].id
    people = participant_ids(store, empty_programme)
    asha, ben = people["Asha Patel"], people["Ben Ward"]
    set_responses(
        store,
        empty_programme,
        time_point=BASELINE,
        answers={(question, asha): 2, (question, ben): 4},
    )
    set_responses(store, empty_programme, time_point="baseline", answers={(question, asha): 5})
    (result,) = survey_results(store, empty_programme)
    assert (result.time_point, result.n, result.agree, result.strongly_agree) == (
        "baseline",
        2,
        2,
        1,
    )
    set_responses(
        store,
        empty_programme,
        time_point=BASELINE,
        answers={(question, asha): None, (question, ben): None},
    )
    assert survey_results(store, empty_programme) == ()


@pytest.mark.parametrize("bad", [0, 6, 4.0, "4", True, None])
def test_a_bad_answer_writes_nothing(store: Database, empty_programme: int, bad: object) -> None:
    """One answer off the scale refuses the whole set, keeping the good ones out too."""
    question = questions(store, empty_programme)[0].id
    people = participant_ids(store, empty_programme)
    before = response_count(store)
    answers = {(question, people["Asha Patel"]): 3, (question, None): bad}
    with pytest.raises(InvalidInputError):
        set_responses(store, empty_programme, time_point=END, answers=answers)  # type: ignore[dict-item]
    with pytest.raises(InvalidInputError):
        add_anonymous_responses(store, question, END, [4, bad])  # type: ignore[list-item]
    assert response_count(store) == before


def test_someone_from_another_programme_is_refused(
    store: Database, sample: ProgrammeSummary, empty_programme: int
) -> None:
    """A participant or question of another programme cannot be answered for here."""
    question = questions(store, empty_programme)[0].id
    outsider = next(iter(participant_ids(store, sample.id).values()))
    with pytest.raises(InvalidInputError, match="not in this programme"):
        set_responses(store, empty_programme, time_point=END, answers={(question, outsider): 4})
    sample_question = questions(store, sample.id)[0].id
    mine = participant_ids(store, empty_programme)["Ben Ward"]
    with pytest.raises(InvalidInputError, match="not part of"):
        set_responses(store, empty_programme, time_point=END, answers={(sample_question, mine): 4})
    with pytest.raises(InvalidInputError, match="time point"):
        set_responses(store, empty_programme, time_point="midway", answers={})


def test_anonymous_answers_count_but_are_never_paired(
    store: Database, empty_programme: int
) -> None:
    """Anonymous answers all keep (NULLs are distinct) and count overall, not paired."""
    question = questions(store, empty_programme)[0].id
    asha = participant_ids(store, empty_programme)["Asha Patel"]
    add_anonymous_responses(store, question, BASELINE, [2, 2, 4])
    set_responses(store, empty_programme, time_point=BASELINE, answers={(question, asha): 2})
    add_anonymous_responses(store, question, END, [4, 5, 5])
    set_responses(store, empty_programme, time_point=END, answers={(question, asha): 4})
    overall, paired = survey_changes(store, empty_programme, before=BASELINE, after=END)[0]
    assert (overall.n_before, overall.agree_before, overall.n_after, overall.agree_after) == (
        4,
        1,
        4,
        4,
    )
    assert (paired.n_before, paired.agree_before, paired.agree_after) == (1, 0, 1)


def hand_counts(answers: dict[str, int]) -> tuple[int, int, int, int]:
    """Return n, agreeing, strongly agreeing and disagreeing, counted from the file."""
    values = list(answers.values())
    return (
        len(values),
        sum(v >= 4 for v in values),
        sum(v == 5 for v in values),
        sum(v <= 2 for v in values),
    )


def test_sample_results_match_the_file(store: Database, sample: ProgrammeSummary) -> None:
    """Each result of the sample equals a count made straight from the JSON."""
    survey = sample_survey()
    keys = {q.text: q.builtin_key for q in questions(store, sample.id)}
    found = survey_results(store, sample.id)
    assert len(found) == 2 * len(starting_questions())
    for result in found:
        expected = hand_counts(survey[result.time_point][keys[result.question]])
        assert (result.n, result.agree, result.strongly_agree, result.disagree) == expected


def test_sample_tells_the_programme_story(store: Database, sample: ProgrammeSummary) -> None:
    """Network agreement rises from 44% to about 80%; nobody disagrees they can influence."""
    keyed = {q.builtin_key: q for q in questions(store, sample.id)}
    by_text = {
        overall.question: (overall, paired)
        for overall, paired in survey_changes(store, sample.id, before=BASELINE, after=END)
    }
    network, network_paired = by_text[keyed["strong-network"].text]
    assert (network.n_before, network.n_after) == (16, 15)
    assert describe(
        network,
        wording=keyed["strong-network"].wording,
        before_label=BASELINE.sentence_label,
        after_label=END.sentence_label,
    ) == (
        "Agreement that they have a strong network in this system: 44% at baseline, "
        "80% at the end (n = 16 and 15)"
    )
    survey = sample_survey()
    both = [r for r in survey["baseline"]["strong-network"] if r in survey["end"]["strong-network"]]
    assert network_paired.n_before == len(both) == 15
    assert network_paired.agree_before == sum(
        survey["baseline"]["strong-network"][r] >= 4 for r in both
    )
    influence = next(
        r
        for r in survey_results(store, sample.id)
        if r.question == keyed["influence-system"].text and r.time_point == "end"
    )
    assert influence.disagree == 0


def test_a_deleted_participant_answers_anonymously(
    store: Database, sample: ProgrammeSummary
) -> None:
    """Deleting someone keeps their answers in the results, but out of paired changes."""
    before = survey_results(store, sample.id)
    count = response_count(store)
    person = participant_ids(store, sample.id)["Helen Marchbank"]
    delete_participant(store, person)
    assert response_count(store) == count
    assert survey_results(store, sample.id) == before
    with store.reading() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(SurveyResponseRow)
                .where(SurveyResponseRow.participant_id.is_(None))
            )
            or 0
        ) > 0
    overall, paired = survey_changes(store, sample.id, before=BASELINE, after=END)[0]
    assert overall.n_before == 16
    assert paired.n_before == 14  # Helen answered at both; p16 only at baseline
