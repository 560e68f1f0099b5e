"""What the main window does when asked: a new programme, going live, the method library,
opening a search hit, removing the sample, About.

A mixin of `MainWindow`, which provides the store, the pages, the navigation and
`apply_changes`; kept apart so the window itself stays a wiring diagram.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDockWidget

import facilitator
from facilitator import APP_NAME
from facilitator.domain.changes import EVERYTHING, Changes
from facilitator.domain.errors import FacilitatorError
from facilitator.ui import dialogs

if TYPE_CHECKING:
    from facilitator.domain.search_query import SearchHit
    from facilitator.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class WindowCommands(_Base):
    """The main window's commands (see the module's docstring)."""

    def new_programme(self) -> None:
        """Ask for a new programme's details (and template) and open it."""
        from facilitator.domain.fields import ProgrammeFields
        from facilitator.services import programmes
        from facilitator.services.templates import list_templates
        from facilitator.ui.navigation import NodeKind
        from facilitator.ui.programme_dialogs import ProgrammeDialog

        if self._db is None:
            return
        created: list[int] = []

        def save(fields: ProgrammeFields, template_key: str | None) -> None:
            new_id, changes = programmes.create_programme(
                self._db, fields, template_key=template_key
            )
            created.append(new_id)
            self.apply_changes(changes)

        if (
            ProgrammeDialog.ask(
                self,
                title="New programme",
                initial=None,
                templates=list_templates(self._db),
                save=save,
            )
            and created
        ):
            self._select_soon((NodeKind.PROGRAMME, created[0]))

    def open_live(self, session_id: int) -> None:
        """Run a session live in its own window (or bring that window forward)."""
        from facilitator.ui.live_launch import build_live_window

        if self.live_window is not None:
            if getattr(self.live_window.run, "session_id", None) != session_id:
                dialogs.show_problem(
                    self,
                    title="A session is already live",
                    text="Another session is running live. Finish it, or close its live "
                    "window, before taking this one live.",
                )
            self.live_window.showNormal()
            self.live_window.raise_()
            self.live_window.activateWindow()
            return
        try:
            window = build_live_window(
                self._db, session_id, hub=self.undo_hub, settings=self._settings
            )
        except FacilitatorError as error:
            dialogs.show_problem(self, title="The session could not go live", text=str(error))
            return
        from PySide6.QtCore import Qt

        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.changes_made.connect(self.apply_changes)
        window.finished.connect(lambda: self.apply_changes(EVERYTHING))
        window.destroyed.connect(self._live_window_closed)
        self.live_window = window
        self.apply_changes(Changes(programmes=True, sessions=True))
        window.show()

    def _live_window_closed(self) -> None:
        self.live_window = None
        self.apply_changes(EVERYTHING)  # captures made live appear on the session page

    def reopen_live_session(self) -> None:
        """After a crash or a flat battery, go back into the session that was live."""
        from facilitator.services.live import live_session_id
        from facilitator.ui.navigation import NodeKind

        if self._db is None:
            return
        session_id = live_session_id(self._db)
        if session_id is not None:
            self.select((NodeKind.SESSION, session_id))
            self.open_live(session_id)

    def show_library(self) -> None:
        """Show the method library beside the page, building it the first time."""
        from PySide6.QtCore import Qt

        from facilitator.ui.method_library import MethodLibraryPanel
        from facilitator.ui.navigation import NodeKind

        if self.library_dock is None:
            panel = MethodLibraryPanel()
            panel.attach_store(self._db)
            panel.refresh()
            panel.insert_requested.connect(self._insert_method)
            panel.changes_made.connect(self.apply_changes)
            self.library_dock = QDockWidget("Method library", self)
            self.library_dock.setObjectName("methodLibrary")
            self.library_dock.setWidget(panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.library_dock)
            self.resizeDocks([self.library_dock], [320], Qt.Orientation.Horizontal)
            key = self.selected_key()
            panel.set_insert_enabled(key is not None and key[0] is NodeKind.SESSION)
        self.library_dock.show()
        self.library_dock.raise_()
        self.library_dock.widget().search.setFocus()

    def open_hit(self, hit: SearchHit) -> None:
        """Show a search hit in its place: its session's page (the tab and row it is on), or
        its programme's page when it is in no session."""
        from facilitator.ui.navigation import NodeKind

        if hit.session_id is None:
            self.select((NodeKind.PROGRAMME, hit.programme_id))
        elif self.select((NodeKind.SESSION, hit.session_id)):
            self.session_page.show_hit(hit)

    def _insert_method(self, method: Any, index: int | None = None) -> None:
        from facilitator.services.methods import as_agenda_item
        from facilitator.ui.navigation import NodeKind

        key = self.selected_key()
        if key is None or key[0] is not NodeKind.SESSION:
            return
        self.session_page.tabs.setCurrentIndex(0)
        self.session_page.agenda_editor.insert_items(
            [as_agenda_item(method)], index=index, label=f"Insert “{method.title}”"
        )

    def _insert_method_at(self, method_id: int, index: int) -> None:
        from facilitator.services.methods import list_methods

        method = next((m for m in list_methods(self._db) if m.id == method_id), None)
        if method is not None:
            self._insert_method(method, index)

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

    def show_about(self) -> None:
        where = f"\n\nYour data: {self._db.path}" if self._db is not None else ""
        dialogs.show_information(
            self,
            title=f"About {APP_NAME}",
            text=f"{APP_NAME} {facilitator.__version__}\n\n"
            "Plan, run and write up system-leadership "
            f"workshops. Works entirely offline: nothing leaves this computer.{where}",
        )
