"""The ring's Lyapunov energy: falling while the bump forms, and flat along the ring.

Left, E / N over the last seconds of model time. Right, E / N of the settled bump placed at every
position: a flat valley (every heading is as good as any other), tilted by a landmark cue; the ball
is the network now, at its decoded heading. Both plots share the energy axis, and the dashed line
marks the uniform state (every neuron at the same rate, no bump), the ridge the bump breaks away
from. The energy axis covers the valley (with room above the ridge) and the whole trace shown, in
round steps: a scrambled start far above the valley and a cue pulling the bump below it are both
on the chart, and the axis narrows to the valley again when they have scrolled out of the trace.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from widgets import palette
from widgets.plot_style import SteppedRange, pen, styled_plot
from widgets.rate_plot import degree_axis

UNIFORM = palette.GRID_LINE.darker(160)
ABOVE_SYMBOL = "t1"  # a triangle pointing up: the state is higher than the axis shows
BELOW_SYMBOL = "t"  # pointing down: lower than the axis shows


def energy_axis_range(valley: np.ndarray, uniform: float) -> tuple[float, float]:
    """(low, high) of the energy axis: the valley floor to a bit above the uniform state."""
    floor = float(np.min(valley))
    top = max(float(uniform), float(np.max(valley)))
    depth = max(top - floor, 1e-6 * max(1.0, abs(floor)))
    return floor - 0.45 * depth, top + 0.55 * depth


class RingEnergyView(QWidget):
    """Energy trace (left) and energy valley over bump positions (right), on one energy axis."""

    def __init__(self) -> None:
        super().__init__()
        self.trace_plot = styled_plot(
            "Energy over time",
            "time (s)",
            "E / N",
            "Lyapunov energy per neuron, E = −½ fᵀWf + Σ∫f⁻¹ − Iᵀf. It only falls while the\n"
            "bump forms (without velocity input or noise). Dashed: the uniform state (no bump).",
        )
        self.valley_plot = styled_plot(
            "Energy valley",
            "bump position (deg)",
            "",
            "Energy of the settled bump centred at each position: the same everywhere, a flat\n"
            "valley around the ring, so the bump stays wherever it is put. A held cue tilts\n"
            "it towards the cue (and the cue also makes the bump taller, so the network can\n"
            "sit below this curve). Ball: the network now, at its decoded heading.",
        )
        self.uniform_lines = []
        for plot in (self.trace_plot, self.valley_plot):
            plot.setMouseEnabled(x=False, y=False)
            line = pg.InfiniteLine(angle=0, pen=pen(UNIFORM, 2.5, dashed=True))
            plot.addItem(line)
            self.uniform_lines.append(line)
        self._add_items()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.trace_plot, 1)
        layout.addWidget(self.valley_plot, 1)

    def _add_items(self) -> None:
        self.uniform_label = pg.TextItem("no bump", color=UNIFORM, anchor=(0, 1))
        self.valley_plot.addItem(self.uniform_label)
        self.valley_plot.setYLink(self.trace_plot)
        self.valley_plot.getAxis("left").setStyle(showValues=False)
        degree_axis(self.valley_plot, "bottom", 0.0, 360.0)
        self.trace = self.trace_plot.plot(pen=pen(palette.CURRENT, 3))
        self.trace_now = pg.ScatterPlotItem(size=14, brush=palette.CURRENT, pen=pg.mkPen("w"))
        self.trace_plot.addItem(self.trace_now)
        self.valley = self.valley_plot.plot(pen=pen(palette.INK, 4))
        self.ball = pg.ScatterPlotItem(size=24, brush=palette.CURRENT, pen=pg.mkPen("w", width=3))
        self.valley_plot.addItem(self.ball)
        self._range = (-1.0, 1.0)
        self._y = SteppedRange(min_span=0.01)
        self._valley_bounds: tuple[float, float] | None = None
        self._trace_bounds: tuple[float, float] | None = None
        self._valley_shown: np.ndarray | None = None

    @property
    def energy_range(self) -> tuple[float, float]:
        """(low, high) of the energy axis now."""
        return self._range

    def set_valley(self, positions: np.ndarray, energies: np.ndarray, uniform: float) -> None:
        """E / N (M,) of the bump at `positions` (M,) rad, and of the uniform state."""
        if energies is self._valley_shown:
            return
        self._valley_shown = energies
        degrees = np.append(np.degrees(positions), 360.0)
        self.valley.setData(degrees, np.append(energies, energies[:1]))
        for line in self.uniform_lines:
            line.setValue(uniform)
        self.uniform_label.setPos(4.0, uniform)
        self._valley_bounds = energy_axis_range(energies, uniform)
        self._fit_energy_axis()

    def set_trace(self, times: np.ndarray, energies: np.ndarray, window: float) -> None:
        """E / N (T,) at `times` (T,) s; the x axis shows the last `window` seconds."""
        if len(times) == 0:
            return
        self.trace.setData(times, energies)
        end = float(times[-1])
        self.trace_plot.setXRange(end - window, end, padding=0.02)
        shown = np.asarray(energies)[np.asarray(times) >= end - window]
        shown = shown[np.isfinite(shown)]
        self._trace_bounds = (float(shown.min()), float(shown.max())) if shown.size else None
        self._fit_energy_axis()
        self._mark(self.trace_now, end, float(energies[-1]), 14)

    def set_state(self, position: float, energy: float) -> None:
        """The network now: decoded heading `position` (rad) and its E / N."""
        self._mark(self.ball, math.degrees(position) % 360.0, energy, 24)

    def _fit_energy_axis(self) -> None:
        """Cover the valley and the trace shown, moving the axis only in round steps."""
        bounds = [b for b in (self._valley_bounds, self._trace_bounds) if b is not None]
        if not bounds:
            return
        low, high = min(b[0] for b in bounds), max(b[1] for b in bounds)
        if self._trace_bounds is not None:  # room round the trace, so it never runs on the frame
            margin = 0.05 * (high - low)
            low = min(low, self._trace_bounds[0] - margin)
            high = max(high, self._trace_bounds[1] + margin)
        fitted = self._y.fit(low, high)
        if fitted is not None:
            self._range = fitted
            self.trace_plot.setYRange(*fitted, padding=0)

    def _mark(self, item: pg.ScatterPlotItem, x: float, energy: float, size: int) -> None:
        low, high = self._range
        if not math.isfinite(energy):
            item.setData([], [])
        elif energy > high:
            top = high - 0.04 * (high - low)
            item.setData([x], [top], symbol=ABOVE_SYMBOL, size=size)
        elif energy < low:
            bottom = low + 0.04 * (high - low)
            item.setData([x], [bottom], symbol=BELOW_SYMBOL, size=size)
        else:
            item.setData([x], [energy], symbol="o", size=size)
