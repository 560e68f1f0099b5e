"""One search box for everything: a field on the main toolbar and a dock of results.

The field searches as you type, a moment after the last key; Enter opens the best hit (or
the one chosen with the arrow keys), Down moves into the results and Escape clears the field.
The field is on screen from the start; the dock, with its tree and the search service, is
built the first time the field is used.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from facilitator.domain.errors import FacilitatorError

if TYPE_CHECKING:
    from facilitator.domain.search_query import SearchResults

SEARCH_KEYS = "Ctrl+K"
DEBOUNCE_MS = 150
NO_MATCHES = "No matches"
RESULTS_WIDTH = 440


def count_text(results: "SearchResults") -> str:
    """Return what the count line says about these results."""
    if not results.count:
        return NO_MATCHES
    if results.truncated:
        return f"The best {results.count} matches"
    return "1 match" if results.count == 1 else f"{results.count} matches"


class SearchField(QLineEdit):
    """The field on the main toolbar; `results` returns the dock, building it if need be."""

    def __init__(self, window: QWidget, *, results: Callable[[], "SearchDock"]) -> None:
        super().__init__()
        self.setObjectName("searchEverything")
        self.setPlaceholderText("Search everything")
        self.setToolTip(
            f"Search captures, narratives, conflicts, actions and agenda items ({SEARCH_KEYS}). "
            'Every word must appear; put a phrase in "double quotes".'
        )
        self.setMinimumWidth(260)
        self.setMaximumWidth(420)
        self._results = results
        self.textChanged.connect(lambda _text: results().timer.start())
        self.returnPressed.connect(lambda: results().open_best())
        # A window shortcut, Qt's default context: Ctrl+K works wherever the focus is.
        self.shortcut = QShortcut(QKeySequence(SEARCH_KEYS), window)
        self.shortcut.activated.connect(self.focus_field)

    def add_icons(self, search: QIcon) -> None:
        """Show the search icon, and the clear button (drawn only once there is text, with
        an icon the style looks up: after the first paint, like the other icons)."""
        self.addAction(search, QLineEdit.ActionPosition.LeadingPosition)
        self.setClearButtonEnabled(True)

    def focus_field(self) -> None:
        """Go to the field, its text selected to type over."""
        from PySide6.QtCore import Qt

        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Down:
            tree = self._results().tree
            if tree.topLevelItemCount():
                tree.setFocus()
                return
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)


class SearchDock(QDockWidget):
    """The results of the search field's text, beside the page; hidden until a search."""

    hit_opened = Signal(object)  # SearchHit

    def __init__(self, parent: QWidget, *, field: SearchField, store: Callable[[], Any]) -> None:
        from facilitator.domain.search_query import SearchResults
        from facilitator.ui.search_results import SearchResultsTree

        super().__init__("Search", parent)
        self.setObjectName("searchResultsDock")
        self.field = field
        self._store = store
        self.results = SearchResults(text="")

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

    def set_icon_provider(self, provider: Callable[[str], Any]) -> None:
        self.tree.set_icon_provider(provider)

    def focus_field(self) -> None:
        """Go to the search field, its text selected to type over."""
        self.field.focus_field()

    def run(self) -> None:
        """Search for the field's text now and show what is found."""
        from PySide6.QtCore import Qt

        from facilitator.domain.search_query import SearchResults
        from facilitator.services.search import search

        self.timer.stop()
        db = self._store()
        text = self.field.text()
        if db is None or not text.strip():
            self.show_results(SearchResults(text=text))
            self.hide()
            return
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

    def show_results(self, results: "SearchResults") -> None:
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
