"""The tree of search results: programme, then session, then each hit with its snippet."""

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QPalette,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from facilitator.domain.search_query import (
    HIT_KIND_NAMES,
    HitKind,
    ProgrammeHits,
    SearchHit,
    SearchResults,
    SessionHits,
)
from facilitator.ui.formatting import clock, plural, short_date

HitRole = Qt.ItemDataRole.UserRole + 1  # the SearchHit of a hit row
HtmlRole = Qt.ItemDataRole.UserRole + 2  # the row's text as markup, user text escaped
KIND_ICONS = {
    HitKind.CAPTURE: "capture",
    HitKind.NARRATIVE: "narrative",
    HitKind.CONFLICT: "conflict",
    HitKind.ACTION: "action",
    HitKind.AGENDA_ITEM: "agenda",
}
type Index = QModelIndex | QPersistentModelIndex


def hit_label(hit: SearchHit) -> str:
    """Return the plain words before a hit's snippet: its kind, number and time."""
    if hit.kind is HitKind.CAPTURE:
        number = f"#{hit.capture_number}" if hit.capture_number is not None else "Capture"
        return f"{number} {clock(hit.capture_time)}".strip()
    return HIT_KIND_NAMES[hit.kind]


def hit_markup(hit: SearchHit) -> str:
    """Return the hit's label and snippet as markup, the matched words in bold."""
    snippet = "".join(
        f"<b>{escape(part.text)}</b>" if part.matched else escape(part.text) for part in hit.snippet
    )
    return f'<span style="color: palette(mid)">{escape(hit_label(hit))}</span>&nbsp; {snippet}'


def session_heading(group: SessionHits) -> str:
    when = short_date(group.date)
    return " · ".join(
        filter(None, (group.title, when, plural(len(group.hits), "match", "matches")))
    )


def programme_heading(programme: ProgrammeHits) -> str:
    count = sum(len(group.hits) for group in programme.sessions)
    return f"{programme.title} · {plural(count, 'match', 'matches')}"


class MarkupDelegate(QStyledItemDelegate):
    """Paints a row's markup (HtmlRole) instead of its plain text."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument | None:
        markup = index.data(HtmlRole)
        if not markup:
            return None
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(markup)
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        document = self._document(option, index)
        if document is None:
            super().paint(painter, option, index)
            return
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        style = view_option.widget.style() if view_option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, view_option)
        document.setTextWidth(area.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(area.topLeft())
        painter.setClipRect(area.translated(-area.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        document = self._document(option, index)
        if document is None:
            return size
        document.setTextWidth(self._text_width(option, index))
        return QSize(size.width(), max(size.height(), int(document.size().height()) + 2))

    def _text_width(self, option: QStyleOptionViewItem, index: Index) -> int:
        """Return the width the row's text has in the view, so a wrapped row fits it."""
        view = option.widget
        if not isinstance(view, QTreeWidget):
            return max(200, option.rect.width())
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        used = view.indentation() * (depth + 1) + view.iconSize().width() + 12
        return max(120, view.viewport().width() - used)


class SearchResultsTree(QTreeWidget):
    """Results grouped by programme and session; Enter or a double-click opens a hit."""

    hit_opened = Signal(object)  # SearchHit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setItemDelegate(MarkupDelegate(self))
        self.setVerticalScrollMode(QTreeWidget.ScrollMode.ScrollPerPixel)
        self._icon: Any = None
        self.itemActivated.connect(self._activated)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped rows take their height at the new width

    def set_icon_provider(self, provider: Any) -> None:
        self._icon = provider

    def show_results(self, results: SearchResults) -> None:
        """Replace the tree's rows with these results, every group open."""
        self.clear()
        for programme in results.programmes:
            top = QTreeWidgetItem([programme_heading(programme)])
            top.setData(0, HtmlRole, f"<b>{escape(programme_heading(programme))}</b>")
            self._set_icon(top, "programme")
            self.addTopLevelItem(top)
            for group in programme.sessions:
                middle = QTreeWidgetItem(top, [session_heading(group)])
                middle.setData(0, HtmlRole, escape(session_heading(group)))
                self._set_icon(middle, "session-finished" if group.session_id else "conflict")
                for hit in group.hits:
                    row = QTreeWidgetItem(middle, [f"{hit_label(hit)}  {hit.snippet_text}"])
                    row.setData(0, HitRole, hit)
                    row.setData(0, HtmlRole, hit_markup(hit))
                    row.setToolTip(0, HIT_KIND_NAMES[hit.kind])
                    self._set_icon(row, KIND_ICONS[hit.kind])
        self.expandAll()
        first = self.first_hit_item()
        if first is not None:
            self.setCurrentItem(first)

    def _set_icon(self, item: QTreeWidgetItem, name: str) -> None:
        if self._icon is not None:
            item.setIcon(0, self._icon(name))

    def first_hit_item(self) -> QTreeWidgetItem | None:
        top = self.topLevelItem(0)
        group = top.child(0) if top is not None else None
        return group.child(0) if group is not None else None

    def hit_items(self) -> list[QTreeWidgetItem]:
        return [
            self.topLevelItem(p).child(s).child(h)
            for p in range(self.topLevelItemCount())
            for s in range(self.topLevelItem(p).childCount())
            for h in range(self.topLevelItem(p).child(s).childCount())
        ]

    def open_current(self) -> bool:
        """Open the current hit, or the first one; False when there is none."""
        item = self.currentItem()
        if item is None or item.data(0, HitRole) is None:
            item = self.first_hit_item()
        if item is None:
            return False
        self._activated(item)
        return True

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, HitRole)
        if hit is not None:
            self.hit_opened.emit(hit)
