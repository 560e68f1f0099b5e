"""Exchange bundles from the interface: export to a chosen file, preview an import, confirm,
and plain messages when something is refused."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from facilitator.services.exchange_export import export_programme
from facilitator.services.programmes import list_programmes, remove_sample_programmes
from facilitator.storage.database import Database
from facilitator.ui import dialogs, exchange_dialogs
from facilitator.ui.background import set_synchronous, synchronously
from facilitator.ui.exchange_dialogs import (
    BundleFileDialog,
    ImportPreviewDialog,
    export_programme_bundle,
    export_session_bundle,
    import_bundle,
)
from facilitator.ui.export_files import SavedFileMessage
from tests.exchange import bundle_document, copy_store, dump

from .test_dialogs import answer_when_shown, button


@pytest.fixture(autouse=True)
def run_synchronously(qapp: object) -> Iterator[None]:
    """Background work runs at once, in a running application (cursors need one)."""
    with synchronously():
        yield


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record (title, text) of each message instead of showing it."""
    shown: list[tuple[str, str]] = []

    def record(_parent: object, *, title: str, text: str, **_more: object) -> None:
        shown.append((title, text))

    monkeypatch.setattr(dialogs, "show_problem", record)
    monkeypatch.setattr(dialogs, "show_information", record)
    monkeypatch.setattr(SavedFileMessage, "ask", classmethod(lambda cls, p, **k: record(p, **k)))
    return shown


@pytest.fixture
def other(template_data_dir: Path, tmp_path: Path) -> Iterator[Database]:
    db = copy_store(template_data_dir, tmp_path / "other")
    remove_sample_programmes(db)
    yield db
    db.close()


@pytest.fixture
def bundle(store: Database, tmp_path: Path) -> Path:
    path = tmp_path / "cohort.facilitator"
    export_programme(store, list_programmes(store)[0].id, path)
    return path


@pytest.fixture
def day_one_id(store: Database) -> int:
    return list_programmes(store)[0].modules[2].sessions[0].id


def choose_open(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    monkeypatch.setattr(BundleFileDialog, "ask_open", classmethod(lambda cls, parent: path))


def test_export_a_session_to_the_chosen_file(
    store: Database, day_one_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said
) -> None:
    """The suggested name is the session's title; the message says what was saved."""
    target = tmp_path / "for Bob.facilitator"
    suggested: list[Path] = []

    def ask_save(cls, _parent: object, *, title: str, suggested: Path) -> Path:
        suggestions.append(suggested)
        return target

    suggestions = suggested
    monkeypatch.setattr(BundleFileDialog, "ask_save", classmethod(ask_save))
    export_session_bundle(None, db=store, session_id=day_one_id, title="Day one")
    assert suggestions[0].name == "Day one.facilitator"
    assert bundle_document(target)["contents"]["title"] == "Day one"
    ((title, text),) = said
    assert title == "Bundle saved"
    assert text.startswith("Saved “Day one” with 1 session and 83 captures to:")
    assert QGuiApplication.overrideCursor() is None


def test_export_to_a_missing_folder_is_explained(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said
) -> None:
    """A folder that is not there: a plain message, and no stray file."""
    target = tmp_path / "gone" / "x.facilitator"
    monkeypatch.setattr(BundleFileDialog, "ask_save", classmethod(lambda cls, p, **k: target))
    programme = list_programmes(store)[0]
    export_programme_bundle(None, db=store, programme_id=programme.id, title=programme.title)
    ((title, text),) = said
    assert title == "The bundle was not saved" and "does not exist" in text
    assert QGuiApplication.overrideCursor() is None


def test_cancelling_the_file_chooser_does_nothing(
    store: Database, day_one_id: int, monkeypatch: pytest.MonkeyPatch, said
) -> None:
    monkeypatch.setattr(BundleFileDialog, "ask_save", classmethod(lambda cls, p, **k: None))
    export_session_bundle(None, db=store, session_id=day_one_id, title="Day one")
    choose_open(monkeypatch, None)
    assert import_bundle(None, db=store) is None
    assert said == []


def test_import_shows_what_it_will_change_then_imports(
    other: Database, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview names the bundle and its counts; after confirming, the changes come back."""
    choose_open(monkeypatch, bundle)
    previews = []
    monkeypatch.setattr(
        ImportPreviewDialog,
        "ask",
        classmethod(lambda cls, p, *, summary: previews.append(summary) or True),
    )
    changes = import_bundle(None, db=other)
    assert changes is not None and changes.programmes and changes.observations
    (summary,) = previews
    text = exchange_dialogs.preview_text(summary)
    assert text.startswith("“Building collaborative leadership")
    assert "is a programme bundle made on" in text and "Adds 1 programme" in text
    assert "Captures: 83 added, 0 updated, 0 unchanged" in exchange_dialogs.count_lines(summary)
    assert [p.title for p in list_programmes(other)] == [summary.title]


def test_declining_the_preview_changes_nothing(
    other: Database, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_open(monkeypatch, bundle)
    monkeypatch.setattr(ImportPreviewDialog, "ask", classmethod(lambda cls, p, **k: False))
    before = dump(other)
    assert import_bundle(None, db=other) is None
    assert dump(other) == before


def test_a_bundle_with_nothing_new_says_so(
    store: Database, bundle: Path, monkeypatch: pytest.MonkeyPatch, said
) -> None:
    """Nothing to import: an information message, no question."""
    choose_open(monkeypatch, bundle)
    assert import_bundle(None, db=store) is None
    ((title, text),) = said
    assert title == "Import a bundle" and "Nothing to change" in text


def test_a_refused_bundle_is_explained_and_nothing_changes(
    other: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said
) -> None:
    path = tmp_path / "notes.facilitator"
    path.write_text("not a bundle", encoding="utf-8")
    choose_open(monkeypatch, path)
    before = dump(other)
    assert import_bundle(None, db=other) is None
    ((title, text),) = said
    assert title == "The bundle was not imported"
    assert text == (
        "“notes.facilitator” is not a Facilitator bundle, or it is damaged.\n\nNothing was changed."
    )
    assert dump(other) == before


def test_the_preview_dialog_offers_import_and_cancel(qtbot, other: Database, bundle: Path) -> None:
    """The real dialog: plain text, Import as the default, and it answers True for Import."""
    from facilitator.services.exchange_import import preview_import

    summary = preview_import(other, bundle)
    seen = answer_when_shown(
        qtbot, lambda box: qtbot.mouseClick(button(box, "Import"), Qt.MouseButton.LeftButton)
    )
    assert ImportPreviewDialog.ask(None, summary=summary) is True
    seen.pop("poll").stop()
    assert seen["buttons"][:2] == ["Import", "Cancel"] and seen["default"] == "Import"
    assert seen["format"] == Qt.TextFormat.PlainText
    assert "Adds 1 programme" in seen["text"]


def test_import_runs_on_a_worker_thread_behind_a_busy_dialog(
    qtbot, other: Database, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With real threads, checking and writing happen off the interface thread, and the
    function still returns what changed."""
    choose_open(monkeypatch, bundle)
    monkeypatch.setattr(ImportPreviewDialog, "ask", classmethod(lambda cls, p, **k: True))
    before = set_synchronous(False)
    try:
        changes = import_bundle(None, db=other)
    finally:
        set_synchronous(before)
    assert changes is not None and changes.programmes
    assert len(list_programmes(other)) == 1
