"""Turn stored rows into frozen snapshots. Only services call these, inside a transaction."""

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from facilitator.domain.enums import SubjectKind
from facilitator.domain.snapshots import (
    AgendaItem,
    AppliedCode,
    Code,
    CodingScheme,
    Method,
    ModuleSummary,
    Observation,
    Organisation,
    Participant,
    SessionSummary,
    Subject,
)
from facilitator.storage.tables import (
    AgendaItemRow,
    CodeRow,
    CodingSchemeRow,
    MethodRow,
    ModuleRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    OrganisationRow,
    ParticipantRow,
    SessionRow,
)


def session_summary(row: SessionRow) -> SessionSummary:
    return SessionSummary(
        id=row.id,
        uuid=row.uuid,
        programme_id=row.programme_id,
        module_id=row.module_id,
        title=row.title,
        date=row.date,
        start_time=row.start_time,
        kind=row.kind,
        status=row.status,
    )


def _session_order(row: SessionRow) -> tuple[object, ...]:
    return (row.date is None, row.date, row.start_time is None, row.start_time, row.id)


def sorted_sessions(rows: list[SessionRow]) -> tuple[SessionSummary, ...]:
    """Return the sessions in date order, undated ones last."""
    return tuple(session_summary(row) for row in sorted(rows, key=_session_order))


def module_summary(row: ModuleRow) -> ModuleSummary:
    return ModuleSummary(
        id=row.id,
        uuid=row.uuid,
        programme_id=row.programme_id,
        position=row.position,
        title=row.title,
        sessions=sorted_sessions(row.sessions),
        days=row.days,
        themes=tuple(row.themes or ()),
    )


def organisation(row: OrganisationRow) -> Organisation:
    return Organisation(id=row.id, uuid=row.uuid, name=row.name, sector=row.sector)


def participant(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id,
        uuid=row.uuid,
        name=row.name,
        role=row.role,
        organisation_id=row.organisation_id,
        organisation_name=row.organisation.name if row.organisation else "",
        pseudonym=row.pseudonym,
        goals=row.goals,
        contact=row.contact,
        notes=row.notes,
    )


def agenda_item(row: AgendaItemRow) -> AgendaItem:
    return AgendaItem(
        id=row.id,
        uuid=row.uuid,
        position=row.position,
        title=row.title,
        method=row.method,
        planned_minutes=row.planned_minutes,
        purpose=row.purpose,
        facilitator_notes=row.facilitator_notes,
        materials=row.materials,
        actual_start=row.actual_start,
        actual_end=row.actual_end,
        is_break=row.is_break,
        pinned_time=row.pinned_time,
        extra_minutes=row.extra_minutes,
    )


def _subject(row: ObservationSubjectRow) -> Subject:
    if row.kind is SubjectKind.PARTICIPANT and row.participant is not None:
        return Subject(
            kind=row.kind, ref_id=row.participant_id, name=row.participant.name, role=row.role
        )
    if row.kind is SubjectKind.ORGANISATION and row.organisation is not None:
        return Subject(
            kind=row.kind, ref_id=row.organisation_id, name=row.organisation.name, role=row.role
        )
    return Subject(kind=SubjectKind.GROUP, ref_id=None, name="Whole group", role=row.role)


def observation_parts() -> tuple[Any, ...]:
    """Return the loader options that read everything `observation()` shows, in few queries."""
    return (
        selectinload(ObservationRow.agenda_item),
        selectinload(ObservationRow.codes)
        .selectinload(ObservationCodeRow.code)
        .selectinload(CodeRow.scheme),
        selectinload(ObservationRow.subjects).options(
            selectinload(ObservationSubjectRow.participant),
            selectinload(ObservationSubjectRow.organisation),
        ),
    )


def observation(row: ObservationRow) -> Observation:
    return Observation(
        id=row.id,
        uuid=row.uuid,
        session_id=row.session_id,
        occurred_at=row.occurred_at,
        offset_seconds=row.offset_seconds,
        duration_seconds=row.duration_seconds,
        agenda_item_id=row.agenda_item_id,
        agenda_item_title=row.agenda_item.title if row.agenda_item else "",
        codes=tuple(
            AppliedCode(
                code_id=applied.code_id,
                scheme_name=applied.code.scheme.name,
                label=applied.code.label,
                colour=applied.code.colour,
                kind=applied.code.kind,
                qualifier=applied.qualifier,
                slug=applied.code.slug,
                scheme_slug=applied.code.scheme.slug,
            )
            for applied in sorted(row.codes, key=lambda applied: applied.id)
        ),
        subjects=tuple(_subject(subject) for subject in sorted(row.subjects, key=lambda s: s.id)),
        note=row.note,
        author=row.author,
        kind=row.kind,
        conflict_id=row.conflict_id,
        number=row.number,
        key_moment=row.key_moment,
        quote=row.quote,
    )


