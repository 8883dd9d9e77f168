"""Many round dots in a few colours, drawn fast: one QPainter.drawPoints call per colour (10 000
QPainter ellipses would take most of a frame). Used by the phase circle and the bridge view."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen


def draw_binned_points(
    painter: QPainter,
    points: np.ndarray,
    values: np.ndarray,
    colors: Sequence[QColor],
    size: float,
) -> None:
    """Draw `points` (K, 2) in widget pixels as round dots `size` pixels across, each in the
    colour of its value in [0, 1]: colors[0] from 0, up to colors[-1] at 1 (equal bins)."""
    count = len(colors)
    bins = np.minimum((np.asarray(values) * count).astype(np.intp), count - 1)
    for index, color in enumerate(colors):
        chosen = points[bins == index]
        if len(chosen) == 0:
            continue
        polygon = pg.functions.create_qpolygonf(len(chosen))
        pg.functions.ndarray_from_qpolygonf(polygon)[:] = chosen
        pen = QPen(color, size)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPoints(polygon)
