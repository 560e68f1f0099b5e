"""The facilitator's controls for the room view, for a side tab of the live window.

They choose the screen, open and close the room view, choose its panels, turn names on for a
panel only after an explicit confirmation, and keep the group's principles and what is
approved for the room. They hold no data of their own and never touch the database: inputs come
in through methods and every change goes out as a signal.
"""

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.room import (
    BALANCE_WINDOWS,
    NAMEABLE_PANELS,
    ApprovedItems,
    RoomChoices,
    RoomPanel,
    window_label,
)
from facilitator.domain.snapshots import Conflict, ParkingItem
from facilitator.ui.dialogs import ConfirmDialog
from facilitator.ui.room_lists import ApprovalList, PrinciplesEditor
from facilitator.ui.room_view import RoomWindow, default_screen, screen_choices

NAMES_WARNING = (
    "This will show names on the projector for “{panel}”. Everyone in the room will see "
    "who said what. Only do this if the group has agreed to it."
)


class RoomControls(QWidget):
    """Choose what the room view shows and where; announce every change."""

    choices_changed = Signal(object)  # RoomChoices
    principles_changed = Signal(list)  # list[str]
    approvals_changed = Signal(object)  # ApprovedItems
    open_requested = Signal(object)  # the QScreen chosen, or None
    close_requested = Signal()
    blank_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, avoid_screen: QScreen | None = None
    ) -> None:
        super().__init__(parent)
        self._avoid = avoid_screen
        self._choices = RoomChoices()
        self._open = False

        self.screen_box = QComboBox(self)
        self.screen_box.setAccessibleName("Screen for the room view")
        self.open_button = QPushButton("Open room view", self)
        self.blank_button = QPushButton("Blank (Ctrl+B)", self)
        self.blank_button.setCheckable(True)
        self.blank_button.setEnabled(False)
        projector = QGroupBox("Projector", self)
        form = QFormLayout(projector)
        form.addRow("Screen", self.screen_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.blank_button)
        buttons.addStretch(1)
        form.addRow(buttons)

        panels = QGroupBox("What the room sees", self)
        grid = QGridLayout(panels)
        self.panel_boxes: dict[RoomPanel, QCheckBox] = {}
        self.name_boxes: dict[RoomPanel, QCheckBox] = {}
        for row, panel in enumerate(RoomPanel):
            box = QCheckBox(panel.label, panels)
            box.setChecked(self._choices.shows(panel))
            box.toggled.connect(lambda on, p=panel: self._panel_toggled(p, on))
            self.panel_boxes[panel] = box
            grid.addWidget(box, row, 0)
            if panel in NAMEABLE_PANELS:
                names = QCheckBox("Show names", panels)
                names.setAccessibleName(f"Show names in {panel.label}")
                names.toggled.connect(lambda on, p=panel: self._names_toggled(p, on))
                self.name_boxes[panel] = names
                grid.addWidget(names, row, 1)
        self.window_box = QComboBox(panels)
        self.window_box.setAccessibleName("Advocacy and inquiry over")
        for minutes in BALANCE_WINDOWS:
            self.window_box.addItem(window_label(minutes), minutes)
        self.window_box.currentIndexChanged.connect(self._window_changed)
        grid.addWidget(QLabel("Advocacy and inquiry over", panels), len(RoomPanel), 0)
        grid.addWidget(self.window_box, len(RoomPanel), 1)
        grid.setColumnStretch(2, 1)

        approvals = QGroupBox("Parked items and conflicts", self)
        self.approvals = ApprovalList(approvals)
        QVBoxLayout(approvals).addWidget(self.approvals)
        principles = QGroupBox("Principles for working together", self)
        self.principles = PrinciplesEditor(principles)
        QVBoxLayout(principles).addWidget(self.principles)

        layout = QVBoxLayout(self)
        for group in (projector, panels, approvals, principles):
            layout.addWidget(group)
        layout.setStretch(2, 1)
        layout.setStretch(3, 1)

        self.open_button.clicked.connect(self._open_clicked)
        self.blank_button.clicked.connect(self.blank_requested)
        self.approvals.approvals_changed.connect(self.approvals_changed)
        self.principles.principles_changed.connect(self.principles_changed)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.screenAdded.connect(self.refresh_screens)
            application.screenRemoved.connect(self.refresh_screens)
        self.refresh_screens()
        self.set_choices(self._choices)

    # Inputs ------------------------------------------------------------------------------------

    @property
    def choices(self) -> RoomChoices:
        return self._choices

    def set_choices(self, choices: RoomChoices) -> None:
        """Show these choices (names included, already confirmed) without announcing them."""
        self._choices = choices
        for panel, box in self.panel_boxes.items():
            box.blockSignals(True)
            box.setChecked(choices.shows(panel))
            box.blockSignals(False)
        for panel, box in self.name_boxes.items():
            box.blockSignals(True)
            box.setChecked(panel in choices.names)
            box.setEnabled(choices.shows(panel))
            box.blockSignals(False)
        self.window_box.blockSignals(True)
        self.window_box.setCurrentIndex(max(0, self.window_box.findData(choices.balance_minutes)))
        self.window_box.blockSignals(False)

    def set_principles(self, principles: Sequence[str]) -> None:
        self.principles.set_principles(principles)

    def set_items(
        self,
        parked: Sequence[ParkingItem],
        conflicts: Sequence[Conflict],
        approved_ids: ApprovedItems,
    ) -> None:
        """Show the session's parked items and conflicts, ticking those approved for the room."""
        self.approvals.set_items(parked, conflicts, approved_ids)

    def set_avoid_screen(self, screen: QScreen | None) -> None:
        """Prefer a screen other than this one (the live window's) when choosing for the room."""
        self._avoid = screen
        self.refresh_screens()

    def refresh_screens(self, *_: object) -> None:
        """List the connected screens again, keeping the choice if that screen is still there."""
        current = self.chosen_screen()
        self.screen_box.blockSignals(True)
        self.screen_box.clear()
        for label, screen in screen_choices():
            self.screen_box.addItem(label, screen)
        keep = current if current in [s for _, s in screen_choices()] else None
        target = keep or default_screen(self._avoid)
        for index in range(self.screen_box.count()):
            if self.screen_box.itemData(index) is target:
                self.screen_box.setCurrentIndex(index)
        self.screen_box.blockSignals(False)

    def chosen_screen(self) -> QScreen | None:
        screen = self.screen_box.currentData()
        return screen if isinstance(screen, QScreen) else None

    def set_room_open(self, is_open: bool) -> None:
        """Show whether the room view is open."""
        self._open = is_open
        self.open_button.setText("Close room view" if is_open else "Open room view")
        self.blank_button.setEnabled(is_open)
        if not is_open:
            self.blank_button.setChecked(False)

    def set_blank(self, blank: bool) -> None:
        self.blank_button.setChecked(blank)

    def connect_window(self, window: RoomWindow) -> None:
        """Drive this room window: open, close and blank it, and follow its state."""
        self.open_requested.connect(window.show_on)
        self.close_requested.connect(window.close)
        self.blank_requested.connect(window.toggle_blank)
        window.blank_changed.connect(self.set_blank)
        window.closed.connect(lambda: self.set_room_open(False))
        self.open_requested.connect(lambda _: self.set_room_open(True))

    # Changes -----------------------------------------------------------------------------------

    def _open_clicked(self) -> None:
        if self._open:
            self.close_requested.emit()
        else:
            self.open_requested.emit(self.chosen_screen())

    def _update(self, choices: RoomChoices) -> None:
        if choices != self._choices:
            self._choices = choices
            self.choices_changed.emit(choices)

    def _panel_toggled(self, panel: RoomPanel, on: bool) -> None:
        panels = self._choices.panels | {panel} if on else self._choices.panels - {panel}
        if panel in self.name_boxes:
            self.name_boxes[panel].setEnabled(on)
        self._update(replace(self._choices, panels=frozenset(panels)))

    def _names_toggled(self, panel: RoomPanel, on: bool) -> None:
        if on and not ConfirmDialog.ask(
            self,
            title="Show names on the projector",
            text=NAMES_WARNING.format(panel=panel.label),
            action="Show names",
        ):
            box = self.name_boxes[panel]
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
            return
        names = self._choices.names | {panel} if on else self._choices.names - {panel}
        self._update(replace(self._choices, names=frozenset(names)))

    def _window_changed(self, index: int) -> None:
        minutes = self.window_box.itemData(index)
        self._update(replace(self._choices, balance_minutes=minutes))
