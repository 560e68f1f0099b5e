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

from facilitator.ui.table_model import SnapshotTableModel


def heading(text: str = "", *, level: int = 1) -> QLabel:
    """Return a bold heading label; level 1 is the page title."""
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
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


def fit_columns(view: QTableView, *, maximum: int = 260) -> None:
    """Size columns to their contents, none wider than `maximum` pixels."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            view.setColumnWidth(column, min(view.columnWidth(column), maximum))
