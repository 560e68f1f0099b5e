"""Evaluation surveys: a programme's questions, answers on the agreement scale, and results.

Answers belong to a question, a time point and, when named, a participant. When a participant
is deleted (or erased) their answers stay and become anonymous: the foreign key is SET NULL,
so the programme's overall figures do not change, but those answers drop out of paired
(same-people) comparisons.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.changes import Changes
from facilitator.domain.enums import TimePoint
from facilitator.domain.errors import ContentError, InvalidInputError
from facilitator.domain.roster_import import MAX_IMPORT_BYTES, ImportProblem, name_key
from facilitator.domain.snapshots import SurveyQuestion
from facilitator.domain.survey_import import ImportedAnswer, QuestionColumn, read_responses_csv
from facilitator.domain.survey_results import (
    Change,
    Response,
    Result,
    change,
    check_answer,
    paired_change,
    results,
)
from facilitator.resources import resource_path
from facilitator.services.builtin import read_json
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ParticipantRow,
    ProgrammeRow,
    SurveyQuestionRow,
    SurveyResponseRow,
)

STARTING_FILE = ("surveys", "evaluation.json")
STARTING_FORMAT = 1
QUESTION_TEXT = 300
# Survey answers are results the programme reports: screens showing the programme refresh.
SURVEYED = Changes(programmes=True)


@dataclass(frozen=True, slots=True)
class StartingQuestion:
    """A question shipped with the app, added to a programme on request."""

    key: str
    text: str
    wording: str


@cache
def starting_questions() -> tuple[StartingQuestion, ...]:
    """Return the shipped starting questions, checked, in their order."""
    where = "evaluation.json"
    data = read_json(resource_path(*STARTING_FILE))
    if not isinstance(data, dict) or data.get("format") != STARTING_FORMAT:
        raise ContentError(f"{where}: unknown format.")
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        raise ContentError(f"{where}: no questions.")
    found: list[StartingQuestion] = []
    for item in items:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(name), str) and item[name] for name in ("key", "text", "wording")
        ):
            raise ContentError(f"{where}: each question needs a key, text and wording.")
        found.append(StartingQuestion(item["key"], item["text"], item["wording"]))
    if len({question.key for question in found}) != len(found):
        raise ContentError(f"{where}: two questions share a key.")
    return tuple(found)


def _clean(value: str, *, field: str, label: str, required: bool) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise InvalidInputError(f"{label} cannot be empty.", field=field)
    if len(text) > QUESTION_TEXT:
        raise InvalidInputError(
            f"{label} is too long: at most {QUESTION_TEXT} characters, not {len(text)}.",
            field=field,
        )
    return text


def _time_point(value: str | TimePoint) -> TimePoint:
    try:
        return TimePoint(value)
    except ValueError:
        choices = ", ".join(point.label for point in TimePoint)
        raise InvalidInputError(
            f"{value!r} is not a survey time point. Choose one of: {choices}.",
            field="time_point",
        ) from None


def _next_position(session: Session, programme_id: int) -> int:
    last = session.scalar(
        select(func.max(SurveyQuestionRow.position)).where(
            SurveyQuestionRow.programme_id == programme_id
        )
    )
    return (last or 0) + 1


def add_starting_questions_in(session: Session, programme_id: int) -> bool:
    """Add the shipped questions a programme lacks, inside a caller's transaction."""
    have = set(
        session.scalars(
            select(SurveyQuestionRow.builtin_key).where(
                SurveyQuestionRow.programme_id == programme_id,
                SurveyQuestionRow.builtin_key.is_not(None),
            )
        )
    )
    position = _next_position(session, programme_id)
    added = False
    for question in starting_questions():
        if question.key in have:
            continue
        session.add(
            SurveyQuestionRow(
                programme_id=programme_id,
                position=position,
                text=question.text,
                wording=question.wording,
                builtin_key=question.key,
            )
        )
        position += 1
        added = True
    session.flush()
    return added


def add_starting_questions(db: Database, programme_id: int) -> Changes:
    """Add the shipped evaluation questions to a programme; those already there are kept."""
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        added = add_starting_questions_in(session, programme_id)
    return SURVEYED if added else Changes()


def _snapshot(row: SurveyQuestionRow) -> SurveyQuestion:
    return SurveyQuestion(
        id=row.id,
        uuid=row.uuid,
        programme_id=row.programme_id,
        position=row.position,
        text=row.text,
        wording=row.wording,
        builtin_key=row.builtin_key,
    )


def _question_rows(session: Session, programme_id: int) -> list[SurveyQuestionRow]:
    return list(
        session.scalars(
            select(SurveyQuestionRow)
            .where(SurveyQuestionRow.programme_id == programme_id)
            .order_by(SurveyQuestionRow.position, SurveyQuestionRow.id)
        )
    )


def questions(db: Database, programme_id: int) -> tuple[SurveyQuestion, ...]:
    """Return a programme's survey questions in order."""
    with db.reading() as session:
        return tuple(_snapshot(row) for row in _question_rows(session, programme_id))