def code(row: CodeRow) -> Code:
    return Code(
        id=row.id,
        uuid=row.uuid,
        slug=row.slug,
        label=row.label,
        description=row.description,
        colour=row.colour,
        key=row.key,
        kind=row.kind,
        qualifier_name=row.qualifier_name,
        qualifier_choices=tuple(row.qualifier_choices or ()),
        exclusive_group=row.exclusive_group,
    )


def coding_scheme(row: CodingSchemeRow) -> CodingScheme:
    return CodingScheme(
        id=row.id,
        uuid=row.uuid,
        slug=row.slug,
        name=row.name,
        description=row.description,
        source=row.source,
        builtin=row.builtin,
        codes=tuple(code(code_row) for code_row in row.codes),
    )


def method(row: MethodRow) -> Method:
    return Method(
        id=row.id,
        uuid=row.uuid,
        title=row.title,
        description=row.description,
        purpose=row.purpose,
        typical_minutes=row.typical_minutes,
        materials=row.materials,
        builtin=row.builtin,
    )


def session_observations(session: Session, session_id: int) -> tuple[Observation, ...]:
    """Return a session's captures in time order, as `observation()` would, read as plain
    columns in three queries: thousands of captures come back without building a row object
    for each capture, code and subject."""
    captures = session.execute(
        select(
            ObservationRow.id,
            ObservationRow.uuid,
            ObservationRow.occurred_at,
            ObservationRow.offset_seconds,
            ObservationRow.duration_seconds,
            ObservationRow.agenda_item_id,
            AgendaItemRow.title,
            ObservationRow.note,
            ObservationRow.author,
            ObservationRow.kind,
            ObservationRow.conflict_id,
            ObservationRow.number,
            ObservationRow.key_moment,
            ObservationRow.quote,
        )
        .outerjoin(AgendaItemRow, AgendaItemRow.id == ObservationRow.agenda_item_id)
        .where(ObservationRow.session_id == session_id)
        .order_by(ObservationRow.offset_seconds, ObservationRow.id)
    ).all()
    codes: defaultdict[int, list[AppliedCode]] = defaultdict(list)
    for row in session.execute(
        select(
            ObservationCodeRow.observation_id,
            ObservationCodeRow.code_id,
            CodingSchemeRow.name,
            CodeRow.label,
            CodeRow.colour,
            CodeRow.kind,
            ObservationCodeRow.qualifier,
            CodeRow.slug,
            CodingSchemeRow.slug,
        )
        .join(CodeRow, CodeRow.id == ObservationCodeRow.code_id)
        .join(CodingSchemeRow, CodingSchemeRow.id == CodeRow.scheme_id)
        .join(ObservationRow, ObservationRow.id == ObservationCodeRow.observation_id)
        .where(ObservationRow.session_id == session_id)
        .order_by(ObservationCodeRow.id)
    ):
        codes[row[0]].append(
            AppliedCode(
                code_id=row[1],
                scheme_name=row[2],
                label=row[3],
                colour=row[4],
                kind=row[5],
                qualifier=row[6],
                slug=row[7],
                scheme_slug=row[8],
            )
        )
    subjects: defaultdict[int, list[Subject]] = defaultdict(list)
    for observation_id, kind, role, person_id, person, place_id, place in session.execute(
        select(
            ObservationSubjectRow.observation_id,
            ObservationSubjectRow.kind,
            ObservationSubjectRow.role,
            ObservationSubjectRow.participant_id,
            ParticipantRow.name,
            ObservationSubjectRow.organisation_id,
            OrganisationRow.name,
        )
        .outerjoin(ParticipantRow, ParticipantRow.id == ObservationSubjectRow.participant_id)
        .outerjoin(OrganisationRow, OrganisationRow.id == ObservationSubjectRow.organisation_id)
        .join(ObservationRow, ObservationRow.id == ObservationSubjectRow.observation_id)
        .where(ObservationRow.session_id == session_id)
        .order_by(ObservationSubjectRow.id)
    ):
        if kind is SubjectKind.PARTICIPANT and person is not None:
            subject = Subject(kind=kind, ref_id=person_id, name=person, role=role)
        elif kind is SubjectKind.ORGANISATION and place is not None:
            subject = Subject(kind=kind, ref_id=place_id, name=place, role=role)
        else:
            subject = Subject(kind=SubjectKind.GROUP, ref_id=None, name="Whole group", role=role)
        subjects[observation_id].append(subject)
    return tuple(
        Observation(
            id=row[0],
            uuid=row[1],
            session_id=session_id,
            occurred_at=row[2],
            offset_seconds=row[3],
            duration_seconds=row[4],
            agenda_item_id=row[5],
            agenda_item_title=row[6] or "",
            codes=tuple(codes.get(row[0], ())),
            subjects=tuple(subjects.get(row[0], ())),
            note=row[7],
            author=row[8],
            kind=row[9],
            conflict_id=row[10],
            number=row[11],
            key_moment=row[12],
            quote=row[13],
        )
        for row in captures
    )
