"""Top-down view of a square box: where the animal really is, and where its grid cells say it is.

A blue dot and trail show the true position, a red ring and trail the position decoded from the
grid-cell sheet (as in the head-direction lab: blue = true, red = decoded). Coordinates are
metres with y up; the box is [0, box] x [0, box].

Signals: `target_dragged(x, y)` while the user drags in the box (metres), `drag_finished()` on
release, `steer(dx, dy)` from the held arrow keys (each -1, 0, +1; (0, 0) when released).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from widgets import palette, zoom

_DIRECTION_OF_KEY = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}
FLOOR = QColor("#ece6d6")  # the box floor: a light sand, no meaning elsewhere
WALL = palette.TEXT
MARGIN = 10  # px round the box

ARENA_TOOLTIP = (
    "The box seen from above. Blue: where the animal really is (and its path).\n"
    "Red: where its grid cells say it is (decoded from the lattice's movement).\n"
    "Drag in the box to lead the animal; hold the arrow keys to run it."
)


class ArenaView(QWidget):
    """The box, the animal's true and decoded positions and their recent trails."""

    target_dragged = Signal(float, float)
    drag_finished = Signal()
    steer = Signal(int, int)
    export_name = "arena"  # hopgui's export: <lab>-arena.png / .svg / .csv

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = 1.0
        self._true: np.ndarray | None = None
        self._decoded: np.ndarray | None = None
        self._trail = np.zeros((0, 2))
        self._decoded_trail = np.zeros((0, 2))
        self._dragging = False
        self._held: list[int] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(ARENA_TOOLTIP)

    # -- what to draw
    def set_state(
        self,
        box: float,
        true: np.ndarray,
        decoded: np.ndarray | None,
        trail: np.ndarray,
        decoded_trail: np.ndarray,
    ) -> None:
        """Positions in metres: true (2,), decoded (2,) or None, trails (T, 2), NaN rows skipped."""
        self.box = float(box)
        self._true, self._decoded = true, decoded
        self._trail, self._decoded_trail = trail, decoded_trail
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(320, 320)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(180, 180)

    def export_table(self) -> tuple[list[str], list[list]]:
        """The recent trails, oldest first: true and decoded positions (for CSV export; an
        empty cell where a trail has no point)."""
        columns = ["true x (m)", "true y (m)", "decoded x (m)", "decoded y (m)"]
        true, decoded = np.asarray(self._trail), np.asarray(self._decoded_trail)
        rows = []
        for i in range(max(len(true), len(decoded))):
            row = [*(true[i] if i < len(true) else (np.nan, np.nan))]
            row += [*(decoded[i] if i < len(decoded) else (np.nan, np.nan))]
            rows.append([float(v) for v in row])
        return columns, rows

    # -- geometry
    def box_rect(self) -> QRectF:
        side = max(10.0, min(self.width(), self.height()) - 2 * MARGIN)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def to_screen(self, x: float, y: float) -> QPointF:
        rect = self.box_rect()
        return QPointF(
            rect.left() + x / self.box * rect.width(), rect.bottom() - y / self.box * rect.height()
        )

    def to_box(self, point: QPointF) -> tuple[float, float]:
        rect = self.box_rect()
        x = (point.x() - rect.left()) / rect.width() * self.box
        y = (rect.bottom() - point.y()) / rect.height() * self.box
        return min(max(x, 0.0), self.box), min(max(y, 0.0), self.box)

    # -- painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), palette.BACKGROUND)
        rect = self.box_rect()
        painter.fillRect(rect, FLOOR)
        painter.setPen(QPen(WALL, 3))
        painter.drawRect(rect)
        self._draw_trail(painter, self._trail, palette.TRUE_HEADING)
        self._draw_trail(painter, self._decoded_trail, palette.DECODED_HEADING)
        if self._decoded is not None:
            painter.setPen(QPen(palette.DECODED_HEADING, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.to_screen(*self._decoded), 10, 10)
        if self._true is not None:
            painter.setPen(QPen(palette.TEXT, 1.5))
            painter.setBrush(palette.TRUE_HEADING)
            painter.drawEllipse(self.to_screen(*self._true), 7, 7)
        painter.setPen(palette.TEXT)
        painter.setFont(zoom.font(base=self.font()))  # the size at paint time: follows the zoom
        painter.drawText(rect.adjusted(6, 4, -6, -4), Qt.AlignmentFlag.AlignTop, f"{self.box:g} m")
        painter.end()

    def _draw_trail(self, painter: QPainter, trail: np.ndarray, color: QColor) -> None:
        finite = trail[np.all(np.isfinite(trail), axis=1)] if len(trail) else trail
        if len(finite) < 2:
            return
        painter.setPen(QPen(color, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([self.to_screen(x, y) for x, y in finite]))

    # -- mouse: drag to lead the animal
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._dragging = True
        self.target_dragged.emit(*self.to_box(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._dragging:
            self.target_dragged.emit(*self.to_box(event.position()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton and self._dragging:
            self._dragging = False
            self.drag_finished.emit()

    # -- keyboard: hold the arrow keys to run
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if key not in _DIRECTION_OF_KEY:
            super().keyPressEvent(event)
            return
        if not event.isAutoRepeat() and key not in self._held:
            self._held.append(key)
            self._emit_steer()
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if key not in _DIRECTION_OF_KEY:
            super().keyReleaseEvent(event)
            return
        if not event.isAutoRepeat() and key in self._held:
            self._held.remove(key)
            self._emit_steer()
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        if self._held:  # a key released elsewhere never reaches us: stop now
            self._held.clear()
            self._emit_steer()
        super().focusOutEvent(event)

    def _emit_steer(self) -> None:
        dx = sum(_DIRECTION_OF_KEY[k][0] for k in self._held)
        dy = sum(_DIRECTION_OF_KEY[k][1] for k in self._held)
        self.steer.emit(max(-1, min(1, dx)), max(-1, min(1, dy)))
