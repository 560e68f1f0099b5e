"""The session report PDF: what it prints, how it links, how it survives odd text, how it saves."""

import errno
import os
import re
from dataclasses import replace
from functools import cache, cached_property
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.domain.enums import NamesMode
from facilitator.domain.errors import DiskFullError
from facilitator.domain.narrative_sections import THEMES_TITLE
from facilitator.domain.report import (
    AgendaLine,
    Block,
    CodeTally,
    ConflictStep,
    NarrativePart,
    Participation,
    PatternTable,
    ReportAction,
    ReportCapture,
    ReportCode,
    ReportConflict,
    ReportParked,
    SessionReport,
    TextRun,
)
from facilitator.reports import files
from facilitator.reports.report_tables import difference_text, state_time
from facilitator.reports.session_report import (
    APPENDIX_TITLE,
    render_session_report,
    write_session_report,
)
from tests.reports.report_fixture import synthetic_report, workshop_report

SECTION_TITLES = (
    "Summary",
    "What we observed",
    THEMES_TITLE,
    "Recommendations",
    "Next steps",
    "Agenda: planned and actual",
    "What was captured",
    "Timeline of the day",
    "Dialogue patterns by agenda item",
    "Participation",
    "Conflict log",
    "Power differentials named",
    "Actions and agreements",
    "Parking lot",
    "Key quotes and moments",
    APPENDIX_TITLE,
)


class Rendered:
    """A rendered report read back: its pages' text, its outline and its links.

    Text is extracted only when asked for: reading a long PDF back is slower than making it.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = PdfReader(BytesIO(data))

    @cache  # noqa: B019 (one Rendered per report, kept for the module at most)
    def raw(self, number: int) -> str:
        """Return one page's text as extracted, one table cell a line."""
        return self.reader.pages[number - 1].extract_text()

    def page(self, number: int) -> str:
        """Return one page's text with runs of white space made single spaces."""
        return " ".join(self.raw(number).split())

    @cached_property
    def pages(self) -> list[str]:
        return [self.page(number) for number in range(1, len(self.reader.pages) + 1)]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    @cached_property
    def lines(self) -> str:
        """Return all the text with table cells one a line, so a row's cells stay in order."""
        return "\n".join(self.raw(number) for number in range(1, len(self.reader.pages) + 1))

    def outline(self) -> list[tuple[int, str, int]]:
        """Return (level, title, page number) for each outline entry, in order."""
        found: list[tuple[int, str, int]] = []

        def walk(entries: list, level: int) -> None:
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry, level + 1)
                else:
                    page = self.reader.get_destination_page_number(entry) + 1
                    found.append((level, entry.title, page))

        walk(self.reader.outline, 0)
        return found

    def page_of(self, reference: object) -> int:
        numbers = {page.indirect_reference.idnum: n for n, page in enumerate(self.reader.pages)}
        return numbers[reference.idnum] + 1

    def links(self, page_number: int) -> list[int]:
        """Return the page each internal link on a page leads to."""
        page = self.reader.pages[page_number - 1]
        targets = []
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                targets.append(self.page_of(annotation["/Dest"][0]))
        return targets


@pytest.fixture(scope="module")
def workshop() -> Rendered:
    return Rendered(render_session_report(workshop_report()))


@pytest.fixture(scope="module")
def big() -> tuple[SessionReport, Rendered]:
    report = synthetic_report(1000)
    return report, Rendered(render_session_report(report))


def empty_report(**changes: object) -> SessionReport:
    values = {
        "programme": "",
        "client_system": "",
        "module": "",
        "session": "",
        "date_text": "",
        "time_text": "",
        "venue": "",
        "facilitators": "",
        "kind_label": "",
        "confidentiality": "",
        "names": NamesMode.REAL,
        "prepared_by": "",
        "attendee_count": 0,
        "narrative": (),
        "agenda": (),
        "captures": (),
        "code_tallies": (),
        "patterns": PatternTable((), (), ()),
        "ratios": (),
        "participation": (),
        "participation_heading": "",
        "conflicts": (),
        "power_differentials": (),
        "actions": (),
        "parked": (),
        "quotes": (),
        "key_moments": (),
    }
    return SessionReport(**(values | changes))


# ---- what it prints ------------------------------------------------------------------------


