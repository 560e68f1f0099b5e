"""The command line's personal-data commands: list participants, access, erase, retention."""

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from facilitator.domain.errors import DatabaseInUseError, InvalidInputError, NotFoundError
from facilitator.services.store import open_store, open_store_for_reading

EXIT_OK = 0
EXIT_BAD_INPUT = 2
ACCESS_SUFFIXES = (".html", ".json")
_BY_HAND = "remove them from the data folder's 'backups' folder by hand."


def add_parsers(commands: Any) -> None:
    """Add the personal-data commands to the command line."""
    people = commands.add_parser(
        "participants", help="print every programme's participants with their ids"
    )
    people.add_argument("programme_id", type=int, nargs="?", metavar="PROGRAMME_ID")
    access = commands.add_parser(
        "access", help="write everything held about one participant (an access request)"
    )
    access.add_argument("participant_id", type=int, metavar="PARTICIPANT_ID")
    access.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="where to write it: FILE.html to read and print, FILE.json for programs",
    )
    erase = commands.add_parser(
        "erase",
        help="erase a participant: their name out of every record, then compact the file",
    )
    erase.add_argument("participant_id", type=int, metavar="PARTICIPANT_ID")
    erase.add_argument("--yes", action="store_true", help="erase: this cannot be undone")
    erase.add_argument(
        "--delete-backups",
        action="store_true",
        help="also delete every backup made before now (each holds the name)",
    )
    retention = commands.add_parser(
        "retention", help="list (or delete) programmes past the retention period"
    )
    retention.add_argument(
        "--months",
        type=int,
        metavar="N",
        help="keep programmes N months after they end (default: the app's setting)",
    )
    retention.add_argument(
        "--delete", action="store_true", help="delete what is listed (needs --yes too)"
    )
    retention.add_argument("--yes", action="store_true", help="confirm --delete")


