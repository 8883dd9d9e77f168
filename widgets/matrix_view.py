"""A square matrix (weights) as an image with a diverging colour map centred on zero."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from widgets.plot_style import PlotPanel, diverging_lut


class MatrixView(PlotPanel):
    """Draws a matrix; zero is white, the colour range is symmetric about zero."""

    def __init__(self, title: str, x_label: str, y_label: str, tooltip: str = "") -> None:
        super().__init__(title, x_label, y_label, tooltip)
        self.plot.setAspectLocked(True)
        self.plot.showGrid(x=False, y=False)
        self.plot.invertY(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(diverging_lut())
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=diverging_lut(), interactive=False, width=18)
        self.colorbar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self._shown: np.ndarray | None = None

    def set_matrix(self, matrix: np.ndarray, extent: float | None = None) -> None:
        """Show `matrix` ((K, K) float); `extent` is the axis length it spans (default K units)."""
        if matrix is self._shown:
            return
        self._shown = matrix
        data = np.asarray(matrix, dtype=np.float32)
        if data.size == 0:
            data = np.zeros((1, 1), dtype=np.float32)
        limit = float(np.nanmax(np.abs(data))) or 1.0
        self.image.setImage(data, autoLevels=False, levels=(-limit, limit))
        self.colorbar.setLevels((-limit, limit))
        span = float(extent or data.shape[0])
        self.image.setRect(0, 0, span, span)
        self.plot.setRange(xRange=(0, span), yRange=(0, span), padding=0.02)
