"""Turn low-level storage failures into messages a facilitator can act on."""

import errno
from pathlib import Path

from facilitator.domain.errors import (
    DatabaseInUseError,
    DataFolderError,
    DiskFullError,
    FacilitatorError,
)


def explain(error: BaseException, path: Path) -> FacilitatorError | None:
    """Return a user-facing error for a known storage failure, or None for anything else."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    text = str(cause).lower()
    if (isinstance(cause, OSError) and cause.errno == errno.ENOSPC) or "disk is full" in text:
        return DiskFullError(
            f"There is no space left on the disk that holds {path}. The last change was not "
            "saved; everything saved before it is safe. Free some space and try again."
        )
    if "database is locked" in text or "database is busy" in text:
        return DatabaseInUseError(
            f"{path} is busy: another program is using it. Close that program and try again."
        )
    if "readonly" in text or "read-only" in text:
        return DataFolderError(
            f"{path} cannot be written. Check the permissions of the file and its folder, or "
            "choose another data folder."
        )
    return None
