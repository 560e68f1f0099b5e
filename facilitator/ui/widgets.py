"""Small building blocks shared by the detail pages."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from facilitator.ui.style import make_heading
from facilitator.ui.table_model import SnapshotTableModel


def heading(text: str = "", *, level: int = 1) -> QLabel:
    """Return a bold heading label; level 1 is the page title."""
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
    make_heading(label, level)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def value_label() -> QLabel:
    """Return a selectable, wrapping label for a field's value."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
