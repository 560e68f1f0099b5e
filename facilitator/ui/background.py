"""Run slow work (a report, an import) off the GUI thread and hand its result back to it.

`run_in_background(fn, on_done=..., on_error=...)` runs `fn` on Qt's global thread pool.
Whatever it returns, or raises, reaches `on_done` or `on_error` on the GUI thread through a
queued signal, so only the callbacks touch widgets: `fn` must not. `fn` calls services,
which open their own database session, so a worker never shares one with the GUI.

Tests switch to synchronous mode (`set_synchronous(True)`, or `with synchronously():`), in
which `fn` and its callback run at once, in order, on the calling thread: no waiting, no
races (Picard's fake thread pool does the same).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

_synchronous = False
_waiting: set["_Relay"] = set()  # relays whose job is still running: kept alive until it ends


def set_synchronous(on: bool) -> bool:
    """Run background work at once on the calling thread (for tests); return the old mode."""
    global _synchronous
    before, _synchronous = _synchronous, on
    return before


@contextmanager
def synchronously() -> Iterator[None]:
    """Run background work synchronously inside this block."""
    before = set_synchronous(True)
    try:
        yield
    finally:
        set_synchronous(before)


def is_busy() -> bool:
    """True while some background work has not yet reported back."""
    return bool(_waiting)


def run_in_background[T](
    fn: Callable[[], T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    owner: QObject | None = None,
) -> None:
    """Run `fn` on a worker thread; call `on_done(result)` or `on_error(error)` on this one.

    When `owner` (the widget that started the work) is destroyed first, neither callback
    runs: there is nothing left to show the result in.
    """
    if _synchronous:
        try:
            result = fn()
        except Exception as error:
            on_error(error)
        else:
            on_done(result)
        return
    relay = _Relay(on_done, on_error)
    if owner is not None:
        owner.destroyed.connect(relay.forget)
    _waiting.add(relay)

    def work() -> None:
        # Runs on the worker thread: touches nothing but `fn` and the relay's signals.
        try:
            result = fn()
        except BaseException as error:  # delivered, not lost in a thread nobody watches
            relay.failed.emit(error)
        else:
            relay.finished.emit(result)

    QThreadPool.globalInstance().start(work)


class _Relay(QObject):
    """Lives on the GUI thread; its queued signals carry a worker's outcome there."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[Any], None]) -> None:
        super().__init__()
        self._on_done: Callable[[Any], None] | None = on_done
        self._on_error: Callable[[Any], None] | None = on_error
        # Queued: the slots run in this object's thread (the GUI's), whoever emits.
        self.finished.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def forget(self) -> None:
        """Drop the callbacks: their owner has gone."""
        self._on_done = self._on_error = None

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        callback = self._on_done
        self._end()
        if callback is not None:
            callback(result)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        callback = self._on_error
        self._end()
        if callback is not None:
            callback(error)

    def _end(self) -> None:
        self.forget()
        _waiting.discard(self)
