"""Read a cohort's participants from a CSV file saved by Excel or another spreadsheet.

Rows that cannot be used are listed with their line numbers and left out; a file that cannot
be read at all raises ContentError. Nothing here touches the database.
"""

import codecs
import csv
import io
import math
import re
import stat
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.domain.enums import Sector
from facilitator.domain.errors import ContentError
from facilitator.domain.fields import LONG_TEXT, SHORT_TEXT

MAX_IMPORT_BYTES: int = 5 * 1024 * 1024
MAX_IMPORT_ROWS: int = 2_000

NOT_CSV = "This file is not a CSV file. In Excel, use File › Save As › CSV UTF-8."
_MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportedParticipant:
    """One good row of the file, its text tidied, ready to add to a cohort."""

    line: int  # physical line number in the file where the row starts (header is line 1)
    name: str
    role: str
    organisation: str  # organisation name as written ('' if none)
    sector: Sector | None  # from a 'sector' column if present and filled, else None
    pseudonym: str
    contact: str
    goals: str
    notes: str


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Why one row of the file was left out."""

    line: int  # physical line number; 0 for a problem with the whole file
    reason: str  # a plain sentence a facilitator understands


@dataclass(frozen=True, slots=True)
class RosterImport:
    """What a CSV file holds: the good rows, the bad ones, and how the file was read."""

    participants: tuple[ImportedParticipant, ...]
    problems: tuple[ImportProblem, ...]  # every bad row, in line order
    encoding: str  # 'UTF-8', 'UTF-8 with BOM' or 'Windows-1252'
    columns: tuple[str, ...]  # which of our fields were recognised, in file order


# Header names as `_squash` leaves them. "given" and "family" are joined into the name.
_HEADERS: dict[str, str] = {
    **dict.fromkeys(("name", "fullname", "participant", "participantname"), "name"),
    **dict.fromkeys(("firstname", "givenname", "forename", "forenames"), "given"),
    **dict.fromkeys(("lastname", "surname", "familyname"), "family"),
    **dict.fromkeys(("role", "jobtitle", "jobrole", "position"), "role"),
    **dict.fromkeys(
        ("organisation", "organization", "org", "employer", "organisationname", "organizationname"),
        "organisation",
    ),
    **dict.fromkeys(("sector", "organisationtype", "organizationtype"), "sector"),
    **dict.fromkeys(("pseudonym", "alias"), "pseudonym"),
    **dict.fromkeys(
        ("contact", "email", "emailaddress", "phone", "phonenumber", "telephone", "mobile"),
        "contact",
    ),
    **dict.fromkeys(("goals", "goal", "personalgoals"), "goals"),
    **dict.fromkeys(("notes", "note", "telephonenotes", "conversationnotes"), "notes"),
}
# Fields that several columns may fill, and what joins their values.
_JOINERS = {"contact": ", ", "goals": "\n\n", "notes": "\n\n"}
# The longest text each field may hold: the same limits as the participant form.
_LIMITS = {
    "name": SHORT_TEXT,
    "role": SHORT_TEXT,
    "organisation": SHORT_TEXT,
    "pseudonym": 100,
    "contact": SHORT_TEXT,
    "goals": LONG_TEXT,
    "notes": LONG_TEXT,
}
_MULTILINE = frozenset({"goals", "notes"})
_PLURAL = frozenset({"contact", "goals", "notes"})
_FIELD_WORDS = {
    "name": "name",
    "given": "first name",
    "family": "last name",
    "role": "role",
    "organisation": "organisation",
    "sector": "sector",
    "pseudonym": "pseudonym",
    "contact": "contact details",
    "goals": "goals",
    "notes": "notes",
}
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
# Excel understands (and some tools write) a first line such as "sep=;".
_SEP_LINE = re.compile(r"sep=(.)\s*", re.IGNORECASE)
_OPTIONAL = re.compile(r"\(\s*optional\s*\)\s*$", re.IGNORECASE)
_BINARY_STARTS = (
    b"%PDF",
    b"PK\x03\x04",  # zip: .xlsx, .docx, .numbers
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # old Office: .xls, .doc
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"\x1f\x8b",  # gzip
)
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u0060", "'"))


def _squash(text: str) -> str:
    """Return `text` lower-cased with everything but letters and digits dropped."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _sector_words() -> dict[str, Sector]:
    words = {_squash(word): sector for sector in Sector for word in (sector.value, sector.label)}
    synonyms = {
        Sector.NHS_PROVIDER: ("NHS", "NHS trust", "NHS foundation trust"),
        Sector.COMMISSIONER_ICB: ("ICB", "Commissioner", "Integrated care board"),
        Sector.LOCAL_AUTHORITY: ("Council", "Local government"),
        Sector.VOLUNTARY_COMMUNITY: ("VCS", "VCSE", "Voluntary", "Charity", "Third sector"),
    }
    words.update({_squash(word): sector for sector, group in synonyms.items() for word in group})
    return words


