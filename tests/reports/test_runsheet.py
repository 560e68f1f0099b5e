"""The run sheet PDF: what each version prints, how it survives odd text, and how it is saved."""

import errno
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.domain.errors import DiskFullError
from facilitator.domain.runsheet import RunSheet, RunSheetItem
from facilitator.reports import files, runsheet
from facilitator.reports.fonts import register_fonts
from facilitator.reports.runsheet import (
    duration,
    long_date,
    render_run_sheet,
    totals_line,
    write_run_sheet,
)

NOTES = "Open with the question on the flipchart.\nPairs for ten minutes, then a round."


def item(number: int, start: tuple[int, int] | None, end: tuple[int, int] | None, **changes):
    values = {
        "number": number,
        "start": time(*start) if start else None,
        "end": time(*end) if end else None,
        "title": f"Item {number}",
        "method": "Pairs, then whole group",
        "minutes": 30,
        "purpose": f"Purpose of item {number}",
        "facilitator_notes": f"Notes for item {number}",
        "materials": f"Materials for item {number}",
        "is_break": False,
        "pinned": False,
    }
    return RunSheetItem(**(values | changes))


def sheet(**changes) -> RunSheet:
    items = (
        item(1, (9, 30), (10, 0), title="Check-in", facilitator_notes=NOTES),
        item(2, (10, 0), (11, 0), title="Dialogue patterns", minutes=60),
        item(3, (11, 0), (11, 15), title="Refreshment break", minutes=15, is_break=True),
        item(4, (12, 30), (13, 15), title="Lunch", minutes=45, is_break=True, pinned=True),
        item(5, (13, 15), (14, 0), title="Check-out", minutes=45),
    )
    values = {
        "programme_title": "Building Collaborative Leadership",
        "client_system": "Lancashire and South Cumbria ICS",
        "module_title": "Module 2: Leading across boundaries",
        "session_title": "Day two: Working with conflict",
        "date": date(2026, 11, 24),
        "start": time(9, 30),
        "end": time(16, 30),
        "venue": "Preston Conference Centre",
        "kind_label": "Workshop day",
        "facilitators": "Aoife Ní Bhriain and Łukasz Nowak",
        "items": items,
        "total_minutes": 390,
        "available_minutes": 420,
        "warnings": ("Lunch is fixed at 12:30: the morning has no slack.",),
    }
    return RunSheet(**(values | changes))


