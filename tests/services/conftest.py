"""Ids in the sample programme that the planning tests work on."""

import pytest

from facilitator.domain.snapshots import ProgrammeSummary
from facilitator.services.programmes import list_programmes
from facilitator.storage.database import Database


@pytest.fixture
def sample(store: Database) -> ProgrammeSummary:
    """Return the sample programme as listed."""
    (programme,) = list_programmes(store)
    return programme


@pytest.fixture
def day_one_id(sample: ProgrammeSummary) -> int:
    """Return the id of the sample's finished "Day one", which has observations."""
    return sample.modules[2].sessions[0].id


@pytest.fixture
def day_two_id(sample: ProgrammeSummary) -> int:
    """Return the id of the sample's planned "Day two", with lunch fixed at 13:00."""
    return sample.modules[2].sessions[1].id
