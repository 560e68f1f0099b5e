"""The live timeline: newest first, kept in step with undo and redo, edited and deleted by key."""

import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from facilitator.domain.changes import Changes
from facilitator.domain.enums import CaptureKind, SubjectKind, SubjectRole
from facilitator.domain.snapshots import Observation
from facilitator.services import agenda, capture, programmes
from facilitator.services.capture import Receipt, SubjectRef
from facilitator.services.capture_commands import CaptureFields, RecordCapture
from facilitator.services.live_run import LiveRun
from facilitator.storage.database import Database
from facilitator.ui.capture_dialog import CaptureDialog
from facilitator.ui.live_timeline import DELETED, EMPTY_TEXT, TimelinePanel
from facilitator.ui.timeline_model import CODES, LASTED, NOTE, TIME, WHO, UuidRole
from facilitator.ui.undo import UndoHub

STUCK = "dialogue-patterns/stuck"
GENERATIVE = "dialogue-patterns/generative"
REPEATING = "dialogue-patterns/repeating"
HONEST = "dialogue-patterns/honest-conversation"
POWER = "conflict-surfacing/power-differential-named"


class FakeClock:
    """A wall clock and a monotonic clock that move only when the test moves them."""

    def __init__(self) -> None:
        self.wall = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)  # 09:30 in London too
        self.mono = 200.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


class Live:
    """A live "Day two" with its undo hub, capturing as the capture panel does."""

    def __init__(self, db: Database) -> None:
        (programme,) = programmes.list_programmes(db)
        summary = programme.modules[2].sessions[1]
        assert summary.title == "Day two"
        self.clock = FakeClock()
        self.run = LiveRun(db, summary.id, clock=self.clock)
        self.owner = QObject()
        self.changes: list[Changes] = []
        self.problems: list[str] = []
        self.hub = UndoHub(
            self.owner,
            store=lambda: db,
            apply_changes=self.changes.append,
            show_problem=self.problems.append,
        )
        self.codes = {
            f"{scheme.slug}/{code.slug}": code.id
            for scheme in self.run.schemes
            for code in scheme.codes
        }

    def capture(
        self, name: str | None = None, *, after: float = 10, remember: bool = True, **details
    ) -> Receipt:
        """Write a capture now (and put it on the undo history, as the capture panel does)."""
        self.clock.advance(after)
        codes = [self.codes[name]] if name else []
        request = self.run.request(code_ids=codes, **details)
        receipt = self.run.submit(request)
        assert receipt is not None
        if remember:
            self.hub.push_done(RecordCapture(request, receipt, schemes=self.run.schemes))
        return receipt

    def stored(self) -> list[Observation]:
        """Return the session's captures on disk, newest first."""
        observations = programmes.session_detail(self.run.db, self.run.session_id).observations
        return list(reversed(observations))


@pytest.fixture
def live(store: Database) -> Live:
    """Return the sample's "Day two" running live on a fake clock."""
    return Live(store)


def make_panel(qtbot, live: Live) -> TimelinePanel:
    live.run.reload()
    panel = TimelinePanel(live.run, live.hub)
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    return panel


def shown(panel: TimelinePanel, column: int = NOTE) -> list[str]:
    return [panel.model.index(row, column).data() for row in range(panel.model.rowCount())]


def uuids(panel: TimelinePanel) -> list[str]:
    return [observation.uuid for observation in panel.model.observations]


def test_captures_show_newest_first_on_the_rooms_clock(qtbot, live: Live) -> None:
    """The latest capture is at the top; times are the room's clock, to the second."""
    live.capture(REPEATING, note="first", after=5)
    live.capture(HONEST, note="second", after=65)
    live.capture(note="third", kind=CaptureKind.NOTE, after=1)
    panel = make_panel(qtbot, live)
    assert shown(panel) == ["third", "second", "first"]
    assert shown(panel, TIME) == ["09:31:11", "09:31:10", "09:30:05"]
    assert shown(panel, CODES) == ["Note", "Honest conversation", "Repeating the same point"]
    assert uuids(panel) == [observation.uuid for observation in live.stored()]
    assert panel.count.text() == "3 captures"


