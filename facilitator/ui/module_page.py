"""The module page: its themes and sessions; edit it and plan sessions in it."""

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QToolBar, QVBoxLayout, QWidget

from facilitator.domain.fields import ModuleFields, SessionFields
from facilitator.domain.snapshots import ModuleDetail
from facilitator.domain.status import overall_status, status_label
from facilitator.ui.formatting import clock, plural, short_date
from facilitator.ui.icons import icon
from facilitator.ui.navigation import NodeKind
from facilitator.ui.page import Page
from facilitator.ui.programme_dialogs import ModuleDialog
from facilitator.ui.session_dialog import SessionDialog
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import TablePane, fit_columns, form, heading, table_view, value_label

SESSION_COLUMNS = (
    Column("Session", lambda s: s.title),
    Column("Date", lambda s: short_date(s.date)),
    Column("Starts", lambda s: clock(s.start_time)),
    Column("Kind", lambda s: s.kind.label),
    Column("Status", lambda s: s.status.label),
)


class ModulePage(Page):
    """Shows one module of a programme; edits it and plans its sessions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.module: ModuleDetail | None = None
        self.title = heading()
        self.programme = value_label()
        self.days = value_label()
        self.status = value_label()
        self.themes = value_label()

        self.edit_action = QAction("Edit module…", self)
        self.edit_action.setToolTip("Change the module's title, length or themes")
        self.edit_action.triggered.connect(self.edit_module)
        self.new_session_action = QAction("New session in this module…", self)
        self.new_session_action.setToolTip("Plan a session of this module")
        self.new_session_action.triggered.connect(self.new_session)
        buttons = QToolBar("Module")
        buttons.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        buttons.setIconSize(QSize(18, 18))
        buttons.addAction(self.edit_action)
        buttons.addAction(self.new_session_action)

        self.sessions = SnapshotTableModel(SESSION_COLUMNS, self)
        self.sessions_view = table_view(self.sessions)
        self.sessions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions_view.setToolTip("Double-click a session to open it")
        self.sessions_view.doubleClicked.connect(self._open_session)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(
            form(
                self,
                [
                    ("Programme", self.programme),
                    ("Length", self.days),
                    ("Status", self.status),
                    ("Themes", self.themes),
                ],
            )
        )
        layout.addWidget(buttons)
        layout.addWidget(heading("Sessions", level=2))
        layout.addWidget(
            TablePane(self.sessions_view, empty_text="No sessions planned for this module yet."),
            1,
        )

    def apply_icons(self) -> None:
        self.edit_action.setIcon(icon("edit"))
        self.new_session_action.setIcon(icon("new-session"))

    def show_module(self, module: ModuleDetail) -> None:
        """Fill the page from a snapshot."""
        self.module = module
        self.title.setText(f"Module {module.position}: {module.title}")
        self.programme.setText(module.programme_title)
        if module.days is None:
            self.days.setText("–")
        else:
            self.days.setText(plural(module.days, "day"))
        self.status.setText(status_label(overall_status(s.status for s in module.sessions)))
        self.themes.setText("\n".join(f"• {theme}" for theme in module.themes) or "–")
        self.sessions.set_rows(module.sessions)
        fit_columns(self.sessions_view)

    def _open_session(self, index: QModelIndex) -> None:
        if index.isValid():
            session = self.sessions.row_snapshot(index.row())
            self.select_requested.emit((NodeKind.SESSION, session.id))

    def edit_module(self) -> None:
        from facilitator.services.modules import module_fields, update_module

        module = self.module
        if module is None:
            return

        def save(fields: ModuleFields) -> None:
            changes = update_module(self.db, module.id, fields)
            if changes.any:
                self.changes_made.emit(changes)

        ModuleDialog.ask(self, title="Module details", initial=module_fields(module), save=save)

    def new_session(self) -> None:
        from facilitator.services.programmes import programme_detail
        from facilitator.services.sessions import create_session

        module = self.module
        if module is None:
            return
        programme = programme_detail(self.db, module.programme_id)
        created: list[int] = []
        SessionDialog.ask(
            self,
            title=f"New session in module {module.position}",
            initial=SessionFields(title="", module_id=module.id),
            modules=[(m.id, m.title) for m in programme.modules],
            save=lambda fields: created.append(
                create_session(self.db, module.programme_id, fields)
            ),
        )
        if created:
            self.select_requested.emit((NodeKind.SESSION, created[0]))
