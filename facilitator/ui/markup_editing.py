"""Edits that type the narrative's light markup for the user: bold, italic, bullets, citations.

Each works on a QPlainTextEdit's cursor as one undoable step, and never turns the text into
rich text: what is saved is exactly the characters the user could have typed.
"""

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

BOLD, ITALIC = "**", "*"
BULLET = "- "
BULLET_STARTS = ("- ", "* ", "• ")


def _units(text: str) -> int:
    """Return the length of `text` as a text cursor counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _around(editor: QPlainTextEdit, start: int, end: int, width: int) -> tuple[str, str]:
    """Return up to `width` characters just before `start` and just after `end`."""
    probe = QTextCursor(editor.document())
    probe.setPosition(max(0, start - width))
    probe.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
    before = probe.selectedText()
    last = editor.document().characterCount() - 1
    probe.setPosition(end)
    probe.setPosition(min(last, end + width), QTextCursor.MoveMode.KeepAnchor)
    return before, probe.selectedText()


def _stars(text: str, *, at_end: bool) -> int:
    """Return how many `*` the text starts (or ends) with."""
    return len(text) - len(text.rstrip("*") if at_end else text.lstrip("*"))


def _marked(leading: int, trailing: int, marker: str) -> bool:
    """True when runs of `leading` and `trailing` stars hold `marker`.

    One or three stars hold an italic marker; two or more hold a bold one. So `**x**` is
    bold without italic, and `***x***` is both.
    """
    if marker == ITALIC:
        return leading % 2 == 1 and trailing % 2 == 1
    return leading >= 2 and trailing >= 2


def toggle_wrap(editor: QPlainTextEdit, marker: str) -> None:
    """Wrap the selection in `marker` (or remove the marker around it); keep it selected.

    With nothing selected, put a pair of markers at the cursor and the cursor between them.
    Spaces at the ends of a selection stay outside the markers, where the markup needs them.
    """
    cursor = editor.textCursor()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    selected = cursor.selectedText()
    trimmed = selected.strip()
    if trimmed:
        lead = _units(selected[: len(selected) - len(selected.lstrip())])
        start, end = start + lead, start + lead + _units(trimmed)
    size = _units(marker)
    inner = trimmed
    before, after = _around(editor, start, end, 3)
    cursor.beginEditBlock()
    try:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        if inner.strip("*") and _marked(
            _stars(inner, at_end=False), _stars(inner, at_end=True), marker
        ):
            unwrapped = inner[len(marker) : -len(marker)]
            cursor.insertText(unwrapped)
            new_start, new_end = start, start + _units(unwrapped)
        elif inner and _marked(_stars(before, at_end=True), _stars(after, at_end=False), marker):
            cursor.setPosition(start - size)
            cursor.setPosition(end + size, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(inner)
            new_start, new_end = start - size, end - size
        else:
            cursor.insertText(f"{marker}{inner}{marker}")
            new_start, new_end = start + size, end + size
    finally:
        cursor.endEditBlock()
    cursor.setPosition(new_start)
    cursor.setPosition(new_end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def toggle_bullets(editor: QPlainTextEdit) -> None:
    """Start each selected line with '- ', or take the bullets away if all have one."""
    cursor = editor.textCursor()
    document = editor.document()
    first = document.findBlock(cursor.selectionStart())
    last = document.findBlock(cursor.selectionEnd())
    if last != first and cursor.selectionEnd() == last.position():
        last = last.previous()  # a selection ending at a line's start does not take that line
    blocks = [first]
    while blocks[-1] != last and blocks[-1].next().isValid():
        blocks.append(blocks[-1].next())
    written = [block for block in blocks if block.text().strip()] or blocks
    remove = all(block.text().lstrip().startswith(BULLET_STARTS) for block in written)
    cursor.beginEditBlock()
    try:
        for block in written:
            text = block.text()
            indent = len(text) - len(text.lstrip())
            edit = QTextCursor(block)
            edit.movePosition(QTextCursor.MoveOperation.Right, n=_units(text[:indent]))
            if remove:
                edit.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 2
                )
                edit.removeSelectedText()
            else:
                edit.insertText(BULLET)
    finally:
        cursor.endEditBlock()
    editor.setTextCursor(cursor)


def insert_citation(editor: QPlainTextEdit, number: int) -> None:
    """Insert `[#number]` after the cursor (or selection), spaced from the word before."""
    cursor = editor.textCursor()
    cursor.setPosition(cursor.selectionEnd())
    before, _after = _around(editor, cursor.position(), cursor.position(), 1)
    space = " " if before and not before.isspace() and before not in "([" else ""
    cursor.insertText(f"{space}[#{number}]")
    editor.setTextCursor(cursor)