def test_an_empty_session_says_how_captures_arrive(qtbot, live: Live) -> None:
    """With no captures the panel explains itself rather than showing an empty table."""
    panel = make_panel(qtbot, live)
    assert panel.pages.currentWidget() is panel.placeholder
    assert panel.placeholder.text() == EMPTY_TEXT
    live.capture(REPEATING)
    assert panel.pages.currentWidget() is panel.view


def test_add_inserts_at_the_top_and_keeps_the_selection(qtbot, live: Live) -> None:
    """A new capture is inserted (not a reset), and the selected capture stays selected."""
    for number in range(5):
        live.capture(REPEATING, note=f"capture {number}")
    panel = make_panel(qtbot, live)
    chosen = panel.model.observation(2)
    panel.select(chosen.uuid)
    resets, inserted = [], []
    panel.model.modelReset.connect(lambda: resets.append(True))
    panel.model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    receipt = live.capture(HONEST, note="newest", remember=False)  # reaches the file directly
    panel.add(capture.capture(live.run.db, receipt.id))
    panel.add(capture.capture(live.run.db, receipt.id))  # twice: replaced, not doubled

    assert inserted == [(0, 0)] and resets == []
    assert shown(panel)[0] == "newest" and panel.model.rowCount() == 6
    assert panel.selected() == chosen
    assert panel.view.currentIndex().row() == 3


def test_a_back_dated_capture_lands_in_its_place_not_at_the_top(qtbot, live: Live) -> None:
    """ "That was two minutes ago": the capture is placed by its time, still with no reset."""
    live.capture(REPEATING, note="early", after=10)
    live.capture(REPEATING, note="late", after=300)
    panel = make_panel(qtbot, live)
    live.capture(HONEST, note="two minutes ago", after=5, backdate_seconds=120)
    assert shown(panel) == ["late", "two minutes ago", "early"]


def test_captures_remembered_for_undo_appear_without_being_added(qtbot, live: Live) -> None:
    """The panel follows the undo history: a capture pushed there shows at once."""
    panel = make_panel(qtbot, live)
    live.capture(REPEATING, note="via the history")
    assert shown(panel) == ["via the history"]


def test_states_show_running_then_how_long_they_lasted(qtbot, live: Live) -> None:
    """A running state says so; stopping it (or a rival of its group) shows its duration."""
    panel = make_panel(qtbot, live)
    live.capture(STUCK, note="circling")
    assert shown(panel, LASTED) == ["running"]
    assert panel.model.index(0, CODES).data(Qt.ItemDataRole.FontRole).bold()
    live.capture(GENERATIVE, after=75)  # stops "stuck": same exclusive group
    assert shown(panel, LASTED) == ["running", "0:01:15"]
    assert panel.count.text() == "2 captures · 1 running"
    live.capture(GENERATIVE, after=30)  # the same key again stops it
    assert shown(panel, LASTED) == ["0:00:30", "0:01:15"]

    live.hub.stack_for(live.run.session_id).undo()
    assert shown(panel, LASTED) == ["running", "0:01:15"]
    live.hub.stack_for(live.run.session_id).undo()
    assert shown(panel, LASTED) == ["running"]
    assert uuids(panel) == [observation.uuid for observation in live.stored()]


def test_direction_and_subjects_read_from_a_to_b(qtbot, live: Live) -> None:
    """Who acted on whom reads "A → B"; others it is about follow."""
    cohort = live.run.detail.cohort
    live.capture(
        POWER,
        qualifier="Expert",
        subjects=(
            SubjectRef(SubjectKind.PARTICIPANT, cohort[0].id, SubjectRole.FROM),
            SubjectRef(SubjectKind.PARTICIPANT, cohort[1].id, SubjectRole.TO),
            SubjectRef(SubjectKind.GROUP),
        ),
        note="Overruled\nand nobody said anything",
    )
    panel = make_panel(qtbot, live)
    assert shown(panel, WHO) == [f"{cohort[0].name} → {cohort[1].name}; Whole group"]
    assert shown(panel, CODES) == ["Power differential named (Expert)"]
    assert shown(panel, NOTE) == ["Overruled …"]
    assert "nobody said anything" in panel.model.index(0, NOTE).data(Qt.ItemDataRole.ToolTipRole)


