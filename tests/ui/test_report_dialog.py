"""Exporting a session: the report dialog's names check, the PDF written in the background,
failures explained without losing anything, and the captures as CSV."""

import csv
import errno
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from facilitator.domain.enums import NamesMode
from facilitator.domain.errors import DiskFullError
from facilitator.domain.snapshots import SessionSummary
from facilitator.services import programmes, session_report
from facilitator.services.writeup import save_narrative_section
from facilitator.storage.database import Database
from facilitator.ui import dialogs, export_files, report_dialog
from facilitator.ui.background import set_synchronous, synchronously
from facilitator.ui.export_files import (
    NOTHING_LOST,
    OPEN_FILE,
    OPEN_FOLDER,
    SavedFileMessage,
    export_captures_csv,
    failure_text,
    file_name,
)
from facilitator.ui.name_check import LEFTOVERS_TITLE, NAMES_REAL
from facilitator.ui.report_dialog import ReportDialog, SavedReport, export_report

from .test_dialogs import answer_when_shown, button


@pytest.fixture(autouse=True)
def synchronous():
    """Background work runs at once, so a click's whole effect is visible when it returns."""
    with synchronously():
        yield


def day_one(db: Database) -> SessionSummary:
    (programme,) = programmes.list_programmes(db)
    return programme.modules[2].sessions[0]


@pytest.fixture
def dialog(qtbot, store: Database) -> ReportDialog:
    session = day_one(store)
    shown = ReportDialog(None, db=store, session_id=session.id, session_title=session.title)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


class Problems:
    """Stands in for the message box that reports a problem."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str]] = []
        monkeypatch.setattr(dialogs, "show_problem", self._show)

    def _show(self, _parent: object, *, title: str, text: str) -> None:
        self.shown.append((title, text))


@pytest.fixture
def problems(monkeypatch: pytest.MonkeyPatch) -> Problems:
    return Problems(monkeypatch)


def choose_path(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[Path]:
    """Answer the PDF file chooser with `path`; return the paths it suggested."""
    suggestions: list[Path] = []

    def choose(_parent: object, *, title: str, suggested: Path) -> Path | None:
        suggestions.append(suggested)
        return path

    monkeypatch.setattr(dialogs, "choose_pdf_path", choose)
    return suggestions


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


# The names check ------------------------------------------------------------------------------


def test_pseudonyms_are_the_default_and_the_check_shows_at_once(dialog: ReportDialog) -> None:
    """The dialog opens on pseudonyms with every replacement counted."""
    assert dialog.names() is NamesMode.PSEUDONYM
    rows = dialog.check_view.replacement_rows()
    assert ("HM", "Participant A", 19) in rows
    total = sum(count for _found, _by, count in rows)
    assert dialog.check_view.summary.text() == f"Replaced {total} mentions of {len(rows)} names."
    assert dialog.check_view.replacements_view.isVisible()
    assert not dialog.check_view.real_frame.isVisible()


def test_real_names_empty_the_table_and_say_so(qtbot, dialog: ReportDialog) -> None:
    """Choosing real names shows the note that the report names participants."""
    click(qtbot, dialog.radios[NamesMode.REAL])
    assert dialog.names() is NamesMode.REAL
    assert dialog.check_view.replacement_rows() == []
    assert dialog.check_view.real_frame.isVisible()
    assert dialog.check_view.real_note.text() == NAMES_REAL
    assert not dialog.check_view.replacements_view.isVisible()
    click(qtbot, dialog.radios[NamesMode.ORGANISATION])
    assert ("HM", "a participant", 19) in dialog.check_view.replacement_rows()
    assert not dialog.check_view.real_frame.isVisible()


def test_what_still_looks_like_a_name_is_highlighted(qtbot, store: Database) -> None:
    """A name the cohort list does not know is listed to check, with where it appears."""
    session = day_one(store)
    save_narrative_section(
        store,
        session.id,
        "recommendations",
        "Ask Dr Patel to join day two.",
        moment=datetime.now(UTC),
    )
    shown = ReportDialog(None, db=store, session_id=session.id, session_title=session.title)
    qtbot.addWidget(shown)
    shown.show()
    view = shown.check_view
    assert view.leftovers_frame.isVisible()
    assert view.leftovers_title.text() == f"{LEFTOVERS_TITLE} (1)"
    leftover = view.leftovers.row_snapshot(0)
    assert leftover.text == "Dr Patel"
    assert "join day two" in view.leftovers.index(0, 2).data()


def test_a_session_with_nothing_to_replace_says_so(qtbot, store: Database) -> None:
    (programme,) = programmes.list_programmes(store)
    day_two = programme.modules[2].sessions[1]
    shown = ReportDialog(None, db=store, session_id=day_two.id, session_title=day_two.title)
    qtbot.addWidget(shown)
    shown.show()
    assert shown.check_view.summary.text() == "No participant's name appears in the report's text."
    assert not shown.check_view.leftovers_frame.isVisible()


# Saving the PDF -------------------------------------------------------------------------------


def test_save_writes_the_report(
    qtbot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save PDF… asks where, suggesting Documents/<title> report.pdf, and writes the report."""
    from pypdf import PdfReader

    target = tmp_path / "Day one report.pdf"
    suggested = choose_path(monkeypatch, target)
    click(qtbot, dialog.save_button)
    assert suggested[0].name == "Day one report.pdf"
    assert suggested[0].parent == export_files.documents_folder()
    assert dialog.saved == SavedReport(
        path=target, names=NamesMode.PSEUDONYM, check=dialog.saved.check
    )
    assert dialog.result() == ReportDialog.DialogCode.Accepted
    assert target.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(target).pages[:4])
    assert "Participant A" in text
    assert QGuiApplication.overrideCursor() is None


