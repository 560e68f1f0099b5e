"""The programme page's Modules tab: the modules in order, and templates made from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from facilitator.domain.fields import ModuleFields
from facilitator.domain.snapshots import ProgrammeDetail
from facilitator.services import modules, templates
from facilitator.ui import dialogs
from facilitator.ui.editable_table import DELETE, ActionSpec, EditableTable, TableTab
from facilitator.ui.formatting import plural
from facilitator.ui.programme_dialogs import ModuleDialog, SaveTemplateDialog, TemplateChoiceDialog
from facilitator.ui.table_model import Column

MODULE_COLUMNS = (
    Column("No.", lambda m: str(m.position), right_aligned=True),
    Column("Module", lambda m: m.title, max_width=320),
    Column("Length", lambda m: plural(m.days, "day") if m.days else "–"),
    Column("Themes", lambda m: "; ".join(m.themes), tooltip=lambda m: "\n".join(m.themes)),
    Column("Sessions", lambda m: str(len(m.sessions)), right_aligned=True),
)
MODULE_ACTIONS = (
    ActionSpec("Add module…", "Add a module after the last one", "add_module", "add", "Ins"),
    ActionSpec(
        "Edit…", "Change the selected module's title, length or themes", "edit_module", "edit"
    ),
    ActionSpec(
        "Remove…",
        "Remove the selected module; its sessions stay in the programme",
        "remove_module",
        "delete",
        DELETE,
    ),
    ActionSpec(
        "Move up",
        "Move the selected module earlier",
        "move_module_up",
        "move-up",
        "Alt+Up",
        icon_only=True,
    ),
    ActionSpec(
        "Move down",
        "Move the selected module later",
        "move_module_down",
        "move-down",
        "Alt+Down",
        icon_only=True,
    ),
    ActionSpec(
        "Add modules from template…",
        "Add a template's modules after this programme's",
        "add_modules_from_template",
        "template",
        separated=True,
    ),
    ActionSpec(
        "Save as template…",
        "Keep these modules as a template for new programmes",
        "save_as_template",
        "save-template",
    ),
)


def template_saved_text(title: str) -> str:
    return (
        f"Saved “{title}” as a template: choose it under New programme or "
        "Add modules from template."
    )


class ModulesTab(TableTab):
    """The programme's modules: add, edit, remove and reorder them; use and keep templates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            EditableTable(
                MODULE_COLUMNS,
                stretch_column=3,
                empty_text="No modules yet: add one, or add the modules of a template.",
            ),
            parent,
        )
        (
            self.add_module_action,
            self.edit_module_action,
            self.remove_module_action,
            self.move_up_action,
            self.move_down_action,
            self.from_template_action,
            self.save_template_action,
        ) = self.table.add_actions(self, MODULE_ACTIONS)
        self._update_enabled()

    def rows(self, programme: ProgrammeDetail) -> Sequence[Any]:
        return programme.modules

    def edit_selected(self) -> None:
        self.edit_module()

    def _update_enabled(self) -> None:
        shown = self.programme is not None
        count = self.table.model.rowCount()
        row = self.table.selected_row()
        self.add_module_action.setEnabled(shown)
        self.from_template_action.setEnabled(shown)
        self.save_template_action.setEnabled(shown and count > 0)
        self.edit_module_action.setEnabled(row >= 0)
        self.remove_module_action.setEnabled(row >= 0)
        self.move_up_action.setEnabled(row > 0)
        self.move_down_action.setEnabled(0 <= row < count - 1)

    def add_module(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: ModuleFields) -> None:
            self.table.keep_id = modules.add_module(self.db, programme.id, fields)
            self.announce(modules.MODULES)

        ModuleDialog.ask(self, title="Add module", initial=None, save=save)

    def edit_module(self) -> None:
        module = self.table.selected()
        if module is None:
            return
        ModuleDialog.ask(
            self,
            title="Module details",
            initial=modules.module_fields(module),
            save=lambda fields: self.announce(modules.update_module(self.db, module.id, fields)),
        )

    def remove_module(self) -> None:
        module = self.table.selected()
        if module is None:
            return
        sessions = (
            f" Its {plural(len(module.sessions), 'session')} stay in the programme, outside "
            "any module."
            if module.sessions
            else ""
        )
        if dialogs.ConfirmDialog.ask(
            self,
            title="Remove module",
            text=f"Remove module {module.position}, “{module.title}”?{sessions} "
            "This cannot be undone.",
            action="Remove module",
        ):
            self.run(
                lambda: modules.delete_module(self.db, module.id),
                failure="The module was not removed",
            )

    def move_module_up(self) -> None:
        self.move_module(-1)

    def move_module_down(self) -> None:
        self.move_module(1)

    def move_module(self, offset: int) -> None:
        module = self.table.selected()
        if module is None:
            return
        self.table.keep_id = module.id
        self.run(
            lambda: modules.move_module(self.db, module.id, offset=offset),
            failure="The module was not moved",
        )

    def add_modules_from_template(self) -> None:
        programme = self.programme
        if programme is None:
            return
        key = TemplateChoiceDialog.ask(
            self,
            templates=templates.list_templates(self.db),
            delete=lambda key: self.announce(templates.delete_template(self.db, key)),
        )
        if key is not None:
            self.run(
                lambda: templates.add_modules_from_template(self.db, programme.id, key),
                failure="No modules were added",
            )

    def save_as_template(self) -> None:
        programme = self.programme
        if programme is None:
            return
        saved: list[str] = []

        def save(title: str, description: str) -> None:
            self.announce(
                templates.save_as_template(
                    self.db, programme.id, title=title, description=description
                )
            )
            saved.append(title.strip())

        SaveTemplateDialog.ask(
            self, suggested_title=programme.title, module_count=len(programme.modules), save=save
        )
        if saved:
            dialogs.show_information(
                self, title="Template saved", text=template_saved_text(saved[0])
            )