def test_delete_key_deletes_and_ctrl_z_restores(qtbot, live: Live) -> None:
    """Delete removes the selected capture at once (undoable); Ctrl+Z brings it back whole."""
    for number in range(3):
        live.capture(REPEATING, note=f"capture {number}")
    panel = make_panel(qtbot, live)
    before = live.stored()
    panel.select(before[1].uuid)
    panel.view.setFocus()

    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert shown(panel) == ["capture 2", "capture 0"]
    assert [o.uuid for o in live.stored()] == [before[0].uuid, before[2].uuid]
    assert panel.status.text() == DELETED
    assert panel.selected() == before[2], "the next capture is selected, ready for another"

    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live.stored() == before
    assert panel.model.observations == tuple(before)
    assert panel.status.text() == "Undone: Delete capture"

    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, redo)
    assert shown(panel) == ["capture 2", "capture 0"]
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert shown(panel) == ["capture 2", "capture 0"]
    assert live.problems == []


def test_ctrl_z_in_the_panel_wins_over_a_window_wide_undo(qtbot, live: Live) -> None:
    """Inside a window whose Edit menu also has Ctrl+Z, the panel's key is not ambiguous."""
    live.capture(REPEATING, note="kept")
    live.capture(REPEATING, note="undone")
    window = QMainWindow()
    qtbot.addWidget(window)
    menu_undo = QAction("Undo", window)
    menu_undo.setShortcut(QKeySequence("Ctrl+Z"))
    window.addAction(menu_undo)
    taken: list[bool] = []
    menu_undo.triggered.connect(lambda: taken.append(True))
    live.run.reload()
    panel = TimelinePanel(live.run, live.hub)
    window.setCentralWidget(panel)
    window.show()
    qtbot.waitExposed(window)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown(panel) == ["kept"]
    assert taken == []


def test_undo_from_elsewhere_shows_in_the_timeline(qtbot, live: Live) -> None:
    """Undo and redo through the hub's group (the Edit menu) keep the rows in step."""
    panel = make_panel(qtbot, live)
    live.hub.activate(live.run.session_id)
    live.capture(REPEATING, note="one")
    live.capture(HONEST, note="two")
    live.hub.group.undo()
    assert shown(panel) == ["one"]
    live.hub.group.undo()
    assert shown(panel) == []
    live.hub.group.redo()
    live.hub.group.redo()
    assert shown(panel) == ["two", "one"]
    assert panel.model.observations == tuple(live.stored())


def test_a_step_that_is_not_a_capture_reads_the_session_again(qtbot, live: Live) -> None:
    """An agenda edit on the same history (a renamed item) reaches the rows too."""
    live.capture(REPEATING)
    panel = make_panel(qtbot, live)
    item = next(i for i in live.run.detail.agenda if i.id == live.stored()[0].agenda_item_id)
    fields = agenda.item_fields(item)
    rename = agenda.EditItem(
        session_id=live.run.session_id,
        uuid=item.uuid,
        before=fields,
        after=replace(fields, title="Renamed check-in"),
    )
    assert live.hub.push(rename)
    assert panel.model.observation(0).agenda_item_title == "Renamed check-in"
    live.hub.stack_for(live.run.session_id).undo()
    assert panel.model.observation(0).agenda_item_title == item.title


def test_enter_edits_note_and_subjects_and_undo_puts_them_back(
    qtbot, live: Live, monkeypatch
) -> None:
    """Enter opens the edit dialog; its answer is saved, shown in place and undoable."""
    cohort = live.run.detail.cohort
    live.capture(REPEATING, note="older")
    live.capture(REPEATING, note="typo hree")
    panel = make_panel(qtbot, live)
    original = panel.model.observation(0)
    asked: list[Observation] = []

    def ask(cls, parent, *, observation, schemes, cohort, organisations, when):
        asked.append(observation)
        return replace(
            CaptureFields.of(observation),
            note="typo three",
            subjects=(
                SubjectRef(SubjectKind.PARTICIPANT, cohort[3].id, SubjectRole.FROM),
                SubjectRef(SubjectKind.PARTICIPANT, cohort[4].id, SubjectRole.TO),
            ),
        )

    monkeypatch.setattr(CaptureDialog, "ask", classmethod(ask))
    panel.select(original.uuid)
    panel.view.setFocus()
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)

    assert asked == [original]
    assert shown(panel) == ["typo three", "older"]
    assert shown(panel, WHO)[0] == f"{cohort[3].name} → {cohort[4].name}"
    assert live.stored()[0].note == "typo three" and resets == []
    assert panel.selected().uuid == original.uuid

    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.observation(0) == original == live.stored()[0]


