"""The live window: the agenda clock, projected times, the controls, the banner, the looks."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from facilitator.domain.enums import CaptureKind, CodeKind, SessionStatus
from facilitator.domain.errors import DiskFullError
from facilitator.domain.live import ClockLevel
from facilitator.services import backups, capture, live, programmes
from facilitator.services.live_run import LiveRun
from facilitator.storage.database import Database
from facilitator.ui import dialogs, live_window
from facilitator.ui.live_agenda import COL_ITEM, COL_TIME, RowState
from facilitator.ui.live_theme import HIGH_CONTRAST, NORMAL
from facilitator.ui.live_window import LiveWindow
from facilitator.ui.undo import UndoHub

MINUTE = 60
ROOM = ZoneInfo("Europe/London")


class FakeClock:
    """A wall clock and a monotonic clock that move only when the test moves them."""

    def __init__(self, wall: datetime) -> None:
        self.wall = wall
        self.mono = 500.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


class Told:
    """Stands in for the message dialogs and records what they said."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.information: list[str] = []


@pytest.fixture(autouse=True)
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    """Keep every message box from opening (and blocking); record the texts instead."""
    record = Told()
    monkeypatch.setattr(
        dialogs, "show_problem", lambda parent, *, title, text: record.problems.append(text)
    )
    monkeypatch.setattr(
        dialogs,
        "show_information",
        lambda parent, *, title, text: record.information.append(text),
    )
    return record


@pytest.fixture
def day_two(store: Database) -> int:
    (session,) = [
        s for s in programmes.list_programmes(store)[0].modules[2].sessions if s.title == "Day two"
    ]
    return session.id


@pytest.fixture
def clock(store: Database, day_two: int) -> FakeClock:
    """Start at 09:30 in the room on the session's day, as planned."""
    day = programmes.session_detail(store, day_two).date
    return FakeClock(datetime.combine(day, time(9, 30), tzinfo=ROOM).astimezone(UTC))


@pytest.fixture
def run(store: Database, day_two: int, clock: FakeClock) -> LiveRun:
    """Return "Day two" live, signed by a facilitator (so no one is asked for a name)."""
    live.set_author(store, "Test Facilitator")
    return LiveRun(store, day_two, clock=clock)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "live.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def hub(store: Database) -> Iterator[UndoHub]:
    owner = QObject()
    yield UndoHub(
        owner, store=lambda: store, apply_changes=lambda changes: None, show_problem=print
    )
    owner.deleteLater()


@pytest.fixture
def window(qtbot, run: LiveRun, hub: UndoHub, settings: QSettings) -> LiveWindow:
    shown = LiveWindow(run, hub, settings=settings)
    qtbot.addWidget(shown)
    return shown


