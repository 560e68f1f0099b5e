"""The main window: navigation, detail pages, commands and remembered layout."""

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QMenu, QTreeView

from facilitator.services import programmes
from facilitator.ui import dialogs
from facilitator.ui.main_window import MainWindow
from facilitator.ui.navigation import NodeKind
from facilitator.ui.review_model import NUMBER
from facilitator.ui.timeline_model import ITEM, NOTE

from .screens import WINDOW_SIZE, render_pages

PROGRAMME_TITLE = "Building collaborative leadership: Wealdmoor cohort 2"
CLIENT_SYSTEM = "Wealdmoor and Estuary Health and Care Partnership (fictional)"
MODULE_THREE = "3. Power, politics and decision-making"
VENUE = "The Granary Rooms, Saltmarsh Quay"


def open_window(qtbot, store, settings: Path) -> MainWindow:
    """Build a main window on the store, show it and wait until it is on screen."""
    window = MainWindow(settings_path=settings)
    qtbot.addWidget(window)
    window.attach_store(store)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, store, tmp_path: Path) -> MainWindow:
    """Return a shown main window on the sample programme, with fresh settings."""
    return open_window(qtbot, store, tmp_path / "w.ini")


def find_row(tree: QTreeView, text: str) -> QModelIndex:
    """Return the index of the tree row showing exactly `text`."""
    model = tree.model()
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data() == text:
                return index
            stack.append(index)
    raise AssertionError(f"no tree row shows {text!r}")


def click_row(qtbot, tree: QTreeView, text: str) -> None:
    """Click the tree row showing `text`, as a user would."""
    index = find_row(tree, text)
    tree.scrollTo(index)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )


def click_tab(qtbot, tabs, number: int) -> None:
    """Click one tab of a tab widget."""
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(number).center())
    assert tabs.currentIndex() == number


