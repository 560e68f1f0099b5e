"""What the live window's side panels share: a base panel, tick-box tables, a text dialog.

Each panel is built with the session's LiveRun, writes through the services (one transaction
per click), emits `changes_made` with what changed and redraws itself; `refresh()` redraws it
after a change made elsewhere. A refusal shows as a line of text in the panel, never as a
dialog in the facilitator's way: the room comes first.
"""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.services.live_run import LiveRun
from facilitator.ui.forms import FormDialog
from facilitator.ui.table_model import Column, Index, SnapshotTableModel
from facilitator.ui.widgets import table_view

CAPTURED = Changes(observations=True)
HEADING_SCALE = 1.3
# A problem brings its own background, so it reads in the normal and high-contrast looks.
PROBLEM_STYLE = (
    "QLabel { background-color: #FDE6D8; color: #7A1B00; border: 1px solid #D55E00;"
    " border-radius: 4px; padding: 4px 6px; }"
)
# The high-contrast look draws no tick boxes of its own: tick boxes that show on black.
HIGH_CONTRAST_TICKS = """
QCheckBox::indicator, QTableView::indicator {
    width: 18px; height: 18px; border: 2px solid #FFFFFF; border-radius: 3px;
    background-color: #000000;
}
QCheckBox::indicator:checked, QTableView::indicator:checked { background-color: #56B4E9; }
"""


class LivePanel(QWidget):
    """What every live panel shares: a heading, a problem line and the `changes_made` signal.

    Text takes its size from the live window, whose theme sets larger text for dim rooms in
    its style sheet. A style sheet's font beats `setFont`, so the heading and other larger
    text get a style sheet of their own, sized from the panel's font whenever that changes.
    """

    changes_made = Signal(object)  # Changes

    def __init__(self, run: LiveRun, *, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.problem = QLabel()
        self.problem.setObjectName("panelProblem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.heading = QLabel(title)
        self.heading.setObjectName("panelHeading")
        self.column = QVBoxLayout(self)
        self.column.addWidget(self.heading)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.scale_fonts()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.scale_fonts()

    def scale_fonts(self) -> None:
        """Size the larger text from the panel's own font (set by the window's theme)."""
        set_scaled(self.heading, self.font(), HEADING_SCALE)

    def set_theme(self, theme: object) -> None:
        """Follow the live window's look: tick boxes that show, and larger text sized once the
        look's style sheet has been applied."""
        normal = getattr(theme, "key", "normal") == "normal"
        self.setStyleSheet("" if normal else HIGH_CONTRAST_TICKS)
        QTimer.singleShot(0, self, self.scale_fonts)

    def refresh(self) -> None:
        raise NotImplementedError

    def refresh_soon(self) -> None:
        """Redraw once the current event is over (several changes, one redraw)."""
        self._refresh_timer.start()

    def problem_text(self) -> str:
        return "" if self.problem.isHidden() else self.problem.text()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def attempt(self, work: Callable[[], object], *, soon: bool = False) -> bool:
        """Run one user action; show a refusal in the panel, or redraw and announce it."""
        try:
            changes = work()
        except FacilitatorError as error:
            self.show_problem(str(error))
            return False
        self.did_change(changes if isinstance(changes, Changes) else CAPTURED, soon=soon)
        return True

    def did_change(self, changes: Changes = CAPTURED, *, soon: bool = False) -> None:
        """Clear any problem, redraw (now, or once this event is over) and announce it."""
        self.show_problem("")
        if soon:  # a tick box's click is still being handled: redraw after it
            self.refresh_soon()
        else:
            self.refresh()
        self.changes_made.emit(changes)


def set_scaled(label: QLabel, font: QFont, scale: float, *, bold: bool = True) -> None:
    """Show `label` `scale` times the size of `font` (bold unless asked otherwise)."""
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    weight = "bold" if bold else "normal"
    label.setStyleSheet(
        f"QLabel {{ font-size: {size * scale:.1f}pt; font-weight: {weight};"
        " background: transparent; }"
    )


def panel_button(text: str, slot: Callable[[], None]) -> QPushButton:
    """Return a button that calls `slot` when clicked (never a dialog-style default)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button


def button_row(*widgets: QWidget, stretch_first: bool = False) -> QHBoxLayout:
    """Lay `widgets` out in a row: packed to the left, or the first one stretched."""
    row = QHBoxLayout()
    for number, widget in enumerate(widgets):
        row.addWidget(widget, 1 if stretch_first and number == 0 else 0)
    if not stretch_first:
        row.addStretch(1)
    return row


class TickModel(SnapshotTableModel):
    """A snapshot table whose first column is a tick box (done, addressed)."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        ticked: Callable[[Any], bool | None],
        on_tick: Callable[[Any, bool], None],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._ticked = ticked  # None: this row has no tick box
        self._on_tick = on_tick

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (
            index.isValid()
            and index.column() == 0
            and self._ticked(self.row_snapshot(index.row())) is not None
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            if not index.isValid() or index.column() != 0:
                return None
            ticked = self._ticked(self.row_snapshot(index.row()))
            if ticked is None:
                return None
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column():
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self._on_tick(self.row_snapshot(index.row()), checked)
        return True


def wrapping_table(model: SnapshotTableModel, *, stretch_column: int) -> QTableView:
    """Return a table for a narrow panel: short columns fit their contents (in any font) and
    the long one takes the rest, its text wrapping onto more lines."""
    view = table_view(model, stretch_column=stretch_column)
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    for number in range(model.columnCount()):
        if number != stretch_column:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
    return view


def selected_snapshot(view: Any) -> Any | None:
    """Return the snapshot on the view's selected row, or None."""
    rows = view.selectionModel().selectedRows()
    return view.model().row_snapshot(rows[0].row()) if rows else None


def select_id(view: Any, wanted: int | None) -> None:
    """Select the row whose snapshot has the id `wanted`, if it is shown."""
    model = view.model()
    for number in range(model.rowCount()):
        if model.row_snapshot(number).id == wanted:
            view.selectRow(number)
            return


class TextDialog(FormDialog):
    """One line of text to change (a conflict's name, a parked item)."""

    def __init__(
        self, parent: QWidget | None, *, title: str, caption: str, field: str, current: str
    ) -> None:
        super().__init__(parent, title=title)
        self.text = QLineEdit(current)
        self.add_field(field, caption, self.text)  # `field`: the name the service's errors use

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        caption: str,
        field: str,
        current: str,
        save: Callable[[str], object],
    ) -> bool:
        """Show the dialog; OK calls `save(text)`. Return True if it was saved."""
        dialog = cls(parent, title=title, caption=caption, field=field, current=current)

        def save_text() -> None:
            save(dialog.text.text())

        dialog.set_save(save_text)
        return bool(dialog.exec())
