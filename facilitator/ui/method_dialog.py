"""The form for an activity of the method library."""

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSizePolicy, QSpinBox, QWidget

from facilitator.domain.agenda import MAX_ITEM_MINUTES
from facilitator.domain.fields import MethodFields
from facilitator.ui.forms import FormDialog


class MethodDialog(FormDialog):
    """Add an activity to the library or change one."""

    def __init__(self, parent: QWidget | None, *, title: str, initial: MethodFields | None) -> None:
        super().__init__(parent, title=title, ok_text="Save" if initial else "Add to library")
        self.setMinimumWidth(520)
        initial = initial or MethodFields(title="")
        self.title_edit = QLineEdit(initial.title)
        self.title_edit.setPlaceholderText("For example: Appreciative interview")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_ITEM_MINUTES)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(initial.typical_minutes)
        self.minutes.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.description = _TextBox(initial.description, lines=9)
        self.description.setPlaceholderText("How to run it, step by step")
        self.purpose = _TextBox(initial.purpose, lines=3)
        self.purpose.setPlaceholderText("What it is for: what people should come away with")
        self.materials = _TextBox(initial.materials, lines=2)
        self.materials.setPlaceholderText("For example: flip chart, sticky notes, timer")
        self.add_field("title", "Title:", self.title_edit)
        self.add_field("typical_minutes", "Typical length:", self.minutes)
        self.add_field("description", "Description:", self.description)
        self.add_field("purpose", "Purpose:", self.purpose)
        self.add_field("materials", "Materials:", self.materials)
        self.title_edit.setFocus()

    def values(self) -> MethodFields:
        return MethodFields(
            title=self.title_edit.text(),
            typical_minutes=self.minutes.value(),
            description=self.description.toPlainText(),
            purpose=self.purpose.toPlainText(),
            materials=self.materials.toPlainText(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        initial: MethodFields | None,
        save: Callable[[MethodFields], None],
    ) -> bool:
        """Show the form; return True once `save` has accepted the values."""
        dialog = cls(parent, title=title, initial=initial)
        dialog.set_save(lambda: save(dialog.values().checked()))
        return dialog.exec() == FormDialog.DialogCode.Accepted


class _TextBox(QPlainTextEdit):
    """A plain-text box that asks for room for `lines` lines, so each field gets its share."""

    def __init__(self, text: str, *, lines: int) -> None:
        super().__init__(text)
        self.setTabChangesFocus(True)
        self._height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(self._height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height)
