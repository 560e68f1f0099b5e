"""The response grid: one row per participant, one column per question, answers 1 to 5.

Typing a digit from 1 to 5 sets the answer and moves right; Delete, Backspace or 0 clears it.
The grid does not save: it asks for each edit through `answer_entered`, and the tab calls the
service and reloads, so a refused answer never shows as if it were stored.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from facilitator.domain.snapshots import Participant, SurveyQuestion
from facilitator.domain.survey_results import Agreement

Index = QModelIndex | QPersistentModelIndex
HEADER_LENGTH = 60  # characters of a question shown in its column heading; the rest in a tooltip


def _short(text: str) -> str:
    return text if len(text) <= HEADER_LENGTH else text[: HEADER_LENGTH - 1].rstrip() + "…"


class ResponseGridModel(QAbstractTableModel):
    """Named answers at one time point: rows are participants, columns are questions."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: tuple[Participant, ...] = ()
        self._questions: tuple[SurveyQuestion, ...] = ()
        self._answers: dict[tuple[int, int], int] = {}

    def set_grid(
        self,
        *,
        people: Sequence[Participant],
        questions: Sequence[SurveyQuestion],
        answers: Mapping[tuple[int, int], int],
    ) -> None:
        """Replace everything shown; answers are keyed by (question id, participant id)."""
        same_shape = [p.id for p in people] == [p.id for p in self._people] and [
            q.id for q in questions
        ] == [q.id for q in self._questions]
        if same_shape and self._questions:
            # Keep the current cell (and the typist's place) when only answers changed.
            self._answers = dict(answers)
            self._questions = tuple(questions)
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self._people, self._questions = tuple(people), tuple(questions)
        self._answers = dict(answers)
        self.endResetModel()

    def key(self, index: Index) -> tuple[int, int]:
        """Return the (question id, participant id) a cell holds."""
        return self._questions[index.column()].id, self._people[index.row()].id

    def answer(self, index: Index) -> int | None:
        return self._answers.get(self.key(index))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._questions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        answer = self.answer(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if answer is None else str(answer)
        if role == Qt.ItemDataRole.ToolTipRole:
            if answer is None:
                return "No answer. Type 1 to 5 to enter one."
            return f"{answer}: {Agreement(answer).label}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._questions):
                return None
            text = self._questions[section].text
            if role == Qt.ItemDataRole.DisplayRole:
                return _short(text)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._people):
            return self._people[section].name
        return None


class ResponseGridView(QTableView):
    """A table for fast entry of answers from the keyboard."""

    answer_entered = Signal(object, object)  # (question id, participant id), answer or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(130)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def grid(self) -> ResponseGridModel:
        model = self.model()
        assert isinstance(model, ResponseGridModel)
        return model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        text = event.text()
        if index.isValid() and text in {"1", "2", "3", "4", "5"}:
            self.answer_entered.emit(self.grid().key(index), int(text))
            self._move_on(index)
            return
        if index.isValid() and (
            text == "0" or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.answer_entered.emit(self.grid().key(index), None)
            return
        if index.isValid() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._move_on(index)
            return
        if (
            text
            and text.isprintable()
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            return  # other characters are not answers: ignore them rather than search the table
        super().keyPressEvent(event)

    def _move_on(self, index: QModelIndex) -> None:
        """Go to the next question, or the first question of the next person."""
        model = self.grid()
        row, column = index.row(), index.column() + 1
        if column >= model.columnCount():
            row, column = row + 1, 0
        if row < model.rowCount():
            self.setCurrentIndex(model.index(row, column))
