"""Forms for a programme's details, its modules and its templates."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.fields import MAX_COHORT_CAP, MAX_MODULE_DAYS, ModuleFields, ProgrammeFields
from facilitator.domain.snapshots import TemplateChoice
from facilitator.ui import dialogs
from facilitator.ui.forms import FormDialog
from facilitator.ui.inputs import OptionalDate
from facilitator.ui.style import BANNER_STYLE

DATE_FORMAT = "dd/MM/yyyy"  # British order, and unambiguous to type
DEFAULT_COHORT_CAP = 16
NO_TEMPLATE = "No template: start empty"


def multiline_edit(text: str = "", *, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """Return a plain-text box about `lines` high, where Tab moves on to the next field."""
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def amber_banner(name: str) -> tuple[QFrame, QLabel]:
    """Return a calm amber banner like the sample programme's, and the label inside it."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(BANNER_STYLE.replace("#sampleBanner", f"#{name}"))
    text = _plain_label()
    layout = QHBoxLayout(frame)
    layout.addWidget(text, 1)
    return frame, text


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TemplatePicker(QWidget):
    """A choice of template with what it holds: its description and modules."""

    def __init__(
        self, templates: Sequence[TemplateChoice], *, none_text: str | None = None
    ) -> None:
        super().__init__()
        self._templates = {template.key: template for template in templates}
        self.combo = QComboBox()
        if none_text is not None:
            self.combo.addItem(none_text, None)
        for template in templates:
            shown = template.title if template.builtin else f"{template.title} (your template)"
            self.combo.addItem(shown, template.key)
        # A read-only box of fixed height, so the dialog keeps its size as the choice changes.
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)
        self.preview.setFixedHeight(self.preview.fontMetrics().lineSpacing() * 7 + 14)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.preview)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self._show_preview)
        self._show_preview()

    def choice(self) -> TemplateChoice | None:
        return self._templates.get(self.combo.currentData())

    def remove(self, key: str) -> None:
        """Take a deleted template off the choice; the next one is chosen instead."""
        del self._templates[key]
        self.combo.removeItem(self.combo.findData(key))

    def _show_preview(self) -> None:
        template = self.choice()
        if template is None:
            self.preview.setPlainText(
                "The programme starts with no modules; add them on its Modules tab."
            )
            return
        modules = "\n".join(
            f"{number}. {title}" for number, title in enumerate(template.module_titles, start=1)
        )
        self.preview.setPlainText(
            "\n\n".join(filter(None, (modules or "No modules.", template.description)))
        )


def _optional_date(value: object) -> OptionalDate:
    edit = OptionalDate(value)  # type: ignore[arg-type]
    edit.edit.setDisplayFormat(DATE_FORMAT)
    return edit


