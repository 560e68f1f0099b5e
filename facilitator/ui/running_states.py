"""Running states: which state codes are on, followed from their keys and timed as pills."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel

from facilitator.domain.snapshots import Code, Observation
from facilitator.services.capture import CaptureRequest, Receipt
from facilitator.ui.capture_look import pill_style, plain_label

if TYPE_CHECKING:
    from facilitator.ui.capture_panel import CapturePanel


def span(seconds: float) -> str:
    """Return a duration as on a stopwatch: "3:12", "1:04:05"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@dataclass
class Running:
    """One state running now: its code, when it started, and its capture."""

    code: Code
    offset: float
    observation_id: int | None  # None while its start waits to be saved


class RunningStates:
    """The states running now, by the UUID of the capture that started each: a state key
    starts or stops one; each shows as a pill with the time it has run."""

    def __init__(self, panel: "CapturePanel") -> None:
        self.panel = panel
        self.running: dict[str, Running] = {}
        self.pills: dict[str, QLabel] = {}
        self.news = ""  # what a state key stopped, for the bar's summary
        self.box = QHBoxLayout()
        self.box.setSpacing(8)
        self.none = plain_label("none", "quiet")

    def take(self, observations: Sequence[Observation], waiting: set[str]) -> None:
        """Follow the states running in the stored session, keeping those still waiting."""
        self.running = {k: r for k, r in self.running.items() if k in waiting}
        codes = {code.id: code for scheme in self.panel.run.schemes for code in scheme.codes}
        for obs in observations:
            if obs.running and obs.codes and obs.codes[0].code_id in codes:
                code = codes[obs.codes[0].code_id]
                self.running[obs.uuid] = Running(code, obs.offset_seconds, obs.id)

    def toggle(self, code: Code, request: CaptureRequest, receipt: Receipt | None) -> bool:
        """Follow a state key in the running strip; return True if the press stopped it."""
        panel = self.panel
        if receipt is None:  # waiting: the file will decide; follow what the panel knows
            mine = [uuid for uuid, r in self.running.items() if r.code.id == code.id]
            if mine:
                for uuid in mine:
                    del self.running[uuid]
                self.show()
                panel.said(f"{code.label} stopped", saved=False)
                return True
            self._start(code, request, None, ())
            return False
        if receipt.uuid != request.uuid:  # it was running: this press ended it
            self._drop({receipt.id}, code_id=code.id)
            stopped = panel.emit_capture(receipt.id)
            took = f" after {span(stopped.duration_seconds or 0)}" if stopped else ""
            panel.said(f"{code.label} stopped{took}")
            return True
        self._start(code, request, receipt.id, receipt.stopped)
        return False

    def _start(
        self, code: Code, request: CaptureRequest, obs_id: int | None, stopped: Sequence[int]
    ) -> None:
        ended = [
            obs for obs in map(self.panel.emit_capture, stopped) if obs is not None and obs.codes
        ]
        self._drop(set(stopped))
        if code.exclusive_group:  # as the file does, for a start still waiting
            rivals = {
                c.id
                for c in self.panel.scheme_of[code.id].codes
                if c.exclusive_group == code.exclusive_group
            }
            for uuid, running in list(self.running.items()):
                if running.code.id in rivals:
                    del self.running[uuid]
        self.running[request.uuid] = Running(code, request.offset_seconds, obs_id)
        self.show()
        self.news = "; ".join(
            f"{obs.codes[0].label} stopped after {span(obs.duration_seconds or 0)}" for obs in ended
        )

    def _drop(self, observation_ids: set[int], *, code_id: int | None = None) -> None:
        """Take stopped states out of the strip (by id, or by code for a start that was
        waiting to be saved when it was shown)."""
        for uuid, running in list(self.running.items()):
            if running.observation_id in observation_ids or running.code.id == code_id:
                del self.running[uuid]
        self.show()

    def show(self) -> None:
        """Show a pill for each running state, and mark their keys in the scheme strip."""
        for pill in self.pills.values():
            pill.hide()  # out of sight now; deleted when the event loop comes round
            pill.deleteLater()
        self.pills = {}
        for uuid, running in self.running.items():
            pill = plain_label("", "runningPill")
            pill.setStyleSheet(pill_style(running.code.colour))
            self.box.addWidget(pill)
            self.pills[uuid] = pill
        self.none.setVisible(not self.running)
        running_codes = {running.code.id for running in self.running.values()}
        for tab in self.panel.tabs:
            tab.set_running(running_codes)
        self.panel.tick()

    def tick(self, elapsed: float) -> None:
        """Bring the pills and the key caps up to session time `elapsed`."""
        on: dict[int, str] = {}
        for uuid, running in self.running.items():
            took = span(elapsed - running.offset)
            on[running.code.id] = took
            pill = self.pills.get(uuid)
            text = f"● {running.code.label}  {took}"
            if pill is not None and pill.text() != text:
                pill.setText(text)
        for grid in self.panel.code_grids:
            for code_id, cap in grid.caps.items():
                cap.set_running(on.get(code_id))
