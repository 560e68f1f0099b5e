"""The narrative tab: sections with word counts, markup typed by the toolbar and its keys,
citations picked from the day's captures, a live preview that escapes user text, and saving
that never loses what was typed."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from facilitator.domain.narrative_sections import NARRATIVE_TEXT, SECTIONS
from facilitator.domain.snapshots import SessionDetail
from facilitator.services import programmes
from facilitator.services.writeup import narrative
from facilitator.storage.database import Database
from facilitator.ui import dialogs
from facilitator.ui.cite_picker import CitePicker, capture_choices
from facilitator.ui.narrative_list import NOT_WRITTEN
from facilitator.ui.narrative_preview import citation_labels, preview_html, word_count
from facilitator.ui.narrative_tab import SAVED, WAITING, NarrativeTab

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def session_ids(db: Database) -> tuple[int, int]:
    """Return the ids of the sample's "Day one" (83 captures, a full narrative) and "Day two"."""
    (programme,) = programmes.list_programmes(db)
    day_one, day_two = programme.modules[2].sessions
    return day_one.id, day_two.id


class Writing:
    """A narrative tab on one session, shown and ready for keys."""

    def __init__(self, qtbot, db: Database, session_id: int) -> None:
        self.qtbot = qtbot
        self.db = db
        self.tab = NarrativeTab()
        qtbot.addWidget(self.tab)
        self.tab.attach_store(db)
        self.tab.resize(1200, 700)
        self.show(session_id)
        self.tab.show()
        qtbot.waitExposed(self.tab)
        self.tab.activateWindow()
        self.editor = self.tab.editor

    def detail(self, session_id: int) -> SessionDetail:
        return programmes.session_detail(self.db, session_id)

    def show(self, session_id: int) -> None:
        self.tab.show_session(self.detail(session_id))

    def stored(self, key: str) -> str:
        assert self.tab.session is not None
        return narrative(self.db, self.tab.session.id).get(key, "")

    def click_section(self, key: str) -> None:
        item = self.tab.sections.items[key]
        rect = self.tab.sections.visualItemRect(item)
        self.qtbot.mouseClick(
            self.tab.sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
        assert self.tab.section.key == key

    def write(self, text: str) -> None:
        """Replace the section's text as if typed (one edit), leaving the cursor at the end."""
        self.editor.setFocus()
        self.editor.selectAll()
        self.editor.insertPlainText(text)

    def select(self, start: int, end: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)

    def keys(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
        self.qtbot.keyClick(self.editor, key, modifiers)


@pytest.fixture
def day_one(qtbot, store: Database) -> Writing:
    return Writing(qtbot, store, session_ids(store)[0])


@pytest.fixture
def day_two(qtbot, store: Database) -> Writing:
    return Writing(qtbot, store, session_ids(store)[1])


# The sections ---------------------------------------------------------------------------------


def test_sections_show_what_is_written(day_one: Writing) -> None:
    """Each written section shows a tick and its word count; the themes are grouped."""
    sections = day_one.tab.sections
    assert sections.topLevelItemCount() == 5  # summary, observed, themes, two more
    assert sections.themes.text(0) == "Themes by the five factors"
    assert sections.themes.childCount() == 5
    assert sections.themes.text(1) == "5 of 5"
    summary = day_one.stored("summary")
    assert sections.state_text("summary") == f"✓ {word_count(summary)} words"
    assert day_one.tab.title.text() == "Summary"
    assert day_one.editor.toPlainText() == summary


def test_an_empty_session_shows_prompts(day_two: Writing) -> None:
    """Sections never written show a dash, and the editor suggests what to write."""
    for section in SECTIONS:
        assert day_two.tab.sections.state_text(section.key) == NOT_WRITTEN
    assert day_two.editor.placeholderText() == SECTIONS[0].prompt
    day_two.click_section("next-steps")
    assert day_two.editor.placeholderText() == "What happens next, who does it and by when."
    assert not day_two.tab.cite_action.isEnabled()  # no captures to cite


def test_word_count_leaves_out_markup_and_citations() -> None:
    """Bold markers, bullets and [#n] citations are not words."""
    assert word_count("**Two words** and [#12]\n- one more") == 5
    assert word_count("") == 0


# Saving ---------------------------------------------------------------------------------------


def test_typing_saves_after_a_pause(day_two: Writing) -> None:
    """Typed text is saved once typing pauses, and reads back from the store."""
    day_two.tab.save_timer.setInterval(50)
    day_two.editor.setFocus()
    day_two.qtbot.keyClicks(day_two.editor, "A quiet day")
    assert day_two.tab.status.text() == WAITING
    assert day_two.stored("summary") == ""
    day_two.qtbot.waitUntil(lambda: day_two.stored("summary") == "A quiet day", timeout=3000)
    assert day_two.tab.status.text() == SAVED
    assert day_two.tab.sections.state_text("summary") == "✓ 3 words"


def test_switching_sections_saves_at_once(day_two: Writing) -> None:
    """Moving to another section saves the one left, without waiting for the pause."""
    day_two.write("Trust grew over the day.")
    day_two.click_section("recommendations")
    assert day_two.stored("summary") == "Trust grew over the day."
    assert day_two.editor.toPlainText() == ""
    day_two.write("Meet again.")
    day_two.click_section("factor-3")
    assert day_two.stored("recommendations") == "Meet again."
    day_two.click_section("summary")
    assert day_two.editor.toPlainText() == "Trust grew over the day."


def test_leaving_the_session_saves(qtbot, store: Database, day_one: Writing) -> None:
    """Showing another session saves what was being typed in this one."""
    day_one_id, day_two_id = session_ids(store)
    day_one.click_section("next-steps")
    day_one.write("- Book the room for day two.")
    day_one.show(day_two_id)
    assert narrative(store, day_one_id)["next-steps"] == "- Book the room for day two."
    assert day_one.editor.toPlainText() == ""  # day two's next steps, never written


def test_the_same_session_again_keeps_the_typing(day_one: Writing) -> None:
    """A refresh of the page (after a capture edit, say) leaves the editor as it is."""
    day_one.write("Half a thought")
    day_one.show(day_one.tab.session.id)
    assert day_one.editor.toPlainText() == "Half a thought"
    assert day_one.tab.status.text() == WAITING


def test_hiding_the_tab_saves(day_two: Writing) -> None:
    """Another tab, another page or closing the window: the text is saved first."""
    day_two.write("Written just before closing")
    day_two.tab.hide()
    assert day_two.stored("summary") == "Written just before closing"


def test_a_refused_save_keeps_the_text_and_says_why(day_two: Writing) -> None:
    """A control character pasted in is refused; the text stays and the reason shows."""
    day_two.write("Pasted from a PDF \x07 with a bell")
    assert not day_two.tab.save_pending()
    assert day_two.tab.problem.isVisible()
    assert "control character" in day_two.tab.problem.text()
    assert day_two.editor.toPlainText() == "Pasted from a PDF \x07 with a bell"
    assert day_two.tab.sections.state_text("summary") == "Not saved"
    assert day_two.stored("summary") == ""

    # Switching away keeps it unsaved, and the message names the section.
    day_two.click_section("observed")
    assert "“Summary” is not saved yet" in day_two.tab.problem.text()
    day_two.click_section("summary")
    day_two.write("Pasted from a PDF with a bell")
    assert day_two.tab.save_pending()
    assert not day_two.tab.problem.isVisible()
    assert day_two.stored("summary") == "Pasted from a PDF with a bell"


def test_refused_text_survives_leaving_the_session(
    store: Database, day_one: Writing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving to another session with refused text says so, and coming back restores it."""
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_problem", lambda _parent, *, title, text: told.append((title, text))
    )
    day_one_id, day_two_id = session_ids(store)
    day_one.click_section("recommendations")
    day_one.write("Pasted \x07 text")
    day_one.show(day_two_id)
    ((title, text),) = told
    assert title == "Part of the narrative is not saved"
    assert "“Recommendations” of “Day one”" in text and "control character" in text
    day_one.show(day_one_id)
    assert day_one.tab.text("recommendations") == "Pasted \x07 text"
    assert day_one.tab.sections.state_text("recommendations") == "Not saved"
    day_one.click_section("recommendations")
    day_one.write("Pasted text")
    assert day_one.tab.save_pending()
    assert day_one.stored("recommendations") == "Pasted text"


def test_a_section_too_long_is_refused(day_two: Writing) -> None:
    """Text over the limit is kept in the editor with the limit explained."""
    day_two.write("x" * (NARRATIVE_TEXT + 1))
    assert not day_two.tab.save_pending()
    assert "too long" in day_two.tab.problem.text()
    assert len(day_two.editor.toPlainText()) == NARRATIVE_TEXT + 1


def test_each_section_keeps_its_own_undo(day_two: Writing) -> None:
    """Undo in a section still works after visiting another one."""
    day_two.editor.setFocus()
    day_two.qtbot.keyClicks(day_two.editor, "First draft")
    day_two.click_section("observed")
    day_two.click_section("summary")
    day_two.editor.undo()
    assert day_two.editor.toPlainText() == ""


# Formatting -----------------------------------------------------------------------------------


def test_ctrl_b_wraps_the_selection_in_bold(day_two: Writing) -> None:
    """Ctrl+B wraps the selection in ** and keeps it selected; again takes it off."""
    day_two.write("we named power")
    day_two.select(3, 8)
    day_two.keys(Qt.Key.Key_B, CTRL)
    assert day_two.editor.toPlainText() == "we **named** power"
    assert day_two.editor.textCursor().selectedText() == "named"
    day_two.keys(Qt.Key.Key_B, CTRL)
    assert day_two.editor.toPlainText() == "we named power"


def test_ctrl_i_wraps_in_italic_and_keeps_spaces_outside(day_two: Writing) -> None:
    """A selection with a trailing space is wrapped without it; italic over bold nests."""
    day_two.write("say which hat you wear")
    day_two.select(4, 14)  # "which hat " with its space
    day_two.keys(Qt.Key.Key_I, CTRL)
    assert day_two.editor.toPlainText() == "say *which hat* you wear"
    day_two.keys(Qt.Key.Key_B, CTRL)
    assert day_two.editor.toPlainText() == "say ***which hat*** you wear"
    day_two.keys(Qt.Key.Key_I, CTRL)
    assert day_two.editor.toPlainText() == "say **which hat** you wear"


def test_bold_with_nothing_selected_puts_the_cursor_between_markers(day_two: Writing) -> None:
    """Ctrl+B then typing writes bold text."""
    day_two.write("Key: ")
    day_two.keys(Qt.Key.Key_B, CTRL)
    day_two.qtbot.keyClicks(day_two.editor, "trust")
    assert day_two.editor.toPlainText() == "Key: **trust**"


def test_bullet_list_toggles_at_line_starts(day_two: Writing) -> None:
    """The bullet action starts each selected line with '- ', and takes them off again."""
    day_two.write("Book the room\n\nSend the notes\n  Ask about budgets")
    day_two.editor.selectAll()
    day_two.keys(Qt.Key.Key_L, CTRL_SHIFT)
    bulleted = "- Book the room\n\n- Send the notes\n  - Ask about budgets"
    assert day_two.editor.toPlainText() == bulleted
    day_two.tab.bullets_action.trigger()
    assert day_two.editor.toPlainText() == "Book the room\n\nSend the notes\n  Ask about budgets"
    # One line, cursor anywhere in it.
    day_two.select(2, 2)
    day_two.tab.bullets_action.trigger()
    assert day_two.editor.toPlainText().startswith("- Book the room\n")


def test_undo_takes_back_a_formatting_step_whole(day_two: Writing) -> None:
    """Wrapping in bold is one step for Undo."""
    day_two.write("named")
    day_two.editor.document().clearUndoRedoStacks()
    day_two.editor.selectAll()
    day_two.tab.bold_action.trigger()
    day_two.editor.undo()
    assert day_two.editor.toPlainText() == "named"


# Citing ---------------------------------------------------------------------------------------


def test_cite_capture_inserts_the_number_picked(
    day_one: Writing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Shift+C asks which capture and inserts [#n] after the word, spaced."""
    offered = []

    def pick(parent, *, choices):
        offered.extend(choices)
        return 12

    monkeypatch.setattr(CitePicker, "ask", classmethod(lambda cls, *a, **k: pick(*a, **k)))
    day_one.click_section("factor-2")
    day_one.write("Power was named")
    day_one.keys(Qt.Key.Key_C, CTRL_SHIFT)
    assert day_one.editor.toPlainText() == "Power was named [#12]"
    assert len(offered) == 83
    assert [choice.number for choice in offered[:3]] == [1, 2, 3]


def test_cancelling_the_picker_inserts_nothing(
    day_one: Writing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CitePicker, "ask", classmethod(lambda cls, *a, **k: None))
    day_one.write("Unchanged")
    day_one.tab.cite_action.trigger()
    assert day_one.editor.toPlainText() == "Unchanged"


def test_the_picker_filters_as_you_type(qtbot, day_one: Writing) -> None:
    """Words narrow the list; a number alone highlights that capture; Enter cites it."""
    choices = capture_choices(day_one.tab.session)
    picker = CitePicker(None, choices=choices)
    qtbot.addWidget(picker)
    picker.show()
    assert picker.proxy.rowCount() == 83
    assert picker.chosen() == 1
    qtbot.keyClicks(picker.search, "budget")
    shown = [picker.proxy.index(row, 0).data() for row in range(picker.proxy.rowCount())]
    assert 0 < len(shown) < 83
    assert all("budget" in choices[int(text[1:]) - 1].words for text in shown)
    picker.search.clear()
    qtbot.keyClicks(picker.search, "12")
    assert picker.chosen() == 12
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.chosen() != 12  # the list moved; the typing stayed in the box
    assert picker.search.hasFocus() or not picker.isActiveWindow()
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.result() == CitePicker.DialogCode.Accepted
    assert picker.chosen() == 12


# The preview ----------------------------------------------------------------------------------


def test_preview_reads_citations_as_time_and_item(day_one: Writing) -> None:
    """A citation shows as its capture's time and agenda item; an unknown one is flagged."""
    labels = citation_labels(day_one.tab.session)
    day_one.write("Named early [#2] and never [#999].")
    shown = day_one.tab.preview.toPlainText()
    assert f"Named early ({labels[2]}) and never (capture #999 not found)." in shown
    assert labels[2].endswith(", Check-in")


def test_a_long_section_previews_once_typing_pauses(qtbot, day_two: Writing) -> None:
    """Past a few thousand characters the preview waits for a pause, then catches up."""
    day_two.write("word " * 1_200)
    day_two.editor.moveCursor(QTextCursor.MoveOperation.End)
    day_two.editor.insertPlainText("**last**")
    assert "last" not in day_two.tab.preview.toPlainText()
    qtbot.waitUntil(lambda: day_two.tab.preview.toPlainText().endswith("last"), timeout=2000)
    assert day_two.tab.sections.state_text("summary") == "✓ 1,201 words"


def test_preview_escapes_what_the_user_types(day_one: Writing) -> None:
    """'<b>' typed by the user shows as typed, never as markup."""
    day_one.write('He wrote <b>bold</b> & <img src="x"> **really**')
    shown = day_one.tab.preview.toPlainText()
    assert '<b>bold</b> & <img src="x"> really' in shown
    html = preview_html('<b>bold</b> "x"', {})
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html


def test_preview_draws_bullets_and_styles() -> None:
    """Bullets become a list; bold and italic runs are styled."""
    html = preview_html("Intro\n- **one**\n- *two*\n\nAfter", {})
    assert html.count("<ul>") == 1
    assert "<li><b>one</b></li>" in html and "<li><i>two</i></li>" in html
    assert html.endswith("<p>After</p>")