def column_texts(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def sample_ids(store) -> dict[str, tuple[NodeKind, int]]:
    """Return the keys of the sample's programme, module 3 and its day one."""
    (programme,) = programmes.list_programmes(store)
    module = programme.modules[2]
    return {
        "programme": (NodeKind.PROGRAMME, programme.id),
        "module": (NodeKind.MODULE, module.id),
        "day one": (NodeKind.SESSION, module.sessions[0].id),
    }


# Navigation -------------------------------------------------------------------------------


def test_tree_shows_the_sample_programme_modules_and_sessions(window) -> None:
    """The tree lists the programme, its four modules, and module 3's two sessions."""
    tree, model = window.tree, window.navigation
    programme = model.index(0, 0)
    module_three = find_row(tree, MODULE_THREE)

    assert model.rowCount() == 1
    assert programme.data() == PROGRAMME_TITLE
    assert [model.index(row, 0, programme).data() for row in range(4)] == [
        "1. Defining you and the system",
        "2. System and place-based leadership",
        MODULE_THREE,
        "4. Building and developing your collective impact",
    ]
    assert model.rowCount(module_three) == 2
    assert model.index(0, 0, module_three).data() == "Day one · 16 Nov 2026"
    assert model.index(1, 0, module_three).data() == "Day two · 30 Nov 2026"
    assert tree.isExpanded(programme)
    assert tree.isExpanded(module_three)


def test_first_programme_is_selected_on_first_show(window, store) -> None:
    """With nothing remembered, the first programme is selected and its page shown."""
    assert window.selected_key() == sample_ids(store)["programme"]
    assert window.tree.currentIndex() == window.navigation.index(0, 0)
    assert window.pages.currentWidget() is window.programme_page


def test_programme_page_shows_its_fields(qtbot, window) -> None:
    """The programme page shows title, client system, the cohort of 16 and 10 organisations."""
    page = window.programme_page
    click_row(qtbot, window.tree, MODULE_THREE)
    click_row(qtbot, window.tree, PROGRAMME_TITLE)

    assert window.pages.currentWidget() is page
    assert page.title.text() == PROGRAMME_TITLE
    assert page.client_system.text() == CLIENT_SYSTEM
    assert page.counts.text() == ("4 modules, 2 sessions, 16 participants from 10 organisations")
    assert page.dates.text() == "26 Jul 2026 – 21 Feb 2027"
    assert page.notes.text().startswith("A fictional sample")
    assert page.sample_banner.isVisible()
    assert page.tabs.tabText(0) == "Cohort (16)"
    assert page.cohort_tab.table.view.isVisible()
    assert page.cohort_tab.table.model.rowCount() == 16
    assert "Helen Marchbank" in column_texts(page.cohort_tab.table.model, 0)

    click_tab(qtbot, page.tabs, 1)
    assert page.tabs.tabText(1) == "Organisations (10)"
    assert page.organisations_tab.table.view.isVisible()
    assert page.organisations_tab.table.model.rowCount() == 10


def test_module_page_shows_title_themes_and_sessions(qtbot, window) -> None:
    """Clicking module 3 shows its title, themes and its two sessions."""
    click_row(qtbot, window.tree, MODULE_THREE)
    page = window.module_page

    assert window.pages.currentWidget() is page
    assert page.isVisible()
    assert page.title.text() == "Module 3: Power, politics and decision-making"
    assert page.programme.text() == PROGRAMME_TITLE
    assert page.days.text() == "2 days"
    assert page.status.text() == "In progress", "day one finished, day two planned"
    assert page.themes.text().splitlines() == [
        "• The neuroscience behind behaviour",
        "• Old power and new power",
        "• Designing decision-making processes",
        "• Generative conversations that produce tangible change",
        "• Conditions for collaboration",
    ]
    assert column_texts(page.sessions, 0) == ["Day one", "Day two"]
    assert column_texts(page.sessions, 4) == ["Finished", "Planned"]
    assert column_texts(page.sessions, 2) == ["09:30", "09:30"]


def test_session_page_shows_venue_status_agenda_observations_and_attendees(qtbot, window) -> None:
    """Clicking day one shows its fields, its timed agenda, 83 observations and 15 attendees."""
    click_row(qtbot, window.tree, "Day one · 16 Nov 2026")
    page = window.session_page

    assert window.pages.currentWidget() is page
    assert page.title.text() == "Day one"
    assert page.programme.text() == f"Power, politics and decision-making · {PROGRAMME_TITLE}"
    assert page.when.text() == "Monday 16 November 2026, 09:30–16:30"
    assert page.venue.text() == VENUE
    assert page.kind.text() == "Designed workshop"
    assert page.status.text() == "Finished"

    assert page.tabs.currentIndex() == 0
    assert page.tabs.tabText(0) == "Agenda (11)"
    agenda = page.agenda_editor.model
    assert page.agenda_editor.view.isVisible()
    planned = column_texts(agenda, 0)
    assert len(planned) == 11
    assert planned[:3] == ["09:30–10:00", "10:00–10:45", "10:45–11:00"]
    assert planned[-1] == "16:15–16:30"
    assert column_texts(agenda, 1)[0] == "Check-in"
    assert column_texts(agenda, 3)[:2] == ["30", "45"]
    assert all(column_texts(agenda, 4)), "every item of a finished day has actual times"

    click_tab(qtbot, page.tabs, 1)
    assert page.tabs.tabText(1) == "Review (83)"
    assert page.review.view.isVisible()
    assert page.review.proxy.rowCount() == 83
    assert page.review.proxy.index(0, NUMBER).data() == "#1"
    assert page.review.proxy.index(0, ITEM).data() == "Check-in"

    click_tab(qtbot, page.tabs, 2)
    assert page.tabs.tabText(2) == "Attendees (15)"
    assert len(page.attendance.ticked) == 15
    assert page.attendance.rowCount() == 16, "the whole cohort is listed, attendees ticked"


def test_clicking_an_observation_shows_it_in_full(qtbot, window) -> None:
    """Clicking a capture on the Review tab shows its codes, qualifier, people and whole note
    beside the timeline."""
    click_row(qtbot, window.tree, "Day one · 16 Nov 2026")
    page = window.session_page
    click_tab(qtbot, page.tabs, 1)
    review = page.review
    assert review.detail.prompt.isVisible()

    row = next(
        number
        for number in range(review.proxy.rowCount())
        if any(code.qualifier for code in review.proxy.observation(number).codes)
    )
    observation = review.proxy.observation(row)
    view = review.view
    index = review.proxy.index(row, NOTE)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )

    detail = review.detail
    assert detail.title.text().startswith(f"#{observation.number} · ")
    assert detail.note.text() == observation.note
    codes = [label.text() for label in detail.findChildren(QLabel, "captureCode")]
    assert any(text.startswith("Power differential named – ") for text in codes)
    assert all(subject.name in detail.who.text() for subject in observation.subjects)


