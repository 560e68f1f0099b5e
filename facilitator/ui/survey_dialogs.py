"""Dialogs of the Evaluation tab: a CSV file, what it would import, and anonymous tallies."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.snapshots import SurveyQuestion
from facilitator.domain.survey_results import Agreement
from facilitator.services.surveys import ResponsesPlan
from facilitator.ui.formatting import plural

MAX_PROBLEMS_SHOWN = 200


def choose_csv_file(parent: QWidget | None) -> Path | None:
    """Ask for a CSV file of survey answers; None if the user cancels."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import survey answers", "", "CSV files (*.csv);;All files (*)"
    )
    return Path(name) if name else None


def plan_summary(plan: ResponsesPlan) -> str:
    """Say in plain words what the import would add."""
    rows = len({answer.line for answer in plan.answers})
    text = (
        f"{plural(len(plan.answers), 'answer')} from {plural(rows, 'good row')} "
        "will be imported. Named answers replace ones already entered."
    )
    if plan.ignored_columns:
        text += " Columns left out: " + ", ".join(plan.ignored_columns) + "."
    return text


def problems_text(plan: ResponsesPlan) -> str:
    """List the rows left out, one a line, with their line numbers."""
    lines = [
        f"Line {problem.line}: {problem.reason}" if problem.line else problem.reason
        for problem in plan.problems[:MAX_PROBLEMS_SHOWN]
    ]
    if len(plan.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… and {len(plan.problems) - MAX_PROBLEMS_SHOWN} more.")
    return "\n".join(lines)


class ImportPlanDialog(QDialog):
    """Show what a file would import and the rows left out; import only on acceptance."""

    def __init__(self, plan: ResponsesPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import survey answers")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        summary = QLabel(plan_summary(plan))
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        if plan.problems:
            heading = QLabel(f"{plural(len(plan.problems), 'row')} left out:")
            heading.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(heading)
            self.problems = QPlainTextEdit(problems_text(plan))
            self.problems.setReadOnly(True)
            layout.addWidget(self.problems, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(plan.answers))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, plan: ResponsesPlan) -> bool:
        """Return True if the user chose to import the plan's good answers."""
        return cls(plan, parent).exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True, slots=True)
class AnonymousAnswers:
    """Answers from people not named: one question, and how many gave each answer."""

    question_id: int
    answers: tuple[int, ...]  # each answer once per person who gave it


class AnonymousAnswersDialog(QDialog):
    """Count answers to one question from a paper tally: how many chose each of 1 to 5."""

    def __init__(
        self,
        questions: Sequence[SurveyQuestion],
        *,
        time_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add anonymous answers")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{time_label}: how many people gave each answer? These are counted in the results "
            "but not shown per person, and cannot be changed afterwards one by one."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.question = QComboBox()
        for question in questions:
            self.question.addItem(question.text, question.id)
        fields = QFormLayout()
        fields.addRow("Question", self.question)
        self.counts: list[QSpinBox] = []
        for point in Agreement:
            box = QSpinBox()
            box.setRange(0, 999)
            box.setAccessibleName(point.label)
            fields.addRow(f"{int(point)} – {point.label}", box)
            self.counts.append(box)
        layout.addLayout(fields)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def result_value(self) -> AnonymousAnswers:
        """Return the chosen question and one answer per person counted."""
        answers = tuple(
            int(point)
            for point, box in zip(Agreement, self.counts, strict=True)
            for _ in range(box.value())
        )
        return AnonymousAnswers(question_id=self.question.currentData(), answers=answers)

    @classmethod
    def ask(
        cls, parent: QWidget | None, questions: Sequence[SurveyQuestion], *, time_label: str
    ) -> AnonymousAnswers | None:
        """Return the answers to add, or None if the user cancels."""
        dialog = cls(questions, time_label=time_label, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()


@dataclass(frozen=True, slots=True)
class QuestionText:
    """A question as asked, and the words that complete "Agreement that …"."""

    text: str
    wording: str


class QuestionDialog(QDialog):
    """Edit a survey question's text and its wording for sentences in results."""

    def __init__(self, initial: QuestionText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Survey question")
        self.resize(560, 150)
        self.text = QLineEdit(initial.text)
        self.wording = QLineEdit(initial.wording)
        self.wording.setPlaceholderText("such as: they have a strong network in this system")
        fields = QFormLayout(self)
        fields.addRow("Question", self.text)
        fields.addRow("Agreement that…", self.wording)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fields.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, initial: QuestionText) -> QuestionText | None:
        """Return the edited question, or None if the user cancels."""
        dialog = cls(initial, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return QuestionText(dialog.text.text(), dialog.wording.text())
