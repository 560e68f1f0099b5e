"""What the capture bar does with the capture it is working on: show, amend, save or close it.

The capture is already on disk when the bar opens (a free note excepted): what is typed
amends it, so Esc, or an interruption, never loses the moment. One the file refused waits in
the LiveRun's queue and is amended there until the window writes it.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from facilitator.domain.capture_entry import Entry, read_entry
from facilitator.domain.enums import CaptureKind
from facilitator.domain.snapshots import Code, Observation
from facilitator.services import capture
from facilitator.services.capture import CaptureRequest, Receipt, SubjectRef
from facilitator.services.live_run import LiveRun

if TYPE_CHECKING:
    from facilitator.ui.capture_panel import CapturePanel


def ago(seconds: int) -> str:
    """Return how far a capture has been moved back: "30 s ago", "2 min ago"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s ago"
    return f"{minutes} min {rest} s ago" if rest else f"{minutes} min ago"


def subject_refs(entry: Entry) -> tuple[SubjectRef, ...]:
    """Return whom the bar's text names, as a capture stores them."""
    return tuple(SubjectRef(one.kind, one.ref_id, one.role) for one in entry.who)


@dataclass
class OpenCapture:
    """The capture the bar is working on."""

    request: CaptureRequest  # as stamped at the key press
    code: Code | None
    receipt: Receipt | None = None  # None: waiting to be saved, or a note not yet written
    written: bool = True  # False for a free note until Enter writes it
    qualifier: str | None = None
    asking: bool = False  # the next digit chooses the qualifier
    backdate: int = 0  # seconds earlier than the press
    news: str = ""  # what else the key did, e.g. "Group stuck stopped after 0:40"

    @property
    def label(self) -> str:
        return self.code.label if self.code else "Note"

    @property
    def moment(self) -> datetime:
        return self.request.occurred_at - timedelta(seconds=self.backdate)

    def moved(self, run: LiveRun) -> dict[str, Any]:
        """Return the fields that put the capture at its moment, moved back by `backdate`."""
        return {
            "occurred_at": self.moment,
            "offset_seconds": round(max(0.0, self.request.offset_seconds - self.backdate), 3),
            "agenda_item_id": run.agenda_item_at(self.moment),
        }

    def waiting(self, run: LiveRun) -> bool:
        """Return True while the capture is in the queue of those waiting to be saved."""
        return any(request.uuid == self.request.uuid for request in run.pending)

    def amend(
        self, run: LiveRun, fields: dict[str, Any], moved: dict[str, Any] | None = None
    ) -> tuple[bool, Observation | None]:
        """Amend the capture; return whether it still waits, and how it now stands on disk
        (None if it was not read back)."""
        if not fields and not moved:
            return self.receipt is None and self.waiting(run), None
        if self.receipt is None:
            asked = {k: tuple(v) if k in ("subjects", "code_ids") else v for k, v in fields.items()}
            if "code_ids" in asked:
                asked["kind"] = CaptureKind.CODED
            if _amend_waiting(run, self.request.uuid, {**asked, **(moved or {})}):
                return True, None
            # Written since (the window tried again): the same UUID finds it on disk.
            self.receipt = capture.record(run.db, self.request)
        observation = None
        if fields:
            observation = capture.update_capture(run.db, self.receipt.id, **fields)
        if moved:
            observation = capture.retime(run.db, self.receipt.id, **moved)
        return False, observation


def _amend_waiting(run: LiveRun, uuid: str, changes: dict[str, Any]) -> bool:
    for index, request in enumerate(run.pending):
        if request.uuid == uuid:
            run.pending[index] = replace(request, **changes)
            return True
    return False