_SECTORS = _sector_words()
_SECTOR_ADVICE = (
    "use "
    + ", ".join(sector.label for sector in list(Sector)[:-1])
    + f" or {list(Sector)[-1].label}, or leave it blank"
)


def name_key(name: str) -> str:
    """Return the form of a name used to spot one person entered twice.

    Case, accents, runs of spaces and curly apostrophes make no difference:
    "Zoë  O’Neill" and "zoe o'neill" have the same key.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(bare.translate(_APOSTROPHES).split())


def _check_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        shown = math.ceil(size / _MEGABYTE * 10) / 10
        raise ContentError(
            f"This file is {shown:,.1f} MB; the largest file that can be imported is "
            f"{MAX_IMPORT_BYTES // _MEGABYTE} MB. Check that it is the list of participants."
        )


def _decode(data: bytes) -> tuple[str, str]:
    """Return the text of the file and the name of its encoding, refusing binary files."""
    if not data:
        raise ContentError("The file is empty.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ContentError(
            "This file is saved as Unicode text (UTF-16), not CSV. "
            "In Excel, use File › Save As › CSV UTF-8."
        )
    if b"\x00" in data or data.startswith(_BINARY_STARTS):
        raise ContentError(NOT_CSV)
    has_bom = data.startswith(codecs.BOM_UTF8)
    encoding = "UTF-8 with BOM" if has_bom else "UTF-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if has_bom:
            raise ContentError(
                "This file starts as UTF-8 but holds characters in another encoding. "
                "In Excel, use File › Save As › CSV UTF-8."
            ) from None
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise ContentError(
                "The characters in this file are neither UTF-8 nor Windows-1252. "
                "In Excel, use File › Save As › CSV UTF-8."
            ) from None
    sample = text[:8192]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r")
    if controls > max(8, len(sample) // 20):
        raise ContentError(NOT_CSV)
    return text, encoding


def _header_key(cell: str) -> str:
    return _squash(_OPTIONAL.sub("", cell.strip()))


def _guess_delimiter(line: str) -> str:
    """Return the delimiter that finds the most known headers, then the most columns."""

    def score(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            return (0, 0)
        return (sum(_header_key(cell) in _HEADERS for cell in cells), line.count(delimiter))

    return max(_DELIMITERS, key=score)


def _dialect(lines: Sequence[str]) -> tuple[str, bool]:
    """Return the delimiter and whether the first line is an Excel "sep=" line to skip."""
    first = lines[0] if lines else ""
    sep = _SEP_LINE.fullmatch(first)
    if sep and sep.group(1) in _DELIMITERS:
        return sep.group(1), True
    header = next((line for line in lines[1 if sep else 0 :] if line.strip()), "")
    return _guess_delimiter(header), bool(sep)


def _rows(lines: list[str], *, delimiter: str, skip_first: bool) -> Iterator[tuple[int, list[str]]]:
    """Yield each row that is not wholly blank, with the physical line where it starts."""
    reader = csv.reader(lines, delimiter=delimiter)
    end = 0
    while True:
        # A quoted value may run over several lines, so a row starts after the last one ended.
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ContentError(_unreadable_from(start, error)) from None
        end = reader.line_num
        if (start > 1 or not skip_first) and any(cell.strip() for cell in row):
            yield start, row


def _unreadable_from(line: int, error: csv.Error) -> str:
    return (
        f"The file cannot be read as CSV from line {line} ({error}). "
        "A quotation mark that is opened but never closed is the usual cause."
    )


def _check_quotes_closed(lines: list[str], *, start: int, delimiter: str) -> None:
    """Raise if the last row opens a quotation mark that never closes.

    The csv module quietly reads the rest of the file into that one value. A line added after
    the end shows it: with the quote closed it is a row of its own, otherwise it is swallowed.
    """
    tail = "".join(lines[start - 1 :]) + "\n#\n"
    try:
        rows = list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ContentError(_unreadable_from(start, error)) from None
    if len(rows) == 1:
        raise ContentError(
            f"A quotation mark on line {start} is never closed, so the rest of the file "
            "cannot be read. Add the missing quotation mark, or save the file again from Excel."
        )


@dataclass(frozen=True, slots=True)
class _Header:
    """Where each of our fields is in a row, from the file's header row."""

    positions: dict[str, tuple[int, ...]]
    width: int
    delimiter: str

    @classmethod
    def read(cls, cells: Sequence[str], *, delimiter: str) -> "_Header":
        positions: dict[str, list[int]] = {}
        for index, cell in enumerate(cells):
            field = _HEADERS.get(_header_key(cell))
            if field is None:
                continue  # a column of the facilitator's own, such as "Team"
            if field in positions and field not in _JOINERS:
                first = cells[positions[field][0]].strip()
                raise ContentError(
                    f"Two columns give the {_FIELD_WORDS[field]}: “{first}” and "
                    f"“{cell.strip()}”. Delete or rename one of them and import again."
                )
            positions.setdefault(field, []).append(index)
        if not positions.keys() & {"name", "given", "family"}:
            raise ContentError(_no_name_column(cells))
        return cls({f: tuple(p) for f, p in positions.items()}, len(cells), delimiter)

    @property
    def columns(self) -> tuple[str, ...]:
        ordered = sorted(self.positions, key=lambda field: self.positions[field][0])
        named = ("name" if field in ("given", "family") else field for field in ordered)
        return tuple(dict.fromkeys(named))

    def cells(self, row: Sequence[str], field: str) -> list[str]:
        """Return the tidied, non-blank values of `field` in `row`."""
        found = (_tidy(row[i]) for i in self.positions.get(field, ()) if i < len(row))
        return [value for value in found if value]


