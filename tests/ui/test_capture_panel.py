"""The capture panel driven by key presses, checked against what reaches the database."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from facilitator.domain.enums import CaptureKind, SubjectKind, SubjectRole
from facilitator.domain.errors import DiskFullError
from facilitator.domain.snapshots import Observation
from facilitator.services import capture, conflicts, programmes
from facilitator.services.live_run import LiveRun
from facilitator.ui.capture_panel import CapturePanel
from facilitator.ui.keys_dialog import KeysDialog
from facilitator.ui.undo import UndoHub

START = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
NO = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


class FakeClock:
    """Wall and monotonic time that move only when the test moves them."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def now(self) -> datetime:
        return START + timedelta(seconds=self.seconds)

    def monotonic(self) -> float:
        return 500.0 + self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def problems() -> list[str]:
    return []


@pytest.fixture
def owner(qtbot) -> QWidget:
    """Return a widget to own the undo hub, kept alive for the whole test."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def hub(owner, store, problems) -> UndoHub:
    return UndoHub(
        owner, store=lambda: store, apply_changes=lambda _c: None, show_problem=problems.append
    )


@pytest.fixture
def panel(qtbot, store, clock, hub) -> CapturePanel:
    """Return a shown capture panel on "Day two", gone live at START on the fake clock."""
    day_two = next(
        s.id
        for p in programmes.list_programmes(store)
        for m in p.modules
        for s in m.sessions
        if s.title == "Day two"
    )
    shown = CapturePanel(LiveRun(store, day_two, clock=clock), hub)
    qtbot.addWidget(shown)
    shown.resize(900, 420)
    shown.show()
    return shown


def saved(panel: CapturePanel) -> list[Observation]:
    """Return the session's captures as stored, oldest first."""
    detail = programmes.session_detail(panel.run.db, panel.run.session_id)
    return sorted(detail.observations, key=lambda obs: (obs.offset_seconds, obs.id))


def only(panel: CapturePanel) -> Observation:
    (observation,) = saved(panel)
    return observation


def labels(observation: Observation) -> list[str]:
    return [code.label for code in observation.codes]


def key(qtbot, panel: CapturePanel, which: str | Qt.Key, modifier=NO) -> None:
    qtbot.keyClick(panel, which, modifier)


def person(panel: CapturePanel, number: int) -> int:
    return panel.roster[number - 1].id


def test_code_key_stamps_the_press_and_enter_saves_the_note(qtbot, panel, clock) -> None:
    """A code key records at the press; a note typed 20 s later is saved on that capture."""
    got: list[Observation] = []
    panel.captured.connect(got.append)
    clock.advance(10)
    key(qtbot, panel, "t")
    assert labels(only(panel)) == ["Difficult truth confronted"]  # on disk before any typing
    clock.advance(20)
    qtbot.keyClicks(panel, "The deficit is bigger than anyone says")
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    assert labels(observation) == ["Difficult truth confronted"]
    assert observation.kind is CaptureKind.CODED
    assert observation.note == "The deficit is bigger than anyone says"
    assert observation.offset_seconds == 10.0
    assert observation.occurred_at == START + timedelta(seconds=10)
    assert observation.subjects == ()
    assert not panel.bar_open
    assert [o.note for o in got] == ["", "The deficit is bigger than anyone says"]


def test_subjects_by_number_direction_group_and_name(qtbot, panel) -> None:
    """ "3>7 g @saltmarsh" gives 3 FROM, 7 TO, the whole group and an organisation."""
    key(qtbot, panel, "c")
    qtbot.keyClicks(panel, "3>7 g @saltmarsh challenged the ring-fence")
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    saltmarsh = next(o.id for o in panel.run.detail.organisations if o.name.startswith("Saltm"))
    assert {(s.kind, s.ref_id, s.role) for s in observation.subjects} == {
        (SubjectKind.PARTICIPANT, person(panel, 3), SubjectRole.FROM),
        (SubjectKind.PARTICIPANT, person(panel, 7), SubjectRole.TO),
        (SubjectKind.GROUP, None, SubjectRole.ABOUT),
        (SubjectKind.ORGANISATION, saltmarsh, SubjectRole.ABOUT),
    }
    assert observation.note == "challenged the ring-fence"


