"""Participant CSV import: spreadsheets as Excel saves them, bad rows listed, bad files refused."""

import contextlib
import csv
import io
import unicodedata
from collections.abc import Collection
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from facilitator.domain.enums import Sector
from facilitator.domain.errors import ContentError
from facilitator.domain.roster_import import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    NOT_CSV,
    ImportedParticipant,
    ImportProblem,
    name_key,
    read_participants_csv,
    read_participants_file,
)

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD_FILE = DATA / "participants_good.csv"
BAD_FILE = DATA / "participants_bad.csv"
HEADER = ["Name", "Role", "Organisation", "Sector", "Pseudonym", "Contact", "Goals", "Notes"]


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """Write `rows` as Excel does (CRLF, quoting only where needed) in `encoding`."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def read(
    text: str, *, existing_names: Collection[str] = ()
) -> tuple[list[ImportedParticipant], list[ImportProblem]]:
    """Read `text` saved as UTF-8 and return its good rows and problems."""
    result = read_participants_csv(text.encode("utf-8"), existing_names=existing_names)
    return list(result.participants), list(result.problems)


def refusal(data: bytes) -> str:
    with pytest.raises(ContentError) as caught:
        read_participants_csv(data)
    return str(caught.value)


# --- Good files -------------------------------------------------------------------------------


def test_plain_utf8_file_is_read() -> None:
    """Every field of a plain UTF-8 file arrives tidied, with the line it came from."""
    data = csv_bytes(
        [
            HEADER,
            [
                "  Ann   Smith ",
                "Matron",
                "Eastbridge Hospitals NHS Foundation Trust",
                "NHS provider",
                "Willow",
                "ann@example.nhs.uk",
                "Lead the frailty work.",
                "Keen.",
            ],
        ]
    )
    result = read_participants_csv(data)
    assert result.encoding == "UTF-8"
    assert result.problems == ()
    assert result.columns == (
        "name",
        "role",
        "organisation",
        "sector",
        "pseudonym",
        "contact",
        "goals",
        "notes",
    )
    assert result.participants == (
        ImportedParticipant(
            line=2,
            name="Ann Smith",
            role="Matron",
            organisation="Eastbridge Hospitals NHS Foundation Trust",
            sector=Sector.NHS_PROVIDER,
            pseudonym="Willow",
            contact="ann@example.nhs.uk",
            goals="Lead the frailty work.",
            notes="Keen.",
        ),
    )


def test_good_sample_file_reads_cleanly() -> None:
    """The shipped sample (Excel's UTF-8 with BOM, CRLF, multi-line cells) has six good rows."""
    result = read_participants_file(GOOD_FILE)
    assert GOOD_FILE.read_bytes().startswith(b"\xef\xbb\xbf")
    assert result.encoding == "UTF-8 with BOM"
    assert result.problems == ()
    assert [(p.line, p.name) for p in result.participants] == [
        (2, "Priya Raman"),
        (4, "Siân Pritchard"),
        (5, "Zoë Ní Bhriain"),
        (7, "Tomasz Kowalczyk"),
        (8, "Grace Adeyemi"),
        (9, "Callum MacLeod"),
    ]
    assert [p.sector for p in result.participants] == [
        Sector.NHS_PROVIDER,
        Sector.LOCAL_AUTHORITY,
        Sector.COMMISSIONER_ICB,
        Sector.VOLUNTARY_COMMUNITY,
        Sector.NHS_PROVIDER,
        None,
    ]
    priya = result.participants[0]
    assert priya.notes == (
        "Spoke on the telephone on 3 March.\nNervous about the first residential, but keen."
    )
    assert "£350" in result.participants[3].notes
    assert "notes" in result.columns


def test_bad_sample_file_lists_each_bad_row() -> None:
    """The shipped bad sample keeps its two good rows and names every bad line and why."""
    result = read_participants_file(BAD_FILE, existing_names=["imogen clarke"])
    assert [(p.line, p.name) for p in result.participants] == [
        (2, "Amara Okafor"),
        (12, "Olu Bankole"),
    ]
    expected = [
        (4, "no name"),
        (5, "role is 259 characters long; the most allowed is 200"),
        (6, "“Pharmaceutical” is not a sector"),
        (7, "already on line 2"),
        (8, "more fields (9) than the header (6)"),
        (9, "control character (U+000B)"),
        (11, "already in the cohort"),
    ]
    assert len(result.problems) == len(expected)
    for problem, (line, words) in zip(result.problems, expected, strict=True):
        assert problem.line == line
        assert words in problem.reason


def test_bom_does_not_spoil_the_first_header() -> None:
    """Excel's byte-order mark is removed, so a first column called Name is still found."""
    result = read_participants_csv(csv_bytes([["Name"], ["Ann"]], encoding="utf-8-sig"))
    assert result.encoding == "UTF-8 with BOM"
    assert result.columns == ("name",)
    assert [p.name for p in result.participants] == ["Ann"]


def test_windows_1252_file_is_decoded() -> None:
    """An older Excel's Windows-1252 file keeps its accents and pound signs."""
    data = csv_bytes(
        [["Name", "Notes"], ["Zoë Ní Bhriain", "Backfill £350"], ["Siân Jones", "“Quoted”"]],
        encoding="cp1252",
    )
    result = read_participants_csv(data)
    assert result.encoding == "Windows-1252"
    assert [(p.name, p.notes) for p in result.participants] == [
        ("Zoë Ní Bhriain", "Backfill £350"),
        ("Siân Jones", "“Quoted”"),
    ]


def test_text_is_normalised_to_nfc() -> None:
    """A name typed with a combining accent matches one typed with the accented letter."""
    participants, _ = read("Name,Role\nZoe\u0308,Cafe\u0301 owner\n")
    assert participants[0].name == "Zoë"
    assert participants[0].role == "Café owner"


@pytest.mark.parametrize(("delimiter", "word"), [(";", "semicolon"), ("\t", "tab"), (",", "comma")])
def test_each_delimiter_is_recognised(delimiter: str, word: str) -> None:
    """Files split by semicolons (European Excel) or tabs read like comma files."""
    rows = [["Name", "Role", "Notes"], ["Ann Smith", "GP", "Likes, commas; and\ttabs"]]
    result = read_participants_csv(csv_bytes(rows, delimiter=delimiter))
    assert result.problems == ()
    assert [(p.name, p.role, p.notes) for p in result.participants] == [
        ("Ann Smith", "GP", "Likes, commas; and\ttabs")
    ]


def test_delimiter_is_chosen_by_the_headers_it_finds() -> None:
    """A comma inside a tab-separated header does not make the file comma-separated."""
    participants, problems = read("Name\tTeam, if any\tRole\nAnn\tBlue\tGP\n")
    assert problems == []
    assert [(p.name, p.role) for p in participants] == [("Ann", "GP")]


def test_excel_sep_line_is_obeyed() -> None:
    """A first line `sep=;` (which Excel honours) sets the delimiter and is not a header."""
    participants, problems = read("sep=;\nName;Notes\nAnn;Hello, there\n")
    assert problems == []
    assert [(p.line, p.notes) for p in participants] == [(3, "Hello, there")]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Full name", "name"),
        ("PARTICIPANT", "name"),
        ("participant_name", "name"),
        ("Job title", "role"),
        ("Position", "role"),
        ("Organization", "organisation"),
        ("Org", "organisation"),
        ("Employer", "organisation"),
        ("Organisation name", "organisation"),
        ("Organisation type", "sector"),
        ("Alias", "pseudonym"),
        ("E-mail", "contact"),
        ("Telephone", "contact"),
        ("Personal goals", "goals"),
        ("Goal", "goals"),
        ("Telephone notes", "notes"),
        ("Conversation-notes", "notes"),
        ("Notes (optional)", "notes"),
        (" Role * ", "role"),
    ],
)
def test_header_synonyms_are_recognised(header: str, field: str) -> None:
    """Each accepted heading, in any case and punctuation, fills its field."""
    value, expected = {"name": ("Ann", "Ann"), "sector": ("other", Sector.OTHER)}.get(
        field, ("Some text", "Some text")
    )
    rows = [[header], [value]] if field == "name" else [["Name", header], ["Ann", value]]
    result = read_participants_csv(csv_bytes(rows))
    assert result.problems == ()
    assert field in result.columns
    assert getattr(result.participants[0], field) == expected


