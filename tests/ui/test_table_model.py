"""The thin snapshot table model behind every table on the detail pages."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from facilitator.services import programmes
from facilitator.ui.programme_page import PARTICIPANT_COLUMNS
from facilitator.ui.session_page import OBSERVATION_COLUMNS
from facilitator.ui.table_model import SnapshotRole, SnapshotTableModel


def _observations(store) -> tuple:
    """Return the 83 observations of the sample's finished day one."""
    (summary,) = programmes.list_programmes(store)
    day_one = summary.modules[2].sessions[0]
    return programmes.session_detail(store, day_one.id).observations


def test_model_with_rows_passes_the_model_tester(store, qtmodeltester) -> None:
    """A table of real participants is a well-behaved table model."""
    (summary,) = programmes.list_programmes(store)
    model = SnapshotTableModel(PARTICIPANT_COLUMNS)
    model.set_rows(programmes.programme_detail(store, summary.id).participants)
    qtmodeltester.check(model)
    assert model.rowCount() == 16


def test_model_after_append_rows_passes_the_model_tester(store, qtmodeltester) -> None:
    """Appending rows inserts them (no reset) and leaves a well-behaved model."""
    observations = _observations(store)
    model = SnapshotTableModel(OBSERVATION_COLUMNS)
    model.set_rows(observations[:50])
    qtmodeltester.check(model)
    resets: list[bool] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    model.append_rows(observations[50:])
    model.append_rows([])
    qtmodeltester.check(model)

    assert model.rowCount() == 83
    assert inserted == [(50, 82)]
    assert resets == []
    assert model.row_snapshot(82) == observations[82]


def test_empty_model_passes_the_model_tester(qtmodeltester) -> None:
    """A table with columns but no rows is a well-behaved table model."""
    model = SnapshotTableModel(OBSERVATION_COLUMNS)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.columnCount() == len(OBSERVATION_COLUMNS)
    assert model.rowCount(model.index(0, 0)) == 0


def test_columns_give_text_colour_tooltip_and_snapshot(store) -> None:
    """Each column shows its text, the first code's colour, a tooltip and the snapshot itself."""
    observations = _observations(store)
    model = SnapshotTableModel(OBSERVATION_COLUMNS)
    model.set_rows(observations)
    coded = next(row for row, obs in enumerate(observations) if obs.codes)
    codes = model.index(coded, 3)

    assert model.headerData(3, Qt.Orientation.Horizontal) == "Codes"
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert codes.data().startswith(observations[coded].codes[0].label)
    assert codes.data(Qt.ItemDataRole.DecorationRole) == QColor(observations[coded].codes[0].colour)
    assert observations[coded].codes[0].scheme_name in codes.data(Qt.ItemDataRole.ToolTipRole)
    assert codes.data(SnapshotRole) is observations[coded]
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(QModelIndex()) is None