def test_escape_keeps_the_code_without_a_note(qtbot, panel, clock) -> None:
    """Esc closes the bar: the code stays, what was typed does not."""
    clock.advance(42)
    key(qtbot, panel, "a")
    qtbot.keyClicks(panel, "5 half a thought")
    key(qtbot, panel, Qt.Key.Key_Escape)
    observation = only(panel)
    assert labels(observation) == ["Conflict avoided or parked"]
    assert observation.note == ""
    assert observation.subjects == ()
    assert observation.offset_seconds == 42.0
    assert not panel.bar_open


def test_tab_changes_which_scheme_a_key_means(qtbot, panel) -> None:
    """ "s" is Conflict surfaced, then Group stuck after Tab, then Conflict surfaced again."""
    key(qtbot, panel, "s")
    key(qtbot, panel, Qt.Key.Key_Escape)
    key(qtbot, panel, Qt.Key.Key_Tab)
    key(qtbot, panel, "s")
    key(qtbot, panel, Qt.Key.Key_Escape)
    key(qtbot, panel, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, panel, "r")
    key(qtbot, panel, Qt.Key.Key_Escape)
    assert [labels(o) for o in saved(panel)] == [
        ["Conflict surfaced"],
        ["Group stuck"],
        ["Conflict resolved or agreement reached"],
    ]


def test_conflict_surfaced_with_a_note_titles_the_conflict(qtbot, panel) -> None:
    """The note typed after "Conflict surfaced" becomes the title of the conflict it opened."""
    key(qtbot, panel, "s")
    qtbot.keyClicks(panel, "Who pays if one partner over-performs")
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    assert observation.conflict_id is not None
    assert conflicts.conflict(panel.run.db, observation.conflict_id).title == (
        "Who pays if one partner over-performs"
    )


def test_state_toggles_and_stores_its_duration(qtbot, panel, clock) -> None:
    """A state started at 10 s and pressed again at 70 s lasted 60 s; no bar for the stop."""
    key(qtbot, panel, Qt.Key.Key_Tab)
    clock.advance(10)
    key(qtbot, panel, "s")
    assert panel.bar_open
    key(qtbot, panel, Qt.Key.Key_Escape)
    clock.advance(60)
    panel.tick()
    assert "1:00" in panel.code_grids[1].caps[only(panel).codes[0].code_id].mark.text()
    key(qtbot, panel, "s")
    assert not panel.bar_open
    observation = only(panel)
    assert labels(observation) == ["Group stuck"]
    assert observation.offset_seconds == 10.0
    assert observation.duration_seconds == 60.0
    assert panel.no_running.isVisibleTo(panel)


def test_starting_generative_stops_group_stuck(qtbot, panel, clock) -> None:
    """States of one exclusive group stop each other; the running strip follows."""
    key(qtbot, panel, Qt.Key.Key_Tab)
    clock.advance(10)
    key(qtbot, panel, "s")
    key(qtbot, panel, Qt.Key.Key_Escape)
    clock.advance(40)
    key(qtbot, panel, "g")
    key(qtbot, panel, Qt.Key.Key_Escape)
    stuck, generative = saved(panel)
    assert labels(stuck) == ["Group stuck"] and stuck.duration_seconds == 40.0
    assert labels(generative) == ["Generative conversation"] and generative.running
    assert [pill.text() for pill in panel.running_states.pills.values()] == [
        "● Generative conversation  0:00"
    ]
    assert "Group stuck stopped after 0:40" in panel.notice.text()


def test_qualifier_by_number_then_subject(qtbot, panel) -> None:
    """With a qualifier offered, "3" chooses it (saved at once); the next "5" is person 5."""
    key(qtbot, panel, "p")
    assert panel.bar.qualifier.isVisibleTo(panel)
    key(qtbot, panel, "3")
    assert only(panel).codes[0].qualifier == "Coercive"
    qtbot.keyClicks(panel, "5 named the veto")
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    assert observation.codes[0].qualifier == "Coercive"
    assert [(s.ref_id, s.role) for s in observation.subjects] == [
        (person(panel, 5), SubjectRole.ABOUT)
    ]
    assert observation.note == "named the veto"


