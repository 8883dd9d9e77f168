"""Plots of the Ising lab: the live order and energy per spin, and a temperature sweep's |order|,
energy, specific heat and susceptibility against T with the exact curves laid over them.

Colours: the live lattice's curves and the present temperature are palette.CURRENT (the state on
screen); exact theory is dashed ink; a sweep's measured points have their own colour, below.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QGridLayout, QSlider, QStyle, QStyleOptionSlider, QWidget

from widgets import palette, zoom
from widgets.plot_style import PlotPanel, SteppedRange, pen

# Measured sweep points: a dark red that no other meaning colour of this lab uses.
MEASURED = QColor("#b03a2e")
# The live energy curve beside the order parameter: dark grey, to tell it from the blue order.
LIVE_ENERGY = QColor("#555555")


class LiveTrace(PlotPanel):
    """The order parameter (blue) and the energy per spin (grey) against sweeps."""

    def __init__(self) -> None:
        super().__init__(
            "Live: order and E/N against sweeps",
            "time (sweeps)",
            "per spin",
            "Blue: the order parameter (m, the staggered m for the antiferromagnet, the overlap\n"
            "with the stored picture). Grey: the energy per spin E / N.",
        )
        self.legend = self.plot.addLegend(offset=(-4, 4), labelTextSize=zoom.css_size(-3))
        self._order_name = "order"
        self.order = self.plot.plot(pen=pen(palette.CURRENT), name="order")
        self.energy = self.plot.plot(pen=pen(LIVE_ENERGY), name="E / N")
        for curve in (self.order, self.energy):
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
        self.plot.disableAutoRange()
        self._x, self._y = SteppedRange(), SteppedRange(min_span=0.5)
        self.plot.getAxis("bottom").setLabel("")  # "sweeps" is in the title: room for the curves
        self.plot.getAxis("left").setLabel("")
        self.setMinimumHeight(110)

    def set_trace(self, trace: np.ndarray, order_name: str) -> None:
        """`trace`: (K, 3) rows of (sweeps, order, E/N)."""
        if not len(trace):
            return
        sweeps, order, energy = trace.T
        self.order.setData(sweeps, order)
        self.energy.setData(sweeps, energy)
        if order_name != self._order_name:
            self._order_name = order_name
            self.legend.getLabel(self.order).setText(order_name)
        x_range = self._x.fit(float(sweeps[0]), float(sweeps[-1]) + 1.0)
        y_range = self._y.fit(
            float(min(order.min(), energy.min())), float(max(order.max(), energy.max()))
        )
        if x_range:
            self.plot.setXRange(*x_range, padding=0.02)
        if y_range:
            self.plot.setYRange(*y_range, padding=0.02)


class SweepPanel(PlotPanel):
    """One quantity against T: measured points, an exact curve, T_c and the present T."""

    def __init__(self, title: str, y_label: str, tooltip: str) -> None:
        super().__init__(title, "T", y_label, tooltip)
        self.plot.getAxis("bottom").setLabel("")  # the title says it: room for the plot
        self.exact = self.plot.plot(pen=pen(palette.TEXT, 2.0, dashed=True))
        self.measured = self.plot.plot(
            pen=pen(MEASURED, 2.0),
            symbol="o",
            symbolSize=7,
            symbolBrush=MEASURED,
            symbolPen=None,
        )
        self.critical = pg.InfiniteLine(angle=90, pen=pen(palette.GRID_LINE, 2.0, dashed=True))
        self.now = pg.InfiniteLine(angle=90, pen=pen(palette.CURRENT, 2.0))
        for line in (self.critical, self.now):
            self.plot.addItem(line)
        self.plot.enableAutoRange(axis="y")
        self.setMinimumSize(150, 110)

    def set_points(self, temperatures: np.ndarray, values: np.ndarray) -> None:
        self.measured.setData(temperatures, values)

    def set_exact(self, temperatures: np.ndarray, values: np.ndarray | None) -> None:
        """The exact curve (None: there is none) and the T axis from 0 to the last T."""
        self.plot.setXRange(0.0, float(temperatures[-1]), padding=0.02)
        if values is None:
            self.exact.setData([], [])
        else:
            self.exact.setData(temperatures, values)


class SweepPlots(QWidget):
    """|order|, E / N, specific heat and susceptibility against T, two by two."""

    KEYS = ("order", "energy", "specific_heat", "susceptibility")

    def __init__(self) -> None:
        super().__init__()
        self.panels = {
            "order": SweepPanel(
                "|order|", "", "Mean |order parameter|. Dashed: Onsager's spontaneous magnetisation"
            ),
            "energy": SweepPanel("E / N", "", "Energy per spin. Dashed: the exact energy"),
            "specific_heat": SweepPanel(
                "specific heat",
                "",
                "c = N var(E/N) / T². Dashed: du/dT of the exact energy (capped at 3 where it\n"
                "diverges at T_c)",
            ),
            "susceptibility": SweepPanel(
                "susceptibility", "", "χ = N (<o²> − <|o|>²) / T of the order parameter o"
            ),
        }
        self._marks: tuple[float, float | None] | None = None
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for index, key in enumerate(self.KEYS):
            layout.addWidget(self.panels[key], index // 2, index % 2)

    def set_result(self, temperatures: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        """Measured points, by key (missing keys: cleared)."""
        for key, panel in self.panels.items():
            values = columns.get(key)
            panel.set_points(
                temperatures if values is not None else [], [] if values is None else values
            )

    def set_exact(self, temperatures: np.ndarray, curves: dict[str, np.ndarray | None]) -> None:
        for key, panel in self.panels.items():
            panel.set_exact(temperatures, curves.get(key))

    def set_marks(self, temperature: float, critical: float | None) -> None:
        """The present T (solid blue) and T_c (dashed grey; None hides it)."""
        if (temperature, critical) == self._marks:
            return  # a moved line repaints its plot: only when it moves
        self._marks = (temperature, critical)
        for panel in self.panels.values():
            panel.now.setValue(temperature)
            panel.critical.setVisible(critical is not None)
            if critical is not None:
                panel.critical.setValue(critical)


class SliderMark(QWidget):
    """A small triangle and a label under one position of a QSlider (T_c on the T slider)."""

    def __init__(self, slider: QSlider, position: int, text: str) -> None:
        super().__init__()
        self._slider, self._position, self._text = slider, position, text
        self._follow_font()
        self.setToolTip(f"{text}: the critical temperature of the 2-D grid")

    def _follow_font(self) -> None:
        self.setFixedHeight(self.fontMetrics().height() + 8)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FontChange:  # the text zoomed: room for it
            self._follow_font()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        option = QStyleOptionSlider()
        self._slider.initStyleOption(option)
        style = self._slider.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self._slider
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self._slider
        )
        span = groove.width() - handle.width()
        offset = QStyle.sliderPositionFromValue(
            self._slider.minimum(), self._slider.maximum(), self._position, span
        )
        x = self._slider.mapTo(self.parentWidget() or self, QPointF(0, 0).toPoint()).x()
        x = x - self.x() + groove.left() + handle.width() / 2 + offset
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.TEXT)
        painter.drawPolygon(QPolygonF([QPointF(x, 0), QPointF(x - 5, 7), QPointF(x + 5, 7)]))
        painter.setPen(palette.TEXT)
        width = self.fontMetrics().horizontalAdvance(self._text) + 4
        painter.drawText(
            QRectF(x - width / 2, 6, width, self.height() - 6),
            Qt.AlignmentFlag.AlignCenter,
            self._text,
        )
        painter.end()
