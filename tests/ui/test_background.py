"""Background work: results and errors come back on the GUI thread, or at once in tests."""

import threading

import pytest
from PySide6.QtCore import QObject

from facilitator.ui import background
from facilitator.ui.background import is_busy, run_in_background, set_synchronous, synchronously


@pytest.fixture
def threaded():
    """Run this test's background work on real worker threads."""
    before = set_synchronous(False)
    yield
    set_synchronous(before)


def test_a_result_comes_back_on_the_gui_thread(qtbot, threaded) -> None:
    """The work runs on a worker thread; its result reaches on_done on the GUI thread."""
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback"] = threading.get_ident()

    run_in_background(work, on_done=done, on_error=pytest.fail)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["worker"] != gui
    assert seen["callback"] == gui
    qtbot.waitUntil(lambda: not is_busy(), timeout=1000)


def test_an_error_comes_back_on_the_gui_thread(qtbot, threaded) -> None:
    """A raised error is handed to on_error on the GUI thread, not lost in the worker."""
    gui = threading.get_ident()
    errors: list[tuple[BaseException, int]] = []

    def work() -> None:
        raise OSError(28, "No space left on device")

    run_in_background(
        work,
        on_done=lambda _result: pytest.fail("no result expected"),
        on_error=lambda error: errors.append((error, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    (error, thread), *_ = errors
    assert isinstance(error, OSError) and error.errno == 28
    assert thread == gui


def test_nothing_is_delivered_once_the_owner_has_gone(qtbot, threaded) -> None:
    """A widget closed while its work runs hears nothing back: there is nothing to show it in."""
    release = threading.Event()
    heard: list[object] = []
    owner = QObject()
    run_in_background(
        lambda: release.wait(5) and "done",
        on_done=heard.append,
        on_error=heard.append,
        owner=owner,
    )
    assert is_busy()
    with qtbot.waitSignal(owner.destroyed, timeout=1000):
        owner.deleteLater()
    release.set()
    qtbot.waitUntil(lambda: not is_busy(), timeout=5000)
    assert heard == []


def test_synchronous_mode_runs_at_once_in_order() -> None:
    """In tests the work and its callback run before run_in_background returns."""
    calls: list[str] = []
    with synchronously():
        run_in_background(
            lambda: calls.append("work") or "result",
            on_done=lambda result: calls.append(f"done {result}"),
            on_error=lambda error: calls.append(f"error {error}"),
        )
        run_in_background(
            lambda: 1 / 0,
            on_done=lambda _result: calls.append("unexpected"),
            on_error=lambda error: calls.append(type(error).__name__),
        )
    assert calls == ["work", "done result", "ZeroDivisionError"]
    assert not is_busy()


def test_synchronous_mode_leaves_a_callback_error_to_the_caller() -> None:
    """A bug in on_done is not mistaken for the work failing."""
    errors: list[BaseException] = []

    def broken(_result: object) -> None:
        raise RuntimeError("bug in the callback")

    with synchronously(), pytest.raises(RuntimeError, match="bug in the callback"):
        run_in_background(lambda: 1, on_done=broken, on_error=errors.append)
    assert errors == []


def test_the_switch_restores_the_mode_it_found() -> None:
    """synchronously() puts back whichever mode was on before."""
    before = background._synchronous
    with synchronously():
        assert background._synchronous
        with synchronously():
            assert background._synchronous
        assert background._synchronous
    assert background._synchronous == before
