"""A square matrix (weights) as an image with a diverging colour map centred on zero."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from widgets import palette, zoom
from widgets.plot_style import PlotPanel, diverging_lut, style_colorbar_axis

EMPTY_LIMIT = 1.0  # the colour range (-1, 1) shown while every entry is zero


class MatrixView(PlotPanel):
    """Draws a matrix; zero is white, the colour range is symmetric about zero.

    A matrix that is empty or all zero (no memories stored yet) is said in words (`empty_text`)
    over a white square, with a colour bar from -1 to +1, rather than shown as data.
    """

    def __init__(
        self,
        title: str,
        x_label: str,
        y_label: str,
        tooltip: str = "",
        empty_text: str = "no memories stored",
    ) -> None:
        super().__init__(title, x_label, y_label, tooltip)
        self.plot.setAspectLocked(True)
        self.plot.showGrid(x=False, y=False)
        self.plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(diverging_lut())
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=diverging_lut(), interactive=False, width=18)
        self.colorbar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        style_colorbar_axis(self.colorbar, "")
        self.empty_label = pg.TextItem(empty_text, color=palette.TEXT, anchor=(0.5, 0.5))
        self.empty_label.setFont(zoom.font(1))
        self.plot.addItem(self.empty_label)
        self._shown: np.ndarray | None = None
        self._show(np.zeros((1, 1), dtype=np.float32), None)

    def is_empty(self) -> bool:
        """True while the matrix shown is empty or all zero (the empty text is shown)."""
        return self.empty_label.isVisible()

    def set_matrix(self, matrix: np.ndarray, extent: float | None = None) -> None:
        """Show `matrix` ((K, K) float); `extent` is the axis length it spans (default K units)."""
        if matrix is self._shown:
            return
        self._shown = matrix
        self._show(np.asarray(matrix, dtype=np.float32), extent)

    def _show(self, data: np.ndarray, extent: float | None) -> None:
        if data.size == 0:
            data = np.zeros((1, 1), dtype=np.float32)
        finite = np.abs(data[np.isfinite(data)])
        limit = float(finite.max()) if finite.size else 0.0
        empty = limit == 0.0
        limit = limit or EMPTY_LIMIT
        self.image.setImage(data, autoLevels=False, levels=(-limit, limit))
        self.colorbar.setLevels((-limit, limit))
        span = float(extent or data.shape[0])
        self.image.setRect(0, 0, span, span)
        self.plot.setRange(xRange=(0, span), yRange=(0, span), padding=0.02)
        self.empty_label.setPos(span / 2, span / 2)
        self.empty_label.setVisible(empty)