def show_active(qtbot, window: LiveWindow) -> None:
    """Show the window and make it active, so its shortcuts and focus work."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def rows_text(window: LiveWindow, column: int) -> list[str]:
    model = window.agenda_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_clock_counts_and_turns_low_critical_and_over(window: LiveWindow, clock: FakeClock):
    """The first item (30 min) counts down, warns at a fifth and a twentieth left, then over."""
    panel = window.clock
    assert panel.title_label.full_text() == "Check-in: what has changed since day one"
    assert (panel.countdown.text(), panel.level) == ("30:00 left", ClockLevel.CALM)
    clock.advance(10)
    window.tick()
    assert panel.countdown.text() == "29:50 left"
    assert panel.elapsed_label.text() == "Elapsed 0:10 of 30 min"
    assert panel.status_label.isHidden()
    clock.advance(24 * MINUTE - 10)  # 6:00 left, a fifth
    window.tick()
    assert (panel.level, panel.style_level) == (ClockLevel.LOW, "low")
    assert panel.status_label.text() == "Under a fifth left"
    clock.advance(4.5 * MINUTE)  # 1:30 left, a twentieth
    window.tick()
    assert (panel.level, panel.countdown.text()) == (ClockLevel.CRITICAL, "1:30 left")
    assert "#D55E00" in panel.styleSheet()
    clock.advance(1.5 * MINUTE + 190)
    window.tick()
    assert (panel.level, panel.countdown.text()) == (ClockLevel.OVER, "+3:10 over")
    assert panel.status_label.text() == "Over time"
    assert panel.session_label.text() == "Session 33:10"
    assert panel.room_label.text() == "Room time 10:03"


def test_next_item_records_times_and_the_rest_of_the_day_shifts(
    qtbot, qtmodeltester, window: LiveWindow, run: LiveRun, clock: FakeClock
):
    """Moving on after a long first item stamps its times and pushes later items back."""
    assert rows_text(window, COL_TIME)[:3] == ["09:30–10:00", "10:00–10:45", "10:45–11:00"]
    clock.advance(40 * MINUTE)  # ten minutes over
    window.tick()
    assert rows_text(window, COL_TIME)[0] == "09:30–10:10"  # the current item ends now
    with qtbot.waitSignal(window.changes_made):
        window.next_item()
    first, second = run.detail.agenda[:2]
    assert first.actual_end - first.actual_start == timedelta(minutes=40)
    assert second.actual_start == first.actual_end
    times = rows_text(window, COL_TIME)
    assert times[:5] == ["09:30–10:10", "10:10–10:55", "10:55–11:10", "11:10–12:25", "12:25–13:10"]
    assert times[5] == "13:00–13:45"  # lunch is fixed: it keeps its time, squeezed
    items = rows_text(window, COL_ITEM)
    assert items[0].endswith("Ran 40 min, 10 min over")
    assert items[1].endswith("Now · 45 min")
    assert items[5].endswith("fixed; 10 min squeezed")
    model = window.agenda_model
    assert [model.row_at(i).state for i in range(3)] == [
        RowState.DONE,
        RowState.NOW,
        RowState.LATER,
    ]
    assert model.index(1, COL_ITEM).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert window.clock.title_label.full_text().startswith("Parked from day one")
    assert window.clock.countdown.text() == "45:00 left"
    assert (
        window.agenda_summary.text() == "Expected to end at 16:20, 10 min before the planned 16:30."
    )
    qtmodeltester.check(model)


def test_add_five_minutes_extends_the_countdown(qtbot, window: LiveWindow, clock: FakeClock):
    """Ctrl+= gives the current item five more minutes, in the clock and the agenda."""
    show_active(qtbot, window)
    clock.advance(10 * MINUTE)
    window.tick()
    assert window.clock.countdown.text() == "20:00 left"
    with qtbot.waitSignal(window.changes_made):
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.clock.countdown.text() == "25:00 left"
    assert window.clock.elapsed_label.text() == "Elapsed 10:00 of 35 min (5 min added)"
    assert rows_text(window, COL_ITEM)[0].endswith("Now · 35 min (+5 added)")
    assert rows_text(window, COL_TIME)[1] == "10:05–10:50"


def test_pause_stops_the_clock_and_resume_continues(
    window: LiveWindow, run: LiveRun, clock: FakeClock, store: Database
):
    """While paused the item and the session stand still, and the clock says "Paused"."""
    clock.advance(5 * MINUTE)
    window.toggle_pause()
    clock.advance(10 * MINUTE)
    window.tick()
    panel = window.clock
    assert panel.countdown.text() == "25:00 left"
    assert panel.session_label.text() == "Session 5:00"
    assert (panel.style_level, panel.status_label.text()) == ("paused", "Paused")
    assert window.actions.pause.text() == "Resume"
    assert programmes.session_detail(store, run.session_id).paused_at is not None
    window.toggle_pause()
    clock.advance(MINUTE)
    window.tick()
    assert panel.countdown.text() == "24:00 left"
    assert panel.style_level == "calm"
    assert window.actions.pause.text() == "Pause"
    stored = programmes.session_detail(store, run.session_id)
    assert (stored.paused_at, stored.paused_seconds) == (None, 10 * MINUTE)


def test_finish_asks_then_finishes_and_says_how_many_states_closed(
    qtbot, monkeypatch, window: LiveWindow, run: LiveRun, clock: FakeClock, told: Told
):
    """Finishing asks first; then the session ends, a running state closes, finished() fires."""
    state = next(c for s in run.schemes for c in s.codes if c.kind is CodeKind.STATE)
    assert run.submit(run.request(code_ids=(state.id,))) is not None
    answers = iter([False, True])
    asked: list[str] = []

    def ask(parent, *, title, text, action) -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", ask)
    window.show()
    window.finish()
    assert run.detail.status is SessionStatus.LIVE
    clock.advance(5 * MINUTE)
    with qtbot.waitSignals([window.finished, window.changes_made]):
        window.finish()
    assert "Finish “Day two” now?" in asked[0]
    assert run.detail.status is SessionStatus.FINISHED
    (told_finished,) = told.information
    finished, backup = told_finished.split("\n\n")
    assert finished == "“Day two” has finished. 1 running state was closed at this moment."
    assert backup.startswith("A backup of your data was made")
    (made,) = backups.list_backups(run.db.path.parent)
    assert made.reason == "after-session"
    assert not window.isVisible()
    assert not window.tick_timer.isActive()


def test_a_backup_that_fails_at_finish_is_one_calm_line(
    qtbot, monkeypatch, window: LiveWindow, run: LiveRun, told: Told
):
    """With nowhere to put the backup, the session still finishes; the message says so."""
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", lambda *a, **k: True)
    (run.db.path.parent / "backups").write_text("a file where the backups folder should be")
    window.show()
    with qtbot.waitSignal(window.finished):
        window.finish()
    assert run.detail.status is SessionStatus.FINISHED
    (text,) = told.information
    assert text.split("\n\n")[1].startswith("No backup could be made")
    assert told.problems == []


def test_banner_shows_waiting_captures_and_try_again_clears_it(
    monkeypatch, window: LiveWindow, run: LiveRun, store: Database
):
    """A full disk keeps a capture waiting under a banner; once the disk has room, it saves."""
    real_record = capture.record

    def full(db, request):
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(capture, "record", full)
    assert run.submit(run.request(kind=CaptureKind.NOTE, note="Held in memory")) is None
    window.tick()
    assert not window.banner.isHidden()
    assert window.banner.label.text() == "1 capture is waiting to be saved: The disk is full."
    assert window.retry_timer.isActive()
    window.banner.try_again_button.click()
    assert not window.banner.isHidden()  # still full
    monkeypatch.setattr(capture, "record", real_record)
    window.banner.try_again_button.click()
    assert window.banner.isHidden()
    assert not window.retry_timer.isActive()
    notes = [o.note for o in programmes.session_detail(store, run.session_id).observations]
    assert notes == ["Held in memory"]


def test_waiting_captures_can_be_saved_to_a_file(
    monkeypatch, window: LiveWindow, run: LiveRun, tmp_path: Path, told: Told
):
    """ "Save them to a file…" writes the waiting captures where the user chooses."""
    monkeypatch.setattr(capture, "record", lambda db, request: (_ for _ in ()).throw(OSError()))
    run.submit(run.request(kind=CaptureKind.NOTE, note="One"))
    run.submit(run.request(kind=CaptureKind.NOTE, note="Two"))
    window.tick()
    assert window.banner.label.text().startswith("2 captures are waiting to be saved: ")
    target = tmp_path / "rescued.json"
    monkeypatch.setattr(live_window, "choose_captures_path", lambda parent, *, suggested: target)
    window.banner.save_button.click()
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert [c["note"] for c in saved["captures"]] == ["One", "Two"]
    assert "(2 copied to a file.)" in window.banner.label.text()
    assert told.information[0].startswith("2 waiting captures were saved to ")


def test_a_refused_step_is_shown_not_raised(window: LiveWindow, told: Told):
    """Going back from the first item is refused with a message, and nothing breaks."""
    assert not window.actions.previous_item.isEnabled()
    window.previous_item()
    assert told.problems == ["This is the first item."]


def test_theme_toggle_switches_and_is_remembered(
    qtbot, window: LiveWindow, run: LiveRun, hub: UndoHub, settings: QSettings
):
    """Ctrl+T switches to high contrast on this window only, and the next window opens in it."""
    show_active(qtbot, window)
    assert window.theme is NORMAL
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.theme is HIGH_CONTRAST
    assert "#000000" in window.styleSheet()
    assert QApplication.instance().styleSheet() == ""  # the live window only
    assert window.actions.high_contrast.isChecked()
    assert window.clock.countdown.pixel_size() > 0
    window.close()
    again = LiveWindow(run, hub, settings=settings)
    qtbot.addWidget(again)
    assert again.theme is HIGH_CONTRAST
    again.toggle_theme()
    assert again.theme is NORMAL
    assert settings.value("live/theme") == "normal"


def test_f11_toggles_full_screen(qtbot, window: LiveWindow):
    """F11 goes full screen and back."""
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.isFullScreen()
    assert window.actions.full_screen.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.isFullScreen()


class KeyPanel(QWidget):
    """Stands in for the capture panel: records the keys it is offered, with a note field."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.keys: list[str] = []
        self.note = QLineEdit()
        QVBoxLayout(self).addWidget(self.note)

    def handle_key(self, event: QKeyEvent) -> bool:
        self.keys.append(event.text())
        return True