def test_space_skips_the_qualifier(qtbot, panel) -> None:
    """Space first skips the qualifier, so a leading digit names a participant."""
    key(qtbot, panel, "p")
    key(qtbot, panel, Qt.Key.Key_Space)
    qtbot.keyClicks(panel, "2")
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    assert observation.codes[0].qualifier is None
    assert [s.ref_id for s in observation.subjects] == [person(panel, 2)]


def test_alt_left_backdates_by_two_minutes(qtbot, panel, clock) -> None:
    """Four Alt+Left presses move the capture 2 min earlier, shown and saved on Enter."""
    clock.advance(300)
    key(qtbot, panel, "r")
    for _ in range(5):
        key(qtbot, panel, Qt.Key.Key_Left, ALT)
    key(qtbot, panel, Qt.Key.Key_Right, ALT)
    assert "2 min ago" in panel.bar.when.text()
    assert only(panel).offset_seconds == 300.0  # moved only when saved
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    assert observation.offset_seconds == 180.0
    assert observation.occurred_at == START + timedelta(seconds=180)


def test_mark_now_code_later(qtbot, panel, clock) -> None:
    """ "." stamps a mark; later ↑ chooses it and a code key codes it at the marked time."""
    clock.advance(30)
    key(qtbot, panel, ".")
    assert not panel.bar_open
    assert only(panel).kind is CaptureKind.MARK and only(panel).codes == ()
    assert panel.marks_view.count() == 1
    clock.advance(60)
    key(qtbot, panel, "r")
    key(qtbot, panel, Qt.Key.Key_Escape)
    clock.advance(60)
    key(qtbot, panel, Qt.Key.Key_Up)
    key(qtbot, panel, "f")
    assert panel.marks_view.count() == 0
    qtbot.keyClicks(panel, "old grievance about discharge")
    key(qtbot, panel, Qt.Key.Key_Return)
    marked, resolved = saved(panel)
    assert marked.kind is CaptureKind.CODED
    assert labels(marked) == ["Conflict left to fester"]
    assert marked.offset_seconds == 30.0
    assert marked.note == "old grievance about discharge"
    assert labels(resolved) == ["Conflict resolved or agreement reached"]


def test_free_note_is_stamped_at_space_and_written_on_enter(qtbot, panel, clock) -> None:
    """Space stamps a note with no code; Enter writes it with the moment of the Space."""
    clock.advance(40)
    key(qtbot, panel, Qt.Key.Key_Space)
    assert saved(panel) == []
    clock.advance(25)
    qtbot.keyClicks(panel, "g Room went quiet after the budget slide")
    key(qtbot, panel, Qt.Key.Key_Return)
    observation = only(panel)
    assert observation.kind is CaptureKind.NOTE
    assert observation.codes == ()
    assert observation.offset_seconds == 40.0
    assert observation.note == "Room went quiet after the budget slide"
    assert [s.kind for s in observation.subjects] == [SubjectKind.GROUP]


def test_free_note_escape_writes_nothing(qtbot, panel) -> None:
    """Esc on a free note drops it and says so."""
    key(qtbot, panel, Qt.Key.Key_Space)
    qtbot.keyClicks(panel, "never mind")
    key(qtbot, panel, Qt.Key.Key_Escape)
    assert saved(panel) == []
    assert "dropped" in panel.notice.text()


def test_refused_write_shows_waiting_and_keeps_the_note(qtbot, panel, monkeypatch) -> None:
    """A full disk: the bar says waiting, never saved; the note joins the waiting capture."""
    real_record = capture.record

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(capture, "record", disk_full)
    key(qtbot, panel, "c")
    assert panel.bar.status.text() == "Waiting to be saved"
    assert "aved" not in panel.bar.status.text().replace("Waiting to be saved", "")
    qtbot.keyClicks(panel, "4>9 in the room")
    key(qtbot, panel, Qt.Key.Key_Return)
    assert saved(panel) == []
    assert panel.notice.text().startswith("Waiting to be saved")
    (waiting,) = panel.run.pending
    assert waiting.note == "in the room"

    monkeypatch.setattr(capture, "record", real_record)
    assert panel.run.retry_pending() == 0
    panel.tick()  # the window's retry is noticed on the next tick
    observation = only(panel)
    assert labels(observation) == ["Challenge made in the room"]
    assert observation.note == "in the room"
    assert [s.role for s in observation.subjects] == [SubjectRole.FROM, SubjectRole.TO]


