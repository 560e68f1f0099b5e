"""A conflict's life, step by step, as the review's detail pane shows it beside a capture."""

from datetime import tzinfo

from PySide6.QtWidgets import QVBoxLayout, QWidget

from facilitator.domain.snapshots import Conflict, ConflictEvent
from facilitator.ui.formatting import clock, plural, short_date
from facilitator.ui.widgets import value_label


def step_text(event: ConflictEvent, room: tzinfo) -> str:
    """Return one step: '16 Nov 2026 10:42 · Day one · Worked through – agreed to come back'."""
    moment = event.at.astimezone(room)
    parts = [
        f"{short_date(moment.date())} {clock(moment)}",
        event.session_title,
        event.status.label,
    ]
    text = " · ".join(part for part in parts if part)
    return f"{text} – {event.note}" if event.note else text


def conflict_summary(conflict: Conflict) -> str:
    """Return e.g. 'Worked through · opened in Day one · 3 captures'."""
    parts = [conflict.status.label]
    if conflict.session_title:
        parts.append(f"opened in {conflict.session_title}")
    parts.append(plural(conflict.observation_count, "capture"))
    return " · ".join(parts)


def history_lines(conflict: Conflict, room: tzinfo) -> list[str]:
    """Return the conflict's steps in the order they were recorded, numbered."""
    return [
        f"{number}. {step_text(event, room)}"
        for number, event in enumerate(conflict.events, start=1)
    ]


class ConflictHistory(QWidget):
    """The conflict a capture belongs to: its name, where it stands, and each step of its life."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = value_label(bold=True)
        self.title.setObjectName("conflictTitle")
        self.summary = value_label()
        self.steps = value_label()
        self.steps.setObjectName("conflictSteps")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps)

    def show_conflict(self, conflict: Conflict | None, room: tzinfo | None) -> None:
        """Show this conflict's history, or hide when the capture belongs to none."""
        self.setVisible(conflict is not None and room is not None)
        if conflict is None or room is None:
            return
        self.title.setText(f"Conflict: {conflict.title}")
        self.summary.setText(conflict_summary(conflict))
        lines = history_lines(conflict, room)
        self.steps.setText("\n".join(lines) if lines else "No steps recorded yet.")