def test_first_and_last_name_columns_are_joined() -> None:
    """Separate first-name and surname columns make one name; either alone is enough."""
    participants, problems = read(
        "Forename,Team,Surname,Role\nPriya,Blue,Raman,GP\nGrace,Red,,Matron\n,Red,Okafor,\n"
    )
    assert problems == []
    assert [p.name for p in participants] == ["Priya Raman", "Grace", "Okafor"]


def test_full_name_wins_over_first_and_last() -> None:
    """With both kinds of name column, the full name is used and the parts fill a blank one."""
    participants, _ = read("First name,Last name,Name\nA,B,Ann Smith\nCarol,Jones,\n")
    assert [p.name for p in participants] == ["Ann Smith", "Carol Jones"]


def test_columns_are_reported_in_file_order() -> None:
    """Recognised fields are listed once each, in the order of the file; others are ignored."""
    result = read_participants_csv(
        b"Email,Team,Surname,Forename,Phone,Sector\nx,Blue,Raman,Priya,0123,NHS\n"
    )
    assert result.columns == ("contact", "name", "sector")
    assert result.participants[0].contact == "x, 0123"


def test_contact_columns_are_joined_skipping_blanks() -> None:
    """Email, phone and telephone columns all go into the contact, blank ones left out."""
    participants, _ = read("Name,Email,Phone,Telephone\nAnn,ann@example.org,,01632 960000\n")
    assert participants[0].contact == "ann@example.org, 01632 960000"


