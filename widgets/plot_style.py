"""One look for every pyqtgraph plot: white background, dark ink, fonts readable on a projector."""

from __future__ import annotations

import re

import numpy as np
import pyqtgraph as pg
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 before any other binding)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets import palette, zoom
from widgets.zoom import css_size

pg.setConfigOptions(antialias=False, background=palette.BACKGROUND, foreground=palette.TEXT)


def label_style() -> dict[str, str]:
    """The style of axis titles (pyqtgraph's keyword arguments), at the current zoom."""
    return {"color": palette.TEXT.name(), "font-size": css_size()}


NAME_CHARACTERS = 24  # a memory's name in a legend, an axis title or a label: longer ones are cut

# One character of a name: an HTML entity (names reach the plots escaped) or a single character.
_CHARACTER = re.compile(r"&#?\w+;|.", re.DOTALL)


def short_name(name: str, limit: int = NAME_CHARACTERS) -> str:
    """`name` cut to `limit` characters with an ellipsis, never inside an HTML entity."""
    characters = _CHARACTER.findall(name[: 12 * limit])  # no need to scan a megabyte name
    if len(characters) <= limit:
        return "".join(characters)
    return "".join(characters[: limit - 1]) + "…"


def styled_plot(title: str, x_label: str, y_label: str, tooltip: str = "") -> pg.PlotWidget:
    """A PlotWidget with large axis text, a title, grid lines and the mouse menu turned off."""
    plot = pg.PlotWidget()
    plot.setTitle(title, color=palette.TEXT.name(), size=css_size(1))
    for side, text in (("bottom", x_label), ("left", y_label)):
        axis = plot.getAxis(side)
        axis.setLabel(text, **label_style())
        axis.setTickFont(tick_font())
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


def tick_font() -> QFont:
    """The font of axis tick labels: a little smaller than the axis titles."""
    return zoom.font(-2)


def style_colorbar_axis(colorbar: pg.ColorBarItem, label: str) -> None:
    """Give a colour bar's value axis the plots' tick font and a title beside (not on) its ticks.

    pyqtgraph fixes the axis at 45 px, less than tick labels such as -0.25 and the title need
    with the app's fonts; with the width free the axis makes room for both.
    """
    axis = colorbar.axis
    axis.setTickFont(tick_font())
    axis.setTextPen(palette.TEXT)
    axis.enableAutoSIPrefix(False)
    if label:
        axis.setLabel(label, **label_style())
    axis.setWidth(None)


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


def round_to_step(value: float, step: float) -> float:
    """`value` (a multiple of `step`, up to float error) written with no more digits than `step`."""
    decimals = max(0, int(-np.floor(np.log10(step))) + 1)
    return float(round(value, decimals)) + 0.0  # + 0.0 turns -0.0 into 0.0


class SteppedRange:
    """An axis range that changes only when the data leave it, then jumps to round values.

    The ends are multiples of a quarter of a 1, 2, 5 x 10^k span, so the axis ticks are round
    numbers. A range never gets narrower than `min_span` (in data units): a flat trace gets a
    sensible round range round its value rather than one of 1e-9 (whose ticks would read
    -0.41629028305 or 2.5e-10).

    pyqtgraph repaints a plot twice whenever its range moves (the axes update during the paint);
    a range that rarely moves halves the cost of a live plot.
    """

    def __init__(self, min_span: float = 1e-3) -> None:
        self.range: tuple[float, float] | None = None
        self.min_span = float(min_span)

    def fit(self, low: float, high: float, from_zero: bool = False) -> tuple[float, float] | None:
        """The new range if [low, high] no longer fits (or fills under a quarter of it)."""
        if not (np.isfinite(low) and np.isfinite(high)):
            return None
        low, high = min(low, high), max(low, high)
        if not from_zero and high - low < self.min_span:  # flat: a round range round its value
            middle = (low + high) / 2
            low, high = middle - self.min_span / 2, middle + self.min_span / 2
        current = self.range
        if current is not None:
            span = current[1] - current[0]
            inside = current[0] <= low and high <= current[1]
            if inside and (high - low) >= 0.25 * span:
                return None
        if from_zero:
            fitted = (0.0, nice_ceiling(high))
        else:
            step = nice_ceiling(high - low) / 4
            bottom, top = step * np.floor(low / step), step * np.ceil(high / step)
            if top <= bottom:
                top = bottom + step
            fitted = (round_to_step(bottom, step), round_to_step(top, step))
        if fitted == current:
            return None
        self.range = fitted
        return fitted
