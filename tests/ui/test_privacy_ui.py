"""Personal-data rights in the app: export a participant's data, erase them, retention."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator.domain.fields import ProgrammeFields
from facilitator.domain.privacy import (
    ERASED,
    ErasurePreview,
    RetentionCandidate,
    RetentionPreview,
)
from facilitator.services import programmes
from facilitator.services.retention import retention_months, set_retention_months
from facilitator.ui import dialogs, privacy_dialogs
from facilitator.ui.background import synchronously
from facilitator.ui.export_files import SavedFileMessage
from facilitator.ui.privacy_dialogs import AccessFileDialog, EraseChoice, EraseDialog
from facilitator.ui.programme_page import ProgrammePage
from facilitator.ui.retention_dialog import RetentionChoice, RetentionDialog, manage_retention

from .test_programme_page import click_action, open_page, sample_id
from .test_roster_ui import cohort, select_name

HELEN = "Helen Marchbank"
PREVIEW = ErasurePreview(
    name=HELEN,
    programme_title="Cohort 2",
    mentions=20,
    records=18,
    captures=17,
    attendance=2,
    backups=3,
)


@pytest.fixture
def page(qtbot, store) -> ProgrammePage:
    return open_page(qtbot, store, sample_id(store))


def test_commands_need_a_selected_participant(qtbot, page) -> None:
    """Export and Erase are on the toolbar and the right-click menu, for a selected person."""
    tab = page.cohort_tab
    assert not tab.export_data_action.isEnabled() and not tab.erase_action.isEnabled()
    select_name(page, HELEN)
    assert tab.export_data_action.isEnabled() and tab.erase_action.isEnabled()
    assert tab.table.view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    menu = [action.text() for action in tab.table.view.actions()]
    assert {"Export their data…", "Erase…"} <= set(menu)


def test_export_writes_their_file(qtbot, page, monkeypatch, tmp_path: Path) -> None:
    """The file chooser's path gets the page; the message says where, and what is in it."""
    target = tmp_path / "Helen.html"
    said: list[dict] = []
    monkeypatch.setattr(AccessFileDialog, "ask", classmethod(lambda cls, _p, **k: target))
    monkeypatch.setattr(
        SavedFileMessage, "ask", classmethod(lambda cls, _p, **k: said.append(k) or None)
    )
    select_name(page, HELEN)
    with synchronously():
        click_action(qtbot, page, page.cohort_tab.export_data_action)
    assert HELEN in target.read_text(encoding="utf-8")
    assert str(target) in said[0]["text"] and "not named" in said[0]["text"]


def test_export_cancelled_writes_nothing(qtbot, page, monkeypatch, tmp_path: Path) -> None:
    """Cancelling the file chooser writes nothing and says nothing."""
    monkeypatch.setattr(AccessFileDialog, "ask", classmethod(lambda cls, _p, **k: None))
    monkeypatch.setattr(SavedFileMessage, "ask", classmethod(lambda cls, *a, **k: pytest.fail()))
    select_name(page, HELEN)
    with synchronously():
        click_action(qtbot, page, page.cohort_tab.export_data_action)
    assert not list(tmp_path.glob("*.html"))


def test_erase_asks_then_erases(qtbot, page, store, monkeypatch) -> None:
    """Cancelled, nothing happens; confirmed, they leave the cohort and a summary says what
    was done."""
    answers = iter([None, EraseChoice(delete_backups=False)])
    previews: list[ErasurePreview] = []
    told: list[str] = []

    def ask(cls, parent, *, preview):
        previews.append(preview)
        return next(answers)

    monkeypatch.setattr(EraseDialog, "ask", classmethod(ask))
    monkeypatch.setattr(dialogs, "show_information", lambda p, *, title, text: told.append(text))
    select_name(page, HELEN)
    click_action(qtbot, page, page.cohort_tab.erase_action)
    assert HELEN in cohort(store, page.programme.id) and told == []
    click_action(qtbot, page, page.cohort_tab.erase_action)
    assert HELEN not in cohort(store, page.programme.id)
    assert page.tabs.tabText(0) == "Cohort (15)"
    assert previews[0].name == HELEN and previews[0].attendance == 2
    assert told[0].startswith(f"{HELEN} has been erased.")
    assert f"replaced with “{ERASED}”" in told[0] and "compacted" in told[0]