def test_cancelling_the_file_chooser_keeps_the_dialog(
    qtbot, dialog: ReportDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_path(monkeypatch, None)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.saved is None


def test_an_unwritable_folder_is_explained_and_nothing_lost(
    qtbot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problems
) -> None:
    """A folder that is not there: a plain message, and the dialog stays with its choices."""
    click(qtbot, dialog.radios[NamesMode.ORGANISATION])
    target = tmp_path / "unplugged drive" / "report.pdf"
    choose_path(monkeypatch, target)
    click(qtbot, dialog.save_button)
    ((title, text),) = problems.shown
    assert title == "The report was not saved"
    assert "does not exist" in text and str(target.parent) in text
    assert text.endswith(NOTHING_LOST)
    assert dialog.isVisible() and dialog.saved is None
    assert not dialog.busy and dialog.save_button.isEnabled()
    assert dialog.names() is NamesMode.ORGANISATION
    assert not target.parent.exists()
    assert QGuiApplication.overrideCursor() is None


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "You cannot save files in"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        (DiskFullError("There is no space left on the disk that holds /x."), "no space left"),
        (OSError(errno.EIO, "Input/output error"), "could not write the file: Input/output"),
    ],
)
def test_write_failures_are_said_plainly(
    qtbot,
    dialog: ReportDialog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    problems,
    error: Exception,
    expected: str,
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(session_report, "write_session_report_file", refuse)
    choose_path(monkeypatch, tmp_path / "report.pdf")
    click(qtbot, dialog.save_button)
    ((_title, text),) = problems.shown
    assert expected in text
    assert NOTHING_LOST in text
    assert dialog.isVisible() and not dialog.busy


def test_a_bug_while_writing_is_not_dressed_up_as_a_problem(
    qtbot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problems
) -> None:
    """An unexpected error goes to the app's error handler (here: raised), not a message."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(session_report, "write_session_report_file", broken)
    choose_path(monkeypatch, tmp_path / "report.pdf")
    with pytest.raises(ValueError, match="a bug"):
        dialog.save()
    assert problems.shown == []
    assert not dialog.busy
    assert QGuiApplication.overrideCursor() is None


def test_the_dialog_shows_it_is_busy_while_writing(
    qtbot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the PDF is written the choices and buttons wait, and Escape does not close it."""
    pending: list[dict] = []
    monkeypatch.setattr(
        report_dialog, "run_in_background", lambda fn, **callbacks: pending.append(callbacks)
    )
    choose_path(monkeypatch, tmp_path / "report.pdf")
    click(qtbot, dialog.save_button)
    assert dialog.busy and dialog.busy_row.isVisible()
    assert not dialog.save_button.isEnabled()
    assert not any(radio.isEnabled() for radio in dialog.radios.values())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    check = session_report.check_names(dialog.db, dialog.session_id, names=NamesMode.PSEUDONYM)
    pending[0]["on_done"](check)
    assert not dialog.isVisible() and dialog.saved is not None
    assert QGuiApplication.overrideCursor() is None


def test_export_report_says_where_the_report_went(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After saving, the message names the path and can open the folder."""
    session = day_one(store)
    path = tmp_path / "Day one report.pdf"
    check = session_report.ReportCheck(names=NamesMode.REAL, replacements=(), leftovers=())
    saved = SavedReport(path, NamesMode.REAL, check)
    monkeypatch.setattr(ReportDialog, "ask", classmethod(lambda cls, *a, **k: saved))
    said: list[dict] = []
    monkeypatch.setattr(
        SavedFileMessage, "ask", classmethod(lambda cls, _p, **k: said.append(k) or OPEN_FOLDER)
    )
    opened: list[Path] = []
    monkeypatch.setattr(export_files, "open_folder", opened.append)
    assert export_report(None, db=store, session_id=session.id, session_title="Day one") == path
    assert str(path) in said[0]["text"]
    assert "names participants" in said[0]["text"]
    assert said[0]["open_text"] == "Open report"
    assert opened == [tmp_path]


def test_cancelled_export_report_says_nothing(store: Database, monkeypatch) -> None:
    monkeypatch.setattr(ReportDialog, "ask", classmethod(lambda cls, *a, **k: None))
    monkeypatch.setattr(SavedFileMessage, "ask", classmethod(lambda cls, *a, **k: pytest.fail()))
    assert export_report(None, db=store, session_id=1, session_title="Day one") is None


def test_the_saved_message_offers_the_file_and_its_folder(qtbot, tmp_path: Path) -> None:
    """Real clicks on the message: 'Open report' opens the file, and the text is plain."""
    seen = answer_when_shown(
        qtbot, lambda box: qtbot.mouseClick(button(box, "Open report"), Qt.MouseButton.LeftButton)
    )
    answer = SavedFileMessage.ask(
        None, title="Report saved", text="Saved <b>here</b>", open_text="Open report"
    )
    seen.pop("poll").stop()
    assert answer == OPEN_FILE
    assert seen["format"] == Qt.TextFormat.PlainText
    assert set(seen["buttons"]) == {"Open report", "Open folder", "Close"}
    assert seen["icon"] == QMessageBox.Icon.Information


# File names and messages ----------------------------------------------------------------------


def test_file_names_lose_characters_file_systems_refuse() -> None:
    assert file_name('Day one: "power" / politics?') == "Day one- -power- - politics-"
    assert file_name("...") == "export"
    assert file_name(" Review.  ") == "Review"
    assert len(file_name("x" * 400)) <= 150


def test_a_missing_folder_reads_plainly(tmp_path: Path) -> None:
    text = failure_text(FileNotFoundError(errno.ENOENT, "No such file"), tmp_path / "a" / "b.pdf")
    assert "does not exist" in text and "No such file" not in text


# The captures as CSV --------------------------------------------------------------------------


def test_csv_export_writes_every_capture(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV holds a heading row and one row per capture; the message gives the count."""
    session = day_one(store)
    target = tmp_path / "captures.csv"
    suggestions: list[Path] = []

    def choose(_parent: object, *, title: str, suggested: Path) -> Path:
        suggestions.append(suggested)
        return target

    monkeypatch.setattr(export_files, "choose_csv_path", choose)
    said: list[dict] = []
    monkeypatch.setattr(
        SavedFileMessage, "ask", classmethod(lambda cls, _p, **k: said.append(k) or None)
    )
    finished: list[Path | None] = []
    export_captures_csv(
        None,
        db=store,
        session_id=session.id,
        session_title=session.title,
        on_finished=finished.append,
    )
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 83
    assert rows[0][0] == "Number"
    assert suggestions[0].name == "Day one captures.csv"
    assert said[0]["text"].startswith("Saved 83 captures to:")
    assert finished == [target]
    assert QGuiApplication.overrideCursor() is None


def test_csv_export_to_a_missing_folder_is_explained(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problems
) -> None:
    target = tmp_path / "gone" / "captures.csv"
    monkeypatch.setattr(export_files, "choose_csv_path", lambda *_a, **_k: target)
    finished: list[Path | None] = []
    export_captures_csv(
        None,
        db=store,
        session_id=day_one(store).id,
        session_title="Day one",
        on_finished=finished.append,
    )
    ((title, text),) = problems.shown
    assert title == "The captures were not saved"
    assert "does not exist" in text
    assert finished == [None]
    assert QGuiApplication.overrideCursor() is None


def test_the_report_is_written_on_a_worker_thread(
    qtbot, dialog: ReportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With real threads the dialog stays responsive and hears back once the file is whole."""
    target = tmp_path / "threaded.pdf"
    choose_path(monkeypatch, target)
    before = set_synchronous(False)
    try:
        click(qtbot, dialog.save_button)
        assert dialog.busy  # the click returned while the worker writes
        qtbot.waitUntil(lambda: dialog.saved is not None, timeout=30_000)
    finally:
        set_synchronous(before)
    assert target.read_bytes().startswith(b"%PDF")
    assert not dialog.busy
    assert QGuiApplication.overrideCursor() is None
