"""Every icon the app uses, named in one place. Icons ship inside qtawesome: no downloads."""

from functools import cache

from PySide6.QtGui import QIcon

# What each icon means in the app -> the qtawesome (Material Design Icons 6) name.
ICON_NAMES: dict[str, str] = {
    "programme": "mdi6.folder-account",
    "module": "mdi6.book-open-variant",
    "session-planned": "mdi6.calendar-blank",
    "session-live": "mdi6.record-circle",
    "session-finished": "mdi6.calendar-check",
    "remove-sample": "mdi6.delete-sweep",
    "refresh": "mdi6.refresh",
    "about": "mdi6.information-outline",
    "quit": "mdi6.exit-to-app",
    "data-folder": "mdi6.folder-open",
    "check": "mdi6.database-check",
    "backups": "mdi6.backup-restore",
    "participants": "mdi6.account-group",
    "agenda": "mdi6.clipboard-text-clock",
    "observations": "mdi6.view-list",
    "new-programme": "mdi6.folder-plus",
    "new-session": "mdi6.calendar-plus",
    "add": "mdi6.plus",
    "edit": "mdi6.pencil",
    "schemes": "mdi6.tag-multiple-outline",
    "delete": "mdi6.delete-outline",
    "duplicate": "mdi6.content-copy",
    "import": "mdi6.file-import",
    "import-bundle": "mdi6.package-down",
    "export-bundle": "mdi6.package-up",
    "export": "mdi6.export",
    "template": "mdi6.file-tree",
    "save-template": "mdi6.content-save-cog",
    "move-up": "mdi6.arrow-up",
    "move-down": "mdi6.arrow-down",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "run-sheet": "mdi6.printer",
    "library": "mdi6.bookshelf",
    "break": "mdi6.coffee",
    "pin": "mdi6.pin",
    "warning": "mdi6.alert",
    "copy-agenda": "mdi6.clipboard-arrow-left",
    "search": "mdi6.magnify",
    "capture": "mdi6.message-text-outline",
    "conflict": "mdi6.sword-cross",
    "action": "mdi6.checkbox-marked-circle-outline",
    "key-moment": "mdi6.star-outline",
    "quote": "mdi6.format-quote-open",
    "review": "mdi6.text-box-search-outline",
    "analysis": "mdi6.chart-box-outline",
    "narrative": "mdi6.text-box-edit-outline",
    "bold": "mdi6.format-bold",
    "italic": "mdi6.format-italic",
    "bullets": "mdi6.format-list-bulleted",
    "cite": "mdi6.pound",
    "session-report": "mdi6.file-pdf-box",
    "export-csv": "mdi6.file-delimited-outline",
    "export-personal-data": "mdi6.file-account-outline",
    "erase": "mdi6.account-remove",
    "retention": "mdi6.calendar-remove",
}


@cache
def icon(name: str) -> QIcon:
    """Return the icon called `name` in ICON_NAMES (qtawesome is imported on first use)."""
    import qtawesome

    return qtawesome.icon(ICON_NAMES[name])
