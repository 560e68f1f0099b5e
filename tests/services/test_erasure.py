"""Erasing a participant: their name out of every record and out of the file's bytes."""

import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from facilitator.domain.errors import NotFoundError
from facilitator.domain.fields import ParticipantFields
from facilitator.domain.leftovers import HONORIFICS
from facilitator.domain.privacy import ERASED
from facilitator.domain.pseudonyms import _STOP_WORDS
from facilitator.services.erasure import erase_participant, erasure_preview
from facilitator.services.programmes import programme_detail
from facilitator.services.roster import add_participant
from facilitator.services.search import search
from facilitator.services.store import integrity_problems, open_store
from facilitator.storage.backup import backup_database, list_backups
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    ActionRow,
    AttendanceRow,
    ObservationRow,
    ObservationSubjectRow,
    ParticipantRow,
)
from tests.conftest import TODAY
from tests.services.privacy_data import (
    HELEN,
    JULIAN,
    another_programme_mentioning,
    day_one_id,
    file_bytes,
    name_everywhere,
    sample_person,
    spellings,
    texts_matching,
)
from tests.storage.test_migrations import SEARCH_INDEXES, search_problems


def counts(db: Database) -> tuple[int, int]:
    """Return how many captures there are, and how many subject links."""
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(ObservationRow)),
            session.scalar(select(func.count()).select_from(ObservationSubjectRow)),
        )


def links_of(db: Database, participant_id: int) -> int:
    with db.reading() as session:
        return session.scalar(
            select(func.count()).where(ObservationSubjectRow.participant_id == participant_id)
        )


def test_the_name_is_gone_from_the_files_bytes(store: Database) -> None:
    """After erasure no spelling of the name or its parts is anywhere in the file on disk:
    not in notes, write-ups, actions, conflicts, parking items, other people's notes or the
    library, and not in free pages or the write-ahead log either."""
    name_everywhere(store)
    helen = sample_person(store, HELEN)
    before = file_bytes(store)
    assert b"Marchbank" in before and b"MARCHBANK" in before and b"marchbank" in before

    report = erase_participant(store, helen.id)

    assert report.compacted
    after = file_bytes(store)
    for word in ("Helen Marchbank", "Helen", "Marchbank"):
        for spelling in spellings(word):
            assert spelling not in after, spelling
    assert texts_matching(store, r"\bHM\b") == []  # the sample's notes call her HM
    assert texts_matching(store, r"(?i)helen|marchbank") == []
    assert integrity_problems(store) == []


def test_every_place_gets_the_marker(store: Database) -> None:
    """Each mention becomes "[erased]"; an action she alone owned has no owner now; one she
    shared keeps the other owner; another person's full name stays whole."""
    name_everywhere(store)
    helen = sample_person(store, HELEN)
    report = erase_participant(store, helen.id)
    julian = sample_person(store, JULIAN)
    assert julian.notes == f"Gets on well with {ERASED}; {ERASED}'s ally."
    with store.reading() as session:
        owners = {a.text: a.owner for a in session.scalars(select(ActionRow))}
    assert owners[f"Send {ERASED} the paper"] == ""  # "Dr Marchbank" goes whole
    assert owners["Share the grant history"] == f"{ERASED} and {JULIAN}"
    assert texts_matching(store, r"\[erased\] opened the day\.\n\nJulian Brackley replied")
    assert texts_matching(store, r"^\[erased\] and the ICB$")
    assert texts_matching(store, r"^\[erased\]’s view was heard\.$")
    assert texts_matching(store, r"^Ask \[erased\] about winter$")
    assert texts_matching(store, r"\[erased\]'s module")  # a saved template: her full name
    where = {place.where for place in report.places}
    assert {"Capture", "Write-up", "Action or agreement", "Conflict", "Parking lot"} <= where
    assert {"Another participant's record", "Programme details", "Saved template"} <= where
    assert report.mentions >= report.records > 10


def test_links_go_and_captures_stay(store: Database) -> None:
    """Her subject links and attendance go; every capture stays, those only about her now
    about nobody; nobody else's links change."""
    helen = sample_person(store, HELEN)
    julian = sample_person(store, JULIAN)
    captures, links = counts(store)
    hers, his = links_of(store, helen.id), links_of(store, julian.id)
    assert hers and his
    others_before = programme_detail(store, sample_programme(store)).participants

    report = erase_participant(store, helen.id)

    assert counts(store) == (captures, links - hers)
    assert report.links == hers and report.attendance == 2
    assert links_of(store, julian.id) == his
    with store.reading() as session:
        assert session.get(ParticipantRow, helen.id) is None
        assert not session.scalar(
            select(func.count()).where(AttendanceRow.participant_id == helen.id)
        )
        orphans = session.scalar(
            select(func.count())
            .select_from(ObservationRow)
            .where(~ObservationRow.subjects.any())
            .where(ObservationRow.session_id == day_one_id(store))
        )
    assert report.unlinked_captures >= 1 and orphans >= report.unlinked_captures
    others_after = programme_detail(store, sample_programme(store)).participants
    assert [p.name for p in others_after] == [p.name for p in others_before if p.name != HELEN]
    untouched = [p for p in others_before if p.name not in (HELEN, JULIAN)]
    assert untouched == [p for p in others_after if p.name != JULIAN]