def test_two_columns_for_one_field_are_refused() -> None:
    """Two role columns are ambiguous, so the file is refused with both headings named."""
    message = refusal(b"Name,Role,Job title\nAnn,GP,Doctor\n")
    assert "“Role”" in message and "“Job title”" in message


# --- Line numbers -----------------------------------------------------------------------------


def test_multiline_notes_keep_later_line_numbers_physical() -> None:
    """A quoted note over three lines does not throw off the line numbers of the rows after."""
    text = (
        'Name,Notes\r\nAnn,"Line one\r\nline two, with a comma\r\nline three"\r\n'
        "\r\n"
        "Bob,Short\r\n"
        ",\r\n"
        'Carol,"Two\nlines"\r\n'
        "\x07Dan,bad\r\n"
    )
    participants, problems = read(text)
    assert [(p.line, p.name) for p in participants] == [(2, "Ann"), (6, "Bob"), (8, "Carol")]
    assert participants[0].notes == "Line one\nline two, with a comma\nline three"
    assert participants[2].notes == "Two\nlines"
    assert [problem.line for problem in problems] == [10]


def test_blank_lines_before_the_header_are_skipped() -> None:
    """A header after blank lines is still found, and lines are counted from the file's start."""
    participants, _ = read("\n\nName\nAnn\n")
    assert [(p.line, p.name) for p in participants] == [(4, "Ann")]


def test_wholly_blank_rows_are_skipped_silently() -> None:
    """Rows of empty cells or spaces (a spreadsheet's leftovers) are neither read nor listed."""
    participants, problems = read("Name,Role\n,\n  ,  \n\nAnn,GP\n,,\n")
    assert problems == []
    assert [(p.line, p.name) for p in participants] == [(5, "Ann")]


