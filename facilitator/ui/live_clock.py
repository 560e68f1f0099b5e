"""The live clock: the current item, its countdown, and the session's time, large enough to
read from a metre away.

The window calls `tick()` once a second. Each tick sets only the texts that changed and
restyles the panel only when the level changes, so a clock left running all day costs next to
nothing.
"""

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.agenda import duration_text
from facilitator.domain.live import ClockLevel, ItemProgress, countdown_text, item_progress
from facilitator.domain.timezones import zone
from facilitator.ui.live_theme import PAUSED, Theme, clock_style

if TYPE_CHECKING:
    from facilitator.services.live_run import LiveRun

BAR_STEPS = 1000
TITLE_LINES = 2
MIN_COUNTDOWN_PIXELS = 56  # still readable from a metre away
# The countdown is sized so this fits, and stays that size as the digits change.
COUNTDOWN_SAMPLE = "+88:88 over"

STATUS_TEXT = {
    ClockLevel.CALM: "",
    ClockLevel.LOW: "Under a fifth left",
    ClockLevel.CRITICAL: "Nearly out of time",
    ClockLevel.OVER: "Over time",
}


def elapsed_text(seconds: float) -> str:
    """Return time gone as a stopwatch shows it: "4:07", "1:02:00" (whole seconds only)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ItemClock:
    """The current item's running time, not counting pauses taken while it ran.

    The session timer knows all the time spent paused, but not when; so the item's time is
    anchored to the session's time when the item is first seen running. Pauses before that
    (before a crash, say) count as the item's time: the clock errs towards moving on.
    """

    def __init__(self, run: "LiveRun") -> None:
        self._run = run
        self._key: tuple[int, datetime] | None = None
        self._offset = 0.0

    def elapsed(self) -> float | None:
        """Return the current item's running time in seconds, or None if none is running."""
        item = self._run.detail.current_item
        if item is None or item.actual_start is None:
            self._key = None
            return None
        timer = self._run.timer
        key = (item.id, item.actual_start)
        if key != self._key:
            moment = timer.moment()
            wall = (moment - item.actual_start).total_seconds()
            paused_at = self._run.detail.paused_at
            if timer.paused and paused_at is not None:
                wall -= max(0.0, (moment - max(paused_at, item.actual_start)).total_seconds())
            self._offset = timer.elapsed() - max(0.0, wall)
            self._key = key
        return max(0.0, self._run.timer.elapsed() - self._offset)


class TitleLabel(QLabel):
    """The item's title in at most two lines, shortened with "…" when it is longer.

    It always keeps room for two lines, so the clock below does not jump between items.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # titles are text the user typed
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        if text != self._full:
            self._full = text
            self.setToolTip(text)
            self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the theme's style sheet sets the size
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = QFontMetrics(self.font())
        height = metrics.lineSpacing() * TITLE_LINES + 4
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)
        width = self.contentsRect().width()
        limit = metrics.lineSpacing() * TITLE_LINES + 2
        flags = int(Qt.TextFlag.TextWordWrap)

        def fits(text: str) -> bool:
            return metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text).height() <= limit

        text = self._full
        if width > 0 and not fits(text):
            words = text.split()
            low, high = 0, len(words)  # the most words that fit, with "…", lie in [low, high)
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (
                    (middle, high) if fits(" ".join(words[:middle]) + "…") else (low, middle)
                )
            text = (
                " ".join(words[:low]) + "…"
                if low
                else metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            )
        if text != self.text():
            self.setText(text)


class CountdownLabel(QWidget):
    """The big countdown, drawn as large as its width allows (up to the theme's size).

    It paints its own text rather than being a QLabel so that a new second repaints only
    itself, with no layout pass, and the style sheet cannot change its size.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._colour = QColor("#000000")
        self._largest = 150
        self._font = QFont()
        self._font.setBold(True)
        # It takes the room the panel has left, and sizes its text to fit.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(MIN_COUNTDOWN_PIXELS + 8)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            # Past an hour the sample no longer fits the text, and back under it does again.
            refit = len(text) != len(self._text) and (
                max(len(text), len(self._text)) > len(COUNTDOWN_SAMPLE)
            )
            self._text = text
            if refit:
                self._fit()
            self.update()

    def set_look(self, *, colour: str, largest_pixels: int) -> None:
        self._colour = QColor(colour)
        if largest_pixels != self._largest or self.maximumHeight() > 10_000:
            self._largest = largest_pixels
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(largest_pixels)
            self.setMaximumHeight(int(QFontMetricsF(font).height()) + 8)
            self._fit()
        self.update()

    def pixel_size(self) -> int:
        return self._font.pixelSize()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Size the text to the width and height it has, up to the theme's largest."""
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(self._largest)
        metrics = QFontMetricsF(font)
        needed_width = max(
            metrics.horizontalAdvance(COUNTDOWN_SAMPLE), metrics.horizontalAdvance(self._text)
        )
        scale = min(1.0, self.width() / needed_width, (self.height() - 4) / metrics.height())
        size = max(MIN_COUNTDOWN_PIXELS, int(self._largest * scale))
        if size != self._font.pixelSize():
            font.setPixelSize(size)
            self._font = font
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self._font)
        painter.setPen(self._colour)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        painter.drawText(self.rect(), int(align), self._text)


