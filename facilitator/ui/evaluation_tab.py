"""The Evaluation tab: enter survey answers per person, see results, import answers from CSV.

Every figure comes from `services.surveys`; each keystroke that sets an answer is one service
call and one transaction, and the grid is reloaded from the store afterwards.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.changes import Changes
from facilitator.domain.enums import TimePoint
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.snapshots import ProgrammeDetail, SurveyQuestion
from facilitator.domain.survey_results import Result, describe
from facilitator.services import surveys
from facilitator.ui import dialogs
from facilitator.ui.page import Page
from facilitator.ui.survey_dialogs import (
    AnonymousAnswersDialog,
    ImportPlanDialog,
    QuestionDialog,
    QuestionText,
    choose_csv_file,
)
from facilitator.ui.survey_grid import ResponseGridModel, ResponseGridView
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import heading

ANONYMOUS_NOTE = (
    "Type 1 to 5 in a cell to enter an answer (1 strongly disagree, 5 strongly agree); "
    "Delete or 0 clears it. Answers are saved as you type. Anonymous answers, such as from "
    "paper forms, are counted in the results but not shown per person."
)
NO_QUESTIONS = "This programme has no survey questions yet."
NO_RESPONSES = "No responses yet."
NO_PEOPLE = "This programme has no participants yet: add them on the Cohort tab to enter answers."


def _time_label(result: Result) -> str:
    try:
        return TimePoint(result.time_point).label
    except ValueError:
        return result.time_point


RESULT_COLUMNS = (
    Column("Question", lambda r: r.question, tooltip=lambda r: r.question, max_width=420),
    Column("Time point", _time_label),
    Column("n", lambda r: str(r.n), right_aligned=True),
    Column("Agree or strongly agree", lambda r: r.agree_text, right_aligned=True),
    Column("Strongly agree", lambda r: r.strongly_agree_text, right_aligned=True),
    Column("Disagree or strongly disagree", lambda r: r.disagree_text, right_aligned=True),
)
QUESTION, TIME_POINT, N, AGREE, STRONGLY_AGREE, DISAGREE = range(len(RESULT_COLUMNS))


def change_sentences(
    questions: tuple[SurveyQuestion, ...], changes: tuple[tuple[Any, Any], ...]
) -> list[str]:
    """Describe each question's change from baseline to the end, overall and for the same people."""
    lines: list[str] = []
    labels = {
        "before_label": TimePoint.BASELINE.sentence_label,
        "after_label": TimePoint.END.sentence_label,
    }
    for question, (overall, paired) in zip(questions, changes, strict=True):
        if overall.n_before == 0 and overall.n_after == 0:
            continue
        wording = question.wording or question.text
        lines.append(
            f"{describe(overall, wording=wording, **labels)}; change {overall.points_text}."
        )
        if paired.n_before:
            lines.append(
                f"    Same people: {describe(paired, wording=wording, **labels)}; "
                f"change {paired.points_text}."
            )
    return lines


