"""The programme, module and template forms, filled in through their real widgets."""

from datetime import date

from PySide6.QtCore import Qt

from facilitator.domain.errors import InvalidInputError
from facilitator.domain.fields import ModuleFields, ProgrammeFields
from facilitator.services import programmes, templates
from facilitator.ui import dialogs
from facilitator.ui.programme_dialogs import (
    NO_TEMPLATE,
    ModuleDialog,
    ProgrammeDialog,
    SaveTemplateDialog,
    TemplateChoiceDialog,
)

BUILTIN = "builtin:building-collaborative-leadership"


def click_save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def type_lines(qtbot, widget, lines: list[str]) -> None:
    """Type each line and press Return after it (QTest cannot type a newline itself)."""
    for line in lines:
        if line:
            qtbot.keyClicks(widget, line)
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def shown(qtbot, dialog):
    """Show a form dialog without its modal loop, as the user would see it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def new_programme_dialog(qtbot, store, saved: list) -> ProgrammeDialog:
    dialog = shown(
        qtbot,
        ProgrammeDialog(
            None, title="New programme", initial=None, templates=templates.list_templates(store)
        ),
    )
    dialog.set_save(lambda: saved.append((dialog.values().checked(), dialog.template_key())))
    return dialog


def test_new_programme_offers_no_template_first_and_previews_a_template(qtbot, store) -> None:
    """The template choice starts empty; choosing one lists its modules and sets its cap."""
    dialog = new_programme_dialog(qtbot, store, [])
    assert dialog.template is not None
    combo = dialog.template.combo
    assert combo.currentText() == NO_TEMPLATE
    assert "no modules" in dialog.template.preview.toPlainText()

    combo.setCurrentIndex(combo.findData(BUILTIN))
    preview = dialog.template.preview.toPlainText()
    assert "1. Defining you and the system" in preview
    assert "4. Building and developing your collective impact" in preview
    assert dialog.cohort_cap.value() == 16
    assert dialog.template_key() == BUILTIN
    assert dialog.ok_button.text() == "Create programme"


def test_empty_title_is_shown_at_the_field_and_nothing_is_saved(qtbot, store) -> None:
    """Saving without a title keeps the dialog open with the problem under the title."""
    saved: list = []
    dialog = new_programme_dialog(qtbot, store, saved)

    click_save(qtbot, dialog)

    assert saved == []
    assert dialog.isVisible()
    assert dialog.error_text("title") == "The title cannot be empty."


def test_typed_details_and_dates_are_saved_with_the_template(qtbot, store) -> None:
    """Typed fields, ticked dates (British order) and the template reach `save`."""
    saved: list = []
    dialog = new_programme_dialog(qtbot, store, saved)
    dialog.template.combo.setCurrentIndex(dialog.template.combo.findData(BUILTIN))
    qtbot.keyClicks(dialog.title_edit, "Collaborative leadership: cohort 3")
    qtbot.keyClicks(dialog.client_system, "Northshire ICS")
    qtbot.keyClicks(dialog.facilitators, "Sam Patel and Jo Reid")
    qtbot.keyClicks(dialog.notes, "First residential in March.")
    dialog.start_date.enabled.setChecked(True)
    dialog.start_date.edit.setDate(date(2027, 3, 1))
    dialog.end_date.enabled.setChecked(True)
    dialog.end_date.edit.setDate(date(2027, 9, 30))
    dialog.cohort_cap.setValue(20)

    click_save(qtbot, dialog)

    assert not dialog.isVisible()
    ((fields, key),) = saved
    assert key == BUILTIN
    assert fields == ProgrammeFields(
        title="Collaborative leadership: cohort 3",
        client_system="Northshire ICS",
        start_date=date(2027, 3, 1),
        end_date=date(2027, 9, 30),
        facilitators="Sam Patel and Jo Reid",
        notes="First residential in March.",
        cohort_cap=20,
    )
    assert dialog.start_date.edit.displayFormat() == "dd/MM/yyyy"
    assert dialog.start_date.edit.text() == "01/03/2027"


def test_end_before_start_is_shown_beside_the_end_date(qtbot, store) -> None:
    """A programme that ends before it starts is refused at the end date."""
    saved: list = []
    dialog = new_programme_dialog(qtbot, store, saved)
    qtbot.keyClicks(dialog.title_edit, "Backwards")
    dialog.start_date.enabled.setChecked(True)
    dialog.start_date.edit.setDate(date(2027, 3, 1))
    dialog.end_date.enabled.setChecked(True)
    dialog.end_date.edit.setDate(date(2027, 2, 1))

    click_save(qtbot, dialog)

    assert saved == []
    assert "cannot end before it starts" in dialog.error_text("end_date")


def test_editing_details_shows_no_template_choice(qtbot, store) -> None:
    """The details form of an existing programme is prefilled and has no template choice."""
    (summary,) = programmes.list_programmes(store)
    initial = programmes.programme_fields(programmes.programme_detail(store, summary.id))
    dialog = shown(
        qtbot, ProgrammeDialog(None, title="Programme details", initial=initial, templates=None)
    )
    assert dialog.template is None
    assert dialog.template_key() is None
    assert dialog.values() == initial
    assert dialog.ok_button.text() == "Save"


def test_module_dialog_refuses_an_empty_title_then_saves_days_and_themes(qtbot) -> None:
    """A module needs a title; its length may be left unset and themes are one a line."""
    saved: list[ModuleFields] = []
    dialog = shown(qtbot, ModuleDialog(None, title="Add module", initial=None))
    dialog.set_save(lambda: saved.append(dialog.values().checked()))
    assert dialog.days.text() == "Not set"

    click_save(qtbot, dialog)
    assert saved == []
    assert dialog.error_text("title") == "The title cannot be empty."

    qtbot.keyClicks(dialog.title_edit, "Closing the loop")
    type_lines(qtbot, dialog.themes, ["Looking back", "", "  Committing to the long term  "])
    click_save(qtbot, dialog)

    assert saved == [
        ModuleFields(
            title="Closing the loop",
            days=None,
            themes=("Looking back", "Committing to the long term"),
        )
    ]


def test_module_dialog_shows_one_day_in_the_singular(qtbot) -> None:
    """A one-day module reads "1 day", not "1 days"."""
    dialog = shown(
        qtbot, ModuleDialog(None, title="Edit", initial=ModuleFields(title="Day", days=2))
    )
    dialog.days.setValue(1)
    assert dialog.days.text() == "1 day"
    assert dialog.values().days == 1


def test_save_template_shows_a_taken_name_at_the_field(qtbot, store) -> None:
    """The name of a built-in template is refused beside the name field."""
    (summary,) = programmes.list_programmes(store)
    dialog = shown(qtbot, SaveTemplateDialog(None, suggested_title="Mine", module_count=4))

    def save() -> None:
        templates.save_as_template(
            store,
            summary.id,
            title=dialog.title_edit.text(),
            description=dialog.description.toPlainText(),
        )

    dialog.set_save(save)
    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "Building collaborative leadership")
    click_save(qtbot, dialog)

    assert "already exists" in dialog.error_text("title")
    assert len(templates.list_templates(store)) == 1, "nothing was saved"


def template_choice(qtbot, store, deleted: list[str] | None = None) -> TemplateChoiceDialog:
    """The template dialog over the store's templates; it deletes through the service."""

    def delete(key: str) -> None:
        templates.delete_template(store, key)
        if deleted is not None:
            deleted.append(key)

    return shown(
        qtbot,
        TemplateChoiceDialog(None, templates=templates.list_templates(store), delete=delete),
    )