def sample_programme(db: Database) -> int:
    from facilitator.services.programmes import list_programmes

    return next(p.id for p in list_programmes(db) if p.is_sample)


def test_elsewhere_only_the_full_name_goes(store: Database) -> None:
    """In another programme her full name is erased, but a lone "Helen" (most likely someone
    else there) is left as it was."""
    other = another_programme_mentioning(store, "Helen Marchbank visited. Helen from finance.")
    erase_participant(store, sample_person(store, HELEN).id)
    assert programme_detail(store, other).notes == f"{ERASED} visited. Helen from finance."


def test_same_name_in_another_programme_is_reported(store: Database) -> None:
    """Someone with the same name elsewhere is left alone, and the report says where."""
    other = another_programme_mentioning(store, "")
    twin = add_participant(store, other, ParticipantFields(name=HELEN))
    report = erase_participant(store, sample_person(store, HELEN).id)
    assert report.same_name_in == ("Cohort 3",)
    assert [p.id for p in programme_detail(store, other).participants] == [twin]


def test_preview_counts_without_changing(store: Database) -> None:
    """The preview says what erasure would do and changes nothing."""
    name_everywhere(store)
    helen = sample_person(store, HELEN)
    backup_database(store.path, reason="manual")
    before = file_bytes(store)
    preview = erasure_preview(store, helen.id)
    assert (preview.name, preview.attendance, preview.backups) == (HELEN, 2, 1)
    assert preview.captures == links_of(store, helen.id)
    report = erase_participant(store, helen.id)
    assert (preview.mentions, preview.records) == (report.mentions, report.records)
    assert before.count(b"Marchbank") and not file_bytes(store).count(b"Marchbank")


def test_backups_go_only_when_asked(store: Database) -> None:
    """Backups made before the erasure stay unless asked for; then they all go."""
    backup_database(store.path, reason="manual")
    helen = sample_person(store, HELEN)
    report = erase_participant(store, helen.id)
    assert report.backups_removed == 0 and len(list_backups(store.path.parent)) == 1
    julian = sample_person(store, JULIAN)
    report = erase_participant(store, julian.id, delete_backups=True)
    assert report.backups_removed == 1 and list_backups(store.path.parent) == []


def test_a_missing_participant_is_refused(store: Database) -> None:
    """Erasing someone who is not there says so and changes nothing."""
    try:
        erase_participant(store, 99_999)
    except NotFoundError as error:
        assert "no longer exists" in str(error)
    else:
        raise AssertionError("erasing nobody should be refused")


# Random names: whatever the name, its bytes are gone afterwards ---------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzéèáàöüïçñøå"
word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWYZÉÖÅ"),
    st.text(alphabet=LETTERS, min_size=3, max_size=9),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=word, last=word)
@example(first="Eaaaaa", last="Éaaaaa")  # two names the same but for an accent
def test_any_name_is_gone_from_the_bytes(template_data_dir: Path, first: str, last: str) -> None:
    """A random person, named in notes and write-ups in several spellings, leaves no trace
    of their name, first name or surname in the file after erasure."""
    name = f"{first} {last}"
    assume(first.casefold() != last.casefold())
    assume(not {first.casefold(), last.casefold()} & (HONORIFICS | _STOP_WORDS))
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir(mode=0o700)
        shutil.copy(template_data_dir / "facilitator.sqlite3", data_dir / "facilitator.sqlite3")
        db = open_store(data_dir, today=TODAY)
        try:
            before = file_bytes(db)
            forms = [f for w in (name, first, last) for f in spellings(w)]
            assume(not any(form in before for form in forms))
            programme = sample_programme(db)
            person = add_participant(db, programme, ParticipantFields(name=name))
            name_everywhere(db, name=name)
            assert any(form in file_bytes(db) for form in forms)
            erase_participant(db, person)
            after = file_bytes(db)
            assert [form for form in forms if form in after] == []
        finally:
            db.close()


def test_an_erased_name_is_neither_found_nor_left_in_the_search_index(store: Database) -> None:
    """Search finds the marker, not the name; the index's own tables keep no trace of it."""
    name_everywhere(store)
    helen = sample_person(store, HELEN)
    assert search(store, "Marchbank").count and search(store, "helen").count
    assert b"marchbank" in search_index_bytes(store)  # the index keeps words in lower case

    erase_participant(store, helen.id)

    for word in ("Marchbank", "marchb", "Helen", '"Helen Marchbank"'):
        assert search(store, word).count == 0, word
    assert search(store, "erased").count
    assert b"marchbank" not in search_index_bytes(store)
    for spelling in spellings("Marchbank"):
        assert spelling not in file_bytes(store)
    assert search_problems(store.path) == []


def search_index_bytes(db: Database) -> bytes:
    with closing(sqlite3.connect(db.path)) as connection:
        return b"".join(
            block
            for index in SEARCH_INDEXES
            for (block,) in connection.execute(f"SELECT block FROM {index}_data")
            if block
        )
