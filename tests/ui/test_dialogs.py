"""The message dialogs, answered with real clicks and keys while they are open."""

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from facilitator.ui import dialogs


def answer_when_shown(qtbot, respond: Callable[[QMessageBox], None]) -> dict:
    """Wait (inside the dialog's own event loop) for a message box, record it, then respond."""
    seen: dict = {}
    poll = QTimer(interval=10)

    def check() -> None:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        if boxes:
            poll.stop()
            box = boxes[0]
            seen.update(
                title=box.windowTitle(),
                text=box.text(),
                format=box.textFormat(),
                icon=box.icon(),
                buttons=[b.text().replace("&", "") for b in box.buttons()],
                default=box.defaultButton().text().replace("&", "") if box.defaultButton() else "",
            )
            respond(box)

    poll.timeout.connect(check)
    poll.start()
    seen["poll"] = poll  # keep the timer alive while the dialog runs
    return seen


def button(box: QMessageBox, text: str) -> QPushButton:
    (found,) = [b for b in box.buttons() if b.text().replace("&", "") == text]
    return found


def ask(qtbot, respond: Callable[[QMessageBox], None]) -> tuple[bool, dict]:
    seen = answer_when_shown(qtbot, respond)
    answer = dialogs.ConfirmDialog.ask(
        None, title="Remove sample programme", text="Delete it?", action="Remove sample"
    )
    seen.pop("poll").stop()
    return answer, seen


def test_confirm_returns_true_when_the_action_button_is_clicked(qtbot) -> None:
    """Clicking the named action confirms it."""
    answer, seen = ask(
        qtbot,
        lambda box: qtbot.mouseClick(button(box, "Remove sample"), Qt.MouseButton.LeftButton),
    )

    assert answer is True
    assert seen["title"] == "Remove sample programme"
    assert seen["text"] == "Delete it?"
    assert seen["icon"] == QMessageBox.Icon.Warning
    assert sorted(seen["buttons"]) == ["Cancel", "Remove sample"]


def test_confirm_returns_false_when_cancel_is_clicked(qtbot) -> None:
    """Clicking Cancel declines."""
    answer, _ = ask(
        qtbot, lambda box: qtbot.mouseClick(button(box, "Cancel"), Qt.MouseButton.LeftButton)
    )
    assert answer is False


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_confirm_defaults_to_cancel_from_the_keyboard(qtbot, key: Qt.Key) -> None:
    """Enter and Escape both decline: destroying data takes a deliberate click."""
    answer, seen = ask(qtbot, lambda box: qtbot.keyClick(box, key))

    assert seen["default"] == "Cancel"
    assert answer is False


@pytest.mark.parametrize(
    ("show", "icon"),
    [
        (dialogs.show_problem, QMessageBox.Icon.Warning),
        (dialogs.show_information, QMessageBox.Icon.Information),
    ],
)
def test_messages_show_title_and_text_until_ok(qtbot, show, icon) -> None:
    """Problem and information messages show their title and text, and close on OK."""
    seen = answer_when_shown(
        qtbot, lambda box: qtbot.mouseClick(button(box, "OK"), Qt.MouseButton.LeftButton)
    )
    show(None, title="Database check", text="No problems found.")
    seen.pop("poll").stop()

    assert (seen["title"], seen["text"], seen["icon"]) == (
        "Database check",
        "No problems found.",
        icon,
    )


def test_unexpected_error_dialog_is_calm_and_names_the_log(qtbot, tmp_path) -> None:
    """The unexpected-error dialog says saved work is safe and where the log file is."""
    log = tmp_path / "logs" / "facilitator.log"
    seen = answer_when_shown(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    dialogs.show_unexpected_error(None, log_path=log)
    seen.pop("poll").stop()

    assert seen["title"] == "Something went wrong"
    assert seen["icon"] == QMessageBox.Icon.Critical
    assert "Everything you had already saved is safe" in seen["text"]
    assert str(log) in seen["text"]


def test_unexpected_error_text_without_a_log_says_so(tmp_path) -> None:
    """When no log file could be written the calm message says so instead of naming one."""
    text = dialogs.unexpected_error_text(None)

    assert "could not be written" in text
    assert "Everything you had already saved is safe" in text


@pytest.mark.parametrize("show", [dialogs.show_problem, dialogs.show_information])
def test_messages_show_typed_markup_literally(qtbot, show) -> None:
    """A message quoting "<b>Pairs</b>" shows those characters, never bold text."""
    seen = answer_when_shown(
        qtbot, lambda box: qtbot.mouseClick(button(box, "OK"), Qt.MouseButton.LeftButton)
    )
    show(None, title="Not saved", text="“<b>Pairs</b>” is already in this programme.")
    seen.pop("poll").stop()
    assert seen["format"] == Qt.TextFormat.PlainText


def test_confirm_shows_typed_markup_literally(qtbot) -> None:
    """A confirmation naming "<i>Day</i>" shows it as typed."""
    seen = answer_when_shown(
        qtbot, lambda box: qtbot.mouseClick(button(box, "Cancel"), Qt.MouseButton.LeftButton)
    )
    dialogs.ConfirmDialog.ask(None, title="Delete", text="Delete “<i>Day</i>”?", action="Delete")
    seen.pop("poll").stop()
    assert seen["format"] == Qt.TextFormat.PlainText
    assert seen["text"] == "Delete “<i>Day</i>”?"
