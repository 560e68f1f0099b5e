"""Every menu and toolbar action of the main window, defined in one place."""

from dataclasses import dataclass, fields

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QWidget

from facilitator.ui.icons import icon


@dataclass(frozen=True, slots=True)
class Actions:
    new_programme: QAction
    show_library: QAction
    refresh: QAction
    remove_sample: QAction
    check_database: QAction
    show_data_folder: QAction
    backups: QAction
    retention: QAction
    import_bundle: QAction
    quit: QAction
    about: QAction


ICON_SIZE = QSize(24, 24)

# Action name -> icon name, applied once the window is on screen.
_ICONS = {
    "new_programme": "new-programme",
    "show_library": "library",
    "refresh": "refresh",
    "remove_sample": "remove-sample",
    "check_database": "check",
    "show_data_folder": "data-folder",
    "backups": "backups",
    "retention": "retention",
    "import_bundle": "import-bundle",
    "quit": "quit",
    "about": "about",
}


def create_actions(parent: QWidget) -> Actions:
    """Create the actions, with text, shortcuts and status tips.

    Their icons come later (apply_icons); until then a blank icon of the same size holds
    their place, so the toolbar keeps its height when the real ones arrive.
    """
    blank = QPixmap(ICON_SIZE)
    blank.fill(QColor(0, 0, 0, 0))  # Qt.GlobalColor.transparent, without the Qt namespace
    placeholder = QIcon(blank)

    def action(text: str, tip: str, shortcut: QKeySequence | str | None = None) -> QAction:
        created = QAction(placeholder, text, parent)
        created.setStatusTip(tip)
        created.setToolTip(tip)
        if shortcut is not None:
            set_shortcut(created, shortcut)
        return created

    return Actions(
        new_programme=action(
            "&New programme…",
            "Plan a new programme, empty or from a template",
            QKeySequence.StandardKey.New,
        ),
        show_library=action(
            "Method &library", "Reusable activities to insert into an agenda", "Ctrl+L"
        ),
        refresh=action("&Refresh", "Read the data again", QKeySequence.StandardKey.Refresh),
        remove_sample=action(
            "Remove &sample programme…", "Delete the fictional sample programme and its sessions"
        ),
        check_database=action("&Check database", "Run a full integrity check of the database file"),
        show_data_folder=action(
            "Show &data folder", "Open the folder that holds the database and its backups"
        ),
        backups=action("&Backups…", "See the backups of your data, make one now, or restore one"),
        retention=action(
            "&Retention…", "How long programmes are kept after they end, and deleting older ones"
        ),
        import_bundle=action(
            "&Import a bundle…",
            "Add work saved on another laptop, or merge a co-facilitator's captures",
        ),
        quit=action("&Quit", "Close Facilitator", QKeySequence.StandardKey.Quit),
        about=action("&About Facilitator", "Version and where your data is kept"),
    )


def set_shortcut(action: QAction, keys: QKeySequence | QKeySequence.StandardKey | str) -> None:
    """Give `action` one shortcut, as QAction.setShortcut does.

    Through setShortcuts: PySide6's setShortcut builds the Qt namespace's Python enums (about
    12 ms) to choose its overload, and the window is built before its first paint.
    """
    action.setShortcuts([QKeySequence(keys)])


def apply_icons(actions: Actions) -> None:
    """Give each action its icon."""
    for field in fields(actions):
        getattr(actions, field.name).setIcon(icon(_ICONS[field.name]))
