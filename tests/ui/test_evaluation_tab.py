"""The Evaluation tab: the sample's answers in the grid, fast keyboard entry saved at once,
results with n and percentages, switching time points, and importing answers from CSV."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facilitator.domain.enums import TimePoint
from facilitator.services import programmes, surveys
from facilitator.storage.database import Database
from facilitator.ui import evaluation_tab as module
from facilitator.ui.evaluation_tab import AGREE, NO_RESPONSES, TIME_POINT, EvaluationTab, N
from facilitator.ui.programme_page import EVALUATION_TAB, ProgrammePage
from facilitator.ui.survey_grid import ResponseGridModel

STRONG_NETWORK = "I have a strong network of relationships across this system"


def sample_id(store: Database) -> int:
    (summary,) = programmes.list_programmes(store)
    return summary.id


def open_tab(qtbot, store: Database, programme_id: int) -> EvaluationTab:
    tab = EvaluationTab()
    qtbot.addWidget(tab)
    tab.attach_store(store)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    tab.show_programme(programmes.programme_detail(store, programme_id))
    return tab


@pytest.fixture
def tab(qtbot, store: Database) -> EvaluationTab:
    return open_tab(qtbot, store, sample_id(store))


def stored(store: Database, tab: EvaluationTab, point: TimePoint = TimePoint.BASELINE) -> dict:
    assert tab.programme is not None
    return surveys.responses(store, tab.programme.id, time_point=point)


def cell_text(tab: EvaluationTab, row: int, column: int) -> str:
    return tab.grid.index(row, column).data()


def test_grid_shows_the_sample_baseline_answers(tab: EvaluationTab, store: Database) -> None:
    """Each named baseline answer shows in its person's row and question's column."""
    answers = stored(store, tab)
    assert answers
    grid = tab.grid
    assert grid.rowCount() == len(tab.programme.participants)
    assert grid.columnCount() == len(tab.questions)
    shown = {
        grid.key(grid.index(row, column)): int(cell_text(tab, row, column))
        for row in range(grid.rowCount())
        for column in range(grid.columnCount())
        if cell_text(tab, row, column)
    }
    assert shown == answers
    first = next(
        grid.index(r, c)
        for r in range(grid.rowCount())
        for c in range(grid.columnCount())
        if cell_text(tab, r, c)
    )
    assert ":" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert grid.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        tab.questions[0].text
    )


def test_typing_a_digit_saves_it_and_moves_right(qtbot, tab: EvaluationTab, store) -> None:
    """Typing 4 stores the answer through the service and moves to the next question."""
    view = tab.grid_view
    view.setFocus()
    start = tab.grid.index(0, 0)
    view.setCurrentIndex(start)
    key = tab.grid.key(start)
    before = stored(store, tab).get(key)
    digit = 2 if before == 4 else 4
    qtbot.keyClicks(view, str(digit))
    assert stored(store, tab)[key] == digit
    assert cell_text(tab, 0, 0) == str(digit)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 1)


def test_last_column_moves_to_the_next_person(qtbot, tab: EvaluationTab, store) -> None:
    """After the last question the cursor goes to the first question of the next row."""
    view = tab.grid_view
    last = tab.grid.columnCount() - 1
    view.setCurrentIndex(tab.grid.index(0, last))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 0)


def test_delete_and_zero_clear_an_answer(qtbot, tab: EvaluationTab, store) -> None:
    """Delete clears a stored answer; 0 does too."""
    view = tab.grid_view
    for row, press in ((0, lambda: qtbot.keyClick(view, Qt.Key.Key_Delete)), (1, None)):
        index = tab.grid.index(row, 0)
        view.setCurrentIndex(index)
        qtbot.keyClicks(view, "3")
        view.setCurrentIndex(index)
        key = tab.grid.key(index)
        assert stored(store, tab)[key] == 3
        if press is None:
            qtbot.keyClicks(view, "0")
        else:
            press()
        assert key not in stored(store, tab)
        assert cell_text(tab, row, 0) == ""


def test_out_of_scale_keys_do_nothing(qtbot, tab: EvaluationTab, store) -> None:
    """6, 9 and letters neither change the store nor move the cursor."""
    view = tab.grid_view
    view.setCurrentIndex(tab.grid.index(2, 1))
    before = stored(store, tab)
    qtbot.keyClicks(view, "69x")
    assert stored(store, tab) == before
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 1)


def test_a_refused_answer_shows_a_message(monkeypatch, tab: EvaluationTab) -> None:
    """An answer the service refuses is reported and not shown as stored."""
    shown: list[str] = []
    monkeypatch.setattr(module.dialogs, "show_problem", lambda *a, **k: shown.append(k["text"]))
    key = tab.grid.key(tab.grid.index(0, 0))
    tab.save_answer(key, 7)
    assert shown and "outside the agreement scale" in shown[0]


def result_row(tab: EvaluationTab, question: str, point: TimePoint) -> list[str]:
    model = tab.results
    for row in range(model.rowCount()):
        if (
            model.index(row, 0).data() == question
            and model.index(row, TIME_POINT).data() == point.label
        ):
            return [model.index(row, c).data() for c in range(model.columnCount())]
    raise AssertionError(f"no result for {question} at {point}")


def test_results_show_percent_and_n(tab: EvaluationTab) -> None:
    """The strong-network question shows 44% agreeing at baseline, with its n of 16."""
    row = result_row(tab, STRONG_NETWORK, TimePoint.BASELINE)
    assert row[AGREE] == "44%"
    assert row[N] == "16"
    assert result_row(tab, STRONG_NETWORK, TimePoint.END)[N] == "15"
    assert "they have a strong network" in tab.change_text.toPlainText()
    assert "n = " in tab.change_text.toPlainText()


def test_switching_time_point_reloads_the_grid(tab: EvaluationTab, store) -> None:
    """Choosing End of programme shows the end answers, not the baseline ones."""
    tab.time_point.setCurrentIndex(tab.time_point.findData(TimePoint.END.value))
    grid = tab.grid
    shown = {
        grid.key(grid.index(r, c)): int(cell_text(tab, r, c))
        for r in range(grid.rowCount())
        for c in range(grid.columnCount())
        if cell_text(tab, r, c)
    }
    assert shown == stored(store, tab, TimePoint.END)
    assert shown != stored(store, tab, TimePoint.BASELINE)


def test_empty_programme_says_no_responses(qtbot, store: Database) -> None:
    """A programme without questions offers the starting questions; results say none yet."""
    from facilitator.domain.fields import ProgrammeFields

    programme_id, _ = programmes.create_programme(store, ProgrammeFields(title="Empty"))
    tab = open_tab(qtbot, store, programme_id)
    assert tab.result_pages.currentWidget() is tab.no_results
    assert tab.no_results.text() == NO_RESPONSES
    assert tab.starting_button.isVisibleTo(tab)
    tab.add_starting_questions()
    assert tab.questions
    assert not tab.starting_button.isVisibleTo(tab)


def write_csv(folder: Path, tab: EvaluationTab) -> Path:
    person = tab.programme.participants[0].name
    path = folder / "answers.csv"
    path.write_text(
        f"Participant,Time point,{STRONG_NETWORK}\n{person},Follow-up,5\n{person},Follow-up,9\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("accept", [False, True])
def test_csv_import_lists_bad_rows_and_imports_on_accept(
    monkeypatch, tmp_path: Path, tab: EvaluationTab, store, accept: bool
) -> None:
    """The plan shows the good row and the bad row's line; answers are written only on accept."""
    path = write_csv(tmp_path, tab)
    seen: list[tuple[str, str]] = []

    def ask(cls, parent, plan) -> bool:
        from facilitator.ui.survey_dialogs import plan_summary, problems_text

        seen.append((plan_summary(plan), problems_text(plan)))
        return accept

    monkeypatch.setattr(module, "choose_csv_file", lambda parent: path)
    monkeypatch.setattr(module.ImportPlanDialog, "ask", classmethod(ask))
    tab.import_csv()
    ((summary, problems),) = seen
    assert "1 good row" in summary
    assert "Line 3" in problems
    follow_up = stored(store, tab, TimePoint.FOLLOW_UP)
    person = tab.programme.participants[0].id
    strong = next(q.id for q in tab.questions if q.text == STRONG_NETWORK)
    assert follow_up.get((strong, person)) == (5 if accept else None)