def _no_name_column(cells: Sequence[str]) -> str:
    found = [cell.strip()[:40] for cell in cells if cell.strip()]
    listed = ", ".join(f"“{cell}”" for cell in found[:12])
    if len(found) > 12:
        listed += f" and {len(found) - 12} more"
    return (
        f"No column holds the participants’ names: the first row has {listed}. "
        "The first row should name the columns. Call the names column Name, Full name, "
        "Participant or Participant name, or use First name and Last name columns."
    )


def _tidy(raw: str) -> str:
    """Return a cell's text in NFC with Unix line breaks and no surrounding whitespace."""
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _the(field: str, singular: str, plural: str) -> str:
    """Return "The role is", "The notes are" and the like."""
    verb = plural if field in _PLURAL else singular
    return f"The {_FIELD_WORDS[field]} {verb}"


def _control_problem(text: str, field: str) -> str | None:
    allowed = "\n\t" if field in _MULTILINE else ""
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            if char == "\n":
                runs = _the(field, "runs", "run")
                return f"{runs} over more than one line; only goals and notes may."
            what = "a tab" if char == "\t" else f"a hidden control character (U+{ord(char):04X})"
            return f"{_the(field, 'contains', 'contain')} {what}; delete it and import again."
    return None


def _length_problem(text: str, field: str) -> str | None:
    limit = _LIMITS[field]
    if len(text) <= limit:
        return None
    size = f"{len(text):,} characters long"
    return f"{_the(field, 'is', 'are')} {size}; the most allowed is {limit:,}."


def _sector(text: str) -> tuple[Sector | None, str | None]:
    if not text:
        return None, None
    sector = _SECTORS.get(_squash(text))
    if sector is None:
        shown = text if len(text) <= 40 else f"{text[:40]}…"
        return None, f"“{shown}” is not a sector the app knows: {_SECTOR_ADVICE}."
    return sector, None


