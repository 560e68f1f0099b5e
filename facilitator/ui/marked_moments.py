"""Marked moments: "." marks now, to code later; ↑ and ↓ choose one, and a code key codes it."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from facilitator.domain.enums import CaptureKind, CodeKind
from facilitator.domain.snapshots import Code, Observation
from facilitator.services.capture import CaptureRequest, Receipt
from facilitator.ui.bar_flow import OpenCapture
from facilitator.ui.capture_look import plain_label

if TYPE_CHECKING:
    from facilitator.ui.capture_panel import CapturePanel


@dataclass
class Mark:
    """One moment marked and not yet coded."""

    request: CaptureRequest
    observation_id: int | None  # None while it waits to be saved


class MarksStrip(QListWidget):
    """The marked moments still to code, newest first, in one row; ↑ and ↓ choose one."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("marks")
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setSpacing(2)
        self.setFixedHeight(40)
        self.setMinimumWidth(200)  # one marked moment, whole
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # ↑ ↓ choose, from the panel

    def show_moments(self, texts: Sequence[str]) -> None:
        """Show these moments with none chosen (and no signal that the choice changed)."""
        self.blockSignals(True)
        self.clear()
        for text in texts:
            self.addItem(text)
        self.setCurrentRow(-1)
        self.blockSignals(False)
        self.setVisible(bool(texts))

    def step(self, step: int) -> None:
        """Choose the next (1) or previous (-1) moment; the newest if none is chosen."""
        row = self.currentRow()
        row = 0 if row < 0 else max(0, min(self.count() - 1, row + step))
        self.setCurrentRow(row)


class MarkedMoments:
    """The uncoded marks of the session, oldest first, and the strip that shows them."""

    def __init__(self, panel: "CapturePanel") -> None:
        self.panel = panel
        self.marks: list[Mark] = []
        self.view = MarksStrip()
        self.view.currentRowChanged.connect(self._chosen_changed)
        self.none = plain_label("none: press . to mark a moment", "quiet")

    def take(self, observations: Sequence[Observation], waiting: set[str]) -> None:
        """Follow the uncoded marks of the stored session, keeping those still waiting."""
        self.marks = [mark for mark in self.marks if mark.request.uuid in waiting]
        for obs in observations:
            if obs.kind is CaptureKind.MARK and not obs.codes:
                stamp = CaptureRequest(
                    session_id=obs.session_id,
                    uuid=obs.uuid,
                    occurred_at=obs.occurred_at,
                    offset_seconds=obs.offset_seconds,
                    kind=CaptureKind.MARK,
                )
                self.marks.append(Mark(stamp, obs.id))
        self.marks.sort(key=lambda mark: mark.request.offset_seconds)

    def mark_now(self) -> None:
        """Write an uncoded mark now, to code when there is a breath."""
        panel = self.panel
        request = panel.run.request(kind=CaptureKind.MARK)
        receipt = panel.write(request)
        self.marks.append(Mark(request, receipt.id if receipt else None))
        self.show()
        panel.said(
            f"Moment marked at {panel.clock(request.occurred_at)}. "
            "Code it later: ↑ chooses it, then a code key.",
            saved=receipt is not None,
        )

    def show(self) -> None:
        waiting = {request.uuid for request in self.panel.run.pending}
        self.view.show_moments(
            [
                self.panel.clock(mark.request.occurred_at)
                + (" (waiting)" if mark.request.uuid in waiting else "")
                for mark in reversed(self.marks)  # newest first
            ]
        )
        self.none.setVisible(not self.marks)

    def chosen(self) -> Mark | None:
        """Return the marked moment chosen with ↑ and ↓, if any."""
        row = self.view.currentRow()
        return self.marks[len(self.marks) - 1 - row] if 0 <= row < len(self.marks) else None

    def _chosen_changed(self, _row: int) -> None:
        mark = self.chosen()
        if mark is not None:
            self.panel.say(
                f"Press a code key to code the moment marked at "
                f"{self.panel.clock(mark.request.occurred_at)} (Esc leaves it).",
                tone="unsaved",
            )
        else:
            self.panel.say("")

    def code(self, mark: Mark, code: Code) -> None:
        """Code the marked moment with `code` (not a state) and open the bar on it."""
        flow = self.panel.bar_flow
        if code.kind is CodeKind.STATE:
            self.panel.say(
                f"{code.label} is a state: start it with its key as it happens. A marked "
                "moment takes a code for a moment.",
                tone="problem",
            )
            return
        receipt = Receipt(mark.observation_id, mark.request.uuid) if mark.observation_id else None
        stamp = replace(mark.request, kind=CaptureKind.CODED, code_ids=(code.id,))
        open_ = OpenCapture(stamp, code, receipt, asking=bool(code.qualifier_choices))
        flow.apply(open_, {"code_ids": (code.id,)})
        self.marks.remove(mark)
        self.show()
        flow.start(open_)
