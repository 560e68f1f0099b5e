"""A simple analysis of a session's captures that a facilitator can read at a glance.

Counts and time by code, captures and minutes by agenda item, codes by agenda item as a
shaded table, which codes occur together, what tends to follow what, and descriptive ratios.
The numbers come from `domain.analysis`; this tab only lays them out. Ratios are shown as they
are: no thresholds, no colours for good or bad.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.analysis import (
    OUTSIDE_AGENDA,
    Pair,
    co_occurrence,
    code_tallies,
    describe,
    ratios,
    sequences,
    tallies_by_item,
)
from facilitator.domain.report import CodeTally, PatternTable, Ratio
from facilitator.domain.snapshots import AgendaItem, CodingScheme, Observation, SessionDetail
from facilitator.ui.agreement_panel import AgreementPanel
from facilitator.ui.formatting import elapsed, plural, rich_tooltip
from facilitator.ui.page import Page
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import heading, value_label

EMPTY_TEXT = (
    "Nothing to analyse yet. Once the session has captures, their counts, patterns and "
    "ratios appear here."
)
RATIOS_NOTE = (
    "These ratios describe what was captured. They are not benchmarks: there is no healthy "
    "or unhealthy value."
)
NO_PAIRS = "No capture carries more than one code."
NO_SEQUENCES = "Too few coded captures to show what follows what."
ALL_SCHEMES = "All schemes"
TOP_PAIRS = 10
TOP_SEQUENCES = 8
SWATCH = 12
HEAT = QColor("#0072B2")  # the shading of the busiest cell of the by-item table


@dataclass(frozen=True, slots=True)
class ItemLine:
    """An agenda item with how long it ran and how many captures were made in it."""

    number: str  # its position, as the by-item table's column headings give it
    title: str
    minutes: int | None  # None when it never ran
    captures: int


def item_lines(agenda: Sequence[AgendaItem], observations: Sequence[Observation]) -> list[ItemLine]:
    """Return each agenda item's running time and captures (and captures outside any item)."""
    counts = Counter(observation.agenda_item_id for observation in observations)
    lines = []
    for item in agenda:
        ran = None
        if item.actual_start is not None and item.actual_end is not None:
            ran = round((item.actual_end - item.actual_start).total_seconds() / 60)
        lines.append(ItemLine(str(item.position), item.title, ran, counts.pop(item.id, 0)))
    outside = sum(counts.values())  # in no item, or in one no longer on the agenda
    if outside:
        lines.append(ItemLine("–", OUTSIDE_AGENDA, None, outside))
    return lines


CODE_COLUMNS = (
    Column("Code", lambda t: t.label, colour=lambda t: t.colour, max_width=280),
    Column("Scheme", lambda t: t.scheme, max_width=220),
    Column("Captures", lambda t: str(t.count), right_aligned=True),
    Column(
        "Time",
        lambda t: elapsed(t.seconds) if t.seconds else "",
        tooltip=lambda t: "How long the state lasted in all" if t.seconds else "A moment",
        right_aligned=True,
    ),
)
ITEM_COLUMNS = (
    Column("#", lambda line: line.number, right_aligned=True),
    Column("Agenda item", lambda line: line.title, max_width=320),
    Column(
        "Ran for",
        lambda line: plural(line.minutes, "min", "min") if line.minutes is not None else "",
        right_aligned=True,
    ),
    Column("Captures", lambda line: str(line.captures), right_aligned=True),
)
PAIR_COLUMNS = (
    Column("Codes together", lambda pair: f"{pair.first} and {pair.second}", max_width=420),
    Column("Captures", lambda pair: str(pair.count), right_aligned=True),
)
RATIO_COLUMNS = (
    Column("Ratio", lambda ratio: ratio.label, max_width=340),
    Column("As captured", lambda ratio: ratio.text, right_aligned=True),
    Column(
        "Counted",
        lambda ratio: (
            f"{ratio.numerator_label} {ratio.numerator}, "
            f"{ratio.denominator_label} {ratio.denominator}"
        ),
        max_width=360,
    ),
)


type Index = QModelIndex | QPersistentModelIndex