def test_cover_names_the_session_and_marks_it_confidential(workshop: Rendered) -> None:
    """The cover carries the session's facts, the names choice and the confidentiality band."""
    cover = workshop.pages[0]
    for expected in (
        "SESSION REPORT",
        "Day one: Mapping power in our system",
        "Building Collaborative Leadership · Wealdmoor Integrated Care System",
        "Module 3: Power, politics and decision-making",
        "Tuesday 17 November 2026",
        "09:30–16:30",
        "The Old Corn Exchange, Wealdmoor",
        "Aoife Ní Bhriain and Łukasz Nowak",
        "16 people",
        "NAMES Pseudonyms",
        "CONFIDENTIAL Confidential: prepared for the Wealdmoor cohort",
    ):
        assert expected in cover
    assert "Page 1 of" not in cover


def test_every_section_is_printed_in_order_and_listed(workshop: Rendered) -> None:
    """Each section heading is in the text in order, in the contents and in the outline."""
    body = " ".join(workshop.pages[2:])
    positions = [body.index(title) for title in SECTION_TITLES]
    assert positions == sorted(positions)
    for title in SECTION_TITLES:
        assert title in workshop.pages[1]  # the contents page
    outline = workshop.outline()
    titles = [title for _, title, _ in outline]
    assert titles[0] == "Contents"
    assert [t for t in titles if t in SECTION_TITLES] == list(SECTION_TITLES)
    assert (1, "Surface and resolve conflicts", 3) in outline


def test_contents_page_numbers_match_where_sections_start(workshop: Rendered) -> None:
    """Each contents entry's page number is the page its heading is on."""
    contents = workshop.lines.split("\n")
    for level, title, page in workshop.outline()[1:]:
        assert title in workshop.pages[page - 1]
        # The dotted leader and its page number are drawn, so read back, before the title.
        index = contents.index(title)
        assert contents[index - 1].split()[-1] == str(page), (level, title)


def test_every_page_after_the_cover_has_header_and_footer(workshop: Rendered) -> None:
    """Each page after the cover names the programme, session, marking, date and page of total."""
    total = len(workshop.pages)
    for number, text in enumerate(workshop.pages[1:], start=2):
        assert f"Page {number} of {total}" in text
        assert "Building Collaborative Leadership · Day one" in text
        assert "Confidential: prepared for the Wealdmoor" in text
        assert "Tuesday 17 November 2026" in text


def test_metadata_names_the_report_and_its_author(workshop: Rendered) -> None:
    """The PDF's title, author, subject and creator are set from the report."""
    info = workshop.reader.metadata
    assert info.title == (
        "Session report: Day one: Mapping power in our system — Building Collaborative Leadership"
    )
    assert info.author == "Aoife Ní Bhriain"
    assert info.subject == "Session report for Wealdmoor Integrated Care System"
    assert info["/Creator"] == "Facilitator"


def test_fonts_are_embedded_dejavu_only(workshop: Rendered) -> None:
    """Every font on every page is an embedded DejaVu face; nothing falls back to Helvetica."""
    names = set()
    for page in workshop.reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font["/FontDescriptor"]
            ).get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert names
    assert all("DejaVuSans" in name for name in names), names
    assert any("Bold" in name for name in names)


def test_code_table_counts_match_the_fixture(workshop: Rendered) -> None:
    """Each code prints with its count; state codes also print their total time."""
    report = workshop_report()
    for tally in report.code_tallies:
        expected = f"\n{tally.label}\n{tally.count}\n"
        if tally.seconds:
            expected += f"{state_time(tally.seconds)}\n"
        assert expected in workshop.lines, tally
    assert "Conflict worked through on an example\n1\n38 min" in workshop.lines
    assert "Inquiry to advocacy\n6 : 13" in workshop.lines
    assert "not benchmarks" in workshop.text


def test_agenda_prints_planned_and_actual_times_and_differences(workshop: Rendered) -> None:
    """Each item prints its planned and actual start and minutes, and the difference."""
    rows = (
        "Arrival and check-in\n09:30\n30\n09:36\n30\non time",
        "Mapping power in our system\n10:45\n60\n10:59\n71\n+11 min",
        "Break\n11:45\n15\n12:10\n12\n−3 min",
        "Old power and new power: a provocation\n12:00\n30\n12:22\n25\n−5 min",
        "Revisiting our principles for working together\n15:00\n30\n–\n–\ndid not run",
        "Total\n420\n414\n+24 min",
    )
    for row in rows:
        assert row in workshop.lines


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(8, "+8 min"), (-5, "−5 min"), (0, "on time"), (None, "did not run")],
)
def test_difference_words(minutes: int | None, text: str) -> None:
    """Over, under, on time and not run each read as the agenda prints them."""
    assert difference_text(minutes)[0] == text


