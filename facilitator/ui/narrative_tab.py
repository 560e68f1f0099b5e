"""The narrative tab: write a session's narrative section by section, with a live preview.

Sections are listed on the left (the five factor themes grouped together), with a word count
for each one written. The editor is plain text with light markup (**bold**, *italic*, "- "
bullets, [#12] citations); its toolbar types the markup, and the preview beside it shows the
section as the report prints it, each citation read as its capture's time and agenda item.

Writing is saved on its own: after a short pause in typing, on moving to another section,
and when the session or the tab leaves the screen. A save the store refuses (too long, a
control character pasted in) keeps the text in the editor and says why beside it. Each
section keeps its own undo history while the session is shown.

Keys: Ctrl+B bold, Ctrl+I italic, Ctrl+Shift+L bullet list, Ctrl+Shift+C cite a capture.
"""

from datetime import UTC, datetime

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QKeySequence,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.errors import FacilitatorError
from facilitator.domain.narrative_sections import SECTIONS, Section
from facilitator.domain.snapshots import SessionDetail
from facilitator.ui import dialogs
from facilitator.ui.cite_picker import CaptureChoice, CitePicker, capture_choices
from facilitator.ui.forms import ERROR_STYLE
from facilitator.ui.icons import icon
from facilitator.ui.markup_editing import BOLD, ITALIC, insert_citation, toggle_bullets, toggle_wrap
from facilitator.ui.narrative_list import SectionList
from facilitator.ui.narrative_preview import citation_labels, preview_html, word_count
from facilitator.ui.page import Page
from facilitator.ui.widgets import heading

AUTOSAVE_MS = 800  # a pause in typing this long saves the section
PREVIEW_DELAY_MS = 150
LONG_TEXT = 5_000  # characters; above this the preview waits for a pause (a redraw takes ms)
MARKUP_HINT = "**bold**   *italic*   - bullet   [#12] cites capture 12"
BULLETS_KEYS, CITE_KEYS = "Ctrl+Shift+L", "Ctrl+Shift+C"
SAVED, WAITING = "Saved", "Saving when you pause…"
SAVES_AS_YOU_TYPE = "Saves as you type"
_SECTIONS = {section.key: section for section in SECTIONS}


