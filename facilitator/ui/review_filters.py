"""Finding captures when reviewing a session: what each capture can be found by, the proxy
that hides the rest, and the bar of filters that chooses.

It must stay quick with thousands of captures. Each capture's facts (its schemes, codes,
people, organisations and one lower-case text to search) are worked out once per snapshot and
kept, so checking a row is a few set look-ups; there is no widget per row.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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

from facilitator.domain.enums import SubjectKind
from facilitator.domain.snapshots import AgendaItem, Observation, Organisation, Participant
from facilitator.ui.timeline_model import TimelineModel, codes_text, who_text

OUTSIDE_ITEMS = -1  # the agenda-item choice for captures taken outside any item (ids are > 0)


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """Which captures to show; None (or empty) lets everything through."""

    scheme: str | None = None  # a scheme's slug
    code_id: int | None = None
    participant_id: int | None = None
    organisation_id: int | None = None
    agenda_item_id: int | None = None  # or OUTSIDE_ITEMS
    author: str | None = None
    text: str = ""
    flagged_only: bool = False  # key moments and quotes only

    @property
    def active(self) -> bool:
        return self != ReviewFilter()


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What one capture can be found by."""

    observation: Observation
    schemes: frozenset[str]
    codes: frozenset[int]
    people: frozenset[int]
    organisations: frozenset[int]
    item: int
    text: str  # case-folded note, people and codes
    flagged: bool


def facts_of(observation: Observation, organisation_of: Mapping[int, int | None]) -> RowFacts:
    """Return what `observation` can be found by; a participant counts for their organisation."""
    people = {
        subject.ref_id
        for subject in observation.subjects
        if subject.kind is SubjectKind.PARTICIPANT and subject.ref_id is not None
    }
    places = {
        subject.ref_id
        for subject in observation.subjects
        if subject.kind is SubjectKind.ORGANISATION and subject.ref_id is not None
    }
    places.update(place for person in people if (place := organisation_of.get(person)) is not None)
    searchable = "\n".join(
        (observation.note, who_text(observation), codes_text(observation), observation.author)
    )
    return RowFacts(
        observation=observation,
        schemes=frozenset(code.scheme_slug for code in observation.codes),
        codes=frozenset(code.code_id for code in observation.codes),
        people=frozenset(people),
        organisations=frozenset(places),
        item=observation.agenda_item_id or OUTSIDE_ITEMS,
        text=searchable.casefold(),
        flagged=observation.key_moment or observation.quote,
    )


def matches(facts: RowFacts, wanted: ReviewFilter) -> bool:
    """True when a capture passes every filter chosen.

    Free text matches when every word appears somewhere in the note, people or codes; "#12"
    finds the session's capture number 12.
    """
    if wanted.flagged_only and not facts.flagged:
        return False
    if wanted.scheme is not None and wanted.scheme not in facts.schemes:
        return False
    if wanted.code_id is not None and wanted.code_id not in facts.codes:
        return False
    if wanted.participant_id is not None and wanted.participant_id not in facts.people:
        return False
    if wanted.organisation_id is not None and wanted.organisation_id not in facts.organisations:
        return False
    if wanted.agenda_item_id is not None and wanted.agenda_item_id != facts.item:
        return False
    if wanted.author is not None and wanted.author != facts.observation.author:
        return False
    for word in wanted.text.casefold().split():
        if word.startswith("#") and word[1:].isdigit():
            if facts.observation.number != int(word[1:]):
                return False
        elif word not in facts.text:
            return False
    return True


# What the filters offer ------------------------------------------------------------------------

