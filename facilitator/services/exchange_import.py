"""Import an exchange bundle: everything is checked first, then written in one transaction.

Any refusal, whether of the file, of a record or of a reference, leaves the database as it
was. Importing the same bundle twice changes nothing the second time; two laptops that
import each other's bundles of the same session end up with the same records.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from facilitator.domain.bundle_records import KINDS
from facilitator.domain.exchange import ImportSummary
from facilitator.services.bundle_file import read_bundle
from facilitator.services.exchange_plan import Plan, Records, checked_records, plan_import
from facilitator.services.exchange_records import ROW_TYPES, Uuids, chunks, row_values
from facilitator.storage.database import Database
from facilitator.storage.tables import (
    AttendanceRow,
    ObservationCodeRow,
    ObservationRow,
    ObservationSubjectRow,
    SessionSchemeRow,
    new_uuid,
)


def preview_import(db: Database, path: Path) -> ImportSummary:
    """Check the bundle at `path` and say what importing it would change; write nothing."""
    document = read_bundle(path)
    records = checked_records(document)
    with db.reading() as session:
        plan = plan_import(session, records, Uuids(session))
    return plan.summary(document)


def import_bundle(db: Database, path: Path) -> ImportSummary:
    """Import the bundle at `path` in one transaction and say what changed.

    Raises BundleError (a FacilitatorError) with one plain sentence if the file or anything
    in it is refused; then nothing is written.
    """
    document = read_bundle(path)
    records = checked_records(document)
    with db.transaction() as session:
        uuids = Uuids(session)
        plan = plan_import(session, records, uuids)
        _apply(session, plan, uuids)
    return plan.summary(document)


def _apply(session: Session, plan: Plan, uuids: Uuids) -> None:
    """Write the plan: new rows with ids given here, then updates, then new numbers."""
    for kind in KINDS:
        row_type = ROW_TYPES[kind]
        next_id = (session.scalar(select(func.max(row_type.id))) or 0) + 1  # type: ignore[attr-defined]
        for key in plan.adds[kind]:
            uuids.add(kind, key, next_id)
            next_id += 1
    moving = [(uuids.id("captures", key), number) for key, number in plan.renumber.items()]
    # Out of the way first: the numbers a session's captures hold must stay unique.
    _bulk_update(session, ObservationRow, [{"id": i, "number": -i} for i, _n in moving])
    for kind in KINDS:
        row_type = ROW_TYPES[kind]
        added = [
            {"id": uuids.id(kind, key), "uuid": key, **row_values(kind, record, uuids)}
            for key, record in plan.adds[kind].items()
        ]
        for chunk in chunks(added):
            session.execute(insert(row_type), list(chunk))
        changed = [
            {"id": uuids.id(kind, key), **row_values(kind, record, uuids)}
            | ({"uuid": plan.new_uuids[key]} if key in plan.new_uuids else {})
            for key, record in plan.updates[kind].items()
        ]
        _bulk_update(session, row_type, changed)
    _replace_lists(session, plan, uuids)
    _bulk_update(session, ObservationRow, [{"id": i, "number": n} for i, n in moving])


def _bulk_update(session: Session, row_type: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in chunks(rows):
        session.execute(update(row_type), list(chunk))


def _replace_lists(session: Session, plan: Plan, uuids: Uuids) -> None:
    """Write the lists records carry: attendees and schemes of sessions, codes and subjects
    of captures (for an updated record, in place of what was here)."""
    sessions = _written(plan, "sessions")
    captures = _written(plan, "captures")
    for table, column, parents in (
        (AttendanceRow, AttendanceRow.session_id, sessions),
        (SessionSchemeRow, SessionSchemeRow.session_id, sessions),
        (ObservationCodeRow, ObservationCodeRow.observation_id, captures),
        (ObservationSubjectRow, ObservationSubjectRow.observation_id, captures),
    ):
        updated = [uuids.id(kind, key) for kind, key in parents if key in plan.updates[kind]]
        for chunk in chunks(updated):
            session.execute(delete(table).where(column.in_(chunk)))
    attendances, schemes, codes, subjects = [], [], [], []
    for kind, key in sessions:
        record = _record(plan, kind, key)
        session_id = uuids.id(kind, key)
        attendances += [
            {
                "uuid": new_uuid(),
                "session_id": session_id,
                "participant_id": uuids.id("participants", p),
            }
            for p in record["attendees"]
        ]
        schemes += [
            {
                "uuid": new_uuid(),
                "session_id": session_id,
                "scheme_id": uuids.id("coding_schemes", scheme),
                "position": position,
            }
            for position, scheme in enumerate(record["schemes"])
        ]
    for kind, key in captures:
        record = _record(plan, kind, key)
        capture_id = uuids.id(kind, key)
        codes += [
            {
                "uuid": new_uuid(),
                "observation_id": capture_id,
                "code_id": uuids.id("codes", applied["code"]),
                "qualifier": applied["qualifier"],
            }
            for applied in record["codes"]
        ]
        subjects += [
            {
                "uuid": new_uuid(),
                "observation_id": capture_id,
                "kind": subject["kind"],
                "role": subject["role"],
                "participant_id": uuids.id("participants", subject["ref"])
                if subject["kind"] == "participant"
                else None,
                "organisation_id": uuids.id("organisations", subject["ref"])
                if subject["kind"] == "organisation"
                else None,
            }
            for subject in record["subjects"]
        ]
    for table, rows in (
        (AttendanceRow, attendances),
        (SessionSchemeRow, schemes),
        (ObservationCodeRow, codes),
        (ObservationSubjectRow, subjects),
    ):
        for chunk in chunks(rows):
            session.execute(insert(table), list(chunk))


def _written(plan: Plan, kind: str) -> list[tuple[str, str]]:
    return [(kind, key) for key in (*plan.adds[kind], *plan.updates[kind])]


def _record(plan: Plan, kind: str, key: str) -> dict[str, Any]:
    return plan.adds[kind].get(key) or plan.updates[kind][key]


__all__ = ["Records", "import_bundle", "preview_import"]
