"""One window per data folder: a second launch finds the first and asks it to come forward."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QMainWindow

from facilitator.ui.single_instance import SingleInstance, bring_forward, server_name


def test_a_second_instance_on_the_same_folder_finds_the_first(qtbot, tmp_path: Path) -> None:
    """The second asks; the first hears the request to show itself and answers."""
    first = SingleInstance(tmp_path / "data")
    assert first.listen() and first.listening
    try:
        with qtbot.waitSignal(first.show_requested, timeout=2000):
            assert SingleInstance(tmp_path / "data").ask_running_to_show()
        requests: list[bool] = []
        first.show_requested.connect(lambda: requests.append(True))
        assert SingleInstance(tmp_path / "data" / ".." / "data").ask_running_to_show()
        qtbot.waitUntil(lambda: requests == [True])
    finally:
        first.close()


def test_different_folders_do_not_collide(qtbot, tmp_path: Path) -> None:
    """Each folder has its own channel, so two folders can each have a window."""
    first = SingleInstance(tmp_path / "cohort-1")
    assert first.listen()
    try:
        assert server_name(tmp_path / "cohort-1") != server_name(tmp_path / "cohort-2")
        assert not SingleInstance(tmp_path / "cohort-2").ask_running_to_show()
        second = SingleInstance(tmp_path / "cohort-2")
        assert second.listen()
        second.close()
    finally:
        first.close()


def test_with_no_first_instance_the_answer_is_no_at_once(tmp_path: Path) -> None:
    """Nobody listening: the launch goes ahead without waiting."""
    assert not SingleInstance(tmp_path).ask_running_to_show(timeout_ms=5000)


def test_a_socket_left_by_a_crash_is_taken_over(qtbot, tmp_path: Path) -> None:
    """A listener that went away without closing (a crash) does not block the next one."""
    stale = QLocalServer()
    assert stale.listen(server_name(tmp_path))
    stale.close()  # on Unix the socket file may stay; listen() removes it and tries again
    again = SingleInstance(tmp_path)
    assert again.listen()
    again.close()
    assert not SingleInstance(tmp_path).ask_running_to_show()


def test_bring_forward_restores_a_minimised_window(qtbot) -> None:
    """The window that comes forward is un-minimised, and a live window is preferred."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_forward(window)
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()

    live = QMainWindow()
    qtbot.addWidget(live)
    window.live_window = live  # type: ignore[attr-defined]
    bring_forward(window)
    assert live.isVisible()


def test_a_listening_window_is_noticed_without_qt_networking(qtbot, tmp_path: Path) -> None:
    """The cheap look at start-up sees a listening window's socket, and only then."""
    from facilitator.ui.instance_name import may_be_listening

    assert not may_be_listening(tmp_path / "data")
    first = SingleInstance(tmp_path / "data")
    assert first.listen()
    try:
        assert may_be_listening(tmp_path / "data")
        assert not may_be_listening(tmp_path / "other")
    finally:
        first.close()
