"""The programme page: its details, cohort, organisations and modules, and the commands on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.fields import (
    ModuleFields,
    OrganisationFields,
    ParticipantFields,
    ProgrammeFields,
    SessionFields,
)
from facilitator.domain.snapshots import ModuleDetail, Participant, ProgrammeDetail
from facilitator.services import modules, programmes, roster, templates
from facilitator.ui import dialogs
from facilitator.ui.formatting import date_range, plural
from facilitator.ui.icons import icon
from facilitator.ui.navigation import NodeKind
from facilitator.ui.page import Page
from facilitator.ui.programme_dialogs import (
    ModuleDialog,
    ProgrammeDialog,
    SaveTemplateDialog,
    TemplateChoiceDialog,
    amber_banner,
)
from facilitator.ui.roster_dialogs import OrganisationDialog, ParticipantDialog
from facilitator.ui.roster_import_dialog import CsvFileDialog, ImportReviewDialog
from facilitator.ui.session_dialog import SessionDialog
from facilitator.ui.style import BANNER_STYLE
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import (
    TablePane,
    detail_label,
    fit_columns,
    form,
    heading,
    table_view,
    value_label,
    with_detail,
)


def one_line(text: str) -> str:
    """Return text on one line for a table cell; the tooltip keeps its line breaks."""
    return " ".join(text.split())


ORGANISATION_COLUMNS = (
    Column("Organisation", lambda o: o.name),
    Column("Sector", lambda o: o.sector.label),
)
# Notes show in the name's tooltip and, with the goals in full, in the panel below the table.
PARTICIPANT_COLUMNS = (
    Column("Name", lambda p: p.name, tooltip=lambda p: describe_participant(p)),
    Column("Role", lambda p: p.role, max_width=180),
    Column("Organisation", lambda p: p.organisation_name, max_width=200),
    Column("Pseudonym", lambda p: p.pseudonym),
    Column("Contact", lambda p: p.contact, max_width=160),
    Column("Goals", lambda p: one_line(p.goals), tooltip=lambda p: p.goals),
)
NO_PARTICIPANT_SELECTED = "Select a participant to read their goals and notes in full."


def describe_participant(person: Participant) -> str:
    """Return everything known about a participant, for the panel below the cohort."""
    lines = [" · ".join(filter(None, (person.name, person.role, person.organisation_name)))]
    if person.pseudonym:
        lines.append(f"Pseudonym: {person.pseudonym}")
    if person.contact:
        lines.append(f"Contact: {person.contact}")
    return "\n".join(lines) + f"\n\nGoals:\n{person.goals or '–'}\n\nNotes:\n{person.notes or '–'}"


MODULE_COLUMNS = (
    Column("No.", lambda m: str(m.position), right_aligned=True),
    Column("Module", lambda m: m.title, max_width=320),
    Column("Length", lambda m: plural(m.days, "day") if m.days else "–"),
    Column("Themes", lambda m: "; ".join(m.themes), tooltip=lambda m: "\n".join(m.themes)),
    Column("Sessions", lambda m: str(len(m.sessions)), right_aligned=True),
)
COHORT_TAB, ORGANISATIONS_TAB, MODULES_TAB = range(3)
DELETE = QKeySequence.StandardKey.Delete


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """A command on one of the page's toolbars; `slot` names the page method it calls."""

    text: str
    tip: str
    slot: str
    icon: str
    shortcut: QKeySequence.StandardKey | str | None = None
    icon_only: bool = False
    separated: bool = False  # a separator before it on the toolbar


