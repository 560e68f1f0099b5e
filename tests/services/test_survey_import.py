"""Survey answers from a CSV file: reviewed first, bad rows listed, written only on apply."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from facilitator.domain.errors import ContentError
from facilitator.services.surveys import (
    add_starting_questions,
    apply_responses,
    import_responses_csv,
    questions,
    survey_results,
)
from facilitator.storage.database import Database
from facilitator.storage.tables import ParticipantRow, ProgrammeRow, SurveyResponseRow


@pytest.fixture
def programme_id(store: Database) -> int:
    """Return a programme with two participants and the starting questions."""
    with store.transaction() as session:
        programme = ProgrammeRow(title="Imported")
        programme.participants.extend(
            [ParticipantRow(name="Zoë O’Neill"), ParticipantRow(name="Ben Ward")]
        )
        session.add(programme)
        session.flush()
        new_id = programme.id
    add_starting_questions(store, new_id)
    return new_id


def count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(SurveyResponseRow)) or 0


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "answers.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_file_is_reviewed_then_applied(
    store: Database, programme_id: int, tmp_path: Path
) -> None:
    """Good rows wait in the plan; bad rows are listed by line; apply writes the good ones."""
    first, second = questions(store, programme_id)[:2]
    path = write(
        tmp_path,
        f"Participant;Time point;{first.text};strong-network;Comments\n"
        "zoe o'neill;Baseline;2;Agree;fine\n"
        ";End of programme;5;4;\n"
        "Nobody Known;Baseline;3;3;\n"
        "Ben Ward;Midway;3;7;\n"
        "Zoë O’Neill;baseline;4;4;\n",
        encoding="cp1252",
    )
    before = count(store)
    plan = import_responses_csv(store, programme_id, path)
    assert count(store) == before, "reading the file writes nothing"
    assert plan.encoding == "Windows-1252"
    assert plan.ignored_columns == ("Comments",)
    assert [(p.line, p.reason[:12]) for p in plan.problems] == [
        (4, "“Nobody Know"),
        (5, "“Midway” is "),
        (5, "“7” is not a"),
        (6, "“Zoë O’Neill"),
    ]
    assert len(plan.answers) == 4
    apply_responses(store, plan)
    assert count(store) == before + 4
    by_key = {(r.question, r.time_point): r for r in survey_results(store, programme_id)}
    baseline = by_key[(second.text, "baseline")]
    assert (baseline.n, baseline.agree) == (1, 1)
    end = by_key[(first.text, "end")]
    assert (end.n, end.strongly_agree) == (1, 1)


def test_a_file_without_questions_is_refused(
    store: Database, programme_id: int, tmp_path: Path
) -> None:
    """A file with no time point column, or no question columns, is refused whole."""
    with pytest.raises(ContentError, match="Time point"):
        import_responses_csv(store, programme_id, write(tmp_path, "Participant,Q\nBen Ward,4\n"))
    with pytest.raises(ContentError, match="No column"):
        import_responses_csv(
            store, programme_id, write(tmp_path, "Participant,Time point,Q\nBen Ward,End,4\n")
        )
