"""The session page's write-up: the narrative tab, and reports that include the last words."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from facilitator.services.writeup import narrative
from facilitator.ui import report_dialog
from facilitator.ui.session_page import NARRATIVE_TAB
from tests.ui.test_main_window import click_row, click_tab, window  # noqa: F401 (fixture)


def test_words_typed_a_moment_ago_are_saved_before_the_report(qtbot, window, store, monkeypatch):  # noqa: F811
    """Type in Day two's summary and ask for the report at once: the text is saved first."""
    click_row(qtbot, window.tree, "Day two · 30 Nov 2026")
    page = window.session_page
    click_tab(qtbot, page.tabs, NARRATIVE_TAB)
    assert page.tabs.tabText(NARRATIVE_TAB) == "Narrative"
    editor = page.narrative.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "The group named its veto.")
    session_id = page.session.id
    seen: list[str] = []

    def export_report(parent, *, db, session_id: int, session_title: str) -> Path | None:
        seen.append(narrative(db, session_id).get("summary", ""))
        return None

    monkeypatch.setattr(report_dialog, "export_report", export_report)
    page.report_action.trigger()
    assert seen == ["The group named its veto."]
    assert narrative(store, session_id)["summary"] == "The group named its veto."


def test_leaving_the_session_saves_the_narrative(qtbot, window, store) -> None:  # noqa: F811
    """Moving to another session in the tree saves what was typed, without waiting."""
    click_row(qtbot, window.tree, "Day two · 30 Nov 2026")
    page = window.session_page
    click_tab(qtbot, page.tabs, NARRATIVE_TAB)
    session_id = page.session.id
    qtbot.keyClicks(page.narrative.editor, "Half a thought")
    click_row(qtbot, window.tree, "Day one · 16 Nov 2026")
    assert narrative(store, session_id)["summary"] == "Half a thought"
    assert page.narrative.editor.toPlainText().startswith("Day one moved the cohort")


def test_report_and_exports_sit_on_the_session_toolbar(qtbot, window) -> None:  # noqa: F811
    """The report is a button of the session's toolbar; run sheets, CSV and bundles are on
    its export menu, all enabled for a session."""
    click_row(qtbot, window.tree, "Day one · 16 Nov 2026")
    page = window.session_page
    (toolbar,) = page.findChildren(QToolBar, "", Qt.FindChildOption.FindDirectChildrenOnly)
    assert page.report_action in toolbar.actions() and page.report_action.isEnabled()
    exports = page.export_button.menu().actions()
    for action in (page.run_sheet_action, page.csv_action, page.bundle_action):
        assert action in exports and action.isEnabled()
    assert [page.report_action.text(), page.csv_action.text()] == [
        "Session report…",
        "Captures as CSV…",
    ]