class EvaluationTab(Page):
    """Survey answers per participant and time point, and the programme's results."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programme: ProgrammeDetail | None = None
        self.questions: tuple[SurveyQuestion, ...] = ()

        self.time_point = QComboBox()
        for point in TimePoint:
            self.time_point.addItem(point.label, point.value)
        self.time_point.currentIndexChanged.connect(self.reload_grid)
        self.import_button = QPushButton("Import from CSV…")
        self.import_button.setToolTip("Read answers from a CSV file, review them, then import")
        self.import_button.clicked.connect(self.import_csv)
        self.starting_button = QPushButton("Add the starting questions")
        self.starting_button.setToolTip("Add the app's evaluation questions to this programme")
        self.starting_button.clicked.connect(self.add_starting_questions)
        self.anonymous_button = QPushButton("Add anonymous answers…")
        self.anonymous_button.setToolTip(
            "Add counts of answers from people not named, such as a paper tally"
        )
        self.anonymous_button.clicked.connect(self.add_anonymous)
        self.add_question_button = QPushButton("Add question…")
        self.add_question_button.setToolTip("Ask another question, after the last one")
        self.add_question_button.clicked.connect(self.add_question)
        self.edit_question_button = QPushButton("Edit question…")
        self.edit_question_button.setToolTip("Change the question in the chosen column")
        self.edit_question_button.clicked.connect(self.edit_question)
        self.delete_question_button = QPushButton("Delete question…")
        self.delete_question_button.setToolTip(
            "Delete the question in the chosen column with all its answers"
        )
        self.delete_question_button.clicked.connect(self.delete_question)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Time point:"))
        bar.addWidget(self.time_point)
        bar.addStretch(1)
        bar.addWidget(self.starting_button)
        bar.addWidget(self.add_question_button)
        bar.addWidget(self.edit_question_button)
        bar.addWidget(self.delete_question_button)
        bar.addWidget(self.anonymous_button)
        bar.addWidget(self.import_button)

        self.note = QLabel(ANONYMOUS_NOTE)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.grid = ResponseGridModel(self)
        self.grid_view = ResponseGridView()
        self.grid_view.setModel(self.grid)
        self.grid_view.answer_entered.connect(self.save_answer)
        self.empty_grid = QLabel(NO_QUESTIONS)
        self.empty_grid.setWordWrap(True)
        self.empty_grid.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid_pages = QStackedWidget()
        self.grid_pages.addWidget(self.grid_view)
        self.grid_pages.addWidget(self.empty_grid)

        self.results = SnapshotTableModel(RESULT_COLUMNS, self)
        self.results_view = QTableView()
        self.results_view.setModel(self.results)
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.verticalHeader().hide()
        self.results_view.verticalHeader().setDefaultSectionSize(
            self.results_view.fontMetrics().height() + 8
        )
        self.results_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.results_view.horizontalHeader().setSectionResizeMode(
            QUESTION, QHeaderView.ResizeMode.Stretch
        )
        self.no_results = QLabel(NO_RESPONSES)
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_pages = QStackedWidget()
        self.result_pages.addWidget(self.results_view)
        self.result_pages.addWidget(self.no_results)
        self.change_text = QPlainTextEdit()
        self.change_text.setReadOnly(True)
        self.change_text.setAccessibleName("Change from baseline to the end")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.note)
        top_layout.addWidget(self.grid_pages, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(heading("Results", level=2))
        bottom_layout.addWidget(self.result_pages, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.addWidget(self.change_text)
        splitter.setSizes([380, 220, 140])
        splitter.setChildrenCollapsible(False)
        # A scroll area keeps the tab's minimum size from forcing the main window larger.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def current_time_point(self) -> TimePoint:
        return TimePoint(self.time_point.currentData())

    def show_programme(self, programme: ProgrammeDetail, *, keep_selection: bool = False) -> None:
        """Load the programme's questions, the chosen time point's answers and the results."""
        self.programme = programme
        self.refresh()

    def refresh(self) -> None:
        if self.programme is None or self.db is None:
            return
        self.questions = surveys.questions(self.db, self.programme.id)
        self.reload_grid()
        self.reload_results()

    def reload_grid(self) -> None:
        """Show the named answers at the chosen time point."""
        programme = self.programme
        if programme is None or self.db is None:
            return
        answers = surveys.responses(self.db, programme.id, time_point=self.current_time_point())
        self.grid.set_grid(people=programme.participants, questions=self.questions, answers=answers)
        self.starting_button.setVisible(not self.questions)
        self.import_button.setEnabled(bool(self.questions))
        for button in (
            self.anonymous_button,
            self.edit_question_button,
            self.delete_question_button,
        ):
            button.setEnabled(bool(self.questions))
        if not self.questions:
            self.empty_grid.setText(NO_QUESTIONS)
        elif not programme.participants:
            self.empty_grid.setText(NO_PEOPLE)
        self.grid_pages.setCurrentWidget(
            self.grid_view if self.questions and programme.participants else self.empty_grid
        )
        self.grid_view.resizeRowsToContents()
        header = self.grid_view.horizontalHeader()
        header.setMinimumHeight(header.fontMetrics().height() * 4 + 8)
        if not self.grid_view.currentIndex().isValid() and self.grid.rowCount():
            self.grid_view.setCurrentIndex(self.grid.index(0, 0))

    def reload_results(self) -> None:
        """Show the counts per question and time point, and the change from baseline."""
        programme = self.programme
        if programme is None or self.db is None:
            return
        found = surveys.survey_results(self.db, programme.id)
        self.results.set_rows(found)
        self.result_pages.setCurrentWidget(self.results_view if found else self.no_results)
        changes = surveys.survey_changes(
            self.db, programme.id, before=TimePoint.BASELINE, after=TimePoint.END
        )
        lines = change_sentences(self.questions, changes)
        self.change_text.setPlainText(
            "From baseline to the end of the programme:\n" + "\n".join(lines) if lines else ""
        )
        self.change_text.setVisible(bool(lines))

    def save_answer(self, key: tuple[int, int], answer: int | None) -> None:
        """Store one answer (or clear it) in its own transaction, then show the store's state."""
        programme = self.programme
        if programme is None or self.db is None:
            return
        point = self.current_time_point()
        try:
            changes = surveys.set_responses(
                self.db, programme.id, time_point=point, answers={key: answer}
            )
        except FacilitatorError as error:
            dialogs.show_problem(self, title="The answer was not saved", text=str(error))
            self.reload_grid()
            return
        self.reload_grid()
        self.reload_results()
        self.announce(changes)

    def add_starting_questions(self) -> None:
        programme = self.programme
        if programme is None:
            return
        if self.run(
            lambda: surveys.add_starting_questions(self.db, programme.id),
            failure="The questions were not added",
        ):
            self.refresh()

    def import_csv(self) -> None:
        """Read a CSV file, show what it would import and why rows are left out, then import."""
        programme = self.programme
        if programme is None or self.db is None:
            return
        path = choose_csv_file(self)
        if path is None:
            return
        try:
            plan = surveys.import_responses_csv(self.db, programme.id, path)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="The file cannot be imported", text=str(error))
            return
        if not ImportPlanDialog.ask(self, plan):
            return
        if self.run(
            lambda: surveys.apply_responses(self.db, plan), failure="The answers were not imported"
        ):
            self.refresh()

    def add_anonymous(self) -> None:
        """Add a tally of unnamed answers to one question at the chosen time point."""
        if self.programme is None or not self.questions:
            return
        point = self.current_time_point()
        found = AnonymousAnswersDialog.ask(self, self.questions, time_label=point.label)
        if found is None or not found.answers:
            return
        if self.run(
            lambda: surveys.add_anonymous_responses(
                self.db, found.question_id, point, found.answers
            ),
            failure="The answers were not added",
        ):
            self.reload_results()

    def chosen_question(self) -> SurveyQuestion | None:
        """Return the question in the grid's current column, or the first one."""
        if not self.questions:
            return None
        column = self.grid_view.currentIndex().column()
        return self.questions[column] if 0 <= column < len(self.questions) else self.questions[0]

    def add_question(self) -> None:
        programme = self.programme
        found = QuestionDialog.ask(self, QuestionText("", ""))
        if programme is None or found is None:
            return

        def add() -> Changes:
            surveys.add_question(self.db, programme.id, text=found.text, wording=found.wording)
            return Changes(programmes=True)

        if self.run(add, failure="The question was not added"):
            self.refresh()

    def edit_question(self) -> None:
        question = self.chosen_question()
        if question is None:
            return
        found = QuestionDialog.ask(self, QuestionText(question.text, question.wording))
        if found is None:
            return
        if self.run(
            lambda: surveys.edit_question(
                self.db, question.id, text=found.text, wording=found.wording
            ),
            failure="The question was not changed",
        ):
            self.refresh()

    def delete_question(self) -> None:
        question = self.chosen_question()
        if question is None or not dialogs.ConfirmDialog.ask(
            self,
            title="Delete question",
            text=f"Delete the question “{question.text}” with all its answers at every time "
            "point? This cannot be undone.",
            action="Delete question",
        ):
            return
        if self.run(
            lambda: surveys.delete_question(self.db, question.id),
            failure="The question was not deleted",
        ):
            self.refresh()
