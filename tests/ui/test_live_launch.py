"""Going live from the main window, capturing, finishing, and reopening after a crash."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator.domain.enums import SessionStatus
from facilitator.services import live, programmes
from facilitator.ui import dialogs
from facilitator.ui.live_support import AuthorDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.navigation import NodeKind

from .test_main_window import click_row, open_window

DAY_TWO = "Day two · 30 Nov 2026"


@pytest.fixture(autouse=True)
def signed(monkeypatch) -> None:
    """Answer the once-per-laptop question of whose captures these are."""
    monkeypatch.setattr(AuthorDialog, "ask", classmethod(lambda cls, parent: "Facilitator 1"))


@pytest.fixture
def window(qtbot, store, tmp_path: Path) -> MainWindow:
    shown = open_window(qtbot, store, tmp_path / "w.ini")
    shown.finish_start_up()
    return shown


def day_two_id(store) -> int:
    module = programmes.list_programmes(store)[0].modules[2]
    return next(s.id for s in module.sessions if s.title == "Day two")


def go_live(qtbot, window: MainWindow):
    click_row(qtbot, window.tree, DAY_TWO)
    window.session_page.live_action.trigger()
    live_window = window.live_window
    assert live_window is not None
    qtbot.waitExposed(live_window)
    qtbot.waitUntil(lambda: live_window.run.author == "Facilitator 1")  # asked once, on opening
    return live_window


def test_go_live_capture_and_see_it_on_the_session_page(qtbot, window, store) -> None:
    """Go live, press a code key, close the live window: the capture is on the session page."""
    live_window = go_live(qtbot, window)
    session_id = day_two_id(store)
    assert programmes.session_detail(store, session_id).status is SessionStatus.LIVE
    live_window.activateWindow()
    live_window.setFocus()
    # Conflict surfacing is the first scheme: its "s" is Conflict surfaced. Esc: no note.
    qtbot.keyClick(live_window.focusWidget() or live_window, Qt.Key.Key_S)
    qtbot.keyClick(live_window.focusWidget() or live_window, Qt.Key.Key_Escape)
    observations = programmes.session_detail(store, session_id).observations
    assert [o.codes[0].label for o in observations] == ["Conflict surfaced"]
    assert observations[0].author == "Facilitator 1"
    live_window.close()
    qtbot.waitUntil(lambda: window.live_window is None)
    qtbot.waitUntil(lambda: window.session_page.tabs.tabText(1) == "Review (1)")


def test_one_live_session_at_a_time(qtbot, window, store, monkeypatch) -> None:
    """Asking to take a second session live says that one is already running."""
    live_window = go_live(qtbot, window)
    problems = []
    monkeypatch.setattr(dialogs, "show_problem", lambda *a, **k: problems.append(k["text"]))
    day_one = next(
        s.id
        for s in programmes.list_programmes(store)[0].modules[2].sessions
        if s.title == "Day one"
    )
    window.open_live(day_one)
    assert problems and "Another session is running live" in problems[0]
    assert window.live_window is live_window


def test_finishing_marks_the_session_finished(qtbot, window, store, monkeypatch) -> None:
    """Finish session… (confirmed) finishes it; the tree and page say so."""
    live_window = go_live(qtbot, window)
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(dialogs, "show_information", lambda *a, **k: None)
    live_window.finish()
    assert programmes.session_detail(store, day_two_id(store)).status is SessionStatus.FINISHED
    live_window.close()
    qtbot.waitUntil(lambda: window.session_page.status.text() == "Finished")
    assert not window.session_page.live_action.isEnabled()


def test_a_session_left_live_reopens_on_start(qtbot, store, tmp_path) -> None:
    """A session still live when the app last stopped opens live again, clock intact."""
    from datetime import UTC, datetime, timedelta

    session_id = day_two_id(store)
    started = datetime.now(UTC) - timedelta(minutes=12)
    live.go_live(store, session_id, moment=started)
    window = open_window(qtbot, store, tmp_path / "w.ini")
    window.reopen_live_session()
    assert window.live_window is not None
    assert window.selected_key() == (NodeKind.SESSION, session_id)
    elapsed = window.live_window.run.timer.elapsed()
    assert 12 * 60 - 5 < elapsed < 12 * 60 + 60
    window.live_window.close()


def test_finishing_with_a_note_half_typed_saves_the_note(qtbot, window, store, monkeypatch) -> None:
    """Finishing while the capture bar is open saves what was typed first."""
    live_window = go_live(qtbot, window)
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(dialogs, "show_information", lambda *a, **k: None)
    panel = live_window.capture_panel
    panel.start_note()
    panel.bar.entry.setText("Chair said the budget is fixed")
    live_window.finish()
    notes = [o.note for o in programmes.session_detail(store, day_two_id(store)).observations]
    assert notes == ["Chair said the budget is fixed"]


def test_a_held_key_records_once(qtbot, window, store) -> None:
    """Key auto-repeat from a key held a moment too long is not a stream of captures."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    live_window = go_live(qtbot, window)
    panel = live_window.capture_panel
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Period, Qt.KeyboardModifier.NoModifier, ".")
    held = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Period, Qt.KeyboardModifier.NoModifier, ".", True
    )
    panel.handle_key(press)
    panel.handle_key(held)
    panel.handle_key(held)
    assert len(programmes.session_detail(store, day_two_id(store)).observations) == 1


def test_undo_after_finishing_cannot_restart_a_state(qtbot, window, store, monkeypatch) -> None:
    """After finishing, the session's undo history is cleared: no state can run again."""
    live_window = go_live(qtbot, window)
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(dialogs, "show_information", lambda *a, **k: None)
    panel = live_window.capture_panel
    panel.cycle_scheme(1)  # dialogue patterns
    stuck = next(c for c in panel.current_scheme().codes if c.slug == "stuck")
    panel.press_code(stuck)
    panel.bar_flow.close()
    session_id = day_two_id(store)
    live_window.finish()
    assert not window.undo_hub.stack_for(session_id).canUndo()
    observation = programmes.session_detail(store, session_id).observations[0]
    assert observation.duration_seconds is not None


def test_the_scan_prompt_interval_is_remembered(qtbot, window, store) -> None:
    """The dialogue-pattern prompt comes back as often as it was set last time."""
    live_window = go_live(qtbot, window)
    live_window.capture_panel.set_scan_minutes(None)
    live_window.capture_panel.prompt.check.setChecked(True)
    live_window.capture_panel.prompt.spin.setValue(7)
    live_window.close()
    qtbot.waitUntil(lambda: window.live_window is None)
    again = go_live(qtbot, window)
    assert again.capture_panel.scan_minutes == 7
