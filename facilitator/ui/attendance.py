"""Who attends a session: the programme's cohort, each with a tick box."""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from facilitator.domain.snapshots import Participant

type Index = QModelIndex | QPersistentModelIndex


class AttendanceModel(QAbstractListModel):
    """The cohort as a checklist; ticking asks for the attendance to be saved."""

    attendance_changed = Signal(object)  # the set of participant ids now ticked

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cohort: list[Participant] = []
        self._ticked: set[int] = set()

    def set_cohort(self, cohort: Sequence[Participant], ticked: set[int]) -> None:
        self.beginResetModel()
        self._cohort = sorted(cohort, key=lambda person: person.name.casefold())
        self._ticked = set(ticked)
        self.endResetModel()

    @property
    def ticked(self) -> set[int]:
        return set(self._ticked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cohort)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cohort):
            return None
        person = self._cohort[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            details = ", ".join(filter(None, (person.role, person.organisation_name)))
            return f"{person.name} ({details})" if details else person.name
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = person.id in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        person = self._cohort[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._ticked.add(person.id)
        else:
            self._ticked.discard(person.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.attendance_changed.emit(self.ticked)
        return True

    def set_all(self, ticked: bool) -> None:
        self._ticked = {person.id for person in self._cohort} if ticked else set()
        if self._cohort:
            self.dataChanged.emit(self.index(0), self.index(len(self._cohort) - 1))
        self.attendance_changed.emit(self.ticked)
