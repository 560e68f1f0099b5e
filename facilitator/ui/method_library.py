"""The method library panel: find a reusable activity, read it, and put it into an agenda."""

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.changes import Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.fields import MethodFields
from facilitator.domain.snapshots import Method
from facilitator.services import methods as library
from facilitator.ui import dialogs
from facilitator.ui.icons import icon
from facilitator.ui.method_dialog import MethodDialog
from facilitator.ui.table_model import Column, SnapshotTableModel

# The agenda editor accepts drops of this type; the payload is UTF-8 JSON {"method_id": 7}.
METHOD_MIME = "application/x-facilitator-method"

LIBRARY_CHANGED = Changes(library=True)
TITLE, MINUTES, SOURCE = range(3)
MUTED_TEXT = QColor("#5F6368")
DETAIL_PROMPT = "Choose an activity to read it in full."

type Index = QModelIndex | QPersistentModelIndex


def method_mime(method_id: int) -> QMimeData:
    """Return drag data that names one method of the library."""
    data = QMimeData()
    data.setData(METHOD_MIME, json.dumps({"method_id": method_id}).encode())
    return data


def method_id_from_mime(mime: QMimeData) -> int | None:
    """Return the method id a drag carries, or None if it carries none (or junk)."""
    if mime is None or not mime.hasFormat(METHOD_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(METHOD_MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    method_id = payload.get("method_id") if isinstance(payload, dict) else None
    # bool is a subclass of int, and `true` names no method.
    if isinstance(method_id, int) and not isinstance(method_id, bool) and method_id > 0:
        return method_id
    return None


def minutes_text(minutes: int) -> str:
    return f"{minutes} min"


COLUMNS = (
    Column("Activity", lambda m: m.title, tooltip=lambda m: _tooltip(m)),
    Column("Time", lambda m: minutes_text(m.typical_minutes), right_aligned=True),
    Column("Source", lambda m: "Built-in" if m.builtin else "Your own"),
)


def _tooltip(method: Method) -> str:
    return f"{method.title}\n\n{method.purpose}" if method.purpose else method.title


class MethodTableModel(SnapshotTableModel):
    """The library's methods, one a row; rows can be dragged into an agenda."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)

    def method(self, row: int) -> Method:
        return self.row_snapshot(row)

    def row_of(self, method_id: int) -> int:
        """Return the row showing `method_id`, or -1."""
        return next((row for row in range(self.rowCount()) if self.method(row).id == method_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == SOURCE
            and 0 <= index.row() < self.rowCount()
            and self.method(index.row()).builtin
        ):
            return MUTED_TEXT  # quiet, so the user's own activities stand out
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [METHOD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if not rows:
            return QMimeData()
        return method_mime(self.method(rows[0]).id)


class MethodFilter(QSortFilterProxyModel):
    """Keep the methods whose title, description, purpose or materials hold every word."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        if hasattr(self, "endFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, MethodTableModel)
        method = model.method(source_row)
        text = " ".join(
            (method.title, method.description, method.purpose, method.materials)
        ).casefold()
        return all(word in text for word in self._words)


class MethodLibraryPanel(QWidget):
    """Search the library, read an activity and insert it into the agenda on show."""

    insert_requested = Signal(object)  # the Method to insert
    changes_made = Signal(object)  # Changes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db: Any = None  # the open store: an opaque handle passed to services
        self._insert_enabled = False
        self.model = MethodTableModel(self)
        self.filter = MethodFilter(self)
        self.filter.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search activities")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._search_did_change)
        self.search.installEventFilter(self)

        self.view = self._make_view()
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)  # drawn in the platform's muted text colour
        self.list_pane = QStackedWidget()
        self.list_pane.addWidget(self.view)
        self.list_pane.addWidget(self.empty)

        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setObjectName("methodDetail")
        self.detail.setPlaceholderText(DETAIL_PROMPT)

        self.insert_button = QPushButton(icon("agenda"), "Insert into agenda")
        self.insert_button.setToolTip("Add the chosen activity to the agenda on show")
        self.insert_button.clicked.connect(self.request_insert)
        self.new_button = QPushButton(icon("add"), "New activity…")
        self.new_button.setToolTip("Add an activity of your own to the library")
        self.new_button.clicked.connect(self.add_method)
        self.edit_button = QPushButton(icon("edit"), "Edit…")
        self.edit_button.setToolTip("Change the chosen activity")
        self.edit_button.clicked.connect(self.edit_method)
        self.delete_button = QPushButton(icon("delete"), "Delete…")
        self.delete_button.setToolTip("Remove the chosen activity from the library")
        self.delete_button.clicked.connect(self.delete_method)

        manage = QHBoxLayout()
        manage.addWidget(self.new_button)
        manage.addStretch(1)
        manage.addWidget(self.edit_button)
        manage.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list_pane)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.insert_button)
        layout.addLayout(manage)
        self._show_rows()
        self._selection_did_change()

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.filter)  # the view reads through the search filter
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setShowGrid(False)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setDragEnabled(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        view.setDefaultDropAction(Qt.DropAction.CopyAction)
        view.setTabKeyNavigation(False)
        view.selectionModel().selectionChanged.connect(self._selection_did_change)
        view.doubleClicked.connect(self._double_clicked)
        view.installEventFilter(self)
        return view

    # The store -------------------------------------------------------------------------

    def attach_store(self, db: Any) -> None:
        self._db = db

    def refresh(self) -> None:
        """Read the library again, keeping the chosen method chosen if it is still there."""
        chosen = self.selected_method()
        methods = library.list_methods(self._db) if self._db is not None else []
        self.model.set_rows(methods)
        if chosen is None or not self.select_method(chosen.id):
            self._selection_did_change()
        self._show_rows()

    # Selection -------------------------------------------------------------------------

    def selected_method(self) -> Method | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.method(self.filter.mapToSource(rows[0]).row())

    def select_method(self, method_id: int) -> bool:
        """Choose the method with this id; return False if the list does not show it."""
        row = self.model.row_of(method_id)
        index = self.filter.mapFromSource(self.model.index(row, TITLE)) if row >= 0 else None
        if index is None or not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def set_insert_enabled(self, enabled: bool) -> None:
        """Say whether an agenda is on show, so an activity can be inserted into it."""
        self._insert_enabled = enabled
        self._update_buttons()

    def _selection_did_change(self, *_args: object) -> None:
        self._show_detail(self.selected_method())
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_method() is not None
        self.insert_button.setEnabled(chosen and self._insert_enabled)
        self.edit_button.setEnabled(chosen and self._db is not None)
        self.delete_button.setEnabled(chosen and self._db is not None)
        self.new_button.setEnabled(self._db is not None)

    def _show_detail(self, method: Method | None) -> None:
        self.detail.clear()
        if method is None:
            return
        cursor = QTextCursor(self.detail.document())
        plain = QTextCharFormat()
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        big = QTextCharFormat(bold)
        big.setFontPointSize(self.font().pointSizeF() * 1.2)
        muted = QTextCharFormat()
        muted.setForeground(MUTED_TEXT)
        # insertText never reads markup: what people typed is shown exactly as typed.
        cursor.insertText(method.title, big)
        source = "built-in activity" if method.builtin else "your own activity"
        cursor.insertText(f"\n{method.typical_minutes} minutes · {source}", muted)
        if method.description:
            cursor.insertText(f"\n\n{method.description}", plain)
        for caption, text in (("Purpose", method.purpose), ("Materials", method.materials)):
            if text:
                cursor.insertText(f"\n\n{caption}", bold)
                cursor.insertText(f"\n{text}", plain)
        self.detail.moveCursor(QTextCursor.MoveOperation.Start)

    # Searching -------------------------------------------------------------------------

    def _search_did_change(self, text: str) -> None:
        self.filter.set_search(text)
        self._show_rows()
        self._selection_did_change()

    def _show_rows(self) -> None:
        """Show the list, or a sentence in its place when it has nothing to show."""
        if self.filter.rowCount() > 0:
            self.list_pane.setCurrentWidget(self.view)
            return
        typed = self.search.text().strip()
        if typed:
            self.empty.setText(f"No activity matches “{typed}”.")
        elif self._db is None:
            self.empty.setText("The method library is not open.")
        else:
            self.empty.setText("The library has no activities yet. Add one with New activity…")
        self.list_pane.setCurrentWidget(self.empty)

    # Keys and mouse --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.request_insert()
                return True
            if watched is self.search and key == Qt.Key.Key_Down and self.filter.rowCount():
                # From the search box straight into the list it has narrowed.
                self.view.setFocus()
                if self.selected_method() is None:
                    self.view.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.request_insert()

    def request_insert(self) -> None:
        """Ask for the chosen method to go into the agenda, if an agenda is on show."""
        method = self.selected_method()
        if method is not None and self._insert_enabled:
            self.insert_requested.emit(method)

    # Changing the library --------------------------------------------------------------

    def add_method(self) -> None:
        """Ask for a new activity and add it to the library."""
        db = self._db
        if db is None:
            return
        added: list[int] = []

        def save(fields: MethodFields) -> None:
            added.append(library.add_method(db, fields))

        if MethodDialog.ask(self, title="New activity", initial=None, save=save) and added:
            self._did_change(added[0])

    def edit_method(self) -> None:
        """Change the chosen activity."""
        method, db = self.selected_method(), self._db
        if method is None or db is None:
            return

        def save(fields: MethodFields) -> None:
            library.update_method(db, method.id, fields)

        if MethodDialog.ask(
            self, title="Edit activity", initial=library.method_fields(method), save=save
        ):
            self._did_change(method.id)

    def delete_method(self) -> None:
        """Delete the chosen activity once the user confirms."""
        method, db = self.selected_method(), self._db
        if method is None or db is None:
            return
        text = (
            f"Delete “{method.title}” from the method library? Agendas that already use it "
            "keep their items. This cannot be undone."
        )
        if method.builtin:
            text += " It is a built-in activity and will not be added back."
        if not dialogs.ConfirmDialog.ask(
            self, title="Delete activity", text=text, action="Delete activity"
        ):
            return
        try:
            changes = library.delete_method(db, method.id)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="Activity not deleted", text=str(error))
            changes = LIBRARY_CHANGED  # it may have gone already: show the library as it is
        self.view.clearSelection()
        self.refresh()
        self.changes_made.emit(changes)

    def _did_change(self, method_id: int) -> None:
        self.refresh()
        if not self.select_method(method_id):
            self.search.clear()  # the search hid it: show everything so it can be seen
            self.select_method(method_id)
        self.changes_made.emit(LIBRARY_CHANGED)
