"""The analysis tab: counts, time, codes by item, pairs, sequences and ratios, as counted by
hand on a small session; an empty state for a session with no captures."""

import pytest
from PySide6.QtCore import Qt

from facilitator.domain.enums import SubjectKind
from facilitator.services import capture, programmes
from facilitator.services.capture import SubjectRef
from facilitator.storage.database import Database
from facilitator.ui.analysis_tab import (
    EMPTY_TEXT,
    NO_PAIRS,
    RATIOS_NOTE,
    AnalysisTab,
    HeatModel,
    item_lines,
)
from tests.captures import capture_request, code_ids


def day_two(db: Database) -> int:
    (programme,) = programmes.list_programmes(db)
    return programme.modules[2].sessions[1].id


def build_small_session(db: Database) -> int:
    """Make six captures in "Day two" (planned, so empty) and return its id.

    Item 1: move; oppose + inquiry; oppose; generative started at 600 s and stopped at 900 s.
    Item 2: follow + inquiry; advocacy.
    """
    session_id = day_two(db)
    agenda = programmes.session_detail(db, session_id).agenda
    first, second = agenda[0].id, agenda[1].id
    codes = code_ids(db)
    move, oppose, follow = (
        codes[f"kantor-four-player/{slug}"] for slug in ("move", "oppose", "follow")
    )
    inquiry, advocacy = codes["advocacy-inquiry/inquiry"], codes["advocacy-inquiry/advocacy"]
    generative = codes["dialogue-patterns/generative"]
    group = (SubjectRef(kind=SubjectKind.GROUP),)
    for offset, item, chosen in (
        (60, first, (move,)),
        (120, first, (oppose, inquiry)),
        (180, first, (oppose,)),
        (600, first, (generative,)),
        (900, first, (generative,)),  # the same state again: it stops, 300 s in all
        (1200, second, (follow, inquiry)),
        (1260, second, (advocacy,)),
    ):
        capture.record(
            db,
            capture_request(
                session_id, *chosen, offset=offset, agenda_item_id=item, subjects=group
            ),
        )
    return session_id


def open_tab(qtbot, db: Database, session_id: int) -> AnalysisTab:
    tab = AnalysisTab()
    qtbot.addWidget(tab)
    tab.attach_store(db)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    tab.show_session(programmes.session_detail(db, session_id))
    return tab


@pytest.fixture
def tab(qtbot, store: Database) -> AnalysisTab:
    return open_tab(qtbot, store, build_small_session(store))


