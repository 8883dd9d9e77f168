"""Firing rate against preferred direction: the bump of the ring unrolled onto a line.

The ring is periodic, so the curve is closed by repeating neuron 0 at 360 deg. A red vertical line
marks the decoded heading, an orange dashed one the landmark cue, as on the ring view.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from widgets import palette
from widgets.plot_style import PlotPanel, label_style, pen

DOT_LIMIT = 128  # up to this many neurons each one is drawn as a dot on the curve


def degree_axis(plot: pg.PlotWidget, axis: str, low: float, high: float) -> None:
    """Ticks every 90 deg (45 deg minor) on `axis` of `plot`, range fixed to low..high."""
    major = [(v, f"{v:g}°") for v in np.arange(math.ceil(low / 90) * 90, high + 1, 90)]
    minor = [(v, "") for v in np.arange(math.ceil(low / 45) * 45, high + 1, 45)]
    plot.getAxis(axis).setTicks([major, minor])
    if axis == "bottom":
        plot.setXRange(low, high, padding=0.01)
    else:
        plot.setYRange(low, high, padding=0.02)


class RatePlot(PlotPanel):
    """Rates (y) of the neurons at their preferred directions (x, degrees 0..360)."""

    def __init__(self) -> None:
        super().__init__(
            "Rate against preferred direction",
            "preferred direction (deg)",
            "rate (Hz)",
            "Each neuron's firing rate at its preferred direction: the bump unrolled.\n"
            "Red line: the decoded heading. Orange dashed line: the landmark cue.",
        )
        self.plot.setMouseEnabled(x=False, y=False)
        degree_axis(self.plot, "bottom", 0.0, 360.0)
        self.curve = self.plot.plot(pen=pen(palette.INK, 3))
        self.decoded = pg.InfiniteLine(angle=90, pen=pen(palette.DECODED_HEADING, 4))
        self.cue = pg.InfiniteLine(angle=90, pen=pen(palette.CUE, 8, dashed=True))
        self.decoded.setZValue(10)  # on top of the wider cue line when the bump sits on the cue
        for line in (self.decoded, self.cue):
            line.hide()
            self.plot.addItem(line)
        self._top = 0.0
        self._unit = ""
        self.set_rate_scale(40.0, "Hz")

    def set_rate_scale(self, top: float, unit: str) -> None:
        """Fixed y range 0..top (a little headroom), labelled in `unit` ('' for arbitrary)."""
        if (top, unit) == (self._top, self._unit):
            return
        self._top, self._unit = top, unit
        self.plot.setYRange(0.0, 1.1 * top, padding=0)
        label = f"rate ({unit})" if unit else "rate (a.u.)"
        self.plot.getAxis("left").setLabel(label, **label_style())

    def set_rates(self, angles: np.ndarray, rates: np.ndarray) -> None:
        """`angles` (N,) rad of the neurons' preferred directions, `rates` (N,) their rates."""
        degrees = np.append(np.degrees(angles), 360.0)
        closed = np.append(rates, rates[:1])
        if len(rates) <= DOT_LIMIT:
            size = 11 if len(rates) <= 32 else 7
            self.curve.setData(
                degrees,
                closed,
                symbol="o",
                symbolSize=size,
                symbolBrush=palette.INK,
                symbolPen=None,
            )
        else:
            self.curve.setData(degrees, closed, symbol=None)

    def set_decoded(self, angle: float | None) -> None:
        """Decoded heading (rad), or None to hide the line."""
        _place(self.decoded, angle)

    def set_cue(self, angle: float | None) -> None:
        """Landmark cue (rad), or None to hide the line."""
        _place(self.cue, angle)


def _place(line: pg.InfiniteLine, angle: float | None) -> None:
    if angle is None:
        line.hide()
        return
    line.setValue(math.degrees(angle) % 360.0)
    line.show()
