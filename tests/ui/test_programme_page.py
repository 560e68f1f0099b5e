"""The programme page: its details, the new-programme flow, sessions and the cohort cap."""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from facilitator.domain.errors import InvalidInputError, NotFoundError
from facilitator.domain.fields import ParticipantFields, ProgrammeFields
from facilitator.services import programmes, roster
from facilitator.services.templates import list_templates
from facilitator.ui import dialogs
from facilitator.ui.navigation import NodeKind
from facilitator.ui.programme_dialogs import ProgrammeDialog
from facilitator.ui.programme_page import COHORT_TAB, ProgrammePage
from facilitator.ui.session_dialog import SessionDialog

BUILTIN = "builtin:building-collaborative-leadership"


def sample_id(store) -> int:
    (summary,) = programmes.list_programmes(store)
    return summary.id


def open_page(qtbot, store, programme_id: int) -> ProgrammePage:
    """Show a programme page that re-reads its programme after every change, as the app does."""
    page = ProgrammePage()
    qtbot.addWidget(page)
    page.attach_store(store)

    def reshow(_changes: object) -> None:
        with suppress(NotFoundError):  # deleted: the main window would show another page
            page.show_programme(programmes.programme_detail(store, page.programme.id))

    page.changes_made.connect(reshow)
    page.show_programme(programmes.programme_detail(store, programme_id))
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, store) -> ProgrammePage:
    """Return the page showing the sample programme (16 participants, cap 16)."""
    return open_page(qtbot, store, sample_id(store))


def click_action(qtbot, page: QWidget, action) -> None:
    """Click the toolbar button that shows `action`."""
    buttons = [b for b in page.findChildren(QToolButton) if b.defaultAction() is action]
    assert buttons, f"no button for {action.text()}"
    assert buttons[0].isEnabled(), f"{action.text()} is disabled"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


def when_modal(act: Callable[[QWidget], None]) -> QTimer:
    """Answer the next modal dialog with `act` from inside its own event loop."""
    timer = QTimer(interval=10)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            timer.stop()
            act(dialog)

    timer.timeout.connect(check)
    timer.start()
    return timer


