"""The navigation tree: programmes holding modules holding sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from facilitator.ui.formatting import rich_tooltip, short_date

if TYPE_CHECKING:
    from facilitator.domain.snapshots import ProgrammeSummary, SessionSummary

NodeRole = Qt.ItemDataRole.UserRole + 1

type Index = QModelIndex | QPersistentModelIndex


class NodeKind(StrEnum):
    PROGRAMME = "programme"
    MODULE = "module"
    SESSION = "session"


@dataclass(eq=False)
class Node:
    """One row of the tree; `key` (kind, id) survives a reload, so selection can be restored."""

    kind: NodeKind
    id: int
    text: str
    tooltip: str
    icon_name: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def key(self) -> tuple[NodeKind, int]:
        return (self.kind, self.id)

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return 0 if self.parent is None else self.parent.children.index(self)


def _session_node(session: SessionSummary) -> Node:
    when = short_date(session.date)
    return Node(
        kind=NodeKind.SESSION,
        id=session.id,
        text=f"{session.title} · {when}" if when else session.title,
        tooltip=f"{session.kind.label}, {session.status.label.lower()}",
        icon_name=f"session-{session.status.value}",
    )


def build_tree(programmes: list[ProgrammeSummary]) -> Node:
    """Return an invisible root whose children are the programmes."""
    root = Node(kind=NodeKind.PROGRAMME, id=0, text="", tooltip="", icon_name="programme")
    for programme in programmes:
        node = root.add(
            Node(
                kind=NodeKind.PROGRAMME,
                id=programme.id,
                text=programme.title,
                tooltip="\n".join(filter(None, (programme.title, programme.client_system))),
                icon_name="programme",
            )
        )
        for module in programme.modules:
            module_node = node.add(
                Node(
                    kind=NodeKind.MODULE,
                    id=module.id,
                    text=f"{module.position}. {module.title}",
                    tooltip=f"Module {module.position}: {module.title}",
                    icon_name="module",
                )
            )
            for session in module.sessions:
                module_node.add(_session_node(session))
        for session in programme.loose_sessions:
            node.add(_session_node(session))
    return root


class NavigationModel(QAbstractItemModel):
    """A read-only tree model over the programme summaries."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = build_tree([])
        self._icon_for: Any = None

    def set_programmes(self, programmes: list[ProgrammeSummary]) -> None:
        self.beginResetModel()
        self._root = build_tree(programmes)
        self.endResetModel()

    def set_icon_provider(self, provider: Any) -> None:
        """Give the model a function from icon name to QIcon (icons load after start-up)."""
        self._icon_for = provider
        self._decorations_did_change(QModelIndex())

    def _decorations_did_change(self, parent: QModelIndex) -> None:
        # dataChanged must name valid indexes under one parent, so tell each level in turn.
        rows = self.rowCount(parent)
        if rows == 0:
            return
        first, last = self.index(0, 0, parent), self.index(rows - 1, 0, parent)
        self.dataChanged.emit(first, last, [Qt.ItemDataRole.DecorationRole])
        for row in range(rows):
            self._decorations_did_change(self.index(row, 0, parent))

    def node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def index_of(self, key: tuple[NodeKind, int]) -> QModelIndex:
        """Return the index of the node with this (kind, id), or an invalid index."""
        stack = list(self._root.children)
        while stack:
            node = stack.pop()
            if node.key == key:
                return self.createIndex(node.row(), 0, node)
            stack.extend(node.children)
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        parent_node = self.node(parent)
        if column != 0 or not 0 <= row < len(parent_node.children):
            return QModelIndex()
        return self.createIndex(row, 0, parent_node.children[row])

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_node = self.node(index).parent
        if parent_node is None or parent_node is self._root:
            return QModelIndex()
        return self.createIndex(parent_node.row(), 0, parent_node)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_tooltip(node.tooltip)
        if role == Qt.ItemDataRole.DecorationRole and self._icon_for is not None:
            return self._icon_for(node.icon_name)
        if role == NodeRole:
            return node.key
        return None
