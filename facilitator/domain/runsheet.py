"""A run sheet as plain data: what the printed plan of one session shows."""

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True, slots=True)
class RunSheetItem:
    """One line of a run sheet, with its planned clock times."""

    number: int
    start: time | None
    end: time | None
    title: str
    method: str
    minutes: int
    purpose: str
    facilitator_notes: str
    materials: str
    is_break: bool
    pinned: bool


@dataclass(frozen=True, slots=True)
class RunSheet:
    """One session's plan, ready to print."""

    programme_title: str
    client_system: str
    module_title: str
    session_title: str
    date: date | None
    start: time | None
    end: time | None
    venue: str
    kind_label: str
    facilitators: str
    items: tuple[RunSheetItem, ...]
    total_minutes: int
    available_minutes: int | None
    warnings: tuple[str, ...]
