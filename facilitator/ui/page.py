"""What every detail page shares: the store it edits, and how it reports what changed."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.ui import dialogs


class Page(QWidget):
    """A detail page, or one tab of it. It calls services itself and announces their Changes."""

    changes_made = Signal(object)  # Changes
    select_requested = Signal(object)  # (NodeKind, id) of something to show next

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Any = None  # the open store: an opaque handle passed to services

    def attach_store(self, db: Any) -> None:
        self.db = db

    def apply_icons(self) -> None:
        """Give the page's buttons their icons, once the icon font has loaded."""

    def announce(self, changes: Changes) -> None:
        """Tell the main window what a dialog's save changed (the dialog showed any error)."""
        if changes.any:
            self.changes_made.emit(changes)

    def run(self, action: Callable[[], Changes | None], *, failure: str) -> bool:
        """Run a service call; announce what changed, or show why it failed."""
        try:
            changes = action()
        except FacilitatorError as error:
            dialogs.show_problem(self, title=failure, text=str(error))
            return False
        if changes is not None:
            self.announce(changes)
        return True
