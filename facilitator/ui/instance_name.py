"""The name of a data folder's local socket, and whether a window may be listening on it,
without loading Qt's networking module (an ordinary start never needs it)."""

import os
import sys
from pathlib import Path

from PySide6.QtCore import QDir

PREFIX = "facilitator-"


def server_name(data_dir: Path) -> str:
    """Return the local socket name for this user and data folder."""
    import getpass
    import hashlib  # OpenSSL: loaded only when some window may be listening

    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the folder alone still works
        user = ""
    key = f"{user}\0{data_dir.expanduser().resolve()}".encode()
    return f"{PREFIX}{hashlib.sha256(key).hexdigest()[:24]}"


def may_be_listening(data_dir: Path) -> bool:
    """Tell whether a window could be listening for this folder: on Unix its socket file
    exists in the temporary folder (a stale one only costs a failed connection); Windows
    pipes cannot be looked at this way, so there the answer is always yes."""
    if sys.platform == "win32":
        return True
    folder = QDir.tempPath()
    try:  # usually no window is open at all, and the name need not be worked out
        if not any(name.startswith(PREFIX) for name in os.listdir(folder)):
            return False
    except OSError:
        pass
    return (Path(folder) / server_name(data_dir)).exists()