def test_citations_print_time_and_item_and_link_to_the_log(workshop: Rendered) -> None:
    """A citation reads "(11:03, Mapping power in our system)" and leads to the capture's row."""
    report = workshop_report()
    veto = next(c for c in report.captures if c.note.startswith("Named that the council holds"))
    assert "(11:03, Mapping power in our system)" in workshop.pages[2]
    links = workshop.links(3)
    assert links
    numbered = list(enumerate(workshop.pages, start=1))
    appendix = next(n for n, text in numbered if n > 2 and APPENDIX_TITLE in text)
    log_page = next(n for n, text in numbered if n >= appendix and f"{veto.number} 11:03" in text)
    assert log_page in links


def test_unknown_citation_says_so() -> None:
    """A citation of a capture that is not there says so rather than vanishing."""
    report = replace(
        workshop_report(),
        narrative=(
            NarrativePart(
                "summary",
                "Summary",
                (Block((TextRun("As noted "), TextRun("[#999]", citation=999))),),
            ),
        ),
    )
    text = Rendered(render_session_report(report)).text
    assert "As noted (capture #999 not found)" in text


def test_bullets_and_emphasis_print_as_written(workshop: Rendered) -> None:
    """Bullets print as a list and bold or italic runs leave no markup behind."""
    assert "• Tobias named that primary care is carrying the acute recovery" in workshop.text
    assert "<b>" not in workshop.text and "**" not in workshop.text


def test_registers_print(workshop: Rendered) -> None:
    """Conflicts with their steps, power named, actions with owners, parked items, quotes."""
    text = workshop.text
    assert "How the fixed community budget is shared if one partner over-performs" in text
    assert "Worked through" in text and "Opened 20 Oct 2026 · Captures #" in text
    assert "Surfaced when the elective recovery figures were shown." in text
    assert "Legitimate" in text and "Expert" in text
    assert "Agreement Challenge in the room, not behind people's backs Everyone – ✓" in text
    assert "Action Invite the district's finance lead to Module 4 Idris –" in text
    assert "Data sharing between the trust and the council's care records Addressed" in text
    assert "“We say partnership but we mean procurement.”" in text
    assert "““" not in text


def test_no_narrative_says_it_is_not_written_yet() -> None:
    """A report with no narrative says so where the summary would be."""
    text = Rendered(render_session_report(replace(workshop_report(), narrative=()))).text
    assert "The narrative for this session has not been written yet." in text


def test_big_report_lists_every_capture(big) -> None:
    """A 1,000-capture day keeps its appendix whole, in order, with a link target per row."""
    report, rendered = big
    total = len(rendered.reader.pages)
    appendix = next(page for _, title, page in rendered.outline() if title == APPENDIX_TITLE)
    assert f"All {len(report.captures)} captures" in rendered.page(appendix)
    last = report.captures[-1]
    assert f"{last.number} {last.clock}" in rendered.page(total)
    assert f"Page {total} of {total}" in rendered.page(total)
    assert total > 30
    heading = "# Time Codes Who Note Author"
    assert all(heading in rendered.page(n) for n in (appendix, appendix + 1, total))


def test_participation_caps_the_bars() -> None:
    """More than 25 people show as 25 bars and a line for the others."""
    people = tuple(Participation(f"Person {n}", 100 - n) for n in range(40))
    text = Rendered(render_session_report(replace(workshop_report(), participation=people))).text
    assert "Person 24" in text and "Person 25 " not in text
    assert "and 15 others" in text


def test_many_codes_split_the_heat_map() -> None:
    """Thirty codes are too many for one table: the heat map goes on in another."""
    codes = tuple(CodeTally("Scheme", f"Code {n}", "#0072B2", n + 1) for n in range(30))
    patterns = PatternTable(("Item A", "Item B"), codes, (tuple(range(30)), (0,) * 30))
    text = Rendered(render_session_report(replace(workshop_report(), patterns=patterns))).text
    assert re.search(r"Codes 1–\d+ of 30", text)
    assert "of 30 Agenda item" in text


