"""The database tables as SQLAlchemy 2 typed models.

Every data row has an integer key for joins and a UUID so that rows can move between laptops
without clashing. Times of day in the room are stored as naive local dates and times; moments
(when an observation was taken) are stored in UTC.
"""

import uuid
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from facilitator.domain.enums import (
    CaptureKind,
    CodeKind,
    ConflictStatus,
    Sector,
    SessionKind,
    SessionStatus,
    SubjectKind,
    SubjectRole,
)
from facilitator.domain.timezones import DEFAULT_TIMEZONE

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored as naive UTC and read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("moments must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _enum(enum_class: type) -> Enum:
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, date: Date, time: Time}


class RowIdentity:
    """The integer key and UUID every data row carries."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)


class AppMetaRow(Base):
    """Facts about this database file, such as whether first-run content was loaded."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ProgrammeRow(RowIdentity, Base):
    __tablename__ = "programme"

    title: Mapped[str] = mapped_column(String(200))
    client_system: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    facilitators: Mapped[str] = mapped_column(String(400), default="", server_default="")
    # A cohort larger than this gets a warning, never a refusal.
    cohort_cap: Mapped[int] = mapped_column(default=16, server_default="16")
    # The group's agreed principles for working together, one per line, for the room view.
    working_principles: Mapped[str] = mapped_column(Text, default="", server_default="")
    is_sample: Mapped[bool] = mapped_column(default=False)

    organisations: Mapped[list["OrganisationRow"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )
    participants: Mapped[list["ParticipantRow"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )
    modules: Mapped[list["ModuleRow"]] = relationship(
        back_populates="programme",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ModuleRow.position",
    )
    sessions: Mapped[list["SessionRow"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )


class OrganisationRow(RowIdentity, Base):
    __tablename__ = "organisation"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[Sector] = mapped_column(_enum(Sector))

    programme: Mapped[ProgrammeRow] = relationship(back_populates="organisations")


class ParticipantRow(RowIdentity, Base):
    __tablename__ = "participant"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    pseudonym: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # From the telephone conversation before the programme starts.
    goals: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    programme: Mapped[ProgrammeRow] = relationship(back_populates="participants")
    organisation: Mapped[OrganisationRow | None] = relationship()


class ModuleRow(RowIdentity, Base):
    __tablename__ = "module"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    days: Mapped[int | None]

    programme: Mapped[ProgrammeRow] = relationship(back_populates="modules")
    sessions: Mapped[list["SessionRow"]] = relationship(back_populates="module")


class SessionRow(RowIdentity, Base):
    __tablename__ = "session"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date | None]
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    venue: Mapped[str] = mapped_column(String(200), default="")
    # The zone of the room: date and start_time are its clock; moments show in it too.
    timezone: Mapped[str] = mapped_column(
        String(64), default=DEFAULT_TIMEZONE, server_default=DEFAULT_TIMEZONE
    )
    kind: Mapped[SessionKind] = mapped_column(_enum(SessionKind))
    status: Mapped[SessionStatus] = mapped_column(
        _enum(SessionStatus), default=SessionStatus.PLANNED
    )
    # The live clock: when the session went live, time spent paused (and since when, while
    # paused), and when it finished. Enough to reopen a live session where it was.
    live_started_at: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]
    paused_seconds: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    finished_at: Mapped[datetime | None]
    # The number the latest capture was given; numbers are never handed out twice, so a
    # citation of a deleted capture never comes to mean another one.
    last_capture_number: Mapped[int] = mapped_column(default=0, server_default="0")

    programme: Mapped[ProgrammeRow] = relationship(back_populates="sessions")
    module: Mapped[ModuleRow | None] = relationship(back_populates="sessions")
    attendances: Mapped[list["AttendanceRow"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    schemes: Mapped[list["SessionSchemeRow"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    agenda_items: Mapped[list["AgendaItemRow"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AgendaItemRow.position"
    )
    observations: Mapped[list["ObservationRow"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )


class AttendanceRow(RowIdentity, Base):
    """A participant ticked as attending a session."""

    __tablename__ = "session_attendee"
    __table_args__ = (UniqueConstraint("session_id", "participant_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))

    participant: Mapped[ParticipantRow] = relationship()


class SessionSchemeRow(RowIdentity, Base):
    """A coding scheme in use in a session: its keys are live in the capture panel."""

    __tablename__ = "session_scheme"
    __table_args__ = (UniqueConstraint("session_id", "scheme_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("coding_scheme.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    scheme: Mapped["CodingSchemeRow"] = relationship()


class AgendaItemRow(RowIdentity, Base):
    __tablename__ = "agenda_item"
    __table_args__ = (
        CheckConstraint(
            "planned_minutes >= 0 AND planned_minutes <= 1440", name="minutes_within_a_day"
        ),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(200), default="")
    planned_minutes: Mapped[int] = mapped_column(default=0)
    purpose: Mapped[str] = mapped_column(Text, default="")
    facilitator_notes: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(Text, default="")
    is_break: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Time added while the session runs ("five more minutes"), on top of the plan.
    extra_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    # An item that must start at a fixed clock time, such as lunch at 12:30.
    pinned_time: Mapped[time | None]
    actual_start: Mapped[datetime | None]
    actual_end: Mapped[datetime | None]


class MethodRow(RowIdentity, Base):
    """A reusable activity in the method library; built-in ones carry a slug."""

    __tablename__ = "method"

    slug: Mapped[str | None] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    typical_minutes: Mapped[int] = mapped_column(default=30)
    materials: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(default=False)


class ProgrammeTemplateRow(RowIdentity, Base):
    """A programme shape the user saved with "Save as template": its modules, as JSON."""

    __tablename__ = "programme_template"

    title: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    cohort_cap: Mapped[int] = mapped_column(default=16)
    modules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class CodingSchemeRow(RowIdentity, Base):
    __tablename__ = "coding_scheme"

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(default=False)

    codes: Mapped[list["CodeRow"]] = relationship(
        back_populates="scheme",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CodeRow.position",
    )


class CodeRow(RowIdentity, Base):
    __tablename__ = "code"
    __table_args__ = (
        UniqueConstraint("scheme_id", "key"),
        UniqueConstraint("scheme_id", "slug"),
        CheckConstraint("length(key) = 1", name="key_one_character"),
        CheckConstraint(
            "exclusive_group IS NULL OR kind = 'state'", name="exclusive_only_for_states"
        ),
    )

    scheme_id: Mapped[int] = mapped_column(ForeignKey("coding_scheme.id", ondelete="CASCADE"))
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7))
    key: Mapped[str] = mapped_column(String(1))
    kind: Mapped[CodeKind] = mapped_column(_enum(CodeKind))
    qualifier_name: Mapped[str | None] = mapped_column(String(100))
    qualifier_choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    exclusive_group: Mapped[str | None] = mapped_column(String(64))

    scheme: Mapped[CodingSchemeRow] = relationship(back_populates="codes")


class ObservationRow(RowIdentity, Base):
    __tablename__ = "observation"
    __table_args__ = (
        Index("ix_observation_session_offset", "session_id", "offset_seconds"),
        # Finding a session's running states (no duration yet) at every state key press.
        Index("ix_observation_session_duration", "session_id", "duration_seconds"),
        # The number a narrative cites ("[#12]"): given once, in the order captures are made.
        Index("ix_observation_session_number", "session_id", "number", unique=True),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime]
    offset_seconds: Mapped[float] = mapped_column(Float)
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[CaptureKind] = mapped_column(
        _enum(CaptureKind), default=CaptureKind.CODED, server_default=CaptureKind.CODED.value
    )
    conflict_id: Mapped[int | None] = mapped_column(
        ForeignKey("conflict.id", ondelete="SET NULL"), index=True
    )
    # Set by the store as the row is first written (see storage.numbering).
    number: Mapped[int | None]
    key_moment: Mapped[bool] = mapped_column(default=False, server_default="0")
    quote: Mapped[bool] = mapped_column(default=False, server_default="0")

    session: Mapped[SessionRow] = relationship(back_populates="observations")
    agenda_item: Mapped[AgendaItemRow | None] = relationship()
    conflict: Mapped["ConflictRow | None"] = relationship()
    codes: Mapped[list["ObservationCodeRow"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    subjects: Mapped[list["ObservationSubjectRow"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class ObservationCodeRow(RowIdentity, Base):
    """A code applied to an observation; a code in use cannot be deleted."""

    __tablename__ = "observation_code"
    __table_args__ = (UniqueConstraint("observation_id", "code_id"),)

    observation_id: Mapped[int] = mapped_column(ForeignKey("observation.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="RESTRICT"), index=True)
    qualifier: Mapped[str | None] = mapped_column(String(100))

    code: Mapped[CodeRow] = relationship()


class ObservationSubjectRow(RowIdentity, Base):
    """Who an observation is about: one participant, one organisation, or the whole group."""

    __tablename__ = "observation_subject"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'participant' AND participant_id IS NOT NULL AND organisation_id IS NULL)"
            " OR (kind = 'organisation' AND organisation_id IS NOT NULL"
            " AND participant_id IS NULL)"
            " OR (kind = 'group' AND participant_id IS NULL AND organisation_id IS NULL)",
            name="subject_matches_kind",
        ),
    )

    # Indexed: a session's captures are read with their subjects, and a capture deleted
    # takes its subjects with it; neither may scan every subject of years of sessions.
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[SubjectKind] = mapped_column(_enum(SubjectKind))
    role: Mapped[SubjectRole] = mapped_column(
        _enum(SubjectRole), default=SubjectRole.ABOUT, server_default=SubjectRole.ABOUT.value
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )

    participant: Mapped[ParticipantRow | None] = relationship()
    organisation: Mapped[OrganisationRow | None] = relationship()


class ConflictRow(RowIdentity, Base):
    """A conflict with a life: surfaced in one session, worked on, resolved or parked."""

    __tablename__ = "conflict"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("session.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[ConflictStatus] = mapped_column(
        _enum(ConflictStatus), default=ConflictStatus.OPEN
    )
    opened_at: Mapped[datetime]
    in_room: Mapped[bool] = mapped_column(default=False, server_default="0")  # approved to show

    programme: Mapped[ProgrammeRow] = relationship()
    session: Mapped[SessionRow | None] = relationship()
    events: Mapped[list["ConflictEventRow"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ConflictEventRow.at"
    )


class ConflictEventRow(RowIdentity, Base):
    """One step in a conflict's life: its status from a moment, in a session."""

    __tablename__ = "conflict_event"

    conflict_id: Mapped[int] = mapped_column(ForeignKey("conflict.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"))
    status: Mapped[ConflictStatus] = mapped_column(_enum(ConflictStatus))
    at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[SessionRow | None] = relationship()


class ActionRow(RowIdentity, Base):
    """An action or agreement made in a session: who does what, by when."""

    __tablename__ = "action"

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None]
    done: Mapped[bool] = mapped_column(default=False)
    is_agreement: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]

    session: Mapped[SessionRow] = relationship()


class ParkingItemRow(RowIdentity, Base):
    """Something the group put in the parking lot, to come back to."""

    __tablename__ = "parking_item"

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    addressed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    in_room: Mapped[bool] = mapped_column(default=False, server_default="0")  # approved to show

    session: Mapped[SessionRow] = relationship()


class NarrativeSectionRow(RowIdentity, Base):
    """One section of a session's written narrative, in light markup."""

    __tablename__ = "narrative_section"
    __table_args__ = (UniqueConstraint("session_id", "section"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None]


class CueEventRow(RowIdentity, Base):
    """A pattern cue that fired for the facilitator during a live session, as it was worded
    then (the rules may be reworded later)."""

    __tablename__ = "cue_event"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    wording: Mapped[str] = mapped_column(Text)
    move: Mapped[str] = mapped_column(Text)
    offset_seconds: Mapped[float] = mapped_column(Float)
    fired_at: Mapped[datetime]
    # The numbers of the captures that made the cue hold.
    evidence: Mapped[list[int]] = mapped_column(JSON, default=list)


class SurveyQuestionRow(RowIdentity, Base):
    """One question of a programme's evaluation survey, answered on the agreement scale."""

    __tablename__ = "survey_question"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(300))
    # Completes "Agreement that ...", such as "I have a strong network in this system".
    wording: Mapped[str] = mapped_column(String(300), default="")
    # Set for the starting questions, so adding them twice adds nothing.
    builtin_key: Mapped[str | None] = mapped_column(String(64))


class SurveyResponseRow(RowIdentity, Base):
    """One answer from 1 to 5 to a question at a time point.

    participant_id is None for an anonymous answer, and becomes None when the participant is
    deleted, so their answers still count. SQLite treats NULLs as distinct in the unique
    constraint, so any number of anonymous answers can be kept.
    """

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("question_id", "time_point", "participant_id"),
        CheckConstraint("answer BETWEEN 1 AND 5", name="answer_on_scale"),
    )

    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    time_point: Mapped[str] = mapped_column(String(32))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    answer: Mapped[int] = mapped_column(Integer)


@event.listens_for(Session, "before_flush")
def _number_new_captures(session: Session, flush_context: object, instances: object) -> None:
    """Give each new capture the next number of its session, so citations never move."""
    fresh = [row for row in session.new if isinstance(row, ObservationRow) and row.number is None]
    with session.no_autoflush:
        for row in sorted(fresh, key=lambda row: row.offset_seconds or 0.0):
            owner = row.session
            if owner is None and row.session_id is not None:
                owner = session.get(SessionRow, row.session_id)
            if owner is not None:
                owner.last_capture_number = (owner.last_capture_number or 0) + 1
                row.number = owner.last_capture_number
