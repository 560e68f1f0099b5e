"""Modules: the programme page's Modules tab, templates, and the module page itself."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import ModuleFields, ProgrammeFields
from facilitator.services import programmes, templates
from facilitator.ui import dialogs
from facilitator.ui.module_page import ModulePage
from facilitator.ui.navigation import NodeKind
from facilitator.ui.programme_dialogs import ModuleDialog, SaveTemplateDialog, TemplateChoiceDialog
from facilitator.ui.programme_page import MODULES_TAB, ProgrammePage
from facilitator.ui.session_dialog import SessionDialog

from .test_programme_page import (
    click_action,
    column,
    double_click,
    open_page,
    sample_id,
    when_modal,
)

MODULE_TITLES = [
    "Defining you and the system",
    "System and place-based leadership",
    "Power, politics and decision-making",
    "Building and developing your collective impact",
]


@pytest.fixture
def page(qtbot, store) -> ProgrammePage:
    """Return the sample programme's page with its Modules tab open."""
    shown = open_page(qtbot, store, sample_id(store))
    shown.tabs.setCurrentIndex(MODULES_TAB)
    return shown


def titles(page: ProgrammePage) -> list[str]:
    return column(page.modules_tab.table.model, 1)


def stored_titles(store, programme_id: int) -> list[str]:
    return [m.title for m in programmes.programme_detail(store, programme_id).modules]


def test_modules_tab_lists_position_length_themes_and_sessions(page) -> None:
    """Each module shows its number, title, length, themes and how many sessions it has."""
    model = page.modules_tab.table.model
    assert column(model, 0) == ["1", "2", "3", "4"]
    assert titles(page) == MODULE_TITLES
    assert column(model, 2) == ["2 days"] * 4
    assert column(model, 3)[2].startswith("The neuroscience behind behaviour; Old power")
    assert column(model, 4) == ["0", "0", "2", "0"]


def test_modules_tab_needs_only_the_programme_snapshot(qtbot, store, monkeypatch) -> None:
    """Lengths and themes come from the programme's snapshot: no module is read on its own."""
    detail = programmes.programme_detail(store, sample_id(store))
    monkeypatch.setattr(programmes, "module_detail", lambda *args: pytest.fail("read a module"))
    page = ProgrammePage()
    qtbot.addWidget(page)
    page.show_programme(detail)
    assert column(page.modules_tab.table.model, 2) == ["2 days"] * 4
    assert column(page.modules_tab.table.model, 3)[0].startswith("Organisational interests")


