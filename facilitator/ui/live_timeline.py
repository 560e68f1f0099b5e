"""The live session's timeline: every capture, newest first, to put right, delete or undo.

The model is a thin list of Observation snapshots. A capture arriving is inserted (never a
reset), so the facilitator's selection and place in a long list stay put; a capture edited is
changed in place. Thousands of rows cost nothing: no widget per row, uniform row heights,
columns of fixed width rather than sized by measuring every row.

Keeping up with undo and redo: the panel follows its session's undo stack. Whenever the stack
moves (a capture remembered, an edit or deletion here, an undo or redo from anywhere: this
panel's keys, the window's Edit menu, the capture panel) it reads back only the captures the
steps touched (each capture command says which, by UUID) and changes just those rows. A step
that is not a capture command makes it read the whole session again. So the caller need not
call `reload()` after undo or redo; `add()` stays for captures that reach the file without
passing through the stack (a capture kept waiting and written later).

Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y in the list step through this session's own stack (the one
the hub keeps for it, which is the group's active stack while the session is live), and the
panel claims those keys before a window-wide Undo action can make them ambiguous.
"""

import bisect
from collections.abc import Iterable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.enums import CaptureKind, CodeKind, SubjectKind, SubjectRole
from facilitator.domain.snapshots import CodingScheme, Observation, Organisation, Participant
from facilitator.domain.timezones import zone
from facilitator.services import programmes
from facilitator.services.capture import SubjectRef
from facilitator.services.capture_commands import (
    CaptureFields,
    DeleteCapture,
    EditCapture,
    captures_by_uuid,
)
from facilitator.ui.formatting import elapsed, plural, rich_tooltip
from facilitator.ui.forms import FormDialog
from facilitator.ui.programme_dialogs import multiline_edit

if TYPE_CHECKING:
    from facilitator.services.live_run import LiveRun
    from facilitator.ui.undo import UndoHub

type Index = QModelIndex | QPersistentModelIndex

TIME, CODES, LASTED, WHO, NOTE, ITEM = range(6)
HEADINGS = ("Time", "Codes", "Lasted", "Who", "Note", "Agenda item")
# Columns are sized from sample text and the panel's width, never by measuring thousands of
# rows. The time and duration keep their width; codes, people and note share the rest, the
# note most. Below ITEM_FROM pixels (a side tab) the agenda item gives way: the time's
# tooltip names it.
FIXED = {TIME: "00:00:00", LASTED: "running"}
SHARES = {CODES: 0.36, WHO: 0.25, NOTE: 0.39}
ITEM_SAMPLE = "x" * 22
ITEM_FROM = 900
ObservationRole = Qt.ItemDataRole.UserRole + 1
UuidRole = Qt.ItemDataRole.UserRole + 2

RUNNING = "running"
EMPTY_TEXT = "No captures yet. Press a code's key and the capture appears here, newest first."
DELETED = "Deleted — Ctrl+Z to undo"
SAVED = "Saved — Ctrl+Z to undo"
UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))
EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def codes_text(observation: Observation) -> str:
    """Return a capture's codes as one line: 'Power differential named (Expert)'."""
    parts = [
        code.label + (f" ({code.qualifier})" if code.qualifier else "")
        for code in observation.codes
    ]
    return "; ".join(parts) or _uncoded(observation.kind)


def lasted_text(observation: Observation) -> str:
    """Return how long a state lasted, "running" while it runs, and nothing for a moment."""
    if not _is_state(observation):
        return ""
    return (
        RUNNING if observation.duration_seconds is None else elapsed(observation.duration_seconds)
    )


def _uncoded(kind: CaptureKind) -> str:
    return {
        CaptureKind.MARK: "Marked moment – to code",
        CaptureKind.CONTRIBUTION: "Spoke",
    }.get(kind, "Note")


def _is_state(observation: Observation) -> bool:
    return observation.duration_seconds is not None or any(
        code.kind is CodeKind.STATE for code in observation.codes
    )


def is_running(observation: Observation) -> bool:
    """True for a state that has started and not yet stopped."""
    return observation.duration_seconds is None and _is_state(observation)


def who_text(observation: Observation) -> str:
    """Return who a capture is about, with any direction: 'Priya Shah → Tom Reed; Whole group'."""
    names = {role: [s.name for s in observation.subjects if s.role is role] for role in SubjectRole}
    parts = []
    source, target = names[SubjectRole.FROM], names[SubjectRole.TO]
    if source or target:
        parts.append(f"{', '.join(source) or '?'} → {', '.join(target) or '?'}")
    parts.extend(names[SubjectRole.ABOUT])
    return "; ".join(parts)


