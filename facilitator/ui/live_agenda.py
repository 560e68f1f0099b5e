"""The day's agenda beside the live clock: what ran when, and when the rest should now run.

Items that have run show their actual times. The current item is expected to end when its
allowed time is up, or now if it has over-run; the items after it follow back to back from
there, and an item fixed to a clock time (lunch, say) keeps its time, with the squeeze shown.
Times are minutes after midnight of the session's day in the room's time zone, as in
`domain.agenda`, so a day that runs past midnight says so rather than wrapping round.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from facilitator.domain.agenda import (
    MINUTES_PER_DAY,
    PlanInput,
    clock_text,
    clock_time,
    duration_text,
    plan_agenda,
)
from facilitator.domain.snapshots import AgendaItem

type Index = QModelIndex | QPersistentModelIndex

COL_TIME, COL_ITEM = range(2)
HEADINGS = ("Time", "Item")


class RowState(StrEnum):
    DONE = "done"
    NOW = "now"
    LATER = "later"  # projected


@dataclass(frozen=True, slots=True)
class LiveAgendaRow:
    """One agenda item as the live agenda shows it: times in minutes after midnight."""

    item: AgendaItem
    state: RowState
    start: int | None  # None when the session's day cannot be placed (no clock yet)
    end: int | None
    overlap: int = 0  # minutes the items before a fixed-time item are expected to run into it


def local_minutes(moment: datetime, *, day: date, zone: ZoneInfo) -> float:
    """Return `moment` as minutes after midnight of `day` on the room's wall clock."""
    local = moment.astimezone(zone)
    days = (local.date() - day).days
    return days * MINUTES_PER_DAY + local.hour * 60 + local.minute + local.second / 60


def live_agenda_rows(
    agenda: Sequence[AgendaItem],
    *,
    now: datetime,
    zone: ZoneInfo,
    current_elapsed_seconds: float | None = None,
) -> list[LiveAgendaRow]:
    """Return the agenda with actual times for items run and projected times for the rest.

    `current_elapsed_seconds` is the current item's running time less any pauses; without
    it the item is taken to have run from its start without a break.
    """
    started = [item.actual_start for item in agenda if item.actual_start is not None]
    day = min(started, default=now).astimezone(zone).date()

    def minutes(moment: datetime) -> int:
        return int(local_minutes(moment, day=day, zone=zone))

    now_minutes = local_minutes(now, day=day, zone=zone)
    rows: list[LiveAgendaRow] = []
    cursor = now_minutes  # where the items still to run begin
    later: list[AgendaItem] = []
    for item in agenda:
        if item.actual_start is not None and item.actual_end is not None:
            rows.append(
                LiveAgendaRow(
                    item, RowState.DONE, minutes(item.actual_start), minutes(item.actual_end)
                )
            )
        elif item.actual_start is not None:
            start = local_minutes(item.actual_start, day=day, zone=zone)
            if current_elapsed_seconds is None:
                end = max(now_minutes, start + item.allowed_minutes)
            else:
                left = max(0.0, item.allowed_minutes * 60 - current_elapsed_seconds)
                end = now_minutes + left / 60
            rows.append(LiveAgendaRow(item, RowState.NOW, int(start), int(end)))
            cursor = end
        else:
            later.append(item)
    rows.extend(_projected(later, from_minutes=int(cursor)))
    return rows


def _projected(items: Sequence[AgendaItem], *, from_minutes: int) -> list[LiveAgendaRow]:
    if not items:
        return []
    # plan_agenda counts from a time of day; shift its answer back onto the session's day.
    day_offset = from_minutes - from_minutes % MINUTES_PER_DAY
    plan = plan_agenda(
        [
            PlanInput(item.title, item.allowed_minutes, item.pinned_time, item.is_break)
            for item in items
        ],
        start=clock_time(from_minutes),
    )
    return [
        LiveAgendaRow(
            item,
            RowState.LATER,
            slot.start + day_offset,
            slot.end + day_offset,
            overlap=slot.overlap,
        )
        for item, slot in zip(items, plan.slots, strict=True)
    ]