def save_a_template(store, title: str = "Wealdmoor shape") -> str:
    """Save the sample's modules as a template of the user's own; return its key."""
    (summary,) = programmes.list_programmes(store)
    templates.save_as_template(store, summary.id, title=title)
    (key,) = [t.key for t in templates.list_templates(store) if t.title == title]
    return key


def test_template_choice_returns_the_chosen_key(qtbot, store) -> None:
    """The template dialog previews the modules and returns the chosen template's key."""
    dialog = template_choice(qtbot, store)
    assert "2. System and place-based leadership" in dialog.picker.preview.toPlainText()
    assert dialog.chosen_key() == BUILTIN


def test_only_a_saved_template_can_be_deleted(qtbot, store) -> None:
    """Delete template… is disabled on a built-in template and enabled on one of yours."""
    key = save_a_template(store)
    dialog = template_choice(qtbot, store)
    assert dialog.delete_button.text() == "Delete template…"
    assert dialog.chosen_key() == BUILTIN
    assert not dialog.delete_button.isEnabled()

    dialog.picker.combo.setCurrentIndex(dialog.picker.combo.findData(key))
    assert dialog.delete_button.isEnabled()


def test_delete_a_saved_template_after_confirming(qtbot, store, monkeypatch) -> None:
    """Deleting asks first, naming the template; "yes" deletes it and takes it off the list."""
    key = save_a_template(store)
    answers = iter([False, True])
    asked: list[tuple[str, str, str]] = []

    def confirm(parent, *, title, text, action) -> bool:
        asked.append((title, text, action))
        return next(answers)

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", confirm)
    deleted: list[str] = []
    dialog = template_choice(qtbot, store, deleted)
    combo = dialog.picker.combo
    combo.setCurrentIndex(combo.findData(key))

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert deleted == [], "declined: nothing deleted"
    assert combo.findData(key) >= 0
    assert asked[0] == (
        "Delete template",
        "Delete the template “Wealdmoor shape”? Programmes made from it are not changed. "
        "This cannot be undone.",
        "Delete template",
    )

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert deleted == [key]
    assert [t.key for t in templates.list_templates(store)] == [BUILTIN]
    assert [combo.itemData(i) for i in range(combo.count())] == [BUILTIN]
    assert dialog.chosen_key() == BUILTIN
    assert "1. Defining you and the system" in dialog.picker.preview.toPlainText()
    assert not dialog.delete_button.isEnabled(), "the built-in template is chosen now"
    assert dialog.ok_button.isEnabled()
    assert dialog.isVisible(), "the dialog stays open to choose a template"


