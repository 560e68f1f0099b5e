"""The room view's drawing: large, calm panels read from the back of a room.

One calm theme, light on dark, so a projector's glare stays low. Bar colours are Okabe–Ito,
which people with the common colour-vision differences tell apart, and every bar carries its
label, count and share in words, so colour is never the only signal. Everything is drawn on one
widget, so an update repaints once without flicker; the strings drawn are kept in `drawn` so
tests can read exactly what the room saw.
"""

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.domain.room import Bar, BarPanel, ParkedPanel, RoomPanel, RoomPicture

BACKGROUND = QColor("#15191E")
PANEL = QColor("#20262D")
TEXT = QColor("#F4F1EA")
MUTED = QColor("#B3BAC2")
GROOVE = QColor("#2E363F")
OVER = QColor("#E69F00")
# Okabe and Ito (2008); the light ones, so dark letters on them stay readable.
SERIES = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00")
ON_BAR = QColor("#111111")

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN_CENTRE = Qt.AlignmentFlag.AlignCenter
_ALIGN_TOP_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
_WRAP = int(_ALIGN_TOP_LEFT) | int(Qt.TextFlag.TextWordWrap)


def _font(pixels: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(9, round(pixels)))
    font.setBold(bold)
    return font


def grid_shape(count: int) -> tuple[int, int]:
    """Return the columns and rows for this many panels below the agenda strip."""
    if count <= 3:
        return max(1, count), 1
    if count == 4:
        return 2, 2
    return 3, 2


