"""How far two co-facilitators who captured the same session agree, per agenda item.

Shown on the Analysis tab only when a session has captures from two or more authors. The
figures come from `domain.coder_agreement`; this panel picks the two authors and the scheme
and lays the figures out, with no thresholds and no verdicts.
"""

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.coder_agreement import (
    AgendaSpan,
    ItemAgreement,
    agreement,
    authors_of,
    describe,
)
from facilitator.domain.snapshots import AgendaItem, SessionDetail
from facilitator.ui.table_model import Column, SnapshotTableModel
from facilitator.ui.widgets import heading, value_label

NOTE = (
    "These figures describe how far two coders agree, minute by minute; they are not a "
    "verdict on either coder or on the session."
)
ALL_SCHEMES = "All schemes"
NOT_DEFINED = "not defined"


def agenda_spans(
    agenda: Sequence[AgendaItem], live_started_at: datetime | None
) -> list[AgendaSpan]:
    """Return (item id, title, start, end) in seconds from the session's start, for each item
    that ran; the start is the live clock's, else the earliest item's actual start."""
    ran = [item for item in agenda if item.actual_start and item.actual_end]
    if not ran:
        return []
    origin = live_started_at or min(item.actual_start for item in ran if item.actual_start)
    return [
        (
            item.id,
            item.title,
            (item.actual_start - origin).total_seconds(),
            (item.actual_end - origin).total_seconds(),
        )
        for item in ran
        if item.actual_start and item.actual_end
    ]


def _percent(item: ItemAgreement) -> str:
    return "–" if item.percent_agreement is None else f"{item.percent_agreement:.0f}%"


def _kappa(item: ItemAgreement) -> str:
    if item.kappa is not None:
        return f"{item.kappa:.2f}"
    return NOT_DEFINED if item.slices else "–"


AGREEMENT_COLUMNS = (
    Column("Agenda item", lambda i: i.title, tooltip=describe),
    Column("Minutes compared", lambda i: str(i.slices), tooltip=describe, right_aligned=True),
    Column("Agreement", _percent, tooltip=describe, right_aligned=True),
    Column("Cohen's kappa", _kappa, tooltip=describe, right_aligned=True),
)


class AgreementPanel(QWidget):
    """Two author pickers, a scheme picker and a table of agreement per agenda item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SessionDetail | None = None
        self.first = QComboBox()
        self.first.setObjectName("agreementFirst")
        self.second = QComboBox()
        self.second.setObjectName("agreementSecond")
        self.scheme = QComboBox()
        self.scheme.setObjectName("agreementScheme")
        self.scheme.setToolTip("Compare only the codes of this scheme")
        for combo in (self.first, self.second, self.scheme):
            combo.currentIndexChanged.connect(lambda _index: self.recalculate())
        self.problem = value_label()
        self.problem.setObjectName("agreementProblem")
        self.rows = SnapshotTableModel(AGREEMENT_COLUMNS, self)
        self.view = QTableView()
        self.view.setObjectName("agreementTable")
        self.view.setModel(self.rows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Compare"))
        pickers.addWidget(self.first)
        pickers.addWidget(QLabel("with"))
        pickers.addWidget(self.second)
        pickers.addSpacing(16)
        pickers.addWidget(QLabel("Scheme:"))
        pickers.addWidget(self.scheme)
        pickers.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(heading("Agreement between co-facilitators", level=2))
        layout.addWidget(value_label(NOTE, italic=True))
        layout.addLayout(pickers)
        layout.addWidget(self.problem)
        layout.addWidget(self.view)
        self.setVisible(False)

    def show_session(self, session: SessionDetail) -> None:
        """Offer this session's authors and schemes; hide unless two or more authors captured."""
        self.session = session
        authors = authors_of(session.observations)
        used = {c.scheme_slug: c.scheme_name for o in session.observations for c in o.codes}
        widgets = (self.first, self.second, self.scheme)
        keep = [combo.currentData() for combo in widgets]
        for combo in widgets:
            combo.blockSignals(True)
        try:
            for combo in (self.first, self.second):
                combo.clear()
                for author in authors:
                    combo.addItem(author, author)
            self.scheme.clear()
            self.scheme.addItem(ALL_SCHEMES, None)
            for slug in sorted(used, key=lambda slug: used[slug]):
                self.scheme.addItem(used[slug], slug)
            for combo, kept, default in zip(widgets, keep, (0, 1, 0), strict=True):
                found = combo.findData(kept) if kept is not None else -1
                combo.setCurrentIndex(found if found >= 0 else min(default, combo.count() - 1))
        finally:
            for combo in widgets:
                combo.blockSignals(False)
        self.setVisible(len(authors) >= 2)
        self.recalculate()

    def recalculate(self) -> None:
        """Work the agreement out again for the chosen authors and scheme."""
        session = self.session
        first, second = self.first.currentData(), self.second.currentData()
        if session is None or first is None or second is None:
            self.rows.set_rows([])
            return
        try:
            found = agreement(
                session.observations,
                authors=(first, second),
                agenda=agenda_spans(session.agenda, session.live_started_at),
                scheme_slug=self.scheme.currentData(),
            )
        except ValueError as error:
            self.problem.setText(str(error))
            self.problem.setVisible(True)
            self.rows.set_rows([])
        else:
            self.problem.setVisible(False)
            self.rows.set_rows(found)
        height = self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth()
        height += self.rows.rowCount() * self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(height)

    def row_texts(self) -> list[list[str]]:
        """Return the table's cells as shown (for tests)."""
        return [
            [self.rows.index(row, column).data() for column in range(self.rows.columnCount())]
            for row in range(self.rows.rowCount())
        ]