def test_a_refused_delete_is_shown_in_the_dialog(qtbot, store, monkeypatch) -> None:
    """A template already gone (deleted elsewhere) is reported in the dialog, which stays open."""
    key = save_a_template(store)
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", lambda parent, *, title, text, action: True)
    dialog = template_choice(qtbot, store)
    templates.delete_template(store, key)
    dialog.picker.combo.setCurrentIndex(dialog.picker.combo.findData(key))

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    assert dialog.error_text() == "That template no longer exists."
    assert dialog.isVisible()


def test_a_save_problem_without_a_field_shows_above_the_buttons(qtbot) -> None:
    """A refusal that names no field is shown above the buttons; the dialog stays open."""
    dialog = shown(qtbot, ModuleDialog(None, title="Add module", initial=None))

    def refuse() -> None:
        raise InvalidInputError("That programme no longer exists.")

    dialog.set_save(refuse)
    click_save(qtbot, dialog)
    assert dialog.error_text() == "That programme no longer exists."
    assert dialog.isVisible()


def test_a_typed_cap_is_kept_when_a_template_is_chosen(qtbot, store) -> None:
    """Choosing a template suggests its cap, but never overrides a cap the user typed."""
    dialog = new_programme_dialog(qtbot, store, [])
    dialog.cohort_cap.setValue(24)
    dialog.template.combo.setCurrentIndex(dialog.template.combo.findData(BUILTIN))
    assert dialog.cohort_cap.value() == 24
