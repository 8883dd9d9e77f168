"""Oscillators as dots running round a circle, and their order parameter as an arrow.

Each dot sits at its phase (maths convention: 0 = east, counter-clockwise positive) and is
coloured by a value in [0, 1] (the synchrony lab passes the rank of its natural frequency: slow
ones indigo, middle teal, fast ones ochre); the same value moves it a little inward or outward,
so the slow, middle and fast oscillators run in lanes and a locked cluster shows which of them
it holds. The arrow is r e^(i psi): it points at the mean phase, and its length is r (the dashed
circle is r = 1).

Dots are drawn in FREQUENCY_BINS colour groups by widgets.points (one drawPoints call each).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette, zoom
from widgets.points import draw_binned_points

# Natural frequency, slow -> fast. Not the rate map (inferno) nor the weight map (blue-red), and
# no pale end that vanishes on a projector: indigo, teal, ochre, all dark enough on white.
FREQUENCY_MAP_COLORS = ["#3b2a98", "#12877a", "#b3800a"]
# The order parameter is a population vector, as the ring's decoded heading is: the same red.
ORDER_ARROW = palette.DECODED_HEADING
FREQUENCY_BINS = 16
LANE_WIDTH = 0.24  # the lanes of slow to fast oscillators span this fraction of the radius


def frequency_colors(count: int = FREQUENCY_BINS) -> list[QColor]:
    """`count` colours from slow (index 0) to fast."""
    cmap = pg.ColorMap([0.0, 0.5, 1.0], [QColor(c) for c in FREQUENCY_MAP_COLORS])
    return [cmap.map(x, mode="qcolor") for x in np.linspace(0.0, 1.0, count)]


class PhaseCircle(QWidget):
    """Dots on a circle and an order-parameter arrow; draws only, emits nothing."""

    export_name = "phases"  # hopgui's export: <lab>-phases.png / .svg / .csv

    def __init__(self, caption: str = "") -> None:
        super().__init__()
        self._caption = caption
        self._phases = np.zeros(0, np.float32)
        self._values = np.zeros(0, np.float32)
        self._order = (0.0, 0.0)
        self._colors = frequency_colors()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(
            "Each dot is an oscillator at its phase, coloured by its natural frequency\n"
            "(indigo slow, teal middle, ochre fast; faster ones run on outer lanes).\n"
            "Red arrow: the order parameter r e^(iψ), pointing at the mean phase ψ;\n"
            "its length is r (the dashed circle is r = 1)."
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(360, 360)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(160, 160)

    # --- what the lab sets ----------------------------------------------------------------------
    def set_dots(self, phases: np.ndarray, values: np.ndarray) -> None:
        """(D,) phases (rad) and (D,) values in [0, 1] of the dots."""
        self._phases, self._values = np.asarray(phases), np.asarray(values)
        self.update()

    def set_order(self, r: float, psi: float) -> None:
        self._order = (float(r), float(psi))
        self.update()

    def set_caption(self, caption: str) -> None:
        self._caption = caption
        self.update()

    def export_table(self) -> tuple[list[str], list[list]]:
        """The dots drawn, one row each (for CSV export)."""
        columns = ["phase (rad)", "natural frequency (rank: 0 slowest, 1 fastest)"]
        dots = zip(self._phases, self._values, strict=False)
        return columns, [[float(p), float(v)] for p, v in dots]

    def caption_font(self) -> QFont:
        """The caption's font: the base size at the present zoom (taken at paint time)."""
        return zoom.font(base=self.font())

    # --- geometry -------------------------------------------------------------------------------
    def _geometry(self) -> tuple[QPointF, float]:
        caption = QFontMetrics(self.caption_font()).height() + 6 if self._caption else 0
        top = 8 + caption
        side = min(self.width(), self.height() - top) - 16
        center = QPointF(self.width() / 2, top + 8 + side / 2)
        return center, max(side / 2, 10.0)

    def dot_points(self) -> np.ndarray:
        """(D, 2) pixel positions of the dots (for tests and the paint)."""
        center, radius = self._geometry()
        lane = radius * (1.0 - LANE_WIDTH + LANE_WIDTH * self._values.astype(float)) - 6
        x = center.x() + lane * np.cos(self._phases)
        y = center.y() - lane * np.sin(self._phases)
        return np.column_stack([x, y])

    # --- painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), palette.BACKGROUND)
        center, radius = self._geometry()
        if self._caption:
            font = self.caption_font()
            painter.setFont(font)
            painter.setPen(palette.TEXT)
            height = QFontMetrics(font).height() + 4
            painter.drawText(QRectF(0, 4, self.width(), height), Qt.AlignmentFlag.AlignHCenter,
                             self._caption)  # fmt: skip
        painter.setPen(QPen(palette.GRID_LINE, 2))
        painter.drawEllipse(center, radius - 6, radius - 6)
        self._paint_dots(painter, radius)
        self._paint_arrow(painter, center, radius * (1.0 - LANE_WIDTH) - 10)
        painter.end()

    def _paint_dots(self, painter: QPainter, radius: float) -> None:
        count = len(self._phases)
        if count == 0:
            return
        points = self.dot_points()
        size = float(np.clip(radius * 1.3 / math.sqrt(count), 2.5, 10.0))
        draw_binned_points(painter, points, self._values, self._colors, size)

    def _paint_arrow(self, painter: QPainter, center: QPointF, unit: float) -> None:
        painter.setPen(QPen(palette.GRID_LINE, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(center, unit, unit)
        r, psi = self._order
        tip = QPointF(center.x() + unit * r * math.cos(psi), center.y() - unit * r * math.sin(psi))
        painter.setPen(QPen(ORDER_ARROW, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(center, tip)
        if r * unit > 14:
            head = 14.0
            for side in (-0.45, 0.45):
                back = psi + math.pi + side
                end = QPointF(tip.x() + head * math.cos(back), tip.y() - head * math.sin(back))
                painter.drawLine(tip, end)
        painter.setBrush(ORDER_ARROW)
        painter.drawEllipse(center, 4, 4)