def add_question(db: Database, programme_id: int, *, text: str, wording: str = "") -> int:
    """Add a question after the programme's last one and return its id."""
    text = _clean(text, field="text", label="The question", required=True)
    wording = _clean(wording, field="wording", label="The wording", required=False)
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        row = SurveyQuestionRow(
            programme_id=programme_id,
            position=_next_position(session, programme_id),
            text=text,
            wording=wording,
        )
        session.add(row)
        session.flush()
        return row.id


def edit_question(db: Database, question_id: int, *, text: str, wording: str) -> Changes:
    """Change a question's text and the wording used in sentences about it."""
    text = _clean(text, field="text", label="The question", required=True)
    wording = _clean(wording, field="wording", label="The wording", required=False)
    with db.transaction() as session:
        row = fetch(session, SurveyQuestionRow, question_id, what="That question")
        row.text, row.wording = text, wording
    return SURVEYED


def delete_question(db: Database, question_id: int) -> Changes:
    """Delete a question with all its answers."""
    with db.transaction() as session:
        session.delete(fetch(session, SurveyQuestionRow, question_id, what="That question"))
    return SURVEYED


def set_responses(
    db: Database,
    programme_id: int,
    *,
    time_point: str | TimePoint,
    answers: Mapping[tuple[int, int | None], int | None],
) -> Changes:
    """Set answers at one time point, keyed by (question id, participant id), in one go.

    An answer of None clears that participant's answer. A participant id of None adds one
    anonymous answer (anonymous answers cannot be cleared here: they cannot be told apart).
    Every answer is checked before anything is written; one bad answer writes nothing.
    """
    point = _time_point(time_point)
    for (_, participant_id), answer in answers.items():
        if answer is not None:
            check_answer(answer)
        elif participant_id is None:
            raise InvalidInputError(
                "An anonymous answer cannot be cleared: it cannot be told apart from the others.",
                field="answer",
            )
    with db.transaction() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        own_questions = {row.id for row in _question_rows(session, programme_id)}
        own_people = set(
            session.scalars(
                select(ParticipantRow.id).where(ParticipantRow.programme_id == programme_id)
            )
        )
        for question_id, participant_id in answers:
            if question_id not in own_questions:
                raise InvalidInputError(
                    "That question is not part of this programme's survey.", field="question"
                )
            if participant_id is not None and participant_id not in own_people:
                raise InvalidInputError(
                    "That participant is not in this programme.", field="participant"
                )
        _store_answers(session, point, answers)
    return SURVEYED


def _store_answers(
    session: Session, point: TimePoint, answers: Mapping[tuple[int, int | None], int | None]
) -> None:
    """Write checked answers at one time point: replace, clear, or add anonymously."""
    for (question_id, participant_id), answer in answers.items():
        if participant_id is None:
            if answer is not None:
                session.add(
                    SurveyResponseRow(
                        question_id=question_id, time_point=point.value, answer=answer
                    )
                )
            continue
        existing = session.scalar(
            select(SurveyResponseRow).where(
                SurveyResponseRow.question_id == question_id,
                SurveyResponseRow.time_point == point.value,
                SurveyResponseRow.participant_id == participant_id,
            )
        )
        if answer is None:
            if existing is not None:
                session.delete(existing)
        elif existing is None:
            session.add(
                SurveyResponseRow(
                    question_id=question_id,
                    time_point=point.value,
                    participant_id=participant_id,
                    answer=answer,
                )
            )
        else:
            existing.answer = answer


def responses(
    db: Database, programme_id: int, *, time_point: str | TimePoint
) -> dict[tuple[int, int], int]:
    """Return the named answers at one time point, keyed by (question id, participant id)."""
    point = _time_point(time_point)
    with db.reading() as session:
        rows = session.execute(
            select(
                SurveyResponseRow.question_id,
                SurveyResponseRow.participant_id,
                SurveyResponseRow.answer,
            )
            .join(SurveyQuestionRow, SurveyQuestionRow.id == SurveyResponseRow.question_id)
            .where(
                SurveyQuestionRow.programme_id == programme_id,
                SurveyResponseRow.time_point == point.value,
                SurveyResponseRow.participant_id.is_not(None),
            )
        ).all()
    return {(question_id, person_id): answer for question_id, person_id, answer in rows}


def add_anonymous_responses(
    db: Database, question_id: int, time_point: str | TimePoint, answers: Sequence[int]
) -> Changes:
    """Add answers from people not named, such as a paper form's tally."""
    point = _time_point(time_point)
    checked = [int(check_answer(answer)) for answer in answers]
    with db.transaction() as session:
        fetch(session, SurveyQuestionRow, question_id, what="That question")
        session.add_all(
            SurveyResponseRow(question_id=question_id, time_point=point.value, answer=answer)
            for answer in checked
        )
    return SURVEYED if checked else Changes()


