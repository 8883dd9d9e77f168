"""One look for every pyqtgraph plot: white background, dark ink, fonts readable on a projector."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 before any other binding)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets import palette

pg.setConfigOptions(antialias=False, background=palette.BACKGROUND, foreground=palette.TEXT)

LABEL_STYLE = {"color": palette.TEXT.name(), "font-size": f"{palette.FONT_POINT_SIZE}pt"}


def styled_plot(title: str, x_label: str, y_label: str, tooltip: str = "") -> pg.PlotWidget:
    """A PlotWidget with large axis text, a title, grid lines and the mouse menu turned off."""
    plot = pg.PlotWidget()
    plot.setTitle(title, color=palette.TEXT.name(), size=f"{palette.FONT_POINT_SIZE + 1}pt")
    font = QFont()
    font.setPointSize(palette.FONT_POINT_SIZE - 2)
    for side, text in (("bottom", x_label), ("left", y_label)):
        axis = plot.getAxis(side)
        axis.setLabel(text, **LABEL_STYLE)
        axis.setTickFont(font)
        axis.setTextPen(palette.TEXT)
        axis.enableAutoSIPrefix(False)
    plot.showGrid(x=False, y=False)  # grid lines cost ~4 ms of alpha blending per axis per frame
    plot.setMenuEnabled(False)
    plot.setToolTip(tooltip)
    return plot


class PlotPanel(QWidget):
    """A widget holding one styled plot (`self.plot`): the base of the plot widgets here."""

    def __init__(self, title: str, x_label: str, y_label: str, tooltip: str = "") -> None:
        super().__init__()
        self.plot = styled_plot(title, x_label, y_label, tooltip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)


def pen(color: QColor, width: float = 3.0, dashed: bool = False) -> pg.mkPen:
    from PySide6.QtCore import Qt

    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(color=color, width=width, style=style)


def diverging_lut() -> pg.ColorMap:
    """Blue (negative) - white (zero) - red (positive), for weights."""
    return pg.ColorMap([0.0, 0.5, 1.0], [QColor(c) for c in palette.WEIGHT_MAP_COLORS])


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above `value` (for axis ranges that grow in steps)."""
    if value <= 0:
        return 1.0
    decade = 10.0 ** np.floor(np.log10(value))
    return float(next(m * decade for m in (1, 2, 5, 10) if m * decade >= value * (1 - 1e-12)))


class SteppedRange:
    """An axis range that changes only when the data leave it, then jumps to a round size.

    pyqtgraph repaints a plot twice whenever its range moves (the axes update during the paint);
    a range that rarely moves halves the cost of a live plot.
    """

    def __init__(self) -> None:
        self.range: tuple[float, float] | None = None

    def fit(self, low: float, high: float, from_zero: bool = False) -> tuple[float, float] | None:
        """The new range if [low, high] no longer fits (or fills under a quarter of it)."""
        current = self.range
        if current is not None:
            span = current[1] - current[0]
            inside = current[0] <= low and high <= current[1]
            if inside and (high - low) >= 0.25 * span:
                return None
        if from_zero:
            self.range = (0.0, nice_ceiling(high))
        else:
            step = nice_ceiling(max(high - low, 1e-9)) / 4
            self.range = (step * np.floor(low / step), step * np.ceil(high / step))
            if self.range[1] <= self.range[0]:
                self.range = (self.range[0], self.range[0] + step)
        return self.range
