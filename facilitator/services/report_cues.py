"""The session report's optional section on pattern cues: each cue that fired for the
facilitator, and what happened next, read from the captures that followed it."""

from collections.abc import Callable, Sequence
from datetime import tzinfo

from facilitator.domain.report import FOLLOW_CAPTURES, FOLLOW_MINUTES, ReportCapture, ReportCue
from facilitator.domain.snapshots import AgendaItem, RecordedCue
from facilitator.services import room
from facilitator.storage.database import Database


def followed(
    cue: RecordedCue, captures: Sequence[ReportCapture], *, limit: int = FOLLOW_CAPTURES
) -> tuple[ReportCapture, ...]:
    """Return the captures made after the cue fired, within the follow-up window, first first.

    A capture made at the very second the cue fired was already in hand when it fired, so
    it is not counted as following it.
    """
    start, end = cue.offset_seconds, cue.offset_seconds + FOLLOW_MINUTES * 60
    after = sorted(
        (c for c in captures if start < c.offset_seconds <= end),
        key=lambda c: (c.offset_seconds, c.number),
    )
    return tuple(after[:limit])


def _item_at(agenda: Sequence[AgendaItem], cue: RecordedCue) -> str:
    for item in agenda:
        started, ended = item.actual_start, item.actual_end
        if (
            started is not None
            and started <= cue.fired_at
            and (ended is None or cue.fired_at < ended)
        ):
            return item.title
    return ""


def report_cues(
    db: Database,
    session_id: int,
    *,
    agenda: Sequence[AgendaItem],
    captures: Sequence[ReportCapture],
    room_zone: tzinfo,
    clean: Callable[[str], str],
) -> tuple[ReportCue, ...]:
    """Return the session's cues as the report prints them, text cleaned as the report's is."""
    return tuple(
        ReportCue(
            clock=cue.fired_at.astimezone(room_zone).strftime("%H:%M"),
            agenda_item=clean(_item_at(agenda, cue)),
            title=clean(cue.title),
            wording=clean(cue.wording),
            move=clean(cue.move),
            evidence=cue.evidence,
            followed=followed(cue, captures),
        )
        for cue in room.recorded_cues(db, session_id)
    )
