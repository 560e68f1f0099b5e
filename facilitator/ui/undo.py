"""Undo and redo: one QUndoStack per session, mirroring the core's agenda commands.

A command does its work once before it is pushed, so a refusal (a bad value, a full disk)
reaches the user as a message and never lands on the stack. The stacks live as long as the
window: going to another session and back keeps each session's history.
"""

import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError

if TYPE_CHECKING:  # the services (and SQLAlchemy) load after the window is on screen
    from facilitator.services.agenda import AgendaCommand

MERGING_EDIT = 1  # QUndoCommand.id() of edits that merge, such as stepping a minutes box


class _Adapter(QUndoCommand):
    def __init__(self, command: "AgendaCommand", hub: "UndoHub", *, merge_key: str | None) -> None:
        super().__init__(command.label)
        self.command = command
        self.merge_key = merge_key
        self._hub = hub
        self._done_already = True

    def redo(self) -> None:
        if self._done_already:  # the first redo happened before the push
            self._done_already = False
            return
        self._hub.run(self.command.redo, self.command.session_id, replaying=True)

    def undo(self) -> None:
        self._hub.run(self.command.undo, self.command.session_id, replaying=True)

    def id(self) -> int:
        return MERGING_EDIT if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Adapter) or other.merge_key != self.merge_key:
            return False
        from facilitator.services.agenda import EditItem

        mine, theirs = self.command, other.command
        if not isinstance(mine, EditItem) or not isinstance(theirs, EditItem):
            return False
        mine.after = theirs.after
        return True


class UndoHub(QObject):
    """Runs agenda commands and keeps their undo history per session."""

    def __init__(
        self,
        parent: QObject,
        *,
        store: Callable[[], Any],
        apply_changes: Callable[[Changes], None],
        show_problem: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._store = store
        self._apply_changes = apply_changes
        self._show_problem = show_problem

    def stack_for(self, session_id: int) -> QUndoStack:
        stack = self._stacks.get(session_id)
        if stack is None:
            stack = QUndoStack(self.group)
            self._stacks[session_id] = stack
        return stack

    def activate(self, session_id: int | None) -> None:
        """Make Undo and Redo act on this session's history (or on nothing)."""
        self.group.setActiveStack(None if session_id is None else self.stack_for(session_id))

    def push(self, command: "AgendaCommand", *, merge_key: str | None = None) -> bool:
        """Do `command` now and remember it for undo; False (with a message) if refused.

        A refused command was rolled back and changed nothing, so the history stays.
        """
        if not self.run(command.redo, command.session_id, replaying=False):
            return False
        self.stack_for(command.session_id).push(_Adapter(command, self, merge_key=merge_key))
        return True

    def push_done(self, command: "AgendaCommand") -> None:
        """Remember a command already carried out (a capture written the moment its key was
        pressed), so it can be undone; it is not run again."""
        self.stack_for(command.session_id).push(_Adapter(command, self, merge_key=None))

    def run(self, step: Callable[[Any], Changes], session_id: int, *, replaying: bool) -> bool:
        try:
            changes = step(self._store())
        except FacilitatorError as error:
            self._refused(str(error), session_id, replaying=replaying)
            return False
        except Exception:
            # Undo and redo are called from inside Qt: an error must not escape half-way
            # through and leave the history pointing at a step the data never took.
            from facilitator.logs import log_unexpected  # logging loads only when needed

            log_unexpected(*sys.exc_info())
            self._refused(
                "That step could not be made. Nothing was changed; the details are in the log.",
                session_id,
                replaying=replaying,
            )
            return False
        self._apply_changes(changes)
        return True

    def _refused(self, message: str, session_id: int, *, replaying: bool) -> None:
        self._show_problem(message)
        stack = self._stacks.get(session_id)
        if replaying and stack is not None:
            # The history no longer matches the data; forget it rather than undo wrongly.
            QTimer.singleShot(0, stack.clear)

    def keep_only(self, session_ids: Collection[int]) -> None:
        """Forget the history of every session not in `session_ids` (deleted ones).

        Ids of deleted rows can be used again, so a stale history must never meet a new
        session that happens to get the same id.
        """
        for session_id in [known for known in self._stacks if known not in session_ids]:
            self.forget(session_id)

    def forget(self, session_id: int) -> None:
        """Drop a session's history, for a session that has been deleted."""
        stack = self._stacks.pop(session_id, None)
        if stack is not None:
            self.group.removeStack(stack)
            stack.deleteLater()
