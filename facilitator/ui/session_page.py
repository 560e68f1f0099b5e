"""The session page: its details, the agenda editor, the review of its captures, who attends,
and a simple analysis of the day."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.enums import SessionStatus
from facilitator.domain.errors import FacilitatorError
from facilitator.domain.search_query import HitKind, SearchHit
from facilitator.domain.snapshots import SessionDetail
from facilitator.ui import dialogs
from facilitator.ui.agenda_editor import AgendaEditor
from facilitator.ui.analysis_tab import AnalysisTab
from facilitator.ui.attendance import AttendanceModel
from facilitator.ui.export_files import documents_folder, file_name
from facilitator.ui.formatting import clock, long_date, plural
from facilitator.ui.icons import icon
from facilitator.ui.narrative_tab import NarrativeTab
from facilitator.ui.navigation import NodeKind
from facilitator.ui.page import Page
from facilitator.ui.review_tab import ReviewTab
from facilitator.ui.session_dialog import SessionDialog
from facilitator.ui.undo import UndoHub
from facilitator.ui.widgets import TablePane, form, heading, value_label

AGENDA_TAB, REVIEW_TAB, ATTENDEES_TAB, ANALYSIS_TAB, NARRATIVE_TAB = range(5)


class SessionPage(Page):
    """Shows one session and plans its agenda."""

    live_requested = Signal(int)  # the id of the session to run live

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SessionDetail | None = None
        self.title = heading()
        self.when = value_label()
        self.venue = value_label()
        self.kind = value_label()
        self.status = value_label()
        self.programme = value_label()

        self.edit_action = self._action(
            "Edit details…", "Change the title, date, times, venue or kind", self.edit_details
        )
        self.schemes_action = self._action(
            "Coding schemes…",
            "Choose the coding schemes live capture offers in this session, and their order",
            self.choose_schemes,
        )
        self.duplicate_action = self._action(
            "Duplicate session", "Copy this session with its agenda and attendees", self.duplicate
        )
        self.live_action = self._action(
            "Go live",
            "Run this session live: the agenda clock and one-key captures",
            self.go_live,
        )
        self.delete_action = self._action(
            "Delete session…", "Delete this session with its agenda and observations", self.delete
        )
        self.run_sheet_action = self._action(
            "Facilitator run sheet…",
            "Save the run sheet as a PDF, with notes and materials",
            lambda: self.export_run_sheet(participant=False),
        )
        self.participant_sheet_action = self._action(
            "Participant programme…",
            "Save the day's programme for participants as a PDF",
            lambda: self.export_run_sheet(participant=True),
        )
        self.report_action = self._action(
            "Session report…",
            "Save the session report as a PDF, with names as you choose",
            self.export_report,
        )
        self.csv_action = self._action(
            "Captures as CSV…",
            "Save every capture of the session as a spreadsheet file",
            self.export_csv,
        )
        self.bundle_action = self._action(
            "Export bundle…",
            "Save the session as one file, to merge with a co-facilitator's or write up elsewhere",
            self.export_bundle,
        )
        buttons = QToolBar("Session")
        buttons.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        buttons.setIconSize(QSize(18, 18))
        buttons.addAction(self.live_action)
        buttons.addSeparator()
        for action in (
            self.edit_action,
            self.schemes_action,
            self.duplicate_action,
            self.delete_action,
        ):
            buttons.addAction(action)
        buttons.addSeparator()
        buttons.addAction(self.report_action)
        # The other files a session makes share one button, so the bar fits a laptop screen.
        self.export_menu = QMenu("Export", self)
        for action in (self.run_sheet_action, self.participant_sheet_action):
            self.export_menu.addAction(action)
        self.export_menu.addSeparator()
        for action in (self.csv_action, self.bundle_action):
            self.export_menu.addAction(action)
        self.export_button = QToolButton()
        self.export_button.setText("Run sheets and exports")
        self.export_button.setToolTip("Run sheets, the captures as CSV, and bundles")
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        buttons.addWidget(self.export_button)

        self.agenda_editor = AgendaEditor()
        self.agenda_editor.copy_requested.connect(self.copy_agenda)

        self.review = ReviewTab()
        self.review.changes_made.connect(self.changes_made)
        self.analysis = AnalysisTab()
        self.narrative = NarrativeTab()

        self.attendance = AttendanceModel(self)
        self.attendance.attendance_changed.connect(self._save_attendance)
        self.attendance_view = QListView()
        self.attendance_view.setModel(self.attendance)
        self.attendance_view.setSpacing(3)  # room between tick boxes for a quick, sure click
        self.attendance_view.setUniformItemSizes(True)
        self.attendance_count = QLabel()
        tick_all = QPushButton("Tick everyone")
        tick_all.clicked.connect(lambda: self.attendance.set_all(True))
        untick_all = QPushButton("Untick everyone")
        untick_all.clicked.connect(lambda: self.attendance.set_all(False))
        attendance_bar = QHBoxLayout()
        attendance_bar.addWidget(self.attendance_count, 1)
        attendance_bar.addWidget(tick_all)
        attendance_bar.addWidget(untick_all)
        attendance_tab = QWidget()
        attendance_layout = QVBoxLayout(attendance_tab)
        attendance_layout.addLayout(attendance_bar)
        attendance_layout.addWidget(
            TablePane(
                self.attendance_view,
                empty_text="The programme's cohort is empty: add "
                "participants on the programme page, then tick who attends.",
            ),
            1,
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda_editor, "Agenda")
        self.tabs.addTab(self.review, "Review")
        self.tabs.addTab(attendance_tab, "Attendees")
        self.tabs.addTab(self.analysis, "Analysis")
        self.tabs.addTab(self.narrative, "Narrative")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        # Two columns of details, so a laptop screen keeps room for the tabs below.
        details = QHBoxLayout()
        details.addLayout(
            form(self, [("Part of", self.programme), ("When", self.when), ("Venue", self.venue)]),
            3,
        )
        details.addLayout(form(self, [("Kind", self.kind), ("Status", self.status)]), 1)
        layout.addLayout(details)
        layout.addWidget(buttons)
        layout.addWidget(self.tabs, 1)

    def _action(self, text: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def attach_store(self, db: Any) -> None:
        super().attach_store(db)
        self.review.attach_store(db)
        self.analysis.attach_store(db)
        self.narrative.attach_store(db)

    def attach_undo(self, hub: UndoHub) -> None:
        self.agenda_editor.hub = hub
        self.review.hub = hub

    def apply_icons(self) -> None:
        self.agenda_editor.apply_icons()
        self.review.apply_icons()
        self.narrative.apply_icons()
        self.tabs.setTabIcon(REVIEW_TAB, icon("review"))
        self.tabs.setTabIcon(ANALYSIS_TAB, icon("analysis"))
        self.tabs.setTabIcon(NARRATIVE_TAB, icon("narrative"))
        for action, name in (
            (self.live_action, "session-live"),
            (self.edit_action, "edit"),
            (self.schemes_action, "schemes"),
            (self.duplicate_action, "duplicate"),
            (self.delete_action, "delete"),
            (self.run_sheet_action, "run-sheet"),
            (self.participant_sheet_action, "run-sheet"),
            (self.report_action, "session-report"),
            (self.csv_action, "export-csv"),
            (self.bundle_action, "export-bundle"),
        ):
            action.setIcon(icon(name))
        self.export_button.setIcon(icon("export"))

    # Showing -------------------------------------------------------------------------------

    def show_session(self, session: SessionDetail) -> None:
        """Fill the page from a snapshot."""
        self.session = session
        self.title.setText(session.title)
        self.programme.setText(
            " · ".join(filter(None, (session.module_title, session.programme_title)))
        )
        self.when.setText(_when(session))
        self.venue.setText(session.venue or "–")
        self.kind.setText(session.kind.label)
        self.status.setText(session.status.label)
        finished = session.status is SessionStatus.FINISHED
        self.live_action.setEnabled(not finished)
        # Live capture reads the schemes as it goes live: they are chosen before.
        self.schemes_action.setEnabled(session.status is SessionStatus.PLANNED)
        self.live_action.setText(
            "Return to live" if session.status is SessionStatus.LIVE else "Go live"
        )

        self.agenda_editor.show_agenda(session)
        self.review.show_session(session)
        self.analysis.show_session(session)
        self.narrative.show_session(session)
        cohort = session.cohort
        self.attendance.set_cohort(cohort, {person.id for person in session.attendees})
        self._count_attendance(len(session.attendees), len(cohort))
        self.tabs.setTabText(AGENDA_TAB, f"Agenda ({len(session.agenda)})")
        self.tabs.setTabText(REVIEW_TAB, f"Review ({len(session.observations)})")
        self.tabs.setTabText(ATTENDEES_TAB, f"Attendees ({len(session.attendees)})")

    def show_hit(self, hit: SearchHit) -> None:
        """Show where a search hit lives: a capture on the Review tab, a narrative section or
        an agenda item on theirs; a conflict or an action is shown by the page itself."""
        if hit.kind is HitKind.CAPTURE:
            self.tabs.setCurrentIndex(REVIEW_TAB)
            self.review.select_capture(hit.record_id)
            self.review.view.setFocus()
        elif hit.kind is HitKind.NARRATIVE and hit.section is not None:
            self.tabs.setCurrentIndex(NARRATIVE_TAB)
            self.narrative.choose_section(hit.section)
        elif hit.kind is HitKind.AGENDA_ITEM and self.session is not None:
            self.tabs.setCurrentIndex(AGENDA_TAB)
            uuid = next((i.uuid for i in self.session.agenda if i.id == hit.record_id), None)
            row = self.agenda_editor.model.row_of(uuid) if uuid is not None else -1
            if row >= 0:
                self.agenda_editor.select_row(row)

    def _count_attendance(self, ticked: int, cohort: int) -> None:
        self.attendance_count.setText(f"{ticked} of {plural(cohort, 'participant')} attending")

    # Commands ------------------------------------------------------------------------------

    def _save_attendance(self, ticked: set[int]) -> None:
        from facilitator.services.sessions import set_attendees

        if self.session is None:
            return
        session_id = self.session.id
        self._count_attendance(len(ticked), self.attendance.rowCount())
        self.run(
            lambda: set_attendees(self.db, session_id, ticked), failure="Attendance was not saved"
        )

    def go_live(self) -> None:
        if self.session is not None:
            self.agenda_editor.commit_pending()  # a field still being typed in counts
            self.live_requested.emit(self.session.id)

    def edit_details(self) -> None:
        from facilitator.services.agenda import EditSession
        from facilitator.services.programmes import programme_detail
        from facilitator.services.sessions import session_fields

        self.agenda_editor.commit_pending()  # a field still being typed in counts
        session, hub = self.session, self.agenda_editor.hub
        if session is None or hub is None:
            return
        before = session_fields(session)
        modules = [(m.id, m.title) for m in programme_detail(self.db, session.programme_id).modules]

        def save(fields: object) -> None:
            command = EditSession(
                session_id=session.id, before=before, after=fields, label="Edit session details"
            )
            if command.after != before:
                hub.push(command)

        SessionDialog.ask(self, title="Session details", initial=before, modules=modules, save=save)

    def choose_schemes(self) -> None:
        """Choose which coding schemes live capture offers, and in which order."""
        from facilitator.services.live import planned_schemes, set_session_schemes
        from facilitator.services.schemes import list_schemes
        from facilitator.ui.scheme_choice_dialog import SchemeChoiceDialog

        if self.session is None or self.session.status is not SessionStatus.PLANNED:
            return
        session_id = self.session.id

        def save(scheme_ids: list[int]) -> None:
            self.changes_made.emit(set_session_schemes(self.db, session_id, scheme_ids))

        SchemeChoiceDialog.ask(
            self,
            schemes=list_schemes(self.db),
            chosen=planned_schemes(self.db, session_id),
            save=save,
        )

    def duplicate(self) -> None:
        from facilitator.services.sessions import duplicate_session

        self.agenda_editor.commit_pending()  # a field still being typed in counts
        if self.session is None:
            return
        session_id = self.session.id
        try:
            new_id = duplicate_session(self.db, session_id)
        except FacilitatorError as error:
            dialogs.show_problem(self, title="The session was not duplicated", text=str(error))
            return
        self.select_requested.emit((NodeKind.SESSION, new_id))

    def delete(self) -> None:
        from facilitator.services.sessions import delete_session

        self.agenda_editor.commit_pending()  # a field still being typed in counts
        session = self.session
        if session is None:
            return
        observed = (
            f" and its {plural(len(session.observations), 'observation')}"
            if session.observations
            else ""
        )
        if not dialogs.ConfirmDialog.ask(
            self,
            title="Delete session",
            text=f"Delete “{session.title}” with its agenda{observed}? This cannot be undone.",
            action="Delete session",
        ):
            return
        if self.run(lambda: delete_session(self.db, session.id), failure="Not deleted"):
            hub = self.agenda_editor.hub
            if hub is not None:
                hub.forget(session.id)
            parent = (
                (NodeKind.MODULE, session.module_id)
                if session.module_id
                else (NodeKind.PROGRAMME, session.programme_id)
            )
            self.select_requested.emit(parent)

    def copy_agenda(self) -> None:
        from facilitator.services.sessions import agenda_of, agenda_sources
        from facilitator.ui.copy_agenda_dialog import CopyAgendaDialog

        self.agenda_editor.commit_pending()  # a field still being typed in counts
        session = self.session
        if session is None:
            return
        sources = agenda_sources(self.db, excluding=session.id)
        choice = CopyAgendaDialog.ask(self, sources=sources, has_agenda=bool(session.agenda))
        if choice is None:
            return
        items = agenda_of(self.db, choice.session_id)
        label = f"“{choice.title}”"
        if choice.replace:
            self.agenda_editor.replace_agenda(items, source=label)
        else:
            self.agenda_editor.insert_items(
                items, index=len(session.agenda), label=f"Copy the agenda of {label}"
            )
        self.tabs.setCurrentIndex(AGENDA_TAB)

    def commit_pending(self) -> None:
        """Save an agenda field or narrative text still being typed."""
        self.agenda_editor.commit_pending()
        self.narrative.save_pending()

    def export_report(self) -> None:
        from facilitator.ui.report_dialog import export_report

        self.commit_pending()  # the words typed a moment ago belong in the report
        if self.session is not None:
            export_report(
                self, db=self.db, session_id=self.session.id, session_title=self.session.title
            )

    def export_csv(self) -> None:
        from facilitator.ui.export_files import export_captures_csv

        if self.session is not None:
            export_captures_csv(
                self, db=self.db, session_id=self.session.id, session_title=self.session.title
            )

    def export_bundle(self) -> None:
        from facilitator.ui.exchange_dialogs import export_session_bundle

        self.commit_pending()
        if self.session is not None:
            export_session_bundle(
                self, db=self.db, session_id=self.session.id, title=self.session.title
            )

    def export_run_sheet(self, *, participant: bool) -> None:
        from facilitator.services.runsheets import write_run_sheet_file

        self.commit_pending()  # a field still being typed in counts
        session = self.session
        if session is None:
            return
        kind = "participant programme" if participant else "run sheet"
        suggested = documents_folder() / file_name(f"{session.title} – {kind}.pdf")
        path = dialogs.choose_pdf_path(self, title=f"Save the {kind}", suggested=suggested)
        if path is None:
            return
        try:
            write_run_sheet_file(self.db, session.id, path, participant=participant)
        except (FacilitatorError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            dialogs.show_problem(
                self, title=f"The {kind} was not saved", text=f"{path}\n\n{reason}"
            )
            return
        dialogs.open_file(path)


def _when(session: SessionDetail) -> str:
    start, end = clock(session.start_time), clock(session.end_time)
    times = f", {start}–{end}" if start and end else f", from {start}" if start else ""
    return f"{long_date(session.date)}{times}"
