"""The main window: a wiring diagram of navigation, detail pages, actions and the store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QSettings, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QWidget,
)

from facilitator import APP_NAME
from facilitator.domain.changes import EVERYTHING, Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.ui import dialogs
from facilitator.ui.actions import ICON_SIZE, apply_icons, create_actions, set_shortcut
from facilitator.ui.data_actions import connect_data_actions
from facilitator.ui.icons import icon
from facilitator.ui.page import Page
from facilitator.ui.search_panel import SearchDock, SearchField
from facilitator.ui.undo import UndoHub
from facilitator.ui.window_commands import WindowCommands

# Before the first paint this module leaves out the navigation model and the Qt namespace
# (PySide6 builds some 140 Python enums for it, about 12 ms): both load just after.
if TYPE_CHECKING:
    from facilitator.ui.module_page import ModulePage
    from facilitator.ui.navigation import NavigationModel, NodeKind
    from facilitator.ui.programme_page import ProgrammePage
    from facilitator.ui.session_page import SessionPage

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "window/splitter"
SETTINGS_SELECTION = "window/selection"
SETTINGS_DATA_FOLDER = "data/folder"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(720, 480)


class MainWindow(WindowCommands, QMainWindow):
    """Navigation on the left, the selected item's details on the right."""

    def __init__(self, *, settings_path: Path) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(MINIMUM_SIZE)
        self._settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
        self._db: Any = None  # the open store: an opaque handle passed to services
        self._pending = Changes()
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh)

        self._navigation: NavigationModel | None = None  # with the data, after the paint
        self.tree = QTreeView()
        self.tree.setObjectName("navigation")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)

        self.empty_page = QLabel("Opening your data…")
        self.empty_page.setProperty("alignment", "AlignCenter")  # Qt.AlignmentFlag, by name
        self.empty_page.setWordWrap(True)
        # Detail pages are built the first time they are needed, after the window is up.
        self._built_pages: dict[type[Page], Page] = {}
        self._pending_selection: tuple[NodeKind, int] | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)

        self.splitter = QSplitter()  # horizontal
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([290, 990])
        self.setCentralWidget(self.splitter)

        self.undo_hub = UndoHub(
            self,
            store=lambda: self._db,
            apply_changes=self.apply_changes,
            show_problem=lambda text: dialogs.show_problem(self, title=APP_NAME, text=text),
        )
        group = self.undo_hub.group
        self.undo_action = self._step_action(
            "Undo",
            QKeySequence.StandardKey.Undo,
            group.undo,
            group.canUndoChanged,
            group.undoTextChanged,
        )
        self.redo_action = self._step_action(
            "Redo",
            QKeySequence.StandardKey.Redo,
            group.redo,
            group.canRedoChanged,
            group.redoTextChanged,
        )
        self.library_dock: QDockWidget | None = None
        self.live_window: QMainWindow | None = None
        self._icons_ready = False

        self.actions = create_actions(self)
        # Before they join menus and toolbar, where each change would reach every widget.
        self._set_store_actions_enabled(False)
        self._search_dock: SearchDock | None = None  # built when the field is first used
        self.search_field = SearchField(self, results=lambda: self.search_dock)
        self._build_menus()
        self.database_label = QLabel("Opening your data…")
        self.statusBar().addPermanentWidget(self.database_label)

        self.actions.refresh.triggered.connect(lambda: self.apply_changes(EVERYTHING))
        self.actions.new_programme.triggered.connect(self.new_programme)
        self.actions.show_library.triggered.connect(self.show_library)
        self.actions.remove_sample.triggered.connect(self.remove_sample)
        connect_data_actions(self, self.actions)
        self.actions.quit.triggered.connect(self.close)
        self.actions.about.triggered.connect(self.show_about)
        self._restore_layout()

    def _step_action(
        self, word: str, keys: QKeySequence.StandardKey, step: Any, can: Any, text: Any
    ) -> QAction:
        """Return Undo or Redo: it saves a field still being typed in, then takes the step.

        The menu names the step ("Undo Move item"); the toolbar button keeps the short word,
        with the step in its tooltip, so the toolbar does not jump about as you work.
        """
        action = QAction(f"&{word}", self)
        set_shortcut(action, keys)
        action.setIconText(word)
        action.setEnabled(False)

        def take_step() -> None:
            self.commit_pending_edits()
            step()

        def name_step(label: str) -> None:
            action.setText(f"&{word} {label}" if label else f"&{word}")
            action.setToolTip(f"{word} {label}" if label else word)

        action.triggered.connect(take_step)
        can.connect(action.setEnabled)
        text.connect(name_step)
        return action

    def _build_menus(self) -> None:
        actions = self.actions
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(actions.new_programme)
        file_menu.addAction(actions.import_bundle)
        file_menu.addSeparator()
        file_menu.addAction(actions.show_data_folder)
        file_menu.addAction(actions.backups)
        file_menu.addAction(actions.check_database)
        file_menu.addSeparator()
        file_menu.addAction(actions.retention)
        file_menu.addSeparator()
        file_menu.addAction(actions.remove_sample)
        file_menu.addSeparator()
        file_menu.addAction(actions.quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(actions.show_library)
        view_menu.addSeparator()
        view_menu.addAction(actions.refresh)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(actions.about)

        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolbar")
        toolbar.setProperty("toolButtonStyle", "ToolButtonTextBesideIcon")  # Qt.ToolButtonStyle
        toolbar.setIconSize(ICON_SIZE)
        toolbar.addAction(actions.new_programme)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addAction(actions.show_library)
        toolbar.addSeparator()
        toolbar.addAction(actions.refresh)
        toolbar.addAction(actions.show_data_folder)
        toolbar.addAction(actions.remove_sample)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search_field)
        self.addToolBar(toolbar)

    def finish_start_up(self) -> None:
        """Load what was left out of the first paint to get the window up sooner: icons."""
        apply_icons(self.actions)
        self.undo_action.setIcon(icon("undo"))
        self.redo_action.setIcon(icon("redo"))
        self.navigation.set_icon_provider(icon)
        self.search_field.add_icons(icon("search"))
        if self._search_dock is not None:
            self._search_dock.set_icon_provider(icon)
        self._icons_ready = True
        for page in self._built_pages.values():
            page.apply_icons()

    def _page[P: Page](self, page_type: type[P]) -> P:
        """Return the page of this type, building it the first time it is needed."""
        page = self._built_pages.get(page_type)
        if page is None:
            page = page_type()
            page.attach_store(self._db)
            page.changes_made.connect(self.apply_changes)
            page.select_requested.connect(self._select_soon)
            if self._icons_ready:
                page.apply_icons()
            self._built_pages[page_type] = page
            self.pages.addWidget(page)
        return page  # type: ignore[return-value]

    def _select_soon(self, key: tuple[NodeKind, int]) -> None:
        """Select `key` once the pending refresh has put it in the tree."""
        self._pending_selection = key
        self.apply_changes(Changes(programmes=True))

    @property
    def navigation(self) -> NavigationModel:
        """The navigation tree's model, built the first time it is needed."""
        if self._navigation is None:
            from facilitator.ui.navigation import NavigationModel

            self._navigation = NavigationModel(self)
            self.tree.setModel(self._navigation)
            self.tree.selectionModel().selectionChanged.connect(self._selection_did_change)
            if self._icons_ready:
                self._navigation.set_icon_provider(icon)
        return self._navigation

    @property
    def search_dock(self) -> SearchDock:
        """The search results beside the page, built the first time they are needed."""
        if self._search_dock is None:
            from PySide6.QtCore import Qt

            dock = SearchDock(self, field=self.search_field, store=lambda: self._db)
            dock.hit_opened.connect(self.open_hit)
            if not self.restoreDockWidget(dock):  # where the user last put it, or the right
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
            if self._icons_ready:
                dock.set_icon_provider(icon)
            self._search_dock = dock
        return self._search_dock

    @property
    def db(self) -> Any:
        """The open store (an opaque handle for services), or None before it opens."""
        return self._db

    @property
    def programme_page(self) -> ProgrammePage:
        from facilitator.ui.programme_page import ProgrammePage

        first_time = ProgrammePage not in self._built_pages
        page = self._page(ProgrammePage)
        if first_time:
            page.remove_sample_requested.connect(self.remove_sample)
        return page

    @property
    def module_page(self) -> ModulePage:
        from facilitator.ui.module_page import ModulePage

        return self._page(ModulePage)

    @property
    def session_page(self) -> SessionPage:
        from facilitator.ui.session_page import SessionPage

        first_time = SessionPage not in self._built_pages
        page = self._page(SessionPage)
        if first_time:
            page.attach_undo(self.undo_hub)
            page.live_requested.connect(self.open_live)
            page.agenda_editor.library_requested.connect(self.show_library)
            page.agenda_editor.model.method_dropped.connect(self._insert_method_at)
        return page

    # The store -----------------------------------------------------------------------------

    def attach_store(self, db: Any) -> None:
        """Show the data of an opened store."""
        self._db = db
        for page in self._built_pages.values():
            page.attach_store(db)
        self.database_label.setText(f"Database: {db.path}")
        self.database_label.setToolTip(str(db.path))
        self._set_store_actions_enabled(True)
        self._pending = EVERYTHING
        self._refresh()
        self._restore_selection()

    def _set_store_actions_enabled(self, enabled: bool) -> None:
        for action in (
            self.actions.refresh,
            self.actions.remove_sample,
            self.actions.check_database,
            self.actions.show_data_folder,
            self.actions.backups,
            self.actions.retention,
            self.actions.import_bundle,
        ):
            action.setEnabled(enabled)

    def apply_changes(self, changes: Changes) -> None:
        """Note what changed; views refresh once, after the current event."""
        self._pending = self._pending | changes
        if self._pending.any:
            self._refresh_timer.start()

    def _refresh(self) -> None:
        from facilitator.services import programmes

        changes, self._pending = self._pending, Changes()
        if self._db is None or not changes.any:
            return
        if changes.erased:
            self.undo_hub.keep_only(())  # an undo must never write an erased name back
        if self._search_dock and (changes.programmes or changes.sessions or changes.observations):
            self._search_dock.refresh()
        if changes.library and self.library_dock is not None:
            self.library_dock.widget().refresh()
        if changes == Changes(library=True):
            return
        if not changes.programmes and self._pending_selection is None:
            self._show_selected()  # nothing the tree shows has changed: just the page
            return
        key = self._pending_selection or self.selected_key()
        self._pending_selection = None
        summaries = programmes.list_programmes(self._db)
        self.navigation.set_programmes(summaries)
        self.undo_hub.keep_only(
            {
                session.id
                for programme in summaries
                for session in (
                    *programme.loose_sessions,
                    *(s for module in programme.modules for s in module.sessions),
                )
            }
        )
        self.tree.expandToDepth(1)
        self.actions.remove_sample.setEnabled(any(p.is_sample for p in summaries))
        if key is not None and self.select(key):
            return
        self._show_selected()

    # Selection and pages -------------------------------------------------------------------

    def selected_key(self) -> tuple[NodeKind, int] | None:
        if self._navigation is None:
            return None
        from facilitator.ui.navigation import NodeRole

        indexes = self.tree.selectionModel().selectedIndexes()
        return indexes[0].data(NodeRole) if indexes else None

    def select(self, key: tuple[NodeKind, int]) -> bool:
        """Select the tree item with this (kind, id); return False if it no longer exists."""
        index = self.navigation.index_of(key)
        if not index.isValid():
            return False
        if self.selected_key() == key:
            self._show_selected()  # already selected: no signal comes, so show it afresh
        else:
            self.tree.setCurrentIndex(index)  # the selection signal shows the page
        self.tree.scrollTo(index)
        return True

    def _selection_did_change(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self.commit_pending_edits()
        self._show_selected()

    def commit_pending_edits(self) -> None:
        """Save an agenda field or narrative still being typed, before its session leaves the
        screen."""
        from facilitator.ui.session_page import SessionPage

        page = self._built_pages.get(SessionPage)
        if page is not None and self._db is not None:
            page.commit_pending()

    def _show_selected(self) -> None:
        from facilitator.services import programmes
        from facilitator.ui.navigation import NodeKind

        key = self.selected_key()
        if self._db is None:
            return
        if key is None:
            self.empty_page.setText(
                "Choose a programme, module or session on the left."
                if self.navigation.rowCount()
                else "There are no programmes in this database."
            )
            self.pages.setCurrentWidget(self.empty_page)
            return
        kind, item_id = key
        self.undo_hub.activate(item_id if kind is NodeKind.SESSION else None)
        if self.library_dock is not None:
            self.library_dock.widget().set_insert_enabled(kind is NodeKind.SESSION)
        try:
            if kind is NodeKind.PROGRAMME:
                self.programme_page.show_programme(programmes.programme_detail(self._db, item_id))
                self.pages.setCurrentWidget(self.programme_page)
            elif kind is NodeKind.MODULE:
                self.module_page.show_module(programmes.module_detail(self._db, item_id))
                self.pages.setCurrentWidget(self.module_page)
            else:
                self.session_page.show_session(programmes.session_detail(self._db, item_id))
                self.pages.setCurrentWidget(self.session_page)
        except FacilitatorError as error:
            self.pages.setCurrentWidget(self.empty_page)
            dialogs.show_problem(self, title=APP_NAME, text=str(error))

    def _restore_selection(self) -> None:
        from facilitator.ui.navigation import NodeKind, NodeRole

        saved = self._settings.value(SETTINGS_SELECTION, "")
        if isinstance(saved, str) and ":" in saved:
            kind, _, item_id = saved.partition(":")
            known = kind in NodeKind.__members__.values() and item_id.isdigit()
            if known and self.select((NodeKind(kind), int(item_id))):
                return
        first = self.navigation.index(0, 0)
        if first.isValid():
            self.select(first.data(NodeRole))

    # Window state --------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        # A geometry saved on another screen may not fit this one; Qt then refuses it.
        geometry = self._settings.value(SETTINGS_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        state = self._settings.value(SETTINGS_STATE)
        if state is not None:
            self.restoreState(state)
        splitter = self._settings.value(SETTINGS_SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def remembered_data_folder(self) -> str | None:
        """Return the data folder the user last chose in the app, if any."""
        folder = self._settings.value(SETTINGS_DATA_FOLDER)
        return folder if isinstance(folder, str) and folder else None

    def remember_data_folder(self, folder: Path) -> None:
        """Open `folder` next time too (unless --data-dir or FACILITATOR_DATA_DIR says other)."""
        self._settings.setValue(SETTINGS_DATA_FOLDER, str(folder))
        self._settings.sync()

    def save_layout(self) -> None:
        """Remember size, position, splitter and selection for next time."""
        self._settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self._settings.setValue(SETTINGS_STATE, self.saveState())
        self._settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        key = self.selected_key()
        if key is not None:
            self._settings.setValue(SETTINGS_SELECTION, f"{key[0].value}:{key[1]}")
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.live_window is not None and not self.live_window.close():
            event.ignore()  # captures are still waiting: the live window said so
            return
        self.commit_pending_edits()
        self.save_layout()
        super().closeEvent(event)
