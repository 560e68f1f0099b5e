"""The method library panel and its activity form, driven through the real widgets."""

from collections.abc import Callable

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from facilitator.domain.changes import Changes
from facilitator.domain.fields import MethodFields
from facilitator.services import methods as library
from facilitator.ui import agenda_model, dialogs
from facilitator.ui.method_dialog import MethodDialog
from facilitator.ui.method_library import (
    METHOD_MIME,
    MethodLibraryPanel,
    MethodTableModel,
    method_id_from_mime,
    method_mime,
)

BUILTIN_COUNT = 18


@pytest.fixture
def panel(qtbot, store) -> MethodLibraryPanel:
    """Return a shown panel over the test database."""
    shown = MethodLibraryPanel()
    qtbot.addWidget(shown)
    shown.attach_store(store)
    shown.refresh()
    shown.resize(380, 700)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def titles(panel: MethodLibraryPanel) -> list[str]:
    return [panel.filter.index(row, 0).data() for row in range(panel.filter.rowCount())]


def stored(store, title: str):
    return next((m for m in library.list_methods(store) if m.title == title), None)


def row_centre(panel: MethodLibraryPanel, title: str):
    index = panel.filter.index(titles(panel).index(title), 0)
    return panel.view.visualRect(index).center()


def click_row(qtbot, panel: MethodLibraryPanel, title: str) -> None:
    point = row_centre(panel, title)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def answer_dialog(qtbot, respond: Callable[[MethodDialog], None]) -> QTimer:
    """Answer the activity form from inside its own event loop, then make sure it closes."""
    poll = QTimer(interval=10)

    def check() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MethodDialog) and w.isVisible()
        ]
        if shown:
            poll.stop()
            try:
                respond(shown[0])
            finally:
                if shown[0].isVisible():
                    shown[0].reject()

    poll.timeout.connect(check)
    poll.start()
    return poll  # the caller keeps it alive while the dialog runs


def fill(qtbot, dialog: MethodDialog, **values: object) -> None:
    if "title" in values:
        dialog.title_edit.clear()
        qtbot.keyClicks(dialog.title_edit, str(values["title"]))
    if "minutes" in values:
        dialog.minutes.setValue(int(values["minutes"]))
    for name in ("description", "purpose", "materials"):
        if name in values:
            getattr(dialog, name).setPlainText(str(values[name]))


def save_and_note(qtbot, dialog: MethodDialog, seen: dict) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    seen["title_error"] = dialog.error_text("title")
    seen["still_open"] = dialog.isVisible()


def test_list_shows_the_builtin_activities_by_title(panel, store) -> None:
    """Every built-in activity is listed by title, with its minutes and a built-in marker."""
    expected = [m.title for m in library.list_methods(store)]
    assert len(expected) == BUILTIN_COUNT
    assert titles(panel) == expected
    assert titles(panel) == sorted(expected, key=str.casefold)
    row = titles(panel).index("Fishbowl")
    assert panel.filter.index(row, 1).data() == "45 min"
    assert {panel.filter.index(r, 2).data() for r in range(BUILTIN_COUNT)} == {"Built-in"}
    assert panel.search.placeholderText() == "Search activities"
    assert panel.search.isClearButtonEnabled()


def test_models_pass_the_model_tester(panel, qtmodeltester) -> None:
    """The method model, the search filter over it and an empty model are all well formed."""
    qtmodeltester.check(panel.model)
    panel.search.setText("conflict")
    qtmodeltester.check(panel.filter)
    qtmodeltester.check(MethodTableModel())


@pytest.mark.parametrize("typed", ["conflict", "POWER system", "flip chart", "pairs"])
def test_typing_narrows_the_list_to_methods_holding_every_word(qtbot, panel, store, typed) -> None:
    """Typing keeps the activities whose text holds every word, as the service's search does."""
    qtbot.keyClicks(panel.search, typed)

    expected = [m.title for m in library.list_methods(store, search=typed)]
    assert expected, "the example should match something"
    assert titles(panel) == expected
    assert len(expected) < BUILTIN_COUNT
    assert panel.list_pane.currentWidget() is panel.view


def test_no_match_shows_a_sentence_in_place_of_the_list(qtbot, panel) -> None:
    """A search that matches nothing says so; clearing it brings the list back."""
    qtbot.keyClicks(panel.search, "zzzz")
    assert panel.list_pane.currentWidget() is panel.empty
    assert panel.empty.text() == "No activity matches “zzzz”."

    panel.search.clear()
    assert panel.list_pane.currentWidget() is panel.view
    assert len(titles(panel)) == BUILTIN_COUNT


