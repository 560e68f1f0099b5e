"""The command line's exchange bundles: `export` a session or a programme to one file, and
`import` such a file on another laptop (checked first, then all or nothing)."""

import argparse
import sys
from pathlib import Path
from typing import Any

from facilitator.domain.errors import DatabaseInUseError, FacilitatorError, NotFoundError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
SUFFIX = ".facilitator"  # as services.bundle_file.SUFFIX, without importing the services early


def add_parsers(commands: Any) -> None:
    """Add `export` and `import` to the command line."""
    export = commands.add_parser(
        "export",
        help="write a session or a whole programme as a bundle to import on another laptop",
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int, metavar="ID", help="a session ('list' shows ids)")
    which.add_argument("--programme", type=int, metavar="ID", help="a programme, with everything")
    export.add_argument(
        "--out", required=True, metavar=f"FILE{SUFFIX}", help="where to write the bundle"
    )
    bring = commands.add_parser(
        "import", help="import a bundle made by 'export': checked first, then all or nothing"
    )
    bring.add_argument("file", metavar=f"FILE{SUFFIX}")
    bring.add_argument(
        "--dry-run", action="store_true", help="say what importing would change; change nothing"
    )


def _refuse(message: str) -> int:
    print(f"facilitator: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_export(data_dir: Path, args: argparse.Namespace) -> int:
    """Write the bundle; say plainly what went wrong if it cannot."""
    from facilitator.services.exchange_export import export_programme, export_session
    from facilitator.services.store import open_store_for_reading

    out = Path(args.out)
    if out.suffix.lower() != SUFFIX:
        return _refuse(f"the bundle's file name must end in {SUFFIX}")
    what, wanted = (
        ("session", args.session)
        if args.session is not None
        else (
            "programme",
            args.programme,
        )
    )
    db = open_store_for_reading(data_dir)
    try:
        if what == "session":
            written = export_session(db, wanted, out)
        else:
            written = export_programme(db, wanted, out)
    except NotFoundError:
        return _refuse(f"there is no {what} {wanted}; 'facilitator list' shows the ids.")
    except OSError as error:
        return _refuse(f"could not write {out}: {error.strerror or error}")
    finally:
        db.close()
    print(
        f"Wrote {out}: the {what} “{written.title}”, {written.sessions} session(s), "
        f"{written.captures:,} capture(s), {max(1, round(written.size_bytes / 1024)):,} KB."
    )
    return EXIT_OK


def run_import(data_dir: Path, args: argparse.Namespace) -> int:
    """Import the bundle (or, with --dry-run, only say what importing it would change)."""
    from facilitator.services.exchange_import import import_bundle, preview_import
    from facilitator.services.store import open_store

    path = Path(args.file)
    try:
        db = open_store(data_dir)
    except DatabaseInUseError:
        return _refuse(
            "the app has this data folder open. Import the bundle from the app's File menu, "
            "or close the app and try again."
        )
    try:
        summary = (preview_import if args.dry_run else import_bundle)(db, path)
    except FacilitatorError as error:
        return _refuse(str(error))
    finally:
        db.close()
    made = summary.created_at.strftime("%d %B %Y at %H:%M UTC")
    lead = "Would import" if args.dry_run else "Imported"
    print(f"{lead} the {summary.contents} “{summary.title}” (bundle made {made}).")
    print(summary.describe())
    for count in summary.counts:
        if count.added or count.updated or count.unchanged:
            print(
                f"  {count.kind.replace('_', ' ')}: {count.added:,} added, "
                f"{count.updated:,} updated, {count.unchanged:,} unchanged"
            )
    if args.dry_run:
        print("Nothing was changed (dry run).")
    return EXIT_OK


COMMANDS = {"export": run_export, "import": run_import}
