"""The ring's connection profile w(theta): near excitation, far inhibition, and the shift term.

theta is the difference of preferred directions theta_i - theta_j. The derivative w'(theta) is
odd; adding gamma w' tilts the profile so each neuron excites the neighbours on one side more, and
the bump travels (Zhang 1996). w' is much larger than w, so it is drawn scaled (the legend says by
how much); w and w + gamma w' share one scale.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from widgets import palette
from widgets.plot_style import PlotPanel, pen
from widgets.rate_plot import degree_axis

MOVING = QColor("#01665e")  # bluish green: the tilted profile of a moving bump
DERIVATIVE = palette.GRID_LINE.darker(150)


def nice_scale(ratio: float) -> float:
    """The largest of 1, 2, 5 times a power of ten that is at most `ratio` (> 0)."""
    if not math.isfinite(ratio) or ratio <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(ratio))
    return max(m * power for m in (1.0, 2.0, 5.0) if m * power <= ratio * (1 + 1e-9))


class WeightProfilePlot(PlotPanel):
    """w(theta), w'(theta) (scaled) and, while the bump is driven to move, w + gamma w'."""

    def __init__(self) -> None:
        super().__init__(
            "Weight profile w(θ)",
            "θ = θi − θj (deg)",
            "weight",
            "Connection strength from a neuron to one whose preferred direction differs by θ.\n"
            "Black: w(θ), excitatory (> 0) to near neighbours, inhibitory (< 0) far away.\n"
            "Grey dashed: its derivative w′(θ), drawn scaled. Green: w + γw′, the tilted\n"
            "profile that moves the bump at angular velocity −γ / τ (γ set by the velocity input).",
        )
        self.plot.setMouseEnabled(x=False, y=False)
        degree_axis(self.plot, "bottom", -180.0, 180.0)
        self.plot.getAxis("left").setStyle(showValues=False)  # the shape matters, not 1e-3
        self.plot.addItem(pg.InfiniteLine(pos=0.0, angle=0, pen=pen(palette.GRID_LINE, 1.5)))
        self.legend = self.plot.getPlotItem().addLegend(offset=(8, 8), labelTextSize="12pt")
        self.derivative = self.plot.plot(pen=pen(DERIVATIVE, 2.5, dashed=True), name="w′(θ)")
        self.weights = self.plot.plot(pen=pen(palette.INK, 3.5), name="w(θ)")
        self.tilted = self.plot.plot(pen=pen(MOVING, 4))  # in the legend only while moving
        self.tilted.hide()
        red, blue = palette.WEIGHT_MAP_COLORS[2], palette.WEIGHT_MAP_COLORS[0]
        self.excitation = pg.TextItem("excitation", color=red, anchor=(0, 0.5))
        self.inhibition = pg.TextItem("inhibition", color=blue, anchor=(0.5, 0))
        for label in (self.excitation, self.inhibition):
            self.plot.addItem(label)
        self._shown: tuple[np.ndarray, ...] | None = None
        self._gamma: float | None = None
        self._static_range = (-1.0, 1.0)
        self.scale = 1.0

    def set_profile(
        self, theta: np.ndarray, w: np.ndarray, dw: np.ndarray, tilted: np.ndarray, gamma: float
    ) -> None:
        """theta (N,) rad in [-pi, pi); w, dw = w' and tilted = w + gamma w', each (N,).

        Everything drawn follows every input: a new ring (N, kernel) redraws w, w' and the tilted
        profile, whatever gamma is, and the vertical range always fits what is drawn.
        """
        inputs = (theta, w, dw)
        new_ring = self._shown is None or any(
            a is not b for a, b in zip(inputs, self._shown, strict=True)
        )
        if not new_ring and gamma == self._gamma:
            return  # the same ring at the same gamma: `tilted` is the same curve
        degrees = np.degrees(theta)
        if new_ring:
            self._shown = inputs
            self._show_static(degrees, w, dw)
        moving, was_moving = gamma != 0.0, bool(self._gamma)
        self._gamma = gamma
        self.tilted.setData(degrees, tilted)
        self.tilted.setVisible(moving)
        if moving and not was_moving:
            self.legend.addItem(self.tilted, "w + γw′")
        elif was_moving and not moving:
            self.legend.removeItem(self.tilted)
        self.plot.setTitle(f"Weight profile w(θ)  ·  γ = {gamma + 0.0:+.4f}")
        self._fit_range(tilted if moving else None)

    def _show_static(self, degrees: np.ndarray, w: np.ndarray, dw: np.ndarray) -> None:
        peak_dw = float(np.max(np.abs(dw)))
        self.scale = nice_scale(float(np.max(np.abs(w))) / peak_dw) if peak_dw > 0 else 1.0
        self.weights.setData(degrees, w)
        self.derivative.setData(degrees, self.scale * dw)
        label = "w′(θ)" if self.scale == 1.0 else f"w′(θ) × {self.scale:g}"
        self.legend.getLabel(self.derivative).setText(label)
        scaled = self.scale * np.abs(dw)
        top = max(float(w.max()), float(scaled.max()))
        bottom = min(float(w.min()), -float(scaled.max()))
        self.excitation.setPos(15.0, 0.85 * float(w.max()))  # beside the peak
        self.inhibition.setPos(130.0, float(w.min()))  # under the far, negative part
        self._static_range = (bottom, top)

    def _fit_range(self, tilted: np.ndarray | None) -> None:
        """Room for w, the scaled w' and (while moving) w + gamma w', the legend above them."""
        bottom, top = self._static_range
        if tilted is not None and np.isfinite(tilted).any():
            bottom = min(bottom, float(np.nanmin(tilted)))
            top = max(top, float(np.nanmax(tilted)))
        span = (top - bottom) or 1.0
        self.plot.setYRange(bottom - 0.3 * span, top + 0.15 * span, padding=0)
