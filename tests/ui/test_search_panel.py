"""The search box on the main toolbar: typing searches, Enter opens a hit in its place."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from facilitator.domain.search_query import HitKind
from facilitator.services.capture_commands import CaptureFields, EditCapture
from facilitator.services.programmes import list_programmes, session_detail
from facilitator.ui.main_window import MainWindow
from facilitator.ui.navigation import NodeKind
from facilitator.ui.search_panel import NO_MATCHES, SEARCH_KEYS
from facilitator.ui.search_results import HitRole
from facilitator.ui.session_page import AGENDA_TAB, NARRATIVE_TAB, REVIEW_TAB


@pytest.fixture
def window(qtbot, store, tmp_path: Path) -> MainWindow:
    """Return a shown main window on the sample programme."""
    window = MainWindow(settings_path=tmp_path / "w.ini")
    qtbot.addWidget(window)
    window.attach_store(store)
    window.finish_start_up()
    window.show()
    qtbot.waitExposed(window)
    return window


def day_one(store) -> int:
    (programme,) = list_programmes(store)
    return programme.modules[2].sessions[0].id


def type_search(qtbot, window: MainWindow, text: str) -> None:
    """Go to the field with the shortcut, type, and wait for the results to show."""
    window.activateWindow()
    qtbot.keyClick(window.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    field = window.search_dock.field
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: window.search_dock.results.text == text)


def test_the_field_is_on_the_toolbar_with_its_shortcut(qtbot, window: MainWindow) -> None:
    """A "Search everything" field sits on the main toolbar; Ctrl+K goes to it."""
    field = window.search_dock.field
    assert field.placeholderText() == "Search everything"
    assert field.isVisible() and not window.search_dock.isVisible()
    assert QKeySequence(SEARCH_KEYS) == QKeySequence("Ctrl+K")
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert field.hasFocus()


def test_typing_shows_grouped_results_with_bold_matches(qtbot, window: MainWindow, store) -> None:
    """Results appear as you type, grouped programme → session → hits, matches in bold."""
    type_search(qtbot, window, "veto")
    dock = window.search_dock
    assert dock.isVisible()
    tree = dock.tree
    assert tree.topLevelItemCount() == 1
    programme = tree.topLevelItem(0)
    assert programme.text(0).startswith("Building collaborative leadership")
    hits = tree.hit_items()
    assert len(hits) == dock.results.count > 0
    assert dock.count.text() == f"{len(hits)} matches"
    first = hits[0].data(0, HitRole)
    assert first.kind is HitKind.CAPTURE
    assert "<b>veto</b>" in hits[0].data(0, Qt.ItemDataRole.UserRole + 2)
    assert hits[0].text(0).startswith(f"#{first.capture_number} ")


def test_no_matches_says_so(qtbot, window: MainWindow) -> None:
    """A search that finds nothing says "No matches"; clearing the field hides the results."""
    type_search(qtbot, window, "xylophonist")
    assert window.search_dock.count.text() == NO_MATCHES
    assert window.search_dock.tree.topLevelItemCount() == 0
    qtbot.keyClick(window.search_dock.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.search_dock.isVisible())


def test_hostile_text_in_the_field_is_harmless(qtbot, window: MainWindow) -> None:
    """Query syntax typed into the field is searched for as words, never an error."""
    type_search(qtbot, window, 'NEAR("veto" -council*:')
    assert window.search_dock.count.text()


def test_enter_opens_a_capture_on_the_review_tab(qtbot, window: MainWindow, store) -> None:
    """Enter opens the best hit: its session, the Review tab, the capture selected."""
    type_search(qtbot, window, '"veto column without"')
    (hit,) = window.search_dock.results.hits
    qtbot.keyClick(window.search_dock.field, Qt.Key.Key_Return)
    assert window.selected_key() == (NodeKind.SESSION, day_one(store))
    page = window.session_page
    assert page.tabs.currentIndex() == REVIEW_TAB
    selected = page.review.selected()
    assert selected is not None and selected.id == hit.record_id
    assert selected.number == hit.capture_number


def test_a_filtered_out_capture_is_still_shown(qtbot, window: MainWindow, store) -> None:
    """Opening a capture the review filters hide clears the filters to show it."""
    window.select((NodeKind.SESSION, day_one(store)))
    window.session_page.review.filters.search.setText("zzzz nothing")
    type_search(qtbot, window, '"veto column without"')
    qtbot.keyClick(window.search_dock.field, Qt.Key.Key_Return)
    selected = window.session_page.review.selected()
    assert selected is not None and "veto column" in selected.note


def test_narrative_and_agenda_hits_open_their_tabs(qtbot, window: MainWindow, store) -> None:
    """A narrative hit opens the Narrative tab; an agenda item the Agenda tab, item chosen."""
    detail = session_detail(store, day_one(store))
    type_search(qtbot, window, "festering")
    narrative = [h for h in window.search_dock.results.hits if h.kind is HitKind.NARRATIVE]
    assert narrative
    window.open_hit(narrative[0])
    assert window.session_page.tabs.currentIndex() == NARRATIVE_TAB
    assert window.session_page.narrative.section.key == narrative[0].section

    item = detail.agenda[2]
    type_search(qtbot, window, f'"{item.title}"')
    tree = window.search_dock.tree
    rows = [r for r in tree.hit_items() if r.data(0, HitRole).kind is HitKind.AGENDA_ITEM]
    tree.setCurrentItem(rows[0])
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.session_page.tabs.currentIndex() == AGENDA_TAB
    current = window.session_page.agenda_editor.current_item()
    assert current is not None and current.id == rows[0].data(0, HitRole).record_id


def test_results_refresh_when_data_changes(qtbot, window: MainWindow, store) -> None:
    """An edit made elsewhere shows in the results once the window hears of it."""
    session_id = day_one(store)
    type_search(qtbot, window, "axolotl")
    assert window.search_dock.count.text() == NO_MATCHES
    capture = session_detail(store, session_id).observations[0]
    edit = EditCapture(
        session_id, capture.uuid, CaptureFields.of(capture), CaptureFields(note="An axolotl")
    )
    window.apply_changes(edit.redo(store))
    qtbot.waitUntil(lambda: window.search_dock.results.count == 1)
    assert window.search_dock.count.text() == "1 match"
    QApplication.processEvents()
