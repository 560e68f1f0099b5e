"""The programme page's Cohort and Organisations tabs: who takes part, and the commands on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.fields import OrganisationFields, ParticipantFields
from facilitator.domain.snapshots import Participant, ProgrammeDetail
from facilitator.services import roster
from facilitator.ui import dialogs, privacy_dialogs
from facilitator.ui.editable_table import DELETE, ActionSpec, EditableTable, TableTab
from facilitator.ui.formatting import plural
from facilitator.ui.roster_dialogs import OrganisationDialog, ParticipantDialog
from facilitator.ui.roster_import_dialog import CsvFileDialog, ImportReviewDialog
from facilitator.ui.table_model import Column


def one_line(text: str) -> str:
    """Return text on one line for a table cell; the tooltip keeps its line breaks."""
    return " ".join(text.split())


def describe_participant(person: Participant) -> str:
    """Return everything known about a participant, for the panel below the cohort."""
    lines = [" · ".join(filter(None, (person.name, person.role, person.organisation_name)))]
    if person.pseudonym:
        lines.append(f"Pseudonym: {person.pseudonym}")
    if person.contact:
        lines.append(f"Contact: {person.contact}")
    return "\n".join(lines) + f"\n\nGoals:\n{person.goals or '–'}\n\nNotes:\n{person.notes or '–'}"


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
ORGANISATION_COLUMNS = (
    Column("Organisation", lambda o: o.name),
    Column("Sector", lambda o: o.sector.label),
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
    ActionSpec(
        "Export their data…",
        "Save everything held about the selected participant, for an access request",
        "export_participant_data",
        "export-personal-data",
        separated=True,
    ),
    ActionSpec(
        "Erase…",
        "Erase the selected participant: their name out of every record, for good",
        "erase_participant",
        "erase",
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


class CohortTab(TableTab):
    """The programme's participants: add, edit, remove or import them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            EditableTable(
                PARTICIPANT_COLUMNS,
                stretch_column=5,
                empty_text="No participants in the cohort yet: add them one by one, or import a "
                "spreadsheet saved as CSV.",
                describe=describe_participant,
                prompt=NO_PARTICIPANT_SELECTED,
            ),
            parent,
        )
        (
            self.add_participant_action,
            self.edit_participant_action,
            self.remove_participant_action,
            self.import_action,
            self.export_data_action,
            self.erase_action,
        ) = self.table.add_actions(self, COHORT_ACTIONS)
        # The same commands on the table's context menu (right-click on a participant).
        self.table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._update_enabled()

    def rows(self, programme: ProgrammeDetail) -> Sequence[Any]:
        return programme.participants

    def edit_selected(self) -> None:
        self.edit_participant()

    def _update_enabled(self) -> None:
        for action in (self.add_participant_action, self.import_action):
            action.setEnabled(self.programme is not None)
        for action in (
            self.edit_participant_action,
            self.remove_participant_action,
            self.export_data_action,
            self.erase_action,
        ):
            action.setEnabled(self.table.selected_row() >= 0)

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
            self.announce(roster.ROSTER)
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
            self.table.keep_id = roster.add_participant(self.db, programme.id, fields)
            self.announce(roster.ROSTER)

        self._ask_participant("Add participant", None, save)

    def edit_participant(self) -> None:
        person = self.table.selected()
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
            lambda fields: self.announce(roster.update_participant(self.db, person.id, fields)),
        )

    def remove_participant(self) -> None:
        person = self.table.selected()
        if person is None or not dialogs.ConfirmDialog.ask(
            self,
            title="Remove participant",
            text=f"Remove {person.name} from the cohort? Observations about them alone are "
            "deleted too, and they come off every session's attendance. This cannot be undone."
            "\n\nTheir name stays in notes and write-ups that mention them: to take it out "
            "of those too, for an erasure request, choose Erase… instead.",
            action="Remove participant",
        ):
            return
        self.run(
            lambda: roster.delete_participant(self.db, person.id),
            failure="The participant was not removed",
        )

    def export_participant_data(self) -> None:
        person = self.table.selected()
        if person is not None:
            privacy_dialogs.export_access_file(
                self, db=self.db, participant_id=person.id, name=person.name
            )

    def erase_participant(self) -> None:
        from facilitator.services.erasure import ERASURE_CHANGES

        person = self.table.selected()
        if person is not None:
            privacy_dialogs.erase_participant(
                self,
                db=self.db,
                participant_id=person.id,
                on_erased=lambda: self.announce(ERASURE_CHANGES),
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


class OrganisationsTab(TableTab):
    """The organisations taking part in the programme: add, edit or remove them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            EditableTable(
                ORGANISATION_COLUMNS, stretch_column=0, empty_text="No organisations yet."
            ),
            parent,
        )
        (
            self.add_organisation_action,
            self.edit_organisation_action,
            self.remove_organisation_action,
        ) = self.table.add_actions(self, ORGANISATION_ACTIONS)
        self._update_enabled()

    def rows(self, programme: ProgrammeDetail) -> Sequence[Any]:
        return programme.organisations

    def edit_selected(self) -> None:
        self.edit_organisation()

    def _update_enabled(self) -> None:
        self.add_organisation_action.setEnabled(self.programme is not None)
        for action in (self.edit_organisation_action, self.remove_organisation_action):
            action.setEnabled(self.table.selected_row() >= 0)

    def add_organisation(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: OrganisationFields) -> None:
            self.table.keep_id = roster.add_organisation(self.db, programme.id, fields)
            self.announce(roster.ROSTER)

        OrganisationDialog.ask(self, title="Add organisation", initial=None, save=save)

    def edit_organisation(self) -> None:
        organisation = self.table.selected()
        if organisation is None:
            return
        OrganisationDialog.ask(
            self,
            title="Organisation details",
            initial=OrganisationFields(name=organisation.name, sector=organisation.sector),
            save=lambda fields: self.announce(
                roster.update_organisation(self.db, organisation.id, fields)
            ),
        )

    def remove_organisation(self) -> None:
        organisation = self.table.selected()
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
            text=f"Remove “{organisation.name}” from this programme?{stay} Observations about "
            "the organisation alone are deleted too. This cannot be undone.",
            action="Remove organisation",
        ):
            self.run(
                lambda: roster.delete_organisation(self.db, organisation.id),
                failure="The organisation was not removed",
            )
