"""The window's open store over its lifetime: automatic backups, closing, and restoring.

`StoreKeeper` owns the database handle the main window shows. It makes the daily backup
and the one on closing, and it swaps the store for a restored backup: close, restore (the
current file kept aside), reopen, show. Automatic backups are quiet: a failure becomes one
calm line (`problem_did_occur`) for the status bar, never a dialog.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from facilitator.domain.backups import ON_CLOSE, BackupOutcome
from facilitator.domain.errors import FacilitatorError
from facilitator.services import backups
from facilitator.services.store import open_store

DAILY_CHECK_MS = 60 * 60 * 1000  # the app may stay open for days: look again every hour
FIRST_CHECK_MS = 3000  # after start-up, once the window is in use


def _now() -> datetime:
    return datetime.now().astimezone()


class StoreKeeper(QObject):
    """Holds the open store of one main window and looks after its backups."""

    store_did_change = Signal(object)
    problem_did_occur = Signal(str)

    def __init__(self, window: QWidget, db: Any, *, now: Callable[[], datetime] = _now) -> None:
        super().__init__(window)
        self.setObjectName("storeKeeper")
        self.window = window
        self._db: Any = db
        self._now = now
        self._daily = QTimer(self, interval=DAILY_CHECK_MS)
        self._daily.timeout.connect(self.back_up_if_due)

    @classmethod
    def of(cls, widget: QWidget) -> "StoreKeeper | None":
        """Return the keeper of the main window `widget` belongs to (None before the data is
        open)."""
        current: QWidget | None = widget
        while current is not None:
            found = current.findChild(cls, "storeKeeper", Qt.FindChildOption.FindDirectChildrenOnly)
            if found is not None:
                return found
            current = current.parentWidget()
        return None

    @property
    def db(self) -> Any:
        return self._db

    @property
    def data_dir(self) -> Path:
        return backups.data_folder(self._db)

    # Automatic backups -----------------------------------------------------------------------

    def start_daily_backups(self, *, first_check_ms: int = FIRST_CHECK_MS) -> None:
        """Make the daily backup soon if none was made today, and look again every hour."""
        QTimer.singleShot(first_check_ms, self, self.back_up_if_due)
        self._daily.start()

    def back_up_if_due(self) -> BackupOutcome | None:
        """Make today's backup if it is due, unless a session is live (never slow capture)."""
        if self._db is None or getattr(self.window, "live_window", None) is not None:
            return None
        outcome = backups.back_up_if_due(self._db, now=self._now())
        self._report(outcome)
        return outcome

    def close(self) -> None:
        """Back up (quietly) and close the store: the app is quitting."""
        self._daily.stop()
        if self._db is None:
            return
        db, self._db = self._db, None
        try:
            if backups.back_up_quietly(db, reason=ON_CLOSE).problem:  # logged there
                db.distrust()  # a copy that fails its check may mean the file is damaged
        finally:
            db.close()

    def _report(self, outcome: BackupOutcome | None) -> None:
        if outcome is not None and outcome.problem:
            self.problem_did_occur.emit(outcome.problem)

    # Restoring ---------------------------------------------------------------------------

    def restore(self, backup: Path) -> Path | None:
        """Replace the open data with `backup` and show it; return where the replaced file
        was kept. Raise FacilitatorError, with the store still open, if it cannot be done."""
        if getattr(self.window, "live_window", None) is not None:
            raise FacilitatorError(
                "A session is running live. Finish it, or close its live window, before "
                "restoring a backup."
            )
        backups.check_restorable(backup)
        data_dir = self.data_dir
        self._db.close()
        try:
            moved_to = backups.restore(data_dir, backup)
        finally:
            # Whether or not the restore worked, the window goes on with whatever file is in
            # place (the restored one, or the untouched current one).
            self._reopen(data_dir)
        return moved_to

    def _reopen(self, data_dir: Path) -> None:
        self._db = None
        self._db = open_store(data_dir)
        hub = getattr(self.window, "undo_hub", None)
        if hub is not None:
            hub.keep_only(())  # the history was of the data that has just been replaced
        attach = getattr(self.window, "attach_store", None)
        if attach is not None:
            attach(self._db)
        self.store_did_change.emit(self._db)
