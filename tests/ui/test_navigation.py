"""The navigation tree model: programmes holding modules holding sessions."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon

from facilitator.services import programmes
from facilitator.ui.icons import icon
from facilitator.ui.navigation import NavigationModel, NodeKind, NodeRole


def _texts(model: NavigationModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def test_model_with_the_sample_passes_the_model_tester(store, qtmodeltester) -> None:
    """The tree over the sample programme is a well-behaved item model."""
    model = NavigationModel()
    model.set_programmes(programmes.list_programmes(store))
    qtmodeltester.check(model)


def test_empty_model_passes_the_model_tester(qtmodeltester) -> None:
    """The tree with no programmes at all is a well-behaved item model."""
    model = NavigationModel()
    model.set_programmes([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_model_stays_sound_while_reloaded_and_given_icons(store, qapp, qtmodeltester) -> None:
    """Reloading and adding icons after start-up keep the model consistent."""
    model = NavigationModel()
    qtmodeltester.check(model)
    model.set_programmes(programmes.list_programmes(store))
    model.set_icon_provider(icon)
    model.set_programmes([])
    model.set_programmes(programmes.list_programmes(store))
    qtmodeltester.check(model)
    assert isinstance(model.index(0, 0).data(Qt.ItemDataRole.DecorationRole), QIcon)


def test_tree_holds_programme_modules_and_sessions(store) -> None:
    """The sample shows as one programme, four numbered modules and two sessions in module 3."""
    model = NavigationModel()
    model.set_programmes(programmes.list_programmes(store))

    assert _texts(model, QModelIndex()) == ["Building collaborative leadership: Wealdmoor cohort 2"]
    programme = model.index(0, 0)
    assert _texts(model, programme) == [
        "1. Defining you and the system",
        "2. System and place-based leadership",
        "3. Power, politics and decision-making",
        "4. Building and developing your collective impact",
    ]
    module_three = model.index(2, 0, programme)
    assert _texts(model, module_three) == ["Day one · 16 Nov 2026", "Day two · 30 Nov 2026"]
    assert model.index(0, 0, module_three).data(Qt.ItemDataRole.ToolTipRole) == (
        "<p>Designed workshop, finished</p>"
    )


def test_index_of_finds_each_node_by_its_key(store) -> None:
    """Every node can be found again from its (kind, id) key, and a stale key finds nothing."""
    model = NavigationModel()
    model.set_programmes(programmes.list_programmes(store))
    programme = model.index(0, 0)
    session = model.index(0, 0, model.index(2, 0, programme))

    for index in (programme, model.index(2, 0, programme), session):
        assert model.index_of(index.data(NodeRole)) == index
    assert session.data(NodeRole)[0] is NodeKind.SESSION
    assert not model.index_of((NodeKind.SESSION, 999_999)).isValid()
