"""Run sheets: the printed plan of a session, for the facilitator or for participants."""

from pathlib import Path

from facilitator.domain.agenda import clock_time, plan_agenda, plan_input
from facilitator.domain.runsheet import RunSheet, RunSheetItem
from facilitator.services.lookup import fetch
from facilitator.storage.database import Database
from facilitator.storage.tables import SessionRow


def run_sheet(db: Database, session_id: int) -> RunSheet:
    """Return the run sheet of one session, with clock times and any warnings."""
    with db.reading() as session:
        row = fetch(session, SessionRow, session_id, what="That session")
        items = list(row.agenda_items)
        plan = plan_agenda(
            [plan_input(item) for item in items],
            start=row.start_time,
            end=row.end_time,
        )
        lines = []
        for number, item in enumerate(items, start=1):
            slot = plan.slots[number - 1] if plan.slots else None
            lines.append(
                RunSheetItem(
                    number=number,
                    start=clock_time(slot.start) if slot else None,
                    end=clock_time(slot.end) if slot else None,
                    title=item.title,
                    method=item.method,
                    minutes=item.planned_minutes,
                    purpose=item.purpose,
                    facilitator_notes=item.facilitator_notes,
                    materials=item.materials,
                    is_break=item.is_break,
                    pinned=item.pinned_time is not None,
                )
            )
        return RunSheet(
            programme_title=row.programme.title,
            client_system=row.programme.client_system,
            module_title=row.module.title if row.module else "",
            session_title=row.title,
            date=row.date,
            start=row.start_time,
            end=row.end_time,
            venue=row.venue,
            kind_label=row.kind.label,
            facilitators=row.programme.facilitators,
            items=tuple(lines),
            total_minutes=plan.total_minutes,
            available_minutes=plan.available_minutes,
            warnings=tuple(warning.message for warning in plan.warnings),
        )


def write_run_sheet_file(
    db: Database, session_id: int, path: Path, *, participant: bool = False
) -> Path:
    """Write the session's run sheet as a PDF at `path` and return the path."""
    from facilitator.reports.runsheet import write_run_sheet

    write_run_sheet(run_sheet(db, session_id), path, participant=participant)
    return path
