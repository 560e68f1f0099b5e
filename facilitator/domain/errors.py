"""Errors a user can understand: each message says what happened and what to do."""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.domain.backups import BackupFile


class FacilitatorError(Exception):
    """An expected problem with a message written for the user."""


class DataFolderError(FacilitatorError):
    """The data folder cannot be created or written."""


class DatabaseUnreadableError(FacilitatorError):
    """The database file is not an SQLite database, or it is damaged."""


class DatabaseDamagedError(DatabaseUnreadableError):
    """The database file was damaged; the app moved it aside (never deleting it).

    `moved_to` is where it went, and `backup` the newest backup that passed its check, if any.
    """

    def __init__(self, message: str, *, moved_to: Path, backup: "BackupFile | None") -> None:
        super().__init__(message)
        self.moved_to = moved_to
        self.backup = backup


class BackupError(FacilitatorError):
    """A backup could not be made, or the copy chosen cannot be restored."""


class DatabaseTooNewError(FacilitatorError):
    """The database was written by a newer version of the app."""


class DatabaseTooOldError(FacilitatorError):
    """A read-only command met a file that the app has not yet brought up to date."""


class DatabaseInUseError(FacilitatorError):
    """Another instance of the app has this data folder open."""


class DiskFullError(FacilitatorError):
    """The disk holding the data is full; the change in hand was not saved."""


class ContentError(FacilitatorError):
    """A shipped or imported content file breaks the rules of its format."""


class KeyClashError(FacilitatorError):
    """Two codes of one coding scheme would share a key."""


class NotFoundError(FacilitatorError):
    """The thing asked for does not exist (any more)."""


class InvalidInputError(FacilitatorError):
    """A value the user typed breaks a rule; `field` names the field to show it beside."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field
