"""Input widgets for values that may be left empty: an optional date or clock time."""

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QTimeEdit, QWidget


class OptionalDate(QWidget):
    """A date with a tick box: unticked means "no date yet"."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.enabled.setToolTip("Untick if there is no date yet")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy")
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setDate(QDate(value) if value else QDate.currentDate())

    def value(self) -> date | None:
        return self.edit.date().toPython() if self.enabled.isChecked() else None


class OptionalTime(QWidget):
    """A clock time (24-hour) with a tick box: unticked means "not set"."""

    def __init__(
        self,
        value: time | None = None,
        *,
        default: time = time(9, 30),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._default = default
        self.enabled = QCheckBox()
        self.enabled.setToolTip("Untick to leave the time unset")
        self.edit = QTimeEdit()
        self.edit.setDisplayFormat("HH:mm")
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)
        self.set_value(value)

    def set_value(self, value: time | None) -> None:
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setTime(QTime(value or self._default))

    def value(self) -> time | None:
        return self.edit.time().toPython() if self.enabled.isChecked() else None
