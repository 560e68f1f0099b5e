"""The live window's side panels: conflicts, actions, the parking lot and the tally."""

import os
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView, QWidget

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, ConflictStatus, SubjectKind
from facilitator.services import actions, capture, conflicts, programmes
from facilitator.services.live_run import LiveRun
from facilitator.services.programmes import list_programmes
from facilitator.storage.database import Database
from facilitator.ui import actions_panel, live_panel
from facilitator.ui.actions_panel import ActionDialog, ActionsPanel
from facilitator.ui.conflicts_panel import ConflictsPanel
from facilitator.ui.live_panel import TextDialog
from facilitator.ui.parking_panel import ParkingPanel
from facilitator.ui.tally_panel import TallyPanel
from tests.services.test_conflicts import DAY_TWO_START, FakeClock, surface_in_day_one

PANEL_SIZE = (480, 640)

# The sample's own conflicts are taken away, so the panels' lists here are exact.
pytestmark = pytest.mark.usefixtures("without_sample_conflicts")


@pytest.fixture
def days(store: Database) -> tuple[int, int]:
    """Return the ids of the sample's "Day one" (finished) and "Day two" (planned)."""
    (programme,) = list_programmes(store)
    day_one, day_two = programme.modules[2].sessions[:2]
    assert (day_one.title, day_two.title) == ("Day one", "Day two")
    return day_one.id, day_two.id


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DAY_TWO_START)


@pytest.fixture
def run(store: Database, days: tuple[int, int], clock: FakeClock) -> LiveRun:
    """Return Day two, live on a fake clock."""
    return LiveRun(store, days[1], clock=clock)


def shown[W: QWidget](qtbot, panel: W) -> W:
    qtbot.addWidget(panel)
    panel.resize(*PANEL_SIZE)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def column_texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_tick(qtbot, view: QTableView, row: int) -> None:
    """Click the tick box in the first column of `row`, where a person would."""
    index = view.model().index(row, 0)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


# Conflicts --------------------------------------------------------------------------------


def test_resolve_a_conflict_from_an_earlier_session(qtbot, store, days, run, clock) -> None:
    """A conflict surfaced in Day one is listed in Day two and resolved there with a click."""
    conflict_id = surface_in_day_one(store, days[0], "Who holds the veto?", minutes=90)
    panel = shown(qtbot, ConflictsPanel(run))
    assert column_texts(panel.view, 0) == ["Who holds the veto?\nDay one, 16 Nov · 1 capture"]
    assert not panel.status_buttons[ConflictStatus.RESOLVED].isEnabled()  # nothing selected

    panel.view.selectRow(0)
    assert not panel.status_buttons[ConflictStatus.OPEN].isEnabled()  # it is open already
    assert "Open: Day one, 16 Nov 2026 at 11:00" in panel.history.text()
    clock.advance(900)
    with qtbot.waitSignal(panel.changes_made) as signal:
        click(qtbot, panel.status_buttons[ConflictStatus.RESOLVED])
    assert isinstance(signal.args[0], Changes) and signal.args[0].observations

    story = conflicts.conflict(store, conflict_id)
    assert story.status is ConflictStatus.RESOLVED
    assert [(e.status, e.session_id, e.at) for e in story.events[1:]] == [
        (ConflictStatus.RESOLVED, run.session_id, DAY_TWO_START + timedelta(seconds=900))
    ]
    # Still listed (resolved in this session), still selected, and can be reopened.
    assert column_texts(panel.view, 1) == ["Resolved"]
    assert panel.selected().id == conflict_id
    assert not panel.status_buttons[ConflictStatus.RESOLVED].isEnabled()
    assert panel.status_buttons[ConflictStatus.OPEN].isEnabled()
    assert "Resolved: this session, 30 Nov 2026 at 09:45" in panel.history.text()