def _read_row(row: Sequence[str], header: _Header) -> tuple[dict[str, str], list[str]]:
    """Return the row's text fields and why it cannot be used, if it cannot.

    The name is left blank when it has a problem, so it is never compared with others.
    """
    if any(cell.strip() for cell in row[header.width :]):
        what = _DELIMITERS[header.delimiter]
        return {}, [
            f"This row has more fields ({len(row)}) than the header ({header.width}); "
            f"a value with a {what} in it needs quotation marks round it."
        ]
    reasons: list[str] = []
    name = " ".join(header.cells(row, "name")) or " ".join(
        header.cells(row, "given") + header.cells(row, "family")
    )
    problem = _control_problem(name, "name")
    name = " ".join(name.split())
    problem = problem or _length_problem(name, "name") or ("" if name else "This row has no name.")
    if problem:
        reasons.append(problem)
        name = ""
    fields = {"name": name}
    for field in ("role", "organisation", "pseudonym", "contact", "goals", "notes"):
        fields[field] = _JOINERS.get(field, "").join(header.cells(row, field))
        problem = _control_problem(fields[field], field) or _length_problem(fields[field], field)
        if problem:
            reasons.append(problem)
    fields["sector"] = "".join(header.cells(row, "sector"))
    return fields, reasons


def read_participants_csv(data: bytes, *, existing_names: Collection[str] = ()) -> RosterImport:
    """Read participants from the bytes of a CSV file, listing each row that cannot be used.

    Raise ContentError if the file as a whole cannot be read as a list of participants.
    """
    _check_size(len(data))
    text, encoding = _decode(data)
    lines = list(io.StringIO(text, newline=""))
    delimiter, skip_sep = _dialect(lines)
    rows = _rows(lines, delimiter=delimiter, skip_first=skip_sep)
    first = next(rows, None)
    if first is None:
        raise ContentError("The file holds no rows: it is empty, or every line is blank.")
    last_line, cells = first
    header = _Header.read(cells, delimiter=delimiter)
    in_cohort = {name_key(name) for name in existing_names}
    first_seen: dict[str, int] = {}
    participants: list[ImportedParticipant] = []
    problems: list[ImportProblem] = []
    for count, (line, row) in enumerate(rows, start=1):
        if count > MAX_IMPORT_ROWS:
            raise ContentError(
                f"This file has more than {MAX_IMPORT_ROWS:,} rows of participants; one import "
                f"takes at most {MAX_IMPORT_ROWS:,}. Check that it is the right file."
            )
        last_line = line
        fields, reasons = _read_row(row, header)
        sector, problem = _sector(fields.get("sector", ""))
        if problem:
            reasons.append(problem)
        key = name_key(fields.get("name", ""))
        if key and key in in_cohort:
            reasons.append(f"“{fields['name']}” is already in the cohort.")
        elif key in first_seen:
            reasons.append(f"“{fields['name']}” is already on line {first_seen[key]} of this file.")
        if key:
            first_seen.setdefault(key, line)
        if reasons:
            problems.extend(ImportProblem(line=line, reason=reason) for reason in reasons)
            continue
        participants.append(
            ImportedParticipant(
                line=line,
                name=fields["name"],
                role=fields["role"],
                organisation=fields["organisation"],
                sector=sector,
                pseudonym=fields["pseudonym"],
                contact=fields["contact"],
                goals=fields["goals"],
                notes=fields["notes"],
            )
        )
    _check_quotes_closed(lines, start=last_line, delimiter=delimiter)
    return RosterImport(
        participants=tuple(participants),
        problems=tuple(problems),
        encoding=encoding,
        columns=header.columns,
    )


def read_participants_file(path: Path, *, existing_names: Collection[str] = ()) -> RosterImport:
    """Read participants from a CSV file, refusing one that is too large before reading it."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ContentError(f"“{path.name}” is a folder, not a CSV file.")
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(f"“{path.name}” is not an ordinary file. {NOT_CSV}")
        _check_size(info.st_size)
        with path.open("rb") as file:
            data = file.read(MAX_IMPORT_BYTES + 1)  # the file may have grown since stat
    except OSError as error:
        reason = error.strerror or str(error)
        raise ContentError(f"“{path.name}” could not be read: {reason}.") from None
    return read_participants_csv(data, existing_names=existing_names)
