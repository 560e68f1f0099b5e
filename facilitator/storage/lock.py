"""One instance of the app per data folder."""

from pathlib import Path

from facilitator.domain.errors import DatabaseInUseError

LOCK_NAME = "facilitator.lock"


class InstanceLock:
    """An exclusive lock on a data folder, held while the app has its database open.

    The operating system releases it if the process dies, so a crash never leaves the folder
    locked.
    """

    def __init__(self, data_dir: Path) -> None:
        from filelock import FileLock

        self._lock = FileLock(data_dir / LOCK_NAME, mode=0o600)
        self._data_dir = data_dir

    def acquire(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise DatabaseInUseError(
                f"The data in {self._data_dir} is already open in another Facilitator window. "
                "Switch to that window, or close it and try again."
            ) from None

    def release(self) -> None:
        self._lock.release()
