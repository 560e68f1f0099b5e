"""The status of a module or programme, worked out from its sessions."""

import pytest

from facilitator.domain.enums import SessionStatus
from facilitator.domain.status import IN_PROGRESS, overall_status, status_label

PLANNED, LIVE, FINISHED = SessionStatus.PLANNED, SessionStatus.LIVE, SessionStatus.FINISHED


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "planned"),
        ([PLANNED], "planned"),
        ([PLANNED, PLANNED], "planned"),
        ([LIVE], "live"),
        ([PLANNED, LIVE], "live"),
        ([FINISHED, LIVE], "live"),
        ([PLANNED, LIVE, FINISHED], "live"),
        ([FINISHED], "finished"),
        ([FINISHED, FINISHED], "finished"),
        ([FINISHED, PLANNED], IN_PROGRESS),
        ([PLANNED, FINISHED, PLANNED], IN_PROGRESS),
    ],
)
def test_overall_status(statuses: list[SessionStatus], expected: str) -> None:
    """Planned until one starts, live while any is live, finished when all are, else in progress."""
    assert overall_status(statuses) == expected
    assert overall_status(reversed(statuses)) == expected


def test_overall_status_accepts_a_one_pass_iterator() -> None:
    """A generator of statuses (as the CLI passes) is read correctly."""
    assert overall_status(s for s in (FINISHED, PLANNED)) == IN_PROGRESS


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("planned", "Planned"),
        ("live", "Live"),
        ("finished", "Finished"),
        (IN_PROGRESS, "In progress"),
    ],
)
def test_status_labels_read_as_words(status: str, label: str) -> None:
    """Each status is shown to people as a capitalised word or phrase."""
    assert status_label(status) == label