def _refuse(message: str) -> int:
    print(f"facilitator: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _in_use(data_dir: Path, what: str) -> int:
    return _refuse(
        f"the app has the data in {data_dir} open, so {what}. Do it from the app, or close "
        "the app and run this again."
    )


def participants(data_dir: Path, args: argparse.Namespace) -> int:
    """Print the participants of every programme (or of one), with the ids other commands
    take."""
    from facilitator.services.programmes import list_programmes, programme_detail

    db = open_store_for_reading(data_dir)
    try:
        wanted = [p for p in list_programmes(db) if args.programme_id in (None, p.id)]
        if args.programme_id is not None and not wanted:
            return _refuse(
                f"there is no programme {args.programme_id}; 'facilitator list' shows the ids."
            )
        lines = []
        for summary in wanted:
            lines.append(f"programme {summary.id:<4} {summary.title}")
            detail = programme_detail(db, summary.id)
            lines += [f"  participant {p.id:<5} {p.name}" for p in detail.participants]
    finally:
        db.close()
    print("\n".join(lines) or "No programmes yet.")
    return EXIT_OK


def _no_participant(participant_id: int) -> int:
    return _refuse(
        f"there is no participant {participant_id}; 'facilitator participants' shows the ids."
    )


def access(data_dir: Path, args: argparse.Namespace) -> int:
    """Write everything held about one participant to a file."""
    from facilitator.services.subject_access import write_subject_access_file

    out = Path(args.out)
    if out.suffix.lower() not in ACCESS_SUFFIXES:
        return _refuse("the access request's file name must end in .html or .json")
    db = open_store_for_reading(data_dir)
    try:
        found = write_subject_access_file(db, args.participant_id, out)
    except NotFoundError:
        return _no_participant(args.participant_id)
    except OSError as error:
        return _refuse(f"could not write {out}: {error.strerror or error}")
    finally:
        db.close()
    print(
        f"Wrote {out}: {found.person.name}'s record, {len(found.attended)} session(s) "
        f"attended, {len(found.captures)} observation(s), {len(found.actions)} action(s) "
        f"and {len(found.mentions)} other mention(s)."
    )
    return EXIT_OK


def erase(data_dir: Path, args: argparse.Namespace) -> int:
    """Erase a participant, once told --yes."""
    from facilitator.services.erasure import erase_participant, erasure_preview

    db = open_store_for_reading(data_dir)
    try:
        preview = erasure_preview(db, args.participant_id)
    except NotFoundError:
        return _no_participant(args.participant_id)
    finally:
        db.close()
    if not args.yes:
        return _refuse(
            f"erasing {preview.name} ({preview.programme_title}) replaces {preview.mentions} "
            f"mention(s) of their name with [erased], unlinks {preview.captures} "
            "observation(s) and deletes their record. It cannot be undone. Run again with "
            "--yes to erase them."
        )
    try:
        db = open_store(data_dir)
    except DatabaseInUseError:
        return _in_use(data_dir, "nothing was erased")
    try:
        report = erase_participant(db, args.participant_id, delete_backups=args.delete_backups)
    finally:
        db.close()
    lines = [
        f"Erased {report.name}: {report.mentions} mention(s) replaced with [erased] in "
        f"{report.records} record(s); {report.links} observation(s) no longer name them."
    ]
    lines.append(
        "The file was compacted: the name is gone from it."
        if report.compacted
        else "The file could not be compacted now (something else was reading it): "
        "run 'facilitator erase' again later, or close and reopen the app."
    )
    if args.delete_backups:
        lines.append(f"Deleted {report.backups_removed} backup(s) made before the erasure.")
        if report.backups_left:
            lines.append(f"{report.backups_left} backup(s) could not be deleted: {_BY_HAND}")
    elif preview.backups:
        lines.append(
            f"{preview.backups} backup(s) made before now still hold the name; "
            "--delete-backups removes them."
        )
    if report.same_name_in:
        lines.append(
            "Someone with the same name is still in: " + "; ".join(report.same_name_in) + "."
        )
    print("\n".join(lines))
    return EXIT_OK


def retention(data_dir: Path, args: argparse.Namespace) -> int:
    """List the programmes past the retention period; delete them with --delete --yes."""
    from facilitator.services.retention import (
        delete_programmes,
        retention_months,
        retention_preview,
    )

    today = date.today()
    db = open_store_for_reading(data_dir)
    try:
        months = args.months if args.months is not None else retention_months(db)
        if months is None:
            return _refuse(
                "no retention period is set. Give one with --months N, or set it in the app "
                "(Retention…)."
            )
        try:
            preview = retention_preview(db, months=months, today=today)
        except InvalidInputError as error:
            return _refuse(str(error))
    finally:
        db.close()
    found, cutoff = preview.programmes, preview.cutoff.isoformat()
    if not found and not preview.backups:
        print(f"Nothing ended before {cutoff} ({months} month(s) ago): nothing to delete.")
        return EXIT_OK
    lines = [f"Past the retention period of {months} month(s) (ended before {cutoff}):"]
    lines += [
        f"  programme {c.id:<4} {c.title}  ended {c.ended.isoformat()}  "
        f"({c.participants} participant(s), {c.sessions} session(s))"
        for c in found
    ]
    if preview.backups:
        lines.append(f"  {preview.backups} backup(s) made before {cutoff}")
    print("\n".join(lines))
    if not args.delete:
        return EXIT_OK
    if not args.yes:
        return _refuse("nothing was deleted. Run again with --delete --yes to delete these.")
    try:
        db = open_store(data_dir)
    except DatabaseInUseError:
        return _in_use(data_dir, "nothing was deleted")
    try:
        ids = [candidate.id for candidate in found]
        report = delete_programmes(db, ids, months=months, today=today)
    finally:
        db.close()
    print(f"Deleted {report.programmes} programme(s) and {report.backups_removed} old backup(s).")
    if report.backups_left:
        print(f"{report.backups_left} backup(s) could not be deleted: {_BY_HAND}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "participants": participants,
    "access": access,
    "erase": erase,
    "retention": retention,
}
