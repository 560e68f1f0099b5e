"""Where the data lives, and keeping that folder private."""

import os
from pathlib import Path

from facilitator.domain.errors import DataFolderError

DATA_DIR_ENV = "FACILITATOR_DATA_DIR"
DATABASE_NAME = "facilitator.sqlite3"
BACKUPS_DIR_NAME = "backups"
# Files the app moved out of the way (a damaged file, the file a restore replaced): kept,
# never deleted.
ASIDE_DIR_NAME = "aside"


def default_data_dir() -> Path:
    """Return the platform's per-user data folder for the app."""
    from platformdirs import user_data_path

    return user_data_path("Facilitator", appauthor=False)


def resolve_data_dir(
    explicit: str | os.PathLike[str] | None = None, *, remembered: str | None = None
) -> Path:
    """Pick the data folder: `--data-dir`, else FACILITATOR_DATA_DIR, else the folder the
    user last chose in the app (`remembered`), else the platform's."""
    from_env = os.environ.get(DATA_DIR_ENV)
    chosen = explicit or from_env or remembered
    if chosen:
        return Path(chosen).expanduser().resolve()
    return default_data_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create `path` readable by this user only (0700), or explain why it cannot be used."""
    existed = path.is_dir()
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not existed:
            os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
    except OSError as error:
        raise DataFolderError(
            f"The data folder {path} cannot be created ({error.strerror or error}). "
            "Choose another data folder."
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataFolderError(
            f"The data folder {path} cannot be written. Check its permissions, or choose "
            "another data folder."
        )
    return path


def ensure_private_file(path: Path) -> None:
    """Create `path` if needed and make it readable and writable by this user only (0600)."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(descriptor)
        os.chmod(path, 0o600)
    except OSError as error:
        raise DataFolderError(
            f"The database file {path} cannot be opened for writing "
            f"({error.strerror or error}). Check the folder's permissions, or choose another "
            "data folder."
        ) from None