def test_add_module_through_the_real_form(qtbot, page, store) -> None:
    """Add module… opens the form; the saved module is added last and selected."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ModuleDialog)
        qtbot.keyClicks(dialog.title_edit, "Looking back, looking on")
        dialog.days.setValue(1)
        qtbot.keyClicks(dialog.themes, "What changed")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    timer = when_modal(act)
    click_action(qtbot, page, page.modules_tab.add_module_action)
    timer.stop()

    assert titles(page) == [*MODULE_TITLES, "Looking back, looking on"]
    assert page.modules_tab.table.selected().title == "Looking back, looking on"
    assert column(page.modules_tab.table.model, 2)[-1] == "1 day"
    assert page.tabs.tabText(MODULES_TAB) == "Modules (5)"


def test_alt_arrows_move_the_selected_module(qtbot, page, store) -> None:
    """Alt+Down and Alt+Up reorder modules in the store; the moved module stays selected."""
    view = page.modules_tab.table.view
    view.selectRow(0)
    view.setFocus()
    assert not page.modules_tab.move_up_action.isEnabled(), "the first module cannot move up"

    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    moved = [MODULE_TITLES[1], MODULE_TITLES[2], MODULE_TITLES[0], MODULE_TITLES[3]]
    assert titles(page) == moved
    assert stored_titles(store, page.programme.id) == moved
    assert page.modules_tab.table.selected().title == MODULE_TITLES[0]
    assert column(page.modules_tab.table.model, 0) == ["1", "2", "3", "4"]

    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert titles(page)[1] == MODULE_TITLES[0]


def test_move_buttons_follow_the_selection(qtbot, page) -> None:
    """The Move down button moves the module; it is disabled on the last one."""
    page.modules_tab.table.view.selectRow(2)
    click_action(qtbot, page, page.modules_tab.move_down_action)
    assert titles(page)[3] == MODULE_TITLES[2]
    assert not page.modules_tab.move_down_action.isEnabled()
    assert page.modules_tab.move_up_action.isEnabled()


def test_remove_module_keeps_its_sessions(qtbot, page, store, monkeypatch) -> None:
    """Removing module 3 says its sessions stay; they stay in the programme, outside modules."""
    texts: list[str] = []
    monkeypatch.setattr(
        dialogs.ConfirmDialog,
        "ask",
        lambda parent, *, title, text, action: texts.append(text) or True,
    )
    page.modules_tab.table.view.selectRow(2)
    page.modules_tab.table.view.setFocus()
    qtbot.keyClick(page.modules_tab.table.view, Qt.Key.Key_Delete)

    assert texts == [
        "Remove module 3, “Power, politics and decision-making”? Its 2 sessions stay in the "
        "programme, outside any module. This cannot be undone."
    ]
    assert titles(page) == [MODULE_TITLES[0], MODULE_TITLES[1], MODULE_TITLES[3]]
    detail = programmes.programme_detail(store, page.programme.id)
    assert [s.title for s in detail.loose_sessions] == ["Day one", "Day two"]


def test_save_as_template_then_add_its_modules_elsewhere(qtbot, page, store, monkeypatch) -> None:
    """A saved template's modules can be added to another programme, after its own."""

    def save_template(parent, *, suggested_title, module_count, save) -> bool:
        assert module_count == 4
        save("Wealdmoor shape", "Four modules, two days each")
        return True

    monkeypatch.setattr(SaveTemplateDialog, "ask", save_template)
    monkeypatch.setattr(dialogs, "show_information", lambda parent, *, title, text: None)
    click_action(qtbot, page, page.modules_tab.save_template_action)

    other_id, _ = programmes.create_programme(store, ProgrammeFields(title="Cohort 3"))
    other = open_page(qtbot, store, other_id)
    other.tabs.setCurrentIndex(MODULES_TAB)
    assert not other.modules_tab.save_template_action.isEnabled(), "no modules to save yet"
    offered: list[str] = []

    def choose(parent, *, templates, delete) -> str:
        offered.extend(t.title for t in templates)
        (mine,) = [t for t in templates if t.title == "Wealdmoor shape"]
        assert mine.module_titles == tuple(MODULE_TITLES)
        return mine.key

    monkeypatch.setattr(TemplateChoiceDialog, "ask", choose)
    click_action(qtbot, other, other.modules_tab.from_template_action)

    assert offered == ["Building collaborative leadership", "Wealdmoor shape"]
    assert titles(other) == MODULE_TITLES
    assert other.tabs.tabText(MODULES_TAB) == "Modules (4)"


def test_saving_a_template_says_where_to_find_it(qtbot, page, store, monkeypatch) -> None:
    """After Save as template…, a short message names the template and where to choose it."""
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        SaveTemplateDialog,
        "ask",
        lambda parent, *, suggested_title, module_count, save: (
            save("  Wealdmoor shape ", "") or True
        ),
    )
    monkeypatch.setattr(
        dialogs, "show_information", lambda parent, *, title, text: told.append((title, text))
    )
    click_action(qtbot, page, page.modules_tab.save_template_action)

    assert told == [
        (
            "Template saved",
            "Saved “Wealdmoor shape” as a template: choose it under New programme or "
            "Add modules from template.",
        )
    ]
    assert "Wealdmoor shape" in [t.title for t in templates.list_templates(store)]