def test_double_click_edits_and_cancel_changes_nothing(qtbot, live: Live, monkeypatch) -> None:
    """A double-click opens the dialog too; cancelling it leaves the capture alone."""
    live.capture(REPEATING, note="as it was")
    panel = make_panel(qtbot, live)
    asked: list[str] = []
    monkeypatch.setattr(
        CaptureDialog, "ask", classmethod(lambda cls, *a, **k: asked.append("asked"))
    )
    rect = panel.view.visualRect(panel.model.index(0, NOTE))
    # Qt's test double-click lacks the press a real one starts with; the view wants both.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked == ["asked"]
    assert live.hub.stack_for(live.run.session_id).count() == 1  # only the capture itself


def test_the_edit_dialog_changes_note_subjects_and_codes(qtbot, live: Live) -> None:
    """The dialog starts from the capture and returns what the facilitator changed."""
    cohort, organisations = live.run.detail.cohort, live.run.detail.organisations
    receipt = live.capture(
        POWER,
        qualifier="Reward",
        subjects=(SubjectRef(SubjectKind.PARTICIPANT, cohort[0].id, SubjectRole.FROM),),
        note="first go",
    )
    observation = capture.capture(live.run.db, receipt.id)
    dialog = CaptureDialog(
        None,
        observation=observation,
        schemes=live.run.schemes,
        cohort=cohort,
        organisations=organisations,
        when="09:30:10 · Check-in",
    )
    qtbot.addWidget(dialog)
    assert dialog.values() == CaptureFields.of(observation), "unchanged until changed"
    assert dialog.source.currentText() == cohort[0].name
    assert dialog.qualifier.currentText() == "Reward"

    dialog.note.setPlainText("  second go  ")
    dialog.target.setCurrentIndex(dialog.target.findText(cohort[1].name))
    dialog.find.setText(organisations[2].name[:6])
    visible = [
        dialog.about.item(row)
        for row in range(dialog.about.count())
        if not dialog.about.item(row).isHidden()
    ]
    assert any(organisations[2].name in item.text() for item in visible)
    assert len(visible) < dialog.about.count()
    org_item = next(item for item in visible if item.text() == organisations[2].name)
    org_item.setCheckState(Qt.CheckState.Checked)
    honest = next(
        dialog.codes.item(row)
        for row in range(dialog.codes.count())
        if dialog.codes.item(row).data(Qt.ItemDataRole.UserRole) == live.codes[HONEST]
    )
    honest.setCheckState(Qt.CheckState.Checked)

    after = dialog.values().checked()
    assert after.note == "second go"
    assert after.code_ids == (live.codes[POWER], live.codes[HONEST])
    assert after.qualifier == "Reward"
    assert after.subjects == (
        SubjectRef(SubjectKind.PARTICIPANT, cohort[0].id, SubjectRole.FROM),
        SubjectRef(SubjectKind.PARTICIPANT, cohort[1].id, SubjectRole.TO),
        SubjectRef(SubjectKind.ORGANISATION, organisations[2].id, SubjectRole.ABOUT),
    )


def test_the_edit_dialog_offers_states_only_for_a_state(qtbot, live: Live) -> None:
    """A state can only be recoded as another state, a moment only as a moment."""
    state = capture.capture(live.run.db, live.capture(STUCK).id)
    point = capture.capture(live.run.db, live.capture(REPEATING).id)
    offered = {}
    for name, observation in (("state", state), ("point", point)):
        dialog = CaptureDialog(
            None,
            observation=observation,
            schemes=live.run.schemes,
            cohort=live.run.detail.cohort,
            organisations=live.run.detail.organisations,
        )
        qtbot.addWidget(dialog)
        offered[name] = {
            dialog.codes.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(dialog.codes.count())
        } - {None}
    assert live.codes[STUCK] in offered["state"] and live.codes[REPEATING] not in offered["state"]
    assert live.codes[REPEATING] in offered["point"] and live.codes[STUCK] not in offered["point"]


