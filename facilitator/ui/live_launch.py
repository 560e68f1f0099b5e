"""Build the live window for a session, with its capture panel, timeline and side panels."""

from typing import Any

from PySide6.QtCore import QSettings

from facilitator.domain.live import Clock, SystemClock
from facilitator.domain.snapshots import Observation
from facilitator.services.live_run import LiveRun
from facilitator.ui.actions_panel import ActionsPanel
from facilitator.ui.capture_panel import CapturePanel
from facilitator.ui.conflicts_panel import ConflictsPanel
from facilitator.ui.cue_panel import CuePanel, default_rules_path
from facilitator.ui.live_room import CueLink, RoomLink
from facilitator.ui.live_timeline import TimelinePanel
from facilitator.ui.live_window import LiveWindow
from facilitator.ui.parking_panel import ParkingPanel
from facilitator.ui.tally_panel import TallyPanel
from facilitator.ui.undo import UndoHub


def build_live_window(
    db: Any, session_id: int, *, hub: UndoHub, settings: QSettings, clock: Clock | None = None
) -> LiveWindow:
    """Return the live window of a session (going live if it is not yet), fully wired."""
    run = LiveRun(db, session_id, clock=clock or SystemClock())
    hub.activate(session_id)
    window = LiveWindow(run, hub, settings=settings)
    capture_panel = CapturePanel(run, hub)
    timeline = TimelinePanel(run, hub)
    timeline.load(run.detail.observations)
    conflicts = ConflictsPanel(run)
    actions = ActionsPanel(run)
    parking = ParkingPanel(run)
    tally = TallyPanel(run)
    _remember_scan_setting(capture_panel, settings)
    window.set_capture_panel(capture_panel)
    window.set_timeline(timeline)
    window.add_side_panel("Conflicts", conflicts)
    window.add_side_panel("Actions", actions)
    window.add_side_panel("Parking lot", parking)
    window.add_side_panel("Contributions", tally)
    room_link, cue_link = _add_room_and_cues(
        window, timeline, settings, conflicts=conflicts, parking=parking
    )

    def captured(observation: Observation) -> None:
        timeline.add(observation)
        conflicts.set_last_capture(observation.id)
        if observation.conflict_id is not None:
            conflicts.refresh()
            room_link.read_items()
            cue_link.read_context()

    capture_panel.captured.connect(captured)
    tally.changes_made.connect(lambda _changes: timeline.reload())
    conflicts.changes_made.connect(lambda _changes: timeline.reload())
    return window


def _add_room_and_cues(
    window: LiveWindow,
    timeline: TimelinePanel,
    settings: QSettings,
    *,
    conflicts: ConflictsPanel,
    parking: ParkingPanel,
) -> tuple[RoomLink, CueLink]:
    """Give the window its pattern cues (for the facilitator) and its room view (for the
    projector), both fed from the captures as the timeline holds them."""

    def captures() -> tuple[Observation, ...]:
        return timeline.model.observations

    cue_panel = CuePanel(rules_path=default_rules_path())
    window.add_side_panel("Cues", cue_panel)
    cue_link = CueLink(window, cue_panel, captures)
    room_link = RoomLink(window, captures, settings=settings)
    window.add_side_panel("Room view", room_link.controls)
    window.cue_link, window.room_link = cue_link, room_link
    model = timeline.model
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
        signal.connect(cue_link.refresh_soon)
        signal.connect(room_link.refresh_soon)

    def items_changed(_changes: object) -> None:
        room_link.read_items()
        room_link.refresh_soon()
        cue_link.read_context()

    conflicts.changes_made.connect(items_changed)
    parking.changes_made.connect(items_changed)
    window.changes_made.connect(room_link.refresh_soon)
    window.closing.connect(room_link.close)
    window.closing.connect(cue_link.close)
    return room_link, cue_link


SCAN_SETTING = "live/scan_minutes"


def _remember_scan_setting(panel: CapturePanel, settings: QSettings) -> None:
    """Ask for the dialogue pattern as often as last time; 0 in the settings means never."""
    saved = str(settings.value(SCAN_SETTING, 0))
    panel.set_scan_minutes(int(saved) if saved.isdigit() and int(saved) > 0 else None)

    def remember(*_args: object) -> None:
        settings.setValue(SCAN_SETTING, panel.scan_minutes or 0)

    panel.prompt.check.toggled.connect(remember)
    panel.prompt.spin.valueChanged.connect(remember)