def _responses(session: Session, programme_id: int) -> dict[int, list[Response]]:
    """Return each question's answers, keyed by question id, labelled with its text."""
    rows = session.execute(
        select(
            SurveyResponseRow.question_id,
            SurveyQuestionRow.text,
            SurveyResponseRow.time_point,
            SurveyResponseRow.participant_id,
            SurveyResponseRow.answer,
        )
        .join(SurveyQuestionRow, SurveyQuestionRow.id == SurveyResponseRow.question_id)
        .where(SurveyQuestionRow.programme_id == programme_id)
        .order_by(SurveyResponseRow.id)
    ).all()
    found: dict[int, list[Response]] = {}
    for question_id, text, time_point, participant_id, answer in rows:
        found.setdefault(question_id, []).append(
            Response(
                question=text,
                time_point=time_point,
                respondent=None if participant_id is None else str(participant_id),
                answer=answer,
            )
        )
    return found


_ORDER = {point.value: index for index, point in enumerate(TimePoint)}


def survey_results(db: Database, programme_id: int) -> tuple[Result, ...]:
    """Count answers per question (in question order) and time point (baseline first)."""
    with db.reading() as session:
        ids = [row.id for row in _question_rows(session, programme_id)]
        answers = _responses(session, programme_id)
    found: list[Result] = []
    for question_id in ids:
        tallies = results(answers.get(question_id, ()))
        found.extend(sorted(tallies, key=lambda result: _ORDER.get(result.time_point, 99)))
    return tuple(found)


def survey_changes(
    db: Database, programme_id: int, *, before: str | TimePoint, after: str | TimePoint
) -> tuple[tuple[Change, Change], ...]:
    """Return, per question in order, the change in agreement overall and for the same people.

    The paired change counts only named participants who answered at both time points.
    """
    first, second = _time_point(before).value, _time_point(after).value
    with db.reading() as session:
        texts = [(row.id, row.text) for row in _question_rows(session, programme_id)]
        answers = _responses(session, programme_id)
    found: list[tuple[Change, Change]] = []
    for question_id, text in texts:
        mine = answers.get(question_id, [])
        overall = change(mine, question=text, before=first, after=second)
        paired = paired_change(mine, question=text, before=first, after=second)
        found.append((overall, paired))
    return tuple(found)


# Importing answers from a CSV file ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResponsesPlan:
    """Answers read from a file for review; nothing is written until `apply_responses`."""

    programme_id: int
    answers: tuple[ImportedAnswer, ...]
    problems: tuple[ImportProblem, ...]  # rows left out, with line numbers and reasons
    encoding: str
    ignored_columns: tuple[str, ...]


def import_responses_csv(db: Database, programme_id: int, path: Path) -> ResponsesPlan:
    """Read survey answers from a CSV file and return them for review, writing nothing."""
    try:
        if not path.is_file():
            raise ContentError(f"“{path.name}” is not an ordinary file.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ContentError(f"“{path.name}” is too large to be a file of survey answers.")
        data = path.read_bytes()
    except OSError as error:
        raise ContentError(f"“{path.name}” cannot be read: {error.strerror}.") from None
    with db.reading() as session:
        fetch(session, ProgrammeRow, programme_id, what="That programme")
        columns = [
            QuestionColumn(id=row.id, text=row.text, key=row.builtin_key)
            for row in _question_rows(session, programme_id)
        ]
        people = {
            name_key(name): person_id
            for person_id, name in session.execute(
                select(ParticipantRow.id, ParticipantRow.name).where(
                    ParticipantRow.programme_id == programme_id
                )
            )
        }
    found = read_responses_csv(data, questions=columns, people=people)
    return ResponsesPlan(
        programme_id=programme_id,
        answers=found.answers,
        problems=found.problems,
        encoding=found.encoding,
        ignored_columns=found.ignored_columns,
    )


def apply_responses(db: Database, plan: ResponsesPlan) -> Changes:
    """Write a reviewed plan's good answers in one go; named answers replace earlier ones."""
    by_point: dict[TimePoint, list[ImportedAnswer]] = {}
    for answer in plan.answers:
        by_point.setdefault(answer.time_point, []).append(answer)
    with db.transaction() as session:
        fetch(session, ProgrammeRow, plan.programme_id, what="That programme")
        own = {row.id for row in _question_rows(session, plan.programme_id)}
        if any(answer.question_id not in own for answer in plan.answers):
            raise InvalidInputError(
                "A question was deleted after the file was read. Import the file again.",
                field="question",
            )
        for point, answers in by_point.items():
            named = {
                (a.question_id, a.participant_id): a.answer
                for a in answers
                if a.participant_id is not None
            }
            _store_answers(session, point, named)
            session.add_all(
                SurveyResponseRow(
                    question_id=a.question_id, time_point=point.value, answer=a.answer
                )
                for a in answers
                if a.participant_id is None
            )
    return SURVEYED if plan.answers else Changes()
