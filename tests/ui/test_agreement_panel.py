"""The co-facilitator agreement panel on the Analysis tab: shown for Day one's two
facilitators with a row per agenda item that ran and the whole session; hidden for one author."""

import os

from facilitator.domain.coder_agreement import WHOLE_SESSION
from facilitator.services import programmes
from facilitator.storage.database import Database
from facilitator.ui.agreement_panel import NOTE, agenda_spans
from tests.ui.test_analysis_tab import build_small_session, open_tab


def day_one(store: Database) -> int:
    (programme,) = programmes.list_programmes(store)
    return programme.modules[2].sessions[0].id


def test_panel_compares_day_ones_two_facilitators(qtbot, store: Database, tmp_path) -> None:
    """Two authors, defaulting to the two with most captures; a row per item and the whole."""
    tab = open_tab(qtbot, store, day_one(store))
    panel = tab.agreement
    assert panel.isVisibleTo(tab)
    assert (panel.first.currentText(), panel.second.currentText()) == (
        "Facilitator 1",
        "Facilitator 2",
    )
    detail = programmes.session_detail(store, day_one(store))
    ran = [item.title for item in detail.agenda if item.actual_start and item.actual_end]
    rows = panel.row_texts()
    assert [row[0] for row in rows] == [*ran, WHOLE_SESSION]
    for _title, slices, percent, kappa in rows:
        assert int(slices) > 0
        assert percent.endswith("%")
        assert kappa == "not defined" or -1 <= float(kappa) <= 1
    assert panel.findChildren(type(panel.problem))  # the note is among its labels
    assert any(label.text() == NOTE for label in panel.findChildren(type(panel.problem)))
    target = os.environ.get("SCREENSHOTS", str(tmp_path))
    panel.resize(900, panel.sizeHint().height())
    assert panel.grab().save(f"{target}/agreement_panel.png")


def test_choosing_a_scheme_and_the_same_author(qtbot, store: Database) -> None:
    """A scheme narrows the comparison; the same author twice says why there is no table."""
    tab = open_tab(qtbot, store, day_one(store))
    panel = tab.agreement
    panel.scheme.setCurrentIndex(panel.scheme.findData("dialogue-patterns"))
    assert panel.rows.rowCount() == len(panel.row_texts()) > 1
    panel.second.setCurrentIndex(panel.first.currentIndex())
    assert panel.rows.rowCount() == 0
    assert panel.problem.text() == "Choose two different authors to compare."


def test_panel_hides_for_one_author(qtbot, store: Database) -> None:
    """A session captured by one facilitator has nothing to compare."""
    tab = open_tab(qtbot, store, build_small_session(store))
    assert not tab.agreement.isVisibleTo(tab)


def test_agenda_spans_skip_items_that_never_ran(store: Database) -> None:
    """Spans are seconds from the first item's start; a planned session has none."""
    detail = programmes.session_detail(store, day_one(store))
    spans = agenda_spans(detail.agenda, detail.live_started_at)
    assert spans[0][2] == 0 and spans[0][3] == 38 * 60
    (programme,) = programmes.list_programmes(store)
    planned = programmes.session_detail(store, programme.modules[2].sessions[1].id)
    assert agenda_spans(planned.agenda, planned.live_started_at) == []
