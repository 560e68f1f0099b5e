"""Backup copies of the database: what one is, why it was made, and how to describe it."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# Why a backup was made; the reason is part of its file name.
DAILY = "daily"
AFTER_SESSION = "after-session"
ON_CLOSE = "on-close"
BY_HAND = "by-hand"
BEFORE_UPGRADE = "before-upgrade"  # "before-upgrade-from-<revision>": kept out of rotation

DEFAULT_KEEP = 10
MIN_KEEP = 1
MAX_KEEP = 100

STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
# <stem>-<reason>-<UTC stamp>.sqlite3; the reason may itself hold hyphens.
_NAME = re.compile(r"^(?P<stem>[^-]+)-(?P<reason>.+)-(?P<stamp>\d{8}T\d{12}Z)\.sqlite3$")

_LABELS = {
    DAILY: "Daily",
    AFTER_SESSION: "A session finished",
    ON_CLOSE: "The app closed",
    BY_HAND: "Made by you",
    BEFORE_UPGRADE: "Before an upgrade",
}


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup copy in the backups folder."""

    path: Path
    made_at: datetime  # UTC: from the stamp in the name, else the file's modification time
    reason: str  # one of the reasons above, or "" for a file the app did not name
    size_bytes: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def in_rotation(self) -> bool:
        """True for the copies that "keep the last N" counts and removes.

        Copies made before an upgrade are the only ones in the older format, and files the
        app did not name are the user's own: neither is ever removed by rotation.
        """
        return bool(self.reason) and not self.reason.startswith(BEFORE_UPGRADE)

    @property
    def label(self) -> str:
        """Say why the copy was made, for people."""
        if self.reason.startswith(BEFORE_UPGRADE):
            return _LABELS[BEFORE_UPGRADE]
        return _LABELS.get(self.reason, "Other")


@dataclass(frozen=True, slots=True)
class BackupOutcome:
    """What came of an attempt to back up: the copy (new, or an identical older one) or why
    there is none."""

    backup: BackupFile | None
    made: bool = False  # False when nothing had changed since `backup` was made
    problem: str = ""

    @property
    def note(self) -> str:
        """One calm line for a status bar or a message."""
        if self.problem:
            return self.problem
        assert self.backup is not None
        when = describe_moment(self.backup.made_at)
        if self.made:
            return f"A backup of your data was made ({when})."
        return f"Nothing has changed since the backup of {when}, so no new copy was needed."


def backup_name(stem: str, reason: str, moment: datetime) -> str:
    """Return the file name of a backup of `stem` made at `moment` for `reason`."""
    return f"{stem}-{reason}-{moment.astimezone(UTC).strftime(STAMP_FORMAT)}.sqlite3"


def parse_backup_name(name: str) -> tuple[str, datetime] | None:
    """Return (reason, UTC moment) from a backup's file name, or None if the app did not
    name it."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return match["reason"], moment


def describe_moment(moment: datetime) -> str:
    """Say when, in this computer's time zone: "23 November 2026 at 09:05"."""
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def describe_size(size_bytes: int) -> str:
    """Say how big a file is: "840 KB", "12.3 MB"."""
    if size_bytes < 1_000_000:
        return f"{max(1, round(size_bytes / 1000))} KB"
    return f"{size_bytes / 1_000_000:.1f} MB"
