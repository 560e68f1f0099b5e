"""An access request: everything the file holds about one participant, as a readable file.

It gathers their record, the sessions they attended, every capture about, from or to them or
whose note names them, the actions they own or that name them, and every other paragraph of
free text that names them: the same places, found with the same matching, that an erasure
would change (see `mentions`). Other participants appear only as "another participant".
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from facilitator.domain.capture_text import codes_text, who_text
from facilitator.domain.enums import SubjectKind, SubjectRole, TimePoint
from facilitator.domain.name_matching import strings_in_json
from facilitator.domain.narrative_sections import SECTIONS
from facilitator.domain.privacy import (
    ANOTHER_PARTICIPANT,
    AccessAction,
    AccessAnswer,
    AccessCapture,
    AccessMention,
    AccessRecord,
    AccessSession,
    SubjectAccess,
)
from facilitator.domain.snapshots import Observation
from facilitator.domain.survey_results import Agreement
from facilitator.domain.timezones import zone
from facilitator.services import snapshots
from facilitator.services.lookup import fetch
from facilitator.services.mentions import (
    PersonMatchers,
    cells_naming,
    matchers_for,
    others_hidden,
    place,
)
from facilitator.storage.database import Database
from facilitator.storage.privacy import TextCell
from facilitator.storage.tables import (
    ActionRow,
    AttendanceRow,
    NarrativeSectionRow,
    ObservationRow,
    ObservationSubjectRow,
    ParticipantRow,
    SessionRow,
    SurveyQuestionRow,
    SurveyResponseRow,
)

# The file is written to the person: "you".
_PART = {SubjectRole.ABOUT: "About you", SubjectRole.FROM: "From you", SubjectRole.TO: "To you"}
MENTIONS_YOU = "Mentions you"
_SECTION_TITLES = {section.key: section.title for section in SECTIONS}


def subject_access(db: Database, participant_id: int) -> SubjectAccess:
    """Return everything held about one participant."""
    with db.reading() as session:
        person = fetch(session, ParticipantRow, participant_id, what="That participant")
        hide = others_hidden(session, person)
        in_programme = hide.inside.replace
        record = AccessRecord(
            name=person.name,
            role=person.role,
            organisation=person.organisation.name if person.organisation else "",
            pseudonym=person.pseudonym,
            contact=person.contact,
            goals=in_programme(person.goals)[0],
            notes=in_programme(person.notes)[0],
            programme_title=person.programme.title,
            programme_start=person.programme.start_date,
            programme_end=person.programme.end_date,
        )
        attended = session.scalars(
            select(SessionRow)
            .join(AttendanceRow, AttendanceRow.session_id == SessionRow.id)
            .where(AttendanceRow.participant_id == participant_id)
        ).all()
        find = matchers_for(session, person)
        cells = list(cells_naming(session, person, find))
        return SubjectAccess(
            made_at=datetime.now(UTC),
            person=record,
            attended=tuple(
                AccessSession(in_programme(s.title)[0], s.date, s.venue)
                for s in sorted(attended, key=lambda s: (s.date or date.min, s.title))
            ),
            captures=_captures(session, person, cells, hide),
            actions=_actions(session, cells, hide),
            mentions=_mentions(session, cells, find, hide),
            survey_answers=_survey_answers(session, participant_id),
        )


def _survey_answers(session: Session, participant_id: int) -> tuple[AccessAnswer, ...]:
    rows = session.execute(
        select(SurveyQuestionRow.text, SurveyResponseRow.time_point, SurveyResponseRow.answer)
        .join(SurveyQuestionRow, SurveyQuestionRow.id == SurveyResponseRow.question_id)
        .where(SurveyResponseRow.participant_id == participant_id)
        .order_by(SurveyQuestionRow.position, SurveyResponseRow.time_point)
    ).all()
    answers = []
    for question, time_point, answer in rows:
        point = (
            TimePoint(time_point).label
            if time_point in {t.value for t in TimePoint}
            else time_point
        )
        scale = Agreement(answer).label if 1 <= answer <= 5 else str(answer)
        answers.append(AccessAnswer(question, point, f"{scale} ({answer})"))
    return tuple(answers)


def write_subject_access_file(db: Database, participant_id: int, path: Path) -> SubjectAccess:
    """Gather everything held about a participant and write it to `path`: a web page (.html,
    readable in any browser and printable) or JSON (.json) for another program."""
    from facilitator.reports.access_file import write_access_file

    access = subject_access(db, participant_id)
    write_access_file(access, Path(path))
    return access


def _captures(
    session: Session, person: ParticipantRow, cells: list[TextCell], hide: PersonMatchers
) -> tuple[AccessCapture, ...]:
    linked = select(ObservationSubjectRow.observation_id).where(
        ObservationSubjectRow.participant_id == person.id
    )
    named = {cell.key[0] for cell in cells if cell.table == "observation"}
    rows = session.scalars(
        select(ObservationRow)
        .where(ObservationRow.id.in_(linked) | ObservationRow.id.in_(named))
        .options(*snapshots.observation_parts(), selectinload(ObservationRow.session))
        .order_by(ObservationRow.occurred_at, ObservationRow.id)
    ).all()
    captures = []
    for row in rows:
        observation = snapshots.observation(row)
        roles = [
            s.role for s in observation.subjects if s.kind is SubjectKind.PARTICIPANT and s.ref_id
        ]
        mine = [
            _PART[s.role]
            for s in observation.subjects
            if s.kind is SubjectKind.PARTICIPANT and s.ref_id == person.id
        ]
        in_own = row.session.programme_id == person.programme_id
        matcher = hide.inside if in_own else hide.outside
        captures.append(
            AccessCapture(
                session_title=matcher.replace(row.session.title)[0],
                session_date=row.session.date,
                local_time=row.occurred_at.astimezone(zone(row.session.timezone)).time(),
                occurred_at=row.occurred_at,
                number=row.number,
                what=codes_text(observation),
                who=who_text(_others_unnamed(observation, person.id)) if roles else "",
                their_part=", ".join(dict.fromkeys(mine)) or MENTIONS_YOU,
                note=matcher.replace(row.note)[0],
                agenda_item=matcher.replace(observation.agenda_item_title)[0],
                key_moment=row.key_moment,
                quote=row.quote,
            )
        )
    return tuple(captures)


def _others_unnamed(observation: Observation, person_id: int) -> Observation:
    subjects = tuple(
        replace(subject, name=ANOTHER_PARTICIPANT.capitalize())
        if subject.kind is SubjectKind.PARTICIPANT and subject.ref_id != person_id
        else subject
        for subject in observation.subjects
    )
    return replace(observation, subjects=subjects)


def _actions(
    session: Session, cells: list[TextCell], hide: PersonMatchers
) -> tuple[AccessAction, ...]:
    ids = {cell.key[0] for cell in cells if cell.table == "action"}
    rows = session.scalars(
        select(ActionRow)
        .where(ActionRow.id.in_(ids))
        .options(selectinload(ActionRow.session))
        .order_by(ActionRow.created_at, ActionRow.id)
    ).all()
    actions = []
    for row in rows:
        matcher = hide.for_cell(_cell_of(cells, "action", row.id))
        actions.append(
            AccessAction(
                session_title=matcher.replace(row.session.title)[0],
                session_date=row.session.date,
                text=matcher.replace(row.text)[0],
                owner=matcher.replace(row.owner)[0],
                due=row.due,
                done=row.done,
                is_agreement=row.is_agreement,
            )
        )
    return tuple(actions)


def _cell_of(cells: Iterable[TextCell], table: str, key: int) -> TextCell:
    return next(cell for cell in cells if cell.table == table and cell.key == (key,))


def _mentions(
    session: Session, cells: list[TextCell], find: PersonMatchers, hide: PersonMatchers
) -> tuple[AccessMention, ...]:
    """Return the paragraphs naming the person in every other place, in session order."""
    found = [cell for cell in cells if cell.table not in ("observation", "action")]
    session_ids = {cell.session_id for cell in found if cell.session_id is not None}
    sessions = {
        row.id: row
        for row in session.scalars(select(SessionRow).where(SessionRow.id.in_(session_ids)))
    }
    section_ids = [cell.key[0] for cell in found if cell.table == "narrative_section"]
    sections = dict(
        session.execute(
            select(NarrativeSectionRow.id, NarrativeSectionRow.section).where(
                NarrativeSectionRow.id.in_(section_ids)
            )
        ).all()
    )
    mentions = []
    for cell in found:
        texts = strings_in_json(cell.value) if cell.is_json else [cell.value]
        paragraphs = [
            paragraph
            for text in texts
            if isinstance(text, str)
            for paragraph in find.for_cell(cell).paragraphs_mentioning(text)
        ]
        if not paragraphs:
            continue
        where = place(cell.table)
        if cell.table == "narrative_section":
            where = f"Write-up: {_SECTION_TITLES.get(sections.get(cell.key[0], ''), 'Notes')}"
        hidden = hide.for_cell(cell).replace
        owner = sessions.get(cell.session_id) if cell.session_id is not None else None
        mentions.append(
            AccessMention(
                where=where,
                session_title=hidden(owner.title)[0] if owner else "",
                session_date=owner.date if owner else None,
                text="\n\n".join(hidden(paragraph)[0] for paragraph in paragraphs),
            )
        )
    return tuple(
        sorted(
            mentions,
            key=lambda m: (m.session_date is None, m.session_date or date.min, m.session_title),
        )
    )
