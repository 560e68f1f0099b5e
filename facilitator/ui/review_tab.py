"""Reviewing a session afterwards: the whole timeline with filters, each capture in full beside
it, and the few keys that put a capture right or mark it for the write-up.

Every change is an undoable command pushed through the UndoHub, so Edit › Undo takes it back.
The tab reads back the captures a command touched straight away, and when the page is shown
afresh (after an undo, say) it changes only the rows that differ: the selection and the place
in a long list stay put.

Keys in the timeline: Enter edits, Delete deletes (after asking), K marks a key moment, Q a
quote, 1–5 tag the five factors; Ctrl+F goes to the search field.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.errors import NotFoundError
from facilitator.domain.review_filter import ReviewFilter, filter_choices
from facilitator.domain.snapshots import Code, Conflict, Observation, SessionDetail
from facilitator.domain.timezones import zone
from facilitator.ui import dialogs
from facilitator.ui.formatting import plural
from facilitator.ui.page import Page
from facilitator.ui.review_detail import CaptureDetail
from facilitator.ui.review_filters import FilterBar, ReviewProxy
from facilitator.ui.review_model import ReviewModel, size_columns, timeline_view
from facilitator.ui.timeline_model import TIME

if TYPE_CHECKING:
    from facilitator.domain.snapshots import CodingScheme
    from facilitator.ui.undo import UndoHub

EMPTY_SESSION = "No captures in this session yet. Captures made live appear here to review."
NOTHING_MATCHES = "No capture matches these filters."
KEYS_HINT = "Enter edit · Delete · K key moment · Q quote · 1–5 factors · Ctrl+F search"
EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
FACTOR_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5)
# A sync changing more rows than this reloads the model instead: one reset beats many moves.
RELOAD_FROM = 300


class ReviewTab(Page):
    """A session's captures to review: filter, read in full, edit, delete and mark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub: UndoHub | None = None
        self.session: SessionDetail | None = None
        self.factors: tuple[Code, ...] = ()
        self._room: tzinfo = zone("Europe/London")

        self.filters = FilterBar()
        self.model = ReviewModel(self._room, self, oldest_first=True)
        self.proxy = ReviewProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = timeline_view(self.proxy)
        self.placeholder = QLabel(EMPTY_SESSION)
        self.placeholder.setObjectName("reviewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setEnabled(False)  # drawn in the platform's muted text colour
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.placeholder)

        self.detail = CaptureDetail()
        # After a button, the keyboard goes back to the timeline, ready for the next key.
        for signal, action in (
            (self.detail.edit_requested, self.edit_selected),
            (self.detail.delete_requested, self.delete_selected),
            (self.detail.key_moment_requested, self.toggle_key_moment),
            (self.detail.quote_requested, self.toggle_quote),
        ):
            signal.connect(lambda act=action: (act(), self.view.setFocus()))
        self.detail.factor_requested.connect(
            lambda position: (self.toggle_factor(position), self.view.setFocus())
        )

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 320])
        self.count = QLabel()
        self.count.setObjectName("reviewCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        keys = QLabel(KEYS_HINT)
        keys.setTextFormat(Qt.TextFormat.PlainText)
        keys.setEnabled(False)  # muted: a reminder, not a control
        keys.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # A reminder may be cut short on a narrow window; it must not make the page wider.
        keys.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        keys.setToolTip(KEYS_HINT)
        footer = QHBoxLayout()
        footer.setContentsMargins(2, 0, 2, 0)
        footer.addWidget(self.count)
        footer.addWidget(keys, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addWidget(self.filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(footer)

        self.filters.filter_changed.connect(self._filter_did_change)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._rows_did_change)
        self.view.selectionModel().selectionChanged.connect(self._selection_did_change)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        QShortcut(
            QKeySequence.StandardKey.Find,
            self,
            activated=self.focus_search,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self._rows_did_change()

    def apply_icons(self) -> None:
        self.detail.apply_icons()

    # Showing --------------------------------------------------------------------------------

    def show_session(self, session: SessionDetail) -> None:
        """Show this session's captures; the same session again changes only what differs."""
        from facilitator.services.schemes import list_schemes
        from facilitator.services.writeup import factor_codes

        shown = self.session
        same = shown is not None and (shown.id, shown.timezone) == (session.id, session.timezone)
        self.session = session
        self.factors = factor_codes(self.db) if self.db is not None else ()
        schemes = list_schemes(self.db) if self.db is not None else []
        self.proxy.set_cohort(session.cohort)
        self.filters.set_choices(
            filter_choices(
                session.observations,
                agenda=session.agenda,
                cohort=session.cohort,
                organisations=session.organisations,
                scheme_order=[scheme.slug for scheme in schemes],
                code_order=[code.id for scheme in schemes for code in scheme.codes],
            )
        )
        if same:
            self._sync(session.observations)
        else:
            self._room = zone(session.timezone)
            old, self.model = self.model, ReviewModel(self._room, self, oldest_first=True)
            self.model.load(session.observations)
            self.proxy.setSourceModel(self.model)
            old.deleteLater()
            self.filters.clear_filters()
            size_columns(self.view)
            self.view.scrollToTop()
        self._show_current()

    def _sync(self, observations: Sequence[Observation]) -> None:
        """Change only the rows that differ from `observations`."""
        wanted = {observation.uuid: observation for observation in observations}
        shown = self.model.observations
        gone = [observation.uuid for observation in shown if observation.uuid not in wanted]
        known = {observation.uuid: observation for observation in shown}
        differing = [o for o in observations if known.get(o.uuid) != o]
        if len(gone) + len(differing) >= RELOAD_FROM:
            current = self.selected()
            self.model.load(observations)
            if current is not None:
                self.select(current.uuid)
            return
        for uuid in gone:
            self.model.remove(uuid)
        for observation in differing:
            self.model.add(observation)  # replaces it when shown

    def _reread(self, uuids: Iterable[str]) -> None:
        """Read these captures again at once, so a second key press sees the first one's work."""
        from facilitator.services.capture_commands import captures_by_uuid

        if self.session is None:
            return
        wanted = set(uuids)
        found = captures_by_uuid(self.db, self.session.id, wanted)
        for uuid in wanted:
            if uuid in found:
                self.model.add(found[uuid])
            else:
                self.model.remove(uuid)
        self._show_current()

    def _rows_did_change(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count.setText(
            plural(total, "capture")
            if shown == total
            else f"Showing {shown} of {plural(total, 'capture')}"
        )
        if shown:
            self.pages.setCurrentWidget(self.view)
        else:
            self.placeholder.setText(
                NOTHING_MATCHES + f" Clear the filters to see all {plural(total, 'capture')}."
                if total
                else EMPTY_SESSION
            )
            self.pages.setCurrentWidget(self.placeholder)

    def _filter_did_change(self, wanted: ReviewFilter) -> None:
        if wanted == self.proxy.wanted:
            return  # the choices were listed afresh, with the same ones chosen
        current = self.detail.observation
        self.proxy.set_filter(wanted)
        if current is not None and self.proxy.row_of(current.uuid) is not None:
            self.select(current.uuid)  # still shown: keep it in sight
        self._show_current()

    def _selection_did_change(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._show_current()

    def _show_current(self) -> None:
        observation = self.selected()
        self.detail.show_capture(
            observation,
            room=self._room,
            factors=self.factors,
            conflict=self._conflict_of(observation),
        )

    def _conflict_of(self, observation: Observation | None) -> Conflict | None:
        from facilitator.services.conflicts import conflict

        if observation is None or observation.conflict_id is None or self.db is None:
            return None
        try:
            return conflict(self.db, observation.conflict_id)
        except NotFoundError:
            return None

    # Selecting ------------------------------------------------------------------------------

    def selected(self) -> Observation | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.observation(rows[0].row()) if rows else None

    def select(self, uuid: str) -> bool:
        """Select and show a capture; False when it is filtered out or gone."""
        row = self.proxy.row_of(uuid)
        if row is None:
            return False
        index = self.proxy.index(row, TIME)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def select_capture(self, observation_id: int) -> bool:
        """Select and show a capture by its id, clearing filters that hide it."""
        observations = self.session.observations if self.session is not None else ()
        uuid = next((o.uuid for o in observations if o.id == observation_id), None)
        if uuid is None:
            return False
        if self.proxy.row_of(uuid) is None:
            self.filters.clear_filters()
        if not self.select(uuid):
            return False
        # The tab may only now be coming on screen: scroll once its rows are laid out.
        QTimer.singleShot(0, self._centre_current)
        return True

    def _centre_current(self) -> None:
        self.view.scrollTo(self.view.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.horizontalScrollBar().setValue(0)  # the capture's number in sight

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    # Changing captures ----------------------------------------------------------------------

    def _push(self, command: Any) -> bool:
        """Do `command` undoably and show its work; a refusal (shown by the hub) leaves the
        pane as it was, even a box ticked on the way."""
        if self.hub is None or not self.hub.push(command):
            self._show_current()
            return False
        self._reread(command.touched)
        return True

    def edit_selected(self) -> bool:
        """Edit the selected capture in a dialog; True once the change is saved."""
        from facilitator.services.capture_commands import CaptureFields, EditCapture
        from facilitator.ui.capture_dialog import CaptureDialog

        observation, session = self.selected(), self.session
        if observation is None or session is None:
            return False
        when = f"{observation.occurred_at.astimezone(self._room):%H:%M:%S}"
        after = CaptureDialog.ask(
            self,
            observation=observation,
            schemes=self._schemes_for_editing(),
            cohort=session.cohort,
            organisations=session.organisations,
            when=" · ".join(
                text for text in (_number(observation), when, observation.agenda_item_title) if text
            ),
        )
        before = CaptureFields.of(observation)
        if after is None or after == before:
            return False
        return self._push(EditCapture(session.id, observation.uuid, before, after))

    def _schemes_for_editing(self) -> list["CodingScheme"]:
        """The session's own schemes, then any other scheme its captures use."""
        from facilitator.services.live import session_schemes
        from facilitator.services.schemes import list_schemes

        session = self.session
        if session is None:
            return []
        every = list_schemes(self.db)
        used = {code.scheme_slug for o in session.observations for code in o.codes}
        slugs = [scheme.slug for scheme in session_schemes(self.db, session.id)]
        slugs += [s.slug for s in every if s.slug in used and s.slug not in slugs]
        by_slug = {scheme.slug: scheme for scheme in every}
        return [by_slug[slug] for slug in slugs if slug in by_slug] or every

    def delete_selected(self) -> bool:
        """Delete the selected capture once the user confirms; Edit › Undo puts it back."""
        from facilitator.services.capture_commands import DeleteCapture

        observation, session = self.selected(), self.session
        if observation is None or session is None:
            return False
        if not dialogs.ConfirmDialog.ask(
            self,
            title="Delete capture",
            text=f"Delete capture {_number(observation) or 'this capture'}"
            f"{_quoted(observation)}? Edit › Undo puts it back.",
            action="Delete capture",
        ):
            return False
        row = self.proxy.row_of(observation.uuid)
        if not self._push(DeleteCapture(session.id, observation.uuid)):
            return False
        if self.proxy.rowCount():
            self.view.selectRow(min(row or 0, self.proxy.rowCount() - 1))
        return True

    def toggle_key_moment(self) -> bool:
        from facilitator.services.writeup import FlagCapture

        return self._flag(lambda o: FlagCapture(o.session_id, o.uuid, key_moment=not o.key_moment))

    def toggle_quote(self) -> bool:
        from facilitator.services.writeup import FlagCapture

        return self._flag(lambda o: FlagCapture(o.session_id, o.uuid, quote=not o.quote))

    def _flag(self, command: Callable[[Observation], Any]) -> bool:
        observation = self.selected()
        return observation is not None and self._push(command(observation))

    def toggle_factor(self, position: int) -> bool:
        """Tag the selected capture with the factor at `position` (0–4), or untag it."""
        from facilitator.services.writeup import tag_factors

        observation = self.selected()
        if observation is None or not 0 <= position < len(self.factors):
            return False
        chosen = {code.code_id for code in observation.codes}
        chosen ^= {self.factors[position].id}
        return self._push(tag_factors(observation, factors=self.factors, chosen=chosen))

    # Keys -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            size_columns(self.view)
        elif watched is self.view and isinstance(event, QKeyEvent):
            action = self._action_for(event)
            if action is not None:
                # Claim the key before a window-wide shortcut can take it.
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    action()
                    return True
        return super().eventFilter(watched, event)

    def _action_for(self, event: QKeyEvent) -> Callable[[], object] | None:
        if event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return None
        if self.selected() is None:
            return None
        key = event.key()
        if key in EDIT_KEYS:
            return self.edit_selected
        if key in DELETE_KEYS:
            return self.delete_selected
        if key == Qt.Key.Key_K:
            return self.toggle_key_moment
        if key == Qt.Key.Key_Q:
            return self.toggle_quote
        if key in FACTOR_KEYS and FACTOR_KEYS.index(key) < len(self.factors):
            return lambda: self.toggle_factor(FACTOR_KEYS.index(key))
        return None


def _number(observation: Observation) -> str:
    return f"#{observation.number}" if observation.number is not None else ""


def _quoted(observation: Observation) -> str:
    first = observation.note.strip().splitlines()[0] if observation.note.strip() else ""
    if not first:
        return ""
    return f" (“{first[:60]}…”)" if len(first) > 60 else f" (“{first}”)"
