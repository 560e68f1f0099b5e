"""Helpers for tests of live capture: codes by name and capture requests in one line."""

import uuid
from datetime import timedelta

from facilitator.domain.enums import CaptureKind
from facilitator.services.capture import CaptureRequest, SubjectRef
from facilitator.services.schemes import list_schemes
from facilitator.storage.database import Database
from tests.clocks import START


def code_ids(db: Database) -> dict[str, int]:
    """Return every code's id by "scheme-slug/code-slug", e.g. "dialogue-patterns/stuck"."""
    return {
        f"{scheme.slug}/{code.slug}": code.id
        for scheme in list_schemes(db)
        for code in scheme.codes
    }


def capture_request(
    session_id: int,
    *codes: int,
    offset: float = 0.0,
    kind: CaptureKind = CaptureKind.CODED,
    note: str = "",
    qualifier: str | None = None,
    subjects: tuple[SubjectRef, ...] = (),
    agenda_item_id: int | None = None,
    conflict_id: int | None = None,
) -> CaptureRequest:
    """Return a capture made `offset` seconds into a session that went live at START."""
    return CaptureRequest(
        session_id=session_id,
        uuid=str(uuid.uuid4()),
        occurred_at=START + timedelta(seconds=offset),
        offset_seconds=offset,
        kind=kind,
        code_ids=codes,
        qualifier=qualifier,
        subjects=subjects,
        note=note,
        author="Facilitator 1",
        agenda_item_id=agenda_item_id,
        conflict_id=conflict_id,
    )
