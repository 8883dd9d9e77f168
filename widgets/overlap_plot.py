"""Overlaps m_mu(t) of the state with every stored memory, and a big verdict line above them."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from widgets import palette
from widgets.live_text import LiveText
from widgets.plot_style import PlotPanel, SteppedRange, pen


class OverlapPlot(PlotPanel):
    """One curve per memory, coloured and named in a legend; m = +1 is recall, -1 the reverse."""

    def __init__(self) -> None:
        super().__init__(
            "Overlaps m with the memories",
            "time (sweeps)",
            "m",
            "m = (memory . state) / N for every stored memory: +1 means the state is that memory,\n"
            "-1 its negative, about 0.5 for three memories at once (a mixture).",
        )
        self.plot.setYRange(-1.05, 1.05, padding=0)
        self.plot.disableAutoRange()  # explicit ranges: auto-range repaints twice per update
        self._x = SteppedRange()
        self.plot.getPlotItem().addLegend(offset=(-10, 10), labelTextSize="12pt")
        self._curves = []
        self._names: tuple[str, ...] = ()

    def set_history(self, sweeps: np.ndarray, history: np.ndarray, names: tuple[str, ...]) -> None:
        """`history` is (T, P): overlap with memory p after each recorded step."""
        if names != self._names:
            self._rebuild(names)
        for p, curve in enumerate(self._curves):
            curve.setData(sweeps, history[:, p])
        x_range = self._x.fit(0.0, float(sweeps[-1]), from_zero=True) if len(sweeps) else None
        if x_range:
            self.plot.setXRange(*x_range, padding=0.02)

    def _rebuild(self, names: tuple[str, ...]) -> None:
        for curve in self._curves:
            self.plot.removeItem(curve)
        self._curves = [
            self.plot.plot(pen=pen(palette.SERIES[i % len(palette.SERIES)]), name=f"'{name}'")
            for i, name in enumerate(names)
        ]
        self._names = names


class VerdictLabel(LiveText):
    """The one sentence the class reads: recalled 'A' (m = 1.00), mixture, spurious, 2-cycle."""

    def __init__(self) -> None:
        super().__init__(
            "draw a pattern, store it, then press Space",
            point_size=palette.FONT_POINT_SIZE + 9,
            bold=True,
            background=QColor("#eef2fb"),
        )
        self.setToolTip("What the network is doing now, judged from the overlaps.")

    def set_verdict(self, text: str) -> None:
        self.setText(text)