def test_erase_dialog_needs_the_name_typed(qtbot) -> None:
    """Erase stays off until the name is typed (any case, any spacing)."""
    dialog = EraseDialog(None, preview=PREVIEW)
    qtbot.addWidget(dialog)
    assert not dialog.erase_button.isEnabled()
    dialog.typed.setText("Helen")
    assert not dialog.erase_button.isEnabled()
    dialog.typed.setText("  helen   MARCHBANK ")
    assert dialog.erase_button.isEnabled()
    assert "3 backups" in dialog.delete_backups.text() and dialog.delete_backups.isEnabled()
    assert "cannot be undone" in privacy_dialogs.erasure_text(PREVIEW)
    assert "already exported or sent" in privacy_dialogs.erasure_text(PREVIEW)


def test_erase_dialog_without_backups(qtbot) -> None:
    """With no backups there is nothing to tick."""
    dialog = EraseDialog(None, preview=ErasurePreview(HELEN, "Cohort 2", 0, 0, 0, 0, 0))
    qtbot.addWidget(dialog)
    assert not dialog.delete_backups.isEnabled()


def candidate(number: int, ended: date) -> RetentionCandidate:
    return RetentionCandidate(number, f"Cohort {number}", "Estuary ICS", ended, False, 12, 6)


def fake_preview(months: int) -> RetentionPreview:
    found = (candidate(1, date(2020, 1, 1)), candidate(2, date(2021, 1, 1)))
    return RetentionPreview(months, date(2025, 1, 1), found[: 2 if months < 24 else 1], 4)


def test_retention_dialog_lists_what_would_go(qtbot) -> None:
    """Off: nothing listed; on: the programmes and old backups, with Delete naming them."""
    dialog = RetentionDialog(None, months=None, preview=fake_preview)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and not dialog.delete_button.isEnabled()
    assert dialog.choice() == RetentionChoice(months=None)
    dialog.enabled.setChecked(True)
    dialog.months.setValue(12)
    assert dialog.model.rowCount() == 2
    assert dialog.delete_button.text() == "Delete 2 programmes…"
    assert "4 backups made before" in dialog.backups.text()
    dialog.months.setValue(36)
    assert dialog.model.rowCount() == 1
    dialog.delete_button.click()
    assert dialog.choice() == RetentionChoice(months=36, delete=True, delete_ids=(1,))


def test_manage_retention_saves_and_deletes_on_confirmation(qtbot, store, monkeypatch) -> None:
    """The period is saved; old programmes go only once confirmed."""
    old, _ = programmes.create_programme(
        store, ProgrammeFields(title="Cohort 2019", end_date=date(2019, 6, 1))
    )
    confirms = iter([False, True])
    told: list[str] = []
    monkeypatch.setattr(
        RetentionDialog,
        "ask",
        classmethod(lambda cls, p, **k: RetentionChoice(12, delete=True, delete_ids=(old,))),
    )
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", lambda p, **k: next(confirms))
    monkeypatch.setattr(dialogs, "show_information", lambda p, *, title, text: told.append(text))

    assert not manage_retention(None, db=store, today=date(2026, 11, 23)).any
    assert retention_months(store) == 12
    assert "Cohort 2019" in [p.title for p in programmes.list_programmes(store)]

    changes = manage_retention(None, db=store, today=date(2026, 11, 23))
    assert changes.programmes
    assert "Cohort 2019" not in [p.title for p in programmes.list_programmes(store)]
    assert told[0].startswith("1 programme deleted.")


def test_manage_retention_cancelled_changes_nothing(qtbot, store, monkeypatch) -> None:
    """Cancel keeps the old period."""
    set_retention_months(store, 6)
    monkeypatch.setattr(RetentionDialog, "ask", classmethod(lambda cls, p, **k: None))
    assert not manage_retention(None, db=store).any
    assert retention_months(store) == 6
