"""Plots of the capacity explorer: recall against load (mean overlap with its spread) and the
fraction of unstable bits against load with the theory curve. Each draws what it is given; the
lab passes curves as plain arrays (this module imports nothing of the app or the models).

Curves are keyed by name and coloured by the caller (one colour per network); curves of
pictures (letters, digits) are dashed with square markers, random ones solid with dots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from widgets import palette, zoom
from widgets.plot_style import PlotPanel, nice_ceiling, pen

# The limit lines carry no meaning elsewhere in the app: dark grey, dotted.
LIMIT_COLOR = QColor("#555555")  # alpha_c = 0.138 and the theory curve
PROBE_COLOR = palette.CURRENT  # the load of the trial on the grid: the live state's blue


@dataclass(frozen=True)
class CurveData:
    """What one curve shows: x = loads (L,), y (L,), spread (L,) or None."""

    name: str
    color: QColor
    loads: np.ndarray
    values: np.ndarray
    spread: np.ndarray | None = None
    pictures: bool = False


# Where the alpha_c line is labelled, so that the label grows (with the zoom) into empty room:
# above the bottom, right of the line (recall: nothing there below the failing curves), or at
# the top, left of the line (unstable bits: the curves rise on the right).
LABEL_LOW_RIGHT = {"position": 0.04, "anchors": [(0, 1), (0, 1)]}
LABEL_HIGH_LEFT = {"position": 0.96, "anchors": [(1, 0), (1, 0)]}


class _CurvesPlot(PlotPanel):
    def __init__(
        self,
        title: str,
        y_label: str,
        tooltip: str,
        alpha_c: float,
        label: str = "",
        label_place: dict = LABEL_LOW_RIGHT,
    ) -> None:
        super().__init__(title, "load α = P / N", y_label, tooltip)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize=zoom.css_size(-2))
        self.limit = pg.InfiniteLine(
            alpha_c,
            angle=90,
            pen=pen(LIMIT_COLOR, 2, dashed=True),
            label=label or f"α_c = {alpha_c}",
            labelOpts={"color": LIMIT_COLOR, **label_place},
        )
        self.plot.addItem(self.limit)
        self._curves: dict[str, tuple[pg.PlotDataItem, pg.ErrorBarItem | None]] = {}

    def show_loads_up_to(self, load: float) -> None:
        """The load axis from 0 to `load` (a little more, so the last point is clear)."""
        if getattr(self, "_right", None) != load:
            self._right = load
            self.plot.setXRange(0.0, load * 1.04, padding=0)

    def names(self) -> list[str]:
        return list(self._curves)

    def data_of(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._curves[name][0].getData()
        return np.asarray(x), np.asarray(y)

    def set_curves(self, curves: list[CurveData]) -> None:
        """Show exactly these curves (kept items are updated in place)."""
        wanted = {c.name for c in curves}
        for name in [n for n in self._curves if n not in wanted]:
            item, bars = self._curves.pop(name)
            self.plot.removeItem(item)
            self.legend.removeItem(item)
            if bars is not None:
                self.plot.removeItem(bars)
        for curve in curves:
            self._show(curve)

    def _show(self, curve: CurveData) -> None:
        if curve.name not in self._curves:
            item = self.plot.plot(
                name=curve.name,
                pen=pen(curve.color, 3, dashed=curve.pictures),
                symbol="s" if curve.pictures else "o",
                symbolSize=8,
                symbolBrush=curve.color,
                symbolPen=curve.color,
            )
            bars = None
            if curve.spread is not None:
                bars = pg.ErrorBarItem(beam=0.004, pen=pen(curve.color, 1.5))
                self.plot.addItem(bars)
            self._curves[curve.name] = (item, bars)
        item, bars = self._curves[curve.name]
        item.setData(curve.loads, curve.values)
        if bars is not None and curve.spread is not None:
            bars.setData(x=curve.loads, y=curve.values, height=2 * curve.spread)


class RecallPlot(_CurvesPlot):
    """Mean final overlap with the cued memory (and its spread) against the load."""

    export_name = "recall"  # hopgui's export: <lab>-recall.png / .svg / .csv (off the plot)

    def __init__(self, alpha_c: float) -> None:
        super().__init__(
            "Recall: overlap with the cued memory",
            "m",
            "Each point: the mean over the trials of the overlap m between the cued memory\n"
            "and where the network ended (1 = recalled); bars: ± one standard deviation.\n"
            f"Random memories fail near α_c = {alpha_c} (Amit, Gutfreund & Sompolinsky 1985);\n"
            "letters and digits, which look alike, fail far earlier (dashed).",
            alpha_c,
        )
        self.plot.setYRange(-0.1, 1.05, padding=0)
        self.probe = pg.InfiniteLine(0.1, angle=90, pen=pen(PROBE_COLOR, 2))
        self.probe.setToolTip("The load of the trial on the grid")
        self.plot.addItem(self.probe)

    def set_probe_load(self, load: float) -> None:
        self.probe.setValue(load)


class BitErrorPlot(_CurvesPlot):
    """Fraction of unstable bits of the stored memories against the load, with the theory."""

    def __init__(self, alpha_c: float) -> None:
        super().__init__(
            "Unstable bits",
            "fraction",
            "The fraction of bits of a stored memory that one update from the memory itself\n"
            "flips. Dotted: the theory for random memories, P_err = ½ (1 − erf(√(1 / 2α))).",
            alpha_c,
            label="α_c",  # the number is on the recall plot beside it
            label_place=LABEL_HIGH_LEFT,
        )
        self._top = 0.0
        self.theory = self.plot.plot(
            name="theory", pen=pg.mkPen(LIMIT_COLOR, width=2, style=Qt.PenStyle.DotLine)
        )

    def set_theory(self, loads: np.ndarray, errors: np.ndarray) -> None:
        self.theory.setData(loads, errors)

    def show_fraction_up_to(self, top: float) -> None:
        """The fraction axis from 0 to a round value at or above `top`."""
        top = nice_ceiling(top * 1.1)
        if top != self._top:
            self._top = top
            self.plot.setYRange(0.0, top, padding=0)
