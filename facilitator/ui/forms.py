"""Form dialogs that save through a service and show any problem beside its field."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.errors import FacilitatorError, InvalidInputError

ERROR_STYLE = "color: #B00020;"


class FormDialog(QDialog):
    """A dialog of labelled fields. OK calls `save`; a problem keeps the dialog open.

    Subclasses add rows with `add_field(name, caption, widget)` and implement `values()`.
    """

    def __init__(self, parent: QWidget | None, *, title: str, ok_text: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._save: Callable[[], None] | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = self._error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.hide()
        return label

    def add_field(self, name: str, caption: str, widget: QWidget) -> QWidget:
        """Add a labelled row; problems with field `name` show just below it."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = self._error_label()
        column.addWidget(error)
        self.form.addRow(caption, holder)
        self._fields[name] = widget
        self._errors[name] = error
        return widget

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def error_text(self, name: str = "") -> str:
        """Return the problem shown at a field (or the general one), for tests and checks."""
        label = self._errors.get(name, self.general_error)
        return "" if label.isHidden() else label.text()

    def show_error(self, error: FacilitatorError) -> None:
        """Show a problem beside its field (or above the buttons) and focus the field."""
        self.clear_errors()
        name = error.field if isinstance(error, InvalidInputError) else ""
        label = self._errors.get(name, self.general_error)
        label.setText(str(error))
        label.show()
        widget = self._fields.get(name)
        if widget is not None:
            widget.setFocus()

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.general_error):
            label.clear()
            label.hide()

    def set_save(self, save: Callable[[], None]) -> None:
        """Call `save` when the user presses OK; it raises FacilitatorError to refuse."""
        self._save = save

    def _try_save(self) -> None:
        try:
            if self._save is not None:
                self._save()
        except FacilitatorError as error:
            self.show_error(error)
            return
        self.accept()
