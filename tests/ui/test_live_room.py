"""The room view and the pattern cues in a real live window: fed by key presses, kept in the
file, and never showing a name or a note unless the facilitator turns names on."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

from facilitator.domain.room import RoomChoices, RoomPanel
from facilitator.services import actions, programmes, room
from facilitator.services import live as live_service
from facilitator.services.schemes import list_schemes
from facilitator.storage.database import Database
from facilitator.ui.live_launch import build_live_window
from facilitator.ui.live_window import LiveWindow
from facilitator.ui.room_lists import APPROVE_COLUMN
from facilitator.ui.undo import UndoHub

from .test_live_window import ROOM, FakeClock

MINUTE = 60


@dataclass
class Live:
    window: LiveWindow
    clock: FakeClock
    session_id: int


@pytest.fixture
def running(qtbot, store: Database, tmp_path: Path) -> Iterator[Live]:
    """Day two live on a test clock, coding the four-player model first, then dialogue
    patterns."""
    (day_two,) = [
        s.id
        for s in programmes.list_programmes(store)[0].modules[2].sessions
        if s.title == "Day two"
    ]
    day = programmes.session_detail(store, day_two).date
    clock = FakeClock(datetime.combine(day, time(9, 30), tzinfo=ROOM).astimezone(UTC))
    slugs = {scheme.slug: scheme.id for scheme in list_schemes(store)}
    live_service.set_session_schemes(
        store, day_two, [slugs["kantor-four-player"], slugs["dialogue-patterns"]]
    )
    live_service.set_author(store, "Test Facilitator")
    owner = QObject()
    hub = UndoHub(owner, store=lambda: store, apply_changes=lambda _: None, show_problem=print)
    settings = QSettings(str(tmp_path / "live.ini"), QSettings.Format.IniFormat)
    shown = build_live_window(store, day_two, hub=hub, settings=settings, clock=clock)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitExposed(shown)
    yield Live(shown, clock, day_two)
    shown.close()
    owner.deleteLater()


def press(qtbot, window: LiveWindow, key: Qt.Key, *, then_escape: bool = True) -> None:
    """Press a capture key where the facilitator would; Escape closes the note bar unwritten."""
    target = window.focusWidget() or window
    qtbot.keyClick(target, key)
    if then_escape:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)


def settle(window: LiveWindow) -> None:
    """Let the debounced refreshes run, as the event loop would."""
    QApplication.processEvents()
    assert window.cue_link is not None and window.room_link is not None
    window.cue_link.refresh()
    window.room_link.refresh()


def cue_titles(window: LiveWindow) -> list[str]:
    assert window.cue_link is not None
    return [cue.title for cue in window.cue_link.panel.visible_cues()]


def test_four_opposes_in_a_row_raise_a_cue_that_is_kept(
    qtbot, running: Live, store: Database
) -> None:
    """Point and counterpoint: the cue shows after the fourth oppose, once, and is recorded."""
    window, clock, day_two = running.window, running.clock, running.session_id
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_O)
        clock.advance(30)
    settle(window)
    assert "Point and counterpoint" not in cue_titles(window)
    press(qtbot, window, Qt.Key.Key_O)
    settle(window)
    assert "Point and counterpoint" in cue_titles(window)
    settle(window)  # still holding: not recorded twice
    (recorded,) = room.recorded_cues(store, day_two)
    assert recorded.rule_id == "point-counterpoint"
    assert recorded.evidence == (1, 2, 3, 4)
    assert "four-player captures were all oppose" in recorded.wording
    tabs = window.side_tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Cues"))
    card_text = " ".join(
        label.text() for label in window.cue_link.panel.findChildren(QLabel) if label.isVisible()
    )
    assert "Try:" in card_text


def test_a_stuck_state_left_running_raises_a_cue_as_time_passes(qtbot, running: Live) -> None:
    """A cue that depends on time appears on the clock's refresh, with no new capture."""
    window, clock = running.window, running.clock
    window.capture_panel.cycle_scheme(1)  # dialogue patterns: S starts "stuck"
    press(qtbot, window, Qt.Key.Key_S)
    settle(window)
    assert "A stuck pattern" not in cue_titles(window)
    clock.advance(9 * MINUTE)
    settle(window)
    assert "A stuck pattern" in cue_titles(window)