type Choice = tuple[object, str]  # (value, what the list shows)


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What each filter lists, with how many captures each choice has."""

    schemes: tuple[Choice, ...] = ()
    codes: Mapping[str | None, tuple[Choice, ...]] = field(default_factory=dict)  # by scheme
    people: tuple[Choice, ...] = ()
    organisations: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()
    authors: tuple[Choice, ...] = ()


def organisations_of(cohort: Iterable[Participant]) -> dict[int, int | None]:
    return {person.id: person.organisation_id for person in cohort}


def filter_choices(
    observations: Sequence[Observation],
    *,
    agenda: Sequence[AgendaItem],
    cohort: Sequence[Participant],
    organisations: Sequence[Organisation],
    scheme_order: Sequence[str] = (),
    code_order: Sequence[int] = (),
) -> FilterChoices:
    """Return the choices that find something: only schemes, codes, people, organisations and
    authors that the captures have; every agenda item (an empty one says so with its 0)."""
    organisation_of = organisations_of(cohort)
    facts = [facts_of(observation, organisation_of) for observation in observations]

    def counted(label: str, count: int) -> str:
        return f"{label} ({count})"

    scheme_names: dict[str, str] = {}
    code_names: dict[int, tuple[str, str]] = {}  # code id -> (scheme slug, label)
    for observation in observations:
        for code in observation.codes:
            scheme_names.setdefault(code.scheme_slug, code.scheme_name)
            code_names.setdefault(code.code_id, (code.scheme_slug, code.label))
    scheme_counts = Counter(slug for row in facts for slug in row.schemes)
    code_counts = Counter(code_id for row in facts for code_id in row.codes)

    def scheme_rank(slug: str) -> tuple[int, str]:
        known = slug in scheme_order
        return (scheme_order.index(slug) if known else len(scheme_order), scheme_names[slug])

    def code_rank(code_id: int) -> tuple[int, str]:
        known = code_id in code_order
        return (code_order.index(code_id) if known else len(code_order), code_names[code_id][1])

    slugs = sorted(scheme_names, key=scheme_rank)
    ranked_codes = sorted(
        code_names, key=lambda code_id: (scheme_rank(code_names[code_id][0]), code_rank(code_id))
    )
    codes: dict[str | None, tuple[Choice, ...]] = {
        slug: tuple(
            (code_id, counted(code_names[code_id][1], code_counts[code_id]))
            for code_id in ranked_codes
            if code_names[code_id][0] == slug
        )
        for slug in slugs
    }
    codes[None] = tuple(
        (
            code_id,
            counted(
                f"{code_names[code_id][1]} – {scheme_names[code_names[code_id][0]]}",
                code_counts[code_id],
            ),
        )
        for code_id in ranked_codes
    )

    person_names = {
        subject.ref_id: subject.name
        for observation in observations
        for subject in observation.subjects
        if subject.kind is SubjectKind.PARTICIPANT and subject.ref_id is not None
    }
    person_counts = Counter(person for row in facts for person in row.people)
    place_names = {place.id: place.name for place in organisations}
    place_names.update(
        (person.organisation_id, person.organisation_name)
        for person in cohort
        if person.organisation_id is not None and person.organisation_id not in place_names
    )
    place_counts = Counter(place for row in facts for place in row.organisations)
    item_counts = Counter(row.item for row in facts)
    items = [(item.id, f"{item.position}. {item.title}") for item in agenda if not item.is_break]
    if item_counts[OUTSIDE_ITEMS]:
        items.append((OUTSIDE_ITEMS, "Outside any agenda item"))
    author_counts = Counter(observation.author for observation in observations)

    def by_name(names: Mapping[int, str], counts: Counter[int]) -> tuple[Choice, ...]:
        chosen = sorted((key for key in counts if key in names), key=lambda k: names[k].casefold())
        return tuple((key, counted(names[key], counts[key])) for key in chosen)

    return FilterChoices(
        schemes=tuple((slug, counted(scheme_names[slug], scheme_counts[slug])) for slug in slugs),
        codes=codes,
        people=by_name(person_names, person_counts),
        organisations=by_name(place_names, place_counts),
        items=tuple((key, counted(text, item_counts[key])) for key, text in items),
        authors=tuple(
            (name, counted(name or "No author", author_counts[name]))
            for name in sorted(author_counts, key=str.casefold)
        ),
    )


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
