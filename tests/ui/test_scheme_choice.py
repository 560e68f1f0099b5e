"""Choosing a session's coding schemes before it goes live, on the session page."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator.services import live, programmes
from facilitator.services.live_run import LiveRun
from facilitator.ui.main_window import MainWindow
from facilitator.ui.scheme_choice_dialog import SchemeChoiceDialog
from tests.clocks import FakeClock

from .test_main_window import click_row, open_window
from .test_programme_page import click_action, when_modal

DAY_ONE, DAY_TWO = "Day one · 16 Nov 2026", "Day two · 30 Nov 2026"
KANTOR = "Kantor's four-player model"


@pytest.fixture
def window(qtbot, store, tmp_path: Path) -> MainWindow:
    shown = open_window(qtbot, store, tmp_path / "w.ini")
    shown.finish_start_up()
    return shown


def day_two(store) -> int:
    module = programmes.list_programmes(store)[0].modules[2]
    return next(s.id for s in module.sessions if s.title == "Day two")


def row_of(dialog: SchemeChoiceDialog, name: str) -> int:
    return next(
        row for row in range(dialog.list.count()) if dialog.list.item(row).text().startswith(name)
    )


def test_a_scheme_ticked_and_moved_first_is_the_first_keys_live(qtbot, window, store) -> None:
    """The dialog starts from the defaults; ticking the four-player model and moving it to
    the top (Alt+Up) makes it the scheme whose keys are ready when the session goes live."""
    click_row(qtbot, window.tree, DAY_TWO)
    page = window.session_page
    seen: list[list[str]] = []

    def choose(dialog: SchemeChoiceDialog) -> None:
        seen.append([dialog.list.item(r).text() for r in range(dialog.list.count())])
        row = row_of(dialog, KANTOR)
        item = dialog.list.item(row)
        item.setCheckState(Qt.CheckState.Checked)
        dialog.list.setCurrentRow(row)
        for _ in range(row):
            qtbot.keyClick(dialog.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    timer = when_modal(choose)
    click_action(qtbot, page, page.schemes_action)
    timer.stop()

    assert seen[0][0].startswith("Conflict surfacing"), "the defaults come first, in order"
    chosen = [scheme.name for scheme in live.session_schemes(store, day_two(store))]
    assert chosen == [
        KANTOR,
        "Conflict surfacing",
        "Dialogue patterns",
        "Five factors of system leadership",
    ]
    run = LiveRun(store, day_two(store), clock=FakeClock())
    assert run.schemes[0].name == KANTOR, "going live keeps the choice"


def test_no_scheme_at_all_is_refused_at_the_field(qtbot, window, store) -> None:
    click_row(qtbot, window.tree, DAY_TWO)
    page = window.session_page
    problems: list[str] = []

    def untick_all(dialog: SchemeChoiceDialog) -> None:
        for row in range(dialog.list.count()):
            dialog.list.item(row).setCheckState(Qt.CheckState.Unchecked)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        problems.append(dialog.error_text("schemes"))
        dialog.reject()

    timer = when_modal(untick_all)
    click_action(qtbot, page, page.schemes_action)
    timer.stop()
    assert problems == ["Choose at least one coding scheme: live capture needs keys."]
    assert live.session_schemes(store, day_two(store)) == []


def test_a_session_that_has_run_keeps_its_schemes(qtbot, window) -> None:
    click_row(qtbot, window.tree, DAY_ONE)
    assert not window.session_page.schemes_action.isEnabled()