def test_timeline_without_a_start_time_counts_elapsed_time() -> None:
    """With no start time the timeline's axis counts hours from the start."""
    report = replace(workshop_report(), start_clock_minutes=None)
    text = Rendered(render_session_report(report)).text
    assert "against time elapsed" in text
    assert "0:00" in text and "1:00" in text


# ---- odd and hostile text ------------------------------------------------------------------

LONG_NOTE = ("The budget conversation went round again. " * 480) + "LAST-WORD"

HOSTILE = {
    "bold tag": "<b>not bold</b>",
    "ampersand": "Health & Care & Co &amp; &#169;",
    "closing para": "</para> and then </para><para>",
    "font tag": '<font name="x">fake font</font> <img src="/etc/passwd"/>',
    "long note": LONG_NOTE,
    "long word": "x" * 20_000,
    "right to left": "مرحبا بكم في الورشة — שלום לכולם",
    "combining accents": "Cafe\u0301 n\u0303 a\u0308\u0301\u0323 Ŵyn ŷ Łódź Ğüç",
    "control characters": "Bell\x07 null\x00 escape\x1b c1\x85\x9b tab\tend\r\nnext",
    "emoji": "Great day 🎉👍🏽 👩‍⚕️ and \U0001f9e0",
    "lone surrogate": "broken \ud800 text",
}


def hostile_report(text: str) -> SessionReport:
    """Return the workshop day with the text in every field the report prints."""
    base = workshop_report()
    code = ReportCode(text, text, "#zz", text)
    first = base.captures[0]
    capture = replace(
        first, note=text, who=text, author=text, agenda_item=text, codes=(code,), clock=text[:5]
    )
    captures = (capture, *base.captures[1:])
    return replace(
        base,
        programme=text,
        client_system=text,
        module=text,
        session=text,
        venue=text,
        facilitators=text,
        confidentiality=text,
        prepared_by=text,
        date_text=text,
        narrative=(
            NarrativePart(
                "summary",
                text,
                (
                    Block((TextRun(text, bold=True), TextRun(text, italic=True))),
                    Block((TextRun(text), TextRun("", citation=first.number)), bullet=True),
                ),
            ),
        ),
        agenda=(AgendaLine(text, False, "09:30", 30, "09:31", 35), *base.agenda),
        captures=captures,
        captures_by_number={c.number: c for c in captures},
        code_tallies=(CodeTally(text, text, "#12", 3, 60.0), *base.code_tallies),
        patterns=PatternTable((text,), (CodeTally(text, text, "nope", 1),), ((1,),)),
        participation=(Participation(text, 3), *base.participation),
        participation_heading=text,
        conflicts=(ReportConflict(text, text, text, (ConflictStep(text, text, text, text),)),),
        power_differentials=(capture,),
        actions=(ReportAction(text, text, text, True, True),),
        parked=(ReportParked(text, False),),
        quotes=(capture,),
        key_moments=(capture,),
    )


@cache
def rendered_hostile(name: str) -> Rendered:
    """Return the report with one hostile text everywhere, rendered once for the module."""
    return Rendered(render_session_report(hostile_report(HOSTILE[name])))


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_gives_a_valid_pdf(name: str) -> None:
    """Markup, huge notes, other scripts, control characters and emoji never break it."""
    rendered = rendered_hostile(name)
    assert len(rendered.reader.pages) > 5
    assert "SESSION REPORT" in rendered.page(1)
    assert "Page 2 of" in rendered.page(2)  # the cover stays one page


@pytest.mark.parametrize("name", ["bold tag", "ampersand", "closing para", "font tag"])
def test_markup_prints_literally(name: str) -> None:
    """Tags and entities in user text print as typed, in the narrative and the tables."""
    text = rendered_hostile(name).text
    assert text.count(HOSTILE[name]) >= 5


def test_a_long_note_is_kept_whole_across_pages() -> None:
    """A 20,000-character note goes on in continuation rows, losing nothing."""
    base = workshop_report()
    captures = (replace(base.captures[0], note=LONG_NOTE), *base.captures[1:])
    rendered = Rendered(render_session_report(replace(base, captures=captures)))
    appendix = rendered.text[rendered.text.index(APPENDIX_TITLE) :]
    assert "LAST-WORD" in appendix
    assert "cont." in appendix
    assert appendix.count("The budget conversation went round again.") == 480


