"""Input widgets for values that may be left empty: an optional date or clock time."""

from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QTimeEdit, QWidget


class _Optional(QWidget):
    """An editor with a tick box in front: unticked means "no value"."""

    def __init__(self, edit: QDateTimeEdit, *, tip: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.enabled.setToolTip(tip)
        self.edit = edit
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def _show(self, value: Any, shown: Any) -> None:
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self._set_edit(shown)

    def _set_edit(self, shown: Any) -> None:
        raise NotImplementedError


class OptionalDate(_Optional):
    """A date with a tick box: unticked means "no date yet"."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        super().__init__(edit, tip="Untick if there is no date yet", parent=parent)
        self.set_value(value)

    def _set_edit(self, shown: Any) -> None:
        self.edit.setDate(shown)

    def set_value(self, value: date | None) -> None:
        self._show(value, QDate(value) if value else QDate.currentDate())

    def value(self) -> date | None:
        return self.edit.date().toPython() if self.enabled.isChecked() else None


class OptionalTime(_Optional):
    """A clock time (24-hour) with a tick box: unticked means "not set"."""

    def __init__(
        self,
        value: time | None = None,
        *,
        default: time = time(9, 30),
        parent: QWidget | None = None,
    ) -> None:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        super().__init__(edit, tip="Untick to leave the time unset", parent=parent)
        self._default = default
        self.set_value(value)

    def _set_edit(self, shown: Any) -> None:
        self.edit.setTime(shown)

    def set_value(self, value: time | None) -> None:
        self._show(value, QTime(value or self._default))

    def value(self) -> time | None:
        return self.edit.time().toPython() if self.enabled.isChecked() else None
