"""Export a session, or a whole programme, as an exchange bundle to open on another laptop.

A session's bundle carries what the session needs to stand alone: its programme (the record
only), its module, the people and organisations it names, its conflicts and the coding
schemes its captures use. A programme's bundle carries everything in the programme.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator import __version__
from facilitator.domain.bundle_records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KINDS,
    REF,
    moment_text,
)
from facilitator.services.bundle_file import write_bundle
from facilitator.services.exchange_records import Record, Uuids, chunks, read_records
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    CodeRow,
    ConflictEventRow,
    ObservationCodeRow,
    ObservationRow,
    ProgrammeRow,
    SessionRow,
    SessionSchemeRow,
)

Records = dict[str, dict[str, Record]]
_SESSION_PARTS = (
    "agenda_items",
    "captures",
    "actions",
    "parking_items",
    "narrative_sections",
    "cue_events",
)


@dataclass(frozen=True, slots=True)
class BundleWritten:
    """A bundle safely on disk."""

    path: Path
    title: str
    sessions: int
    captures: int
    records: int
    size_bytes: int


def export_session(
    db: Database, session_id: int, path: Path, *, now: datetime | None = None
) -> BundleWritten:
    """Write one session, with what it needs to stand alone, as a bundle at `path`."""
    with db.reading() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        uuids = Uuids(session)
        records = _session_records(session, row, uuids)
        contents = {"kind": "session", "uuid": row.uuid, "title": row.title}
    return _write(path, contents, records, now=now)


def export_programme(
    db: Database, programme_id: int, path: Path, *, now: datetime | None = None
) -> BundleWritten:
    """Write a programme with everything in it as a bundle at `path`."""
    with db.reading() as session:
        row = fetch(session, ProgrammeRow, programme_id, what="That programme")
        uuids = Uuids(session)
        records = _programme_records(session, row, uuids)
        contents = {"kind": "programme", "uuid": row.uuid, "title": row.title}
    return _write(path, contents, records, now=now)


def _write(
    path: Path, contents: dict[str, str], records: Records, *, now: datetime | None
) -> BundleWritten:
    _drop_outside_references(records)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "created_at": moment_text(now or datetime.now(UTC)),
        "contents": contents,
        "records": {kind: records.get(kind, {}) for kind in KINDS},
    }
    size = write_bundle(path, document)
    return BundleWritten(
        path=path,
        title=contents["title"],
        sessions=len(records.get("sessions", {})),
        captures=len(records.get("captures", {})),
        records=sum(len(kind) for kind in records.values()),
        size_bytes=size,
    )


def _programme_records(session: Session, row: ProgrammeRow, uuids: Uuids) -> Records:
    records: Records = {
        "programmes": read_records(session, "programmes", uuids, column="id", values=[row.id])
    }
    for kind in ("organisations", "participants", "modules", "sessions", "conflicts"):
        records[kind] = read_records(session, kind, uuids, column="programme_id", values=[row.id])
    conflict_ids = [uuids.id("conflicts", key) for key in records["conflicts"]]
    records["conflict_events"] = read_records(
        session, "conflict_events", uuids, column="conflict_id", values=conflict_ids
    )
    session_ids = [uuids.id("sessions", key) for key in records["sessions"]]
    _add_session_parts(session, records, session_ids, uuids)
    return records


def _session_records(session: Session, row: SessionRow, uuids: Uuids) -> Records:
    records: Records = {
        "programmes": read_records(
            session, "programmes", uuids, column="id", values=[row.programme_id]
        ),
        "modules": read_records(
            session, "modules", uuids, column="id", values=[row.module_id] if row.module_id else []
        ),
        "sessions": read_records(session, "sessions", uuids, column="id", values=[row.id]),
    }
    _add_session_parts(session, records, [row.id], uuids)
    captures = records["captures"].values()
    people = set(records["sessions"][row.uuid]["attendees"])
    people |= {s["ref"] for c in captures for s in c["subjects"] if s["kind"] == "participant"}
    records["participants"] = read_records(
        session, "participants", uuids, column="uuid", values=people
    )
    organisations = {
        s["ref"] for c in captures for s in c["subjects"] if s["kind"] == "organisation"
    }
    organisations |= {p["organisation"] for p in records["participants"].values()} - {None}
    records["organisations"] = read_records(
        session, "organisations", uuids, column="uuid", values=organisations
    )
    # Its conflicts: opened in it, linked to its captures, or moved on in it.
    conflicts = {c["conflict"] for c in captures} - {None}
    moved_on = select(ConflictEventRow.conflict_id).where(ConflictEventRow.session_id == row.id)
    conflicts |= {uuids.uuid("conflicts", cid) for cid in session.scalars(moved_on)}
    records["conflicts"] = {
        key: record
        for key, record in read_records(
            session, "conflicts", uuids, column="programme_id", values=[row.programme_id]
        ).items()
        if key in conflicts or record["session"] == row.uuid
    }
    records["conflict_events"] = read_records(
        session,
        "conflict_events",
        uuids,
        column="conflict_id",
        values=[uuids.id("conflicts", key) for key in records["conflicts"]],
    )
    return records


def _add_session_parts(
    session: Session, records: Records, session_ids: list[Any], uuids: Uuids
) -> None:
    """Add the sessions' agendas, captures, write-ups and pattern cues, and the coding schemes
    they use."""
    for kind in _SESSION_PARTS:
        records[kind] = read_records(session, kind, uuids, column="session_id", values=session_ids)
    scheme_ids: set[int] = set()
    for chunk in chunks(session_ids):
        scheme_ids |= set(
            session.scalars(
                select(SessionSchemeRow.scheme_id).where(SessionSchemeRow.session_id.in_(chunk))
            )
        )
        used = (
            select(CodeRow.scheme_id)
            .join(ObservationCodeRow, ObservationCodeRow.code_id == CodeRow.id)
            .join(ObservationRow, ObservationRow.id == ObservationCodeRow.observation_id)
            .where(ObservationRow.session_id.in_(chunk))
            .distinct()
        )
        scheme_ids |= set(session.scalars(used))
    records["coding_schemes"] = read_records(
        session, "coding_schemes", uuids, column="id", values=scheme_ids
    )
    records["codes"] = read_records(session, "codes", uuids, column="scheme_id", values=scheme_ids)


def _drop_outside_references(records: Records) -> None:
    """Clear optional references to records the bundle does not carry (a conflict step taken
    in another session, say), so every reference in a bundle resolves within it."""
    for kind, fields in KINDS.items():
        optional = [f for f in fields if f.type == REF and f.nullable]
        for record in records.get(kind, {}).values():
            for field in optional:
                if record[field.name] is not None and record[field.name] not in records.get(
                    field.target, {}
                ):
                    record[field.name] = None
