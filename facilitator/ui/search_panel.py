"""One search box for everything: a field on the main toolbar and a dock of results.

The field searches as you type, a moment after the last key; Enter opens the best hit (or
the one chosen with the arrow keys), Down moves into the results and Escape clears the field.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.search_query import SearchResults
from facilitator.ui.search_results import SearchResultsTree

SEARCH_KEYS = "Ctrl+K"
DEBOUNCE_MS = 150
NO_MATCHES = "No matches"
RESULTS_WIDTH = 440


def count_text(results: SearchResults) -> str:
    """Return what the count line says about these results."""
    if not results.count:
        return NO_MATCHES
    if results.truncated:
        return f"The best {results.count} matches"
    return "1 match" if results.count == 1 else f"{results.count} matches"


class SearchDock(QDockWidget):
    """The results of the search field's text, beside the page; hidden until a search."""

    hit_opened = Signal(object)  # SearchHit

    def __init__(self, parent: QWidget, *, store: Callable[[], Any]) -> None:
        super().__init__("Search", parent)
        self.setObjectName("searchResultsDock")
        self._store = store
        self.results = SearchResults(text="")

        self.field = QLineEdit()
        self.field.setObjectName("searchEverything")
        self.field.setPlaceholderText("Search everything")
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(
            f"Search captures, narratives, conflicts, actions and agenda items ({SEARCH_KEYS}). "
            'Every word must appear; put a phrase in "double quotes".'
        )
        self.field.setMinimumWidth(260)
        self.field.setMaximumWidth(420)
        self.field.installEventFilter(self)

        self.count = QLabel("")
        self.count.setObjectName("searchCount")
        self.tree = SearchResultsTree()
        self.tree.hit_opened.connect(self.hit_opened)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.count)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)

        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _text: self.timer.start())
        self.field.returnPressed.connect(self.open_best)
        self.shortcut = QShortcut(QKeySequence(SEARCH_KEYS), parent)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.focus_field)

    def set_icon_provider(self, provider: Callable[[str], Any]) -> None:
        self.field.addAction(provider("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.tree.set_icon_provider(provider)

    def focus_field(self) -> None:
        """Go to the search field, its text selected to type over."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run(self) -> None:
        """Search for the field's text now and show what is found."""
        self.timer.stop()
        db = self._store()
        text = self.field.text()
        if db is None or not text.strip():
            self.show_results(SearchResults(text=text))
            self.hide()
            return
        from facilitator.services.search import search

        try:
            results = search(db, text)
        except FacilitatorError as error:  # the file is busy or gone: say so, keep going
            self.count.setText(str(error))
            return
        self.show_results(results)
        if not self.isVisible():
            self.show()
            window = self.parentWidget()
            if isinstance(window, QMainWindow) and self.width() < RESULTS_WIDTH:
                window.resizeDocks([self], [RESULTS_WIDTH], Qt.Orientation.Horizontal)
        self.raise_()

    def show_results(self, results: SearchResults) -> None:
        self.results = results
        self.count.setText(count_text(results))
        self.tree.show_results(results)

    def refresh(self) -> None:
        """Search again, after the data changed, if results are showing."""
        if self.isVisible() and self.field.text().strip():
            self.run()

    def open_best(self) -> None:
        """Open the chosen hit, searching first if the typing has not been searched yet."""
        if self.timer.isActive() or self.results.text != self.field.text():
            self.run()
        self.tree.open_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent):
            pressed = event.type() == QEvent.Type.KeyPress
            if pressed and event.key() == Qt.Key.Key_Down and self.tree.topLevelItemCount():
                self.tree.setFocus()
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.field.clear()
                return True
        return super().eventFilter(watched, event)
