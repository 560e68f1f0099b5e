"""The room view and its controls: what the room can read, blanking, and the choices."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.domain.enums import (
    CaptureKind,
    CodeKind,
    ConflictStatus,
    Sector,
    SubjectKind,
)
from facilitator.domain.room import ApprovedItems, RoomChoices, RoomPanel, room_picture
from facilitator.domain.snapshots import (
    AgendaItem,
    AppliedCode,
    Conflict,
    Observation,
    Organisation,
    ParkingItem,
    Participant,
    Subject,
)
from facilitator.ui.dialogs import ConfirmDialog
from facilitator.ui.room_controls import RoomControls
from facilitator.ui.room_view import RoomWindow, default_screen, screen_choices

START = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
NAMES = ("Zebediah Quornfeather", "Philippa Wrenbottle")
NOTE = "confided-about-the-merger-xq7"
SECRETS = (*NAMES, "Zebediah", "Quornfeather", "Wrenbottle", NOTE)
ORGANISATIONS = (
    Organisation(1, "o1", "Wealdmoor Hospitals Trust", Sector.NHS_PROVIDER),
    Organisation(2, "o2", "Wealdmoor County Council", Sector.LOCAL_AUTHORITY),
)
PARTICIPANTS = tuple(
    Participant(i + 1, f"p{i}", name, "Director", i + 1, "", f"P{i}", "")
    for i, name in enumerate(NAMES)
)
PRINCIPLES = ["Challenge in the room, not behind backs", "Listen before responding"]


def applied(scheme: str, slug: str) -> AppliedCode:
    return AppliedCode(1, scheme, slug.capitalize(), "#000000", CodeKind.POINT, None, slug, scheme)


def capture(number: int, code: AppliedCode | None, who: Participant) -> Observation:
    """Return a capture about one participant, carrying the secret note."""
    return Observation(
        id=number,
        uuid=f"o{number}",
        session_id=1,
        occurred_at=START + timedelta(minutes=number),
        offset_seconds=number * 60.0,
        duration_seconds=None,
        agenda_item_id=None,
        agenda_item_title="",
        codes=(code,) if code else (),
        subjects=(Subject(SubjectKind.PARTICIPANT, who.id, who.name),),
        note=NOTE,
        author="Facilitator 1",
        kind=CaptureKind.CODED if code else CaptureKind.CONTRIBUTION,
    )


def captures() -> tuple[Observation, ...]:
    zeb, pip = PARTICIPANTS
    return (
        capture(1, applied("advocacy-inquiry", "advocacy"), zeb),
        capture(2, applied("advocacy-inquiry", "inquiry"), pip),
        capture(3, applied("kantor-four-player", "move"), zeb),
        capture(4, applied("kantor-four-player", "oppose"), pip),
        capture(5, None, zeb),
    )


def picture(choices: RoomChoices):  # type: ignore[no-untyped-def]
    item = AgendaItem(1, "a1", 0, "Old power and new power", "", 30, "", NOTE, "", START, None)
    return room_picture(
        observations=captures(),
        organisations=ORGANISATIONS,
        participants=PARTICIPANTS,
        current_item=item,
        now=START + timedelta(minutes=10),
        choices=choices,
        principles=PRINCIPLES,
        parked=("Budget pooling",),
        conflicts=("Who leads on discharge",),
    )


def widget_texts(root: QWidget) -> Iterator[str]:
    """Yield every visible string of a widget and its children, and what its canvas drew."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        yield widget.windowTitle()
        yield widget.toolTip()
        yield widget.accessibleName()
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            yield widget.text()
        if isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QListWidget):
            yield from (widget.item(i).text() for i in range(widget.count()))
        yield from getattr(widget, "drawn", ())


@pytest.fixture
def window(qtbot: QtBot) -> RoomWindow:
    window = RoomWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def rendered(window: RoomWindow) -> str:
    """Return everything the window shows now, painting it first."""
    window.grab()
    return "\n".join(widget_texts(window))