class BarFlow:
    """Opens the bar on a capture, shows it, and amends, saves or closes it as keys ask."""

    def __init__(self, panel: "CapturePanel") -> None:
        self.panel = panel
        self.open: OpenCapture | None = None

    def start(self, open_: OpenCapture) -> None:
        """Open the bar on `open_`, in the key caps' place, with the focus in its entry."""
        bar = self.panel.bar
        self.open = open_
        bar.entry.clear()
        self.panel.stack.setCurrentWidget(bar)
        self.show()
        self.entry_changed("")
        bar.entry.setFocus()

    def show(self) -> None:
        """Bring the bar up to date: the capture's time, whether it is saved, its qualifier."""
        open_ = self.open
        if open_ is None:
            return
        code = open_.code
        when = f"at {self.panel.clock(open_.moment)}"
        if open_.backdate:
            when += f"  ·  {ago(open_.backdate)}"
        if not open_.written:
            status = ("Not saved yet: Enter saves the note", "unsaved")
        elif open_.receipt is None and open_.waiting(self.panel.run):
            status = ("Waiting to be saved", "waiting")
        else:
            status = ("✓ Code saved", "saved")
        self.panel.bar.show_capture(
            title=open_.label, colour=code.colour if code else "#777777", when=when, status=status
        )
        self.panel.bar.show_qualifier(code, chosen=open_.qualifier, asking=open_.asking)

    def entry(self) -> Entry:
        """Return what is typed in the bar, read."""
        panel = self.panel
        return read_entry(panel.bar.entry.text(), roster=panel.roster, named=panel.named)

    def entry_changed(self, _text: str) -> None:
        if self.open is not None:
            self.panel.bar.show_who(self.entry())

    def roster_picked(self, number: int) -> None:
        if self.open is not None:
            self.panel.bar.entry.insert(f"{number} ")
            self.panel.bar.entry.setFocus()

    def choose_qualifier(self, choice: str) -> None:
        """Give the open capture this qualifier."""
        open_ = self.open
        assert open_ is not None
        self.apply(open_, {"qualifier": choice})
        open_.qualifier, open_.asking = choice, False
        self.show()

    def ask_qualifier(self, asking: bool) -> None:
        """Let the next digit choose the qualifier, or (False) take digits as typing."""
        open_ = self.open
        assert open_ is not None
        open_.asking = asking
        self.show()

    def move_back(self, seconds: int) -> None:
        """Move the open capture `seconds` earlier (negative: later again)."""
        open_ = self.open
        assert open_ is not None
        latest = int(open_.request.offset_seconds)  # never before the session started
        open_.backdate = max(0, min(latest, open_.backdate + seconds))
        self.show()

    def save(self) -> None:
        """Save what was typed in the bar (Enter)."""
        panel, open_ = self.panel, self.open
        if open_ is None:
            return
        entry = self.entry()
        if not open_.written:
            if not entry.note and not entry.who:
                self._close()
                panel.say("Nothing was typed, so no note was saved.")
                return
            request = replace(
                open_.request,
                note=entry.note,
                subjects=subject_refs(entry),
                **open_.moved(panel.run),
            )
            receipt = panel.write(request)
            self._close()
            panel.said(self._summary(open_, entry), saved=receipt is not None)
            return
        fields: dict[str, Any] = {}
        if entry.note:
            fields["note"] = entry.note
        if entry.who:
            fields["subjects"] = subject_refs(entry)
        waiting = self.apply(open_, fields, open_.moved(panel.run) if open_.backdate else None)
        self._close()
        panel.said(self._summary(open_, entry), saved=not waiting)

    def close(self) -> None:
        """Close the bar (Esc): a coded capture keeps its code, qualifier and time; a note
        not yet saved is dropped."""
        panel, open_ = self.panel, self.open
        if open_ is None:
            return
        if not open_.written:
            self._close()
            panel.say("Note dropped: nothing was saved.")
            return
        waiting = self.apply(open_, {}, open_.moved(panel.run) if open_.backdate else None)
        self._close()
        news = f"  ·  {open_.news}" if open_.news else ""
        panel.said(
            f"{open_.label} at {panel.clock(open_.moment)}, no note{news}", saved=not waiting
        )

    def _close(self) -> None:
        self.open = None
        self.panel.bar.completer.popup().hide()
        self.panel.bar.entry.clear()
        self.panel.stack.setCurrentIndex(0)
        self.panel.setFocus()

    def apply(
        self, open_: OpenCapture, fields: dict[str, Any], moved: dict[str, Any] | None = None
    ) -> bool:
        """Amend the capture the bar is working on; return True if it still waits."""
        waiting, observation = open_.amend(self.panel.run, fields, moved)
        if observation is not None:
            self.panel.captured.emit(observation)
        return waiting

    def _summary(self, open_: OpenCapture, entry: Entry) -> str:
        who = "  ·  ".join(w.text for w in entry.who if w.text)
        note = entry.note if len(entry.note) <= 60 else entry.note[:59] + "…"
        first = f"{open_.label} at {self.panel.clock(open_.moment)}"
        return "  ·  ".join(part for part in (first, who, note, open_.news) if part)
