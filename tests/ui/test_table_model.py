"""The thin snapshot table model behind every table on the detail pages."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from facilitator.domain.timezones import zone
from facilitator.services import programmes
from facilitator.ui.cohort_tabs import PARTICIPANT_COLUMNS
from facilitator.ui.session_tables import OBSERVATION_COLUMNS, ObservationLine, observation_lines
from facilitator.ui.table_model import SnapshotRole, SnapshotTableModel


def _observations(store) -> list[ObservationLine]:
    """Return the 83 observations of the sample's finished day one, as the table shows them."""
    (summary,) = programmes.list_programmes(store)
    day_one = programmes.session_detail(store, summary.modules[2].sessions[0].id)
    return observation_lines(day_one, zone(day_one.timezone))


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
    coded = next(row for row, line in enumerate(observations) if line.observation.codes)
    first_code = observations[coded].observation.codes[0]
    codes = model.index(coded, 3)

    assert model.headerData(3, Qt.Orientation.Horizontal) == "Codes"
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert model.index(0, 0).data() == "09:33", "clock time on the wall of the room"
    assert codes.data().startswith(first_code.label)
    assert codes.data(Qt.ItemDataRole.DecorationRole) == QColor(first_code.colour)
    assert first_code.scheme_name in codes.data(Qt.ItemDataRole.ToolTipRole)
    assert codes.data(SnapshotRole) is observations[coded]
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(QModelIndex()) is None


def test_tooltips_show_user_text_as_text_never_as_markup(store) -> None:
    """A note holding markup is escaped in its tooltip, so it cannot restyle or load anything."""
    from dataclasses import replace

    line = _observations(store)[0]
    hostile = replace(line.observation, note='<img src="/etc/hostname"> <b>bold</b> & more')
    model = SnapshotTableModel(OBSERVATION_COLUMNS)
    model.set_rows([replace(line, observation=hostile)])

    tooltip = model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == (
        "<p>&lt;img src=&quot;/etc/hostname&quot;&gt; &lt;b&gt;bold&lt;/b&gt; &amp; more</p>"
    )
