"""The form for a session's details: title, module, date, times, venue and kind."""

from collections.abc import Callable
from datetime import time

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from facilitator.domain.enums import SessionKind
from facilitator.domain.fields import SessionFields
from facilitator.ui.forms import FormDialog
from facilitator.ui.inputs import OptionalDate, OptionalTime


class SessionDialog(FormDialog):
    """Plan a new session or change one's details."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        initial: SessionFields,
        modules: list[tuple[int, str]],
    ) -> None:
        super().__init__(parent, title=title)
        self.title_edit = QLineEdit(initial.title)
        self.title_edit.setPlaceholderText("For example: Day one")
        self.module = QComboBox()
        self.module.addItem("No module", None)
        for module_id, module_title in modules:
            self.module.addItem(module_title, module_id)
        self.module.setCurrentIndex(max(0, self.module.findData(initial.module_id)))
        self.kind = QComboBox()
        for kind in SessionKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(initial.kind))
        self.date = OptionalDate(initial.date)
        self.start = OptionalTime(initial.start_time, default=time(9, 30))
        self.end = OptionalTime(initial.end_time, default=time(16, 30))
        self.venue = QLineEdit(initial.venue)
        self.venue.setPlaceholderText("Room, building and town")
        self.add_field("title", "Title:", self.title_edit)
        self.add_field("module", "Module:", self.module)
        self.add_field("kind", "Kind:", self.kind)
        self.add_field("date", "Date:", self.date)
        self.add_field("start_time", "Starts at:", self.start)
        self.add_field("end_time", "Ends at:", self.end)
        self.add_field("venue", "Venue:", self.venue)

    def values(self) -> SessionFields:
        return SessionFields(
            title=self.title_edit.text(),
            kind=self.kind.currentData(),
            module_id=self.module.currentData(),
            date=self.date.value(),
            start_time=self.start.value(),
            end_time=self.end.value(),
            venue=self.venue.text(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        initial: SessionFields,
        modules: list[tuple[int, str]],
        save: Callable[[SessionFields], None],
    ) -> bool:
        """Show the form; return True once `save` has accepted the values."""
        dialog = cls(parent, title=title, initial=initial, modules=modules)
        dialog.set_save(lambda: save(dialog.values().checked()))
        return dialog.exec() == FormDialog.DialogCode.Accepted
