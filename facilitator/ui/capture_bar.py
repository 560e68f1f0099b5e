"""The capture bar: where a capture just made gets who, a note, a qualifier or an earlier time."""

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from facilitator.domain.capture_entry import Entry, Named
from facilitator.domain.enums import SubjectKind
from facilitator.domain.snapshots import Code
from facilitator.ui.capture_look import plain_label, restyle
from facilitator.ui.capture_widgets import RosterStrip

WHO_HINT = "Who (optional): 3  ·  g whole group  ·  3>7 from 3 to 7  ·  @name"


class CaptureBar(QFrame):
    """Where a capture is finished off: who, a note, a qualifier, a moment moved back."""

    def __init__(self, named: Sequence[Named], roster: RosterStrip) -> None:
        super().__init__()
        self.setObjectName("captureBar")
        self.swatch = QLabel()
        self.swatch.setFixedSize(26, 26)
        self.title = plain_label("", "barTitle")
        self.when = plain_label("", "barWhen")
        self.status = plain_label("", "barStatus")
        self.qualifier = QLabel()
        self.qualifier.setObjectName("barQualifier")
        self.qualifier.setTextFormat(Qt.TextFormat.RichText)  # built from escaped text only
        self.qualifier.setWordWrap(True)
        self.who = plain_label("", "barWho", wrap=True)
        self.entry = QLineEdit()
        self.entry.setObjectName("barEntry")
        self.entry.setPlaceholderText("Who, then a note: e.g. 3>7 challenged the budget split")
        hint = plain_label(
            "Enter  save   ·   Esc  close, keeping the code   ·   Alt+←  30 s earlier   ·   "
            "Alt+→  later   ·   F1  all keys",
            "barHint",
            wrap=True,
        )
        self._build_completer(named)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.swatch)
        top.addWidget(self.title)
        top.addWidget(self.when)
        top.addStretch(1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addWidget(self.qualifier)
        layout.addWidget(self.who)
        layout.addWidget(self.entry)
        layout.addWidget(roster)
        layout.addWidget(hint)
        layout.addStretch(1)

    def _build_completer(self, named: Sequence[Named]) -> None:
        model = QStandardItemModel(self)  # a few dozen names: speed is no concern here
        for one in named:
            kind = "organisation" if one.kind is SubjectKind.ORGANISATION else "participant"
            item = QStandardItem(f"{one.label}  ({kind})")
            item.setData(one.token, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        self.completer = QCompleter(model, self)
        self.completer.setCompletionRole(Qt.ItemDataRole.UserRole)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setWidget(self.entry)
        self.completer.activated[str].connect(self._complete)
        self.entry.textEdited.connect(self._offer_names)

    def _word_at_cursor(self) -> tuple[int, str]:
        before = self.entry.text()[: self.entry.cursorPosition()]
        start = max(before.rfind(" "), before.rfind(">"), before.rfind(",")) + 1
        return start, before[start:]

    def _offer_names(self, _text: str) -> None:
        _start, word = self._word_at_cursor()
        if word.startswith("@") and len(word) > 1:
            self.completer.setCompletionPrefix(word[1:])
            if self.completer.completionCount():
                self.completer.complete()
                return
        self.completer.popup().hide()

    def _complete(self, token: str) -> None:
        start, _word = self._word_at_cursor()
        text, cursor = self.entry.text(), self.entry.cursorPosition()
        self.entry.setText(f"{text[:start]}@{token} {text[cursor:].lstrip()}")
        self.entry.setCursorPosition(start + len(token) + 2)

    def show_capture(self, *, title: str, colour: str, when: str, status: tuple[str, str]) -> None:
        self.swatch.setStyleSheet(f"background: {colour}; border-radius: 13px;")
        self.title.setText(title)
        self.when.setText(when)
        self.status.setText(status[0])
        restyle(self.status, tone=status[1])

    def show_qualifier(self, code: Code | None, *, chosen: str | None, asking: bool) -> None:
        """Show the code's qualifier choices by number, the chosen one underlined."""
        choices = code.qualifier_choices if code else ()
        self.qualifier.setVisible(bool(choices))
        if choices and code is not None:
            parts = []
            for number, choice in enumerate(choices, start=1):
                text = f"{number}&nbsp;{html.escape(choice)}"
                parts.append(f"<b><u>{text}</u></b>" if choice == chosen else text)
            ask = " (press its number, or Space to skip)" if asking else ""
            name = html.escape(code.qualifier_name or "Qualifier")
            self.qualifier.setText(f"<b>{name}</b>{ask}:&nbsp; " + "&nbsp;&nbsp; ".join(parts))

    def show_who(self, entry: Entry) -> None:
        """Read back who the typed words name, or why a word was kept as note text."""
        if entry.who:
            self.who.setText("Who: " + "  ·  ".join(w.text for w in entry.who if w.text))
        elif entry.doubt:
            self.who.setText(entry.doubt)
        else:
            self.who.setText(WHO_HINT)
