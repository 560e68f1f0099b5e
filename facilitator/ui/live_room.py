"""Wire the room view and the pattern cues into a live session.

`RoomLink` keeps the projector's picture in step with the session: the captures as the
timeline holds them (new ones, edits, undo), the agenda clock, and the facilitator's choices,
principles and approvals, which it stores. `CueLink` evaluates the facilitator's cue rules over
the same captures and writes each cue that fires to the file, for the session report.
Both recompute at most once per event-loop pass however many changes arrive, and on a slow
timer so that cues which depend on time passing (ten minutes without inquiry) appear.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction

from facilitator.domain.changes import Changes
from facilitator.domain.cues import Cue, CueContext
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.room import (
    ApprovedItems,
    RoomChoices,
    RoomPanel,
    RoomPicture,
    picture_for_session,
)
from facilitator.domain.snapshots import Conflict, Observation, ParkingItem
from facilitator.services import actions as parking
from facilitator.services import conflicts as conflict_service
from facilitator.services import room
from facilitator.ui.cue_panel import CuePanel
from facilitator.ui.room_controls import RoomControls
from facilitator.ui.room_view import RoomWindow

if TYPE_CHECKING:
    from facilitator.ui.live_window import LiveWindow

REFRESH_MS = 5_000  # time-based cues and the item's time left, without busy redrawing
SETTINGS_PANELS = "room/panels"
SETTINGS_BALANCE = "room/balance_minutes"
BLANK_KEYS = "Ctrl+B"
ROOM_KEYS = "Ctrl+R"


class _Debounced(QObject):
    """Run `work` once after the current event, however often `poke` is called meanwhile."""

    def __init__(self, parent: QObject, work: Callable[[], None], *, every_ms: int) -> None:
        super().__init__(parent)
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(work)
        self._steady = QTimer(self, interval=every_ms)
        self._steady.timeout.connect(work)
        self._steady.start()

    def poke(self, *_args: object) -> None:
        self._soon.start()

    def stop(self) -> None:
        self._soon.stop()
        self._steady.stop()


class RoomLink(QObject):
    """The room view of one live session: its controls, its window and what feeds them."""

    def __init__(
        self,
        window: "LiveWindow",
        captures: Callable[[], tuple[Observation, ...]],
        *,
        settings: QSettings,
    ) -> None:
        super().__init__(window)
        self.live = window
        self.run = window.run
        self._captures = captures
        self._settings = settings
        self.controls = RoomControls(avoid_screen=window.screen())
        self.room = RoomWindow()
        self.room.setWindowTitle(f"Room view: {self.run.detail.title}")
        # The keyboard stays with the facilitator: capture keys must never land on the projector.
        self.room.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.controls.connect_window(self.room)
        self.controls.set_choices(self._saved_choices())
        self.principles: tuple[str, ...] = ()
        self.approved = ApprovedItems()
        self._parked: tuple[ParkingItem, ...] = ()
        self._conflicts: tuple[Conflict, ...] = ()
        self.read_items()

        self.controls.choices_changed.connect(self._choices_did_change)
        self.controls.principles_changed.connect(self._principles_did_change)
        self.controls.approvals_changed.connect(self._approvals_did_change)
        self.controls.open_requested.connect(self.refresh_soon)
        self.controls.open_requested.connect(self._did_open)
        self.refresher = _Debounced(self, self.refresh, every_ms=REFRESH_MS)
        self.open_action = self._action("Room view", ROOM_KEYS, self.toggle_room)
        self.blank_action = self._action("Blank room", BLANK_KEYS, self.toggle_blank)
        self.blank_action.setCheckable(True)
        self.blank_action.setEnabled(False)
        self.room.blank_changed.connect(self.blank_action.setChecked)
        self.room.closed.connect(self._did_close)
        window.destroyed.connect(self.room.close)
        self.refresh()

    def _action(self, text: str, keys: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.live)
        action.setShortcut(keys)
        action.triggered.connect(slot)
        self.live.add_control(action)
        return action

    # The facilitator's moves -------------------------------------------------------------------

    def toggle_room(self) -> None:
        """Open the room view on the chosen screen, or close it."""
        if self.room.isVisible():
            self.room.close()
            return
        self.controls.open_requested.emit(self.controls.chosen_screen())

    def _did_open(self, _screen: object = None) -> None:
        self.blank_action.setEnabled(True)
        self.refresh()  # at once: never a frame of what it showed when last open
        self.live.activateWindow()

    def _did_close(self) -> None:
        self.blank_action.setEnabled(False)
        # Forget the picture: choices (names off, say) may change before it opens again.
        self.room.show_picture(RoomPicture())

    def toggle_blank(self) -> None:
        """Blank the projector at once, or bring the picture back."""
        if self.room.isVisible():
            self.room.toggle_blank()
        else:
            self.blank_action.setChecked(False)

    def close(self) -> None:
        self.refresher.stop()
        self.room.close()

    # Reading and keeping ----------------------------------------------------------------------

    def read_items(self) -> None:
        """Read the principles, the parked items and conflicts, and what is approved."""
        detail = self.run.detail
        db = self.run.db
        try:
            self.principles = room.working_principles(db, detail.programme_id)
            self._parked = tuple(parking.parking_lot(db, detail.id))
            self._conflicts = tuple(
                conflict_service.programme_conflicts(db, detail.programme_id, open_only=True)
            )
            self.approved = room.approved_items(db, detail.id)
        except FacilitatorError as error:
            self.live.statusBar().showMessage(str(error))
            return
        self.controls.set_principles(self.principles)
        self.controls.set_items(self._parked, self._conflicts, self.approved)

    def _keep(self, work: Callable[[], Changes]) -> bool:
        """Store a change of the facilitator's; the main window hears of it, as of any other."""
        try:
            changes = work()
        except FacilitatorError as error:
            self.live.statusBar().showMessage(str(error))
            self.read_items()  # show what the file holds, not what was refused
            return False
        if changes.any:
            self.live.changes_made.emit(changes)
        return True

    def _principles_did_change(self, principles: list[str]) -> None:
        programme_id = self.run.detail.programme_id
        if self._keep(lambda: room.set_working_principles(self.run.db, programme_id, principles)):
            self.principles = room.clean_principles(principles)
        self.refresh_soon()

    def _approvals_did_change(self, approved: ApprovedItems) -> None:
        if self._keep(lambda: room.set_approved_items(self.run.db, self.run.detail.id, approved)):
            self.approved = approved
        self.refresh_soon()

    def _choices_did_change(self, choices: RoomChoices) -> None:
        # Names are never remembered: each session starts with them off.
        self._settings.setValue(SETTINGS_PANELS, ",".join(sorted(choices.panels)))
        minutes = choices.balance_minutes
        self._settings.setValue(SETTINGS_BALANCE, 0 if minutes is None else minutes)
        self.refresh_soon()

    def _saved_choices(self) -> RoomChoices:
        saved = self._settings.value(SETTINGS_PANELS)
        default = RoomChoices()
        if not isinstance(saved, str):
            return default
        panels = frozenset(p for p in RoomPanel if p.value in saved.split(","))
        minutes = str(self._settings.value(SETTINGS_BALANCE, 0))
        balance = int(minutes) if minutes.isdigit() and int(minutes) > 0 else None
        return RoomChoices(panels=panels, balance_minutes=balance)

    # The picture ------------------------------------------------------------------------------

    def refresh_soon(self, *_args: object) -> None:
        self.refresher.poke()

    def refresh(self) -> None:
        """Draw the room's picture from the session as it stands now."""
        if not self.room.isVisible():
            return
        run = self.run
        picture = picture_for_session(
            replace(run.detail, observations=self._captures()),
            now=run.timer.moment(),
            choices=self.controls.choices,
            principles=self.principles,
            parked=self._parked,
            conflicts=self._conflicts,
            approved=self.approved,
            item_elapsed_seconds=self.live.clock.item_clock.elapsed(),
        )
        self.room.show_picture(picture)