def test_every_panel_on_shows_no_name_or_note(window: RoomWindow) -> None:
    """With names off everywhere, nothing drawn or in any widget names a person or a note."""
    window.show_picture(picture(RoomChoices(panels=frozenset(RoomPanel))))
    shown = rendered(window)
    for secret in SECRETS:
        assert secret not in shown
    for expected in ("Old power and new power", "Advocacy", "Move", "NHS provider", "Budget"):
        assert expected in shown
    assert "Challenge in the room, not behind backs" in window.canvas.drawn


def test_names_appear_only_when_turned_on_for_a_panel(window: RoomWindow) -> None:
    """Names on for the four-player panel draw its per-person rows; nothing else changes."""
    choices = RoomChoices(panels=frozenset(RoomPanel), names=frozenset({RoomPanel.PLAYERS}))
    window.show_picture(picture(choices))
    window.resize(1920, 1080)
    shown = rendered(window)
    assert "Zebediah" in shown and "Philippa" in shown  # long names are shortened to fit
    assert NOTE not in shown


def test_the_room_sees_only_the_panels_chosen(window: RoomWindow) -> None:
    """Turning a panel off removes its heading and its content from what is drawn."""
    window.show_picture(picture(RoomChoices(panels=frozenset({RoomPanel.PRINCIPLES}))))
    shown = rendered(window)
    assert "How we work together" in shown
    assert "Advocacy" not in shown and "Old power and new power" not in shown
    window.show_picture(picture(RoomChoices(panels=frozenset({RoomPanel.BALANCE}))))
    shown = rendered(window)
    assert "Advocacy" in shown and "How we work together" not in shown


@pytest.mark.parametrize("key", [Qt.Key.Key_B, Qt.Key.Key_Period])
def test_blank_key_blanks_and_restores(qtbot: QtBot, window: RoomWindow, key: Qt.Key) -> None:
    """B or the full stop blanks the window to black, and the same key brings it back."""
    window.show_picture(picture(RoomChoices(panels=frozenset(RoomPanel))))
    assert "Advocacy" in rendered(window)
    with qtbot.waitSignal(window.blank_changed):
        qtbot.keyClick(window, key)
    assert window.is_blank
    assert rendered(window).strip() == "Room view"
    image = window.grab().toImage()
    assert {image.pixelColor(x, y).name() for x in (5, 600, 1200) for y in (5, 300, 700)} == {
        "#000000"
    }
    window.show_picture(picture(RoomChoices()))  # a capture arriving while blank
    assert "Advocacy" not in rendered(window)
    qtbot.keyClick(window, key)
    assert not window.is_blank
    assert "Advocacy" in rendered(window)


def test_toggle_blank_from_the_live_window(window: RoomWindow) -> None:
    """The live window can blank it through toggle_blank, as the key does."""
    window.toggle_blank()
    assert window.is_blank and not window.canvas.isVisible()
    window.toggle_blank()
    assert not window.is_blank and window.canvas.isVisible()


def test_escape_leaves_full_screen_without_closing(qtbot: QtBot, window: RoomWindow) -> None:
    """Escape only leaves full screen: closing is the facilitator's choice."""
    window.show_on(default_screen())
    assert window.isFullScreen()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isFullScreen()
    assert window.isVisible()


def test_screens_are_listed_with_their_sizes(qtbot: QtBot) -> None:
    """Each screen shows its name and size; the default avoids the live window's screen."""
    labels = [label for label, _ in screen_choices()]
    assert labels and all("×" in label for label in labels)
    assert default_screen() is not None


@pytest.fixture
def controls(qtbot: QtBot) -> RoomControls:
    controls = RoomControls()
    qtbot.addWidget(controls)
    controls.show()
    return controls


def test_ticking_a_panel_emits_new_choices(qtbot: QtBot, controls: RoomControls) -> None:
    """Ticking "Parked items and conflicts" adds that panel to the choices."""
    box = controls.panel_boxes[RoomPanel.PARKED]
    with qtbot.waitSignal(controls.choices_changed) as signal:
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert RoomPanel.PARKED in signal.args[0].panels


