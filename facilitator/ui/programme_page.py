"""The programme page: its details and banners, its own commands, and its five tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.fields import ProgrammeFields, SessionFields
from facilitator.domain.snapshots import ProgrammeDetail
from facilitator.services import programmes
from facilitator.ui import dialogs
from facilitator.ui.cohort_tabs import CohortTab, OrganisationsTab
from facilitator.ui.dashboard_tab import DashboardTab
from facilitator.ui.editable_table import ActionSpec, add_actions, command_toolbar, set_icons
from facilitator.ui.evaluation_tab import EvaluationTab
from facilitator.ui.formatting import date_range, plural
from facilitator.ui.modules_tab import ModulesTab
from facilitator.ui.navigation import NodeKind
from facilitator.ui.page import Page
from facilitator.ui.programme_dialogs import ProgrammeDialog, amber_banner
from facilitator.ui.session_dialog import SessionDialog
from facilitator.ui.style import BANNER_STYLE
from facilitator.ui.widgets import form, heading, value_label

COHORT_TAB, ORGANISATIONS_TAB, MODULES_TAB, DASHBOARD_TAB, EVALUATION_TAB = range(5)
PAGE_ACTIONS = (
    ActionSpec(
        "Edit details…",
        "Change the title, dates, facilitators, cap, notes or principles",
        "edit_details",
        "edit",
    ),
    ActionSpec("New session…", "Plan a session of this programme", "new_session", "new-session"),
    ActionSpec(
        "Programme report…",
        "Save the programme report as a PDF, pseudonymised unless you choose otherwise",
        "export_report",
        "session-report",
    ),
    ActionSpec(
        "Export bundle…",
        "Save the whole programme as one file to import on another laptop",
        "export_bundle",
        "export-bundle",
    ),
    ActionSpec(
        "Delete programme…",
        "Delete this programme with everything in it",
        "delete_programme",
        "delete",
    ),
)


class ProgrammePage(Page):
    """Shows one programme and edits its details; its tabs edit the cohort and modules."""

    remove_sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.programme: ProgrammeDetail | None = None
        self.title = heading()
        self.client_system = value_label()
        self.dates = value_label()
        self.facilitators = value_label()
        self.cohort_cap = value_label()
        self.counts = value_label()
        self.notes = value_label()
        self.principles = value_label()

        self.sample_banner = QFrame()
        self.sample_banner.setObjectName("sampleBanner")
        self.sample_banner.setStyleSheet(BANNER_STYLE)
        banner_layout = QHBoxLayout(self.sample_banner)
        banner_text = QLabel(
            "This is a fictional sample programme, here to show what the app does. "
            "Remove it when you are ready to start your own."
        )
        banner_text.setWordWrap(True)
        self.remove_sample_button = QPushButton("Remove sample programme…")
        self.remove_sample_button.clicked.connect(self.remove_sample_requested)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.remove_sample_button)
        self.cap_banner, self.cap_text = amber_banner("capBanner")

        page_bar = command_toolbar("Programme")
        self._page_actions = add_actions(self, page_bar, PAGE_ACTIONS)
        (
            self.edit_action,
            self.new_session_action,
            self.report_action,
            self.export_bundle_action,
            self.delete_action,
        ) = self._page_actions

        # Each tab edits its part of the programme and announces what changed through the page.
        self.cohort_tab = CohortTab()
        self.organisations_tab = OrganisationsTab()
        self.modules_tab = ModulesTab()
        self.dashboard_tab = DashboardTab()
        self.evaluation_tab = EvaluationTab()
        self.tabs = QTabWidget()
        for tab, name in (
            (self.cohort_tab, "Cohort"),
            (self.organisations_tab, "Organisations"),
            (self.modules_tab, "Modules"),
            (self.dashboard_tab, "Dashboard"),
            (self.evaluation_tab, "Evaluation"),
        ):
            tab.changes_made.connect(self.changes_made)
            self.tabs.addTab(tab, name)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.sample_banner)
        layout.addWidget(self.cap_banner)
        layout.addLayout(
            form(
                self,
                [
                    ("Client system", self.client_system),
                    ("Dates", self.dates),
                    ("Facilitators", self.facilitators),
                    ("Cohort cap", self.cohort_cap),
                    ("In this programme", self.counts),
                    ("Notes", self.notes),
                    ("Principles", self.principles),
                ],
            )
        )
        layout.addWidget(page_bar)
        layout.addWidget(self.tabs, 1)
        self._update_enabled()

    def _tab_pages(
        self,
    ) -> tuple[CohortTab, OrganisationsTab, ModulesTab, DashboardTab, EvaluationTab]:
        return (
            self.cohort_tab,
            self.organisations_tab,
            self.modules_tab,
            self.dashboard_tab,
            self.evaluation_tab,
        )

    def attach_store(self, db: Any) -> None:
        super().attach_store(db)
        for tab in self._tab_pages():
            tab.attach_store(db)

    def apply_icons(self) -> None:
        set_icons(self._page_actions, PAGE_ACTIONS)
        for tab in self._tab_pages():
            tab.apply_icons()

    def show_programme(self, programme: ProgrammeDetail) -> None:
        """Fill the page from a snapshot, keeping each table's selected row."""
        same = self.programme is not None and self.programme.id == programme.id
        self.programme = programme
        self.title.setText(programme.title)
        self.client_system.setText(programme.client_system or "–")
        self.dates.setText(date_range(programme.start_date, programme.end_date))
        self.facilitators.setText(programme.facilitators or "–")
        self.cohort_cap.setText(plural(programme.cohort_cap, "participant"))
        self.counts.setText(
            f"{plural(len(programme.modules), 'module')}, "
            f"{plural(programme.session_count, 'session')}, "
            f"{plural(len(programme.participants), 'participant')} from "
            f"{plural(len(programme.organisations), 'organisation')}"
        )
        self.notes.setText(programme.notes or "–")
        self.principles.setText("\n".join(programme.working_principles) or "–")
        self.sample_banner.setVisible(programme.is_sample)
        self.cap_text.setText(
            f"{plural(len(programme.participants), 'participant')}: {programme.over_cap} more "
            f"than the cohort cap of {programme.cohort_cap}. This is allowed; the cap is a guide."
        )
        self.cap_banner.setVisible(programme.over_cap > 0)
        for tab in self._tab_pages():
            tab.show_programme(programme, keep_selection=same)
        self.tabs.setTabText(COHORT_TAB, f"Cohort ({len(programme.participants)})")
        self.tabs.setTabText(ORGANISATIONS_TAB, f"Organisations ({len(programme.organisations)})")
        self.tabs.setTabText(MODULES_TAB, f"Modules ({len(programme.modules)})")
        self._update_enabled()

    def _update_enabled(self) -> None:
        for action in self._page_actions:
            action.setEnabled(self.programme is not None)

    def edit_details(self) -> None:
        programme = self.programme
        if programme is None:
            return

        def save(fields: ProgrammeFields, _template_key: str | None) -> None:
            self.announce(programmes.update_programme(self.db, programme.id, fields))

        ProgrammeDialog.ask(
            self,
            title="Programme details",
            initial=programmes.programme_fields(programme),
            templates=None,
            save=save,
        )

    def export_report(self) -> None:
        from facilitator.ui.programme_report_dialog import export_programme_report

        if self.programme is not None:
            export_programme_report(
                self, db=self.db, programme_id=self.programme.id, title=self.programme.title
            )

    def export_bundle(self) -> None:
        from facilitator.ui.exchange_dialogs import export_programme_bundle

        if self.programme is not None:
            export_programme_bundle(
                self, db=self.db, programme_id=self.programme.id, title=self.programme.title
            )

    def delete_programme(self) -> None:
        programme = self.programme
        if programme is None:
            return
        held = ", ".join(
            (
                plural(len(programme.modules), "module"),
                plural(programme.session_count, "session"),
                plural(len(programme.participants), "participant"),
            )
        )
        if dialogs.ConfirmDialog.ask(
            self,
            title="Delete programme",
            text=f"Delete “{programme.title}” with its {held} and every observation made in "
            "its sessions? This cannot be undone.",
            action="Delete programme",
        ):
            self.run(
                lambda: programmes.delete_programme(self.db, programme.id),
                failure="The programme was not deleted",
            )

    def new_session(self) -> None:
        from facilitator.services.sessions import create_session

        programme = self.programme
        if programme is None:
            return
        created: list[int] = []
        SessionDialog.ask(
            self,
            title="New session",
            initial=SessionFields(title=""),
            modules=[(module.id, module.title) for module in programme.modules],
            save=lambda fields: created.append(create_session(self.db, programme.id, fields)),
        )
        if created:
            self.select_requested.emit((NodeKind.SESSION, created[0]))