class CueLink(QObject):
    """The facilitator's pattern cues: evaluated as captures come in and as time passes, and
    each one written to the file as it fires."""

    def __init__(
        self,
        window: "LiveWindow",
        panel: CuePanel,
        captures: Callable[[], tuple[Observation, ...]],
    ) -> None:
        super().__init__(window)
        self.live = window
        self.run = window.run
        self.panel = panel
        self._captures = captures
        self._context = CueContext()
        self.read_context()
        panel.cue_fired.connect(self.record)
        panel.rules_changed.connect(lambda _rules: self.refresh_soon())
        self.refresher = _Debounced(self, self.refresh, every_ms=REFRESH_MS)
        self.refresh()

    def read_context(self) -> None:
        """Learn whose organisation and sector, and which conflicts are open and since when."""
        detail = self.run.detail
        sectors = {o.id: o.sector.value for o in detail.organisations}
        people = {p.id: p.organisation_id for p in (*detail.cohort, *detail.attendees)}
        try:
            conflicts = conflict_service.programme_conflicts(
                self.run.db, detail.programme_id, open_only=True
            )
        except FacilitatorError:
            conflicts = []
        started = detail.live_started_at
        opened = {
            c.id: max(0.0, (c.opened_at - started).total_seconds()) if started else 0.0
            for c in conflicts
            if c.session_id == detail.id
        }
        self._context = CueContext(
            organisation_of={p: o for p, o in people.items() if o is not None},
            sector_of=sectors,
            open_conflicts=opened,
        )

    def refresh_soon(self, *_args: object) -> None:
        self.refresher.poke()

    def refresh(self) -> None:
        self.panel.evaluate(self._captures(), self.run.timer.elapsed(), self._context)

    def record(self, cue: Cue) -> None:
        """Write a cue that has just fired; a refusal is shown, never raised mid-session."""
        try:
            room.record_cue(
                self.run.db,
                self.run.session_id,
                cue,
                offset=self.run.timer.elapsed(),
                moment=self.run.timer.moment(),
            )
        except FacilitatorError as error:
            self.panel.show_problem(str(error))

    def close(self) -> None:
        self.refresher.stop()
