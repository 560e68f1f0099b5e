"""The cohort and organisations: the forms, the programme page's commands and CSV import."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from facilitator.domain.enums import Sector
from facilitator.domain.fields import OrganisationFields, ParticipantFields
from facilitator.domain.roster_import import read_participants_file
from facilitator.services import programmes, roster
from facilitator.ui import dialogs
from facilitator.ui.programme_page import ORGANISATIONS_TAB, ProgrammePage
from facilitator.ui.roster_dialogs import NEW_ORGANISATION, OrganisationDialog, ParticipantDialog
from facilitator.ui.roster_import_dialog import CsvFileDialog, ImportReviewDialog

from .test_programme_page import (
    click_action,
    column,
    double_click,
    open_page,
    sample_id,
    when_modal,
)

DATA = Path(__file__).parents[1] / "data"
GOOD_CSV = DATA / "participants_good.csv"
BAD_CSV = DATA / "participants_bad.csv"


@pytest.fixture
def page(qtbot, store) -> ProgrammePage:
    """Return the page showing the sample programme (16 participants, cap 16)."""
    return open_page(qtbot, store, sample_id(store))


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def participant_dialog(qtbot, store, programme_id: int) -> ParticipantDialog:
    """A real participant form whose save adds to the sample cohort through the service."""
    detail = programmes.programme_detail(store, programme_id)
    dialog = shown(
        qtbot,
        ParticipantDialog(
            None,
            title="Add participant",
            initial=None,
            organisations=detail.organisations,
            add_organisation=lambda fields: roster.add_organisation(store, programme_id, fields),
        ),
    )
    dialog.set_save(lambda: roster.add_participant(store, programme_id, dialog.values().checked()))
    return dialog


def cohort(store, programme_id: int) -> list[str]:
    return [p.name for p in programmes.programme_detail(store, programme_id).participants]


def select_name(page: ProgrammePage, name: str) -> None:
    row = column(page.cohort_tab.table.model, 0).index(name)
    page.cohort_tab.table.view.selectRow(row)
    page.cohort_tab.table.view.setFocus()


# The forms --------------------------------------------------------------------------------


def test_participant_form_refuses_an_empty_name_and_a_duplicate(qtbot, store) -> None:
    """An empty name and a name already in the cohort are shown at the name; nothing is saved."""
    programme_id = sample_id(store)
    dialog = participant_dialog(qtbot, store, programme_id)
    assert dialog.contact.placeholderText() == "Email or phone (optional)"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("name") == "The name cannot be empty."

    qtbot.keyClicks(dialog.name, "helen  MARCHBANK")
    qtbot.keyClicks(dialog.role, "Chief Operating Officer")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert "Helen Marchbank is already in this cohort" in dialog.error_text("name")
    assert dialog.isVisible()
    assert len(cohort(store, programme_id)) == 16


def test_participant_form_saves_every_field(qtbot, store) -> None:
    """Typed details, including multi-line goals, are saved with the chosen organisation."""
    programme_id = sample_id(store)
    dialog = participant_dialog(qtbot, store, programme_id)
    qtbot.keyClicks(dialog.name, "Sam O'Neill")
    qtbot.keyClicks(dialog.role, "Head of Strategy")
    dialog.organisation.setCurrentIndex(dialog.organisation.findText("Estuary Hospice"))
    qtbot.keyClicks(dialog.pseudonym, "Participant Q")
    qtbot.keyClicks(dialog.contact, "sam@example.org")
    qtbot.keyClicks(dialog.goals, "Build trust with the council")
    qtbot.keyClick(dialog.goals, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.goals, "Lead the frailty work")
    qtbot.keyClicks(dialog.notes, "Prefers email")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    detail = programmes.programme_detail(store, programme_id)
    (sam,) = [p for p in detail.participants if p.name == "Sam O'Neill"]
    assert sam.organisation_name == "Estuary Hospice"
    assert (sam.role, sam.pseudonym, sam.contact, sam.notes) == (
        "Head of Strategy",
        "Participant Q",
        "sam@example.org",
        "Prefers email",
    )
    assert sam.goals == "Build trust with the council\nLead the frailty work"


def test_new_organisation_in_the_list_is_added_and_chosen(qtbot, store, monkeypatch) -> None:
    """ "New organisation…" asks for one, adds it and selects it; cancelling restores the list."""
    programme_id = sample_id(store)
    answers = iter([None, OrganisationFields(name="Northshire Hospice", sector=Sector.OTHER)])

    def ask(parent, *, title, initial, save) -> bool:
        fields = next(answers)
        if fields is None:
            return False
        save(fields)
        return True

    monkeypatch.setattr(OrganisationDialog, "ask", ask)
    dialog = participant_dialog(qtbot, store, programme_id)
    combo = dialog.organisation
    assert combo.currentText() == "No organisation"

    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last entry: "New organisation…"
    assert combo.currentText() == "No organisation", "cancelled: back to the old choice"

    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentText() == "Northshire Hospice"
    assert combo.itemText(combo.count() - 1) == NEW_ORGANISATION

    qtbot.keyClicks(dialog.name, "Ada Lovelace")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    detail = programmes.programme_detail(store, programme_id)
    (ada,) = [p for p in detail.participants if p.name == "Ada Lovelace"]
    assert ada.organisation_name == "Northshire Hospice"


def test_organisation_form_refuses_empty_and_taken_names(qtbot, store) -> None:
    """An organisation needs a name not already in the programme; the sector is saved."""
    programme_id = sample_id(store)
    dialog = shown(qtbot, OrganisationDialog(None, title="Add organisation", initial=None))
    dialog.set_save(lambda: roster.add_organisation(store, programme_id, dialog.values().checked()))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_text("name") == "The organisation's name cannot be empty."

    qtbot.keyClicks(dialog.name, "estuary hospice")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "already in this programme" in dialog.error_text("name")

    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Saltmarsh Food Bank")
    dialog.sector.setCurrentIndex(dialog.sector.findData(Sector.VOLUNTARY_COMMUNITY))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    organisations = programmes.programme_detail(store, programme_id).organisations
    (added,) = [o for o in organisations if o.name == "Saltmarsh Food Bank"]
    assert added.sector is Sector.VOLUNTARY_COMMUNITY


# The cohort tab ---------------------------------------------------------------------------


def test_add_participant_with_a_new_organisation(qtbot, page, store, monkeypatch) -> None:
    """A participant added with a new organisation shows, selected, and the cap warns."""

    def ask(parent, *, title, initial, organisations, save, add_organisation) -> bool:
        new_id = add_organisation(OrganisationFields(name="Northshire Hospice"))
        save(ParticipantFields(name="Sam O'Neill", organisation_id=new_id, notes="Keen"))
        return True

    monkeypatch.setattr(ParticipantDialog, "ask", ask)
    click_action(qtbot, page, page.cohort_tab.add_participant_action)

    assert page.tabs.tabText(0) == "Cohort (17)"
    selected = page.cohort_tab.table.selected()
    assert (selected.name, selected.organisation_name) == ("Sam O'Neill", "Northshire Hospice")
    assert "Notes:\nKeen" in page.cohort_tab.table.detail.text()
    assert page.tabs.tabText(ORGANISATIONS_TAB) == "Organisations (11)"
    assert page.cap_banner.isVisible(), "17 is over the cap of 16: warned, not refused"
    assert "1 more than the cohort cap of 16" in page.cap_text.text()


def test_duplicate_refused_in_the_form_opened_from_the_page(qtbot, page, store) -> None:
    """Through the real form: a duplicate name is refused at the field, then cancelled."""
    seen: dict = {}

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ParticipantDialog)
        qtbot.keyClicks(dialog.name, "Helen Marchbank")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error_text("name")
        dialog.reject()

    timer = when_modal(act)
    click_action(qtbot, page, page.cohort_tab.add_participant_action)
    timer.stop()

    assert "already in this cohort" in seen["error"]
    assert len(cohort(store, page.programme.id)) == 16


def test_double_click_edits_and_keeps_the_row_selected(qtbot, page, monkeypatch) -> None:
    """Double-clicking a participant opens the form prefilled; the edited row stays selected."""
    seen: dict = {}

    def ask(parent, *, title, initial, organisations, save, add_organisation) -> bool:
        seen["initial"] = initial
        save(ParticipantFields(name="Zoe Hart", role=initial.role, contact="07700 900123"))
        return True

    monkeypatch.setattr(ParticipantDialog, "ask", ask)
    select_name(page, "Helen Marchbank")
    view = page.cohort_tab.table.view
    rect = view.visualRect(page.cohort_tab.table.model.index(view.currentIndex().row(), 0))
    double_click(qtbot, view, rect.center())

    assert seen["initial"].name == "Helen Marchbank"
    assert seen["initial"].organisation_id is not None
    assert page.cohort_tab.table.selected().name == "Zoe Hart"
    assert page.cohort_tab.table.selected().contact == "07700 900123"
    assert "Zoe Hart" in column(page.cohort_tab.table.model, 0)


def test_delete_key_removes_after_confirmation(qtbot, page, store, monkeypatch) -> None:
    """Delete asks, naming the person and their observations; only "yes" removes them."""
    answers = iter([False, True])
    texts: list[str] = []

    def confirm(parent, *, title, text, action) -> bool:
        texts.append(text)
        return next(answers)

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", confirm)
    select_name(page, "Helen Marchbank")

    qtbot.keyClick(page.cohort_tab.table.view, Qt.Key.Key_Delete)
    assert "Helen Marchbank" in cohort(store, page.programme.id)
    assert "Remove Helen Marchbank from the cohort?" in texts[0]
    assert "Observations about them" in texts[0]

    qtbot.keyClick(page.cohort_tab.table.view, Qt.Key.Key_Delete)
    assert "Helen Marchbank" not in cohort(store, page.programme.id)
    assert page.tabs.tabText(0) == "Cohort (15)"


def test_remove_organisation_says_its_people_stay(qtbot, page, store, monkeypatch) -> None:
    """Removing an organisation says its participants stay, and they do, unaffiliated."""
    texts: list[str] = []
    monkeypatch.setattr(
        dialogs.ConfirmDialog, "ask", lambda parent, *, title, text, action: texts.append(text) or 1
    )
    page.tabs.setCurrentIndex(ORGANISATIONS_TAB)
    table = page.organisations_tab.table
    table.view.selectRow(column(table.model, 0).index("Estuary Hospice"))
    click_action(qtbot, page, page.organisations_tab.remove_organisation_action)

    assert "stay in the cohort without an organisation" in texts[0]
    assert "Estuary Hospice" not in column(table.model, 0)
    people = programmes.programme_detail(store, page.programme.id).participants
    assert len(people) == 16
    assert "Estuary Hospice" not in {p.organisation_name for p in people}


# Importing from CSV -----------------------------------------------------------------------


def test_import_good_file_adds_every_row(qtbot, page, store, monkeypatch) -> None:
    """Import from CSV… reads the file, shows the review and, accepted, adds all its rows."""
    seen: dict = {}

    def review(parent, *, result, cohort_size, cohort_cap, existing_organisations=()) -> bool:
        seen.update(result=result, size=cohort_size, cap=cohort_cap)
        return True

    monkeypatch.setattr(CsvFileDialog, "ask", lambda parent: GOOD_CSV)
    monkeypatch.setattr(ImportReviewDialog, "ask", review)
    click_action(qtbot, page, page.cohort_tab.import_action)

    result = seen["result"]
    assert (seen["size"], seen["cap"]) == (16, 16)
    assert result.participants and not result.problems
    names = cohort(store, page.programme.id)
    assert len(names) == 16 + len(result.participants)
    assert {p.name for p in result.participants} <= set(names)
    assert page.tabs.tabText(0) == f"Cohort ({len(names)})"
    assert page.cap_banner.isVisible()


def test_import_cancelled_in_review_adds_nothing(qtbot, page, store, monkeypatch) -> None:
    """Cancelling the review leaves the cohort as it was."""
    monkeypatch.setattr(CsvFileDialog, "ask", lambda parent: BAD_CSV)
    monkeypatch.setattr(ImportReviewDialog, "ask", lambda *args, **kwargs: False)
    changes: list = []
    page.changes_made.connect(changes.append)
    click_action(qtbot, page, page.cohort_tab.import_action)
    assert len(cohort(store, page.programme.id)) == 16
    assert changes == []


def test_review_lists_bad_rows_and_imports_good_ones(qtbot, page, store, monkeypatch) -> None:
    """The real review lists each bad row by line; Import adds only the good rows."""
    seen: dict = {}

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportReviewDialog)
        seen["problems"] = [(p.line, p.reason) for p in dialog.problem_rows()]
        seen["shown_lines"] = column(dialog.problems, 0)
        seen["ready"] = [p.name for p in dialog.ready_rows()]
        seen["button"] = dialog.import_button.text()
        seen["details"] = dialog.details.text()
        seen["cap"] = dialog.cap_banner.isVisibleTo(dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(CsvFileDialog, "ask", lambda parent: BAD_CSV)
    timer = when_modal(act)
    click_action(qtbot, page, page.cohort_tab.import_action)
    timer.stop()

    expected = read_participants_file(BAD_CSV, existing_names=[])
    assert seen["problems"] == [(p.line, p.reason) for p in expected.problems]
    assert seen["shown_lines"] == [str(p.line) for p in expected.problems]
    assert all(line > 1 for line, _reason in seen["problems"])
    assert seen["button"] == f"Import {len(seen['ready'])} participants"
    assert "UTF-8" in seen["details"]
    assert seen["cap"], "16 + the good rows is over the cap of 16"
    names = cohort(store, page.programme.id)
    assert len(names) == 16 + len(seen["ready"])
    assert set(seen["ready"]) <= set(names)


def test_review_dialog_shows_the_file_as_read(qtbot) -> None:
    """The review names the count, the encoding, the new organisations and any cap warning."""
    result = read_participants_file(BAD_CSV)
    dialog = shown(
        qtbot,
        ImportReviewDialog(
            None, result=result, cohort_size=10, cohort_cap=12, existing_organisations=()
        ),
    )
    ready = len(result.participants)
    assert dialog.summary.text() == f"{ready} participants ready to import"
    assert f"read as {result.encoding}" in dialog.details.text()
    assert "Nothing is saved until you choose Import." in dialog.details.text()
    assert dialog.problems.rowCount() == len(result.problems)
    assert dialog.cap_banner.isVisible() == (10 + ready > 12)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)


def test_review_of_a_file_with_no_good_rows_cannot_import(qtbot) -> None:
    """With nothing to import the Import button is disabled."""
    from facilitator.domain.roster_import import ImportProblem, RosterImport

    result = RosterImport(
        participants=(),
        problems=(ImportProblem(line=2, reason="This row has no name."),),
        encoding="UTF-8",
        columns=("name",),
    )
    dialog = shown(qtbot, ImportReviewDialog(None, result=result, cohort_size=0, cohort_cap=16))
    assert not dialog.import_button.isEnabled()
    assert not dialog.cap_banner.isVisible()
    assert dialog.summary.text() == "No participants can be imported from this file"


def test_unreadable_file_is_explained(qtbot, page, store, tmp_path, monkeypatch) -> None:
    """A file with no names column is refused with the reason, and nothing is imported."""
    bad = tmp_path / "ui_no_names.csv"
    bad.write_text("Colour,Size\nRed,Large\n", encoding="utf-8")
    problems: list = []
    monkeypatch.setattr(CsvFileDialog, "ask", lambda parent: bad)
    monkeypatch.setattr(
        dialogs, "show_problem", lambda parent, *, title, text: problems.append((title, text))
    )
    click_action(qtbot, page, page.cohort_tab.import_action)

    ((title, text),) = problems
    assert title == "The file cannot be imported"
    assert text.startswith("ui_no_names.csv\n\nNo column holds the participants’ names")
    assert len(cohort(store, page.programme.id)) == 16


def test_review_names_only_organisations_that_are_new(qtbot) -> None:
    """Organisations already in the programme (however spaced or cased) are not called new."""
    result = read_participants_file(GOOD_CSV)
    existing = ["northshire  community healthcare NHS trust"]
    dialog = shown(
        qtbot,
        ImportReviewDialog(
            None, result=result, cohort_size=0, cohort_cap=50, existing_organisations=existing
        ),
    )
    text = dialog.details.text()
    assert "Eastbridge Borough Council" in text
    assert "Northshire Community Healthcare NHS Trust" not in text