def test_plan_dialog_lists_problems(qtbot, tab: EvaluationTab, tmp_path: Path, store) -> None:
    """The review dialog itself lists the rows left out and enables Import for good rows."""
    from facilitator.ui.survey_dialogs import ImportPlanDialog

    plan = surveys.import_responses_csv(store, tab.programme.id, write_csv(tmp_path, tab))
    dialog = ImportPlanDialog(plan)
    qtbot.addWidget(dialog)
    assert "Line 3" in dialog.problems.toPlainText()
    assert dialog.import_button.isEnabled()


def test_grid_model_passes_the_model_tester(qtmodeltester, tab: EvaluationTab) -> None:
    """The grid model keeps Qt's model rules, filled and empty."""
    qtmodeltester.check(tab.grid)
    qtmodeltester.check(ResponseGridModel())


def test_programme_page_has_the_evaluation_tab(qtbot, store: Database, tmp_path: Path) -> None:
    """The programme page shows an Evaluation tab filled from the programme; saved as a PNG."""
    page = ProgrammePage()
    qtbot.addWidget(page)
    page.attach_store(store)
    page.show_programme(programmes.programme_detail(store, sample_id(store)))
    assert page.tabs.tabText(EVALUATION_TAB) == "Evaluation"
    assert page.evaluation_tab.grid.rowCount() > 0


