"""An access request: everything about one participant, nothing about the others."""

import json
from pathlib import Path

from sqlalchemy import select

from facilitator.domain.enums import SubjectKind
from facilitator.domain.fields import ParticipantFields
from facilitator.domain.privacy import ANOTHER_PARTICIPANT
from facilitator.services.programmes import session_detail
from facilitator.services.roster import add_participant, update_participant
from facilitator.services.subject_access import subject_access, write_subject_access_file
from facilitator.storage.database import Database
from facilitator.storage.tables import ObservationRow, ObservationSubjectRow
from tests.services.privacy_data import (
    HELEN,
    JULIAN,
    day_one_id,
    name_everywhere,
    sample_person,
)

HOSTILE = "Eve <script>alert('x')</script> O'Hara"


def captures_about(db: Database, participant_id: int) -> set[int]:
    with db.reading() as session:
        return set(
            session.scalars(
                select(ObservationSubjectRow.observation_id).where(
                    ObservationSubjectRow.participant_id == participant_id
                )
            )
        )


def numbers(db: Database, ids: set[int]) -> set[int]:
    with db.reading() as session:
        return set(session.scalars(select(ObservationRow.number).where(ObservationRow.id.in_(ids))))


def test_every_capture_about_them_and_none_only_about_others(store: Database) -> None:
    """Every capture about, from or to Helen is in, and those naming her (as HM) too; a
    capture about others that never names her is not."""
    helen = sample_person(store, HELEN)
    access = subject_access(store, helen.id)
    listed = {c.number for c in access.captures}
    assert numbers(store, captures_about(store, helen.id)) <= listed
    day = session_detail(store, day_one_id(store))
    for observation in day.observations:
        about_her = any(
            s.kind is SubjectKind.PARTICIPANT and s.ref_id == helen.id for s in observation.subjects
        )
        names_her = "HM" in observation.note.split() or "Helen" in observation.note
        assert (observation.number in listed) == (about_her or names_her), observation.note
    assert {c.their_part for c in access.captures} <= {
        "About you",
        "From you",
        "To you",
        "Mentions you",
        "About you, From you",
        "About you, To you",
        "From you, To you",
    }
    assert [s.title for s in access.attended] == ["Day one", "Day two"]


def test_other_participants_are_never_named(store: Database) -> None:
    """Other people appear as "another participant", in notes and in who a capture is about;
    their initials too, but Helen's own name stays."""
    helen = sample_person(store, HELEN)
    access = subject_access(store, helen.id)
    text = json.dumps([c.note + c.who for c in access.captures])
    assert JULIAN not in text and "Julian" not in text
    assert ANOTHER_PARTICIPANT in text.lower()
    assert any("HM" in c.note for c in access.captures)
    assert any(HELEN in c.who for c in access.captures)


def test_other_mentions_are_the_paragraphs_that_name_them(store: Database) -> None:
    """Write-ups, parking items, conflicts, agenda notes and others' notes show only the
    paragraphs naming Helen; actions she owns or that name her are listed."""
    name_everywhere(store)
    helen = sample_person(store, HELEN)
    access = subject_access(store, helen.id)
    where = {m.where: m.text for m in access.mentions}
    assert where["Write-up: Summary"].startswith(f"{HELEN} opened the day.")
    assert "Nothing else" not in where["Write-up: Summary"]
    assert "\n\nAnother participant replied to _Helen_." in where["Write-up: Summary"]
    assert where["Parking lot"] == "Ask helen marchbank about winter"
    assert where["Conflict"] == "HELEN MARCHBANK and the ICB"
    assert (
        where["Another participant's record"] == "Gets on well with HELEN MARCHBANK; Helen's ally."
    )
    assert where["Agenda"] == "Pair Helen with another participant."
    assert {a.owner for a in access.actions} == {"Helen and another participant", HELEN}


def test_the_page_escapes_every_text(store: Database, tmp_path: Path) -> None:
    """A name or note holding markup shows as text: no tag of it reaches the page."""
    helen = sample_person(store, HELEN)
    programme_id = helen_programme(store, helen.id)
    eve = add_participant(store, programme_id, ParticipantFields(name=HOSTILE))
    update_participant(
        store,
        eve,
        ParticipantFields(name=HOSTILE, goals="<img src=x onerror=alert(1)> & more"),
    )
    path = tmp_path / "eve.html"
    write_subject_access_file(store, eve, path)
    page = path.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "Eve &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; O&#x27;Hara" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in page
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page
    assert "http" not in page.lower().replace("http-equiv", "")  # nothing to fetch


def test_json_holds_the_same(store: Database, tmp_path: Path) -> None:
    """The JSON file has the record, every capture and ISO dates."""
    helen = sample_person(store, HELEN)
    path = tmp_path / "helen.json"
    access = write_subject_access_file(store, helen.id, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["person"]["name"] == HELEN
    assert len(data["captures"]) == len(access.captures)
    assert data["attended"][0]["date"] == access.attended[0].date.isoformat()


def helen_programme(db: Database, participant_id: int) -> int:
    from facilitator.storage.tables import ParticipantRow

    with db.reading() as session:
        return session.get(ParticipantRow, participant_id).programme_id


def test_the_access_file_holds_the_persons_own_survey_answers(store, tmp_path) -> None:
    """Survey answers given under the person's name are in the file, with question and time."""
    from facilitator.services.programmes import list_programmes, programme_detail
    from facilitator.services.subject_access import subject_access, write_subject_access_file

    (programme,) = list_programmes(store)
    helen = next(
        p for p in programme_detail(store, programme.id).participants if p.name == "Helen Marchbank"
    )
    access = subject_access(store, helen.id)
    assert access.survey_answers, "the sample has her baseline and end-of-programme answers"
    points = {answer.time_point for answer in access.survey_answers}
    assert points == {"Baseline", "End of programme"}
    out = tmp_path / "helen.html"
    write_subject_access_file(store, helen.id, out)
    assert "Your survey answers" in out.read_text(encoding="utf-8")