class LiveClockPanel(QFrame):
    """The current item's title, countdown, progress, and the session and room time."""

    def __init__(self, run: "LiveRun", *, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveClock")
        self._run = run
        self._theme = theme
        self._zone: ZoneInfo = zone(run.detail.timezone)
        self.item_clock = ItemClock(run)
        self.progress: ItemProgress | None = None
        self._style_level = ""
        self._texts: dict[QLabel, str] = {}

        self.position_label = self._label(muted=True)
        self.position_label.setWordWrap(True)
        self.status_label = self._label()
        self.status_label.setObjectName("clockStatus")
        keep_height = self.status_label.sizePolicy()
        keep_height.setRetainSizeWhenHidden(True)  # the title does not jump when it shows
        self.status_label.setSizePolicy(keep_height)
        self.title_label = TitleLabel()
        self.title_label.setObjectName("clockTitle")
        self.countdown = CountdownLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(16)
        self.elapsed_label = self._label()
        rule = QFrame()
        rule.setObjectName("clockRule")
        rule.setFixedHeight(2)
        self.session_label = self._label()
        self.room_label = self._label()
        self.room_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.elapsed_label.setWordWrap(True)
        below_bar = QHBoxLayout()
        below_bar.addWidget(self.elapsed_label, 1)
        below_bar.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.session_label, 1)
        bottom.addWidget(self.room_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 14)
        layout.setSpacing(8)
        layout.addWidget(self.position_label)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        layout.addWidget(self.countdown, 4)
        layout.addWidget(self.bar)
        layout.addLayout(below_bar)
        layout.addStretch(1)
        layout.addWidget(rule)
        layout.addLayout(bottom)
        self.tick()

    @staticmethod
    def _label(*, muted: bool = False) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # titles are text the user typed
        if muted:
            label.setProperty("muted", True)
        return label

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._style_level = ""  # restyle on the tick below
        self.tick()

    # The clock ---------------------------------------------------------------------------------

    @property
    def level(self) -> ClockLevel | None:
        """How the current item is doing (None when no item is running)."""
        return self.progress.level if self.progress else None

    @property
    def style_level(self) -> str:
        """The look in use: a ClockLevel value, or "paused"."""
        return self._style_level

    def tick(self) -> None:
        """Bring the clock up to this moment, changing only what has changed."""
        run = self._run
        timer = run.timer
        item = run.detail.current_item
        elapsed = self.item_clock.elapsed()
        self._set(self.session_label, f"Session {elapsed_text(timer.elapsed())}")
        room = timer.moment().astimezone(self._zone)
        self._set(self.room_label, f"Room time {room:%H:%M}")
        if item is None or elapsed is None:
            self.progress = None
            ran = sum(1 for i in run.detail.agenda if i.actual_end is not None)
            done = bool(run.detail.agenda) and ran == len(run.detail.agenda)
            self._set(self.position_label, "Agenda")
            self.title_label.set_full_text("Every item has run" if done else "No item is running")
            self.countdown.set_text("")
            self._set(
                self.elapsed_label,
                "Finish the session when you are ready." if done else "Start the next item.",
            )
            self.bar.setValue(0)
            self._show_status(PAUSED if timer.paused else "calm", "Paused" if timer.paused else "")
            return
        progress = item_progress(allowed_seconds=item.allowed_minutes * 60, elapsed_seconds=elapsed)
        self.progress = progress
        number = run.detail.agenda.index(item) + 1
        where = f"Item {number} of {len(run.detail.agenda)}"
        if item.method:
            where += f" · {item.method}"
        self._set(self.position_label, where)
        self.title_label.set_full_text(item.title)
        word = "over" if progress.level is ClockLevel.OVER else "left"
        self.countdown.set_text(f"{countdown_text(progress.remaining)} {word}")
        allowed = f"of {duration_text(item.allowed_minutes)}"
        if item.extra_minutes:
            allowed += f" ({duration_text(abs(item.extra_minutes))} "
            allowed += "added)" if item.extra_minutes > 0 else "taken off)"
        self._set(self.elapsed_label, f"Elapsed {elapsed_text(elapsed)} {allowed}")
        fraction = elapsed / progress.allowed if progress.allowed > 0 else 1.0
        self.bar.setValue(round(min(1.0, fraction) * BAR_STEPS))  # Qt skips equal values
        if timer.paused:
            self._show_status(PAUSED, "Paused")
        else:
            self._show_status(progress.level.value, STATUS_TEXT[progress.level])

    def _set(self, label: QLabel, text: str) -> bool:
        """Set a label's text if it differs; return whether it did."""
        if self._texts.get(label) == text:
            return False
        self._texts[label] = text
        label.setText(text)
        return True

    def _show_status(self, level: str, text: str) -> None:
        self._set(self.status_label, text)
        self.status_label.setVisible(bool(text))
        if level != self._style_level:
            self._style_level = level
            self.setStyleSheet(clock_style(self._theme, level))
            colours = self._theme.levels[level]
            self.countdown.set_look(
                colour=colours.countdown, largest_pixels=self._theme.countdown_max_pixels
            )
