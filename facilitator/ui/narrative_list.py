"""The list of a narrative's sections, with the five factor themes grouped under one heading,
and beside each how much is written."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from facilitator.domain.narrative_sections import SECTIONS, THEMES_TITLE

KeyRole = Qt.ItemDataRole.UserRole + 1
WRITTEN_COLOUR = QColor("#2E7D32")  # a dark green that reads on light rows
PROBLEM_COLOUR = QColor("#B00020")
NOT_WRITTEN = "–"
PADDING = 8  # pixels above and below a title, and room for the text's own margins


class _WrappingTitles(QStyledItemDelegate):
    """Gives a section title as many lines as it needs at the list's width.

    A tree view wraps text when asked, but sizes its rows as if it did not.
    """

    def __init__(self, view: "SectionList") -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != 0:
            return hint
        depth = 1 if index.parent().isValid() else 0
        width = self.view.columnWidth(0) - depth * self.view.indentation() - PADDING
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        font = index.data(Qt.ItemDataRole.FontRole) or self.view.font()
        metrics = QFontMetrics(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = metrics.boundingRect(QRect(0, 0, max(width, 40), 10_000), flags, text).height()
        return QSize(hint.width(), max(hint.height(), needed + PADDING))


class SectionList(QTreeWidget):
    """Choose a section to write; each shows a tick and its word count once written."""

    section_chosen = Signal(str)  # the section's key

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("narrativeSections")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(14)
        # Factor titles are long: they wrap rather than lose their ends.
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumWidth(240)
        self.setItemDelegateForColumn(0, _WrappingTitles(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())
        self.items: dict[str, QTreeWidgetItem] = {}
        self.themes = QTreeWidgetItem([THEMES_TITLE, ""])
        self.themes.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not a section to write
        bold = QFont(self.font())
        bold.setBold(True)
        self.themes.setFont(0, bold)
        self.themes.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for section in SECTIONS:
            item = QTreeWidgetItem([section.title, NOT_WRITTEN])
            item.setData(0, KeyRole, section.key)
            item.setToolTip(0, section.prompt)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.items[section.key] = item
            if section.factor is None:
                self.addTopLevelItem(item)
            else:
                if self.themes.childCount() == 0:
                    self.addTopLevelItem(self.themes)
                self.themes.addChild(item)
        self.expandAll()
        self.themes.setChildIndicatorPolicy(
            QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
        )
        self.currentItemChanged.connect(self._current_did_change)

    def select(self, key: str) -> None:
        """Show section `key` as the one being written (without announcing it)."""
        item = self.items.get(key)
        if item is not None and self.currentItem() is not item:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)

    def set_state(self, key: str, *, words: int, problem: bool = False) -> None:
        """Show how much section `key` holds, and whether its last save was refused."""
        item = self.items[key]
        if problem:
            item.setText(1, "Not saved")
            item.setForeground(1, QBrush(PROBLEM_COLOUR))
            item.setToolTip(1, "The store refused this text: see the message below the editor")
        elif words:
            item.setText(1, f"✓ {words:,} {'word' if words == 1 else 'words'}")
            item.setForeground(1, QBrush(WRITTEN_COLOUR))
            item.setToolTip(1, "Written")
        else:
            item.setText(1, NOT_WRITTEN)
            item.setForeground(1, QBrush())
            item.setToolTip(1, "Not written yet")
        written = sum(
            1
            for index in range(self.themes.childCount())
            if self._written(self.themes.child(index))
        )
        self.themes.setText(1, f"{written} of {self.themes.childCount()}")

    def state_text(self, key: str) -> str:
        """Return what the list shows beside section `key`, for tests and checks."""
        return self.items[key].text(1)

    @staticmethod
    def _written(item: QTreeWidgetItem) -> bool:
        return item.text(1).startswith("✓")

    def _current_did_change(self, current: QTreeWidgetItem | None, _old: object) -> None:
        if current is None:
            return
        key = current.data(0, KeyRole)
        if key:
            self.section_chosen.emit(key)
        elif current is self.themes and self.themes.childCount():
            self.setCurrentItem(self.themes.child(0))  # the heading opens its first theme