def test_clicking_an_agenda_item_shows_its_notes_and_materials(qtbot, window, store) -> None:
    """Clicking an agenda item fills the item form with its purpose, notes and materials."""
    click_row(qtbot, window.tree, "Day one · 16 Nov 2026")
    editor = window.session_page.agenda_editor
    assert editor.title.text() == "Check-in", "the first item is selected at first"
    view = editor.view
    index = editor.model.index(3, 1)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )

    item = editor.model.row_at(3).item
    assert editor.title.text() == item.title
    assert editor.minutes.value() == item.planned_minutes
    assert editor.purpose.toPlainText() == item.purpose
    assert editor.notes.toPlainText() == item.facilitator_notes
    assert editor.materials.toPlainText() == item.materials
    assert item.facilitator_notes and item.materials


def test_a_module_without_sessions_says_so(qtbot, window) -> None:
    """A module with no sessions shows a sentence where its empty table would be."""
    click_row(qtbot, window.tree, "1. Defining you and the system")
    page = window.module_page

    assert window.pages.currentWidget() is page
    assert not page.sessions_view.isVisible()
    texts = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    assert "No sessions planned for this module yet." in texts


def test_planned_day_shows_an_agenda_without_observations(qtbot, window) -> None:
    """Day two is planned: its agenda has planned times, no actual ones, and no observations."""
    click_row(qtbot, window.tree, "Day two · 30 Nov 2026")
    page = window.session_page

    assert page.title.text() == "Day two"
    assert page.status.text() == "Planned"
    agenda = page.agenda_editor.model
    assert agenda.rowCount() == 10
    assert column_texts(agenda, 0)[0].startswith("09:30–")
    assert not any(column_texts(agenda, 4))
    assert page.agenda_editor.view.isColumnHidden(4), "no Actual column before the day has run"
    assert page.tabs.tabText(1) == "Review (0)"
    click_tab(qtbot, page.tabs, 1)
    assert not page.review.view.isVisible()
    texts = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    assert any(text.startswith("No captures in this session yet") for text in texts)
    assert len(page.attendance.ticked) == 16


def test_keyboard_moves_through_the_tree_and_pages_follow(qtbot, window) -> None:
    """Arrow keys move the selection down the tree, and each item's page follows."""
    tree = window.tree
    tree.setFocus()

    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.module_page
    assert window.module_page.title.text() == "Module 1: Defining you and the system"

    for _ in range(2):
        qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert window.module_page.title.text() == "Module 3: Power, politics and decision-making"

    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert window.pages.currentWidget() is window.session_page
    assert window.session_page.title.text() == "Day one"

    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert window.session_page.title.text() == "Day two"

    qtbot.keyClick(tree, Qt.Key.Key_Home)
    assert window.pages.currentWidget() is window.programme_page


# Removing the sample ------------------------------------------------------------------------


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Stand in for the confirmation dialog; the test sets the answer and reads the questions."""
    record: dict = {"answer": False, "asked": []}

    def ask(parent, *, title: str, text: str, action: str) -> bool:
        record["asked"].append((title, text, action))
        return record["answer"]

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", ask)
    return record


def file_menu_action(window: MainWindow, text: str):
    """Return the action of the File menu whose text (without '&') is `text`."""
    (file_menu,) = [
        action.menu()
        for action in window.menuBar().actions()
        if action.text().replace("&", "") == "File"
    ]
    (found,) = [a for a in file_menu.actions() if a.text().replace("&", "") == text]
    return found


def assert_sample_removed(qtbot, window: MainWindow, store) -> None:
    qtbot.waitUntil(lambda: window.navigation.rowCount() == 0)
    assert window.pages.currentWidget() is window.empty_page
    assert window.empty_page.isVisible()
    assert window.empty_page.text() == "There are no programmes in this database."
    assert not window.actions.remove_sample.isEnabled()
    assert window.statusBar().currentMessage() == "The sample programme was removed."
    assert programmes.list_programmes(store) == []


def test_remove_sample_from_file_menu_needs_confirmation(
    qtbot, window, store, confirmations
) -> None:
    """Cancelling keeps the sample; confirming removes it from the tree and the database."""
    action = file_menu_action(window, "Remove sample programme…")
    assert action is window.actions.remove_sample
    assert action.isEnabled()

    action.trigger()
    qtbot.wait(10)
    assert len(confirmations["asked"]) == 1
    assert confirmations["asked"][0][2] == "Remove sample"
    assert window.navigation.rowCount() == 1
    assert len(programmes.list_programmes(store)) == 1
    assert action.isEnabled()

    confirmations["answer"] = True
    action.trigger()
    assert_sample_removed(qtbot, window, store)


def test_remove_sample_from_the_banner_button(qtbot, window, store, confirmations) -> None:
    """The programme page's banner button asks, then removes the sample."""
    button = window.programme_page.remove_sample_button
    assert button.isVisible()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert len(confirmations["asked"]) == 1
    assert len(programmes.list_programmes(store)) == 1
    assert window.pages.currentWidget() is window.programme_page

    confirmations["answer"] = True
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert_sample_removed(qtbot, window, store)


