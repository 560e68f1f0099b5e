"""The main window: a wiring diagram of navigation, detail pages, actions and the store."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QWidget,
)

from facilitator import APP_NAME, __version__
from facilitator.domain.changes import EVERYTHING, Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.ui import dialogs
from facilitator.ui.actions import ICON_SIZE, apply_icons, create_actions
from facilitator.ui.icons import icon
from facilitator.ui.navigation import NavigationModel, NodeKind, NodeRole

if TYPE_CHECKING:
    from facilitator.ui.module_page import ModulePage
    from facilitator.ui.programme_page import ProgrammePage
    from facilitator.ui.session_page import SessionPage

SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_SPLITTER = "window/splitter"
SETTINGS_SELECTION = "window/selection"
SETTINGS_DATA_FOLDER = "data/folder"
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(720, 480)


class MainWindow(QMainWindow):
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

        self.navigation = NavigationModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("navigation")
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.navigation)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().selectionChanged.connect(self._selection_did_change)

        self.empty_page = QLabel("Opening your data…")
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page.setWordWrap(True)
        # Detail pages are built the first time they are needed, after the window is up.
        self._built_pages: dict[type[QWidget], QWidget] = {}
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 940])
        self.setCentralWidget(self.splitter)

        self.actions = create_actions(self)
        self._build_menus()
        self.database_label = QLabel("Opening your data…")
        self.statusBar().addPermanentWidget(self.database_label)

        self.actions.refresh.triggered.connect(lambda: self.apply_changes(EVERYTHING))
        self.actions.remove_sample.triggered.connect(self.remove_sample)
        self.actions.check_database.triggered.connect(self.check_database)
        self.actions.show_data_folder.triggered.connect(self.show_data_folder)
        self.actions.quit.triggered.connect(self.close)
        self.actions.about.triggered.connect(self.show_about)
        self._set_store_actions_enabled(False)
        self._restore_layout()

    def _build_menus(self) -> None:
        actions = self.actions
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(actions.show_data_folder)
        file_menu.addAction(actions.check_database)
        file_menu.addSeparator()
        file_menu.addAction(actions.remove_sample)
        file_menu.addSeparator()
        file_menu.addAction(actions.quit)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(actions.refresh)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(actions.about)

        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(ICON_SIZE)
        toolbar.addAction(actions.refresh)
        toolbar.addAction(actions.show_data_folder)
        toolbar.addAction(actions.remove_sample)
        self.addToolBar(toolbar)

    def finish_start_up(self) -> None:
        """Load what was left out of the first paint to get the window up sooner: icons."""
        apply_icons(self.actions)
        self.setWindowIcon(icon("programme"))
        self.navigation.set_icon_provider(icon)

    def _page[P: QWidget](self, page_type: type[P]) -> P:
        """Return the page of this type, building it the first time it is needed."""
        page = self._built_pages.get(page_type)
        if page is None:
            page = page_type()
            self._built_pages[page_type] = page
            self.pages.addWidget(page)
        return page  # type: ignore[return-value]

    @property
    def programme_page(self) -> "ProgrammePage":
        from facilitator.ui.programme_page import ProgrammePage

        first_time = ProgrammePage not in self._built_pages
        page = self._page(ProgrammePage)
        if first_time:
            page.remove_sample_requested.connect(self.remove_sample)
        return page

    @property
    def module_page(self) -> "ModulePage":
        from facilitator.ui.module_page import ModulePage

        return self._page(ModulePage)

    @property
    def session_page(self) -> "SessionPage":
        from facilitator.ui.session_page import SessionPage

        return self._page(SessionPage)

    # The store -----------------------------------------------------------------------------

    def attach_store(self, db: Any) -> None:
        """Show the data of an opened store."""
        self._db = db
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
        key = self.selected_key()
        summaries = programmes.list_programmes(self._db)
        self.navigation.set_programmes(summaries)
        self.tree.expandToDepth(1)
        self.actions.remove_sample.setEnabled(any(p.is_sample for p in summaries))
        if key is not None and self.select(key):
            return
        self._show_selected()

    # Selection and pages -------------------------------------------------------------------

    def selected_key(self) -> tuple[NodeKind, int] | None:
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
        self._show_selected()

    def _show_selected(self) -> None:
        from facilitator.services import programmes

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
        saved = self._settings.value(SETTINGS_SELECTION, "")
        if isinstance(saved, str) and ":" in saved:
            kind, _, item_id = saved.partition(":")
            known = kind in NodeKind.__members__.values() and item_id.isdigit()
            if known and self.select((NodeKind(kind), int(item_id))):
                return
        first = self.navigation.index(0, 0)
        if first.isValid():
            self.select(first.data(NodeRole))

    # Commands ------------------------------------------------------------------------------

    def remove_sample(self) -> None:
        """Delete the sample programme after the user confirms."""
        from facilitator.services import programmes

        if self._db is None:
            return
        confirmed = dialogs.ConfirmDialog.ask(
            self,
            title="Remove sample programme",
            text="Delete the fictional sample programme, with its cohort, sessions and "
            "observations? Your own programmes are not touched. This cannot be undone.",
            action="Remove sample",
        )
        if not confirmed:
            return
        try:
            changes = programmes.remove_sample_programmes(self._db)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="The sample was not removed", text=str(error))
            return
        self.apply_changes(changes)
        self.statusBar().showMessage("The sample programme was removed.", 5000)

    def check_database(self) -> None:
        """Run the full integrity check and report the result."""
        from facilitator.services.store import integrity_problems

        try:
            problems = integrity_problems(self._db)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="Database check", text=str(error))
            return
        if problems:
            listed = "\n".join(problems[:10])
            dialogs.show_problem(
                self,
                title="Database check",
                text=f"The check found {len(problems)} problem(s):\n\n{listed}\n\n"
                "Close the app and restore a backup from the 'backups' folder beside "
                "the database.",
            )
        else:
            dialogs.show_information(
                self, title="Database check", text=f"No problems found in\n{self._db.path}."
            )

    def show_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._db.path.parent)))

    def show_about(self) -> None:
        where = f"\n\nYour data: {self._db.path}" if self._db is not None else ""
        dialogs.show_information(
            self,
            title=f"About {APP_NAME}",
            text=f"{APP_NAME} {__version__}\n\nPlan, run and write up system-leadership "
            f"workshops. Works entirely offline: nothing leaves this computer.{where}",
        )

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
        self.save_layout()
        super().closeEvent(event)