def test_open_link_and_rename_a_conflict(qtbot, store, run, clock, monkeypatch) -> None:
    """Name a conflict and press Enter, link the last capture to it, then rename it."""
    panel = shown(qtbot, ConflictsPanel(run))
    assert panel.pane.currentWidget() is panel.pane.placeholder
    qtbot.keyClicks(panel.new_title, "Budget over-performance")
    qtbot.keyClick(panel.new_title, Qt.Key.Key_Return)
    assert panel.new_title.text() == ""
    assert panel.selected().title == "Budget over-performance"
    assert column_texts(panel.view, 0) == ["Budget over-performance\nThis session · 0 captures"]
    assert not panel.link_button.isEnabled()  # no capture yet

    clock.advance(60)
    receipt = run.submit(run.request(kind=CaptureKind.NOTE, note="Back to the budget"))
    panel.set_last_capture(receipt.id)
    click(qtbot, panel.link_button)
    assert column_texts(panel.view, 0) == ["Budget over-performance\nThis session · 1 capture"]
    assert "1 capture linked" in panel.history.text()
    assert capture.capture(store, receipt.id).conflict_id == panel.selected().id
    click(qtbot, panel.link_button)  # twice: said plainly, in the panel
    assert panel.problem_text() == "That capture is already linked to “Budget over-performance”."

    def rename(parent, *, title, caption, field, current, save) -> bool:
        assert (title, current, field) == ("Rename conflict", "Budget over-performance", "title")
        save("  Sharing a fixed budget ")
        return True

    monkeypatch.setattr(TextDialog, "ask", rename)
    click(qtbot, panel.rename_button)
    assert panel.selected().title == "Sharing a fixed budget"
    assert panel.problem_text() == ""


def test_an_unnamed_conflict_is_refused_in_the_panel(qtbot, run) -> None:
    """Enter on an empty name shows why in the panel and opens nothing."""
    panel = shown(qtbot, ConflictsPanel(run))
    qtbot.keyClick(panel.new_title, Qt.Key.Key_Return)
    assert panel.problem_text() == "The conflict's name cannot be empty."
    assert conflicts.programme_conflicts(run.db, run.detail.programme_id) == []


def test_rename_dialog_shows_a_refusal_beside_the_name(qtbot, store, days) -> None:
    """The rename form keeps itself open and says what is wrong with the name."""
    conflict_id = surface_in_day_one(store, days[0], "Veto", minutes=5)
    dialog = shown(
        qtbot,
        TextDialog(None, title="Rename conflict", caption="Name", field="title", current=""),
    )
    dialog.set_save(lambda: conflicts.rename_conflict(store, conflict_id, dialog.text.text()))
    click(qtbot, dialog.ok_button)
    assert dialog.error_text("title") == "The conflict's name cannot be empty."
    assert dialog.isVisible()
    assert conflicts.conflict(store, conflict_id).title == "Veto"


def test_panels_follow_the_live_windows_look(qtbot, run) -> None:
    """The high-contrast look gets tick boxes that show; larger text follows the window's."""
    panel = shown(qtbot, ParkingPanel(run))
    panel.set_theme(SimpleNamespace(key="high-contrast"))
    assert panel.styleSheet() == live_panel.HIGH_CONTRAST_TICKS
    panel.set_theme(SimpleNamespace(key="normal"))
    assert panel.styleSheet() == ""
    font = panel.font()
    font.setPointSizeF(15)
    panel.setFont(font)  # as the window's style sheet does for dim rooms
    assert "font-size: 19.5pt" in panel.heading.styleSheet()
    tally = shown(qtbot, TallyPanel(run))
    tally.setFont(font)
    assert "font-size: 24.0pt" in tally.buttons[0].count_label.styleSheet()


# Actions ----------------------------------------------------------------------------------


def test_add_an_action_with_owner_and_due_and_tick_it_done(qtbot, store, run, qtmodeltester):
    """Fields give the owner and due date; the quick line can say "Agreement: owner: text"."""
    panel = shown(qtbot, ActionsPanel(run))
    qtbot.keyClicks(panel.entry, "Draft the budget-sharing principle")
    qtbot.keyClicks(panel.owner, "Priya Raghunathan")
    click(qtbot, panel.due.enabled)
    panel.due.edit.setDate(QDate(2026, 12, 14))
    click(qtbot, panel.add_button)
    qtbot.keyClicks(panel.entry, "Agreement: All: no side conversations")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)

    stored = actions.session_actions(store, run.session_id)
    assert [(a.text, a.owner, a.due, a.is_agreement) for a in stored] == [
        ("Draft the budget-sharing principle", "Priya Raghunathan", date(2026, 12, 14), False),
        ("no side conversations", "All", None, True),
    ]
    assert (panel.entry.text(), panel.owner.text(), panel.due.value()) == ("", "", None)
    assert column_texts(panel.view, 0) == ["", "Agreed"]
    assert column_texts(panel.view, 1) == [
        "Draft the budget-sharing principle\nPriya Raghunathan · by 14 Dec 2026",
        "no side conversations\nAll",
    ]
    qtmodeltester.check(panel.model)

    with qtbot.waitSignal(panel.changes_made):
        click_tick(qtbot, panel.view, 0)
    qtbot.waitUntil(lambda: panel.model.row_snapshot(0).done)
    assert actions.session_actions(store, run.session_id)[0].done
    assert column_texts(panel.view, 0) == ["Done", "Agreed"]
    agreement = panel.model.index(1, 0)
    assert agreement.data(Qt.ItemDataRole.CheckStateRole) is None  # agreements are not "done"