def test_control_characters_are_stripped() -> None:
    """Control characters are dropped; the text around them prints."""
    rendered = rendered_hostile("control characters")
    assert "Bell null escape c1 tab end" in rendered.text
    assert "\x07" not in rendered.text and "\x1b" not in rendered.text


def test_welsh_and_polish_letters_print() -> None:
    """Welsh, Polish and Turkish letters, and combining accents, print as letters."""
    rendered = rendered_hostile("combining accents")
    assert "Ŵyn ŷ Łódź Ğüç" in rendered.text


def test_empty_report_is_a_sensible_pdf() -> None:
    """No captures, no narrative, no agenda: every section says so, nothing crashes."""
    rendered = Rendered(render_session_report(empty_report()))
    text = rendered.text
    assert "Untitled session" in text
    assert "The narrative for this session has not been written yet." in text
    assert "No captures were recorded" in text
    assert text.count("None recorded.") >= 8
    assert rendered.reader.metadata.title == "Session report: Untitled session"
    assert [title for _, title, _ in rendered.outline()][-1] == APPENDIX_TITLE


def test_only_state_captures() -> None:
    """A session of nothing but states prints their total time and draws them as bars."""
    code = ReportCode("Dialogue patterns", "Group stuck", "#D55E00")
    captures = tuple(
        ReportCapture(n, f"10:{n:02d}", n * 60.0, 300.0, "Item", "Coded", (code,), "", "", "A")
        for n in range(1, 40)
    )
    report = empty_report(
        captures=captures,
        captures_by_number={c.number: c for c in captures},
        code_tallies=(CodeTally("Dialogue patterns", "Group stuck", "#D55E00", 39, 39 * 300.0),),
        session_seconds=3600.0,
        start_clock_minutes=600,
    )
    text = Rendered(render_session_report(report)).text
    assert "Group stuck 39 3 h 15 min" in text
    assert "10:00" in text


# ---- saving --------------------------------------------------------------------------------


def temporary_files(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(".tmp")]


def test_write_saves_a_whole_pdf(tmp_path: Path) -> None:
    """Writing replaces an older copy with a whole PDF and leaves no temporary file."""
    path = tmp_path / "report.pdf"
    path.write_bytes(b"an older copy")
    write_session_report(empty_report(), path)
    assert path.read_bytes().startswith(b"%PDF")
    assert temporary_files(tmp_path) == []


def test_missing_folder_raises_as_the_run_sheet_does(tmp_path: Path) -> None:
    """An unwritable path raises its OSError, which the app and command line explain."""
    path = tmp_path / "no such folder" / "report.pdf"
    with pytest.raises(FileNotFoundError):
        write_session_report(empty_report(), path)
    assert not path.parent.exists()


def test_a_folder_is_not_a_file_name(tmp_path: Path) -> None:
    """A folder given as the file name raises IsADirectoryError and leaves it untouched."""
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(IsADirectoryError):
        write_session_report(empty_report(), folder)
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert temporary_files(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder(tmp_path: Path) -> None:
    """A read-only folder raises PermissionError and is left empty."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            write_session_report(empty_report(), folder / "report.pdf")
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_refused_move_keeps_the_old_copy_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only target refusing the move: the old copy is intact, nothing is left over."""

    def refuse(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    path = tmp_path / "report.pdf"
    path.write_bytes(b"an older copy")
    with pytest.raises(PermissionError):
        write_session_report(empty_report(), path)
    assert path.read_bytes() == b"an older copy"
    assert temporary_files(tmp_path) == []


def test_full_disk_raises_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk raises DiskFullError naming the session report; no temporary file is left."""

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(DiskFullError, match="The session report was not saved"):
        write_session_report(empty_report(), tmp_path / "report.pdf")
    assert temporary_files(tmp_path) == []


def test_many_schemes_share_a_lane_so_the_timeline_fits_a_page() -> None:
    """Forty schemes would make the chart taller than a page: the later ones share a lane."""
    base = workshop_report()
    captures = tuple(
        replace(capture, codes=(ReportCode(f"Scheme {n % 40}", f"Code {n}", "#0072B2"),))
        for n, capture in enumerate(base.captures)
    )
    rendered = Rendered(render_session_report(replace(base, captures=captures)))
    assert "Other schemes" in rendered.text
