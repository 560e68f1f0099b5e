"""A seal left beside the database when the app closes it cleanly, so the next open can skip
the check of every page.

SQLite's quick check reads the whole file: well under a second for a year's work, but
seconds for an archive of a million captures. A file this app closed cleanly, with no error
from SQLite or the disk and a closing backup that passed its check, is sealed; if nothing
has touched it since (the same file, size, modification and change times to the nanosecond,
and no write-ahead log left over), checking it again on open finds nothing new. Anything
else (a crash, a flat battery, a file copied in, restored or edited by another program)
breaks the seal and the open checks the file in full; so does every open on Windows and on
file systems without inode numbers. Damage that appears while the file sits untouched on
disk is caught by the daily backup, which checks every copy it makes.

The seal is removed as soon as the file is opened for writing, so a crash never leaves one.
"""

import json
import os
from pathlib import Path

SEAL_SUFFIX = ".closed"


def _seal_path(path: Path) -> Path:
    return path.with_name(path.name + SEAL_SUFFIX)


def _fingerprint(path: Path) -> dict[str, int]:
    stat = path.stat()
    # The change time cannot be set back by copying tools, as the modification time can.
    return {
        "inode": stat.st_ino,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "ctime_ns": stat.st_ctime_ns,
    }


def _can_seal(path: Path) -> bool:
    """True where a file's identity and change time can be trusted to tell it apart.

    Windows reports the creation time as `st_ctime` (copying tools can set it) and keeps the
    file's id when a file is copied over it, and some shared or removable file systems
    report no inode: there every open checks the whole file.
    """
    if os.name == "nt":
        return False
    try:
        return path.stat().st_ino != 0
    except OSError:
        return False


def write_seal(path: Path, revision: str) -> None:
    """Record that `path` has just been closed cleanly at schema `revision`.

    Never fails: without a seal the next open only takes longer.
    """
    if not _can_seal(path):
        return
    try:
        wal = path.with_name(path.name + "-wal")
        if not path.is_file() or (wal.exists() and wal.stat().st_size):
            return  # the log still holds changes: not a clean close
        text = json.dumps({"revision": revision, **_fingerprint(path)})
        seal = _seal_path(path)
        descriptor = os.open(seal, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError:
        return


def sealed_revision(path: Path) -> str | None:
    """Return the schema revision if `path` is exactly as this app last closed it cleanly;
    None if it must be checked."""
    if not _can_seal(path):
        return None
    try:
        recorded = json.loads(_seal_path(path).read_text(encoding="utf-8"))
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        revision = recorded.pop("revision")
        if recorded != _fingerprint(path) or not isinstance(revision, str):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return revision


def break_seal(path: Path) -> None:
    """Remove the seal: the file is about to change, or was found not to match it."""
    try:
        _seal_path(path).unlink(missing_ok=True)
    except OSError:
        return
