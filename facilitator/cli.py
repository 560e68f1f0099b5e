"""The command line: `facilitator` opens the app; subcommands work without a window."""

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from facilitator import APP_NAME

EXIT_OK = 0
EXIT_PROBLEMS_FOUND = 1
EXIT_BAD_INPUT = 2
# Modules of commands beyond list and check; the app's own start never imports them.
COMMAND_MODULES = ("cli_exports", "cli_backups", "cli_exchange", "cli_privacy")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description="Plan, run and write up system-leadership workshops. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder holding the database (default: the platform's user data folder, "
        "or FACILITATOR_DATA_DIR)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    listing = commands.add_parser("list", help="print programmes, modules and sessions with ids")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    commands.add_parser("check", help="run a full integrity check of the database")
    for module in _command_modules():
        module.add_parsers(commands)
    return parser


class _VersionAction(argparse.Action):
    """Print the version, read from the installed metadata only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS, help="show the version and exit")
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        import facilitator

        print(f"{APP_NAME} {facilitator.__version__}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        from facilitator.app import run_app

        return run_app(data_dir=args.data_dir)
    # A console that cannot show a character (say, cp1252 on Windows) gets "?" for it
    # rather than a failed command.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from facilitator.logs import log_unexpected, setup_logging

    log_path = setup_logging()
    from facilitator.domain.errors import (
        DatabaseUnreadableError,
        DataFolderError,
        FacilitatorError,
    )

    try:
        return _run_command(args)
    except FacilitatorError as error:
        print(f"facilitator: {error}", file=sys.stderr)
        if isinstance(error, DataFolderError | DatabaseUnreadableError):
            print(
                "facilitator: to use another data folder, run with --data-dir DIR or set "
                "FACILITATOR_DATA_DIR.",
                file=sys.stderr,
            )
        return EXIT_BAD_INPUT
    except Exception:
        log_unexpected(*sys.exc_info())
        where = f" Details are in {log_path}." if log_path else ""
        print(
            f"facilitator: something unexpected went wrong; no data was changed.{where}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS_FOUND


def _command_modules() -> tuple[Any, ...]:
    """Return the modules that add commands: each has `add_parsers(commands)` and
    `COMMANDS`, a dict of command name to `run(data_dir, args) -> exit code`."""
    import importlib

    return tuple(importlib.import_module(f"facilitator.{name}") for name in COMMAND_MODULES)


def _run_command(args: argparse.Namespace) -> int:
    from facilitator.storage.location import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    if args.command == "check":
        return _check(data_dir)
    for module in _command_modules():
        if args.command in module.COMMANDS:
            return module.COMMANDS[args.command](data_dir, args)
    from facilitator.services.programmes import list_programmes
    from facilitator.services.store import open_store_for_reading

    db = open_store_for_reading(data_dir)
    try:
        programmes = list_programmes(db)
    finally:
        db.close()
    if args.json:
        # ASCII-only JSON is still exact (names come back through \u escapes), and survives
        # any console or pipe encoding.
        print(json.dumps({"programmes": [_programme_json(p) for p in programmes]}, indent=2))
    else:
        print(_programmes_text(programmes) or "No programmes yet.")
    return EXIT_OK


def _check(data_dir: Path) -> int:
    from facilitator.services.store import check_data_folder

    path, problems = check_data_folder(data_dir)
    if problems:
        print(f"{path}: {len(problems)} problem(s) found:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print(
            "Keep a copy of the file as it is, then restore the newest backup from the "
            "'backups' folder beside it, if there is one.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS_FOUND
    print(f"{path}: no problems found.")
    return EXIT_OK


def _iso(value: date | time | None) -> str | None:
    return (
        value.isoformat(timespec="minutes")
        if isinstance(value, time)
        else (value.isoformat() if value else None)
    )


def _session_json(session: Any) -> dict[str, Any]:
    return {
        "id": session.id,
        "uuid": session.uuid,
        "title": session.title,
        "date": _iso(session.date),
        "start_time": _iso(session.start_time),
        "kind": session.kind.value,
        "status": session.status.value,
    }


def _programme_json(programme: Any) -> dict[str, Any]:
    from facilitator.domain.status import overall_status

    every_session = [s for m in programme.modules for s in m.sessions]
    every_session += programme.loose_sessions
    return {
        "id": programme.id,
        "uuid": programme.uuid,
        "title": programme.title,
        "client_system": programme.client_system,
        "date": _iso(programme.start_date),
        "end_date": _iso(programme.end_date),
        "status": overall_status(s.status for s in every_session),
        "is_sample": programme.is_sample,
        "modules": [
            {
                "id": module.id,
                "uuid": module.uuid,
                "position": module.position,
                "title": module.title,
                "date": _iso(module.sessions[0].date) if module.sessions else None,
                "status": overall_status(s.status for s in module.sessions),
                "sessions": [_session_json(s) for s in module.sessions],
            }
            for module in programme.modules
        ],
        "sessions": [_session_json(s) for s in programme.loose_sessions],
    }


def _programmes_text(programmes: Sequence[Any]) -> str:
    def session_line(session: Any, indent: str) -> str:
        when = " ".join(filter(None, (_iso(session.date), _iso(session.start_time))))
        return f"{indent}session {session.id:<5} {session.title}  {when}  {session.status.value}"

    lines: list[str] = []
    for programme in programmes:
        sample = "  (sample)" if programme.is_sample else ""
        lines.append(f"programme {programme.id:<4} {programme.title}{sample}")
        for module in programme.modules:
            lines.append(f"  module {module.id:<5} {module.position}. {module.title}")
            lines.extend(session_line(s, "    ") for s in module.sessions)
        lines.extend(session_line(s, "  ") for s in programme.loose_sessions)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