def test_remove_sample_on_a_full_disk_explains_and_keeps_the_sample(
    qtbot, window, store, confirmations, monkeypatch: pytest.MonkeyPatch, messages
) -> None:
    """If the change cannot be saved, the user is told why and the sample stays in place."""
    from facilitator.domain.errors import DiskFullError

    def full_disk(db: object) -> object:
        raise DiskFullError("There is no space left on the disk that holds the data.")

    monkeypatch.setattr(programmes, "remove_sample_programmes", full_disk)
    confirmations["answer"] = True
    window.actions.remove_sample.trigger()

    assert messages == [
        (
            "problem",
            "The sample was not removed",
            "There is no space left on the disk that holds the data.",
        )
    ]
    assert window.navigation.rowCount() == 1
    assert window.actions.remove_sample.isEnabled()


def test_remove_sample_while_a_session_is_shown(
    qtbot, window, store, confirmations, messages
) -> None:
    """Removing the sample while its session is on screen leaves the empty page, no error."""
    click_row(qtbot, window.tree, "Day one · 16 Nov 2026")
    assert window.pages.currentWidget() is window.session_page
    confirmations["answer"] = True

    window.actions.remove_sample.trigger()

    assert_sample_removed(qtbot, window, store)
    assert messages == []


# Layout, status bar and commands ------------------------------------------------------------


def test_layout_and_selection_are_remembered(qtbot, store, tmp_path: Path) -> None:
    """Size, splitter and the selected item come back in a new window with the same settings."""
    settings = tmp_path / "w.ini"
    first = open_window(qtbot, store, settings)
    # Stay inside the (small) offscreen screen: Qt pulls a restored window back onto it.
    screen = first.screen().availableGeometry()
    size = QSize(min(1000, screen.width() - 60), min(640, screen.height() - 60))
    first.resize(size)
    qtbot.waitUntil(lambda: first.size() == size)
    handle = first.splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start + QPoint(-90, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(-90, 0))
    sizes = first.splitter.sizes()
    assert sizes[0] < 340 - 40, f"dragging the splitter handle did not move it: {sizes}"
    click_row(qtbot, first.tree, "Day one · 16 Nov 2026")
    first.close()
    assert settings.exists()

    second = MainWindow(settings_path=settings)
    qtbot.addWidget(second)
    assert second.size() == size
    second.attach_store(store)
    second.show()
    qtbot.waitExposed(second)

    assert second.size() == size
    assert second.splitter.sizes() == sizes
    assert second.selected_key() == sample_ids(store)["day one"]
    assert second.pages.currentWidget() is second.session_page
    assert second.session_page.title.text() == "Day one"


def test_a_geometry_that_cannot_be_restored_gives_the_default_size(qtbot, tmp_path: Path) -> None:
    """A saved geometry Qt refuses (another screen, a damaged file) falls back to the default."""
    from PySide6.QtCore import QByteArray, QSettings

    from facilitator.ui.main_window import DEFAULT_SIZE, SETTINGS_GEOMETRY

    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue(SETTINGS_GEOMETRY, QByteArray(b"not a geometry"))
    settings.sync()

    window = MainWindow(settings_path=tmp_path / "w.ini")
    qtbot.addWidget(window)

    assert window.size() == DEFAULT_SIZE


def test_a_remembered_item_that_is_gone_falls_back_to_the_first(
    qtbot, store, tmp_path: Path
) -> None:
    """A remembered selection that no longer exists selects the first programme instead."""
    settings = tmp_path / "w.ini"
    settings.write_text("[window]\nselection=session:999999\n")
    window = open_window(qtbot, store, settings)
    assert window.selected_key() == sample_ids(store)["programme"]
    assert window.pages.currentWidget() is window.programme_page