def texts(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_counts_and_time_by_code_match_a_hand_count(tab: AnalysisTab) -> None:
    """Each code's captures, in the schemes' order, and the state's five minutes."""
    assert tab.summary.text() == "6 captures, 6 of them coded"
    rows = dict(zip(texts(tab.codes, 0), texts(tab.codes, 2), strict=True))
    assert rows == {
        "Advocacy": "1",
        "Inquiry": "2",
        "Generative conversation": "1",
        "Move": "1",
        "Follow": "1",
        "Oppose": "2",
    }
    times = dict(zip(texts(tab.codes, 0), texts(tab.codes, 3), strict=True))
    assert times["Generative conversation"] == "0:05:00"
    assert times["Oppose"] == ""
    assert tab.codes.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None


def test_agenda_items_show_minutes_and_captures(tab: AnalysisTab, store: Database) -> None:
    """Every item is listed, with its captures; a planned day has not run, so no minutes."""
    detail = programmes.session_detail(store, tab.session.id)
    assert texts(tab.items, 1) == [item.title for item in detail.agenda]
    assert texts(tab.items, 3)[:3] == ["4", "2", "0"]
    assert set(texts(tab.items, 2)) == {""}


def test_item_lines_count_minutes_when_the_item_ran(store: Database) -> None:
    """An item that ran shows its minutes; captures outside any item get a row of their own."""
    (programme,) = programmes.list_programmes(store)
    detail = programmes.session_detail(store, programme.modules[2].sessions[0].id)
    lines = item_lines(detail.agenda, detail.observations)
    assert lines[0].title == "Check-in" and lines[0].minutes is not None
    assert sum(line.captures for line in lines) == len(detail.observations)


def test_codes_by_item_for_one_scheme(tab: AnalysisTab) -> None:
    """With Kantor chosen: move 1 and oppose 2 in item 1, follow 1 in item 2, and totals."""
    tab.scheme.setCurrentIndex(tab.scheme.findData("kantor-four-player"))
    heat: HeatModel = tab.heat
    labels = [heat.headerData(row, Qt.Orientation.Vertical) for row in range(heat.rowCount())]
    assert labels == ["Move", "Follow", "Oppose"]
    assert heat.headerData(0, Qt.Orientation.Horizontal) == "1"
    assert heat.headerData(heat.columnCount() - 1, Qt.Orientation.Horizontal) == "All"
    grid = [[heat.count(row, column) for column in range(3)] for row in range(3)]
    assert grid == [[1, 0, 0], [0, 1, 0], [2, 0, 0]]
    assert [heat.count(row, heat.columnCount() - 1) for row in range(3)] == [1, 1, 2]
    busiest = heat.index(2, 0).data(Qt.ItemDataRole.BackgroundRole)
    quieter = heat.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert busiest.lightness() < quieter.lightness(), "more captures, deeper shade"
    assert heat.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert heat.index(0, 1).data() == ""


def test_codes_that_occur_together(tab: AnalysisTab) -> None:
    """The two captures with two codes make two pairs, once each."""
    pairs = {
        (tab.pairs.row_snapshot(row).first, tab.pairs.row_snapshot(row).second)
        for row in range(tab.pairs.rowCount())
    }
    assert {frozenset(pair) for pair in pairs} == {
        frozenset({"Inquiry", "Oppose"}),
        frozenset({"Inquiry", "Follow"}),
    }
    assert set(texts(tab.pairs, 1)) == {"1"}
    assert not tab.no_pairs.isVisible()


def test_what_tends_to_follow_what_reads_as_sentences(tab: AnalysisTab) -> None:
    """For Kantor: move → oppose, oppose → oppose (point and counterpoint), oppose → follow."""
    tab.scheme.setCurrentIndex(tab.scheme.findData("kantor-four-player"))
    assert sorted(tab.sentences()) == sorted(
        [
            "Move followed by oppose: once (100% of what followed move)",
            "Oppose followed by oppose: once (50% of what followed oppose)",
            "Oppose followed by follow: once (50% of what followed oppose)",
        ]
    )


def test_ratios_are_shown_as_they_are_with_the_note(tab: AnalysisTab) -> None:
    """Ratios read as counted, with the note that they are descriptive, not benchmarks."""
    ratios = dict(zip(texts(tab.ratios, 0), texts(tab.ratios, 1), strict=True))
    assert ratios["Inquiry to advocacy"] == "2 : 1"
    assert ratios["Follow to oppose"] == "1 : 2"
    assert ratios["Generative to stuck time, in minutes"] == "5 : 0"
    assert ratios["Conflicts surfaced to conflicts avoided or parked"] == "no data"
    notes = [label.text() for label in tab.findChildren(type(tab.summary))]
    assert RATIOS_NOTE in notes
    assert "healthy" not in " ".join(texts(tab.ratios, 2))


def test_the_analysis_follows_new_captures(qtbot, tab: AnalysisTab, store: Database) -> None:
    """Showing the session again after another capture changes the counts."""
    codes = code_ids(store)
    capture.record(
        store,
        capture_request(tab.session.id, codes["advocacy-inquiry/advocacy"], offset=1300),
    )
    tab.show_session(programmes.session_detail(store, tab.session.id))
    rows = dict(zip(texts(tab.codes, 0), texts(tab.codes, 2), strict=True))
    assert rows["Advocacy"] == "2"
    ratios = dict(zip(texts(tab.ratios, 0), texts(tab.ratios, 1), strict=True))
    assert ratios["Inquiry to advocacy"] == "2 : 2"


def test_a_hidden_tab_waits_until_it_is_shown(qtbot, store: Database) -> None:
    """The analysis is worked out when the tab is shown, not on every change behind it."""
    session_id = build_small_session(store)
    tab = AnalysisTab()
    qtbot.addWidget(tab)
    tab.attach_store(store)
    tab.show_session(programmes.session_detail(store, session_id))
    assert tab.codes.rowCount() == 0
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.codes.rowCount() == 6


def test_an_empty_session_shows_a_sentence_not_empty_tables(qtbot, store: Database) -> None:
    """Day two has no captures: the tab says so."""
    tab = open_tab(qtbot, store, day_two(store))
    assert tab.pages.currentWidget() is tab.placeholder
    assert tab.placeholder.text() == EMPTY_TEXT
    assert tab.placeholder.isVisible()


def test_no_pairs_says_so(qtbot, store: Database) -> None:
    """With single-coded captures only, the pairs table gives way to a sentence."""
    session_id = day_two(store)
    codes = code_ids(store)
    capture.record(store, capture_request(session_id, codes["kantor-four-player/move"], offset=5))
    tab = open_tab(qtbot, store, session_id)
    assert tab.no_pairs.isVisible() and tab.no_pairs.text() == NO_PAIRS
    assert not tab.pairs_view.isVisible()


def test_the_models_pass_the_model_tester(tab: AnalysisTab, qtmodeltester) -> None:
    """The shaded by-item model is a well-behaved table model, for all schemes and for one."""
    qtmodeltester.check(tab.heat)
    tab.scheme.setCurrentIndex(tab.scheme.findData("advocacy-inquiry"))
    qtmodeltester.check(tab.heat)
    empty = HeatModel()
    qtmodeltester.check(empty)
    assert empty.columnCount() == 0
