"""The agenda editor on the session page, driven through the real widgets."""

from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QToolButton

from facilitator.services import programmes
from facilitator.services.sessions import agenda_sources
from facilitator.ui import dialogs
from facilitator.ui.agenda_model import AGENDA_MIME
from facilitator.ui.copy_agenda_dialog import CopyAgendaDialog, CopyChoice
from facilitator.ui.main_window import MainWindow
from facilitator.ui.session_dialog import SessionDialog

from .test_main_window import click_row, open_window

DAY_ONE = "Day one · 16 Nov 2026"
DAY_TWO = "Day two · 30 Nov 2026"


@pytest.fixture
def window(qtbot, store, tmp_path: Path) -> MainWindow:
    """Return a shown main window, with icons, on the sample programme."""
    shown = open_window(qtbot, store, tmp_path / "w.ini")
    shown.finish_start_up()
    return shown


def open_session(qtbot, window: MainWindow, text: str):
    click_row(qtbot, window.tree, text)
    return window.session_page.agenda_editor


def titles(editor) -> list[str]:
    return [editor.model.index(row, 1).data() for row in range(editor.model.rowCount())]


def stored_titles(store, editor) -> list[str]:
    return [item.title for item in programmes.session_detail(store, editor.session.id).agenda]


def settle(qtbot) -> None:
    """Let the coalesced refresh that follows each edit run."""
    qtbot.wait(5)


def click_action(qtbot, editor, name: str) -> None:
    """Click the toolbar button of one of the editor's actions."""
    action = editor.actions[name]
    buttons = [b for b in editor.findChildren(QToolButton) if b.defaultAction() is action]
    assert buttons, f"no button for {name}"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    settle(qtbot)


def test_alt_arrows_reorder_and_undo_redo_restore(qtbot, window, store) -> None:
    """Alt+Down and Alt+Up move the selected item; Undo and Redo replay the moves."""
    editor = open_session(qtbot, window, DAY_TWO)
    original = titles(editor)
    editor.select_row(1)
    editor.view.setFocus()

    qtbot.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    moved = [original[0], original[2], original[1], *original[3:]]
    assert titles(editor) == moved
    assert stored_titles(store, editor) == moved
    assert editor.title.text() == original[1], "the moved item stays selected"

    qtbot.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    assert titles(editor)[3] == original[1]

    window.undo_action.trigger()
    settle(qtbot)
    assert titles(editor) == moved
    window.undo_action.trigger()
    settle(qtbot)
    assert stored_titles(store, editor) == original
    window.redo_action.trigger()
    settle(qtbot)
    assert stored_titles(store, editor) == moved


def test_clock_times_follow_edits_live(qtbot, window) -> None:
    """Lengthening an item moves every later start; the summary adds it up."""
    editor = open_session(qtbot, window, DAY_TWO)
    assert editor.model.index(1, 0).data() == "10:00–10:45"
    editor.select_row(0)
    editor.minutes.setFocus()
    editor.minutes.selectAll()
    qtbot.keyClicks(editor.minutes, "40")
    qtbot.keyClick(editor.minutes, Qt.Key.Key_Return)
    settle(qtbot)
    assert editor.model.index(0, 0).data() == "09:30–10:10"
    assert editor.model.index(1, 0).data() == "10:10–10:55"
    assert "7 h planned" in editor.summary.text()