def test_keys_dialog_refuses_a_clash_and_saves_a_free_key(qtbot, panel) -> None:
    """A key already used in the scheme is refused with a message; a free one works at once."""
    conflict = panel.run.schemes[0]
    truth = next(code for code in conflict.codes if code.label == "Difficult truth confronted")
    dialog = KeysDialog(panel.run.db, panel.run.schemes)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.edits[truth.id], "s")
    assert "already used by “Conflict surfaced”" in dialog.message.text()
    assert dialog.edits[truth.id].text() == "t"
    assert not dialog.changed
    qtbot.keyClicks(dialog.edits[truth.id], "z")
    assert dialog.changed
    panel.reload_schemes()
    key(qtbot, panel, "z")
    key(qtbot, panel, Qt.Key.Key_Escape)
    assert labels(only(panel)) == ["Difficult truth confronted"]


def test_scan_prompt_asks_calmly_and_a_dialogue_key_answers(qtbot, panel, clock) -> None:
    """Every N minutes a prompt asks for the pattern; it takes no focus; a dialogue key answers."""
    assert panel.scan_minutes is None
    panel.scan_check.setChecked(True)
    panel.scan_spin.setValue(2)
    assert panel.scan_minutes == 2
    clock.advance(119)
    panel.tick()
    assert panel.prompt.isHidden()
    clock.advance(2)
    panel.tick()
    assert not panel.prompt.isHidden()
    assert "What is the dialogue pattern now?" in panel.prompt.text()
    assert panel.prompt.focusPolicy() == Qt.FocusPolicy.NoFocus
    key(qtbot, panel, "s")  # a conflict key does not answer it
    key(qtbot, panel, Qt.Key.Key_Escape)
    assert not panel.prompt.isHidden()
    key(qtbot, panel, Qt.Key.Key_Tab)
    key(qtbot, panel, "x")
    key(qtbot, panel, Qt.Key.Key_Escape)
    assert panel.prompt.isHidden()
    assert labels(saved(panel)[-1]) == ["Exploring others' views"]


def test_shortcut_sheet_lists_keys_and_opens_on_f1_and_question_mark(qtbot, panel) -> None:
    """The sheet names every active key; F1 and ? show it without blocking."""
    sheet = panel.shortcut_sheet()
    assert "s              Conflict surfaced" in sheet
    assert "s              Group stuck   (on/off)" in sheet
    assert "1              Shared purpose and vision" in sheet
    assert "Space" in sheet and "3>7" in sheet and "Alt+←" in sheet
    key(qtbot, panel, Qt.Key.Key_F1)
    assert panel.sheet is not None and panel.sheet.isVisible()
    panel.sheet.hide()
    key(qtbot, panel, "?")
    assert panel.sheet.isVisible()
    assert saved(panel) == []


def test_a_key_of_another_scheme_says_press_tab(qtbot, panel) -> None:
    """A key the current scheme lacks records nothing and says where it lives."""
    key(qtbot, panel, "e")
    assert saved(panel) == []
    assert "Someone entrenched in Dialogue patterns: press Tab" in panel.notice.text()