def double_click(qtbot, view, pos) -> None:
    """Double-click as a person does: a press first (Qt ignores a lone double-click event)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def column(model, number: int) -> list[str]:
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_page_shows_facilitators_cap_and_three_tabs(page) -> None:
    """Facilitators and the cap are shown; the cohort, organisations and modules have tabs."""
    assert page.facilitators.text().startswith("Facilitator 1")
    assert page.cohort_cap.text() == "16 participants"
    assert [page.tabs.tabText(i) for i in range(3)] == [
        "Cohort (16)",
        "Organisations (10)",
        "Modules (4)",
    ]
    assert not page.cap_banner.isVisible(), "16 of 16 is within the cap"
    assert not page.cohort_tab.edit_participant_action.isEnabled(), "nothing selected yet"


def test_create_programme_from_the_builtin_template(qtbot, store) -> None:
    """The new-programme form with the built-in template makes a programme with its modules."""
    created: list[int] = []

    def save(fields: ProgrammeFields, key: str | None) -> None:
        created.append(programmes.create_programme(store, fields, template_key=key)[0])

    def fill(dialog: ProgrammeDialog) -> None:
        dialog.template.combo.setCurrentIndex(dialog.template.combo.findData(BUILTIN))
        qtbot.keyClicks(dialog.title_edit, "Collaborative leadership: cohort 3")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    timer = when_modal(fill)
    accepted = ProgrammeDialog.ask(
        None, title="New programme", initial=None, templates=list_templates(store), save=save
    )
    timer.stop()

    assert accepted
    page = open_page(qtbot, store, created[0])
    assert page.title.text() == "Collaborative leadership: cohort 3"
    assert page.tabs.tabText(2) == "Modules (4)"
    assert column(page.modules_tab.table.model, 1)[0] == "Defining you and the system"
    assert column(page.modules_tab.table.model, 2) == ["2 days"] * 4
    assert page.tabs.tabText(COHORT_TAB) == "Cohort (0)"


def test_edit_details_saves_and_refreshes_the_page(qtbot, page, monkeypatch) -> None:
    """Edit details… opens the form prefilled; what is saved shows on the page."""
    seen: dict = {}

    def ask(parent, *, title, initial, templates, save) -> bool:
        seen.update(title=title, initial=initial, templates=templates)
        save(
            ProgrammeFields(
                title="Renamed programme",
                facilitators="Sam Patel",
                start_date=date(2027, 1, 11),
                cohort_cap=12,
            ),
            None,
        )
        return True

    monkeypatch.setattr(ProgrammeDialog, "ask", ask)
    click_action(qtbot, page, page.edit_action)

    assert seen["templates"] is None
    assert seen["initial"].title.startswith("Building collaborative leadership")
    assert page.title.text() == "Renamed programme"
    assert page.facilitators.text() == "Sam Patel"
    assert page.dates.text() == "11 Jan 2027 – …"
    assert page.cohort_cap.text() == "12 participants"
    assert page.cap_banner.isVisible()


def test_a_cohort_over_its_cap_shows_a_calm_warning(qtbot, page, store) -> None:
    """A 17th participant is saved, and an amber banner says the cap is only a guide."""
    roster.add_participant(store, page.programme.id, ParticipantFields(name="Sam O'Neill"))
    page.show_programme(programmes.programme_detail(store, page.programme.id))

    assert page.cap_banner.isVisible()
    assert page.cap_text.text() == (
        "17 participants: 1 more than the cohort cap of 16. This is allowed; the cap is a guide."
    )
    assert page.tabs.tabText(COHORT_TAB) == "Cohort (17)"


def test_delete_programme_asks_first(qtbot, page, store, monkeypatch) -> None:
    """Delete programme… names what goes with it; declining keeps it, confirming deletes it."""
    answers = iter([False, True])
    texts: list[str] = []

    def confirm(parent, *, title, text, action) -> bool:
        texts.append(text)
        return next(answers)

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", confirm)
    changes: list = []
    page.changes_made.connect(changes.append)

    click_action(qtbot, page, page.delete_action)
    assert programmes.list_programmes(store)
    assert "4 modules, 2 sessions, 16 participants" in texts[0]

    click_action(qtbot, page, page.delete_action)
    assert programmes.list_programmes(store) == []
    assert changes and changes[-1].programmes


def test_new_session_is_created_and_selected(qtbot, page, store, monkeypatch) -> None:
    """New session… plans a session outside any module and asks to open it."""
    seen: dict = {}

    def ask(parent, *, title, initial, modules, save) -> bool:
        seen.update(initial=initial, modules=modules)
        save(initial.__class__(title="Sponsors' check-in", date=date(2027, 1, 20)))
        return True

    monkeypatch.setattr(SessionDialog, "ask", ask)
    requested: list = []
    page.select_requested.connect(requested.append)

    click_action(qtbot, page, page.new_session_action)

    assert seen["initial"].module_id is None
    assert [title for _id, title in seen["modules"]][2] == "Power, politics and decision-making"
    ((kind, session_id),) = requested
    assert kind is NodeKind.SESSION
    detail = programmes.session_detail(store, session_id)
    assert detail.title == "Sponsors' check-in"
    assert detail.module_id is None
    assert len(detail.attendees) == 16, "the whole cohort is ticked by default"


def test_cancelled_new_session_requests_nothing(qtbot, page, monkeypatch) -> None:
    """Cancelling the session form neither saves nor navigates."""
    monkeypatch.setattr(SessionDialog, "ask", lambda *args, **kwargs: False)
    requested: list = []
    page.select_requested.connect(requested.append)
    click_action(qtbot, page, page.new_session_action)
    assert requested == []
    assert page.programme.session_count == 2


def test_new_session_opens_in_the_main_window(qtbot, store, tmp_path, monkeypatch) -> None:
    """In the app, a session planned from the programme page is selected in the tree."""
    from .test_main_window import open_window

    window = open_window(qtbot, store, tmp_path / "w.ini")
    window.select((NodeKind.PROGRAMME, sample_id(store)))
    monkeypatch.setattr(
        SessionDialog,
        "ask",
        lambda parent, *, title, initial, modules, save: (
            save(initial.__class__(title="Sponsors' check-in")) or True
        ),
    )
    click_action(qtbot, window.programme_page, window.programme_page.new_session_action)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.session_page)

    kind, _session_id = window.selected_key()
    assert kind is NodeKind.SESSION
    assert window.session_page.title.text() == "Sponsors' check-in"


def test_principles_are_typed_in_the_details_form_and_shown_on_the_page(qtbot, page, store) -> None:
    """The group's principles, one per line in Edit details…, are kept with the programme
    (blank lines and spacing tidied) and listed on its page: the sample starts with five."""
    assert page.principles.text().splitlines()[0].startswith("No surprises")

    def fill(dialog: ProgrammeDialog) -> None:
        dialog.principles.selectAll()
        qtbot.keyClicks(dialog.principles, "Listen first")
        qtbot.keyClick(dialog.principles, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.principles, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.principles, "  Challenge   ideas, not people ")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    timer = when_modal(fill)
    click_action(qtbot, page, page.edit_action)
    timer.stop()

    detail = programmes.programme_detail(store, page.programme.id)
    assert detail.working_principles == ("Listen first", "Challenge ideas, not people")
    assert page.principles.text() == "Listen first\nChallenge ideas, not people"


def test_more_principles_than_the_room_can_show_are_refused(store) -> None:
    programme_id = programmes.list_programmes(store)[0].id
    fields = programmes.programme_fields(programmes.programme_detail(store, programme_id))
    too_many = "\n".join(f"Principle number {n}" for n in range(21))
    with pytest.raises(InvalidInputError, match="At most 20 principles"):
        programmes.update_programme(
            store, programme_id, replace(fields, working_principles=too_many)
        )