class NarrativeTab(Page):
    """Write one session's narrative; it saves itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: SessionDetail | None = None
        self.section: Section = SECTIONS[0]
        self.documents: dict[str, QTextDocument] = {}
        self._saved: dict[str, str] = {}  # what the store holds, as the editor last sent it
        self._problems: dict[str, str] = {}  # section key -> why its last save was refused
        # Refused text of sessions no longer shown, by session id: (text, reason) by section.
        self._kept: dict[int, dict[str, tuple[str, str]]] = {}
        self._labels: dict[int, str] = {}
        self._choices: list[CaptureChoice] = []

        self.sections = SectionList()
        self.sections.section_chosen.connect(self.choose_section)

        self.title = heading(level=2)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("narrativeEditor")
        self.editor.setTabChangesFocus(True)  # Tab leaves the editor; a narrative needs none
        self.editor.setEnabled(False)
        self.editor.textChanged.connect(self._text_did_change)
        self.problem = QLabel()
        self.problem.setObjectName("narrativeProblem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.status = QLabel()
        self.status.setEnabled(False)  # muted
        hint = QLabel(MARKUP_HINT)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setEnabled(False)
        hint.setWordWrap(True)  # a narrow window wraps the reminder rather than growing

        self.bold_action = self._action(
            "Bold", "Make the selection bold: **text** (Ctrl+B)", QKeySequence.StandardKey.Bold
        )
        self.bold_action.triggered.connect(lambda: self._wrap(BOLD))
        self.italic_action = self._action(
            "Italic", "Make the selection italic: *text* (Ctrl+I)", QKeySequence.StandardKey.Italic
        )
        self.italic_action.triggered.connect(lambda: self._wrap(ITALIC))
        self.bullets_action = self._action(
            "Bullet list",
            "Start each selected line with “- ”, or take the bullets away (Ctrl+Shift+L)",
            QKeySequence(BULLETS_KEYS),
        )
        self.bullets_action.triggered.connect(self.toggle_bullets)
        self.cite_action = self._action(
            "Cite capture…",
            "Cite one of the session's captures as [#n] (Ctrl+Shift+C)",
            QKeySequence(CITE_KEYS),
        )
        self.cite_action.triggered.connect(self.cite_capture)
        self.toolbar = QToolBar("Formatting")
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.bold_action, self.italic_action, self.bullets_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.cite_action)

        self.preview = QTextBrowser()
        self.preview.setObjectName("narrativePreview")
        self.preview.setOpenLinks(False)  # nothing in a preview goes anywhere
        self.preview.setOpenExternalLinks(False)
        self.preview_title = heading("Preview", level=2)
        self.preview_title.setToolTip("The section as the session report prints it")

        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(AUTOSAVE_MS)
        self.save_timer.timeout.connect(self.save_pending)
        # A long section is redrawn once typing slows, not at every key.
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self._show_written)

        writing = QWidget()
        column = QVBoxLayout(writing)
        column.setContentsMargins(6, 0, 6, 0)
        column.addWidget(self.title)
        column.addWidget(self.toolbar)
        column.addWidget(self.editor, 1)
        column.addWidget(self.problem)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(hint)
        column.addLayout(footer)
        reading = QWidget()
        preview_column = QVBoxLayout(reading)
        preview_column.setContentsMargins(6, 0, 0, 0)
        preview_column.addWidget(self.preview_title)
        preview_column.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sections)
        self.splitter.addWidget(writing)
        self.splitter.addWidget(reading)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([290, 560, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addWidget(self.splitter)
        self._show_section()

    def _action(
        self, text: str, tip: str, keys: QKeySequence | QKeySequence.StandardKey
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        self.addAction(action)  # the keys work anywhere in the tab
        return action

    def apply_icons(self) -> None:
        for action, name in (
            (self.bold_action, "bold"),
            (self.italic_action, "italic"),
            (self.bullets_action, "bullets"),
            (self.cite_action, "cite"),
        ):
            action.setIcon(icon(name))

    # Showing --------------------------------------------------------------------------------

    def show_session(self, session: SessionDetail) -> None:
        """Show this session's narrative; the same session again keeps what is being typed."""
        from facilitator.services.writeup import narrative as stored_narrative

        same = self.session is not None and self.session.id == session.id
        if not same:
            self._leave_session()
        self._labels = citation_labels(session)
        self._choices = capture_choices(session)
        self.cite_action.setEnabled(bool(self._choices))
        if same:
            self.session = session
            self._show_preview()
            return
        try:
            stored = stored_narrative(self.db, session.id)
        except FacilitatorError as error:
            self.session = None
            self.editor.setEnabled(False)
            self._show_problem(str(error))
            return
        self.session = session
        self._saved = {section.key: stored.get(section.key, "") for section in SECTIONS}
        kept = self._kept.pop(session.id, {})
        self._problems = {key: reason for key, (_text, reason) in kept.items()}
        old_documents = self.documents
        self.documents = {
            key: self._document(kept[key][0] if key in kept else text)
            for key, text in self._saved.items()
        }
        self.editor.setEnabled(True)
        self._show_section()
        for document in old_documents.values():
            document.deleteLater()  # the editor shows a new one now
        for key in self.documents:
            self._count(key)

    def _leave_session(self) -> None:
        """Save the session leaving the screen; keep any text the store refused, and say so."""
        session = self.session
        if session is None or self.save_pending():
            return
        self._kept[session.id] = {key: (self.text(key), r) for key, r in self._problems.items()}
        titles = ", ".join(f"“{_SECTIONS[key].title}”" for key in self._problems)
        dialogs.show_problem(
            self,
            title="Part of the narrative is not saved",
            text=f"{titles} of “{session.title}” could not be saved: "
            f"{next(iter(self._problems.values()))}\n\nThe text is kept until you close "
            f"Facilitator. Go back to “{session.title}” to put it right.",
        )

    def _document(self, text: str) -> QTextDocument:
        document = QTextDocument(self)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setDefaultFont(self.editor.font())
        document.setPlainText(text)
        document.setModified(False)
        document.clearUndoRedoStacks()  # Undo stops at the text as it was loaded
        return document

    def choose_section(self, key: str) -> None:
        """Save the section being written, then show section `key`."""
        if key == self.section.key or key not in _SECTIONS:
            return
        if self.preview_timer.isActive():
            self._show_written()  # the section left shows its final count
        self.save_pending()
        self.section = _SECTIONS[key]
        self._show_section()

    def _show_section(self) -> None:
        section = self.section
        self.sections.select(section.key)
        self.title.setText(section.title)
        self.editor.setPlaceholderText(section.prompt)
        document = self.documents.get(section.key)
        if document is not None:
            self.editor.blockSignals(True)  # showing a section is not typing in it
            self.editor.setDocument(document)
            self.editor.blockSignals(False)
        self._show_preview(keep_scroll=False)
        self._show_state()

    def _show_preview(self, *, keep_scroll: bool = True) -> None:
        text = self.text(self.section.key)
        scroll = self.preview.verticalScrollBar().value() if keep_scroll else 0
        self.preview.setHtml(preview_html(text, self._labels))
        self.preview.verticalScrollBar().setValue(scroll)

    def _count(self, key: str) -> None:
        self.sections.set_state(
            key, words=word_count(self.text(key)), problem=key in self._problems
        )

    def _show_state(self) -> None:
        key = self.section.key
        problem = None
        if key in self._problems:
            problem = f"Not saved: {self._problems[key]} Your text is kept here; once it is "
            problem += "put right it saves as usual."
        elif self._problems:
            other, reason = next(iter(self._problems.items()))
            problem = (
                f"“{_SECTIONS[other].title}” is not saved yet: {reason} Open it to put it right."
            )
        self._show_problem(problem)
        if self.session is None:
            self.status.setText("")
        elif key in self._problems:
            self.status.setText("Not saved")
        elif self.is_dirty(key):
            self.status.setText(WAITING)
        else:
            self.status.setText(SAVED if self.text(key).strip() else SAVES_AS_YOU_TYPE)

    def _show_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    # Reading --------------------------------------------------------------------------------

    def text(self, key: str) -> str:
        """Return what the editor holds for section `key`."""
        document = self.documents.get(key)
        return document.toPlainText() if document is not None else ""

    def is_dirty(self, key: str) -> bool:
        return key in self.documents and self.text(key) != self._saved.get(key, "")

    # Saving ---------------------------------------------------------------------------------

    def _text_did_change(self) -> None:
        if self.session is None:
            return
        self.save_timer.start()  # restarts: saves once typing pauses
        if self.editor.document().characterCount() > LONG_TEXT:
            self.preview_timer.start()
        else:
            self._show_written()
        self._show_state()

    def _show_written(self) -> None:
        self.preview_timer.stop()
        self._show_preview()
        self._count(self.section.key)

    def save_pending(self) -> bool:
        """Save every section whose text differs from the store's; True if all are saved."""
        from facilitator.services.writeup import save_narrative_section

        self.save_timer.stop()
        session = self.session
        if session is None or self.db is None:
            return True
        for section in SECTIONS:
            key = section.key
            if not self.is_dirty(key) and key not in self._problems:
                continue
            text = self.text(key)
            try:
                save_narrative_section(self.db, session.id, key, text, moment=datetime.now(UTC))
            except FacilitatorError as error:
                self._problems[key] = str(error)
            else:
                self._saved[key] = text
                self._problems.pop(key, None)
            self._count(key)
        # The narrative shows nowhere else, so the save is not announced: announcing would
        # read the whole session page afresh at every pause in typing.
        self._show_state()
        return not self._problems

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_pending()  # another tab, another page, or the window closing
        super().hideEvent(event)

    # Formatting -----------------------------------------------------------------------------

    def _wrap(self, marker: str) -> None:
        if self.editor.isEnabled():
            toggle_wrap(self.editor, marker)
            self.editor.setFocus()

    def toggle_bullets(self) -> None:
        if self.editor.isEnabled():
            toggle_bullets(self.editor)
            self.editor.setFocus()

    def cite_capture(self) -> None:
        """Ask which capture to cite and insert `[#n]` at the cursor."""
        if not self.editor.isEnabled() or not self._choices:
            return
        number = CitePicker.ask(self, choices=self._choices)
        if number is not None:
            insert_citation(self.editor, number)
        self.editor.setFocus()