def test_each_capture_goes_on_the_undo_history(qtbot, panel, hub, clock) -> None:
    """Each capture written at a key press can be undone; the panel follows the undo."""
    key(qtbot, panel, "s")
    key(qtbot, panel, Qt.Key.Key_Escape)
    stack = hub.stack_for(panel.run.session_id)
    assert stack.count() == 1
    assert stack.undoText() == "Capture “Conflict surfaced”"
    stack.undo()
    assert saved(panel) == []

    key(qtbot, panel, Qt.Key.Key_Tab)
    key(qtbot, panel, "e")
    key(qtbot, panel, Qt.Key.Key_Escape)
    clock.advance(30)
    key(qtbot, panel, "e")  # stopped
    assert stack.undoText() == "Stop “Someone entrenched”"
    stack.undo()  # running again
    qtbot.waitUntil(lambda: len(panel.running_states.pills) == 1)
    assert only(panel).running
    stack.undo()  # never started
    qtbot.waitUntil(lambda: not panel.running_states.pills)
    assert saved(panel) == []


def test_keys_typed_into_the_bar_itself_work_the_same(qtbot, panel, clock) -> None:
    """With the focus in the bar (the window leaves text fields their keys), all keys work."""
    clock.advance(90)
    key(qtbot, panel, "p")
    entry = panel.bar.entry
    qtbot.keyClick(entry, "2")
    qtbot.mouseClick(panel.roster_strip.chips[7], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(entry, "spoke of the veto")
    qtbot.keyClick(entry, Qt.Key.Key_Left, ALT)
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    observation = only(panel)
    assert observation.codes[0].qualifier == "Reward"
    assert [s.ref_id for s in observation.subjects] == [person(panel, 8)]
    assert observation.note == "spoke of the veto"
    assert observation.offset_seconds == 60.0
    assert not panel.bar_open


def test_waiting_state_and_mark_are_followed_once_written(qtbot, panel, monkeypatch) -> None:
    """A state started and a moment marked while the disk was full can be stopped and coded
    after the window has written them."""
    real_record = capture.record

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(capture, "record", disk_full)
    key(qtbot, panel, Qt.Key.Key_Tab)
    key(qtbot, panel, "e")
    key(qtbot, panel, Qt.Key.Key_Escape)
    key(qtbot, panel, ".")
    assert panel.marks_view.item(0).text().endswith("(waiting)")
    assert "Waiting to be saved" in panel.notice.text()
    monkeypatch.setattr(capture, "record", real_record)
    assert panel.run.retry_pending() == 0
    panel.tick()
    assert not panel.marks_view.item(0).text().endswith("(waiting)")
    key(qtbot, panel, "e")  # stops the state written since
    assert not panel.running_states.pills
    key(qtbot, panel, Qt.Key.Key_Up)
    key(qtbot, panel, "h")
    key(qtbot, panel, Qt.Key.Key_Escape)
    entrenched, marked = saved(panel)
    assert labels(entrenched) == ["Someone entrenched"] and not entrenched.running
    assert labels(marked) == ["Honest conversation"] and marked.kind is CaptureKind.CODED


def test_a_name_chosen_from_the_completer_is_read_back(qtbot, panel) -> None:
    """Typing "@" and letters offers names; the one chosen is written whole and resolves."""
    key(qtbot, panel, "c")
    qtbot.keyClicks(panel, "@hosp")
    completer = panel.bar.completer
    assert completer.completionCount() == 2  # Estuary Hospice, Wealdmoor Hospitals
    panel.bar._complete(completer.currentCompletion())
    assert panel.bar.entry.text() == "@EstuaryHospice "
    assert panel.bar.who.text() == "Who: Estuary Hospice"


def test_a_chosen_mark_is_let_go_by_any_other_action(qtbot, panel, clock) -> None:
    """After ↑ chooses a mark, a free note lets it go: the next code key records anew."""
    key(qtbot, panel, ".")
    clock.advance(120)
    key(qtbot, panel, Qt.Key.Key_Up)
    key(qtbot, panel, Qt.Key.Key_Space)
    qtbot.keyClicks(panel, "hello")
    key(qtbot, panel, Qt.Key.Key_Return)
    clock.advance(60)
    key(qtbot, panel, "c")
    key(qtbot, panel, Qt.Key.Key_Escape)
    challenge = [o for o in saved(panel) if labels(o) == ["Challenge made in the room"]]
    assert [o.offset_seconds for o in challenge] == [180.0]
    assert any(o.kind is CaptureKind.MARK for o in saved(panel)), "the mark is still to code"