def test_keys_go_to_the_capture_panel_unless_a_text_field_has_focus(qtbot, window: LiveWindow):
    """A letter anywhere in the window goes to capturing; typed into a note it stays there."""
    panel = KeyPanel()
    window.set_capture_panel(panel)
    show_active(qtbot, window)
    panel.setFocus()
    qtbot.waitUntil(lambda: panel.hasFocus())
    qtbot.keyClicks(panel, "s")
    assert panel.keys == ["s"]
    panel.note.setFocus()
    qtbot.waitUntil(lambda: panel.note.hasFocus())
    qtbot.keyClicks(panel.note, "b")
    assert (panel.keys, panel.note.text()) == (["s"], "b")


def test_the_author_is_asked_for_once(
    qtbot, monkeypatch, store: Database, day_two: int, clock: FakeClock, hub, settings
):
    """With no name set, the window asks once and signs this laptop's captures with it."""
    assert live.author(store) == ""
    run = LiveRun(store, day_two, clock=clock)
    asked: list[object] = []

    def ask(parent) -> str:
        asked.append(parent)
        return "Sam Patel"

    monkeypatch.setattr(live_window.AuthorDialog, "ask", ask)
    shown = LiveWindow(run, hub, settings=settings)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: run.author == "Sam Patel")
    assert live.author(store) == "Sam Patel"
    shown.hide()
    shown.show()
    qtbot.wait(10)
    assert asked == [shown]