# --- Bad rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (",GP,,,,,,", "This row has no name."),
        ("   ,GP,,,,,,", "This row has no name."),
        ("A" * 201 + ",,,,,,,", "The name is 201 characters long; the most allowed is 200."),
        ("Ann," + "r" * 201 + ",,,,,,", "The role is 201 characters long"),
        ("Ann,," + "o" * 201 + ",,,,,", "The organisation is 201 characters long"),
        ("Ann,,,," + "p" * 101 + ",,,", "The pseudonym is 101 characters long"),
        ("Ann,,,,," + "c" * 201 + ",,", "The contact details are 201 characters long"),
        (
            "Ann,,,,,," + "g" * 20_001 + ",",
            "The goals are 20,001 characters long; the most allowed is 20,000.",
        ),
        ("Ann,,,,,,," + "n" * 20_001, "The notes are 20,001 characters long"),
        ("Ann\x07,,,,,,,", "The name contains a hidden control character (U+0007)"),
        ('"Ann\tSmith",,,,,,,', "The name contains a tab"),
        ('"Ann\nSmith",,,,,,,', "The name runs over more than one line"),
        ('Ann,"GP\nSurgeon",,,,,,', "The role runs over more than one line"),
        ("Ann,,Trust\x1b,,,,,", "The organisation contains a hidden control character (U+001B)"),
        ("Ann,,,,,,\x00x,", None),  # a NUL refuses the whole file instead
        ("Ann,,,,,,,a\x0cb", "The notes contain a hidden control character (U+000C)"),
        ("Ann,,,,,,,,extra", "This row has more fields (9) than the header (8)"),
        ("Ann,,,Pharma,,,,", "“Pharma” is not a sector the app knows"),
        ('Ann,,,,,"a\n\nb",,', "The contact details run over more than one line"),
    ],
)
def test_each_bad_row_is_listed_with_its_reason(row: str, words: str | None) -> None:
    """A bad row is left out and listed on its own line; the good rows round it still come in."""
    text = ",".join(HEADER) + "\nBob,,,,,,,\n" + row + "\nCarol,,,,,,,\n"
    if words is None:
        assert NOT_CSV in refusal(text.encode("utf-8"))
        return
    participants, problems = read(text)
    assert [p.name for p in participants] == ["Bob", "Carol"]
    assert [problem.line for problem in problems] == [3]
    assert words in problems[0].reason


def test_fields_at_their_limits_are_accepted() -> None:
    """Text exactly as long as the database allows is taken."""
    row = ["N" * 200, "r" * 200, "o" * 200, "", "p" * 100, "c" * 200, "g" * 20_000, "n" * 20_000]
    participants, problems = read(csv_bytes([HEADER, row]).decode())
    assert problems == []
    assert len(participants[0].notes) == 20_000


def test_tabs_and_line_breaks_are_allowed_in_goals_and_notes() -> None:
    """Goals and notes may be laid out over lines, with CRLF turned into plain line breaks."""
    participants, problems = read('Name,Goals,Notes\r\nAnn,"One\r\n\tTwo","A\rB"\r\n')
    assert problems == []
    assert (participants[0].goals, participants[0].notes) == ("One\n\tTwo", "A\nB")


def test_trailing_empty_fields_are_not_extra_fields() -> None:
    """Spare delimiters at the end of a row, which some programs write, are harmless."""
    participants, problems = read("Name,Role\nAnn,GP,,,\n")
    assert problems == []
    assert participants[0].role == "GP"


def test_every_problem_of_a_row_is_listed() -> None:
    """A row with several faults lists each, so the facilitator fixes them in one go."""
    _, problems = read("Name,Role,Sector\n,\x07,Pharma\n")
    assert [problem.line for problem in problems] == [2, 2, 2]
    assert "no name" in problems[0].reason
    assert "control character" in problems[1].reason
    assert "Pharma" in problems[2].reason


# --- Duplicates -------------------------------------------------------------------------------


def test_duplicate_within_the_file_names_the_first_line() -> None:
    """The same person twice (case, accents, spacing aside) keeps the first row only."""
    participants, problems = read(
        'Name,Notes\nZoë Ní Bhriain,"two\nlines"\nBob,\nZOE  NI BHRIAIN,again\nzoë ní bhriain,x\n'
    )
    assert [p.name for p in participants] == ["Zoë Ní Bhriain", "Bob"]
    assert [(p.line, p.reason) for p in problems] == [
        (5, "“ZOE NI BHRIAIN” is already on line 2 of this file."),
        (6, "“zoë ní bhriain” is already on line 2 of this file."),
    ]


