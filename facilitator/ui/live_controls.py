"""The live window's controls and frames: its actions, their toolbar buttons, and the
splitters and scrolling holders its panels sit in."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QToolBar, QWidget


@dataclass(frozen=True, slots=True)
class LiveActions:
    previous_item: QAction
    next_item: QAction
    add_time: QAction
    pause: QAction
    finish: QAction
    high_contrast: QAction
    full_screen: QAction
    undo: QAction
    redo: QAction


def name_control(action: QAction) -> None:
    """Label a control's button and tooltip with its shortcut, as the toolbar shows them."""
    text = action.text().replace("&", "")
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{text} ({shortcut})")
    action.setIconText(f"{text}\n{shortcut}")


def fixed_splitter(orientation: Qt.Orientation, *widgets: QWidget) -> QSplitter:
    splitter = QSplitter(orientation)
    for index, widget in enumerate(widgets):
        splitter.addWidget(widget)
        splitter.setCollapsible(index, False)  # the clock can be made small, never hidden
    return splitter


def scrolling(widget: QWidget) -> QScrollArea:
    """Hold a panel made elsewhere so that its size can never push the window off the screen:
    the clock must stay on screen, and a panel taller than the room left scrolls instead."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    return area


def add_to_bar(bar: QToolBar, action: QAction) -> None:
    """Add a control to the live toolbar: a large button that never takes the focus, since
    keys belong to capturing."""
    bar.addAction(action)
    button = bar.widgetForAction(action)
    button.setObjectName("liveControl")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