def test_reload_reads_the_file_and_keeps_the_selection(qtbot, live: Live) -> None:
    """reload() shows what is on disk, including changes made behind the panel's back."""
    live.capture(REPEATING, note="one")
    live.capture(REPEATING, note="two")
    panel = make_panel(qtbot, live)
    panel.select(panel.model.observation(1).uuid)
    receipt = live.capture(HONEST, note="behind its back", remember=False)
    capture.update_capture(live.run.db, receipt.id, note="changed behind its back")
    panel.reload()
    assert shown(panel) == ["changed behind its back", "two", "one"]
    assert shown(panel)[panel.view.currentIndex().row()] == "one"


def test_the_timeline_model_passes_the_model_tester(qtbot, live: Live, qtmodeltester) -> None:
    """The model is a well-behaved table model with rows, after inserts, edits and removals."""
    panel = make_panel(qtbot, live)
    qtmodeltester.check(panel.model)
    for number in range(4):
        live.capture(REPEATING if number % 2 else STUCK, note=f"n{number}")
    qtmodeltester.check(panel.model)
    panel.select(panel.model.observation(1).uuid)
    panel.delete_selected()
    live.hub.stack_for(live.run.session_id).undo()
    qtmodeltester.check(panel.model)
    assert panel.model.rowCount(panel.model.index(0, 0)) == 0
    assert panel.model.headerData(CODES, Qt.Orientation.Horizontal) == "Codes"


def test_five_thousand_captures_build_and_take_more_at_the_top(qtbot, live: Live) -> None:
    """5,000 captures load into the panel and a new one still arrives by insertion."""
    captures = many_captures(live, 5_000)
    panel = make_panel(qtbot, live)
    started = time.perf_counter()
    panel.load(captures)
    panel.view.scrollToBottom()
    qtbot.wait(1)
    print(f"5,001 captures shown in {time.perf_counter() - started:.3f} s")
    assert panel.model.rowCount() == 5_001
    assert panel.view.uniformRowHeights()
    panel.select(captures[2_500].uuid)
    live.capture(HONEST, note="one more")
    assert panel.model.rowCount() == 5_002 and shown(panel)[0] == "one more"
    assert panel.selected() == captures[2_500]
    assert not panel.grab().isNull()


def many_captures(live: Live, count: int) -> list[Observation]:
    """Return `count` made-up captures, all earlier than one real one (returned last)."""
    receipt = live.capture(REPEATING, note="a real one")
    real = capture.capture(live.run.db, receipt.id)
    made_up = [
        replace(
            real,
            id=10_000 + number,
            uuid=str(uuid.uuid4()),
            offset_seconds=real.offset_seconds * number / count,  # all before the real one
            occurred_at=real.occurred_at - timedelta(seconds=(count - number) / 500),
            note=f"capture {number}",
        )
        for number in range(count)
    ]
    return [*made_up, real]


def test_a_reader_scrolled_down_keeps_their_place_as_captures_arrive(qtbot, live: Live) -> None:
    """New rows at the top do not push the rows being read out of sight."""
    panel = make_panel(qtbot, live)
    panel.load(many_captures(live, 200))
    qtbot.wait(1)
    panel.view.verticalScrollBar().setValue(50)
    qtbot.wait(1)
    reading = panel.view.indexAt(panel.view.viewport().rect().topLeft()).data(UuidRole)
    live.capture(HONEST, note="newer")
    live.capture(HONEST, note="newer still")
    qtbot.wait(1)
    assert panel.view.indexAt(panel.view.viewport().rect().topLeft()).data(UuidRole) == reading
    panel.view.scrollToTop()
    qtbot.wait(1)
    live.capture(HONEST, note="newest")
    qtbot.wait(1)
    top = panel.view.indexAt(panel.view.viewport().rect().topLeft())
    assert top.row() == 0 and shown(panel)[0] == "newest", "at the top, the newest shows"


def test_a_closed_panel_no_longer_follows_the_history(qtbot, live: Live) -> None:
    """Once the panel is gone, steps on the history reach nothing and break nothing."""
    panel = TimelinePanel(live.run, live.hub)
    panel.deleteLater()
    qtbot.wait(1)
    live.capture(REPEATING)
    live.hub.stack_for(live.run.session_id).undo()
    assert live.problems == []