def test_name_already_in_the_cohort_is_listed() -> None:
    """A row naming someone already in the cohort is left out, whatever the accents or case."""
    participants, problems = read(
        "Name\nSian Pritchard\nGrace Adeyemi\n", existing_names=["Siân  PRITCHARD"]
    )
    assert [p.name for p in participants] == ["Grace Adeyemi"]
    assert [(p.line, p.reason) for p in problems] == [
        (2, "“Sian Pritchard” is already in the cohort.")
    ]


def test_first_and_last_name_duplicates_are_found() -> None:
    """A name built from parts is compared like any other."""
    _, problems = read("First name,Last name\nAnn,Smith\nann,SMITH\n")
    assert [(p.line, "line 2" in p.reason) for p in problems] == [(3, True)]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Zoë Ní Bhriain", "zoe ni bhriain"),
        ("  Siân\u00a0 Jones ", "SIAN JONES"),
        ("Zoe\u0308", "Zoë"),
        ("Siobhán O’Neill", "siobhan o'neill"),
        ("Straße", "STRASSE"),
    ],
)
def test_name_key_ignores_case_accents_and_spacing(one: str, other: str) -> None:
    """Names a facilitator would call the same person have the same key."""
    assert name_key(one) == name_key(other)


def test_name_key_keeps_different_people_apart() -> None:
    """Different names keep different keys."""
    assert name_key("Ann Smith") != name_key("Anne Smith")
    assert name_key("Ann Smith") != name_key("AnnSmith")


# --- Sectors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "sector"),
    [
        *((member.value, member) for member in Sector),
        *((member.label.upper(), member) for member in Sector),
        ("NHS", Sector.NHS_PROVIDER),
        ("NHS Trust", Sector.NHS_PROVIDER),
        ("icb", Sector.COMMISSIONER_ICB),
        ("Council", Sector.LOCAL_AUTHORITY),
        ("local government", Sector.LOCAL_AUTHORITY),
        ("VCS", Sector.VOLUNTARY_COMMUNITY),
        ("voluntary", Sector.VOLUNTARY_COMMUNITY),
        ("Charity", Sector.VOLUNTARY_COMMUNITY),
        ("third-sector", Sector.VOLUNTARY_COMMUNITY),
        ("  ", None),
    ],
)
def test_sector_words_are_understood(written: str, sector: Sector | None) -> None:
    """Sector values, labels and common words are read in any case; blank means unknown."""
    participants, problems = read(f"Name,Sector\nAnn,{written}\n")
    assert problems == []
    assert participants[0].sector is sector


def test_unknown_sector_names_the_accepted_words() -> None:
    """An unknown sector is a row problem that lists what the facilitator may write."""
    _, problems = read("Name,Sector\nAnn,Pharma\n")
    reason = problems[0].reason
    assert "“Pharma”" in reason
    for member in Sector:
        assert member.label in reason


# --- Whole files refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32,
        b"Name,Role\nAnn\x00,GP\n",
        bytes(range(1, 32)) * 40,
    ],
    ids=["pdf", "xlsx", "png", "jpeg", "xls", "nul", "controls"],
)
def test_binary_files_are_refused(data: bytes) -> None:
    """A PDF, workbook, image or other binary file is refused with advice on saving as CSV."""
    assert refusal(data) == NOT_CSV


def test_utf16_file_is_refused_with_advice() -> None:
    """Excel's 'Unicode Text' (UTF-16) is not CSV; the message says how to save one."""
    message = refusal("Name\tRole\r\nAnn\tGP\r\n".encode("utf-16"))
    assert "UTF-16" in message and "CSV UTF-8" in message


def test_text_in_an_unknown_encoding_is_refused() -> None:
    """Bytes that are neither UTF-8 nor Windows-1252 are refused, not guessed at."""
    assert "Windows-1252" in refusal(b"Name\nAnn \x81\x8d\n")


def test_bom_then_bad_utf8_is_refused() -> None:
    """A file that starts as UTF-8 but is not is refused rather than garbled."""
    assert "another encoding" in refusal(b"\xef\xbb\xbfName\nZo\xeb\n")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" , \n,,\n"])
