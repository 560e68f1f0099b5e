"""Export a session's captures as CSV, for a spreadsheet or a statistics package."""

import csv
import io
from pathlib import Path

from facilitator.domain.enums import NamesMode
from facilitator.domain.text import strip_controls
from facilitator.domain.timezones import zone
from facilitator.services import programmes
from facilitator.services.session_report import KIND_LABELS, pseudonymiser, who
from facilitator.storage.database import Database

COLUMNS = (
    "Number",
    "Date",
    "Time",
    "Into session",
    "Agenda item",
    "Kind",
    "Codes",
    "Qualifier",
    "Who",
    "Note",
    "Author",
    "Key moment",
    "Quote",
    "Lasted (seconds)",
)
# A spreadsheet treats a cell starting with one of these as a formula, and could run it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Return the cell so that no spreadsheet reads it as a formula: 'quote' a risky start."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def capture_rows(
    db: Database, session_id: int, *, names: NamesMode = NamesMode.REAL
) -> list[list[str]]:
    """Return the session's captures as CSV rows (headings first), in time order."""
    detail = programmes.session_detail(db, session_id)
    room = zone(detail.timezone)
    hide = pseudonymiser(detail, names)
    rows = [list(COLUMNS)]
    for observation in detail.observations:
        local = observation.occurred_at.astimezone(room)
        seconds = round(observation.offset_seconds)
        row = (
            str(observation.number or ""),
            local.date().isoformat(),
            local.strftime("%H:%M:%S"),
            f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}",
            observation.agenda_item_title,
            KIND_LABELS.get(observation.kind, ""),
            "; ".join(f"{code.scheme_name}: {code.label}" for code in observation.codes),
            "; ".join(code.qualifier for code in observation.codes if code.qualifier),
            who(observation, hide=hide),
            hide.apply(observation.note),
            observation.author,
            "yes" if observation.key_moment else "",
            "yes" if observation.quote else "",
            "" if observation.duration_seconds is None else f"{observation.duration_seconds:.0f}",
        )
        rows.append([neutralise(strip_controls(cell)) for cell in row])
    return rows


def to_csv(rows: list[list[str]]) -> str:
    """Return rows as CSV text with Windows line ends, as spreadsheets expect."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_captures_csv(
    db: Database, session_id: int, path: Path, *, names: NamesMode = NamesMode.REAL
) -> int:
    """Write the session's captures to `path` as CSV (UTF-8 with a byte-order mark, which
    Excel needs to read accents); return how many captures were written."""
    from facilitator.reports.files import write_atomically

    rows = capture_rows(db, session_id, names=names)
    write_atomically(Path(path), to_csv(rows).encode("utf-8-sig"), what="The CSV file")
    return len(rows) - 1
