"""Shared fixtures: private temporary data folders, a migrated template database, no network."""

import os
import shutil
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The day the sample programme is laid out around in tests, so dates are predictable.
TODAY = date(2026, 11, 23)

# Data folder names that break a path pasted into a URL: a fragment, a query, a
# percent-escape that decodes to "A", a space and a non-ASCII letter.
UNUSUAL_FOLDER_NAMES = ("Cohort #2", "Why?", "Team%41", "with space", "Café")


class NetworkUsedError(AssertionError):
    """A test tried to open a network connection; the app must work offline."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens an internet socket (local Unix sockets stay allowed)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(real):  # type: ignore[no-untyped-def]
        def connect(self: socket.socket, address: object) -> object:
            if self.family in (socket.AF_INET, socket.AF_INET6):
                raise NetworkUsedError(f"network connection attempted to {address!r}")
            return real(self, address)

        return connect

    def no_lookup(*args: object, **kwargs: object) -> object:
        raise NetworkUsedError(f"name lookup attempted for {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "create_connection", no_lookup)


@pytest.fixture(autouse=True)
def private_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the data, log and settings folders at the test's own temporary folder.

    XDG_CONFIG_HOME is where Qt keeps window.ini on Linux: no test may touch the developer's.
    """
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FACILITATOR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="session")
def template_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build one migrated database with first-run content, to copy for each test."""
    from facilitator.services.store import open_store

    folder = tmp_path_factory.mktemp("template") / "data"
    open_store(folder, today=TODAY).close()
    return folder


@pytest.fixture
def data_dir(template_data_dir: Path, tmp_path: Path) -> Path:
    """Return a private data folder holding a copy of the template database."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    shutil.copy2(template_data_dir / "facilitator.sqlite3", folder / "facilitator.sqlite3")
    return folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    """Open the copied database (with the sample programme) for one test."""
    from facilitator.services.store import open_store

    db = open_store(data_dir, today=TODAY)
    yield db
    db.close()


@pytest.fixture
def without_sample_conflicts(store: Any) -> None:
    """Take the sample's own conflicts away, for tests that count conflicts exactly."""
    from sqlalchemy import delete

    from facilitator.storage.tables import ConflictRow

    with store.transaction() as session:
        session.execute(delete(ConflictRow))