def test_empty_file_is_refused(data: bytes) -> None:
    """A file with no rows at all is refused with a plain message."""
    assert "empty" in refusal(data)


def test_header_only_file_has_no_participants_and_no_problems() -> None:
    """A header with nothing under it is a valid, empty list."""
    result = read_participants_csv(b"Name,Role,Notes\r\n")
    assert result.participants == ()
    assert result.problems == ()
    assert result.columns == ("name", "role", "notes")


def test_file_without_a_name_column_names_what_it_found() -> None:
    """The message lists the headings found and the ones that would be accepted."""
    message = refusal(b"Email,Job title,Team\nann@example.org,GP,Blue\n")
    assert "“Email”, “Job title”, “Team”" in message
    for accepted in ("Name", "Full name", "Participant", "First name", "Last name"):
        assert accepted in message


def test_file_of_data_without_a_header_is_refused() -> None:
    """A list that starts straight with people gets the no-name-column message."""
    assert "“Ann Smith”, “GP”" in refusal(b"Ann Smith,GP\nBob Jones,Matron\n")


def test_unclosed_quote_is_refused_naming_its_line() -> None:
    """A quotation mark never closed would swallow the rest of the file, so it is refused."""
    message = refusal(b'Name,Notes\nAnn,fine\nBob,"never closed\nCarol,x\nDan,y\n')
    assert "line 3" in message


def test_unclosed_quote_in_the_header_is_refused() -> None:
    """An open quote in the header would hide every row; it is refused, not read as empty."""
    assert "line 1" in refusal(b'Name,"Notes\nAnn,hi\n')


def test_csv_error_names_the_line() -> None:
    """A value too large for the CSV reader is refused, naming the line where its row starts."""
    data = b'Name,Notes\nAnn,ok\nBob,"' + b"x" * (csv.field_size_limit() + 10) + b'"\n'
    message = refusal(data)
    assert "line 3" in message


def test_too_many_rows_are_refused() -> None:
    """More rows than one import may take refuses the file; exactly the cap is fine."""
    rows = "".join(f"Person {n}\n" for n in range(MAX_IMPORT_ROWS))
    result = read_participants_csv(f"Name\n{rows}".encode())
    assert len(result.participants) == MAX_IMPORT_ROWS
    message = refusal(f"Name\n{rows}One more\n".encode())
    assert "2,000" in message


def test_too_large_bytes_are_refused() -> None:
    """Bytes over the limit are refused with the size and the limit in MB."""
    message = refusal(b"Name\n" + b"A" * MAX_IMPORT_BYTES)
    assert "5.1 MB" in message and "5 MB" in message


def test_too_large_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the limit is refused from its size alone; not a byte of it is read."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.truncate(MAX_IMPORT_BYTES + 1)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr("builtins.open", no_reading)
    with pytest.raises(ContentError) as caught:
        read_participants_file(path)
    assert "5.1 MB" in str(caught.value)


def test_missing_file_is_a_content_error(tmp_path: Path) -> None:
    """A file that has gone is reported with the reason, not as an OSError."""
    with pytest.raises(ContentError) as caught:
        read_participants_file(tmp_path / "gone.csv")
    assert "“gone.csv” could not be read" in str(caught.value)


def test_folder_is_a_content_error(tmp_path: Path) -> None:
    """Choosing a folder gives a plain message."""
    with pytest.raises(ContentError, match="folder"):
        read_participants_file(tmp_path)


# --- Properties -------------------------------------------------------------------------------

PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
CP1252 = bytes(range(256)).decode("cp1252", errors="ignore")
CP1252_PRINTABLE = st.sampled_from([c for c in CP1252 if unicodedata.category(c) != "Cc"])