def pdf_text(path: Path) -> list[str]:
    """Return each page's text with runs of white space (wrapped lines) made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def written(tmp_path: Path, run_sheet: RunSheet, *, participant: bool = False) -> str:
    path = tmp_path / ("participant.pdf" if participant else "facilitator.pdf")
    write_run_sheet(run_sheet, path, participant=participant)
    return " ".join(pdf_text(path))


def test_facilitator_version_prints_the_session_and_every_item(tmp_path: Path) -> None:
    """Title, programme, module, long date, each item with its clock time, and the totals."""
    text = written(tmp_path, sheet())
    for expected in (
        "Day two: Working with conflict",
        "Building Collaborative Leadership",
        "Lancashire and South Cumbria ICS",
        "Module 2: Leading across boundaries",
        "Tuesday 24 November 2026",
        "09:30–16:30 (7 h)",
        "Preston Conference Centre",
        "Workshop day",
        "Planned 6 h 30 min of 7 h available",
        "Facilitator run sheet",
    ):
        assert expected in text
    for entry in sheet().items:
        assert entry.title in text
        assert f"{entry.start:%H:%M}–{entry.end:%H:%M}" in text


def test_facilitator_version_carries_notes_materials_and_warnings(tmp_path: Path) -> None:
    """Everything the facilitator needs in the room is printed, notes line by line."""
    text = written(tmp_path, sheet())
    assert "Open with the question on the flipchart." in text
    assert "Pairs for ten minutes, then a round." in text
    assert "Materials: Materials for item 2" in text
    assert "Purpose: Purpose of item 2" in text
    assert "Lunch is fixed at 12:30: the morning has no slack." in text


def test_participant_version_leaves_out_the_facilitators_material(tmp_path: Path) -> None:
    """Participants see times, items, methods and purposes, never notes, kit or warnings."""
    text = written(tmp_path, sheet(), participant=True)
    assert "Programme for the day".upper() in text
    assert "Participant programme" in text
    assert "Check-in" in text
    assert "09:30–10:00" in text
    assert "Pairs, then whole group" in text
    assert "Purpose of item 2" in text
    assert "Aoife Ní Bhriain" in text
    for absent in (
        "Open with the question",
        "Notes for item",
        "Materials for item",
        "Facilitator notes",
        "morning has no slack",
        "Check before the day",
        "Planned",
    ):
        assert absent not in text


def test_breaks_and_fixed_times_are_marked(tmp_path: Path) -> None:
    """A break says so and a pinned item says its time is fixed."""
    text = written(tmp_path, sheet())
    assert "Refreshment break Break" in text
    assert "12:30–13:15 (fixed time)" in text
    assert text.count("(fixed time)") == 1


def test_overrun_says_by_how_much(tmp_path: Path) -> None:
    """A plan longer than the session says how far over it runs."""
    text = written(tmp_path, sheet(total_minutes=435))
    assert "Planned 7 h 15 min of 7 h available: 15 min over the time available" in text


@pytest.mark.parametrize(
    ("total", "available", "expected"),
    [
        (390, 420, "Planned 6 h 30 min of 7 h available"),
        (420, 420, "Planned 7 h of 7 h available"),
        (45, 60, "Planned 45 min of 1 h available"),
        (435, 420, "Planned 7 h 15 min of 7 h available: 15 min over the time available"),
        (0, None, "Planned 0 min (no end time is set, so the time available is not known)"),
    ],
)
def test_totals_line(total: int, available: int | None, expected: str) -> None:
    """The totals read as hours and minutes, against the time available when known."""
    assert totals_line(total, available) == expected


def test_words_do_not_follow_the_process_locale() -> None:
    """Dates and durations are British English whatever locale the GUI has set."""
    assert long_date(date(2026, 11, 24)) == "Tuesday 24 November 2026"
    assert long_date(date(2027, 1, 3)) == "Sunday 3 January 2027"
    assert duration(390) == "6 h 30 min"


def test_names_in_other_alphabets_print_as_text(tmp_path: Path) -> None:
    """Ł, Ğ, ₹ and accents are real text in the PDF, not boxes or question marks."""
    names = "Łucja Ğüneş, Aoife Ní Bhriain, Zoë Éluard"
    first = item(1, (9, 30), (10, 0), title="Budget of ₹500 for Łódź", facilitator_notes=names)
    text = written(tmp_path, sheet(items=(first,), facilitators=names))
    assert text.count("Łucja Ğüneş, Aoife Ní Bhriain, Zoë Éluard") == 2
    assert "Budget of ₹500 for Łódź" in text


HOSTILE = [
    '<img src="/etc/passwd"/>',
    "<b>unclosed",
    "&amp; stays &amp;",
    "</para><para>",
    "]]> <![CDATA[ x",
    '<font name="Nonexistent" size="80">big</font>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_in_user_text_prints_literally(tmp_path: Path, text: str) -> None:
    """Text that looks like markup neither restyles nor breaks the report, nor opens files."""
    first = item(1, (9, 30), (10, 0), title=text, method=text, facilitator_notes=text)
    run_sheet = sheet(
        items=(first,), session_title=text, venue=text, programme_title=text, warnings=(text,)
    )
    facilitator = written(tmp_path, run_sheet)
    participant = written(tmp_path, run_sheet, participant=True)
    assert facilitator.count(text) >= 6
    assert participant.count(text) >= 4


def test_control_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    """A stray NUL or bell pasted into a note does not stop the report."""
    first = item(1, (9, 30), (10, 0), facilitator_notes="before\x00\x07after\r\nnext\tline")
    text = written(tmp_path, sheet(items=(first,)))
    assert "beforeafter next line" in text


def test_sixty_items_run_over_several_numbered_pages(tmp_path: Path) -> None:
    """A long agenda spans pages, each footed "Page N of M" and headed by the column titles."""
    items = tuple(
        item(n, (9, 0), (9, 30), title=f"Activity number {n}", facilitator_notes=NOTES * 2)
        for n in range(1, 61)
    )
    path = tmp_path / "long.pdf"
    write_run_sheet(sheet(items=items), path)
    pages = pdf_text(path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Day two: Working with conflict" in page
        assert "Time Activity Min Facilitator notes" in page
    whole = " ".join(pages)
    for n in range(1, 61):
        assert f"Activity number {n} " in whole


def test_an_item_taller_than_a_page_is_split_between_lines(tmp_path: Path) -> None:
    """Very long notes continue on the next page instead of failing or being cut off."""
    notes = "\n".join(f"Step {n}: ask the group what they notice, then wait." for n in range(150))
    big = item(2, (10, 0), (11, 0), title="Long exercise", facilitator_notes=notes)
    path = tmp_path / "tall.pdf"
    write_run_sheet(sheet(items=(sheet().items[0], big)), path)
    pages = pdf_text(path)
    assert len(pages) >= 3
    for n in range(150):
        assert f"Step {n}: ask the group what they notice, then wait." in " ".join(pages)


def test_session_without_times_prints_a_dash(tmp_path: Path) -> None:
    """Items without clock times show an en dash, and the header says no start is set."""
    items = (item(1, None, None, title="Opening"), item(2, None, None, title="Closing"))
    run_sheet = sheet(items=items, start=None, end=None, available_minutes=None, date=None)
    text = written(tmp_path, run_sheet)
    assert "– Opening" in text
    assert "– Closing" in text
    assert "Start time not set" in text
    assert "Date not set" in text


def test_an_empty_session_still_prints(tmp_path: Path) -> None:
    """A session with nothing planned yet prints its header and says so."""
    text = written(tmp_path, sheet(items=(), total_minutes=0, warnings=()))
    assert "No items are planned yet." in text
    assert "Planned 0 min of 7 h available" in text


def test_only_the_embedded_dejavu_family_is_used(tmp_path: Path) -> None:
    """Every font on every page is an embedded DejaVu Sans subset; no bare Helvetica."""
    path = tmp_path / "fonts.pdf"
    write_run_sheet(sheet(), path)
    fonts = [
        ref.get_object()
        for page in PdfReader(path).pages
        for ref in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        assert "DejaVuSans" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"]


def test_metadata_names_the_session_and_nobody(tmp_path: Path) -> None:
    """Title, author and subject are set; facilitators, venue and client stay out."""
    path = tmp_path / "meta.pdf"
    write_run_sheet(sheet(), path, participant=True)
    metadata = PdfReader(path).metadata
    assert metadata.title == "Day two: Working with conflict"
    assert metadata.author == "Facilitator"
    assert metadata.subject == "Participant programme"
    everything = " ".join(str(value) for value in metadata.values())
    for private in ("Aoife", "Łukasz", "Preston", "Lancashire"):
        assert private not in everything


def test_register_fonts_is_idempotent() -> None:
    """Registering twice returns the same family and does no harm."""
    assert register_fonts() == register_fonts() == "DejaVuSans"


def test_writing_replaces_an_existing_file(tmp_path: Path) -> None:
    """A second run sheet written to the same path replaces the first, leaving no temp files."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"old")
    write_run_sheet(sheet(), path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert os.listdir(tmp_path) == ["sheet.pdf"]


class HalfWriter:
    """A file that takes half of what it is given and then reports a full disk."""

    def __init__(self, real) -> None:
        self.real = real

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.real.close()

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_halfway_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running out of space mid-write raises DiskFullError; the old file stays, no temp file."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"old run sheet")
    real_open = open
    monkeypatch.setattr(
        files, "open", lambda name, mode: HalfWriter(real_open(name, mode)), raising=False
    )
    with pytest.raises(DiskFullError, match="no space left"):
        write_run_sheet(sheet(), path)
    assert path.read_bytes() == b"old run sheet"
    assert os.listdir(tmp_path) == ["sheet.pdf"]


def test_a_failed_move_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any other OSError is raised as it is, after the temporary file is removed."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"old run sheet")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_run_sheet(sheet(), path)
    assert path.read_bytes() == b"old run sheet"
    assert os.listdir(tmp_path) == ["sheet.pdf"]


def test_a_failed_layout_touches_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If ReportLab fails, nothing is written at all."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"old run sheet")

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("layout failed")

    monkeypatch.setattr(runsheet, "render_run_sheet", broken)
    with pytest.raises(RuntimeError):
        write_run_sheet(sheet(), path)
    assert path.read_bytes() == b"old run sheet"
    assert os.listdir(tmp_path) == ["sheet.pdf"]


def test_a_missing_folder_is_an_ordinary_oserror(tmp_path: Path) -> None:
    """Writing into a folder that does not exist raises FileNotFoundError, not DiskFullError."""
    with pytest.raises(FileNotFoundError):
        write_run_sheet(sheet(), tmp_path / "gone" / "sheet.pdf")


def test_render_returns_a_pdf() -> None:
    """The bytes can be had without a file, e.g. for a preview."""
    assert render_run_sheet(sheet()).startswith(b"%PDF-")


def test_the_reports_package_does_not_load_reportlab() -> None:
    """Importing facilitator.reports costs nothing at start-up: ReportLab loads with a report."""
    code = "import sys, facilitator.reports; print('reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