def test_cues_switched_off_show_nothing(qtbot, running: Live) -> None:
    window = running.window
    panel = window.cue_link.panel
    panel.show_cues.click()
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_O)
    settle(window)
    assert cue_titles(window) == []


def test_room_view_opens_by_key_shows_the_mix_and_blanks_by_key(
    qtbot, running: Live, store: Database
) -> None:
    """Ctrl+R opens the projector view; it shows the group's four-player mix and no names;
    Ctrl+B in the live window blanks it and brings it back."""
    window, day_two = running.window, running.session_id
    for key in (Qt.Key.Key_M, Qt.Key.Key_F, Qt.Key.Key_O, Qt.Key.Key_F):
        press(qtbot, window, key)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    link = window.room_link
    qtbot.waitUntil(link.room.isVisible)
    settle(window)
    qtbot.waitUntil(lambda: bool(link.room.canvas.drawn))
    drawn = " | ".join(link.room.canvas.drawn)
    assert "Four-player mix" in drawn
    assert "Follow" in drawn and "2 · 50%" in drawn
    detail = programmes.session_detail(store, day_two)
    for person in detail.cohort:
        assert person.name not in drawn
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert link.room.is_blank
    assert link.blank_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not link.room.is_blank
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not link.room.isVisible())


def test_principles_and_approvals_are_kept_in_the_file(
    qtbot, running: Live, store: Database
) -> None:
    """What the facilitator agrees to show survives the window: principles belong to the
    programme, approvals to each item."""
    window, clock, day_two = running.window, running.clock, running.session_id
    link = window.room_link
    controls = link.controls
    controls.set_choices(RoomChoices(panels=frozenset({RoomPanel.PRINCIPLES, RoomPanel.PARKED})))
    announced = []
    window.changes_made.connect(announced.append)
    controls.principles.principles_changed.emit(["  Listen   to understand ", "", "Be kind"])
    assert announced and announced[-1].programmes, "the programme page hears of it"
    detail = programmes.session_detail(store, day_two)
    assert room.working_principles(store, detail.programme_id) == (
        "Listen to understand",
        "Be kind",
    )
    parked_id = actions.park(store, day_two, "Estates strategy", moment=clock.now())
    hidden_id = actions.park(store, day_two, "Rachel's pay grade", moment=clock.now())
    link.read_items()
    entry = controls.approvals.entry("parked", parked_id)
    assert entry is not None and controls.approvals.entry("parked", hidden_id) is not None
    entry.setCheckState(APPROVE_COLUMN, Qt.CheckState.Checked)  # as a click on its tick
    assert room.approved_items(store, day_two).parked == frozenset({parked_id})
    link.toggle_room()
    qtbot.waitUntil(link.room.isVisible)
    settle(window)
    qtbot.waitUntil(lambda: bool(link.room.canvas.drawn))
    drawn = " | ".join(link.room.canvas.drawn)
    assert "Listen to understand" in drawn and "Estates strategy" in drawn
    assert "pay grade" not in drawn


def test_the_room_view_closes_with_the_live_window(qtbot, running: Live) -> None:
    window = running.window
    link = window.room_link
    link.toggle_room()
    qtbot.waitUntil(link.room.isVisible)
    window.close()
    qtbot.waitUntil(lambda: not link.room.isVisible())


def test_a_closed_room_view_forgets_its_picture(qtbot, running: Live) -> None:
    """Nothing it showed can flash up when it opens again after the choices changed."""
    link = running.window.room_link
    link.toggle_room()
    qtbot.waitUntil(link.room.isVisible)
    settle(running.window)
    assert link.room.picture.shown
    link.toggle_room()
    qtbot.waitUntil(lambda: not link.room.isVisible())
    assert not link.room.picture.shown
