"""A quick picker of a session's captures, to cite one in the narrative as `[#n]`.

Type to filter (every word must appear in the number, time, item or note); Up and Down move
through what is left without leaving the filter box; Enter cites the highlighted capture.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.snapshots import SessionDetail
from facilitator.domain.timezones import zone
from facilitator.ui.formatting import plural
from facilitator.ui.table_model import Column, SnapshotRole, SnapshotTableModel
from facilitator.ui.widgets import table_view

NOTE_LENGTH = 90  # characters of the note shown: enough to recognise it
NAVIGATION_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


@dataclass(frozen=True, slots=True)
class CaptureChoice:
    """One capture as the picker lists it."""

    number: int
    clock: str
    item: str
    note: str  # the whole note, on one line
    words: str  # everything the filter searches, casefolded

    @property
    def opening(self) -> str:
        """The first words of the note."""
        if len(self.note) <= NOTE_LENGTH:
            return self.note
        return self.note[: NOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def capture_choices(detail: SessionDetail) -> list[CaptureChoice]:
    """Return the session's numbered captures, in time order, ready to pick from."""
    room = zone(detail.timezone)
    choices = []
    for observation in detail.observations:
        if observation.number is None:
            continue
        clock = observation.occurred_at.astimezone(room).strftime("%H:%M")
        item = " ".join(observation.agenda_item_title.split())
        note = " ".join(observation.note.split())
        codes = " ".join(code.label for code in observation.codes)
        words = f"#{observation.number} {clock} {item} {note} {codes}".casefold()
        choices.append(CaptureChoice(observation.number, clock, item, note, words))
    return choices


COLUMNS = (
    Column("#", lambda c: f"#{c.number}", right_aligned=True),
    Column("Time", lambda c: c.clock),
    Column("Agenda item", lambda c: c.item, max_width=220),
    Column("Note", lambda c: c.opening, tooltip=lambda c: c.note),
)


class _WordsFilter(QSortFilterProxyModel):
    """Keeps the captures whose words include every word typed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_words(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        choice: CaptureChoice = self.sourceModel().index(row, 0, parent).data(SnapshotRole)
        return all(word in choice.words for word in self._words)


class CitePicker(QDialog):
    """Pick one capture to cite."""

    def __init__(self, parent: QWidget | None, *, choices: Sequence[CaptureChoice]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cite a capture")
        self.resize(760, 460)
        self.choices = list(choices)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to filter: a number, a time, an item or words")
        self.search.setClearButtonEnabled(True)
        self.model = SnapshotTableModel(COLUMNS, self)
        self.model.set_rows(self.choices)
        self.proxy = _WordsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = table_view(self.model, stretch_column=3)
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(2, min(self.view.columnWidth(2), 220))
        self.count = QLabel()
        self.count.setEnabled(False)  # muted
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.cite_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cite_button.setText("Cite")
        self.cite_button.setDefault(True)  # Enter in the filter box cites the highlighted row
        self.buttons.accepted.connect(self._accept_if_chosen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.view.doubleClicked.connect(lambda _index: self._accept_if_chosen())
        self._filter("")

    def chosen(self) -> int | None:
        """Return the number of the highlighted capture, if any."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(SnapshotRole).number

    def _filter(self, text: str) -> None:
        self.proxy.set_words(text)
        shown = self.proxy.rowCount()
        self.count.setText(
            f"Showing {shown} of {plural(len(self.choices), 'capture')}"
            if shown != len(self.choices)
            else plural(len(self.choices), "capture")
        )
        if not shown:
            self.count.setText(
                "No capture matches." if self.choices else "This session has no captures yet."
            )
        self.cite_button.setEnabled(shown > 0)
        # A number typed alone goes straight to that capture; otherwise to the first match.
        wanted = text.strip().lstrip("#")
        number = int(wanted) if wanted.isdigit() and len(wanted) < 10 else None
        row = next(
            (r for r in range(shown) if self.proxy.index(r, 0).data(SnapshotRole).number == number),
            0,
        )
        if shown:
            self.view.selectRow(row)
            self.view.scrollTo(self.proxy.index(row, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in NAVIGATION_KEYS:
                QApplication.sendEvent(self.view, event)  # move in the list, keep typing here
                return True
        return super().eventFilter(watched, event)

    def _accept_if_chosen(self) -> None:
        if self.chosen() is not None:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, *, choices: Sequence[CaptureChoice]) -> int | None:
        """Return the number of the capture the user chose to cite, or None."""
        dialog = cls(parent, choices=choices)
        dialog.search.setFocus()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
