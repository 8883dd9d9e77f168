"""The energy landscape over the overlaps with two memories, and the state rolling across it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from widgets import palette, zoom
from widgets.plot_style import PlotPanel, label_style, pen, short_name, style_colorbar_axis

DEFAULT_TITLES = ("overlap with memory a", "overlap with memory b")
VALLEY_NAME_CHARACTERS = 10  # a memory's name beside its valley, in large bold type


class LandscapeView(PlotPanel):
    """Colour = energy per unit (dark = low: valleys); a ball with its trail = the state."""

    def __init__(self) -> None:
        super().__init__(
            "Energy landscape",
            *DEFAULT_TITLES,
            "Energy of the network for states with the given overlaps with two memories\n"
            "(computed from the network's own weights). Valleys sit at the memories and at\n"
            "their negatives; the ball is the current state, the line its path.",
        )
        self.plot.setAspectLocked(True)
        self.plot.showGrid(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), interactive=False)
        self.colorbar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        style_colorbar_axis(self.colorbar, "E / N")
        self.trail = self.plot.plot(pen=pen(QColor("white"), width=3))  # the state's path
        self.ball = pg.ScatterPlotItem(
            size=22, brush=palette.CURRENT, pen=pg.mkPen("w", width=3), symbol="o"
        )
        self.plot.addItem(self.ball)
        self._labels = [pg.TextItem(anchor=(0.5, 0.5), color=palette.STORED) for _ in range(4)]
        for label in self._labels:
            label.setFont(zoom.font(2, bold=True))  # zoom rescales it (no size in the HTML)
            self.plot.addItem(label)
        # room round the valleys for the memories' names (at 1.16) beside them
        self.plot.setRange(xRange=(-1.35, 1.35), yRange=(-1.35, 1.35), padding=0)
        self._shown = None

    def set_colorbar_shown(self, shown: bool) -> None:
        """Show or hide the colour bar (a narrow landscape on a projector: valleys are dark)."""
        self.colorbar.setVisible(shown)
        self.colorbar.axis.setVisible(shown)

    def set_landscape(
        self,
        m_a: np.ndarray,
        m_b: np.ndarray,
        energy: np.ndarray,
        names: tuple[str, str],
        cross_overlap: float = 0.0,
    ) -> None:
        """`energy[j, i]` is E/N at (m_a[i], m_b[j]); NaN where no state has those overlaps.

        `cross_overlap` is the overlap of the two memories with each other: memory a sits at
        (1, cross_overlap) and memory b at (cross_overlap, 1); their negatives opposite.
        """
        if energy is self._shown:
            return
        self._shown = energy
        finite = energy[np.isfinite(energy)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 0.0)
        self.image.setImage(np.asarray(energy, np.float32), autoLevels=False, levels=(low, high))
        self.colorbar.setLevels((low, high))
        step_a, step_b = m_a[1] - m_a[0], m_b[1] - m_b[0]
        self.image.setRect(
            m_a[0] - step_a / 2, m_b[0] - step_b / 2, step_a * len(m_a), step_b * len(m_b)
        )
        a, b = (short_name(name) for name in names)
        self._set_axis_titles(f"overlap with '{a}'", f"overlap with '{b}'")
        a, b = (short_name(name, VALLEY_NAME_CHARACTERS) for name in names)
        c = cross_overlap
        spots = ((1, c, a), (-1, -c, "-" + a), (c, 1, b), (-c, -1, "-" + b))
        for label, (x, y, text) in zip(self._labels, spots, strict=True):
            x, y = 1.16 * x, 1.16 * y  # just outside the valley, so the ball is never hidden
            style = f"color:{palette.STORED.name()};background:{palette.BACKGROUND.name()}"
            label.setHtml(f"<span style='{style}'>&nbsp;{text}&nbsp;</span>")
            label.setPos(x, y)

    def set_path(self, m_a: np.ndarray, m_b: np.ndarray) -> None:
        """The state's overlaps over time; the last point is where the ball is now."""
        self.trail.setData(m_a, m_b)
        if len(m_a):
            self.ball.setData([m_a[-1]], [m_b[-1]])

    def axis_titles(self) -> tuple[str, str]:
        """The x and y axis titles shown now."""
        return self.plot.getAxis("bottom").labelText, self.plot.getAxis("left").labelText

    def clear(self) -> None:
        """No landscape (fewer than two memories): nothing drawn, and no memory named."""
        self._set_axis_titles(*DEFAULT_TITLES)
        self._shown = None
        self.image.clear()
        self.trail.setData([], [])
        self.ball.setData([], [])
        for label in self._labels:
            label.setHtml("")

    def _set_axis_titles(self, x_title: str, y_title: str) -> None:
        if (x_title, y_title) != self.axis_titles():
            self.plot.getAxis("bottom").setLabel(x_title, **label_style())
            self.plot.getAxis("left").setLabel(y_title, **label_style())
