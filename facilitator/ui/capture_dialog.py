"""The dialog that puts a capture right: its codes, qualifier, who it was about, and note."""

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from facilitator.domain.enums import CodeKind, SubjectKind, SubjectRole
from facilitator.domain.snapshots import CodingScheme, Observation, Organisation, Participant
from facilitator.services.capture import SubjectRef
from facilitator.services.capture_commands import CaptureFields
from facilitator.ui.forms import FormDialog
from facilitator.ui.programme_dialogs import multiline_edit
from facilitator.ui.timeline_model import is_state

NOT_GIVEN = "Not given"
NOBODY = "—"


def _who_key(kind: SubjectKind, ref_id: int | None) -> str:
    # Combo and list data as text: Qt compares text by value, where a Python tuple would
    # only ever match itself.
    return f"{kind.value}:{ref_id if ref_id is not None else ''}"


class CaptureDialog(FormDialog):
    """Put a capture right: its codes (a state keeps a state code), the first code's
    qualifier, who it was about or who acted on whom, and its note."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        observation: Observation,
        schemes: Sequence[CodingScheme],
        cohort: Sequence[Participant],
        organisations: Sequence[Organisation],
        when: str = "",
    ) -> None:
        super().__init__(parent, title="Edit capture")
        self.setMinimumWidth(560)
        self._before = CaptureFields.of(observation)
        self._codes = {code.id: code for scheme in schemes for code in scheme.codes}
        if when:
            self.form.addRow(_plain(when))

        self.codes = QListWidget()
        self.codes.setObjectName("codes")
        self.codes.setIconSize(QSize(12, 12))
        self._fill_codes(observation, schemes)
        self.codes.setFixedHeight(self.codes.sizeHintForRow(0) * 8 + 6)
        self.qualifier = QComboBox()
        self.add_field("codes", "Codes:", self.codes)
        self.add_field("qualifier", "Qualifier:", self.qualifier)

        self._who: dict[str, tuple[SubjectKind, int | None]] = {}
        people: list[tuple[str, str, str]] = []  # (name, name with organisation, key)

        def person_or_group(
            name: str, kind: SubjectKind, ref_id: int | None, where: str = ""
        ) -> None:
            key = _who_key(kind, ref_id)
            self._who[key] = (kind, ref_id)
            people.append((name, f"{name} ({where})" if where else name, key))

        person_or_group("Whole group", SubjectKind.GROUP, None)
        for person in cohort:
            person_or_group(
                person.name, SubjectKind.PARTICIPANT, person.id, person.organisation_name
            )
        for place in organisations:
            person_or_group(place.name, SubjectKind.ORGANISATION, place.id)
        self.source, self.target = QComboBox(), QComboBox()
        for combo, role in ((self.source, SubjectRole.FROM), (self.target, SubjectRole.TO)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
            combo.addItem(NOBODY, None)
            for name, _long_name, key in people:
                combo.addItem(name, key)
            chosen = [_who_key(s.kind, s.ref_id) for s in self._before.subjects if s.role is role]
            combo.setCurrentIndex(max(0, combo.findData(chosen[0])) if chosen else 0)
        direction = QWidget()
        row = QHBoxLayout(direction)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.source, 1)
        row.addWidget(QLabel("→"))
        row.addWidget(self.target, 1)
        self.find = QLineEdit()
        self.find.setPlaceholderText("Type a few letters to find someone")
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self._find_did_change)
        self.about = QListWidget()
        self.about.setObjectName("about")
        self.about.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.about.setTextElideMode(Qt.TextElideMode.ElideRight)
        about = {
            _who_key(s.kind, s.ref_id) for s in self._before.subjects if s.role is SubjectRole.ABOUT
        }
        for _name, long_name, key in people:
            item = QListWidgetItem(long_name)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = key in about
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.about.addItem(item)
        self.about.setFixedHeight(self.about.sizeHintForRow(0) * 6 + 6)
        for chosen in (self.codes, self.about):  # show what is ticked, however far down
            ticked = [
                chosen.item(row)
                for row in range(chosen.count())
                if chosen.item(row).checkState() == Qt.CheckState.Checked
            ]
            if ticked:
                chosen.scrollToItem(ticked[0], QAbstractItemView.ScrollHint.PositionAtCenter)
        self.note = multiline_edit(observation.note, lines=4, placeholder="What happened")
        self.add_field("direction", "Who to whom:", direction)
        self.add_field("find", "About:", self.find)
        self.add_field("subjects", "", self.about)
        self.add_field("note", "Note:", self.note)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.buttons.accepted.emit)

        self.codes.itemChanged.connect(lambda _item: self._show_qualifier())
        self._show_qualifier(keep=self._before.qualifier)
        self.note.setFocus()
        self.note.moveCursor(QTextCursor.MoveOperation.End)

    def _fill_codes(self, observation: Observation, schemes: Sequence[CodingScheme]) -> None:
        lasting = is_state(observation)
        applied = set(self._before.code_ids)

        def add(text: str, colour: str, code_id: int) -> None:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, code_id)
            item.setData(Qt.ItemDataRole.DecorationRole, QColor(colour))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = code_id in applied
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.codes.addItem(item)

        def header(text: str) -> None:
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not ticked, not chosen
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.codes.addItem(item)

        for scheme in schemes:
            fitting = [c for c in scheme.codes if (c.kind is CodeKind.STATE) == lasting]
            if fitting:
                header(scheme.name)
            for code in fitting:
                add(f"{code.label}  [{code.key}]", code.colour, code.id)
        others = [code for code in observation.codes if code.code_id not in self._codes]
        if others:  # from a scheme the session no longer uses: kept unless unticked
            header("Other schemes")
            for applied_code in others:
                add(applied_code.label, applied_code.colour, applied_code.code_id)

    def _ticked(self) -> list[int]:
        ticked = [
            self.codes.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.codes.count())
            if self.codes.item(row).checkState() == Qt.CheckState.Checked
        ]
        # The codes it had keep their order (the first carries the qualifier); new ones follow.
        kept = [code_id for code_id in self._before.code_ids if code_id in ticked]
        return kept + [code_id for code_id in ticked if code_id not in kept]

    def _show_qualifier(self, keep: str | None = None) -> None:
        ticked = self._ticked()
        first = self._codes.get(ticked[0]) if ticked else None
        choices = first.qualifier_choices if first is not None else ()
        keep = keep if keep is not None else self.qualifier.currentData()
        self.qualifier.clear()
        self.qualifier.addItem(NOT_GIVEN, None)
        for choice in choices:
            self.qualifier.addItem(choice, choice)
        self.qualifier.setCurrentIndex(max(0, self.qualifier.findData(keep)))
        holder = self.qualifier.parentWidget()
        if holder is not None:
            self.form.setRowVisible(holder, bool(choices))

    def _find_did_change(self, text: str) -> None:
        wanted = text.strip().casefold()
        for row in range(self.about.count()):
            item = self.about.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def values(self) -> CaptureFields:
        subjects: list[SubjectRef] = []
        for combo, role in ((self.source, SubjectRole.FROM), (self.target, SubjectRole.TO)):
            key = combo.currentData()
            if key is not None:
                subjects.append(SubjectRef(*self._who[key], role))
        for row in range(self.about.count()):
            item = self.about.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                key = item.data(Qt.ItemDataRole.UserRole)
                subjects.append(SubjectRef(*self._who[key], SubjectRole.ABOUT))
        if set(subjects) == set(self._before.subjects):
            subjects = list(self._before.subjects)  # unchanged: keep their order
        return CaptureFields(
            code_ids=tuple(self._ticked()),
            qualifier=self.qualifier.currentData(),
            subjects=tuple(subjects),
            note=self.note.toPlainText(),
            conflict_id=self._before.conflict_id,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        observation: Observation,
        schemes: Sequence[CodingScheme],
        cohort: Sequence[Participant],
        organisations: Sequence[Organisation],
        when: str = "",
    ) -> CaptureFields | None:
        """Show the dialog; return the capture's fields as changed, or None if cancelled."""
        dialog = cls(
            parent,
            observation=observation,
            schemes=schemes,
            cohort=cohort,
            organisations=organisations,
            when=when,
        )
        dialog.set_save(lambda: dialog.values().checked())  # a note too long is shown here
        if dialog.exec() != FormDialog.DialogCode.Accepted:
            return None
        return dialog.values().checked()


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