class RoomCanvas(QWidget):
    """Draw a `RoomPicture`; remember every string drawn in the last paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = RoomPicture()
        self.drawn: list[str] = []
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_picture(self, picture: RoomPicture) -> None:
        if picture != self.picture:
            self.picture = picture
            self.update()

    # Drawing helpers ---------------------------------------------------------------------------

    def _text(
        self,
        painter: QPainter,
        rect: QRectF,
        text: str,
        *,
        font: QFont,
        colour: QColor = TEXT,
        align: Qt.AlignmentFlag = _ALIGN_LEFT,
        elide: bool = True,
    ) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        if elide:
            text = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        if text:
            self.drawn.append(text)
            painter.drawText(rect, int(align), text)

    def _wrapped(self, painter: QPainter, rect: QRectF, text: str, *, font: QFont) -> None:
        painter.setFont(font)
        painter.setPen(TEXT)
        self.drawn.append(text)
        painter.drawText(rect, _WRAP, text)

    # Painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self.drawn = []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        width, height = float(self.width()), float(self.height())
        unit = max(12.0, min(height / 34, width / 60))
        margin = unit * 1.2
        top = margin
        picture = self.picture
        if picture.agenda is not None:
            strip = QRectF(margin, top, width - 2 * margin, unit * 3.4)
            self._agenda(painter, strip, unit)
            top = strip.bottom() + unit
        panels = [panel for panel in picture.shown if panel is not RoomPanel.AGENDA]
        if not panels:
            painter.end()
            return
        columns, rows = grid_shape(len(panels))
        gap = unit
        cell_w = (width - 2 * margin - gap * (columns - 1)) / columns
        cell_h = (height - top - margin - gap * (rows - 1)) / rows
        for index, panel in enumerate(panels):
            row, column = divmod(index, columns)
            # The second row of five holds two panels: centre them.
            offset = (cell_w + gap) / 2 if row == 1 and len(panels) == 5 else 0.0
            rect = QRectF(
                margin + column * (cell_w + gap) + offset,
                top + row * (cell_h + gap),
                cell_w,
                cell_h,
            )
            self._panel(painter, rect, panel, unit)
        painter.end()

    def _agenda(self, painter: QPainter, rect: QRectF, unit: float) -> None:
        agenda = self.picture.agenda
        assert agenda is not None
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PANEL)
        painter.drawRoundedRect(rect, unit * 0.4, unit * 0.4)
        inner = rect.adjusted(unit, 0, -unit, 0)
        big = _font(unit * 1.7, bold=True)
        time_width = QFontMetricsF(big).horizontalAdvance(agenda.time_text) + unit
        title_rect = QRectF(inner.left(), inner.top(), inner.width() - time_width, inner.height())
        # A long title first gets smaller type (to two thirds), and only then an ellipsis.
        title_font = big
        size = unit * 1.7
        while (
            size > unit * 1.15
            and QFontMetricsF(title_font).horizontalAdvance(agenda.title) > title_rect.width()
        ):
            size -= unit * 0.05
            title_font = _font(size, bold=True)
        self._text(painter, title_rect, agenda.title, font=title_font)
        colour = OVER if agenda.over else TEXT
        self._text(painter, inner, agenda.time_text, font=big, colour=colour, align=_ALIGN_RIGHT)

    def _panel(self, painter: QPainter, rect: QRectF, panel: RoomPanel, unit: float) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PANEL)
        painter.drawRoundedRect(rect, unit * 0.4, unit * 0.4)
        # A panel given more room gets larger type, up to a limit that still looks calm.
        unit = min(unit * 1.6, max(unit * 0.85, min(rect.height() / 14, rect.width() / 18)))
        inner = rect.adjusted(unit, unit * 0.8, -unit, -unit * 0.8)
        picture = self.picture
        bars = {
            RoomPanel.BALANCE: picture.balance,
            RoomPanel.PLAYERS: picture.players,
            RoomPanel.SECTORS: picture.sectors,
        }.get(panel)
        heading = QRectF(inner.left(), inner.top(), inner.width(), unit * 1.5)
        self._text(painter, heading, panel.heading, font=_font(unit * 1.15, bold=True))
        top = inner.top() + unit * 1.6
        if bars is not None and bars.subtitle:
            line = QRectF(inner.left(), top, inner.width(), unit * 1.1)
            self._text(painter, line, bars.subtitle, font=_font(unit * 0.8), colour=MUTED)
            top += unit * 1.2
        top += unit * 0.5
        body = QRectF(inner.left(), top, inner.width(), inner.bottom() - top)
        if bars is not None:
            self._bars(painter, body, bars, unit)
        elif panel is RoomPanel.PRINCIPLES:
            sections = [("", picture.principles or ())]
            self._sections(painter, body, sections, unit, numbered=True, empty="None agreed yet")
        elif panel is RoomPanel.PARKED:
            parked = picture.parked or ParkedPanel((), ())
            sections = [
                ("To come back to", parked.parked),
                ("Conflicts we named", parked.conflicts),
            ]
            self._sections(painter, body, sections, unit, numbered=False, empty="Nothing yet")

    def _bars(self, painter: QPainter, body: QRectF, panel: BarPanel, unit: float) -> None:
        if panel.total == 0:
            line = QRectF(body.left(), body.top(), body.width(), unit * 1.4)
            self._text(painter, line, "Nothing yet", font=_font(unit), colour=MUTED)
            return
        if panel.breakdown:
            self._breakdown(painter, body, panel, unit)
            return
        # The same row height for two bars as for four, so panels side by side match.
        row = min(unit * 2.6, body.height() / max(4, len(panel.bars)))
        font = _font(min(unit, row * 0.42))
        metrics = QFontMetricsF(font)
        y = body.top()
        for index, bar in enumerate(panel.bars):
            value = f"{bar.count} · {bar.percent}%"
            line = QRectF(body.left(), y, body.width(), row * 0.45)
            self._text(painter, line, value, font=font, align=_ALIGN_RIGHT, elide=False)
            label = line.adjusted(0, 0, -(metrics.horizontalAdvance(value) + unit * 0.5), 0)
            self._text(painter, label, bar.label, font=font)
            groove = QRectF(body.left(), y + row * 0.48, body.width(), row * 0.3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(GROOVE)
            painter.drawRoundedRect(groove, groove.height() / 3, groove.height() / 3)
            filled = QRectF(groove)
            filled.setWidth(groove.width() * bar.percent / 100)
            painter.setBrush(QColor(SERIES[index % len(SERIES)]))
            painter.drawRoundedRect(filled, groove.height() / 3, groove.height() / 3)
            y += row

    def _breakdown(self, painter: QPainter, area: QRectF, panel: BarPanel, unit: float) -> None:
        """Draw the group, then one stacked bar per name, each segment lettered and counted."""
        small = _font(unit * 0.8)
        key = " · ".join(f"{bar.label[:1]} {bar.label}" for bar in panel.bars)
        line = QRectF(area.left(), area.top(), area.width(), unit * 1.1)
        self._text(painter, line, key, font=small, colour=MUTED)
        top = area.top() + unit * 1.4
        row = unit * 1.5
        rows: list[tuple[str, Sequence[Bar]]] = [("Everyone", panel.bars)]
        rows += [(person.name, person.bars) for person in panel.breakdown]
        room = max(1, int((area.bottom() - top) // row))
        hidden = 0
        if len(rows) > room:
            hidden = len(rows) - (room - 1)
            rows = rows[: room - 1]
        name_width = area.width() * 0.36
        for index, (name, bars) in enumerate(rows):
            y = top + index * row
            label = QRectF(area.left(), y, name_width - unit * 0.4, row * 0.8)
            self._text(painter, label, name, font=small, colour=TEXT if index else MUTED)
            total = sum(bar.count for bar in bars) or 1
            x = area.left() + name_width
            span = area.width() - name_width
            for position, bar in enumerate(bars):
                if not bar.count:
                    continue
                segment = QRectF(x, y + row * 0.05, span * bar.count / total, row * 0.7)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(SERIES[position % len(SERIES)]))
                painter.drawRect(segment)
                metrics = QFontMetricsF(small)
                fits = [
                    text
                    for text in (f"{bar.label[:1]}{bar.count}", bar.label[:1])
                    if metrics.horizontalAdvance(text) < segment.width() - 2
                ]
                if fits:  # a sliver too thin for even a letter is read from the key's order
                    self._text(
                        painter,
                        segment,
                        fits[0],
                        font=small,
                        colour=ON_BAR,
                        align=_ALIGN_CENTRE,
                        elide=False,
                    )
                x = segment.right()
        if hidden:
            line = QRectF(area.left(), top + len(rows) * row, area.width(), row)
            self._text(painter, line, f"+{hidden} more", font=small, colour=MUTED)

    def _sections(
        self,
        painter: QPainter,
        body: QRectF,
        sections: Sequence[tuple[str, Sequence[str]]],
        unit: float,
        *,
        numbered: bool,
        empty: str,
    ) -> None:
        """Draw headed lists of short texts at the largest size that fits, else cut short."""
        sections = [(heading, items) for heading, items in sections if items]
        if not sections:
            line = QRectF(body.left(), body.top(), body.width(), unit * 1.4)
            self._text(painter, line, empty, font=_font(unit * 0.95), colour=MUTED)
            return
        for scale in (1.3, 1.15, 1.0, 0.9, 0.8):
            if self._lay_out(body, sections, unit * scale, numbered=numbered) is not None:
                break
        else:
            scale = 0.8
        size = unit * scale
        heading_font = _font(size * 0.8, bold=True)
        font = _font(size)
        y = body.top()
        for heading, items in sections:
            if heading:
                line = QRectF(body.left(), y, body.width(), size * 1.3)
                self._text(painter, line, heading, font=heading_font, colour=MUTED)
                y += size * 1.5
            mark_width = size * (1.6 if numbered else 1.1)
            for index, text in enumerate(items):
                space = QRectF(body.left() + mark_width, y, body.width() - mark_width, 0)
                height = _wrapped_height(font, space.width(), text)
                reserve = size * 1.4 if index < len(items) - 1 else 0.0  # room for "+N more"
                if y + height > body.bottom() - reserve:
                    left = len(items) - index
                    line = QRectF(body.left(), y, body.width(), size * 1.3)
                    self._text(painter, line, f"+{left} more", font=font, colour=MUTED)
                    y += size * 1.5
                    break
                space.setHeight(height)
                mark = f"{index + 1}." if numbered else "•"
                self._text(
                    painter,
                    QRectF(body.left(), y, mark_width, size * 1.3),
                    mark,
                    font=font,
                    colour=MUTED,
                    elide=False,
                    align=_ALIGN_TOP_LEFT,
                )
                self._wrapped(painter, space, text, font=font)
                y += height + size * 0.45
            y += size * 0.4

    def _lay_out(
        self,
        body: QRectF,
        sections: Sequence[tuple[str, Sequence[str]]],
        size: float,
        *,
        numbered: bool,
    ) -> float | None:
        """Return the height the sections take at this size, or None if they do not fit."""
        font = _font(size)
        mark_width = size * (1.6 if numbered else 1.1)
        y = 0.0
        for heading, items in sections:
            if heading:
                y += size * 1.5
            for text in items:
                y += _wrapped_height(font, body.width() - mark_width, text) + size * 0.45
            y += size * 0.4
        return y if y <= body.height() else None


def _wrapped_height(font: QFont, width: float, text: str) -> float:
    rect = QRectF(0, 0, width, 100_000)
    return QFontMetricsF(font).boundingRect(rect, _WRAP, text).height()