class ProgrammeDialog(FormDialog):
    """Start a new programme (from a template if wished) or change one's details."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        initial: ProgrammeFields | None,
        templates: Sequence[TemplateChoice] | None,
    ) -> None:
        super().__init__(
            parent, title=title, ok_text="Create programme" if initial is None else "Save"
        )
        self.setMinimumWidth(560)
        values = initial or ProgrammeFields(title="", cohort_cap=DEFAULT_COHORT_CAP)
        self.title_edit = QLineEdit(values.title)
        self.title_edit.setPlaceholderText(
            "For example: Building collaborative leadership, cohort 3"
        )
        self.client_system = QLineEdit(values.client_system)
        self.client_system.setPlaceholderText("The health and care system the programme is for")
        self.start_date = _optional_date(values.start_date)
        self.end_date = _optional_date(values.end_date)
        self.facilitators = QLineEdit(values.facilitators)
        self.facilitators.setPlaceholderText("Who facilitates, for example: Sam Patel and Jo Reid")
        self.cohort_cap = QSpinBox()
        self.cohort_cap.setRange(1, MAX_COHORT_CAP)
        self.cohort_cap.setValue(values.cohort_cap)
        self._suggested_cap = values.cohort_cap
        self.cohort_cap.setSuffix(" participants")
        self.cohort_cap.setToolTip(
            "A guide: the app warns when the cohort is larger, never refuses"
        )
        self.notes = multiline_edit(values.notes, lines=4)
        self.principles = multiline_edit(values.working_principles, lines=4)
        self.principles.setPlaceholderText(
            "One per line, as the group agreed them; the room view can show them"
        )
        self.template: TemplatePicker | None = None
        if templates is not None:
            self.template = TemplatePicker(templates, none_text=NO_TEMPLATE)
            self.template.combo.currentIndexChanged.connect(self._template_did_change)
            self.add_field("template", "Start from:", self.template)
        self.add_field("title", "Title:", self.title_edit)
        self.add_field("client_system", "Client system:", self.client_system)
        self.add_field("start_date", "Starts:", self.start_date)
        self.add_field("end_date", "Ends:", self.end_date)
        self.add_field("facilitators", "Facilitators:", self.facilitators)
        self.add_field("cohort_cap", "Cohort cap:", self.cohort_cap)
        self.add_field("notes", "Notes:", self.notes)
        self.add_field("principles", "Principles for working together:", self.principles)
        self.title_edit.setFocus()

    def _template_did_change(self) -> None:
        # Follow the template's cap unless the user has typed a cap of their own.
        choice = self.template.choice() if self.template else None
        if choice is not None and self.cohort_cap.value() == self._suggested_cap:
            self.cohort_cap.setValue(choice.cohort_cap)
            self._suggested_cap = choice.cohort_cap

    def values(self) -> ProgrammeFields:
        return ProgrammeFields(
            title=self.title_edit.text(),
            client_system=self.client_system.text(),
            start_date=self.start_date.value(),
            end_date=self.end_date.value(),
            facilitators=self.facilitators.text(),
            notes=self.notes.toPlainText(),
            cohort_cap=self.cohort_cap.value(),
            working_principles=self.principles.toPlainText(),
        )

    def template_key(self) -> str | None:
        choice = self.template.choice() if self.template else None
        return None if choice is None else choice.key

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        initial: ProgrammeFields | None,
        templates: list[TemplateChoice] | None,
        save: Callable[[ProgrammeFields, str | None], None],
    ) -> bool:
        """Show the form (with a template choice when `templates` is given) until saved."""
        dialog = cls(parent, title=title, initial=initial, templates=templates)
        dialog.set_save(lambda: save(dialog.values().checked(), dialog.template_key()))
        return dialog.exec() == FormDialog.DialogCode.Accepted


class ModuleDialog(FormDialog):
    """Add a module to a programme or change one's title, length and themes."""

    def __init__(self, parent: QWidget | None, *, title: str, initial: ModuleFields | None) -> None:
        super().__init__(parent, title=title)
        values = initial or ModuleFields(title="")
        self.title_edit = QLineEdit(values.title)
        self.title_edit.setPlaceholderText("For example: Power, politics and decision-making")
        self.days = QSpinBox()
        self.days.setRange(0, MAX_MODULE_DAYS)
        self.days.setSpecialValueText("Not set")  # shown for 0, which means "no length"
        self.days.valueChanged.connect(
            lambda days: self.days.setSuffix(" day" if days == 1 else " days")
        )
        self.days.setValue(values.days or 0)
        self.days.setSuffix(" day" if values.days == 1 else " days")
        self.themes = multiline_edit(
            "\n".join(values.themes), lines=5, placeholder="One theme a line"
        )
        self.add_field("title", "Title:", self.title_edit)
        self.add_field("days", "Length:", self.days)
        self.add_field("themes", "Themes:", self.themes)
        self.title_edit.setFocus()

    def values(self) -> ModuleFields:
        themes = tuple(line for line in self.themes.toPlainText().splitlines() if line.strip())
        return ModuleFields(
            title=self.title_edit.text(), days=self.days.value() or None, themes=themes
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        initial: ModuleFields | None,
        save: Callable[[ModuleFields], None],
    ) -> bool:
        """Show the form; return True once `save` has accepted the values."""
        dialog = cls(parent, title=title, initial=initial)
        dialog.set_save(lambda: save(dialog.values().checked()))
        return dialog.exec() == FormDialog.DialogCode.Accepted


