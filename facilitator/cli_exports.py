"""The command line's exports: run sheets, session reports and captures as CSV."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facilitator.domain.enums import NamesMode
from facilitator.domain.errors import NotFoundError
from facilitator.services.store import open_store_for_reading
from facilitator.storage.database import Database

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _run_sheet(db: Database, args: argparse.Namespace, out: Path) -> str:
    from facilitator.services.runsheets import write_run_sheet_file

    write_run_sheet_file(db, args.session_id, out, participant=args.participant)
    return f"Wrote {out}"


def _report(db: Database, args: argparse.Namespace, out: Path) -> str:
    from facilitator.services.session_report import write_session_report_file

    names = NamesMode(args.names)
    check = write_session_report_file(db, args.session_id, out, names=names, cues=args.cues)
    lines = [f"Wrote {out} ({names.label.lower()})"]
    if check.replacements:
        replaced = sum(replacement.count for replacement in check.replacements)
        lines.append(f"Replaced {replaced} mention(s) of participants' names in the text.")
    if check.leftovers:
        lines.append("Check these, which look like names and were left as they are:")
        lines += [f"  {left.text} ({left.count}×): …{left.example}…" for left in check.leftovers]
    return "\n".join(lines)


def _programme_report(db: Database, args: argparse.Namespace, out: Path) -> str:
    from facilitator.services.programme_report import write_programme_report_file

    names = NamesMode(args.names)
    write_programme_report_file(db, args.programme_id, out, names=names)
    return f"Wrote {out} ({names.label.lower()})"


def _captures_csv(db: Database, args: argparse.Namespace, out: Path) -> str:
    from facilitator.services.capture_export import write_captures_csv

    count = write_captures_csv(db, args.session_id, out, names=NamesMode(args.names))
    return f"Wrote {count} capture(s) to {out}"


# command: (file suffix, what the file is, writer)
EXPORTS: dict[str, tuple[str, str, Callable[[Database, argparse.Namespace, Path], str]]] = {
    "runsheet": (".pdf", "run sheet", _run_sheet),
    "report": (".pdf", "report", _report),
    "programme-report": (".pdf", "programme report", _programme_report),
    "export-csv": (".csv", "CSV file", _captures_csv),
}


def add_parsers(commands: Any) -> None:
    """Add the export commands to the command line."""
    sheet = commands.add_parser(
        "runsheet", help="write a session's run sheet as a PDF (ids come from 'list')"
    )
    sheet.add_argument("session_id", type=int, metavar="SESSION_ID")
    sheet.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write it")
    sheet.add_argument(
        "--participant",
        action="store_true",
        help="the participants' version: no facilitator notes, materials or warnings",
    )
    names = ("real", "pseudonym", "organisation")
    report = commands.add_parser("report", help="write a session's report as a PDF")
    report.add_argument("session_id", type=int, metavar="SESSION_ID")
    report.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write it")
    report.add_argument(
        "--names",
        choices=names,
        default="pseudonym",
        help="how participants are named (default: pseudonym)",
    )
    report.add_argument(
        "--cues",
        action="store_true",
        help="include the pattern cues that fired for the facilitator, and what followed each",
    )
    programme = commands.add_parser(
        "programme-report", help="write a programme's report as a PDF (ids come from 'list')"
    )
    programme.add_argument("programme_id", type=int, metavar="PROGRAMME_ID")
    programme.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write it")
    programme.add_argument(
        "--names",
        choices=names,
        default="pseudonym",
        help="how participants are named (default: pseudonym)",
    )
    export = commands.add_parser("export-csv", help="write a session's captures as CSV")
    export.add_argument("session_id", type=int, metavar="SESSION_ID")
    export.add_argument("--out", required=True, metavar="FILE.csv", help="where to write it")
    export.add_argument(
        "--names",
        choices=names,
        default="pseudonym",
        help="how participants are named (default: pseudonym)",
    )


def export(data_dir: Path, args: argparse.Namespace) -> int:
    """Write the file a command asks for; say plainly what went wrong if it cannot."""
    suffix, what, write = EXPORTS[args.command]
    out = Path(args.out)
    if out.suffix.lower() != suffix:
        print(f"facilitator: the {what}'s file name must end in {suffix}", file=sys.stderr)
        return EXIT_BAD_INPUT
    db = open_store_for_reading(data_dir)
    try:
        message = write(db, args, out)
    except NotFoundError:
        thing = "programme" if hasattr(args, "programme_id") else "session"
        number = args.programme_id if thing == "programme" else args.session_id
        print(
            f"facilitator: there is no {thing} {number}; 'facilitator list' shows the ids.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"facilitator: could not write {out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        db.close()
    print(message)
    return EXIT_OK


COMMANDS = dict.fromkeys(EXPORTS, export)
