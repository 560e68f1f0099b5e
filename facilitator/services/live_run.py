"""One live session as the facilitator runs it: the clock, captures, and captures waiting.

Nothing typed in the room may be lost. A capture is written at once, in its own transaction;
if the file cannot be written (a full disk, a file made read-only, a file locked by another
program) the capture waits here, in order, is tried again, and can be saved to another file.
"""

import json
import logging
import os
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, SessionStatus
from facilitator.domain.errors import FacilitatorError, InvalidInputError, NotFoundError
from facilitator.domain.live import Clock, SessionTimer
from facilitator.domain.snapshots import CodingScheme, SessionDetail
from facilitator.services import capture, live, programmes
from facilitator.services.capture import CaptureRequest, Receipt, SubjectRef
from facilitator.storage.database import Database

log = logging.getLogger(__name__)

# Problems with the capture itself, which trying again would not mend.
REFUSALS = (InvalidInputError, NotFoundError)


class LiveRun:
    """The live state of one session: its timer, schemes and the captures still waiting."""

    def __init__(self, db: Database, session_id: int, *, clock: Clock) -> None:
        self.db = db
        self.session_id = session_id
        self.clock = clock
        detail = programmes.session_detail(db, session_id)
        if detail.status is not SessionStatus.LIVE:
            live.go_live(db, session_id, moment=clock.now())
            detail = programmes.session_detail(db, session_id)
        assert detail.live_started_at is not None
        self.detail: SessionDetail = detail
        self.timer = SessionTimer(
            clock,
            started_at=detail.live_started_at,
            paused_seconds=detail.paused_seconds,
            paused_at=detail.paused_at,
            # A restart after the system clock was set back must not date new captures
            # before the ones already made.
            at_least=max(
                (o.offset_seconds + (o.duration_seconds or 0.0) for o in detail.observations),
                default=0.0,
            ),
        )
        self.schemes: list[CodingScheme] = live.session_schemes(db, session_id)
        self.author = live.author(db)
        self.pending: list[CaptureRequest] = []
        # Waiting captures the file later refused outright (say, a person deleted meanwhile):
        # never silently dropped, they are kept here and saved with the waiting ones.
        self.refused: list[CaptureRequest] = []
        self.last_problem = ""

    # The clock and the agenda --------------------------------------------------------------

    def reload(self) -> SessionDetail:
        """Read the session again (after an agenda step, not after each capture)."""
        self.detail = programmes.session_detail(self.db, self.session_id)
        return self.detail

    def agenda_item_at(self, moment: datetime) -> int | None:
        """Return the id of the agenda item running at `moment`, if any."""
        for item in self.detail.agenda:
            started = item.actual_start is not None and item.actual_start <= moment
            if started and (item.actual_end is None or moment < item.actual_end):
                return item.id
        return None

    def next_item(self) -> Changes:
        changes = live.next_item(self.db, self.session_id, moment=self.timer.moment())
        self.reload()
        return changes

    def previous_item(self) -> Changes:
        changes = live.previous_item(self.db, self.session_id, moment=self.timer.moment())
        self.reload()
        return changes

    def add_time(self, minutes: int) -> Changes:
        current = self.detail.current_item
        if current is None:
            raise NotFoundError("No agenda item is running.")
        changes = live.add_time(self.db, current.id, minutes=minutes)
        self.reload()
        return changes

    def pause(self) -> Changes:
        self.timer.pause()
        return live.pause(self.db, self.session_id, moment=self.timer.moment())

    def resume(self) -> Changes:
        self.timer.resume()
        return live.resume(self.db, self.session_id, paused_seconds=self.timer.paused_seconds())

    def finish(self) -> int:
        """Finish the session (after writing any waiting captures); return states closed."""
        if self.pending and self.retry_pending():
            raise InvalidInputError(
                "Some captures are still waiting to be saved. Save them to another file first, "
                "or try again when the disk has room."
            )
        closed = live.finish(
            self.db,
            self.session_id,
            moment=self.timer.moment(),
            offset_seconds=self.timer.elapsed(),
        )
        self.reload()
        return closed

    # Captures ------------------------------------------------------------------------------

    def request(
        self,
        *,
        kind: CaptureKind = CaptureKind.CODED,
        code_ids: Sequence[int] = (),
        qualifier: str | None = None,
        subjects: Sequence[SubjectRef] = (),
        note: str = "",
        backdate_seconds: float = 0.0,
        conflict_id: int | None = None,
    ) -> CaptureRequest:
        """Stamp a capture with this moment (less any back-dating) and the item running then."""
        backdate = min(max(0.0, backdate_seconds), self.timer.elapsed())
        moment = self.timer.moment() - timedelta(seconds=backdate)
        return CaptureRequest(
            session_id=self.session_id,
            uuid=str(uuid.uuid4()),
            occurred_at=moment,
            offset_seconds=round(self.timer.elapsed() - backdate, 3),
            kind=kind,
            code_ids=tuple(code_ids),
            qualifier=qualifier,
            subjects=tuple(subjects),
            note=note,
            author=self.author,
            agenda_item_id=self.agenda_item_at(moment),
            conflict_id=conflict_id,
        )

    def submit(self, request: CaptureRequest) -> Receipt | None:
        """Write a capture now; if the file cannot take it, keep it waiting and return None.

        Waiting captures go first, so captures reach the file in the order they were made.
        """
        if self.pending:
            self.pending.append(request)
            self.retry_pending()
            return None
        try:
            return capture.record(self.db, request)
        except REFUSALS:
            raise
        except Exception as error:
            self.pending.append(request)
            self.last_problem = _describe(error)
            return None

    def retry_pending(self) -> int:
        """Try the waiting captures again, oldest first; return how many still wait."""
        while self.pending:
            try:
                capture.record(self.db, self.pending[0])
            except REFUSALS as error:
                self.refused.append(self.pending.pop(0))  # never writable, but not lost
                self.last_problem = f"A waiting capture could not be saved: {error}"
                log.warning("A waiting capture was refused (%s)", type(error).__name__)
                continue
            except Exception as error:
                self.last_problem = _describe(error)
                break
            self.pending.pop(0)
        if not self.pending and not self.refused:
            self.last_problem = ""
        return len(self.pending)

    def save_pending_to(self, path: Path) -> Path:
        """Write the waiting captures to `path` as JSON, so they survive even if the app
        cannot reach its own file again."""
        records = []
        for request in [*self.pending, *self.refused]:
            record = asdict(request)
            record["occurred_at"] = request.occurred_at.isoformat()
            record["kind"] = request.kind.value
            record["subjects"] = [
                {"kind": s.kind.value, "ref_id": s.ref_id, "role": s.role.value}
                for s in request.subjects
            ]
            records.append(record)
        payload = {"format": 1, "session_uuid": self.detail.uuid, "captures": records}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".captures-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)  # captures name people
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path


def _describe(error: Exception) -> str:
    if isinstance(error, FacilitatorError):
        return str(error)
    return "The database could not be written just now."
