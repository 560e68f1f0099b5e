"""Write an exported file whole or not at all."""

import errno
import os
import uuid
from contextlib import suppress
from pathlib import Path

from facilitator.domain.errors import DiskFullError


def write_atomically(path: Path, content: bytes, *, what: str) -> None:
    """Write `content` to `path`, replacing any file there only once the new one is whole.

    The bytes go to a temporary file beside `path`, which is synced and moved over it, so a
    failure leaves any earlier file untouched and no partial file behind. A full disk raises
    DiskFullError naming `what` ("The run sheet"); other OSErrors are raised as they are.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name[:80]}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        # "x" never opens someone else's file; the new file gets the permissions the user's
        # umask gives any new file.
        out = open(temporary, "xb")  # noqa: SIM115 (closed below, before the move)
    except OSError as error:
        if explained := _disk_full(error, path, what):
            raise explained from error
        raise
    try:
        with out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError) and (explained := _disk_full(error, path, what)):
            raise explained from error
        raise


def _disk_full(error: OSError, path: Path, what: str) -> DiskFullError | None:
    if error.errno != errno.ENOSPC:
        return None
    return DiskFullError(
        f"There is no space left on the disk that holds {path}. {what} was not saved, "
        "and any earlier copy is unchanged. Free some space and try again."
    )