PAGE_ACTIONS = (
    ActionSpec(
        "Edit details…",
        "Change the title, dates, facilitators, cap or notes",
        "edit_details",
        "edit",
    ),
    ActionSpec("New session…", "Plan a session of this programme", "new_session", "new-session"),
    ActionSpec(
        "Delete programme…",
        "Delete this programme with everything in it",
        "delete_programme",
        "delete",
    ),
)
COHORT_ACTIONS = (
    ActionSpec("Add participant…", "Add someone to the cohort", "add_participant", "add", "Ins"),
    ActionSpec("Edit…", "Change the selected participant's details", "edit_participant", "edit"),
    ActionSpec(
        "Remove…",
        "Remove the selected participant from the cohort",
        "remove_participant",
        "delete",
        DELETE,
    ),
    ActionSpec(
        "Import from CSV…",
        "Add participants from a spreadsheet saved as CSV",
        "import_participants",
        "import",
        separated=True,
    ),
)
ORGANISATION_ACTIONS = (
    ActionSpec(
        "Add organisation…", "Add an organisation taking part", "add_organisation", "add", "Ins"
    ),
    ActionSpec(
        "Edit…", "Change the selected organisation's name or sector", "edit_organisation", "edit"
    ),
    ActionSpec(
        "Remove…", "Remove the selected organisation", "remove_organisation", "delete", DELETE
    ),
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


class EditableTable(QWidget):
    """A table of snapshots under its own toolbar; the selected row survives a refresh."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        stretch_column: int,
        empty_text: str,
        describe: Callable[[Any], str] | None = None,
        prompt: str = "",
    ) -> None:
        super().__init__()
        self.model = SnapshotTableModel(columns, self)
        self.view = table_view(self.model, stretch_column=stretch_column)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(18, 18))
        self.keep_id: int | None = None  # the row to select after the next refresh
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        pane = TablePane(self.view, empty_text=empty_text)
        self.detail: QLabel | None = None
        if describe is None:
            layout.addWidget(pane, 1)
            return
        self.detail = detail = detail_label(prompt)
        layout.addWidget(with_detail(pane, detail), 1)

        def selection_did_change() -> None:
            row = self.selected_row()
            detail.setText(describe(self.model.row_snapshot(row)) if row >= 0 else prompt)

        self.view.selectionModel().selectionChanged.connect(selection_did_change)
        self.model.modelReset.connect(selection_did_change)
        self.model.modelReset.connect(lambda: detail.setVisible(self.model.rowCount() > 0))

    def selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected(self) -> Any:
        row = self.selected_row()
        return self.model.row_snapshot(row) if row >= 0 else None

    def set_rows(self, rows: Sequence[Any], *, keep_selection: bool) -> None:
        """Show `rows`, selecting the one asked for or else the one selected before."""
        current = self.selected() if keep_selection else None
        wanted = self.keep_id if self.keep_id is not None else getattr(current, "id", None)
        self.keep_id = None
        self.model.set_rows(rows)
        for row, snapshot in enumerate(rows):
            if snapshot.id == wanted:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
        fit_columns(self.view)


class ProgrammePage(Page):
    """Shows one programme and edits its details, cohort, organisations and modules."""

    remove_sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programme: ProgrammeDetail | None = None
        self._icons: list[tuple[QAction, str]] = []
        self.title = heading()
        self.client_system = value_label()
        self.dates = value_label()
        self.facilitators = value_label()
        self.cohort_cap = value_label()
        self.counts = value_label()
        self.notes = value_label()

        self.sample_banner = QFrame()
        self.sample_banner.setObjectName("sampleBanner")
        self.sample_banner.setStyleSheet(BANNER_STYLE)
        banner_layout = QHBoxLayout(self.sample_banner)
        banner_text = QLabel(
            "This is a fictional sample programme, here to show what the app does. "
            "Remove it when you are ready to start your own."
        )
        banner_text.setWordWrap(True)
        self.remove_sample_button = QPushButton("Remove sample programme…")
        self.remove_sample_button.clicked.connect(self.remove_sample_requested)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.remove_sample_button)
        self.cap_banner, self.cap_text = amber_banner("capBanner")

        page_bar = QToolBar("Programme")
        page_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        page_bar.setIconSize(QSize(18, 18))
        self.edit_action, self.new_session_action, self.delete_action = self._add_actions(
            page_bar, None, PAGE_ACTIONS
        )

        self.cohort = EditableTable(
            PARTICIPANT_COLUMNS,
            stretch_column=5,
            empty_text="No participants in the cohort yet: add them one by one, or import a "
            "spreadsheet saved as CSV.",
            describe=describe_participant,
            prompt=NO_PARTICIPANT_SELECTED,
        )
        (
            self.add_participant_action,
            self.edit_participant_action,
            self.remove_participant_action,
            self.import_action,
        ) = self._add_actions(self.cohort.toolbar, self.cohort.view, COHORT_ACTIONS)
        self.cohort.view.doubleClicked.connect(lambda _index: self.edit_participant())

        self.organisation_table = EditableTable(
            ORGANISATION_COLUMNS, stretch_column=0, empty_text="No organisations yet."
        )
        (
            self.add_organisation_action,
            self.edit_organisation_action,
            self.remove_organisation_action,
        ) = self._add_actions(
            self.organisation_table.toolbar, self.organisation_table.view, ORGANISATION_ACTIONS
        )
        self.organisation_table.view.doubleClicked.connect(lambda _i: self.edit_organisation())

        self.module_table = EditableTable(
            MODULE_COLUMNS,
            stretch_column=3,
            empty_text="No modules yet: add one, or add the modules of a template.",
        )
        (
            self.add_module_action,
            self.edit_module_action,
            self.remove_module_action,
            self.move_up_action,
            self.move_down_action,
            self.from_template_action,
            self.save_template_action,
        ) = self._add_actions(self.module_table.toolbar, self.module_table.view, MODULE_ACTIONS)
        self.module_table.view.doubleClicked.connect(lambda _index: self.edit_module())

        # Older names for the tables, used by the main window's tests and screenshots.
        self.participants, self.participants_view = self.cohort.model, self.cohort.view
        self.organisations = self.organisation_table.model
        self.organisations_view = self.organisation_table.view
        for table in (self.cohort, self.organisation_table, self.module_table):
            table.view.selectionModel().selectionChanged.connect(self._update_enabled)
            table.model.modelReset.connect(self._update_enabled)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.cohort, "Cohort")
        self.tabs.addTab(self.organisation_table, "Organisations")
        self.tabs.addTab(self.module_table, "Modules")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.sample_banner)
        layout.addWidget(self.cap_banner)
        layout.addLayout(
            form(
                self,
                [
                    ("Client system", self.client_system),
                    ("Dates", self.dates),
                    ("Facilitators", self.facilitators),
                    ("Cohort cap", self.cohort_cap),
                    ("In this programme", self.counts),
                    ("Notes", self.notes),
                ],
            )
        )
        layout.addWidget(page_bar)
        layout.addWidget(self.tabs, 1)
        self._update_enabled()

    def _add_actions(
        self, toolbar: QToolBar, view: QWidget | None, specs: Sequence[ActionSpec]
    ) -> list[QAction]:
        """Make each action, put it on `toolbar`; its shortcut works while `view` has focus."""
        made = []
        for spec in specs:
            if spec.separated:
                toolbar.addSeparator()
            action = QAction(spec.text, self)
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
            action.triggered.connect(getattr(self, spec.slot))
            if spec.shortcut is not None:
                keys = QKeySequence(spec.shortcut)
                action.setShortcut(keys)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.setToolTip(f"{spec.tip} ({keys.toString()})")
            if view is not None:
                view.addAction(action)
            if spec.icon_only:
                button = QToolButton()  # arrows speak for themselves: icon only, text as tip
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
                button.setAutoRaise(True)
                toolbar.addWidget(button)
            else:
                toolbar.addAction(action)
            self._icons.append((action, spec.icon))
            made.append(action)
        return made

    def apply_icons(self) -> None:
        for action, name in self._icons:
            action.setIcon(icon(name))

    # Showing -------------------------------------------------------------------------------

    def show_programme(self, programme: ProgrammeDetail) -> None:
        """Fill the page from a snapshot, keeping each table's selected row."""
        same = self.programme is not None and self.programme.id == programme.id
        self.programme = programme
        self.title.setText(programme.title)
        self.client_system.setText(programme.client_system or "–")
        self.dates.setText(date_range(programme.start_date, programme.end_date))
        self.facilitators.setText(programme.facilitators or "–")
        self.cohort_cap.setText(plural(programme.cohort_cap, "participant"))
        self.counts.setText(
            f"{plural(len(programme.modules), 'module')}, "
            f"{plural(programme.session_count, 'session')}, "
            f"{plural(len(programme.participants), 'participant')} from "
            f"{plural(len(programme.organisations), 'organisation')}"
        )
        self.notes.setText(programme.notes or "–")
        self.sample_banner.setVisible(programme.is_sample)
        self.cap_text.setText(
            f"{plural(len(programme.participants), 'participant')}: {programme.over_cap} more "
            f"than the cohort cap of {programme.cohort_cap}. This is allowed; the cap is a guide."
        )
        self.cap_banner.setVisible(programme.over_cap > 0)
        self.cohort.set_rows(programme.participants, keep_selection=same)
        self.organisation_table.set_rows(programme.organisations, keep_selection=same)
        self.module_table.set_rows(self._module_details(programme), keep_selection=same)
        self.tabs.setTabText(COHORT_TAB, f"Cohort ({len(programme.participants)})")
        self.tabs.setTabText(ORGANISATIONS_TAB, f"Organisations ({len(programme.organisations)})")
        self.tabs.setTabText(MODULES_TAB, f"Modules ({len(programme.modules)})")
        self._update_enabled()

    def _module_details(self, programme: ProgrammeDetail) -> list[ModuleDetail]:
        # The programme's snapshot lists modules without their lengths and themes.
        if self.db is None:
            return []
        return [programmes.module_detail(self.db, module.id) for module in programme.modules]

    def _update_enabled(self) -> None:
        shown = self.programme is not None
        for action in (
            self.edit_action,
            self.new_session_action,
            self.delete_action,
            self.add_participant_action,
            self.import_action,
            self.add_organisation_action,
            self.add_module_action,
            self.from_template_action,
        ):
            action.setEnabled(shown)
        for table, actions in (
            (self.cohort, (self.edit_participant_action, self.remove_participant_action)),
            (
                self.organisation_table,
                (self.edit_organisation_action, self.remove_organisation_action),
            ),
            (self.module_table, (self.edit_module_action, self.remove_module_action)),
        ):
            for action in actions:
                action.setEnabled(table.selected_row() >= 0)
        row = self.module_table.selected_row()
        self.move_up_action.setEnabled(row > 0)
        self.move_down_action.setEnabled(0 <= row < self.module_table.model.rowCount() - 1)
        self.save_template_action.setEnabled(shown and self.module_table.model.rowCount() > 0)

    def _announce(self, changes: Changes) -> None:
        """Tell the main window what a dialog's save changed (the dialog showed any error)."""
        if changes.any:
            self.changes_made.emit(changes)

    # The programme -------------------------------------------------------------------------

    def edit_details(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: ProgrammeFields, _template_key: str | None) -> None:
            self._announce(programmes.update_programme(self.db, programme.id, fields))

        ProgrammeDialog.ask(
            self,
            title="Programme details",
            initial=programmes.programme_fields(programme),
            templates=None,
            save=save,
        )

    def delete_programme(self) -> None:
        programme = self.programme
        if programme is None:
            return
        held = ", ".join(
            (
                plural(len(programme.modules), "module"),
                plural(programme.session_count, "session"),
                plural(len(programme.participants), "participant"),
            )
        )
        if dialogs.ConfirmDialog.ask(
            self,
            title="Delete programme",
            text=f"Delete “{programme.title}” with its {held} and every observation made in "
            "its sessions? This cannot be undone.",
            action="Delete programme",
        ):
            self.run(
                lambda: programmes.delete_programme(self.db, programme.id),
                failure="The programme was not deleted",
            )

    def new_session(self) -> None:
        from facilitator.services.sessions import create_session

        programme = self.programme
        if programme is None:
            return
        created: list[int] = []
        SessionDialog.ask(
            self,
            title="New session",
            initial=SessionFields(title=""),
            modules=[(module.id, module.title) for module in programme.modules],
            save=lambda fields: created.append(create_session(self.db, programme.id, fields)),
        )
        if created:
            self.select_requested.emit((NodeKind.SESSION, created[0]))

    # The cohort ----------------------------------------------------------------------------

    def _ask_participant(
        self,
        title: str,
        initial: ParticipantFields | None,
        save: Callable[[ParticipantFields], None],
    ) -> None:
        programme = self.programme
        assert programme is not None

        def add_organisation(fields: OrganisationFields) -> int:
            new_id = roster.add_organisation(self.db, programme.id, fields)
            self._announce(roster.ROSTER)
            return new_id

        ParticipantDialog.ask(
            self,
            title=title,
            initial=initial,
            organisations=programme.organisations,
            save=save,
            add_organisation=add_organisation,
        )

    def add_participant(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: ParticipantFields) -> None:
            self.cohort.keep_id = roster.add_participant(self.db, programme.id, fields)
            self._announce(roster.ROSTER)

        self._ask_participant("Add participant", None, save)

    def edit_participant(self) -> None:
        person = self.cohort.selected()
        if person is None:
            return
        initial = ParticipantFields(
            name=person.name,
            role=person.role,
            organisation_id=person.organisation_id,
            pseudonym=person.pseudonym,
            contact=person.contact,
            goals=person.goals,
            notes=person.notes,
        )
        self._ask_participant(
            "Participant details",
            initial,
            lambda fields: self._announce(roster.update_participant(self.db, person.id, fields)),
        )

    def remove_participant(self) -> None:
        person = self.cohort.selected()
        if person is None or not dialogs.ConfirmDialog.ask(
            self,
            title="Remove participant",
            text=f"Remove {person.name} from the cohort? Observations about them alone are "
            "deleted too, and they come off every session's attendance. This cannot be undone.",
            action="Remove participant",
        ):
            return
        self.run(
            lambda: roster.delete_participant(self.db, person.id),
            failure="The participant was not removed",
        )

    def import_participants(self) -> None:
        from facilitator.domain.roster_import import read_participants_file

        programme = self.programme
        if programme is None:
            return
        path = CsvFileDialog.ask(self)
        if path is None:
            return
        try:
            result = read_participants_file(
                path, existing_names=roster.cohort_names(self.db, programme.id)
            )
        except FacilitatorError as error:
            dialogs.show_problem(
                self, title="The file cannot be imported", text=f"{path.name}\n\n{error}"
            )
            return
        if ImportReviewDialog.ask(
            self,
            result=result,
            cohort_size=len(programme.participants),
            cohort_cap=programme.cohort_cap,
            existing_organisations=[o.name for o in programme.organisations],
        ):
            self.run(
                lambda: roster.import_participants(self.db, programme.id, result.participants),
                failure="Nothing was imported",
            )

    # Organisations -------------------------------------------------------------------------

    def add_organisation(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: OrganisationFields) -> None:
            new_id = roster.add_organisation(self.db, programme.id, fields)
            self.organisation_table.keep_id = new_id
            self._announce(roster.ROSTER)

        OrganisationDialog.ask(self, title="Add organisation", initial=None, save=save)

    def edit_organisation(self) -> None:
        organisation = self.organisation_table.selected()
        if organisation is None:
            return
        OrganisationDialog.ask(
            self,
            title="Organisation details",
            initial=OrganisationFields(name=organisation.name, sector=organisation.sector),
            save=lambda fields: self._announce(
                roster.update_organisation(self.db, organisation.id, fields)
            ),
        )

    def remove_organisation(self) -> None:
        organisation = self.organisation_table.selected()
        if organisation is None or self.programme is None:
            return
        members = sum(
            1 for person in self.programme.participants if person.organisation_id == organisation.id
        )
        stay = (
            f" Its {plural(members, 'participant')} stay in the cohort without an organisation."
            if members
            else ""
        )
        if dialogs.ConfirmDialog.ask(
            self,
            title="Remove organisation",
            text=f"Remove “{organisation.name}” from this programme?{stay} This cannot be undone.",
            action="Remove organisation",
        ):
            self.run(
                lambda: roster.delete_organisation(self.db, organisation.id),
                failure="The organisation was not removed",
            )

    # Modules -------------------------------------------------------------------------------

    def add_module(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: ModuleFields) -> None:
            self.module_table.keep_id = modules.add_module(self.db, programme.id, fields)
            self._announce(modules.MODULES)

        ModuleDialog.ask(self, title="Add module", initial=None, save=save)

    def edit_module(self) -> None:
        module = self.module_table.selected()
        if module is None:
            return
        ModuleDialog.ask(
            self,
            title="Module details",
            initial=modules.module_fields(module),
            save=lambda fields: self._announce(modules.update_module(self.db, module.id, fields)),
        )

    def remove_module(self) -> None:
        module = self.module_table.selected()
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
        module = self.module_table.selected()
        if module is None:
            return
        self.module_table.keep_id = module.id
        self.run(
            lambda: modules.move_module(self.db, module.id, offset=offset),
            failure="The module was not moved",
        )

    def add_modules_from_template(self) -> None:
        programme = self.programme
        if programme is None:
            return
        key = TemplateChoiceDialog.ask(self, templates=templates.list_templates(self.db))
        if key is not None:
            self.run(
                lambda: templates.add_modules_from_template(self.db, programme.id, key),
                failure="No modules were added",
            )

    def save_as_template(self) -> None:
        programme = self.programme
        if programme is None:
            return
        SaveTemplateDialog.ask(
            self,
            suggested_title=programme.title,
            module_count=len(programme.modules),
            save=lambda title, description: self._announce(
                templates.save_as_template(
                    self.db, programme.id, title=title, description=description
                )
            ),
        )