def test_balance_window_choice(qtbot: QtBot, controls: RoomControls) -> None:
    """Choosing the last 15 minutes sets the balance window."""
    with qtbot.waitSignal(controls.choices_changed) as signal:
        controls.window_box.setCurrentIndex(1)
    assert signal.args[0].balance_minutes == 15


def test_show_names_asks_first_and_refusing_keeps_them_off(
    qtbot: QtBot, controls: RoomControls, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Show names asks for confirmation; refusing leaves the tick and the choices unchanged."""
    asked: list[str] = []

    def refuse(parent: QWidget | None, *, title: str, text: str, action: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(ConfirmDialog, "ask", refuse)
    box = controls.name_boxes[RoomPanel.BALANCE]
    with qtbot.assertNotEmitted(controls.choices_changed):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("This will show names on the projector")
    assert not box.isChecked() and not controls.choices.names


def test_show_names_confirmed_turns_them_on(
    qtbot: QtBot, controls: RoomControls, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirming turns names on for that panel only."""
    monkeypatch.setattr(ConfirmDialog, "ask", lambda *args, **kwargs: True)
    with qtbot.waitSignal(controls.choices_changed) as signal:
        qtbot.mouseClick(controls.name_boxes[RoomPanel.PLAYERS], Qt.MouseButton.LeftButton)
    assert signal.args[0].names == frozenset({RoomPanel.PLAYERS})


def test_show_names_is_off_for_a_panel_not_shown(controls: RoomControls) -> None:
    """A panel that is off cannot have names turned on."""
    assert not controls.name_boxes[RoomPanel.SECTORS].isEnabled()


def test_approving_an_item_emits_the_approved_ids(qtbot: QtBot, controls: RoomControls) -> None:
    """Ticking "Approve for the room" on a conflict announces it with the parked item kept."""
    parked = [ParkingItem(3, "k3", 1, "Budget pooling", False, START)]
    conflicts = [Conflict(7, "c7", 1, 1, "Day 1", "Who leads", ConflictStatus.OPEN, START, ())]
    controls.set_items(parked, conflicts, ApprovedItems(parked=frozenset({3})))
    tree: QTreeWidget = controls.approvals
    assert tree.headerItem().text(1) == "Approve for the room"
    row = controls.approvals.entry("conflict", 7)
    assert row is not None
    with qtbot.waitSignal(controls.approvals_changed) as signal:
        row.setCheckState(1, Qt.CheckState.Checked)
    assert signal.args[0] == ApprovedItems(parked=frozenset({3}), conflicts=frozenset({7}))


def test_principles_can_be_added_edited_reordered_and_removed(
    qtbot: QtBot, controls: RoomControls
) -> None:
    """Each edit to the principles announces the whole list in its new order."""
    editor = controls.principles
    controls.set_principles(PRINCIPLES)
    editor.list.setCurrentRow(1)
    with qtbot.waitSignal(controls.principles_changed) as signal:
        qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == [PRINCIPLES[1], PRINCIPLES[0]]
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controls.principles_changed) as signal:
        editor.list.currentItem().setText("Assume good intent")
    assert signal.args[0] == [PRINCIPLES[1], "Assume good intent", PRINCIPLES[0]]
    editor.list.setCurrentRow(0)
    with qtbot.waitSignal(controls.principles_changed) as signal:
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == ["Assume good intent", PRINCIPLES[0]]


def test_controls_open_blank_and_close_the_window(
    qtbot: QtBot, controls: RoomControls, window: RoomWindow
) -> None:
    """Open shows the room view full screen; Blank blanks it; Close closes it."""
    window.hide()
    controls.connect_window(window)
    qtbot.mouseClick(controls.open_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.isFullScreen()
    assert controls.open_button.text() == "Close room view"
    qtbot.mouseClick(controls.blank_button, Qt.MouseButton.LeftButton)
    assert window.is_blank and controls.blank_button.isChecked()
    qtbot.mouseClick(controls.open_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert controls.open_button.text() == "Open room view"
