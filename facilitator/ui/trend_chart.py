"""A small line chart of values across sessions, drawn with QPainter.

Each series is a list of values, one per session in order; None draws as a gap (a session
whose length is unknown), never as zero. Colours are Okabe–Ito, safe for colour-blind readers,
and each series also has its own marker shape so the chart reads in greyscale.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

# Okabe and Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: its legend name and a value (or None) per session."""

    name: str
    values: tuple[float | None, ...]


def nice_top(value: float) -> float:
    """Return a round number at or above value for the top of the y axis."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 < value:
        step *= 10
    while step > value * 10:
        step /= 10
    for factor in (1, 2, 4, 6, 8, 10):  # quarters of these read as short decimals
        if step * factor >= value:
            return step * factor
    return step * 10


class TrendChart(QWidget):
    """A titled line chart with a legend, a labelled y axis and session labels below."""

    def __init__(self, title: str, y_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.y_label = y_label
        self.labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.setMinimumSize(300, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def set_data(self, labels: Sequence[str], series: Sequence[Series]) -> None:
        """Show these session labels (x axis) and series; each series has a value per label."""
        self.labels = tuple(labels)
        self.series = tuple(series)
        self.setToolTip(self.describe())
        self.update()

    def values(self) -> dict[str, tuple[float | None, ...]]:
        """Return each series' values by name, as drawn (for tests)."""
        return {series.name: series.values for series in self.series}

    def describe(self) -> str:
        """Return the chart's numbers as plain text, for its tooltip and screen readers."""
        lines = [f"{self.title} ({self.y_label})"]
        for series in self.series:
            shown = ", ".join(
                f"{label}: {'no time recorded' if value is None else f'{value:.2f}'}"
                for label, value in zip(self.labels, series.values, strict=False)
            )
            lines.append(f"{series.name}: {shown}")
        return "\n".join(lines)

    # Drawing ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        text = self.palette().windowText().color()
        muted = QColor(text)
        muted.setAlpha(60)
        painter.fillRect(self.rect(), self.palette().base())

        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(8, 4, self.width() - 16, line), self.title)
        painter.setFont(self.font())
        legend_bottom = self._draw_legend(painter, metrics, top=line + 8)

        top_value = nice_top(
            max((v for s in self.series for v in s.values if v is not None), default=0.0)
        )
        tick_width = max(metrics.horizontalAdvance(_tick(top_value * s / 4)) for s in range(5))
        tick_width += 6
        left = 8 + line + 4 + tick_width
        plot = QRectF(left, legend_bottom + 6, self.width() - left - 16, 0)
        plot.setBottom(self.height() - 2 * line - 10)
        if plot.height() < 20 or plot.width() < 20:
            return

        # The y axis: its label, turned on its side, and four gridlines.
        painter.save()
        painter.translate(8 + line, plot.center().y())
        painter.rotate(-90)
        width = metrics.horizontalAdvance(self.y_label)
        painter.drawText(QPointF(-width / 2, 0), self.y_label)
        painter.restore()
        for step in range(5):
            value = top_value * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.setPen(QPen(muted, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = _tick(value)
            painter.drawText(
                QPointF(plot.left() - metrics.horizontalAdvance(label) - 4, y + line / 3), label
            )
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        xs = self._xs(plot)
        for x, label in zip(xs, self.labels, strict=False):
            shown = metrics.elidedText(
                label, Qt.TextElideMode.ElideRight, int(max(40, plot.width() / max(1, len(xs))))
            )
            half = metrics.horizontalAdvance(shown) / 2
            painter.drawText(QPointF(x - half, plot.bottom() + line + 2), shown)
        axis = "Sessions, in date order"
        painter.drawText(
            QPointF(plot.center().x() - metrics.horizontalAdvance(axis) / 2, self.height() - 6),
            axis,
        )
        for index, series in enumerate(self.series):
            self._draw_series(painter, series, index, xs, plot, top_value)
        painter.end()

    def _xs(self, plot: QRectF) -> list[float]:
        count = len(self.labels)
        if count == 1:
            return [plot.center().x()]
        margin = min(40.0, plot.width() / 8)
        span = plot.width() - 2 * margin
        return [plot.left() + margin + span * i / (count - 1) for i in range(count)]

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics, *, top: float) -> float:
        x, y = 8.0, top
        line = metrics.height()
        for index, series in enumerate(self.series):
            width = 28 + metrics.horizontalAdvance(series.name) + 16
            if x + width > self.width() - 8 and x > 8:
                x, y = 8.0, y + line + 4
            colour = QColor(OKABE_ITO[index % len(OKABE_ITO)])
            painter.setPen(QPen(colour, 2))
            middle = y + line / 2
            painter.drawLine(QPointF(x, middle), QPointF(x + 20, middle))
            _marker(painter, MARKERS[index % len(MARKERS)], QPointF(x + 10, middle), colour)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QPointF(x + 26, y + metrics.ascent()), series.name)
            x += width
        return y + line

    def _draw_series(
        self,
        painter: QPainter,
        series: Series,
        index: int,
        xs: list[float],
        plot: QRectF,
        top_value: float,
    ) -> None:
        colour = QColor(OKABE_ITO[index % len(OKABE_ITO)])
        painter.setPen(QPen(colour, 2))
        previous: QPointF | None = None
        points = []
        for x, value in zip(xs, series.values, strict=False):
            if value is None:
                previous = None  # a gap: the line breaks here
                continue
            point = QPointF(x, plot.bottom() - plot.height() * value / top_value)
            if previous is not None:
                painter.drawLine(previous, point)
            previous = point
            points.append(point)
        for point in points:
            _marker(painter, MARKERS[index % len(MARKERS)], point, colour)


def _tick(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _marker(painter: QPainter, shape: str, at: QPointF, colour: QColor) -> None:
    painter.save()
    painter.setPen(QPen(colour, 1))
    painter.setBrush(colour)
    size = 4.0
    if shape == "square":
        painter.drawRect(QRectF(at.x() - size, at.y() - size, 2 * size, 2 * size))
    elif shape == "triangle":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(at.x(), at.y() - size - 1),
                    QPointF(at.x() - size - 1, at.y() + size),
                    QPointF(at.x() + size + 1, at.y() + size),
                ]
            )
        )
    elif shape == "diamond":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(at.x(), at.y() - size - 1),
                    QPointF(at.x() + size + 1, at.y()),
                    QPointF(at.x(), at.y() + size + 1),
                    QPointF(at.x() - size - 1, at.y()),
                ]
            )
        )
    else:
        painter.drawEllipse(at, size, size)
    painter.restore()