def test_selecting_a_method_shows_it_in_full(qtbot, panel, store) -> None:
    """Clicking a row shows its description, purpose, minutes and materials below."""
    assert panel.detail.toPlainText() == ""
    fishbowl = stored(store, "Fishbowl")

    click_row(qtbot, panel, "Fishbowl")

    text = panel.detail.toPlainText()
    assert panel.detail.isReadOnly()
    assert text.startswith("Fishbowl\n45 minutes · built-in activity")
    for part in (fishbowl.description, fishbowl.purpose, fishbowl.materials):
        assert part and part in text
    assert panel.selected_method() == fishbowl


def test_insert_needs_an_agenda_on_show_and_a_selection(panel) -> None:
    """Insert is enabled only while an agenda is showing and an activity is chosen."""
    assert not panel.insert_button.isEnabled()
    panel.set_insert_enabled(True)
    assert not panel.insert_button.isEnabled()
    panel.view.selectRow(0)
    assert panel.insert_button.isEnabled()
    panel.set_insert_enabled(False)
    assert not panel.insert_button.isEnabled()


def test_clicking_insert_asks_for_the_chosen_method(qtbot, panel, store) -> None:
    """The Insert button sends the chosen Method snapshot."""
    panel.set_insert_enabled(True)
    click_row(qtbot, panel, "Check-in")

    with qtbot.waitSignal(panel.insert_requested, timeout=1000) as signal:
        qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)

    assert signal.args == [stored(store, "Check-in")]


def test_double_click_and_enter_insert_only_while_allowed(qtbot, panel, store) -> None:
    """Double-clicking a row or pressing Enter on it inserts it, unless no agenda is on show."""
    asked: list = []
    panel.insert_requested.connect(asked.append)
    point = row_centre(panel, "Fishbowl")

    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert asked == []

    panel.set_insert_enabled(True)
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert asked == [stored(store, "Fishbowl")]

    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert asked == [stored(store, "Fishbowl")] * 2


def test_down_arrow_moves_from_the_search_into_the_list(qtbot, panel) -> None:
    """Down in the search box moves to the narrowed list and chooses its first row."""
    qtbot.keyClicks(panel.search, "conflict")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.selected_method().title == titles(panel)[0]


def test_a_dragged_row_carries_its_method_id(panel, store) -> None:
    """Rows drag (as a copy) with the method id in the type the agenda accepts."""
    panel.search.setText("fishbowl")
    index = panel.filter.index(0, 0)
    fishbowl = stored(store, "Fishbowl")

    data = panel.filter.mimeData([index])

    assert data.formats() == [METHOD_MIME]
    assert method_id_from_mime(data) == fishbowl.id
    assert panel.filter.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert panel.filter.supportedDragActions() == Qt.DropAction.CopyAction

    agenda = agenda_model.AgendaModel()
    dropped: list[tuple[int, int]] = []
    agenda.method_dropped.connect(lambda method_id, at: dropped.append((method_id, at)))
    assert agenda.canDropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    agenda.dropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert dropped == [(fishbowl.id, 0)], "the agenda takes the drop at the row it lands on"
    assert panel.view.dragEnabled()
    assert panel.model.mimeData([]).formats() == []


def test_method_id_round_trips_through_mime_data() -> None:
    """What the library drags, the agenda editor reads back."""
    assert method_id_from_mime(method_mime(42)) == 42


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[42]",
        b"42",
        b"{}",
        b'{"method_id": "42"}',
        b'{"method_id": true}',
        b'{"method_id": 4.2}',
        b'{"method_id": null}',
        b'{"method_id": -1}',
    ],
)
def test_method_id_from_junk_mime_data_is_none(payload: bytes) -> None:
    """A malformed drag names no method."""
    data = QMimeData()
    data.setData(METHOD_MIME, payload)
    assert method_id_from_mime(data) is None


def test_mime_data_without_a_method_is_none() -> None:
    """Plain text, or nothing at all, names no method."""
    data = QMimeData()
    data.setText('{"method_id": 42}')
    assert method_id_from_mime(data) is None
    assert method_id_from_mime(QMimeData()) is None


def test_an_empty_title_is_shown_at_the_field_and_saves_nothing(qtbot, panel, store) -> None:
    """Saving a new activity with no title keeps the form open with the problem beside it."""
    seen: dict = {}
    changes: list = []
    panel.changes_made.connect(changes.append)
    poll = answer_dialog(qtbot, lambda d: save_and_note(qtbot, d, seen))

    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    poll.stop()

    assert seen == {"title_error": "The title cannot be empty.", "still_open": True}
    assert len(library.list_methods(store)) == BUILTIN_COUNT
    assert changes == []


