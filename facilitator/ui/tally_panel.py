"""The live window's contribution tally: one click each time someone speaks."""

from collections import Counter

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from facilitator.domain.enums import CaptureKind, SubjectKind
from facilitator.domain.errors import FacilitatorError, NotFoundError
from facilitator.services import actions
from facilitator.services.capture import SubjectRef
from facilitator.services.live_run import LiveRun
from facilitator.ui.formatting import plural
from facilitator.ui.live_panel import CAPTURED, LivePanel, button_row, panel_button, set_scaled

NAME_SCALE = 1.15  # a name on a tally button, found at a glance
COUNT_SCALE = 1.6  # and its count


class TallyButton(QPushButton):
    """One person or organisation: their name and how often they have spoken."""

    def __init__(self, subject: SubjectRef, name: str, *, detail: str = "") -> None:
        super().__init__()
        self.subject = subject
        self.name = name
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.name_label = QLabel(name)
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = QLabel("0")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for label in (self.name_label, self.count_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.name_label, 1)
        row.addWidget(self.count_label)
        self.setToolTip(f"{name}\n{detail}" if detail else name)
        self.count = 0
        self.scale_fonts()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.scale_fonts()

    def scale_fonts(self) -> None:
        set_scaled(self.name_label, self.font(), NAME_SCALE, bold=False)
        set_scaled(self.count_label, self.font(), COUNT_SCALE)
        self.setMinimumHeight(self.fontMetrics().height() * 3)

    def set_count(self, count: int) -> None:
        self.count = count
        self.count_label.setText(str(count))
        self.setAccessibleName(f"{self.name}: {plural(count, 'contribution')}")


class TallyPanel(LivePanel):
    """A button per attendee (or organisation): one click each time they speak."""

    def __init__(self, run: LiveRun, parent: QWidget | None = None) -> None:
        super().__init__(run, title="Contribution tally", parent=parent)
        self.by = SubjectKind.PARTICIPANT
        self._marks: list[str] = []  # UUIDs of marks made here, newest last, to take back
        note = QLabel(
            "Click a name each time someone speaks. This is the participation picture "
            "for the write-up, not a judgement of anyone."
        )
        note.setWordWrap(True)
        italic = note.font()
        italic.setItalic(True)
        note.setFont(italic)  # set apart from the buttons, yet as easy to read as they are
        # Tool buttons: the live window's high-contrast look marks a checked one plainly.
        self.people_button = QToolButton()
        self.people_button.setText("People")
        self.organisations_button = QToolButton()
        self.organisations_button.setText("Organisations")
        self._modes = QButtonGroup(self)
        for number, button in enumerate((self.people_button, self.organisations_button)):
            button.setCheckable(True)
            self._modes.addButton(button, number)
        self.people_button.setChecked(True)
        self._modes.idClicked.connect(self._mode_did_change)
        self.total = QLabel()
        self.take_back_button = panel_button("Take back last mark", self.take_back)
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.grid_holder)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons: list[TallyButton] = []
        self.column.addWidget(note)
        self.column.addLayout(
            button_row(QLabel("Tally:"), self.people_button, self.organisations_button)
        )
        self.column.addWidget(scroller, 1)
        self.column.addWidget(self.total)
        self.column.addLayout(button_row(self.take_back_button))
        self.column.addWidget(self.problem)
        self.refresh()

    def _mode_did_change(self, number: int) -> None:
        self.by = SubjectKind.PARTICIPANT if number == 0 else SubjectKind.ORGANISATION
        self.refresh()

    def _subjects(self) -> list[tuple[SubjectRef, str, str]]:
        """Return (subject, name, detail) for each button, A to Z."""
        detail = self.run.detail
        people = detail.attendees or detail.cohort  # no one ticked: everyone may be there
        if self.by is SubjectKind.PARTICIPANT:
            found = [
                (SubjectRef(SubjectKind.PARTICIPANT, p.id), p.name, p.organisation_name)
                for p in people
            ]
        else:
            present = {p.organisation_id for p in people}
            found = [
                (SubjectRef(SubjectKind.ORGANISATION, o.id), o.name, o.sector.label)
                for o in detail.organisations
                if o.id in present
            ]
        return sorted(found, key=lambda entry: entry[1].casefold())

    def _counts(self) -> Counter[int]:
        """Return marks per person or organisation: those on disk and those still waiting."""
        counts: Counter[int] = Counter()
        for subject, count in actions.contribution_counts(
            self.run.db, self.run.session_id, by=self.by
        ):
            if subject.ref_id is not None:
                counts[subject.ref_id] = count
        organisation_of = {p.id: p.organisation_id for p in self.run.detail.cohort}
        for request in self.run.pending:
            if request.kind is not CaptureKind.CONTRIBUTION:
                continue
            for subject in request.subjects:
                ref = subject.ref_id
                if self.by is SubjectKind.ORGANISATION and subject.kind is SubjectKind.PARTICIPANT:
                    ref = organisation_of.get(subject.ref_id) if subject.ref_id else None
                elif subject.kind is not self.by:
                    ref = None
                if ref is not None:
                    counts[ref] += 1
        return counts

    def refresh(self) -> None:
        """Rebuild the buttons if the names changed; set every count."""
        subjects = self._subjects()
        if [(b.subject, b.name) for b in self.buttons] != [(s, n) for s, n, _d in subjects]:
            for button in self.buttons:
                self.grid.removeWidget(button)
                button.hide()  # at once: deleteLater waits for the event loop
                button.deleteLater()
            self.buttons = []
            for number, (subject, name, detail) in enumerate(subjects):
                button = TallyButton(subject, name, detail=detail)
                button.clicked.connect(lambda _=False, b=button: self.mark(b))
                self.grid.addWidget(button, number // 2, number % 2)
                self.buttons.append(button)
            self.grid.setRowStretch(len(subjects) // 2 + 1, 1)
        counts = self._counts()
        for button in self.buttons:
            button.set_count(counts.get(button.subject.ref_id or 0, 0))
        self.total.setText(plural(sum(counts.values()), "contribution") + " so far")
        self.take_back_button.setEnabled(bool(self._marks))

    def mark(self, button: TallyButton) -> None:
        """Write one tally mark for the person or organisation on `button`."""
        request = self.run.request(kind=CaptureKind.CONTRIBUTION, subjects=[button.subject])
        try:
            receipt = self.run.submit(request)
        except FacilitatorError as error:
            self.show_problem(str(error))
            return
        self._marks.append(request.uuid)
        self.did_change()
        if receipt is None:  # the run keeps it in memory, tries again, and it is counted
            self.show_problem(
                f"{self.run.last_problem} The mark is kept and will be saved when it can."
            )

    def take_back(self) -> None:
        """Remove the last mark made here (a mis-click)."""
        if not self._marks:
            return
        mark = self._marks.pop()
        waiting = next((r for r in self.run.pending if r.uuid == mark), None)
        if waiting is not None:
            self.run.pending.remove(waiting)
            self.did_change()
            return
        try:
            changes = actions.take_back_contribution(self.run.db, mark)
        except NotFoundError:  # already gone (undone in the timeline, say): nothing to do
            changes = CAPTURED
        except FacilitatorError as error:
            self._marks.append(mark)
            self.show_problem(str(error))
            return
        self.did_change(changes)