def test_a_collision_with_a_fixed_lunch_is_shown(qtbot, window) -> None:
    """Items that run into a pinned lunch turn its row amber and explain the clash."""
    editor = open_session(qtbot, window, DAY_TWO)
    assert editor.warnings.isHidden()
    editor.select_row(3)  # 75 minutes, before lunch at 13:00
    editor.minutes.setValue(95)
    settle(qtbot)
    assert editor.warnings.isVisible()
    assert "past its fixed time of 13:00" in editor.warnings.text()
    lunch = titles(editor).index("Lunch")
    assert editor.model.index(lunch, 0).data() == "13:00–13:45", "lunch keeps its time"
    assert "20 min past" in editor.model.index(lunch, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_an_over_running_plan_is_plain(qtbot, window) -> None:
    """A plan longer than the session says by how much, and where it ends."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(9)
    editor.minutes.setValue(60)
    settle(qtbot)
    assert "30 min over" in editor.summary.text()
    assert "The plan ends at 17:00, 30 min after the session ends at 16:30." in (
        editor.warnings.text()
    )


def test_add_item_type_a_title_and_refuse_an_empty_one(qtbot, window, store) -> None:
    """Add item puts a new item after the selected one; an empty title is refused at the field."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(0)
    click_action(qtbot, editor, "add")
    assert titles(editor)[1] == "New item"
    assert editor.title.hasFocus()
    qtbot.keyClicks(editor.title, "Appreciative check-in, ")
    editor.title.insert("Łódź & Ğebze")  # QTest cannot type letters outside Latin-1
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    settle(qtbot)
    assert stored_titles(store, editor)[1] == "Appreciative check-in, Łódź & Ğebze"

    editor.title.clear()
    qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    settle(qtbot)
    assert editor.form_error.isVisible()
    assert "cannot be empty" in editor.form_error.text()
    assert stored_titles(store, editor)[1] == "Appreciative check-in, Łódź & Ğebze"


def test_notes_save_when_leaving_the_box_and_undo(qtbot, window, store) -> None:
    """Facilitator notes are saved on leaving the box, and Undo brings the old ones back."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(2)
    old = editor.notes.toPlainText()
    editor.notes.setFocus()
    editor.notes.setPlainText("Bring the <b>timer</b>\nand the bell")
    editor.title.setFocus()
    settle(qtbot)
    agenda = programmes.session_detail(store, editor.session.id).agenda
    assert agenda[2].facilitator_notes == "Bring the <b>timer</b>\nand the bell"
    window.undo_action.trigger()
    settle(qtbot)
    assert programmes.session_detail(store, editor.session.id).agenda[2].facilitator_notes == old


def test_remove_with_delete_key_then_undo_keeps_the_uuid(qtbot, window, store) -> None:
    """Delete removes the selected item; Undo restores it in place with the same identity."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(4)
    doomed = editor.current_item()
    neighbour = editor.model.row_at(5).item
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    settle(qtbot)
    assert doomed.title not in titles(editor)
    after = programmes.session_detail(store, editor.session.id).agenda[4]
    assert (after.uuid, after.title, after.purpose) == (
        neighbour.uuid,
        neighbour.title,
        neighbour.purpose,
    ), "the next item is selected and left exactly as it was"
    assert editor.title.text() == neighbour.title
    window.undo_action.trigger()
    settle(qtbot)
    restored = programmes.session_detail(store, editor.session.id).agenda[4]
    assert (restored.uuid, restored.title) == (doomed.uuid, doomed.title)


def test_breaks_and_pins_from_the_form(qtbot, window, store) -> None:
    """Add break makes a shaded break; ticking a fixed time pins the item to it."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(9)
    click_action(qtbot, editor, "break")
    assert titles(editor)[10] == "Break"
    assert editor.model.index(10, 2).data() == "Break"
    assert editor.model.index(10, 1).data(Qt.ItemDataRole.FontRole).italic()
    qtbot.mouseClick(editor.pinned.enabled, Qt.MouseButton.LeftButton)
    settle(qtbot)
    item = programmes.session_detail(store, editor.session.id).agenda[10]
    assert item.is_break
    assert item.pinned_time == time(12, 30)
    assert editor.warnings.isVisible(), "a break pinned to 12:30 after 16:20 collides"


def test_undo_history_is_kept_per_session(qtbot, window, store) -> None:
    """Edits of two sessions keep separate histories; going back to one lets you undo it."""
    editor = open_session(qtbot, window, DAY_TWO)
    day_two = titles(editor)
    editor.select_row(0)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    assert titles(editor) != day_two

    editor = open_session(qtbot, window, DAY_ONE)
    day_one = titles(editor)
    editor.select_row(0)
    click_action(qtbot, editor, "duplicate")
    assert len(titles(editor)) == len(day_one) + 1
    assert "Duplicate item" in window.undo_action.text()

    editor = open_session(qtbot, window, DAY_TWO)
    assert "Move item" in window.undo_action.text()
    window.undo_action.trigger()
    settle(qtbot)
    assert titles(editor) == day_two
    editor = open_session(qtbot, window, DAY_ONE)
    assert len(titles(editor)) == len(day_one) + 1, "day one's edit is untouched"
    window.undo_action.trigger()
    settle(qtbot)
    assert titles(editor) == day_one

    click_row(qtbot, window.tree, "3. Power, politics and decision-making")
    assert not window.undo_action.isEnabled(), "no undo outside a session"


def test_drag_and_drop_moves_an_item(qtbot, window, store) -> None:
    """Dropping a dragged row before another moves it there."""
    editor = open_session(qtbot, window, DAY_TWO)
    original = titles(editor)
    data = editor.model.mimeData([editor.model.index(0, 0)])
    assert data.hasFormat(AGENDA_MIME)
    editor.model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    settle(qtbot)
    assert stored_titles(store, editor) == [original[1], original[2], original[0], *original[3:]]


def test_copy_an_agenda_from_another_session_in_one_undo_step(
    qtbot, window, store, monkeypatch
) -> None:
    """Copy from… appends another session's items; one Undo takes them all away."""
    editor = open_session(qtbot, window, DAY_TWO)
    before = titles(editor)
    day_one = next(s for s in agenda_sources(store) if s.session_title == "Day one")
    monkeypatch.setattr(
        CopyAgendaDialog,
        "ask",
        classmethod(lambda cls, *a, **k: CopyChoice(day_one.session_id, "Day one", False)),
    )
    editor.copy_requested.emit()
    settle(qtbot)
    assert len(titles(editor)) == len(before) + day_one.item_count
    window.undo_action.trigger()
    settle(qtbot)
    assert titles(editor) == before


def test_copy_dialog_lists_sessions_and_replaces(qtbot, store) -> None:
    """The chooser lists sessions with agendas; choosing one and Replace gives that choice."""
    dialog = CopyAgendaDialog(None, sources=agenda_sources(store), has_agenda=True)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert not dialog.ok_button.isEnabled()
    dialog.view.selectRow(1)
    dialog.replace.setChecked(True)
    choice = dialog.choice()
    assert choice is not None and choice.replace


def test_editing_session_times_moves_the_clock_and_undoes(
    qtbot, window, store, monkeypatch
) -> None:
    """A new start time shifts every clock time; Undo puts the old start back."""
    editor = open_session(qtbot, window, DAY_TWO)

    def ask(cls, parent, *, title, initial, modules, save):
        from dataclasses import replace

        save(replace(initial, start_time=time(10, 0), end_time=time(17, 0)))
        return True

    monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
    window.session_page.edit_action.trigger()
    settle(qtbot)
    assert editor.model.index(0, 0).data() == "10:00–10:30"
    assert window.session_page.when.text().endswith("10:00–17:00")
    window.undo_action.trigger()
    settle(qtbot)
    assert editor.model.index(0, 0).data() == "09:30–10:00"


def test_session_dialog_refuses_an_end_before_the_start(qtbot) -> None:
    """The session form shows a clash of times beside the end time and stays open."""
    from facilitator.domain.fields import SessionFields

    dialog = SessionDialog(
        None,
        title="New session",
        initial=SessionFields(title="Day three"),
        modules=[(1, "Module one")],
    )
    qtbot.addWidget(dialog)
    saved = []
    dialog.set_save(lambda: saved.append(dialog.values().checked()))
    dialog.start.set_value(time(14, 0))
    dialog.end.set_value(time(9, 0))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved == []
    assert "must end after it starts" in dialog.error_text("end_time")
    dialog.end.set_value(time(16, 0))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved and saved[0].end_time == time(16, 0)


def test_duplicate_session_opens_the_copy(qtbot, window, store) -> None:
    """Duplicate session makes a planned copy with the agenda and opens it."""
    editor = open_session(qtbot, window, DAY_TWO)
    before = titles(editor)
    window.session_page.duplicate_action.trigger()
    qtbot.waitUntil(lambda: window.session_page.title.text() == "Day two (copy)")
    assert titles(window.session_page.agenda_editor) == before


def test_untick_an_attendee_is_saved(qtbot, window, store) -> None:
    """Unticking someone on the Attendees tab saves the attendance at once."""
    click_row(qtbot, window.tree, DAY_TWO)
    page = window.session_page
    index = page.attendance.index(0)
    page.attendance.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    settle(qtbot)
    assert len(programmes.session_detail(store, page.session.id).attendees) == 15
    assert page.tabs.tabText(2) == "Attendees (15)"


def test_run_sheet_is_written_and_opened(qtbot, window, store, tmp_path, monkeypatch) -> None:
    """Facilitator run sheet… writes the PDF where the user chose and opens it."""
    open_session(qtbot, window, DAY_TWO)
    target = tmp_path / "Day two – run sheet.pdf"
    opened = []
    monkeypatch.setattr(dialogs, "choose_pdf_path", lambda *a, **k: target)
    monkeypatch.setattr(dialogs, "open_file", opened.append)
    window.session_page.run_sheet_action.trigger()
    assert opened == [target]
    assert target.read_bytes().startswith(b"%PDF")


def test_run_sheet_to_an_unwritable_place_says_so(qtbot, window, tmp_path, monkeypatch) -> None:
    """A run sheet that cannot be written gives a message naming the file, and opens nothing."""
    open_session(qtbot, window, DAY_TWO)
    target = tmp_path / "missing folder" / "sheet.pdf"
    problems, opened = [], []
    monkeypatch.setattr(dialogs, "choose_pdf_path", lambda *a, **k: target)
    monkeypatch.setattr(dialogs, "open_file", opened.append)
    monkeypatch.setattr(dialogs, "show_problem", lambda *a, **k: problems.append(k["text"]))
    window.session_page.run_sheet_action.trigger()
    assert opened == []
    assert problems and str(target) in problems[0]


def test_typing_then_closing_the_window_still_saves(qtbot, window, store) -> None:
    """Text typed in the item form is saved even if the window closes before the field is left."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(1)
    editor.notes.setFocus()
    editor.notes.setPlainText("Typed just before the battery went")
    window.close()
    agenda = programmes.session_detail(store, editor.session.id).agenda
    assert agenda[1].facilitator_notes == "Typed just before the battery went"


def test_typing_then_choosing_another_session_saves_to_the_first(qtbot, window, store) -> None:
    """A title typed in one session is saved there when the user picks another session."""
    editor = open_session(qtbot, window, DAY_TWO)
    day_two = editor.session.id
    editor.select_row(0)
    editor.title.setText("Check-in, retitled")
    window.tree.setFocus()  # keyboard navigation: no click, so no focus change on the form
    open_session(qtbot, window, DAY_ONE)
    settle(qtbot)
    assert programmes.session_detail(store, day_two).agenda[0].title == "Check-in, retitled"


def test_a_plan_past_midnight_is_flagged(qtbot, window, monkeypatch) -> None:
    """An evening session whose plan runs past midnight says so."""
    editor = open_session(qtbot, window, DAY_TWO)

    def ask(cls, parent, *, title, initial, modules, save):
        from dataclasses import replace

        save(replace(initial, start_time=time(22, 0), end_time=time(23, 30)))
        return True

    monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
    window.session_page.edit_action.trigger()
    settle(qtbot)
    assert "runs past midnight" in editor.warnings.text()
    assert editor.model.index(3, 0).data() == "23:30–00:45 the next day"


def test_insert_an_activity_from_the_library(qtbot, window, store) -> None:
    """With a session open, the library's Insert button puts the activity after the selection."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(0)
    window.actions.show_library.trigger()
    panel = window.library_dock.widget()
    assert window.library_dock.isVisible()
    panel.search.setText("fixed-budget")
    panel.view.selectRow(0)
    method = panel.selected_method()
    assert method.title == "Fixed-budget conflict rehearsal"
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    inserted = programmes.session_detail(store, editor.session.id).agenda[1]
    assert (inserted.title, inserted.planned_minutes, inserted.materials) == (
        method.title,
        method.typical_minutes,
        method.materials,
    )
    assert editor.title.text() == method.title, "the new item is selected"
    window.undo_action.trigger()
    settle(qtbot)
    assert len(titles(editor)) == 10


def test_dropping_an_activity_inserts_it_where_it_lands(qtbot, window, store) -> None:
    """An activity dragged from the library onto row 3 of the agenda is inserted there."""
    from facilitator.services.methods import list_methods
    from facilitator.ui.method_library import method_mime

    editor = open_session(qtbot, window, DAY_TWO)
    check_in = next(m for m in list_methods(store) if m.title == "Check-in")
    editor.model.dropMimeData(
        method_mime(check_in.id), Qt.DropAction.CopyAction, 3, 0, QModelIndex()
    )
    settle(qtbot)
    assert stored_titles(store, editor)[3] == "Check-in"


def test_library_insert_is_off_away_from_sessions(qtbot, window) -> None:
    """On a programme's page the library cannot insert: there is no agenda to put it in."""
    click_row(qtbot, window.tree, "3. Power, politics and decision-making")
    window.actions.show_library.trigger()
    panel = window.library_dock.widget()
    panel.view.selectRow(0)
    assert not panel.insert_button.isEnabled()
    open_session(qtbot, window, DAY_TWO)
    panel.view.selectRow(0)
    assert panel.insert_button.isEnabled()


def test_undo_names_the_step_in_the_menu_but_stays_short_on_the_toolbar(qtbot, window) -> None:
    """Edit › Undo says what it will undo; the toolbar button just says Undo."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(0)
    click_action(qtbot, editor, "duplicate")
    assert window.undo_action.text() == "&Undo Duplicate item"
    assert window.undo_action.iconText() == "Undo"
    assert window.undo_action.toolTip() == "Undo Duplicate item"


def test_histories_of_deleted_sessions_never_reach_new_ones(
    qtbot, window, store, monkeypatch
) -> None:
    """After the sample goes, a new session that reuses an old id starts with no history."""
    from facilitator.domain.fields import ProgrammeFields, SessionFields
    from facilitator.services.programmes import create_programme
    from facilitator.services.sessions import create_session
    from facilitator.ui.navigation import NodeKind

    editor = open_session(qtbot, window, DAY_TWO)
    old_id = editor.session.id
    editor.select_row(0)
    click_action(qtbot, editor, "delete")
    assert window.undo_action.isEnabled()
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    window.remove_sample()
    settle(qtbot)

    programme_id, _ = create_programme(store, ProgrammeFields(title="Cohort 3"))
    new_ids = [create_session(store, programme_id, SessionFields(title=f"Day {n}")) for n in (1, 2)]
    assert old_id in new_ids, "SQLite gives the deleted session's id to a new one"
    window.apply_changes(programmes_changed())
    settle(qtbot)
    window.select((NodeKind.SESSION, old_id))
    settle(qtbot)
    assert not window.undo_action.isEnabled()


def programmes_changed():
    from facilitator.domain.changes import Changes

    return Changes(programmes=True, sessions=True)


def test_undo_while_typing_undoes_the_typing_then_the_step_before(qtbot, window, store) -> None:
    """Undo pressed mid-word saves the typing first, so each earlier step stays reachable."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(1)
    original = editor.current_item()
    editor.minutes.setValue(60)
    settle(qtbot)
    editor.title.setFocus()
    editor.title.setText("Half typed")
    window.undo_action.trigger()  # the toolbar button takes no focus: the field is not left
    settle(qtbot)
    item = programmes.session_detail(store, editor.session.id).agenda[1]
    assert (item.title, item.planned_minutes) == (original.title, 60)
    window.undo_action.trigger()
    settle(qtbot)
    item = programmes.session_detail(store, editor.session.id).agenda[1]
    assert (item.title, item.planned_minutes) == (original.title, original.planned_minutes)


def test_duplicate_copies_what_was_just_typed(qtbot, window, store) -> None:
    """A title typed and not yet left is in the copy Duplicate makes."""
    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(0)
    editor.title.setFocus()
    editor.title.setText("Zebra crossing")
    click_action(qtbot, editor, "duplicate")
    assert stored_titles(store, editor)[:2] == ["Zebra crossing", "Zebra crossing"]


def test_run_sheet_includes_what_was_just_typed(qtbot, window, tmp_path, monkeypatch) -> None:
    """A title typed and not yet left is printed on the run sheet made straight after."""
    from pypdf import PdfReader

    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(0)
    editor.title.setFocus()
    editor.title.setText("Zebra crossing")
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(dialogs, "choose_pdf_path", lambda *a, **k: target)
    monkeypatch.setattr(dialogs, "open_file", lambda path: None)
    window.session_page.run_sheet_action.trigger()
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Zebra crossing" in text


def test_a_refused_edit_keeps_the_history(qtbot, window, store, monkeypatch) -> None:
    """An edit the store refuses changes nothing, and the steps before it can still be undone."""
    from facilitator.services.agenda import EditItem, item_fields

    editor = open_session(qtbot, window, DAY_TWO)
    editor.select_row(0)
    click_action(qtbot, editor, "duplicate")
    problems = []
    monkeypatch.setattr(dialogs, "show_problem", lambda *a, **k: problems.append(k["text"]))
    item = editor.current_item()
    gone = EditItem(editor.session.id, "no-such-uuid", item_fields(item), item_fields(item))
    assert not window.undo_hub.push(gone)
    settle(qtbot)
    assert problems
    assert window.undo_action.isEnabled(), "the duplicate can still be undone"


def test_agenda_and_attendance_models_pass_the_model_tester(qtbot, window, qtmodeltester) -> None:
    """The agenda and attendance models keep Qt's model rules."""
    open_session(qtbot, window, DAY_ONE)
    page = window.session_page
    qtmodeltester.check(page.agenda_editor.model)
    qtmodeltester.check(page.attendance)
