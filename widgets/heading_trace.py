"""Heading over time: true (blue) and decoded (red) in degrees, and their difference below.

Headings are wrapped to (-180, 180], so a turn past 180 deg jumps to -180: the curves are broken
there instead of drawing a vertical line across the plot. Yellow bands mark when the lights were
on (the landmark visible). The x axis scrolls, showing the last `window` seconds.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets import palette
from widgets.plot_style import pen, styled_plot
from widgets.rate_plot import degree_axis
from widgets.zoom import css_size

# deg: the error axis snaps to one of these limits, with ticks every so many degrees
ERROR_TICKS = {10.0: 5.0, 20.0: 10.0, 45.0: 15.0, 90.0: 45.0, 180.0: 90.0}
ERROR_LIMITS = tuple(ERROR_TICKS)
LIT = QColor(palette.LANDMARK)
LIT.setAlpha(90)


def break_at_wraps(
    times: np.ndarray, degrees: np.ndarray, jump: float = 180.0
) -> tuple[np.ndarray, np.ndarray]:
    """NaN inserted between consecutive samples more than `jump` degrees apart (a wrap), so a
    curve drawn with connect="finite" breaks there."""
    wraps = np.flatnonzero(np.abs(np.diff(degrees)) > jump) + 1
    return np.insert(times, wraps, np.nan), np.insert(degrees, wraps, np.nan)


def error_limit(errors: np.ndarray) -> float:
    """The smallest of ERROR_LIMITS above 1.1 times the largest |error| (deg)."""
    largest = float(np.nanmax(np.abs(errors))) * 1.1 if len(errors) else 0.0
    return next((limit for limit in ERROR_LIMITS if limit >= largest), ERROR_LIMITS[-1])


def _heading_plot() -> pg.PlotWidget:
    """Headings in degrees, -180..180, the title coloured like the curves."""
    plot = styled_plot(
        "",
        "",
        "heading (deg)",
        "Blue: where the animal really faces. Red: the heading decoded from the bump.\n"
        "Yellow bands: lights on (landmark visible). In the dark the red drifts away\n"
        "when the velocity gain is not 1; the landmark pulls it back.",
    )
    degree_axis(plot, "left", -180.0, 180.0)
    true_css, decoded_css = palette.TRUE_HEADING.name(), palette.DECODED_HEADING.name()
    plot.setTitle(
        f"Heading: <b style='color:{true_css}'>true</b> and "
        f"<b style='color:{decoded_css}'>decoded</b>",
        color=palette.TEXT.name(),
        size=css_size(1),
    )
    return plot


class HeadingTraces(QWidget):
    """Two scrolling plots sharing the time axis: headings, and the heading error."""

    def __init__(self) -> None:
        super().__init__()
        self.heading_plot = _heading_plot()
        self.error_plot = styled_plot(
            "Error: decoded − true",
            "time (s)",
            "error (deg)",
            "Decoded minus true heading, wrapped to ±180°. It grows in the dark with a wrong\n"
            "velocity gain and snaps back to about 0 when the lights come on.",
        )
        self.error_plot.setXLink(self.heading_plot)
        self.error_plot.addItem(pg.InfiniteLine(pos=0.0, angle=0, pen=pen(palette.GRID_LINE, 2)))
        self.true_curve = self.heading_plot.plot(pen=pen(palette.TRUE_HEADING, 6), connect="finite")
        self.decoded_curve = self.heading_plot.plot(
            pen=pen(palette.DECODED_HEADING, 3), connect="finite"
        )
        self.error_curve = self.error_plot.plot(pen=pen(palette.INK, 3), connect="finite")
        self._bands: list[pg.LinearRegionItem] = []
        self._error_limit = 0.0
        for plot in (self.heading_plot, self.error_plot):
            plot.setMouseEnabled(x=False, y=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading_plot, 3)
        layout.addWidget(self.error_plot, 2)

    def set_traces(
        self,
        times: np.ndarray,
        true_deg: np.ndarray,
        decoded_deg: np.ndarray,
        error_deg: np.ndarray,
        window: float,
    ) -> None:
        """Samples (T,) of time (s) and headings / error (deg, wrapped to (-180, 180])."""
        if len(times) == 0:
            return
        self.true_curve.setData(*break_at_wraps(times, true_deg))
        self.decoded_curve.setData(*break_at_wraps(times, decoded_deg))
        self.error_curve.setData(*break_at_wraps(times, error_deg))
        end = float(times[-1])
        self.heading_plot.setXRange(max(end, window) - window, max(end, window), padding=0)
        limit = error_limit(error_deg)
        if limit != self._error_limit:
            self._error_limit = limit
            values = np.arange(-limit, limit + 1, ERROR_TICKS[limit])
            ticks = [(v, f"{v:+g}°" if v else "0°") for v in values]
            self.error_plot.getAxis("left").setTicks([ticks, []])
            self.error_plot.setYRange(-limit, limit, padding=0.05)

    def set_lit_intervals(self, intervals: tuple[tuple[float, float], ...]) -> None:
        """(start, end) times (s) with the lights on, shaded in both plots."""
        needed = 2 * len(intervals)
        while len(self._bands) < needed:
            for plot in (self.heading_plot, self.error_plot):
                band = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(LIT), pen=pg.mkPen(None))
                band.setZValue(-10)
                plot.addItem(band)
                self._bands.append(band)
        for index, band in enumerate(self._bands):
            if index < needed:
                band.setRegion(intervals[index // 2])
                band.show()
            else:
                band.hide()
