"""The synchrony lab's plots: r(t), r against K with Kuramoto's theory, and the bridge's traces.

Red is the order parameter r throughout (the length of the arrow on the phase circle); theory is
dashed ink, K_c and the critical crowd are dashed grey.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets import palette, zoom
from widgets.bridge_view import DECK_EDGE
from widgets.phase_circle import ORDER_ARROW
from widgets.plot_style import PlotPanel, nice_ceiling, pen, styled_plot


def _marker_line(angle: int, dashed: bool = True) -> pg.InfiniteLine:
    color = palette.GRID_LINE if dashed else palette.TEXT
    return pg.InfiniteLine(angle=angle, pen=pen(color, 2, dashed=dashed))


class OrderTrace(PlotPanel):
    """r(t) over the last minute, with the infinite population's r at this K dashed."""

    def __init__(self) -> None:
        super().__init__(
            "Order parameter r(t)",
            "time (s)",
            "r",
            "r = |mean of e^(iθ)|: 0 when the phases are spread evenly, 1 when all are in step.\n"
            "Dashed: Kuramoto's r for infinitely many oscillators at this K.\n"
            "A finite crowd fluctuates by about 1/√N round it.",
        )
        self.curve = self.plot.plot(pen=pen(ORDER_ARROW))
        self.theory = _marker_line(0)
        self.theory.setPen(pen(palette.TEXT, 2, dashed=True))
        self.plot.addItem(self.theory)
        self.plot.setYRange(0.0, 1.0, padding=0.02)
        self.plot.setMouseEnabled(x=False, y=False)

    def set_trace(self, time: np.ndarray, r: np.ndarray, theory: float, window: float) -> None:
        self.curve.setData(time, r)
        end = max(float(time[-1]) if len(time) else 0.0, window)
        self.plot.setXRange(end - window, end, padding=0.0)
        self.theory.setPos(theory)


class SweepPlot(PlotPanel):
    """Points (K, r) as a sweep computes them, Kuramoto's curve, K_c and the present K."""

    def __init__(self) -> None:
        super().__init__(
            "r against coupling K",
            "coupling K (1/s)",
            "r",
            "Red dots: r averaged over the second half of a run from random phases, one run per K\n"
            "(Sweep K). Dashed: Kuramoto's theory for infinitely many oscillators; for the\n"
            "Lorentzian r = √(1 − K_c/K) with K_c = 2γ. Grey: K_c. Black: the K set now.",
        )
        self.curve = self.plot.plot(pen=pen(palette.TEXT, 2.5, dashed=True))
        self.points = pg.ScatterPlotItem(
            size=13, brush=ORDER_ARROW, pen=pg.mkPen(palette.BACKGROUND, width=1.5)
        )
        self.plot.addItem(self.points)
        self.critical = _marker_line(90)
        self.present = _marker_line(90, dashed=False)
        self.plot.addItem(self.critical)
        self.plot.addItem(self.present)
        self.label = pg.TextItem("K_c", color=palette.TEXT, anchor=(0, 0))
        self.plot.addItem(self.label)
        self.plot.setXRange(0.0, 4.0, padding=0.02)
        self.plot.setYRange(0.0, 1.0, padding=0.02)
        self.plot.setMouseEnabled(x=False, y=False)

    def set_theory(self, k: np.ndarray, r: np.ndarray, critical: float) -> None:
        self.curve.setData(k, r)
        self.critical.setPos(critical)
        self.label.setPos(critical, 0.98)

    def set_points(self, sweep: np.ndarray) -> None:
        self.points.setData(sweep[:, 0], sweep[:, 1]) if len(sweep) else self.points.clear()

    def set_runs(self, n_oscillators: int, seconds: float) -> None:
        """Say in the title what each point is: a run of N oscillators for `seconds`."""
        self.plot.setTitle(
            f"r against K  (N = {n_oscillators}, {seconds:.0f} s a point)",
            color=palette.TEXT.name(), size=zoom.css_size(1),
        )  # fmt: skip

    def set_coupling(self, coupling: float) -> None:
        self.present.setPos(coupling)


class BridgeTraces(QWidget):
    """Three traces over the same minutes: the sway, the walkers' r, and the crowd size."""

    def __init__(self) -> None:
        super().__init__()
        self.sway_plot = styled_plot(
            "Sideways sway of the bridge", "", "cm",
            "X(t), the sway at mid-span, in cm (thin), and its amplitude A (thick).",
        )  # fmt: skip
        self.r_plot = styled_plot(
            "Walkers in step: r", "", "r",
            "Order parameter of the walkers' gait phases (1: all in step).",
        )  # fmt: skip
        self.crowd_plot = styled_plot(
            "Crowd on the bridge", "time (s)", "walkers",
            "Number of walkers; dashed: the critical crowd N_c of Strogatz et al. (2005).",
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for plot in (self.sway_plot, self.r_plot, self.crowd_plot):
            plot.setMouseEnabled(x=False, y=False)
            layout.addWidget(plot)
        self.r_plot.setXLink(self.sway_plot)
        self.crowd_plot.setXLink(self.sway_plot)
        self.sway = self.sway_plot.plot(pen=pen(DECK_EDGE, 1.2))
        self.amplitude = self.sway_plot.plot(pen=pen(DECK_EDGE, 3.5))
        self.r = self.r_plot.plot(pen=pen(ORDER_ARROW))
        self.r_plot.setYRange(0.0, 1.0, padding=0.02)
        self.crowd = self.crowd_plot.plot(pen=pen(palette.TEXT), stepMode=None)
        self.critical = _marker_line(0)
        self.crowd_plot.addItem(self.critical)
        self.critical_label = pg.TextItem("N_c", color=palette.TEXT, anchor=(0, 1))
        self.crowd_plot.addItem(self.critical_label)

    def set_traces(
        self,
        time: np.ndarray,
        sway: np.ndarray,
        amplitude: np.ndarray,
        r: np.ndarray,
        walkers: np.ndarray,
        critical_crowd: float,
        window: float,
    ) -> None:
        self.sway.setData(time, 100.0 * sway)
        self.amplitude.setData(time, 100.0 * amplitude)
        self.r.setData(time, r)
        self.crowd.setData(time, walkers)
        self.critical.setPos(critical_crowd)
        end = max(float(time[-1]) if len(time) else 0.0, window)
        self.sway_plot.setXRange(end - window, end, padding=0.0)
        self.critical_label.setPos(end - window, critical_crowd)
        top = nice_ceiling(max(1.0, float(np.max(amplitude, initial=0.0)) * 100.0))
        self.sway_plot.setYRange(-top, top, padding=0.02)
        most = nice_ceiling(max(float(np.max(walkers, initial=0.0)), critical_crowd) * 1.1)
        self.crowd_plot.setYRange(0.0, most, padding=0.02)