def note_text(observation: Observation) -> str:
    """Return a note's first line, marked with an ellipsis when there is more."""
    lines = observation.note.strip().splitlines()
    if not lines:
        return ""
    return lines[0] + (" …" if len(lines) > 1 else "")


def _sort_key(observation: Observation) -> tuple[float, int]:
    # Newest first: the reverse of the session's own order (time into the session, then id).
    return (-observation.offset_seconds, -observation.id)


class TimelineModel(QAbstractTableModel):
    """The session's captures, newest first."""

    def __init__(self, room: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._room = room
        self._rows: list[Observation] = []
        self._keys: list[tuple[float, int]] = []  # the rows' sort keys, for bisecting
        # So that finding a row, and counting running states, stay quick with thousands.
        self._by_uuid: dict[str, Observation] = {}
        self._running: set[str] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    # Changing the rows -------------------------------------------------------------------------

    def load(self, observations: Iterable[Observation]) -> None:
        """Show these captures (in any order) in place of all others."""
        self.beginResetModel()
        self._rows = sorted(observations, key=_sort_key)
        self._keys = [_sort_key(row) for row in self._rows]
        self._by_uuid = {row.uuid: row for row in self._rows}
        self._running = {row.uuid for row in self._rows if is_running(row)}
        self.endResetModel()

    def add(self, observation: Observation) -> int:
        """Insert a capture where it belongs (the top, unless back-dated); return its row.

        A capture already shown is replaced instead.
        """
        if self.row_of(observation.uuid) is not None:
            return self.replace(observation)
        key = _sort_key(observation)
        row = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, observation)
        self._keys.insert(row, key)
        self._note(observation)
        self.endInsertRows()
        return row

    def _note(self, observation: Observation) -> None:
        self._by_uuid[observation.uuid] = observation
        if is_running(observation):
            self._running.add(observation.uuid)
        else:
            self._running.discard(observation.uuid)

    def replace(self, observation: Observation) -> int:
        """Show a capture's new state in its row; one moved in time moves to its new place."""
        row = self.row_of(observation.uuid)
        if row is None:
            return self.add(observation)
        if _sort_key(observation) != self._keys[row]:
            self.remove(observation.uuid)
            return self.add(observation)
        self._rows[row] = observation
        self._note(observation)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADINGS) - 1))
        return row

    def remove(self, uuid: str) -> int | None:
        """Take a capture's row away; return the row it had, or None if it was not shown."""
        row = self.row_of(uuid)
        if row is None:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row], self._keys[row], self._by_uuid[uuid]
        self._running.discard(uuid)
        self.endRemoveRows()
        return row

    # Reading -----------------------------------------------------------------------------------

    def row_of(self, uuid: str) -> int | None:
        shown = self._by_uuid.get(uuid)
        if shown is None:
            return None
        row = bisect.bisect_left(self._keys, _sort_key(shown))
        if row < len(self._rows) and self._rows[row].uuid == uuid:
            return row
        return next(row for row, other in enumerate(self._rows) if other.uuid == uuid)

    @property
    def running_count(self) -> int:
        """Return how many states shown are still running."""
        return len(self._running)

    def uuid_of_id(self, observation_id: int) -> str | None:
        """Return the UUID of the capture shown with this id (ids are only good for now)."""
        for observation in self._rows:
            if observation.id == observation_id:
                return observation.uuid
        return None

    def observation(self, row: int) -> Observation:
        return self._rows[row]

    @property
    def observations(self) -> tuple[Observation, ...]:
        return tuple(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        observation = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(observation, column)
        if role == Qt.ItemDataRole.DecorationRole and column == CODES and observation.codes:
            return QColor(observation.codes[0].colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(observation, column)
        if role == Qt.ItemDataRole.FontRole and is_running(observation):
            return self._bold
        if role == ObservationRole:
            return observation
        if role == UuidRole:
            return observation.uuid
        return None

    def _text(self, observation: Observation, column: int) -> str:
        if column == TIME:
            return f"{observation.occurred_at.astimezone(self._room):%H:%M:%S}"
        if column == CODES:
            return codes_text(observation)
        if column == LASTED:
            return lasted_text(observation)
        if column == WHO:
            return who_text(observation)
        if column == NOTE:
            return note_text(observation)
        return observation.agenda_item_title

    def _tooltip(self, observation: Observation, column: int) -> str | None:
        if column == CODES:
            lines = [
                f"{code.scheme_name}: {code.label}"
                + (f" – {code.qualifier}" if code.qualifier else "")
                for code in observation.codes
            ]
            return rich_tooltip("\n".join(lines) or codes_text(observation))
        if column == NOTE:
            return rich_tooltip(observation.note)
        if column == TIME:
            into = f"{elapsed(observation.offset_seconds)} into the session"
            item = observation.agenda_item_title
            return rich_tooltip(f"{into}\n{item}" if item else into)
        return rich_tooltip(self._text(observation, column))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADINGS[section]
        return None


# The edit dialog -------------------------------------------------------------------------------

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
        lasting = _is_state(observation)
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


# The panel -------------------------------------------------------------------------------------


def _matches(event: QKeyEvent, sequences: Sequence[QKeySequence]) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(sequence) == QKeySequence.SequenceMatch.ExactMatch for sequence in sequences
    )


class TimelinePanel(QWidget):
    """The live session's captures, newest first: Enter edits, Delete deletes, Ctrl+Z undoes."""

    def __init__(self, run: "LiveRun", hub: "UndoHub", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = run
        self.hub = hub
        self.model = TimelineModel(zone(run.detail.timezone), self)
        self.view = QTreeView()
        self.view.setObjectName("timeline")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self._viewport = self.view.viewport()
        self._size_columns()
        self.view.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        self.view.installEventFilter(self)
        self._viewport.installEventFilter(self)

        self.placeholder = QLabel(EMPTY_TEXT)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the platform's muted text colour
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.placeholder)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.count = QLabel()
        footer = QHBoxLayout()
        footer.setContentsMargins(4, 0, 4, 2)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)

        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._rows_did_change)
        self.model.rowsAboutToBeInserted.connect(self._keep_place_on_insert)
        self.model.rowsAboutToBeRemoved.connect(self._keep_place_on_remove)

        self.stack = hub.stack_for(run.session_id)
        self._stack_index = self.stack.index()
        self.stack.indexChanged.connect(self._stack_did_move)
        # The run has just read the session; reload() reads it again when it may be stale.
        self.load(run.detail.observations)

    def _size_columns(self) -> None:
        """Share the width out: fixed columns first, then codes, people and note."""
        metrics = self.view.fontMetrics()
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(metrics.horizontalAdvance("x" * 6))
        width = self._viewport.width()
        rest = width
        for column, sample in FIXED.items():
            self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
            rest -= self.view.columnWidth(column)
        show_item = width >= ITEM_FROM
        self.view.setColumnHidden(ITEM, not show_item)
        if show_item:
            rest -= metrics.horizontalAdvance(ITEM_SAMPLE) + 20
        rest = max(rest, metrics.horizontalAdvance("x" * 40))
        for column, share in SHARES.items():
            self.view.setColumnWidth(column, int(rest * share))

    # Rows --------------------------------------------------------------------------------------

    def load(self, observations: Iterable[Observation]) -> None:
        """Show these captures in place of all others."""
        self.model.load(observations)

    def reload(self) -> None:
        """Read the session's captures again from the file (keeps the selected capture)."""
        selected = self.selected()
        self.load(programmes.session_detail(self.run.db, self.run.session_id).observations)
        if selected is not None:
            self.select(selected.uuid)

    def add(self, observation: Observation) -> None:
        """Show a new capture (at the top, unless back-dated); an existing one is replaced."""
        self.model.add(observation)

    def replace(self, observation: Observation) -> None:
        """Show a capture's new state in place."""
        self.model.replace(observation)

    def remove(self, uuid: str) -> None:
        self.model.remove(uuid)

    def selected(self) -> Observation | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.observation(rows[0].row()) if rows else None

    def select(self, uuid: str) -> bool:
        """Select and show a capture; False if it is not in the timeline."""
        row = self.model.row_of(uuid)
        if row is None:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _rows_did_change(self) -> None:
        total = self.model.rowCount()
        self.pages.setCurrentWidget(self.view if total else self.placeholder)
        running = self.model.running_count
        text = plural(total, "capture")
        self.count.setText(text + (f" · {running} {RUNNING}" if running else ""))

    def _keep_place_on_insert(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Rows arriving above a facilitator scrolled down to read must not push the rows
        # they are reading out of sight; at the top, the newest simply appears.
        bar = self.view.verticalScrollBar()
        if bar.value() > 0 and first <= bar.value():
            grown = last - first + 1
            bar.setMaximum(bar.maximum() + grown)
            bar.setValue(bar.value() + grown)

    def _keep_place_on_remove(self, _parent: QModelIndex, first: int, last: int) -> None:
        bar = self.view.verticalScrollBar()
        if bar.value() > 0 and last < bar.value():
            bar.setValue(bar.value() - (last - first + 1))

    # Editing, deleting, undoing ----------------------------------------------------------------

    def edit_row(self, row: int) -> bool:
        """Edit the capture in `row` in a dialog; True once the change is saved."""
        if not 0 <= row < self.model.rowCount():
            return False
        observation = self.model.observation(row)
        detail = self.run.detail
        after = CaptureDialog.ask(
            self,
            observation=observation,
            schemes=self.run.schemes,
            cohort=detail.cohort,
            organisations=detail.organisations,
            when=" · ".join(
                text
                for text in (
                    self.model.data(self.model.index(row, TIME)),
                    observation.agenda_item_title,
                )
                if text
            ),
        )
        if after is None:
            return False
        before = CaptureFields.of(observation)
        if after == before:
            return False
        command = EditCapture(self.run.session_id, observation.uuid, before, after)
        if not self.hub.push(command):
            return False
        self.status.setText(SAVED)
        return True

    def delete_selected(self) -> bool:
        """Delete the selected capture (undoable, so no question asked); True if deleted."""
        observation = self.selected()
        if observation is None:
            return False
        row = self.model.row_of(observation.uuid)
        if not self.hub.push(DeleteCapture(self.run.session_id, observation.uuid)):
            return False
        self.model.remove(observation.uuid)  # at once: the stack's refresh finds it gone too
        if self.model.rowCount():
            self._select_row(min(row or 0, self.model.rowCount() - 1))
        self.status.setText(DELETED)
        return True

    def undo(self) -> None:
        """Undo the session's last step (this session's history, whatever is active)."""
        if self.stack.canUndo():
            text = self.stack.undoText()
            self.stack.undo()
            self.status.setText(f"Undone: {text}")

    def redo(self) -> None:
        if self.stack.canRedo():
            text = self.stack.redoText()
            self.stack.redo()
            self.status.setText(f"Redone: {text}")

    def _stack_did_move(self, index: int) -> None:
        """Read back the captures the steps between the old and new index touched."""
        if not shiboken6.isValid(self.stack):
            return  # the history is being thrown away (the window closing): nothing changed
        old, self._stack_index = self._stack_index, index
        if self.stack.count() == 0:
            return  # the history was cleared: that changes no capture
        uuids: set[str] = set()
        for position in range(min(old, index), max(old, index)):
            command = getattr(self.stack.command(position), "command", None)
            touched = getattr(command, "touched", None)
            if touched is None:
                self.reload()  # not a capture step (an agenda edit, say): read it all
                return
            uuids.update(touched)
            for stopped_id in getattr(command, "stopped_ids", ()):
                stopped = self.model.uuid_of_id(stopped_id)
                if stopped is not None:
                    uuids.add(stopped)
        self.refresh(uuids)

    def refresh(self, uuids: Iterable[str]) -> None:
        """Read these captures again: changed ones change in place, gone ones go."""
        wanted = set(uuids)
        found = captures_by_uuid(self.run.db, self.run.session_id, wanted)
        for uuid in wanted:
            if uuid in found:
                self.model.add(found[uuid])  # replaces it if shown
            else:
                self.model.remove(uuid)
        self._rows_did_change()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._size_columns()
        elif watched is self.view and isinstance(event, QKeyEvent):
            action = self._action_for(event)
            if action is not None:
                # Claim the key before any window-wide shortcut (the Edit menu's Undo) takes it.
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    action()
                    return True
        return super().eventFilter(watched, event)

    def _action_for(self, event: QKeyEvent) -> Any:
        if _matches(event, UNDO_KEYS):
            return self.undo
        if _matches(event, REDO_KEYS):
            return self.redo
        if event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return None
        if event.key() in EDIT_KEYS and self.view.currentIndex().isValid():
            return lambda: self.edit_row(self.view.currentIndex().row())
        if event.key() in DELETE_KEYS and self.selected() is not None:
            return self.delete_selected
        return None
