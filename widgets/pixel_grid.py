"""An editable picture of +-1 pixels, and a read-only live view of a network state.

Patterns are flat ``(rows * cols,)`` int8 arrays, row-major, +1 = ink, -1 = paper. The live view
can also show a continuous state in [-1, 1] as grey levels between paper and ink (``grey=True``).
Cells are one small QImage (a pixel per cell; 4x4 with cue dots) scaled up by the painter without
smoothing (Qt's fast, nearest-neighbour transformation): a 128x128 live frame is a few numpy
operations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette

MIN_SIDE = 5
MAX_SIDE = 128
MAX_BRUSH = 9
PAINT_MODES = ("draw", "noise")
FRAME_WIDTH = 4  # px, the caption frame drawn by set_frame_color
GRID_LINE_MIN_CELL = 8  # px: below this, grid lines would hide the picture
UNDO_LIMIT = 500
_DOT_SUBCELLS = 4  # a cue-difference dot is a quarter of a cell wide
_STROKE_STEP = 0.5  # cells between brush stamps along a drag: no gaps at any mouse speed
_PAINT_BUTTONS = (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton)


def pattern_image(
    cells: np.ndarray,
    dots: np.ndarray | None = None,
    grey: bool = False,
    dead: np.ndarray | None = None,
) -> QImage:
    """An RGB32 image with one pixel per cell: ink where ``cells > 0``, paper elsewhere.

    cells: (rows, cols) array. dots: optional (rows, cols) bool array; where True, the cell is
    drawn as 4x4 pixels with a ``palette.CURRENT`` dot in its top-right corner. grey: cells are
    levels in [-1, 1] (clipped), drawn as a mix of paper (-1) and ink (+1): 0 is half way.
    dead: optional (rows, cols) bool array; where True (a silenced unit) the cell is drawn in
    ``palette.GRID_LINE`` grey, whatever its state.
    """
    if grey:
        colours = _grey_levels(np.asarray(cells, dtype=np.float64))
    else:
        ink, paper = np.uint32(palette.INK.rgb()), np.uint32(palette.PAPER.rgb())
        colours = np.where(np.asarray(cells) > 0, ink, paper).astype(np.uint32)
    if dead is not None:
        colours = np.where(
            np.asarray(dead).reshape(colours.shape), np.uint32(palette.GRID_LINE.rgb()), colours
        )
    if dots is not None:
        (rows, cols), k = colours.shape, _DOT_SUBCELLS
        blocks = np.empty((rows, k, cols, k), dtype=np.uint32)
        blocks[:] = colours[:, None, :, None]
        corner = blocks[:, 1, :, k - 2]  # one sub-cell in from the corner, framed by the cell
        corner[np.asarray(dots).reshape(rows, cols)] = np.uint32(palette.CURRENT.rgb())
        colours = blocks.reshape(rows * k, cols * k)
    height, width = colours.shape  # both branches leave a C-contiguous array
    image = QImage(colours.data, width, height, width * 4, QImage.Format.Format_RGB32)
    return image.copy()  # own the pixels: the numpy buffer dies with this function


def _grey_levels(levels: np.ndarray) -> np.ndarray:
    """uint32 RGB32 pixels mixing palette.PAPER (at -1) and palette.INK (at +1) linearly."""
    ink = np.array(palette.INK.getRgb()[:3], dtype=np.float64)
    paper = np.array(palette.PAPER.getRgb()[:3], dtype=np.float64)
    share = (np.clip(levels, -1.0, 1.0) + 1.0) / 2.0  # 0 paper .. 1 ink
    rgb = np.rint(paper + share[..., None] * (ink - paper)).astype(np.uint32)
    return np.uint32(0xFF000000) | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


@dataclass
class _Stroke:
    """One press-drag-release: painted live, committed as one undo step on release."""

    button: Qt.MouseButton
    value: int  # +1 (left button) or -1 (right button); ignored in noise mode
    before: np.ndarray
    touched: np.ndarray  # (rows, cols) bool: in noise mode each cell is decided once a stroke
    last: QPointF  # last position in cell coordinates


class _CellsCommand(QUndoCommand):
    """Replace the whole drawing; undo puts the previous drawing back."""

    def __init__(self, text: str, apply: Callable[[np.ndarray], None], before, after) -> None:
        super().__init__(text)
        self._apply, self._before, self._after = apply, before.copy(), after.copy()

    def redo(self) -> None:
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)


class PixelGrid(QWidget):
    """Paint +-1 pixels with the mouse (left = ink, right = paper), or watch a live state.

    Signals:
        edited(): the drawing changed (a stroke, an edit operation, undo/redo, set_pattern,
            set_shape). Not emitted for live views, which never touch the drawing.
    """

    edited = Signal()
    export_name = "grid"  # hopgui's export: <lab>-grid.png / .svg / .csv
    export_menu = False  # the right button paints: no right-click export menu

    def __init__(self, rows: int = 16, cols: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.undo_stack.indexChanged.connect(self._on_undo_index_changed)
        self._rng = np.random.default_rng()
        self._brush_size, self._paint_mode = 1, "draw"
        self._stroke: _Stroke | None = None
        self._live, self._marked_unit = False, -1
        self._live_state = np.zeros(0, dtype=np.int8)
        self._live_picture: tuple = (np.zeros((1, 1)), None, False, None)  # the live image's
        self._frame_color: QColor | None = None
        self._cells = np.full((MIN_SIDE, MIN_SIDE), -1, dtype=np.int8)
        self._image = QImage()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.set_shape(rows, cols)

    # --- the drawing ------------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, int]:
        return self._cells.shape  # type: ignore[return-value]

    def set_shape(self, rows: int, cols: int) -> None:
        """Resize to rows x cols (5..128 each), clear to -1 and forget the undo history."""
        if not (MIN_SIDE <= rows <= MAX_SIDE and MIN_SIDE <= cols <= MAX_SIDE):
            raise ValueError(f"grid {rows}x{cols} is outside {MIN_SIDE}..{MAX_SIDE} per side")
        self._stroke = None
        self._cells = np.full((int(rows), int(cols)), -1, dtype=np.int8)
        self.undo_stack.clear()
        self.end_live()
        self.updateGeometry()
        self.edited.emit()

    def pattern(self) -> np.ndarray:
        """A copy of the drawing: (rows * cols,) int8 of +-1 (not the live state)."""
        return self._cells.reshape(-1).copy()

    def set_pattern(self, pattern: np.ndarray, undoable: bool = True) -> None:
        """Show a +-1 pattern, flat (rows * cols,) or (rows, cols).

        With ``undoable=False`` it is a fresh start: the undo history is cleared.
        """
        cells = self._checked_cells(pattern)
        if undoable:
            self._push("Set pattern", cells)
            return
        self.undo_stack.clear()
        self._apply(cells)

    def clear(self) -> None:
        self._push("Clear", np.full(self.shape, -1, dtype=np.int8))

    def invert(self) -> None:
        self._push("Invert", -self._cells)

    def randomize(self, seed: int | None = None) -> None:
        """Every cell +-1 with p = 1/2; a bool seed (a QAction's `checked`) counts as None."""
        rng = np.random.default_rng(None if isinstance(seed, bool) else seed)
        self._push("Randomize", rng.choice(np.array([-1, 1], dtype=np.int8), size=self.shape))

    def shift(self, dy: int, dx: int) -> None:
        """Move the drawing dy cells down and dx cells right, wrapping round the edges."""
        self._push("Shift", np.roll(self._cells, (int(dy), int(dx)), axis=(0, 1)))

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    @property
    def brush_size(self) -> int:
        """Side of the square brush in cells (1..9), centred on the cursor."""
        return self._brush_size

    @brush_size.setter
    def brush_size(self, size: int) -> None:
        if not 1 <= int(size) <= MAX_BRUSH:
            raise ValueError(f"brush size must be 1..{MAX_BRUSH} cells, not {size}")
        self._brush_size = int(size)

    @property
    def paint_mode(self) -> str:
        """Either "draw" (left paints +1, right -1) or "noise" (touched cells flip with p = 1/2)."""
        return self._paint_mode

    @paint_mode.setter
    def paint_mode(self, mode: str) -> None:
        if mode not in PAINT_MODES:
            raise ValueError(f"paint mode must be one of {PAINT_MODES}, not {mode!r}")
        self._paint_mode = mode

    @property
    def painting(self) -> bool:
        """True while a stroke is under way (a mouse button held down on the drawing): what is
        on screen is not yet an edit, so nothing from outside should replace the drawing."""
        return self._stroke is not None

    def set_frame_color(self, color: QColor | None) -> None:
        """Draw a 4 px frame in ``color`` round the cells (None: no frame)."""
        self._frame_color = None if color is None else QColor(color)
        self.update()

    # --- live view --------------------------------------------------------------------------

    @property
    def live(self) -> bool:
        """True while show_state is displaying a network state (painting is disabled)."""
        return self._live

    def show_state(
        self,
        flat_state: np.ndarray,
        marked_unit: int = -1,
        cue: np.ndarray | None = None,
        grey: bool = False,
        silenced: np.ndarray | None = None,
    ) -> None:
        """Display a network state read-only; the drawing is kept for end_live().

        flat_state: (rows * cols,) array, > 0 drawn as ink. marked_unit: flat index of the unit
        being updated, outlined in UPDATE_MARK (-1: none). cue: optional (rows * cols,) array;
        units whose sign differs from it get a CURRENT-coloured corner dot. grey: the state is
        continuous, levels in [-1, 1] drawn as greys between paper and ink (displayed_state
        still gives its signs). silenced: optional (rows * cols,) bool, units drawn in grid-line
        grey (a damaged network's dead units).
        """
        state = self._flat_units(flat_state, "state")
        marked = -1 if marked_unit is None else int(marked_unit)
        if not -1 <= marked < state.size:
            raise ValueError(f"marked unit {marked} is outside 0..{state.size - 1}")
        dots = None if cue is None else (self._flat_units(cue, "cue") > 0) != (state > 0)
        self._finish_stroke()  # a stroke in progress is kept as it is
        if not self._live:
            self.setCursor(Qt.CursorShape.ArrowCursor)
        self._live, self._marked_unit = True, marked
        self._live_state = np.where(state > 0, 1, -1).astype(np.int8)
        dead = None
        if silenced is not None and np.any(silenced):
            dead = np.asarray(silenced, dtype=bool).reshape(self.shape)
        self._live_picture = (state.reshape(self.shape), dots, grey, dead)
        self._image = pattern_image(*self._live_picture)
        self.update()

    def displayed_state(self) -> np.ndarray:
        """(rows * cols,) int8 of +-1: what is on screen (the live state, or the drawing)."""
        return self._live_state.copy() if self._live else self.pattern()

    def export_table(self) -> tuple[list[str], list[list]]:
        """The cells on screen as a table (a row per grid row), for CSV export."""
        rows_n, cols_n = self.shape
        cells = self.displayed_state().reshape(rows_n, cols_n)
        columns = ["row \\ column (unit: +1 ink, -1 paper)", *(str(c) for c in range(cols_n))]
        return columns, [[r, *(int(v) for v in cells[r])] for r in range(rows_n)]

    def end_live(self) -> None:
        """Back to editing, showing the drawing as it was before the live view."""
        self._live, self._marked_unit = False, -1
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._refresh()

    # --- geometry and Qt events -------------------------------------------------------------

    def cell_size(self) -> float:
        """Side of one cell in pixels (a whole number once cells are at least 1 px)."""
        rows, cols = self.shape
        inner_width, inner_height = self.width() - 2 * FRAME_WIDTH, self.height() - 2 * FRAME_WIDTH
        room = min(inner_width / cols, inner_height / rows)
        return float(math.floor(room)) if room >= 1 else max(room, 0.0)

    def cells_rect(self) -> QRectF:
        """Where the cells are drawn: square cells, centred in the widget."""
        (rows, cols), cell = self.shape, self.cell_size()
        width, height = cell * cols, cell * rows
        left = float(round((self.width() - width) / 2))
        top = float(round((self.height() - height) / 2))
        return QRectF(left, top, width, height)

    def cell_rect(self, row: int, col: int) -> QRectF:
        """The on-screen rectangle of one cell."""
        cell, origin = self.cell_size(), self.cells_rect().topLeft()
        return QRectF(origin.x() + col * cell, origin.y() + row * cell, cell, cell)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._size_with_cells_of(max(4, min(40, 640 // max(self.shape))))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self._size_with_cells_of(max(1, math.ceil(120 / max(self.shape))))

    def _size_with_cells_of(self, cell: int) -> QSize:
        rows, cols = self.shape
        return QSize(cols * cell + 2 * FRAME_WIDTH, rows * cell + 2 * FRAME_WIDTH)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        target = self.cells_rect()
        painter.drawImage(target, self._image)  # no SmoothPixmapTransform: nearest neighbour
        if self.cell_size() >= GRID_LINE_MIN_CELL:
            self._draw_grid_lines(painter, target)
        if self._live and self._marked_unit >= 0:
            self._draw_update_mark(painter)
        if self._frame_color is not None:
            half = FRAME_WIDTH / 2
            painter.setPen(QPen(self._frame_color, FRAME_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(target.adjusted(-half, -half, half, half))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        button = event.button()
        if self._live or self._stroke is not None or button not in _PAINT_BUTTONS:
            super().mousePressEvent(event)
            return
        position = self._to_cells(event.position())
        value = 1 if button == Qt.MouseButton.LeftButton else -1
        touched = np.zeros(self.shape, dtype=bool)
        self._stroke = _Stroke(button, value, self._cells.copy(), touched, position)
        self._paint_segment(position, position)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._stroke is None:
            super().mouseMoveEvent(event)
            return
        position = self._to_cells(event.position())
        self._paint_segment(self._stroke.last, position)
        self._stroke.last = position
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._stroke is None or event.button() != self._stroke.button:
            super().mouseReleaseEvent(event)
            return
        self._paint_segment(self._stroke.last, self._to_cells(event.position()))
        self._finish_stroke()
        event.accept()

    # --- internals --------------------------------------------------------------------------

    def _to_cells(self, point: QPointF) -> QPointF:
        """Widget pixels -> continuous cell coordinates (x = column, y = row)."""
        origin, cell = self.cells_rect().topLeft(), max(self.cell_size(), 1e-6)
        return QPointF((point.x() - origin.x()) / cell, (point.y() - origin.y()) / cell)

    def _paint_segment(self, start: QPointF, end: QPointF) -> None:
        """Stamp the brush along start -> end, at most half a cell apart."""
        stroke = self._stroke
        assert stroke is not None
        steps = max(1, math.ceil(math.dist(start.toTuple(), end.toTuple()) / _STROKE_STEP))
        xs = np.linspace(start.x(), end.x(), steps + 1)
        ys = np.linspace(start.y(), end.y(), steps + 1)
        footprint = np.zeros(self.shape, dtype=bool)
        half = self._brush_size / 2
        lefts = np.floor(xs - half + 0.5).astype(int)
        tops = np.floor(ys - half + 0.5).astype(int)
        for top, left in set(zip(tops.tolist(), lefts.tolist(), strict=True)):
            r0, c0 = max(top, 0), max(left, 0)
            footprint[r0 : top + self._brush_size, c0 : left + self._brush_size] = True
        if self._paint_mode == "draw":
            self._cells[footprint] = stroke.value
        else:
            fresh = footprint & ~stroke.touched
            flips = fresh & (self._rng.random(self.shape) < 0.5)
            self._cells[flips] *= -1
        stroke.touched |= footprint
        self._refresh()

    def _finish_stroke(self) -> None:
        stroke, self._stroke = self._stroke, None
        if stroke is None or np.array_equal(stroke.before, self._cells):
            return
        text = "Noise stroke" if self._paint_mode == "noise" else "Stroke"
        self.undo_stack.push(_CellsCommand(text, self._apply, stroke.before, self._cells))

    def _on_undo_index_changed(self, _index: int) -> None:
        # Undo pressed mid-stroke has already replaced the drawing: drop the stroke with it.
        self._stroke = None

    def _push(self, text: str, cells: np.ndarray) -> None:
        self._finish_stroke()
        if np.array_equal(cells, self._cells):
            return
        self.undo_stack.push(_CellsCommand(text, self._apply, self._cells, cells))

    def _apply(self, cells: np.ndarray) -> None:
        self._cells = cells.astype(np.int8, copy=True)
        self._refresh()
        self.edited.emit()

    def restyle(self) -> None:
        """Draw the cells again in the palette's (new) ink and paper (widgets.profile)."""
        if self._live:
            self._image = pattern_image(*self._live_picture)
        self._refresh()

    def _refresh(self) -> None:
        if not self._live:
            self._image = pattern_image(self._cells)
        self.update()

    def _flat_units(self, values: np.ndarray, what: str) -> np.ndarray:
        flat = np.asarray(values).reshape(-1)
        if flat.size != self._cells.size:
            raise ValueError(f"{what} has {flat.size} units, the grid {self._cells.size}")
        return flat

    def _checked_cells(self, pattern: np.ndarray) -> np.ndarray:
        values = np.asarray(pattern)
        if values.shape not in ((self._cells.size,), self.shape):
            raise ValueError(f"pattern has shape {values.shape}, the grid is {self.shape}")
        if not np.isin(values, (-1, 1)).all():
            raise ValueError("pattern values must all be -1 or +1")
        return values.reshape(self.shape).astype(np.int8)

    def _draw_grid_lines(self, painter: QPainter, target: QRectF) -> None:
        (rows, cols), cell = self.shape, self.cell_size()
        painter.setPen(QPen(palette.GRID_LINE, 1))
        left, top, right, bottom = target.left(), target.top(), target.right(), target.bottom()
        for r in range(rows + 1):
            painter.drawLine(QPointF(left, top + r * cell), QPointF(right, top + r * cell))
        for c in range(cols + 1):
            painter.drawLine(QPointF(left + c * cell, top), QPointF(left + c * cell, bottom))

    def _draw_update_mark(self, painter: QPainter) -> None:
        """A thick UPDATE_MARK outline round the unit being updated, visible at any cell size."""
        row, col = divmod(self._marked_unit, self.shape[1])
        cell = self.cell_rect(row, col)
        width = max(3.0, 0.2 * cell.width())
        side = max(cell.width(), 14.0) + width
        box = QRectF(cell.center().x() - side / 2, cell.center().y() - side / 2, side, side)
        painter.setPen(QPen(palette.UPDATE_MARK, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
