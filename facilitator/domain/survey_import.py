"""Read evaluation-survey answers from a CSV file: one row per respondent and time point.

The file has a "Participant" column (blank for an anonymous respondent), a "Time point"
column (Baseline, End of programme or Follow-up) and one column per question, headed with the
question's text or its key; each cell is 1 to 5, an agreement label such as "Agree", or blank
for no answer. Reading, encodings and delimiters are shared with the roster import. Rows that
cannot be used are listed with their line numbers; nothing here touches the database.
"""

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.domain.enums import TimePoint
from facilitator.domain.errors import ContentError
from facilitator.domain.roster_import import (
    MAX_IMPORT_ROWS,
    ImportProblem,
    _check_quotes_closed,
    _check_size,
    _decode,
    _dialect,
    _rows,
    _squash,
    name_key,
)
from facilitator.domain.survey_results import Agreement

_PERSON = frozenset({"participant", "name", "respondent", "participantname"})
_WHEN = frozenset({"timepoint", "time", "when", "survey"})
_POINTS = {
    _squash(word): point
    for point in TimePoint
    for word in (point.value, point.label, point.sentence_label)
} | {_squash("start"): TimePoint.BASELINE, _squash("end"): TimePoint.END}
_LABELS = {_squash(point.label): point for point in Agreement}


@dataclass(frozen=True, slots=True)
class QuestionColumn:
    """A question a column may be headed with, by its text or its key."""

    id: int
    text: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedAnswer:
    """One good answer: which question, when, from whom (None if anonymous), on which line."""

    line: int
    question_id: int
    time_point: TimePoint
    participant_id: int | None
    answer: int


@dataclass(frozen=True, slots=True)
class ResponsesImport:
    """What a file holds: the good answers, the bad rows, and how the file was read."""

    answers: tuple[ImportedAnswer, ...]
    problems: tuple[ImportProblem, ...]
    encoding: str
    ignored_columns: tuple[str, ...]  # headings that match no question


def _answer(cell: str) -> int | str | None:
    """Return the answer in a cell, None if blank, or the reason it cannot be used."""
    text = cell.strip()
    if not text:
        return None
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    if _squash(text) in _LABELS:
        return int(_LABELS[_squash(text)])
    return f"“{text}” is not an answer from 1 (strongly disagree) to 5 (strongly agree)"


def read_responses_csv(
    data: bytes, *, questions: Sequence[QuestionColumn], people: Mapping[str, int]
) -> ResponsesImport:
    """Read answers from the bytes of a CSV file, listing each row that cannot be used.

    `people` maps each participant's `name_key` to their id. Raise ContentError if the file
    as a whole cannot be read as survey answers.
    """
    _check_size(len(data))
    text, encoding = _decode(data)
    lines = list(io.StringIO(text, newline=""))
    delimiter, skip_sep = _dialect(lines)
    rows = _rows(lines, delimiter=delimiter, skip_first=skip_sep)
    first = next(rows, None)
    if first is None:
        raise ContentError("The file holds no rows: it is empty, or every line is blank.")
    last_line, header = first
    by_heading: dict[str, int] = {}
    for question in questions:
        by_heading.setdefault(_squash(question.text), question.id)
        if question.key:
            by_heading.setdefault(_squash(question.key), question.id)
    person_at = when_at = None
    columns: dict[int, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        key = _squash(cell)
        if key in _PERSON and person_at is None:
            person_at = index
        elif key in _WHEN and when_at is None:
            when_at = index
        elif key in by_heading and by_heading[key] not in columns.values():
            columns[index] = by_heading[key]
        elif cell.strip():
            ignored.append(cell.strip())
    if when_at is None:
        raise ContentError("The file has no “Time point” column saying when each row was answered.")
    if not columns:
        raise ContentError("No column of the file is headed with a question of this survey.")
    seen: dict[tuple[int, TimePoint], int] = {}
    answers: list[ImportedAnswer] = []
    problems: list[ImportProblem] = []
    for count, (line, row) in enumerate(rows, start=1):
        if count > MAX_IMPORT_ROWS:
            raise ContentError(f"This file has more than {MAX_IMPORT_ROWS:,} rows of answers.")
        last_line = line
        cells = row + [""] * (len(header) - len(row))
        reasons: list[str] = []
        point = _POINTS.get(_squash(cells[when_at]))
        if point is None:
            reasons.append(
                f"“{cells[when_at].strip()}” is not a time point: use "
                + ", ".join(p.label for p in TimePoint)
            )
        name = cells[person_at].strip() if person_at is not None else ""
        participant_id = None
        if name:
            participant_id = people.get(name_key(name))
            if participant_id is None:
                reasons.append(f"“{name}” is not in this programme's cohort")
            elif point is not None:
                earlier = seen.setdefault((participant_id, point), line)
                if earlier != line:
                    reasons.append(
                        f"“{name}” already answered at this time point on line {earlier}"
                    )
        found: list[tuple[int, int]] = []
        for index, question_id in columns.items():
            value = _answer(cells[index])
            if isinstance(value, str):
                reasons.append(f"{value} (column “{header[index].strip()}”)")
            elif value is not None:
                found.append((question_id, value))
        if reasons:
            problems.extend(ImportProblem(line=line, reason=f"{r}.") for r in reasons)
            continue
        assert point is not None
        answers.extend(
            ImportedAnswer(line, question_id, point, participant_id, value)
            for question_id, value in found
        )
    _check_quotes_closed(lines, start=last_line, delimiter=delimiter)
    return ResponsesImport(
        answers=tuple(answers),
        problems=tuple(problems),
        encoding=encoding,
        ignored_columns=tuple(ignored),
    )
