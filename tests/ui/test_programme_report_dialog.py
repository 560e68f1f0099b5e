"""Exporting a programme report from the GUI: names chosen, the PDF written, the user told."""

from pathlib import Path

import pytest

from facilitator.domain.enums import NamesMode
from facilitator.services import programmes
from facilitator.ui import dialogs
from facilitator.ui.background import synchronously
from facilitator.ui.export_files import SavedFileMessage
from facilitator.ui.programme_report_dialog import ProgrammeReportNames, export_programme_report


@pytest.fixture(autouse=True)
def synchronous():
    """Background work runs at once."""
    with synchronously():
        yield


def test_names_default_to_pseudonyms(qtbot) -> None:
    """The safe choice is made for the user: pseudonyms."""
    dialog = ProgrammeReportNames(None, title="Cohort")
    qtbot.addWidget(dialog)
    assert dialog.names() is NamesMode.PSEUDONYM


def test_export_writes_the_pdf_and_says_where(monkeypatch, store, tmp_path: Path) -> None:
    """Choosing names and a path writes the PDF and tells the user it is saved."""
    (programme,) = programmes.list_programmes(store)
    out = tmp_path / "programme.pdf"
    monkeypatch.setattr(
        ProgrammeReportNames, "ask", classmethod(lambda cls, *a, **k: NamesMode.PSEUDONYM)
    )
    monkeypatch.setattr(dialogs, "choose_pdf_path", lambda *a, **k: out)
    told: list[dict] = []
    monkeypatch.setattr(
        SavedFileMessage, "ask", classmethod(lambda cls, _p, **k: told.append(k) or None)
    )
    finished: list[Path | None] = []
    export_programme_report(
        None,
        db=store,
        programme_id=programme.id,
        title=programme.title,
        on_finished=finished.append,
    )
    assert finished == [out]
    assert out.read_bytes().startswith(b"%PDF")
    assert "pseudonyms" in told[0]["text"]


def test_cancelling_writes_nothing(monkeypatch, store, tmp_path: Path) -> None:
    """Cancelling the names choice asks for no path and writes no file."""
    monkeypatch.setattr(ProgrammeReportNames, "ask", classmethod(lambda cls, *a, **k: None))
    monkeypatch.setattr(dialogs, "choose_pdf_path", lambda *a, **k: pytest.fail("asked"))
    finished: list[Path | None] = []
    export_programme_report(None, db=store, programme_id=1, title="x", on_finished=finished.append)
    assert finished == [None]


def test_the_programme_page_offers_the_programme_report(qtbot, store, monkeypatch) -> None:
    """Programme report… on the programme page exports that programme's report."""
    from facilitator.services.programmes import list_programmes, programme_detail
    from facilitator.ui import programme_report_dialog
    from facilitator.ui.programme_page import ProgrammePage

    page = ProgrammePage()
    qtbot.addWidget(page)
    page.attach_store(store)
    (summary,) = list_programmes(store)
    page.show_programme(programme_detail(store, summary.id))
    asked = []
    monkeypatch.setattr(
        programme_report_dialog,
        "export_programme_report",
        lambda parent, *, db, programme_id, title: asked.append((programme_id, title)),
    )
    page.report_action.trigger()
    assert asked == [(summary.id, summary.title)]
