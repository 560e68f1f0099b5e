"""The name of a data folder's local socket, and whether a window may be listening on it,
without loading Qt's networking module (an ordinary start never needs it)."""

import getpass
import hashlib
import sys
from pathlib import Path

from PySide6.QtCore import QDir


def server_name(data_dir: Path) -> str:
    """Return the local socket name for this user and data folder."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the folder alone still works
        user = ""
    key = f"{user}\0{data_dir.expanduser().resolve()}".encode()
    return f"facilitator-{hashlib.sha256(key).hexdigest()[:24]}"


def may_be_listening(data_dir: Path) -> bool:
    """Tell whether a window could be listening for this folder: on Unix its socket file
    exists in the temporary folder (a stale one only costs a failed connection); Windows
    pipes cannot be looked at this way, so there the answer is always yes."""
    if sys.platform == "win32":
        return True
    return (Path(QDir.tempPath()) / server_name(data_dir)).exists()
