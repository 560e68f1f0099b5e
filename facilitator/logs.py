"""The app's log file: where it lives, and what goes into it.

Observations name real people, so the log never holds exception messages (which may quote a
note or a name), only the kind of error and where in the code it happened.
"""

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

LOG_DIR_ENV = "FACILITATOR_LOG_DIR"
LOG_NAME = "facilitator.log"
log = logging.getLogger("facilitator")


def log_dir() -> Path:
    """Return the platform's log folder for the app (FACILITATOR_LOG_DIR overrides it)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path("Facilitator", appauthor=False)


def setup_logging() -> Path | None:
    """Send the app's log to a rotating private file; return its path (None if impossible)."""
    folder = log_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        os.chmod(path, 0o600)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def redacted_traceback(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> str:
    """Describe an error by its type and code locations only, never by its message."""
    frames = "".join(traceback.format_tb(tb))
    return f"{kind.__module__}.{kind.__qualname__} (message withheld)\n{frames}"


def log_unexpected(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Write an unexpected error to the log without its message."""
    log.error("Unexpected error: %s", redacted_traceback(kind, error, tb))