def tidy(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@st.composite
def participants(draw: st.DrawFn, alphabet: st.SearchStrategy[str]) -> ImportedParticipant:
    """A participant whose text is already tidied, as the importer leaves it."""
    line = st.text(alphabet, max_size=20).map(tidy)
    lines = st.text(st.one_of(alphabet, st.sampled_from("\n\t")), max_size=40).map(tidy)
    name = draw(
        st.text(alphabet, min_size=1, max_size=20)
        .map(lambda text: " ".join(unicodedata.normalize("NFC", text).split()))
        .filter(bool)
    )
    return ImportedParticipant(
        line=0,
        name=name,
        role=draw(line),
        organisation=draw(line),
        sector=draw(st.none() | st.sampled_from(Sector)),
        pseudonym=draw(line),
        contact=draw(line),
        goals=draw(lines),
        notes=draw(lines),
    )


def as_rows(people: list[ImportedParticipant], *, labels: bool) -> list[list[str]]:
    def sector(member: Sector | None) -> str:
        return "" if member is None else (member.label if labels else member.value)

    return [HEADER] + [
        [p.name, p.role, p.organisation, sector(p.sector), p.pseudonym, p.contact, p.goals, p.notes]
        for p in people
    ]


def check_round_trip(
    people: list[ImportedParticipant], data: bytes, encodings: tuple[str, ...]
) -> None:
    result = read_participants_csv(data)
    assert result.problems == ()
    assert result.encoding in encodings
    assert [(p.name, p.role, p.organisation, p.sector) for p in result.participants] == [
        (p.name, p.role, p.organisation, p.sector) for p in people
    ]
    assert [(p.pseudonym, p.contact, p.goals, p.notes) for p in result.participants] == [
        (p.pseudonym, p.contact, p.goals, p.notes) for p in people
    ]


PEOPLE = st.lists(participants(PRINTABLE), max_size=5, unique_by=lambda p: name_key(p.name))
CP1252_PEOPLE = st.lists(
    participants(CP1252_PRINTABLE), max_size=5, unique_by=lambda p: name_key(p.name)
)
DELIMITER = st.sampled_from([",", ";", "\t"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=PEOPLE, delimiter=DELIMITER, labels=st.booleans(), bom=st.booleans())
def test_valid_participants_round_trip_in_utf8(
    people: list[ImportedParticipant], delimiter: str, labels: bool, bom: bool
) -> None:
    """Any valid participants written by csv.writer in UTF-8 (with or without BOM) read back."""
    encoding = "utf-8-sig" if bom else "utf-8"
    data = csv_bytes(as_rows(people, labels=labels), encoding=encoding, delimiter=delimiter)
    check_round_trip(people, data, ("UTF-8 with BOM",) if bom else ("UTF-8",))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=CP1252_PEOPLE, delimiter=DELIMITER, labels=st.booleans())
def test_valid_participants_round_trip_in_windows_1252(
    people: list[ImportedParticipant], delimiter: str, labels: bool
) -> None:
    """Participants in characters Windows-1252 can hold, saved in it, read back the same."""
    data = csv_bytes(as_rows(people, labels=labels), encoding="cp1252", delimiter=delimiter)
    try:
        decoded_as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        decoded_as_utf8 = None
    # Some byte runs are valid in both encodings; such a file is rightly read as UTF-8.
    assume(decoded_as_utf8 is None or decoded_as_utf8.isascii())
    check_round_trip(people, data, ("Windows-1252", "UTF-8"))


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_content_errors(data: bytes) -> None:
    """Whatever bytes arrive, the importer returns a result or raises ContentError."""
    with contextlib.suppress(ContentError):
        result = read_participants_csv(data)
        lines = [p.line for p in result.participants] + [p.line for p in result.problems]
        assert all(line >= 2 for line in lines)


@settings(max_examples=150, deadline=None)
@given(
    body=st.text(st.sampled_from(list('Name,;\t"\r\n x\x07éSector NHS')), max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_arbitrary_csv_like_text_raises_only_content_errors(body: str, encoding: str) -> None:
    """Text full of delimiters, quotes and line breaks never escapes as another exception."""
    try:
        result = read_participants_csv(f"Name,Sector,Notes\n{body}".encode(encoding))
    except ContentError:
        return
    lines = [p.line for p in result.participants] + [p.line for p in result.problems]
    assert all(line >= 2 for line in lines)
