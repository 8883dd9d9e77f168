"""Energy per unit against time (in sweeps): flat or falling under asynchronous updates."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from widgets import palette
from widgets.plot_style import PlotPanel, SteppedRange, pen


class EnergyTrace(PlotPanel):
    """A line of E/N over sweeps, with a dot at the present."""

    def __init__(self) -> None:
        super().__init__(
            "Energy E / N",
            "time (sweeps)",
            "E / N",
            "Energy of the network state after each update. Asynchronous updates at T = 0 never\n"
            "raise it; synchronous updates or a temperature above 0 can.",
        )
        self.curve = self.plot.plot(pen=pen(palette.CURRENT))
        self.curve.setClipToView(True)
        self.curve.setDownsampling(auto=True, method="peak")
        self.plot.disableAutoRange()
        # E/N of a Hopfield network lies in about [-1, 0]: a flat trace (an empty network, a
        # fixed point) gets a 0.1-wide round range rather than a 1e-9-wide one.
        self._x, self._y = SteppedRange(), SteppedRange(min_span=0.1)
        self.now = pg.ScatterPlotItem(size=14, brush=palette.CURRENT, pen=pg.mkPen("w", width=2))
        self.plot.addItem(self.now)

    def set_trace(self, sweeps: np.ndarray, energy: np.ndarray) -> None:
        self.curve.setData(sweeps, energy)
        if len(sweeps):
            self.now.setData([sweeps[-1]], [energy[-1]])
            x_range = self._x.fit(0.0, float(sweeps[-1]), from_zero=True)
            y_range = self._y.fit(float(np.min(energy)), float(np.max(energy)))
            if x_range:
                self.plot.setXRange(*x_range, padding=0.02)
            if y_range:
                self.plot.setYRange(*y_range, padding=0.02)
