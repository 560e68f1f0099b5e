"""Small building blocks shared by the detail pages."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QWidget,
)

from facilitator.ui.style import DETAIL_STYLE, make_heading
from facilitator.ui.table_model import SnapshotTableModel


def heading(text: str = "", *, level: int = 1) -> QLabel:
    """Return a bold heading label; level 1 is the page title."""
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
    label.setTextFormat(Qt.TextFormat.PlainText)  # titles are user text, never markup
    make_heading(label, level)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def value_label(text: str = "", *, bold: bool = False, italic: bool = False) -> QLabel:
    """Return a selectable, wrapping label for a value; its text is never read as markup,
    since values are the user's own words."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or italic:
        font = label.font()
        font.setBold(bold)
        font.setItalic(italic)
        label.setFont(font)
    return label


def form(parent: QWidget, fields: list[tuple[str, QLabel]]) -> QFormLayout:
    """Return a form of (caption, value label) rows."""
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    for caption, label in fields:
        layout.addRow(f"{caption}:", label)
    return layout


def table_view(model: SnapshotTableModel, *, stretch_column: int | None = None) -> QTableView:
    """Return a read-only, row-selecting table over `model`."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    if stretch_column is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def fit_columns(view: QTableView) -> None:
    """Size columns to their contents, each no wider than its column's `max_width`."""
    model = view.model()
    assert isinstance(model, SnapshotTableModel)
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for number, column in enumerate(model.columns):
        if header.sectionResizeMode(number) != QHeaderView.ResizeMode.Stretch:
            view.setColumnWidth(number, min(view.columnWidth(number), column.max_width))


class TablePane(QStackedWidget):
    """A table that shows a sentence in its place while it has no rows."""

    def __init__(self, view: QTableView, *, empty_text: str) -> None:
        super().__init__()
        self.view = view
        self.placeholder = QLabel(empty_text)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the platform's muted text colour
        self.addWidget(view)
        self.addWidget(self.placeholder)
        view.model().modelReset.connect(self._rows_did_change)
        view.model().rowsInserted.connect(self._rows_did_change)
        self._rows_did_change()

    def _rows_did_change(self) -> None:
        has_rows = self.view.model().rowCount() > 0
        self.setCurrentWidget(self.view if has_rows else self.placeholder)


def detail_label(prompt: str) -> QLabel:
    """Return the framed panel that shows the selected row in full, starting with `prompt`."""
    label = value_label()
    label.setObjectName("rowDetail")
    label.setStyleSheet(DETAIL_STYLE)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setText(prompt)
    return label


def with_detail(table: QWidget, detail: QLabel) -> QSplitter:
    """Stack a table over its detail panel, with a handle to share the space between them."""
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(table)
    splitter.addWidget(detail)
    splitter.setStretchFactor(0, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([400, 110])
    return splitter
