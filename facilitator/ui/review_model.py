"""The review's timeline: the session's captures in their own order, each with its number
and its marks (★ key moment, ❝ quote), in a table that never measures its rows.
"""

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from facilitator.domain.snapshots import Observation
from facilitator.ui.timeline_model import (
    CODES,
    HEADINGS,
    ITEM,
    LASTED,
    NOTE,
    TIME,
    WHO,
    ObservationRole,
    TimelineModel,
    is_running,
)

NUMBER, MARKS = len(HEADINGS), len(HEADINGS) + 1
KEY_MOMENT_MARK, QUOTE_MARK = "★", "❝"
MARK_COLOUR = QColor("#9A6700")  # a dark amber that reads on light and alternate rows
# The order the columns read in, left to right; the note takes what width is left.
VISUAL_ORDER = (NUMBER, MARKS, TIME, ITEM, CODES, LASTED, WHO, NOTE)
# How long a state lasted is in the detail pane; the table keeps its width for the note.
WIDTHS = {NUMBER: "#0000", MARKS: "★❝", TIME: "00:00:00"}
SHARES = {ITEM: 0.15, CODES: 0.25, WHO: 0.17}  # of the width left after the fixed columns


def marks_text(observation: Observation) -> str:
    return (KEY_MOMENT_MARK if observation.key_moment else "") + (
        QUOTE_MARK if observation.quote else ""
    )


class ReviewModel(TimelineModel):
    """The timeline in the session's own order, with each capture's number and its marks."""

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS) + 2

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() < NUMBER:
            return super().data(index, role)
        if not 0 <= index.row() < self.rowCount():
            return None
        observation = self.observation(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NUMBER:
                return f"#{observation.number}" if observation.number is not None else ""
            return marks_text(observation)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NUMBER:
                return "The capture's number, as a narrative cites it"
            named = [
                name
                for name, marked in (
                    ("Key moment", observation.key_moment),
                    ("Quote", observation.quote),
                )
                if marked
            ]
            return " and ".join(named) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if column == NUMBER else Qt.AlignmentFlag.AlignCenter
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == MARKS:
            return MARK_COLOUR
        if role == Qt.ItemDataRole.FontRole and is_running(observation):
            return super().data(self.index(index.row(), 0), role)
        if role == ObservationRole:
            return observation
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and section >= NUMBER:
            if role == Qt.ItemDataRole.DisplayRole:
                return "#" if section == NUMBER else KEY_MOMENT_MARK
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "The capture's number, as a narrative cites it"
                    if section == NUMBER
                    else "★ key moment, ❝ quote"
                )
            return None
        return super().headerData(section, orientation, role)


def timeline_view(model: QAbstractItemModel) -> QTableView:
    """Return the read-only, row-selecting table the review shows its timeline in."""
    view = QTableView()
    view.setObjectName("reviewTimeline")
    view.setModel(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setShowGrid(False)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one height: no measuring rows
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
    view.setColumnHidden(LASTED, True)
    for place, column in enumerate(VISUAL_ORDER):
        header.moveSection(header.visualIndex(column), place)
    return view


def size_columns(view: QTableView) -> None:
    """Share the width out from sample text, never by measuring rows: fixed columns first,
    then the agenda item, codes and people; the note takes the rest."""
    metrics = view.fontMetrics()
    rest = view.viewport().width()
    for column, sample in WIDTHS.items():
        view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 14)
        rest -= view.columnWidth(column)
    rest = max(rest, metrics.horizontalAdvance("x" * 60))
    for column, share in SHARES.items():
        view.setColumnWidth(column, int(rest * share))
