"""One look for every pyqtgraph plot: white background, dark ink, fonts readable on a projector."""

from __future__ import annotations

import pyqtgraph as pg
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 before any other binding)
from PySide6.QtGui import QColor, QFont

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


def pen(color: QColor, width: float = 3.0, dashed: bool = False) -> pg.mkPen:
    from PySide6.QtCore import Qt

    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(color=color, width=width, style=style)


def diverging_lut() -> pg.ColorMap:
    """Blue (negative) - white (zero) - red (positive), for weights."""
    return pg.ColorMap([0.0, 0.5, 1.0], [QColor(c) for c in palette.WEIGHT_MAP_COLORS])
