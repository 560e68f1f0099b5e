"""Forms for the cohort: a participant and an organisation."""

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from facilitator.domain.enums import Sector
from facilitator.domain.fields import OrganisationFields, ParticipantFields
from facilitator.domain.snapshots import Organisation
from facilitator.ui.forms import FormDialog
from facilitator.ui.programme_dialogs import multiline_edit

NO_ORGANISATION = "No organisation"
NEW_ORGANISATION = "New organisation…"
_NEW = -1  # the combo's data for "New organisation…"; real ids are positive


class OrganisationDialog(FormDialog):
    """Add an organisation to a programme or change its name and sector."""

    def __init__(
        self, parent: QWidget | None, *, title: str, initial: OrganisationFields | None
    ) -> None:
        super().__init__(parent, title=title)
        values = initial or OrganisationFields(name="")
        self.name = QLineEdit(values.name)
        self.name.setPlaceholderText("For example: Wealdmoor County Council")
        self.sector = QComboBox()
        for sector in Sector:
            self.sector.addItem(sector.label, sector)
        self.sector.setCurrentIndex(self.sector.findData(values.sector))
        self.add_field("name", "Name:", self.name)
        self.add_field("sector", "Sector:", self.sector)
        self.name.setFocus()

    def values(self) -> OrganisationFields:
        return OrganisationFields(name=self.name.text(), sector=self.sector.currentData())

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        initial: OrganisationFields | None,
        save: Callable[[OrganisationFields], None],
    ) -> bool:
        """Show the form; return True once `save` has accepted the values."""
        dialog = cls(parent, title=title, initial=initial)
        dialog.set_save(lambda: save(dialog.values().checked()))
        return dialog.exec() == FormDialog.DialogCode.Accepted


class ParticipantDialog(FormDialog):
    """Add a participant to the cohort or change their details.

    "New organisation…" in the organisation list asks for one and adds it at once (through
    `add_organisation`, which returns its id), so it stays even if this form is cancelled.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        initial: ParticipantFields | None,
        organisations: Sequence[Organisation],
        add_organisation: Callable[[OrganisationFields], int],
    ) -> None:
        super().__init__(parent, title=title)
        self.setMinimumWidth(520)
        self._add_organisation = add_organisation
        values = initial or ParticipantFields(name="")
        self.name = QLineEdit(values.name)
        self.name.setPlaceholderText("Full name")
        self.role = QLineEdit(values.role)
        self.role.setPlaceholderText("For example: Director of Adult Social Care")
        self.organisation = QComboBox()
        self.organisation.addItem(NO_ORGANISATION, None)
        for organisation in organisations:
            self.organisation.addItem(organisation.name, organisation.id)
        self.organisation.insertSeparator(self.organisation.count())
        self.organisation.addItem(NEW_ORGANISATION, _NEW)
        self.organisation.setCurrentIndex(
            max(0, self.organisation.findData(values.organisation_id))
        )
        self._organisation_index = self.organisation.currentIndex()
        self.organisation.activated.connect(self._organisation_chosen)
        self.pseudonym = QLineEdit(values.pseudonym)
        self.pseudonym.setPlaceholderText("Used in reports instead of the name (optional)")
        self.contact = QLineEdit(values.contact)
        self.contact.setPlaceholderText("Email or phone (optional)")
        self.goals = multiline_edit(
            values.goals,
            lines=3,
            placeholder="From the telephone conversation before the programme",
        )
        self.notes = multiline_edit(values.notes, lines=3, placeholder="Anything else to remember")
        self.add_field("name", "Name:", self.name)
        self.add_field("role", "Role:", self.role)
        self.add_field("organisation", "Organisation:", self.organisation)
        self.add_field("pseudonym", "Pseudonym:", self.pseudonym)
        self.add_field("contact", "Contact:", self.contact)
        self.add_field("goals", "Goals:", self.goals)
        self.add_field("notes", "Notes:", self.notes)
        self.name.setFocus()

    def _organisation_chosen(self, index: int) -> None:
        if self.organisation.itemData(index) != _NEW:
            self._organisation_index = index
            return
        created: list[tuple[int, str]] = []

        def save(fields: OrganisationFields) -> None:
            created.append((self._add_organisation(fields), fields.name))

        OrganisationDialog.ask(self, title="New organisation", initial=None, save=save)
        if not created:
            self.organisation.setCurrentIndex(self._organisation_index)
            return
        new_id, name = created[0]
        self._organisation_index = self.organisation.count() - 2  # before the separator
        self.organisation.insertItem(self._organisation_index, name, new_id)
        self.organisation.setCurrentIndex(self._organisation_index)

    def values(self) -> ParticipantFields:
        return ParticipantFields(
            name=self.name.text(),
            role=self.role.text(),
            organisation_id=self.organisation.currentData(),
            pseudonym=self.pseudonym.text(),
            contact=self.contact.text(),
            goals=self.goals.toPlainText(),
            notes=self.notes.toPlainText(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        initial: ParticipantFields | None,
        organisations: Sequence[Organisation],
        save: Callable[[ParticipantFields], None],
        add_organisation: Callable[[OrganisationFields], int],
    ) -> bool:
        """Show the form; return True once `save` has accepted the values."""
        dialog = cls(
            parent,
            title=title,
            initial=initial,
            organisations=organisations,
            add_organisation=add_organisation,
        )
        dialog.set_save(lambda: save(dialog.values().checked()))
        return dialog.exec() == FormDialog.DialogCode.Accepted