def test_nothing_is_said_when_saving_a_template_fails_or_is_cancelled(
    qtbot, page, monkeypatch
) -> None:
    """A refused name keeps the form open (here: cancelled after); no message follows."""
    told: list[str] = []
    refused: list[str] = []

    def ask(parent, *, suggested_title, module_count, save) -> bool:
        try:
            save("Building collaborative leadership", "")  # the built-in template's name
        except InvalidInputError as error:
            refused.append(str(error))
        return False

    monkeypatch.setattr(SaveTemplateDialog, "ask", ask)
    monkeypatch.setattr(
        dialogs, "show_information", lambda parent, *, title, text: told.append(text)
    )
    click_action(qtbot, page, page.modules_tab.save_template_action)

    assert refused and "already exists" in refused[0]
    assert told == []


def test_delete_a_saved_template_from_the_template_choice(qtbot, page, store, monkeypatch) -> None:
    """Through the real dialog opened from the page: a saved template is deleted from the store."""
    templates.save_as_template(store, page.programme.id, title="Wealdmoor shape")
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", lambda parent, *, title, text, action: True)
    changes: list = []
    page.changes_made.connect(changes.append)
    seen: dict = {}

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, TemplateChoiceDialog)
        combo = dialog.picker.combo
        combo.setCurrentIndex(combo.findText("Wealdmoor shape (your template)"))
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
        seen["left"] = [combo.itemText(i) for i in range(combo.count())]
        dialog.reject()

    timer = when_modal(act)
    click_action(qtbot, page, page.modules_tab.from_template_action)
    timer.stop()

    assert seen["left"] == ["Building collaborative leadership"]
    assert [t.title for t in templates.list_templates(store)] == [
        "Building collaborative leadership"
    ]
    assert changes and changes[-1].library
    assert titles(page) == MODULE_TITLES, "cancelling the dialog adds no modules"


# The module page --------------------------------------------------------------------------


@pytest.fixture
def module_page(qtbot, store) -> ModulePage:
    """Return the page of the sample's module 3, which has two sessions."""
    (summary,) = programmes.list_programmes(store)
    module_id = summary.modules[2].id
    shown = ModulePage()
    qtbot.addWidget(shown)
    shown.attach_store(store)
    shown.changes_made.connect(
        lambda _c: shown.show_module(programmes.module_detail(store, module_id))
    )
    shown.show_module(programmes.module_detail(store, module_id))
    shown.resize(1000, 650)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_edit_module_from_its_page(qtbot, module_page, monkeypatch) -> None:
    """Edit module… opens the form prefilled and the page shows what was saved."""
    seen: dict = {}

    def ask(parent, *, title, initial, save) -> bool:
        seen["initial"] = initial
        save(ModuleFields(title="Power and decisions", days=3, themes=("Old and new power",)))
        return True

    monkeypatch.setattr(ModuleDialog, "ask", ask)
    click_action(qtbot, module_page, module_page.edit_action)

    assert seen["initial"].title == "Power, politics and decision-making"
    assert len(seen["initial"].themes) == 5
    assert module_page.title.text() == "Module 3: Power and decisions"
    assert module_page.days.text() == "3 days"
    assert module_page.themes.text() == "• Old and new power"


def test_new_session_in_this_module(qtbot, module_page, store, monkeypatch) -> None:
    """The session form opens with this module chosen; the new session is opened."""
    seen: dict = {}

    def ask(parent, *, title, initial, modules, save) -> bool:
        seen.update(initial=initial, modules=modules)
        save(initial.__class__(title="Day three", module_id=initial.module_id))
        return True

    monkeypatch.setattr(SessionDialog, "ask", ask)
    requested: list = []
    module_page.select_requested.connect(requested.append)
    click_action(qtbot, module_page, module_page.new_session_action)

    assert seen["initial"].module_id == module_page.module.id
    assert [title for _id, title in seen["modules"]] == MODULE_TITLES
    ((kind, session_id),) = requested
    assert kind is NodeKind.SESSION
    assert programmes.session_detail(store, session_id).module_id == module_page.module.id


def test_double_click_a_session_opens_it(qtbot, module_page) -> None:
    """Double-clicking a session row asks the main window to open that session."""
    requested: list = []
    module_page.select_requested.connect(requested.append)
    view = module_page.sessions_view
    double_click(qtbot, view, view.visualRect(module_page.sessions.index(1, 0)).center())
    assert requested == [(NodeKind.SESSION, module_page.module.sessions[1].id)]