def test_a_new_activity_is_added_shown_and_chosen(qtbot, panel, store) -> None:
    """The form adds an activity of the user's own, which the list then shows, chosen."""
    seen: dict = {}
    changes: list = []
    panel.changes_made.connect(changes.append)

    def respond(dialog: MethodDialog) -> None:
        seen["ok_text"] = dialog.ok_button.text()
        fill(
            qtbot,
            dialog,
            title="Walking pairs",
            minutes=25,
            description="Pairs walk outside and talk.",
            purpose="Fresh air and candour.",
            materials="Good shoes",
        )
        save_and_note(qtbot, dialog, seen)

    poll = answer_dialog(qtbot, respond)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    poll.stop()

    assert seen == {"ok_text": "Add to library", "title_error": "", "still_open": False}
    added = stored(store, "Walking pairs")
    assert added is not None and not added.builtin
    assert (added.typical_minutes, added.materials) == (25, "Good shoes")
    assert "Walking pairs" in titles(panel)
    assert panel.selected_method() == added
    row = titles(panel).index("Walking pairs")
    assert panel.filter.index(row, 2).data() == "Your own"
    assert changes == [Changes(library=True)]


def test_refresh_shows_new_methods_and_keeps_the_choice(panel, store) -> None:
    """Refreshing re-reads the store and keeps the chosen activity chosen by id."""
    click_id = stored(store, "Fishbowl").id
    panel.select_method(click_id)
    library.add_method(store, MethodFields(title="Appreciative interview", typical_minutes=40))

    panel.refresh()

    assert "Appreciative interview" in titles(panel)
    assert panel.selected_method().id == click_id


def test_a_duplicate_title_is_refused_at_the_field(qtbot, panel, store) -> None:
    """A title the library already has (in any case) is refused beside the title."""
    seen: dict = {}

    def respond(dialog: MethodDialog) -> None:
        fill(qtbot, dialog, title="fishbowl")
        save_and_note(qtbot, dialog, seen)

    poll = answer_dialog(qtbot, respond)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    poll.stop()

    assert seen == {
        "title_error": "The library already has a method called “Fishbowl”.",
        "still_open": True,
    }
    assert len(library.list_methods(store)) == BUILTIN_COUNT


def test_edit_changes_the_chosen_activity(qtbot, panel, store) -> None:
    """Edit opens the form filled in; saving stores the change and shows it."""
    seen: dict = {}
    changes: list = []
    panel.changes_made.connect(changes.append)
    click_row(qtbot, panel, "Fishbowl")

    def respond(dialog: MethodDialog) -> None:
        seen["given"] = (dialog.title_edit.text(), dialog.minutes.value())
        fill(qtbot, dialog, minutes=50, purpose="A new purpose.")
        save_and_note(qtbot, dialog, seen)

    poll = answer_dialog(qtbot, respond)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    poll.stop()

    assert seen["given"] == ("Fishbowl", 45)
    assert not seen["still_open"]
    fishbowl = stored(store, "Fishbowl")
    assert (fishbowl.typical_minutes, fishbowl.purpose) == (50, "A new purpose.")
    assert panel.selected_method() == fishbowl
    assert "50 minutes" in panel.detail.toPlainText()
    assert changes == [Changes(library=True)]


@pytest.mark.parametrize("confirmed", [True, False])
def test_delete_asks_first(qtbot, panel, store, monkeypatch, confirmed) -> None:
    """Delete names the activity, says agendas keep their items, and acts only if confirmed."""
    asked: list[dict] = []
    changes: list = []
    panel.changes_made.connect(changes.append)

    def ask(parent, **kwargs) -> bool:
        asked.append(kwargs)
        return confirmed

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", ask)
    click_row(qtbot, panel, "Fishbowl")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)

    (question,) = asked
    shown = QTextDocument()
    shown.setHtml(question["text"])
    assert "Delete “Fishbowl” from the method library?" in shown.toPlainText()
    assert "Agendas that already use it keep their items." in shown.toPlainText()
    assert question["action"] == "Delete activity"
    assert (stored(store, "Fishbowl") is None) is confirmed
    assert ("Fishbowl" in titles(panel)) is not confirmed
    assert changes == ([Changes(library=True)] if confirmed else [])


def test_user_text_is_shown_as_typed_never_as_markup(qtbot, panel, store, monkeypatch) -> None:
    """Markup in an activity's text shows literally in the list, detail and confirmation."""
    title = "<b>Bold</b> & <i>brave</i>"
    library.add_method(store, MethodFields(title=title, purpose="<img src='x.png'> purpose"))
    panel.refresh()
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs.ConfirmDialog, "ask", lambda parent, **kw: asked.append(kw["text"]) or False
    )

    assert title in titles(panel)
    click_row(qtbot, panel, title)
    assert panel.detail.toPlainText().startswith(title)
    assert "<img src='x.png'> purpose" in panel.detail.toPlainText()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert f"Delete “{title}”" in asked[0], "the confirmation shows its text as plain text"


def test_a_panel_without_a_store_offers_nothing(qtbot) -> None:
    """Before a database is attached the list is empty and says why; nothing can be changed."""
    bare = MethodLibraryPanel()
    qtbot.addWidget(bare)
    bare.refresh()
    assert bare.model.rowCount(QModelIndex()) == 0
    assert bare.list_pane.currentWidget() is bare.empty
    assert not bare.new_button.isEnabled()