def test_status_bar_shows_the_database_path(qtbot, store, tmp_path: Path) -> None:
    """The status bar says which database file is open, once it is attached."""
    window = MainWindow(settings_path=tmp_path / "w.ini")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.database_label.text() == "Opening your data…"
    assert not window.actions.check_database.isEnabled()

    window.attach_store(store)

    assert window.database_label.text() == f"Database: {store.path}"
    assert window.database_label.isVisible()
    assert window.database_label in window.statusBar().findChildren(QLabel)
    assert window.actions.check_database.isEnabled()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record (kind, title, text) of every information or problem message shown."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "problem"):
        monkeypatch.setattr(
            dialogs,
            f"show_{kind}",
            lambda parent, *, title, text, kind=kind: shown.append((kind, title, text)),
        )
    return shown


def test_check_database_reports_a_healthy_file(window, store, messages) -> None:
    """Checking the sample database tells the user no problems were found."""
    file_menu_action(window, "Check database").trigger()

    assert messages == [("information", "Database check", f"No problems found in\n{store.path}.")]


def test_check_database_reports_a_broken_link(window, store, messages) -> None:
    """A participant pointing at a missing organisation is reported as a problem."""
    with sqlite3.connect(store.path) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("UPDATE participant SET organisation_id = 999999 WHERE id = 1")
    connection.close()

    window.actions.check_database.trigger()

    ((kind, title, text),) = messages
    assert (kind, title) == ("problem", "Database check")
    assert "found 1 problem(s)" in text
    assert "participant row 1 points at a missing organisation row" in text
    assert "Backups" in text


def test_about_names_the_database(window, store, messages) -> None:
    """Help › About gives the version and where the data is kept."""
    window.actions.about.trigger()

    ((kind, title, text),) = messages
    assert (kind, title) == ("information", "About Facilitator")
    assert str(store.path) in text


# Pictures for review --------------------------------------------------------------------------


def test_each_page_renders_to_a_picture(qtbot, store, tmp_path: Path) -> None:
    """Every page draws into a non-empty PNG (run tests/ui/screens.py to look at them)."""
    window = MainWindow(settings_path=tmp_path / "w.ini")
    qtbot.addWidget(window)
    window.finish_start_up()
    window.attach_store(store)
    window.show()
    qtbot.waitExposed(window)
    saved = render_pages(window, tmp_path / "screens")

    assert [path.stem for path in saved] == [
        "programme-cohort",
        "programme-organisations",
        "module",
        "session-agenda",
        "session-review",
        "session-attendees",
        "session-planned",
        "session-library",
    ]
    for path in saved:
        assert path.stat().st_size > 10_000, path.name
        image = QImage(str(path))
        assert image.size() == WINDOW_SIZE, path.name


def test_backups_retention_and_import_are_on_the_file_menu(window) -> None:
    """File offers Backups…, Retention… and Import a bundle…, enabled once the data is open."""
    (file_menu,) = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File"]
    texts = [action.text() for action in file_menu.actions()]
    assert {"&Backups…", "&Retention…", "&Import a bundle…"} <= set(texts)
    for action in (window.actions.backups, window.actions.retention, window.actions.import_bundle):
        assert action.isEnabled()


def test_import_a_bundle_from_the_file_menu_refreshes_the_window(window, monkeypatch) -> None:
    """The menu item runs the import and hands what changed to the window."""
    from facilitator.domain.changes import Changes
    from facilitator.ui import exchange_dialogs

    seen = []
    monkeypatch.setattr(
        exchange_dialogs, "import_bundle", lambda parent, *, db: Changes(sessions=True)
    )
    monkeypatch.setattr(window, "apply_changes", seen.append)
    window.actions.import_bundle.trigger()
    assert seen == [Changes(sessions=True)]


def test_an_erasure_forgets_every_undo_history(window, store) -> None:
    """After an erasure, Undo has nothing to offer: it must not write the name back."""
    from facilitator.services.erasure import ERASURE_CHANGES

    window.undo_hub.stack_for(sample_ids(store)["day one"][1])
    window.apply_changes(ERASURE_CHANGES)
    window._refresh()
    assert not window.undo_hub._stacks