class SaveTemplateDialog(FormDialog):
    """Name a template made from a programme's modules."""

    def __init__(self, parent: QWidget | None, *, suggested_title: str, module_count: int) -> None:
        super().__init__(parent, title="Save as template", ok_text="Save template")
        self.title_edit = QLineEdit(suggested_title)
        self.description = multiline_edit(
            lines=3, placeholder="Who the programme is for and what it sets out to do"
        )
        explanation = _plain_label(
            f"The template keeps this programme's {module_count} modules in order, with their "
            "lengths and themes. Participants, sessions and observations are not included."
        )
        self.form.addRow(explanation)
        self.add_field("title", "Name:", self.title_edit)
        self.add_field("description", "Description:", self.description)
        self.title_edit.selectAll()
        self.title_edit.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        suggested_title: str,
        module_count: int,
        save: Callable[[str, str], None],
    ) -> bool:
        """Ask for a name and description; `save(title, description)` may refuse them."""
        dialog = cls(parent, suggested_title=suggested_title, module_count=module_count)
        dialog.set_save(lambda: save(dialog.title_edit.text(), dialog.description.toPlainText()))
        return dialog.exec() == FormDialog.DialogCode.Accepted


class TemplateChoiceDialog(FormDialog):
    """Choose a template whose modules to add after a programme's own; delete one of yours."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        templates: Sequence[TemplateChoice],
        delete: Callable[[str], None],
    ) -> None:
        super().__init__(parent, title="Add modules from a template", ok_text="Add modules")
        self.setMinimumWidth(560)
        self._delete = delete
        self.picker = TemplatePicker(templates)
        self.form.addRow(
            _plain_label("The template's modules are added after the programme's own.")
        )
        self.add_field("template", "Template:", self.picker)
        # Beside the template it deletes, well away from the button that adds modules.
        self.delete_button = QPushButton("Delete template…")
        self.delete_button.setToolTip(
            "Delete the chosen template of your own; the built-in ones cannot be deleted"
        )
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete_chosen)
        manage = QHBoxLayout()
        manage.addWidget(self.delete_button)
        manage.addStretch(1)
        self.form.addRow("", manage)
        self.picker.combo.currentIndexChanged.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        choice = self.picker.choice()
        self.ok_button.setEnabled(choice is not None)
        self.delete_button.setEnabled(choice is not None and not choice.builtin)

    def chosen_key(self) -> str | None:
        choice = self.picker.choice()
        return None if choice is None else choice.key

    def delete_chosen(self) -> None:
        """Delete the chosen template of the user's own, once they confirm, and list the rest."""
        choice = self.picker.choice()
        if choice is None or choice.builtin:
            return
        if not dialogs.ConfirmDialog.ask(
            self,
            title="Delete template",
            text=f"Delete the template “{choice.title}”? Programmes made from it are not "
            "changed. This cannot be undone.",
            action="Delete template",
        ):
            return
        try:
            self._delete(choice.key)
        except FacilitatorError as error:
            self.show_error(error)
            return
        self.clear_errors()
        self.picker.remove(choice.key)
        self.picker.combo.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        templates: Sequence[TemplateChoice],
        delete: Callable[[str], None],
    ) -> str | None:
        """Return the key of the chosen template, or None if the user cancels.

        `delete(key)` deletes a template the user saved; it raises FacilitatorError to refuse.
        """
        dialog = cls(parent, templates=templates, delete=delete)
        if dialog.exec() != FormDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_key()
