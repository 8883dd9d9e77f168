"""A lattice of +-1 spins up to 512 x 512, drawn every frame and painted with the mouse.

Up spins are ink, down spins paper (palette.INK / PAPER, as on the Hopfield grid). The picture is
one QImage with a pixel per spin, scaled by the painter without smoothing; a 512 x 512 frame costs
about a millisecond. A drag with the left button paints +1, with the right button -1, with a
square brush; the widget only reports the cells (`painted`), the lab decides what they mean.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette, zoom
from widgets.pixel_grid import pattern_image

FRAME_WIDTH = 3  # px round the picture
WHOLE_PIXEL_CELLS = 4  # px: from this cell size up, every cell gets the same whole pixels
MIN_SIDE_PX = 240  # the picture never shrinks below this (readable from the back row)
_STROKE_STEP = 0.5  # cells between brush stamps along a drag
_BUTTON_VALUES = {Qt.MouseButton.LeftButton: 1, Qt.MouseButton.RightButton: -1}


class SpinLattice(QWidget):
    """Shows a (rows, cols) array of +-1 spins; emits `painted(rows, cols, value)` with the
    int arrays of cells under the brush while the user drags (value +1 left, -1 right)."""

    painted = Signal(object, object, int)
    export_name = "lattice"  # hopgui's export: <lab>-lattice.png / .svg / .csv
    export_menu = False  # the right button paints: no right-click export menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._spins = np.zeros((1, 1), np.int8)
        self._shape = (1, 1)
        self._brush = 1
        self._button: Qt.MouseButton | None = None
        self._last = QPointF()
        self._caption = ""
        self._frame_color: QColor = palette.GRID_LINE
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)

    # --- what it shows --------------------------------------------------------------------------
    def set_spins(self, spins: np.ndarray) -> None:
        """Show a (rows, cols) array: > 0 ink, else paper."""
        spins = np.asarray(spins)
        if spins.ndim != 2:
            raise ValueError(f"the lattice view needs a 2-D array, not shape {spins.shape}")
        if spins.shape != self._shape:
            self._shape = spins.shape
            self.updateGeometry()
        self._spins = np.where(spins > 0, 1, -1).astype(np.int8)
        self._image = pattern_image(spins)
        self.update()

    def export_table(self) -> tuple[list[str], list[list]]:
        """The spins on screen, a row per lattice row (for CSV export)."""
        columns = ["row \\ column (spin: +1 up, -1 down)", *map(str, range(self._shape[1]))]
        return columns, [[r, *row.tolist()] for r, row in enumerate(self._spins)]

    @property
    def shape(self) -> tuple[int, int]:
        return self._shape

    def set_brush(self, cells: int) -> None:
        """The side of the square brush, in cells (at least 1)."""
        self._brush = max(1, int(cells))

    def set_caption(self, text: str) -> None:
        """A short note drawn in the top-left corner of the widget ("time ↓")."""
        self._caption = text
        self.update()

    @property
    def painting(self) -> bool:
        return self._button is not None

    # --- geometry -------------------------------------------------------------------------------
    def picture_rect(self) -> QRectF:
        """Where the spins are drawn: square cells, centred, the largest that fit."""
        rows, cols = self._shape
        room = min(
            (self.width() - 2 * FRAME_WIDTH) / cols, (self.height() - 2 * FRAME_WIDTH) / rows
        )
        # whole pixels per cell while cells are big enough to see unequal ones; below, all room
        cell = math.floor(room) if room >= WHOLE_PIXEL_CELLS else max(room, 1e-6)
        width, height = cell * cols, cell * rows
        return QRectF(
            round((self.width() - width) / 2), round((self.height() - height) / 2), width, height
        )

    def cell_point(self, row: float, col: float) -> QPointF:
        """The widget position of the centre of cell (row, col) (tests drive the mouse with it)."""
        rect = self.picture_rect()
        return QPointF(
            rect.left() + (col + 0.5) * rect.width() / self._shape[1],
            rect.top() + (row + 0.5) * rect.height() / self._shape[0],
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(520, 520)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(MIN_SIDE_PX, MIN_SIDE_PX)

    # --- Qt events ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        target = self.picture_rect()
        painter.drawImage(target, self._image)  # nearest neighbour: no smoothing
        half = FRAME_WIDTH / 2
        painter.setPen(QPen(self._frame_color, FRAME_WIDTH))
        frame = QPainterPath()  # a path, not a rect: an SVG export keeps it as a vector outline
        frame.addRect(target.adjusted(-half, -half, half, half))
        painter.drawPath(frame)
        if self._caption:
            font = zoom.font(base=self.font())  # the size at paint time: follows the zoom
            painter.setFont(font)
            painter.setPen(palette.TEXT)
            height = QFontMetrics(font).height() + 8
            painter.drawText(QRectF(4, 0, self.width(), height), self._caption)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        button = event.button()
        if self._button is not None or button not in _BUTTON_VALUES:
            super().mousePressEvent(event)
            return
        self._button = button
        self._last = self._to_cells(event.position())
        self._stamp(self._last, self._last)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._button is None:
            super().mouseMoveEvent(event)
            return
        position = self._to_cells(event.position())
        self._stamp(self._last, position)
        self._last = position
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() != self._button:
            super().mouseReleaseEvent(event)
            return
        self._stamp(self._last, self._to_cells(event.position()))
        self._button = None
        event.accept()

    # --- internals ------------------------------------------------------------------------------
    def _to_cells(self, point: QPointF) -> QPointF:
        """Widget pixels -> continuous cell coordinates (x = column, y = row)."""
        rect = self.picture_rect()
        rows, cols = self._shape
        return QPointF(
            (point.x() - rect.left()) * cols / rect.width(),
            (point.y() - rect.top()) * rows / rect.height(),
        )

    def _stamp(self, start: QPointF, end: QPointF) -> None:
        """Emit the cells the brush covers along start -> end (inside the lattice)."""
        steps = max(1, math.ceil(math.dist(start.toTuple(), end.toTuple()) / _STROKE_STEP))
        xs = np.linspace(start.x(), end.x(), steps + 1)
        ys = np.linspace(start.y(), end.y(), steps + 1)
        half = self._brush / 2
        lefts = np.floor(xs - half + 0.5).astype(int)
        tops = np.floor(ys - half + 0.5).astype(int)
        offsets = np.arange(self._brush)
        rows = (tops[:, None, None] + offsets[None, :, None]) + 0 * offsets[None, None, :]
        cols = (lefts[:, None, None] + offsets[None, None, :]) + 0 * offsets[None, :, None]
        cells = np.unique(np.stack([rows.ravel(), cols.ravel()], axis=1), axis=0)
        inside = (
            (cells[:, 0] >= 0)
            & (cells[:, 0] < self._shape[0])
            & (cells[:, 1] >= 0)
            & (cells[:, 1] < self._shape[1])
        )
        cells = cells[inside]
        if len(cells):
            self.painted.emit(cells[:, 0], cells[:, 1], _BUTTON_VALUES[self._button])