def test_delete_an_action_after_confirming(qtbot, store, run, monkeypatch) -> None:
    """Delete asks first; saying no keeps the action."""
    panel = shown(qtbot, ActionsPanel(run))
    qtbot.keyClicks(panel.entry, "Julian: take it to members")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    panel.view.selectRow(0)
    answers = iter([False, True])
    monkeypatch.setattr(actions_panel.ConfirmDialog, "ask", lambda *a, **k: next(answers))
    click(qtbot, panel.delete_button)
    assert len(actions.session_actions(store, run.session_id)) == 1
    click(qtbot, panel.delete_button)
    assert actions.session_actions(store, run.session_id) == []
    assert panel.pane.currentWidget() is panel.pane.placeholder


def test_edit_an_action_in_its_form(qtbot, store, run, monkeypatch) -> None:
    """The form shows a refusal beside its field, then saves owner, due date and kind."""
    panel = shown(qtbot, ActionsPanel(run))
    qtbot.keyClicks(panel.entry, "Send the draft")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    panel.view.selectRow(0)
    problems = []

    def fill_in(dialog: ActionDialog) -> int:
        """Stand in for a person at the form: clear the text first, then fill it in properly."""
        dialog.text.clear()
        dialog.ok_button.click()
        problems.append(dialog.error_text("text"))
        dialog.text.setText("Send the revised draft")
        dialog.owner.setText("Priya Raghunathan")
        dialog.due.set_value(date(2026, 12, 1))
        dialog.agreement.setChecked(True)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ActionDialog, "exec", fill_in)
    click(qtbot, panel.edit_button)
    assert problems == ["The action cannot be empty."]
    (edited,) = actions.session_actions(store, run.session_id)
    assert (edited.text, edited.owner, edited.due, edited.is_agreement) == (
        "Send the revised draft",
        "Priya Raghunathan",
        date(2026, 12, 1),
        True,
    )
    assert column_texts(panel.view, 0) == ["Agreed"]


# The parking lot --------------------------------------------------------------------------


def test_park_an_item_and_tick_it_addressed(qtbot, store, run, clock, qtmodeltester) -> None:
    """Enter parks the line at the session's clock time; the tick marks it addressed."""
    panel = shown(qtbot, ParkingPanel(run))
    clock.advance(125 * 60)
    qtbot.keyClicks(panel.entry, "Estates strategy")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert panel.entry.text() == ""
    # 09:30 UTC is 09:30 in London in November
    assert column_texts(panel.view, 1) == ["Estates strategy\nParked at 11:35"]
    qtmodeltester.check(panel.model)

    click_tick(qtbot, panel.view, 0)
    qtbot.waitUntil(lambda: panel.model.row_snapshot(0).addressed)
    (item,) = actions.parking_lot(store, run.session_id)
    assert item.addressed
    assert column_texts(panel.view, 0) == ["Done"]
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert panel.problem_text() == "The parked item cannot be empty."


# The tally --------------------------------------------------------------------------------


def tally_button(panel: TallyPanel, name: str):
    return next(button for button in panel.buttons if button.name == name)


def contributions(store, session_id: int) -> list[tuple[SubjectKind, str]]:
    detail = programmes.session_detail(store, session_id)
    return [
        (subject.kind, subject.name)
        for observation in detail.observations
        if observation.kind is CaptureKind.CONTRIBUTION
        for subject in observation.subjects
    ]


