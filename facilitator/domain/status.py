"""Status of a module or programme, worked out from its sessions."""

from collections.abc import Iterable

from facilitator.domain.enums import SessionStatus

IN_PROGRESS = "in_progress"


def overall_status(statuses: Iterable[SessionStatus]) -> str:
    """Return planned, live, finished or in_progress for a group of sessions.

    A group with no sessions yet is planned; one with a live session is live; one whose
    sessions are all finished is finished; a mixture of planned and finished is in progress.
    """
    seen = set(statuses)
    if not seen or seen == {SessionStatus.PLANNED}:
        return SessionStatus.PLANNED.value
    if SessionStatus.LIVE in seen:
        return SessionStatus.LIVE.value
    if seen == {SessionStatus.FINISHED}:
        return SessionStatus.FINISHED.value
    return IN_PROGRESS


def status_label(status: str) -> str:
    """Return the status as shown to people."""
    return "In progress" if status == IN_PROGRESS else status.capitalize()