def test_render(tab: EvaluationTab, tmp_path: Path) -> None:
    """The tab renders at 1366×768 (set EVALUATION_PNG to keep the picture and look at it)."""
    target = Path(os.environ.get("EVALUATION_PNG", tmp_path / "evaluation.png"))
    assert tab.grab().save(str(target))


def test_anonymous_answers_count_in_results(monkeypatch, qtbot, tab: EvaluationTab) -> None:
    """Two anonymous 5s at follow-up show in the results (n = 2) but not in the grid."""
    from facilitator.ui.survey_dialogs import AnonymousAnswers, AnonymousAnswersDialog

    strong = next(q.id for q in tab.questions if q.text == STRONG_NETWORK)
    tab.time_point.setCurrentIndex(tab.time_point.findData(TimePoint.FOLLOW_UP.value))
    dialog = AnonymousAnswersDialog(tab.questions, time_label="Follow-up")
    qtbot.addWidget(dialog)
    dialog.question.setCurrentIndex(dialog.question.findData(strong))
    dialog.counts[4].setValue(2)
    assert dialog.result_value() == AnonymousAnswers(question_id=strong, answers=(5, 5))
    monkeypatch.setattr(
        module.AnonymousAnswersDialog,
        "ask",
        classmethod(lambda cls, *a, **k: dialog.result_value()),
    )
    tab.add_anonymous()
    row = result_row(tab, STRONG_NETWORK, TimePoint.FOLLOW_UP)
    assert (row[N], row[AGREE]) == ("2", "100%")
    assert not any(
        tab.grid.index(r, c).data()
        for r in range(tab.grid.rowCount())
        for c in range(tab.grid.columnCount())
    )


def test_edit_and_delete_the_chosen_question(monkeypatch, tab: EvaluationTab, store) -> None:
    """Edit changes the current column's question; Delete removes it only when confirmed."""
    from facilitator.ui.survey_dialogs import QuestionText

    tab.grid_view.setCurrentIndex(tab.grid.index(0, 1))
    target = tab.questions[1]
    monkeypatch.setattr(
        module.QuestionDialog,
        "ask",
        classmethod(lambda cls, parent, initial: QuestionText("I know who to call", "they know")),
    )
    tab.edit_question()
    assert surveys.questions(store, tab.programme.id)[1].text == "I know who to call"
    assert tab.grid.headerData(1, Qt.Orientation.Horizontal) == "I know who to call"

    answers: list[bool] = [False, True]
    monkeypatch.setattr(module.dialogs.ConfirmDialog, "ask", lambda *a, **k: answers.pop(0))
    count = len(tab.questions)
    tab.delete_question()
    assert len(surveys.questions(store, tab.programme.id)) == count
    tab.grid_view.setCurrentIndex(tab.grid.index(0, 1))
    tab.delete_question()
    remaining = surveys.questions(store, tab.programme.id)
    assert target.id not in {q.id for q in remaining}
    assert tab.grid.columnCount() == count - 1


def test_add_a_question_after_the_last(qtbot, monkeypatch, tab: EvaluationTab, store) -> None:
    """Add question… asks for the text and adds a column after the last question."""
    from facilitator.ui.survey_dialogs import QuestionText

    count = len(tab.questions)
    monkeypatch.setattr(
        module.QuestionDialog,
        "ask",
        classmethod(lambda cls, parent, initial: QuestionText("I trust my peers", "they trust")),
    )
    qtbot.mouseClick(tab.add_question_button, Qt.MouseButton.LeftButton)
    texts = [question.text for question in surveys.questions(store, tab.programme.id)]
    assert len(texts) == count + 1 and texts[-1] == "I trust my peers"
    assert tab.grid.headerData(count, Qt.Orientation.Horizontal) == "I trust my peers"
