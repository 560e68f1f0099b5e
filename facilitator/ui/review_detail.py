"""The review's side pane: the selected capture in full, with the buttons that change it.

Everything shown is plain text: notes, names and conflict titles are the user's own words and
are never read as markup.
"""

from datetime import tzinfo

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.snapshots import AppliedCode, Code, Conflict, Observation
from facilitator.ui.conflict_history import ConflictHistory
from facilitator.ui.formatting import elapsed, rich_tooltip
from facilitator.ui.icons import icon
from facilitator.ui.timeline_model import is_state, lasted_text, who_text
from facilitator.ui.widgets import value_label

NOTHING_SELECTED = "Select a capture to read it in full, put it right or mark it for the write-up."
SWATCH = 12


class CaptureDetail(QWidget):
    """One capture in full, and what can be done to it."""

    edit_requested = Signal()
    delete_requested = Signal()
    key_moment_requested = Signal()
    quote_requested = Signal()
    factor_requested = Signal(int)  # the factor's position, 0–4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.observation: Observation | None = None
        self.setMinimumWidth(260)

        self.prompt = value_label()
        self.prompt.setText(NOTHING_SELECTED)
        self.prompt.setEnabled(False)
        self.title = value_label(bold=True)
        self.title.setObjectName("captureTitle")
        self.when = value_label()
        self.marks = value_label()
        self.marks.setObjectName("captureMarks")
        # A layout, not a widget: word-wrapped labels nested in a widget of their own do not
        # grow to their wrapped height inside a scroll area.
        self.codes = QVBoxLayout()
        self.codes.setSpacing(3)
        self.who = value_label()
        self.who.setObjectName("captureWho")
        self.note = value_label()
        self.note.setObjectName("captureNote")
        self.conflict = ConflictHistory()

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(self.prompt)
        column.addWidget(self.title)
        column.addWidget(self.when)
        column.addWidget(self.marks)
        self._captions: list[QLabel] = []
        for caption, shown in (("Note", self.note), ("Codes", self.codes), ("Who", self.who)):
            label = _caption(caption)
            self._captions.append(label)
            column.addWidget(label)
            if isinstance(shown, QVBoxLayout):
                column.addLayout(shown)
            else:
                column.addWidget(shown)
        column.addSpacing(6)
        column.addWidget(self.conflict)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("captureDetail")
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)

        self.factor_box = QWidget()
        factor_layout = QVBoxLayout(self.factor_box)
        factor_layout.setContentsMargins(2, 2, 2, 0)
        factor_layout.setSpacing(0)
        factor_layout.addWidget(_caption("Five factors (keys 1–5)"))
        self.factor_checks: list[QCheckBox] = []
        for position in range(5):
            check = QCheckBox()
            check.clicked.connect(lambda _checked, p=position: self.factor_requested.emit(p))
            factor_layout.addWidget(check)
            self.factor_checks.append(check)

        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the codes, who and the note (Enter)")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete this capture (Delete); Edit › Undo puts it back")
        self.key_moment_button = QPushButton("Key moment")
        self.key_moment_button.setToolTip("Mark or unmark as a key moment for the write-up (K)")
        self.quote_button = QPushButton("Quote")
        self.quote_button.setToolTip("Mark or unmark the note as a quote to use (Q)")
        for button in (self.key_moment_button, self.quote_button):
            button.setCheckable(True)
        self.edit_button.clicked.connect(self.edit_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        self.key_moment_button.clicked.connect(self.key_moment_requested)
        self.quote_button.clicked.connect(self.quote_requested)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.key_moment_button, 0, 0)
        buttons.addWidget(self.quote_button, 0, 1)
        buttons.addWidget(self.edit_button, 1, 0)
        buttons.addWidget(self.delete_button, 1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.factor_box)
        self.show_capture(None, room=None, factors=(), conflict=None)

    def apply_icons(self) -> None:
        for button, name in (
            (self.edit_button, "edit"),
            (self.delete_button, "delete"),
            (self.key_moment_button, "key-moment"),
            (self.quote_button, "quote"),
        ):
            button.setIcon(icon(name))

    def show_capture(
        self,
        observation: Observation | None,
        *,
        room: tzinfo | None,
        factors: tuple[Code, ...],
        conflict: Conflict | None,
    ) -> None:
        """Show `observation` in full (or the prompt to choose one)."""
        self.observation = observation
        chosen = observation is not None
        self.prompt.setVisible(not chosen)
        for widget in (self.title, self.when, self.who, self.note, *self._captions):
            widget.setVisible(chosen)
        for button in (
            self.edit_button,
            self.delete_button,
            self.key_moment_button,
            self.quote_button,
        ):
            button.setEnabled(chosen)
        self._show_factors(observation, factors)
        if observation is None or room is None:
            self._show_codes(None)
            self.marks.setVisible(False)
            self.conflict.show_conflict(None, room)
            self.key_moment_button.setChecked(False)
            self.quote_button.setChecked(False)
            return
        self.title.setText(
            " · ".join(
                part
                for part in (
                    f"#{observation.number}" if observation.number is not None else "",
                    f"{observation.occurred_at.astimezone(room):%H:%M:%S}",
                    observation.agenda_item_title,
                )
                if part
            )
        )
        self.when.setText(_when(observation))
        marks = [
            text
            for text, marked in (
                ("★ Key moment", observation.key_moment),
                ("❝ Quote", observation.quote),
            )
            if marked
        ]
        self.marks.setText("   ".join(marks))
        self.marks.setVisible(bool(marks))
        self.key_moment_button.setChecked(observation.key_moment)
        self.quote_button.setChecked(observation.quote)
        self._show_codes(observation.codes)
        self.who.setText(who_text(observation) or "No one named")
        self.note.setText(observation.note or "No note")
        self.conflict.show_conflict(conflict, room)

    def _show_codes(self, codes: tuple[AppliedCode, ...] | None) -> None:
        """Show each code on a line of its own; None shows nothing."""
        while self.codes.count():
            item = self.codes.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleting waits for the event loop
                widget.deleteLater()
        for code in codes or ():
            qualifier = f" – {code.qualifier}" if code.qualifier else ""
            line = CodeLine(f"{code.label}{qualifier} ({code.scheme_name})", code.colour)
            self.codes.addWidget(line)
        if codes == ():
            self.codes.addWidget(value_label("Not coded"))

    def _show_factors(self, observation: Observation | None, factors: tuple[Code, ...]) -> None:
        self.factor_box.setVisible(bool(factors))
        tagged = {code.code_id for code in observation.codes} if observation else set()
        for position, check in enumerate(self.factor_checks):
            factor = factors[position] if position < len(factors) else None
            check.setVisible(factor is not None)
            check.setEnabled(observation is not None)
            if factor is not None:
                check.setText(f"{position + 1}  {factor.label}")
                check.setToolTip(rich_tooltip(factor.description) or "")
                check.setChecked(factor.id in tagged)


class CodeLine(QLabel):
    """A code in words, with its colour as a small swatch before it."""

    def __init__(self, text: str, colour: str) -> None:
        super().__init__(text)
        self.setObjectName("captureCode")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContentsMargins(SWATCH + 6, 0, 0, 0)  # room for the swatch, counted when wrapping
        self.colour = QColor(colour)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        top = (self.fontMetrics().height() - SWATCH) // 2 + 1
        painter.fillRect(QRect(0, top, SWATCH, SWATCH), self.colour)
        painter.end()


def _when(observation: Observation) -> str:
    parts = [f"{elapsed(observation.offset_seconds)} into the session"]
    if is_state(observation):
        parts.append(f"lasted {lasted_text(observation)}")
    if observation.author:
        parts.append(f"by {observation.author}")
    return " · ".join(parts)


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    font.setBold(True)
    label.setFont(font)
    label.setEnabled(False)  # muted, so the content stands out
    label.setContentsMargins(0, 6, 0, 0)
    return label