class HeatModel(QAbstractTableModel):
    """Codes (rows) by agenda item (columns, numbered), each cell shaded by its count."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._codes: tuple[CodeTally, ...] = ()
        self._items: tuple[str, ...] = ()
        self._numbers: tuple[str, ...] = ()
        self._cells: tuple[tuple[int, ...], ...] = ()  # [code][item]
        self._most = 1

    def set_table(self, table: PatternTable, numbers: Sequence[str]) -> None:
        """Show `table` turned on its side; `numbers` head its item columns, in order."""
        self.beginResetModel()
        self._codes = table.codes
        self._items = table.items
        self._numbers = tuple(numbers) + ("–",) * (len(table.items) - len(numbers))
        self._cells = tuple(
            tuple(row[column] for row in table.cells) for column in range(len(table.codes))
        )
        self._most = max((count for row in self._cells for count in row), default=0) or 1
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._codes else len(self._items) + 1

    def count(self, row: int, column: int) -> int:
        """Return the count in a cell; the last column is the code's total."""
        if column == len(self._items):
            return self._codes[row].count
        return self._cells[row][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return None
        row, column = index.row(), index.column()
        count = self.count(row, column)
        total = column == len(self._items)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(count) if count else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = "in all" if total else f"in {self._items[column]}"
            return rich_tooltip(f"{self._codes[row].label}: {plural(count, 'capture')} {where}")
        if total:
            return None
        share = count / self._most
        if role == Qt.ItemDataRole.BackgroundRole and count:
            return _blend(share)
        if role == Qt.ItemDataRole.ForegroundRole and count:
            return QColor("white") if share > 0.55 else QColor("black")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            total = section == len(self._items)
            if role == Qt.ItemDataRole.DisplayRole:
                return "All" if total else self._numbers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Every agenda item" if total else rich_tooltip(self._items[section])
            return None
        if not 0 <= section < len(self._codes):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._codes[section].label
        if role == Qt.ItemDataRole.DecorationRole:
            return _swatch(self._codes[section].colour)  # a header draws pixmaps, not colours
        if role == Qt.ItemDataRole.ToolTipRole:  # names are user text: never markup
            return rich_tooltip(self._codes[section].scheme)
        return None


@cache
def _swatch(colour: str) -> QPixmap:
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(QColor(colour))
    return pixmap


def _blend(share: float) -> QColor:
    """Return white shaded towards HEAT by `share` (0–1)."""
    strength = 0.12 + 0.88 * share
    return QColor(
        round(255 + (HEAT.red() - 255) * strength),
        round(255 + (HEAT.green() - 255) * strength),
        round(255 + (HEAT.blue() - 255) * strength),
    )


class AnalysisTab(Page):
    """Counts, patterns and ratios of one session's captures, refreshed as they change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SessionDetail | None = None
        self._order: list[tuple[str, str]] = []
        self._stale = False

        self.scheme = QComboBox()
        self.scheme.setObjectName("analysisScheme")
        self.scheme.setToolTip("The scheme whose codes the by-item table and sequences use")
        self.scheme.addItem(ALL_SCHEMES, None)
        self.scheme.currentIndexChanged.connect(lambda _index: self._show_by_scheme())
        self.summary = value_label()
        self.summary.setObjectName("analysisSummary")

        self.codes = SnapshotTableModel(CODE_COLUMNS, self)
        self.items = SnapshotTableModel(ITEM_COLUMNS, self)
        self.pairs = SnapshotTableModel(PAIR_COLUMNS, self)
        self.ratios = SnapshotTableModel(RATIO_COLUMNS, self)
        self.heat = HeatModel(self)
        self.codes_view = _table(self.codes, "analysisCodes")
        self.items_view = _table(self.items, "analysisItems")
        self.pairs_view = _table(self.pairs, "analysisPairs")
        self.ratios_view = _table(self.ratios, "analysisRatios")
        self.heat_view = _table(self.heat, "analysisHeat")
        self.heat_view.verticalHeader().setVisible(True)
        self.heat_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.heat_view.horizontalHeader().setDefaultSectionSize(
            self.fontMetrics().horizontalAdvance("000") + 18
        )
        self.heat_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Long names are cut short; the scheme column keeps a modest width (its tooltip
        # and the colour tell the rest), so counts and times never fall off the edge.
        stretch, fit, fixed = (
            QHeaderView.ResizeMode.Stretch,
            QHeaderView.ResizeMode.ResizeToContents,
            QHeaderView.ResizeMode.Interactive,
        )
        _modes(self.codes_view, stretch, fixed, fit, fit)
        self.codes_view.setColumnWidth(1, self.fontMetrics().horizontalAdvance("x" * 22))
        _modes(self.items_view, fit, stretch, fit, fit)
        _modes(self.pairs_view, stretch, fit)
        _modes(self.ratios_view, fit, fit, stretch)
        self.no_pairs = value_label(NO_PAIRS)
        self.sequences = value_label()
        self.sequences.setObjectName("analysisSequences")
        self.sequence_heading = heading("What tends to follow what", level=2)
        self.heat_heading = heading("Codes by agenda item", level=2)

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(8, 4, 8, 8)
        grid.setHorizontalSpacing(24)
        ratios_box = _section("Ratios", value_label(RATIOS_NOTE, italic=True), self.ratios_view)
        grid.addLayout(ratios_box, 0, 0, 1, 2)
        codes_box = _section("Codes: how often, and for how long", self.codes_view, stretch=True)
        grid.addLayout(codes_box, 1, 0)
        pairs_box = _section(
            "Which codes occur together", self.pairs_view, self.no_pairs, stretch=True
        )
        grid.addLayout(pairs_box, 1, 1)
        grid.addLayout(_section("Agenda items", self.items_view, stretch=True), 2, 0)
        grid.addLayout(_section(self.sequence_heading, self.sequences, stretch=True), 2, 1)
        heat_note = value_label(
            "Each column is an agenda item, numbered as in Agenda items.", italic=True
        )
        heat_box = _section(self.heat_heading, heat_note, self.heat_view)
        heat_box.setAlignment(self.heat_view, Qt.AlignmentFlag.AlignLeft)
        grid.addLayout(heat_box, 3, 0, 1, 2)
        self.agreement = AgreementPanel()  # shows itself only for two or more authors
        grid.addWidget(self.agreement, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.placeholder = QLabel(EMPTY_TEXT)
        self.placeholder.setObjectName("analysisPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the platform's muted text colour
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll)
        self.pages.addWidget(self.placeholder)

        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(QLabel("Scheme for the by-item table and sequences:"))
        bar.addWidget(self.scheme)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self.pages.setCurrentWidget(self.placeholder)

    # Showing --------------------------------------------------------------------------------

    def show_session(self, session: SessionDetail) -> None:
        """Analyse this session's captures now, or when the tab is next shown."""
        self.session = session
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Work the analysis out again from the session last shown."""
        from facilitator.services.schemes import list_schemes

        session = self.session
        self._stale = False
        if session is None:
            return
        schemes = list_schemes(self.db) if self.db is not None else []
        self._order = [(scheme.slug, code.slug) for scheme in schemes for code in scheme.codes]
        self._list_schemes(session.observations, schemes)
        observations = session.observations
        coded = sum(1 for observation in observations if observation.codes)
        self.summary.setText(
            f"{plural(len(observations), 'capture')}, {coded} of them coded" if observations else ""
        )
        self.pages.setCurrentWidget(self.scroll if observations else self.placeholder)
        self.codes.set_rows(code_tallies(observations, order=self._order))
        self.items.set_rows(item_lines(session.agenda, observations))
        pairs: tuple[Pair, ...] = co_occurrence(observations, order=self._order)
        self.pairs.set_rows(pairs[:TOP_PAIRS])
        self.pairs_view.setVisible(bool(pairs))
        self.no_pairs.setVisible(not pairs)
        found: tuple[Ratio, ...] = ratios(observations)
        self.ratios.set_rows(found)
        for view in (self.codes_view, self.items_view, self.pairs_view, self.ratios_view):
            _fit(view)
        self._show_by_scheme()
        self.agreement.show_session(session)

    def _list_schemes(
        self, observations: Sequence[Observation], schemes: list[CodingScheme]
    ) -> None:
        used = {code.scheme_slug: code.scheme_name for o in observations for code in o.codes}
        ordered = [s.slug for s in schemes if s.slug in used]
        ordered += sorted(set(used) - set(ordered), key=lambda slug: used[slug])
        keep = self.scheme.currentData()
        self.scheme.blockSignals(True)
        try:
            while self.scheme.count() > 1:
                self.scheme.removeItem(1)
            for slug in ordered:
                self.scheme.addItem(used[slug], slug)
            self.scheme.setCurrentIndex(max(0, self.scheme.findData(keep)) if keep else 0)
        finally:
            self.scheme.blockSignals(False)

    def _show_by_scheme(self) -> None:
        session = self.session
        if session is None:
            return
        slug = self.scheme.currentData()
        observations = session.observations
        items = [(item.id, item.title) for item in session.agenda]
        table = tallies_by_item(observations, items=items, scheme_slug=slug, order=self._order)
        self.heat.set_table(table, [str(item.position) for item in session.agenda])
        self.heat_view.verticalHeader().setMaximumWidth(
            self.fontMetrics().horizontalAdvance("x" * 34)
        )
        _fit(self.heat_view)
        found = sequences(observations, scheme_slug=slug)[:TOP_SEQUENCES]
        self.sequences.setText(
            "\n".join(f"• {describe(transition)}" for transition in found) or NO_SEQUENCES
        )

    # Reading (for tests and the status line) --------------------------------------------------

    def sentences(self) -> list[str]:
        """Return the 'what follows what' sentences as shown."""
        return [line.removeprefix("• ") for line in self.sequences.text().splitlines()]


def _section(title: str | QLabel, *widgets: QWidget, stretch: bool = False) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(4)
    box.addWidget(heading(title, level=2) if isinstance(title, str) else title)
    for widget in widgets:
        box.addWidget(widget)
    if stretch:
        box.addStretch(1)
    return box


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setWordWrap(False)
    view.setAlternatingRowColors(name != "analysisHeat")
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(name != "analysisHeat")
    return view


def _modes(view: QTableView, *modes: QHeaderView.ResizeMode) -> None:
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column, mode in enumerate(modes):
        header.setSectionResizeMode(column, mode)


def _fit(view: QTableView) -> None:
    """Make the table as tall as its rows (and the by-item table as wide as its columns): the
    page scrolls, never the table."""
    rows = view.model().rowCount()
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
    height += rows * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height)
    if view.verticalHeader().isVisible():
        rows_header = view.verticalHeader()
        width = min(rows_header.sizeHint().width(), rows_header.maximumWidth())
        width += 2 * view.frameWidth()
        width += view.horizontalHeader().length()
        view.setFixedWidth(width)