def test_tally_clicks_write_captures_and_count(qtbot, store, run, clock) -> None:
    """Each click is one tally capture at once; counts show by person and by organisation."""
    panel = shown(qtbot, TallyPanel(run))
    assert len(panel.buttons) == len(run.detail.attendees)
    for name in ("Helen Marchbank", "Helen Marchbank", "Julian Brackley"):
        clock.advance(15)
        with qtbot.waitSignal(panel.changes_made):
            click(qtbot, tally_button(panel, name))
    assert contributions(store, run.session_id) == [
        (SubjectKind.PARTICIPANT, "Helen Marchbank"),
        (SubjectKind.PARTICIPANT, "Helen Marchbank"),
        (SubjectKind.PARTICIPANT, "Julian Brackley"),
    ]
    assert tally_button(panel, "Helen Marchbank").count_label.text() == "2"
    assert panel.total.text() == "3 contributions so far"

    click(qtbot, panel.organisations_button)
    council = tally_button(panel, "Wealdmoor County Council")
    assert council.count == 1  # Julian's
    click(qtbot, council)
    assert tally_button(panel, "Wealdmoor County Council").count == 2
    assert tally_button(panel, "Wealdmoor Hospitals NHS Foundation Trust").count == 2
    assert contributions(store, run.session_id)[-1] == (
        SubjectKind.ORGANISATION,
        "Wealdmoor County Council",
    )

    click(qtbot, panel.take_back_button)  # the council's mark was a mis-click
    assert tally_button(panel, "Wealdmoor County Council").count == 1
    assert len(contributions(store, run.session_id)) == 3


def test_tally_marks_the_file_refuses_wait_and_still_count(qtbot, store, run, monkeypatch) -> None:
    """With the disk refusing, a mark waits in memory, is counted, and is saved later."""
    panel = shown(qtbot, TallyPanel(run))
    real_record = capture.record

    def refuse(db, request):
        raise OSError("disk full")

    monkeypatch.setattr(capture, "record", refuse)
    click(qtbot, tally_button(panel, "Helen Marchbank"))
    assert tally_button(panel, "Helen Marchbank").count == 1
    assert "The mark is kept and will be saved when it can." in panel.problem_text()
    assert contributions(store, run.session_id) == []

    monkeypatch.setattr(capture, "record", real_record)
    assert run.retry_pending() == 0
    panel.refresh()
    assert tally_button(panel, "Helen Marchbank").count == 1
    assert contributions(store, run.session_id) == [(SubjectKind.PARTICIPANT, "Helen Marchbank")]


# Pictures ---------------------------------------------------------------------------------


def test_render_panels(qtbot, store, days, run, clock, tmp_path: Path) -> None:
    """Render each panel with a little data to PNG (set PANEL_SCREENS_DIR to keep them)."""
    folder = Path(os.environ.get("PANEL_SCREENS_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    veto = surface_in_day_one(store, days[0], "Who holds the veto on discharge money?", minutes=90)
    surface_in_day_one(store, days[0], "Hospitals speak for the system", minutes=140)
    conflicts.set_conflict_status(
        store, veto, ConflictStatus.PARKED, session_id=days[1], moment=clock.now()
    )
    clock.advance(1800)
    conflicts.open_conflict(store, days[1], "Sharing a fixed budget", moment=run.timer.moment())
    moment = run.timer.moment()
    actions.add_action(
        store,
        days[1],
        "Draft the budget-sharing principle for the board",
        owner="Priya Raghunathan",
        due=date(2026, 12, 14),
        moment=moment,
    )
    done = actions.add_action(
        store, days[1], "Take the veto question to members", owner="Julian Brackley", moment=moment
    )
    actions.set_action_done(store, done, True)
    actions.add_action(
        store, days[1], "Challenge in the room, not afterwards", is_agreement=True, moment=moment
    )
    for text in ("Estates strategy", "Winter plan and discharge to housing"):
        actions.park(store, days[1], text, moment=moment)
    first = actions.parking_lot(store, days[1])[0]
    actions.set_addressed(store, first.id, True)

    tally = TallyPanel(run)
    for name, times in (("Helen Marchbank", 5), ("Julian Brackley", 3), ("Imran Siddiqui", 1)):
        for _ in range(times):
            tally.mark(tally_button(tally, name))
    conflicts_panel = ConflictsPanel(run)
    conflicts_panel.view.selectRow(1)
    organisations = TallyPanel(run)
    organisations.organisations_button.click()
    saved = []
    for name, panel in (
        ("conflicts", conflicts_panel),
        ("actions", ActionsPanel(run)),
        ("parking", ParkingPanel(run)),
        ("tally-people", tally),
        ("tally-organisations", organisations),
    ):
        shown(qtbot, panel)
        path = folder / f"{name}.png"
        assert panel.grab().save(str(path))
        saved.append(path)
    assert all(path.stat().st_size > 0 for path in saved)