def expected_end_text(rows: Sequence[LiveAgendaRow], *, planned_end: int | None) -> str:
    """Say when the day is now expected to end, against the end planned."""
    ends = [row.end for row in rows if row.end is not None]
    if not ends:
        return ""
    end = max(ends)
    if all(row.state is RowState.DONE for row in rows):
        return f"Every item has run; the last ended at {clock_text(end)}."
    text = f"Expected to end at {clock_text(end)}"
    if planned_end is None or end == planned_end:
        return f"{text}." if planned_end is None else f"{text}, as planned."
    gap = duration_text(end - planned_end)
    if end > planned_end:
        return f"{text}, {gap} after the planned {clock_text(planned_end)}."
    return f"{text}, {gap} before the planned {clock_text(planned_end)}."


def time_text(row: LiveAgendaRow) -> str:
    if row.start is None or row.end is None:
        return ""
    return f"{clock_text(row.start)}–{clock_text(row.end)}".replace(" the next day", "+1")


def length_text(row: LiveAgendaRow) -> str:
    """Say how long an item ran, runs or is allowed, and anything the facilitator should see."""
    item = row.item
    if row.state is RowState.DONE and row.start is not None and row.end is not None:
        ran = row.end - row.start
        over = ran - item.allowed_minutes
        return f"Ran {duration_text(ran)}" + (f", {duration_text(over)} over" if over > 0 else "")
    allowed = duration_text(item.allowed_minutes)
    if item.extra_minutes:
        sign = "+" if item.extra_minutes > 0 else "−"
        allowed += f" ({sign}{abs(item.extra_minutes)} added)"
    if row.state is RowState.NOW:
        return f"Now · {allowed}"
    if row.overlap:
        return f"{allowed} · fixed; {duration_text(row.overlap)} squeezed"
    if item.pinned_time is not None:
        return f"{allowed} · fixed time"
    return allowed


def tooltip_text(row: LiveAgendaRow) -> str:
    what = {
        RowState.DONE: "Actual times.",
        RowState.NOW: "Running now. It is expected to end when its time is up, or now if over.",
        RowState.LATER: "Expected times, as the day is running.",
    }[row.state]
    if row.overlap and row.start is not None:
        what += (
            f" It is fixed at {clock_text(row.start)}, and the items before it are expected to "
            f"run {duration_text(row.overlap)} into it."
        )
    return what


class LiveAgendaModel(QAbstractTableModel):
    """The live agenda's rows; updates change only the cells that differ."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LiveAgendaRow] = []
        self._current_background = QColor()
        self._current_text = QColor()
        self._done_text = QColor()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_colours(self, *, current_background: str, current_text: str, done_text: str) -> None:
        """Use these colours for the current item and the items run (from the theme)."""
        self._current_background = QColor(current_background)
        self._current_text = QColor(current_text)
        self._done_text = QColor(done_text)
        if self._rows:
            self._changed(0, len(self._rows) - 1)

    def set_rows(self, rows: Sequence[LiveAgendaRow]) -> None:
        """Show `rows`: a reset when the agenda's items change, else only the rows that did."""
        rows = list(rows)
        if [r.item.id for r in rows] != [r.item.id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        changed = [
            i for i, (old, new) in enumerate(zip(self._rows, rows, strict=True)) if old != new
        ]
        self._rows = rows
        if changed:
            self._changed(changed[0], changed[-1])

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADINGS) - 1))

    def row_at(self, row: int) -> LiveAgendaRow:
        return self._rows[row]

    def current_row(self) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.state is RowState.NOW), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_TIME:
                return time_text(row)
            # Two lines in one column, so the titles keep their width in large text.
            return f"{row.item.title}\n{length_text(row)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.item.title}\n{tooltip_text(row)}"
        if role == Qt.ItemDataRole.BackgroundRole and row.state is RowState.NOW:
            return self._current_background
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state is RowState.NOW:
                return self._current_text
            if row.state is RowState.DONE:
                return self._done_text
            return None
        if role == Qt.ItemDataRole.FontRole and row.state is RowState.NOW:
            return self._bold
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADINGS[section]
        return str(section + 1)
