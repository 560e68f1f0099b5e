"""Finding captures when reviewing a session: the proxy that hides captures the filters
leave out, and the bar of filters that chooses (the rules are in `domain/review_filter.py`).

It must stay quick with thousands of captures: each capture's facts are worked out once per
snapshot and kept, and there is no widget per row.
"""

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Signal,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from facilitator.domain.review_filter import (
    Choice,
    FilterChoices,
    ReviewFilter,
    RowFacts,
    facts_of,
    matches,
    organisations_of,
)
from facilitator.domain.snapshots import Observation, Participant
from facilitator.ui.timeline_model import TimelineModel

# The proxy ------------------------------------------------------------------------------------

type Index = QModelIndex | QPersistentModelIndex


class ReviewProxy(QSortFilterProxyModel):
    """Shows the captures of a TimelineModel that pass the chosen filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted = ReviewFilter()
        self._organisation_of: Mapping[int, int | None] = {}
        self._facts: dict[str, RowFacts] = {}

    @property
    def wanted(self) -> ReviewFilter:
        return self._wanted

    def set_cohort(self, cohort: Iterable[Participant]) -> None:
        """Know which organisation each participant belongs to (forgets worked-out facts)."""
        organisation_of = organisations_of(cohort)
        if organisation_of != self._organisation_of:
            self.beginFilterChange()
            self._organisation_of = organisation_of
            self._facts.clear()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filter(self, wanted: ReviewFilter) -> None:
        if wanted == self._wanted:
            return
        self.beginFilterChange()
        self._wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def observation(self, row: int) -> Observation:
        source = self.mapToSource(self.index(row, 0))
        model = self.sourceModel()
        assert isinstance(model, TimelineModel)
        return model.observation(source.row())

    def row_of(self, uuid: str) -> int | None:
        """Return the row showing this capture, or None when it is filtered out or gone."""
        model = self.sourceModel()
        assert isinstance(model, TimelineModel)
        source_row = model.row_of(uuid)
        if source_row is None:
            return None
        row = self.mapFromSource(model.index(source_row, 0)).row()
        return row if row >= 0 else None

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._wanted.active:
            return True
        model = self.sourceModel()
        assert isinstance(model, TimelineModel)
        observation = model.observation(source_row)
        facts = self._facts.get(observation.uuid)
        if facts is None or facts.observation is not observation:  # new, or edited since
            facts = facts_of(observation, self._organisation_of)
            self._facts[observation.uuid] = facts
        return matches(facts, self._wanted)


# The bar -------------------------------------------------------------------------------------

WIDE, NARROW = 5, 4  # columns of filters, by the bar's width
SPACING = 8
ALL = {
    "scheme": "All schemes",
    "code": "All codes",
    "participant": "Anyone",
    "organisation": "Any organisation",
    "item": "Any agenda item",
    "author": "Any author",
}


class FilterBar(QWidget):
    """Search and filters over the review's timeline, with how many captures they let through."""

    filter_changed = Signal(object)  # ReviewFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = FilterChoices()
        self.search = QLineEdit()
        self.search.setObjectName("reviewSearch")
        self.search.setPlaceholderText("Search notes, people and codes, or #12 for a number")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Every word must appear. Ctrl+F comes here from the timeline.")
        self.combos: dict[str, QComboBox] = {}
        for name, everything in ALL.items():
            combo = QComboBox()
            combo.setObjectName(f"{name}Filter")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.addItem(everything, None)
            combo.setToolTip(f"Show only captures of one {name.replace('item', 'agenda item')}")
            combo.currentIndexChanged.connect(self._combo_did_change)
            self.combos[name] = combo
        self.combos["code"].setToolTip("Show only captures with one code (of the chosen scheme)")
        self.flagged = QCheckBox("Key moments and quotes only")
        self.clear = QPushButton("Clear filters")
        self.clear.setEnabled(False)

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(SPACING)
        self.grid.setVerticalSpacing(4)
        # The bar's width decides its rows (see resizeEvent), so it must not insist on the
        # width of its widest arrangement.
        self.grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._columns = 0
        self._arrange(WIDE)

        self.search.textChanged.connect(self._announce)
        self.flagged.toggled.connect(self._announce)
        self.clear.clicked.connect(self.clear_filters)

    def _arrange(self, columns: int) -> None:
        """Lay the filters out in 5 columns (two rows) or, when narrow, 4 (three rows)."""
        if columns == self._columns:
            return
        self._columns = columns
        combos = self.combos
        people = [combos[name] for name in ("participant", "organisation", "item", "author")]
        if columns == WIDE:
            rows = [
                [(self.search, 2), (combos["scheme"], 1), (combos["code"], 1), (self.flagged, 1)],
                [*((combo, 1) for combo in people), (self.clear, 1)],
            ]
        else:
            rows = [
                [(self.search, 2), (combos["scheme"], 1), (combos["code"], 1)],
                [(combo, 1) for combo in people],
                [(self.flagged, 2), (self.clear, 1)],
            ]
        for row in rows:
            for widget, _span in row:
                self.grid.removeWidget(widget)
        for number, row in enumerate(rows):
            column = 0
            for widget, span in row:
                self.grid.addWidget(widget, number, column, 1, span)
                column += span
        for column in range(WIDE):
            self.grid.setColumnStretch(column, 1 if column < 4 else 0)

    def _widths(self) -> tuple[int, int]:
        """Return the least width of the narrow and of the wide arrangement."""
        combo = max(c.minimumSizeHint().width() for c in self.combos.values())
        narrow = 4 * combo + 3 * SPACING
        wide = (
            narrow
            + SPACING
            + max(self.flagged.minimumSizeHint().width(), self.clear.minimumSizeHint().width())
        )
        return narrow, wide

    def minimumSizeHint(self) -> QSize:
        narrow, _wide = self._widths()
        return QSize(narrow, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        _narrow, wide = self._widths()
        self._arrange(WIDE if event.size().width() >= wide else NARROW)
        super().resizeEvent(event)

    def value(self) -> ReviewFilter:
        """Return the filters as chosen now."""

        def chosen(name: str) -> object:
            return self.combos[name].currentData()

        return ReviewFilter(
            scheme=chosen("scheme"),  # type: ignore[arg-type]
            code_id=chosen("code"),  # type: ignore[arg-type]
            participant_id=chosen("participant"),  # type: ignore[arg-type]
            organisation_id=chosen("organisation"),  # type: ignore[arg-type]
            agenda_item_id=chosen("item"),  # type: ignore[arg-type]
            author=chosen("author"),  # type: ignore[arg-type]
            text=self.search.text().strip(),
            flagged_only=self.flagged.isChecked(),
        )

    def set_choices(self, choices: FilterChoices) -> None:
        """List these choices, keeping each filter's choice while it is still offered."""
        self._choices = choices
        for name, listed in (
            ("scheme", choices.schemes),
            ("participant", choices.people),
            ("organisation", choices.organisations),
            ("item", choices.items),
            ("author", choices.authors),
        ):
            self._fill(name, listed)
        self._fill_codes()
        self._announce()

    def _fill(self, name: str, listed: Sequence[Choice]) -> None:
        combo = self.combos[name]
        keep = combo.currentData()
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in listed:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(keep)) if keep is not None else 0)
        finally:
            combo.blockSignals(False)

    def _fill_codes(self) -> None:
        scheme = self.combos["scheme"].currentData()
        self._fill("code", self._choices.codes.get(scheme, ()))

    def _combo_did_change(self) -> None:
        if self.sender() is self.combos["scheme"]:
            self._fill_codes()  # a code of another scheme is no longer offered
        self._announce()

    def _announce(self) -> None:
        wanted = self.value()
        self.clear.setEnabled(wanted.active)
        self.filter_changed.emit(wanted)

    def set_value(self, wanted: ReviewFilter) -> None:
        """Choose these filters (a value not offered falls back to everything)."""
        for widget in (*self.combos.values(), self.search, self.flagged):
            widget.blockSignals(True)
        try:
            self.combos["scheme"].setCurrentIndex(
                max(0, self.combos["scheme"].findData(wanted.scheme))
            )
            self._fill_codes()
            for name, value in (
                ("code", wanted.code_id),
                ("participant", wanted.participant_id),
                ("organisation", wanted.organisation_id),
                ("item", wanted.agenda_item_id),
                ("author", wanted.author),
            ):
                combo = self.combos[name]
                combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            self.search.setText(wanted.text)
            self.flagged.setChecked(wanted.flagged_only)
        finally:
            for widget in (*self.combos.values(), self.search, self.flagged):
                widget.blockSignals(False)
        self._announce()

    def clear_filters(self) -> None:
        self.set_value(ReviewFilter())
