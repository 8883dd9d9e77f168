"""Top-down view of the animal in its arena: where it really faces, and where its brain thinks.

A stylised rat sits in the centre, turned to the true heading. A blue arrow shows the true
heading, a red one the heading decoded from the ring's bump, and a thin coloured annulus shows the
ring's activity (neuron i at its preferred direction 2 pi i / N, world frame), so the bright part
of the annulus lies under the red arrow. A landmark ("sun") at the arena's edge is what the animal
can see while the lights are on. Angles: maths convention, 0 = east, counter-clockwise positive.
"""

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QWidget

from widgets import palette
from widgets.ring_view import (
    RateColorMap,
    angle_of,
    annulus_path,
    base_font,
    draw_arrow,
    point_at,
    ring_gradient,
    wrap_angle,
)

STEER_LEFT = +1  # counter-clockwise: the sign of the angular velocity it asks for
STEER_RIGHT = -1
_STEER_OF_KEY = {Qt.Key.Key_Left: STEER_LEFT, Qt.Key.Key_Right: STEER_RIGHT}
WEDGE_LIMIT = 64  # up to this many neurons the annulus shows one sharp wedge per neuron
# where things sit, as fractions of the arena radius
ACTIVITY_RING = (0.72, 0.78)
LANDMARK_RADIUS = 0.89

ANIMAL_TOOLTIP = (
    "The animal seen from above. Blue arrow: where it really faces.\n"
    "Red arrow: the heading decoded from the ring's bump; the big number is their difference.\n"
    "Drag anywhere to turn the animal towards the cursor.\n"
    "Hold the Left / Right arrow keys to steer it counter-clockwise / clockwise.\n"
    "The yellow sun is the landmark, visible only while the lights are on."
)

_FUR = QColor("#9c8f84")
_FUR_EDGE = QColor("#3b332d")
_PINK = QColor("#f2a0a8")
_EYE = QColor("#111111")


def _animal_outline() -> tuple[QPainterPath, QPainterPath, QPainterPath]:
    """Body with head, ears and tail of a rat facing +x, nose at x = 55 (1/100 of its scale).

    Drawn at 100 times the unit size because `united` flattens curves at unit precision.
    """
    body = QPainterPath()
    body.addEllipse(QPointF(-12.0, 0.0), 36.0, 22.0)
    head = QPainterPath()
    head.moveTo(55.0, 0.0)
    head.cubicTo(45.0, -10.0, 30.0, -17.0, 16.0, -15.0)
    head.lineTo(16.0, 15.0)
    head.cubicTo(30.0, 17.0, 45.0, 10.0, 55.0, 0.0)
    ears = QPainterPath()
    for side in (-1.0, 1.0):
        ears.addEllipse(QPointF(18.0, side * 16.0), 8.5, 8.5)
    tail = QPainterPath()
    tail.moveTo(-46.0, 0.0)
    tail.cubicTo(-65.0, 2.0, -72.0, 18.0, -92.0, 14.0)
    return body.united(head), ears, tail


class AnimalView(QWidget):
    """The animal, its true and decoded headings, the ring's activity and the landmark.

    Signals: `heading_dragged(float angle_rad)` while the user drags (angle from the centre to the
    cursor), `drag_finished()` on release, `steer(int)` with +1 (Left key, counter-clockwise),
    -1 (Right key, clockwise) or 0 (keys released).
    """

    heading_dragged = Signal(float)
    drag_finished = Signal()
    steer = Signal(int)
    export_name = "animal"  # hopgui's export: <lab>-animal.png / .svg

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cmap = RateColorMap()
        self._colors: list[QColor] = []
        self._true: float | None = None
        self._decoded: float | None = None
        self._landmark: float | None = None
        self._lights_on = True
        self._dragging = False
        self._held_keys: list[int] = []  # steering keys held down, most recent last
        self._animal = _animal_outline()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(ANIMAL_TOOLTIP)
        self.setFont(base_font())

    # -- what to draw
    def set_headings(self, true_rad: float | None, decoded_rad: float | None) -> None:
        """True heading of the animal and heading decoded from the bump (rad); None hides one."""
        self._true = None if true_rad is None else float(true_rad)
        self._decoded = None if decoded_rad is None else float(decoded_rad)
        self.update()

    def set_rates(self, rates: np.ndarray) -> None:
        """Firing rates (N,) in Hz of the ring neurons, neuron i preferring 2 pi i / N."""
        self._colors = self._cmap.colors(rates)
        self.update()

    def set_rate_range(self, low: float, high: float) -> None:
        """Fixed colour levels in Hz (takes effect with the next `set_rates`)."""
        self._cmap.set_levels(low, high)
        self.update()

    def set_landmark(self, angle: float | None, visible: bool) -> None:
        """Landmark at world `angle` (None: no landmark); `visible` False means lights off."""
        self._landmark = None if angle is None else float(angle)
        self._lights_on = bool(visible)
        self.update()

    @property
    def heading_error_deg(self) -> float | None:
        """Decoded minus true heading in degrees, in (-180, 180]; None if either is unknown."""
        if self._true is None or self._decoded is None:
            return None
        return math.degrees(wrap_angle(self._decoded - self._true))

    def arena_point(self, angle: float, fraction: float = 1.0) -> QPointF:
        """Pixel at world `angle` (rad), `fraction` of the way from the centre to the arena wall.

        The activity annulus spans ACTIVITY_RING, the landmark sits at LANDMARK_RADIUS.
        """
        center, radius = self._arena()
        return point_at(center, fraction * radius, angle)

    def sizeHint(self) -> QSize:
        return QSize(460, 520)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 240)

    # -- layout: a header line (legend, error) above a round arena
    def _header_height(self) -> float:
        return 1.3 * QFontMetricsF(base_font(2.0, bold=True)).height()

    def _arena(self) -> tuple[QPointF, float]:
        top = self._header_height()
        height = max(self.height() - top, 1.0)
        center = QPointF(0.5 * self.width(), top + 0.5 * height)
        return center, 0.47 * min(self.width(), height)

    # -- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lights = self._lights_on
        painter.fillRect(self.rect(), palette.BACKGROUND if lights else palette.NIGHT_BACKGROUND)
        center, radius = self._arena()
        painter.setPen(QPen(palette.GRID_LINE, 2.0))
        painter.setBrush(palette.PAPER if lights else palette.NIGHT_ARENA)
        painter.drawEllipse(center, radius, radius)
        self._draw_landmark(painter, center, radius)
        self._draw_activity(painter, center, radius)
        self._draw_arrows(painter, center, radius)
        self._draw_animal(painter, center, radius)  # on top: the arrows leave from under it
        self._draw_header(painter)
        painter.end()

    def _draw_arrows(self, painter: QPainter, center: QPointF, radius: float) -> None:
        # blue wide, red narrow on top: both stay visible when the headings agree
        width = max(5.0, 0.035 * radius)
        if self._true is not None:
            draw_arrow(
                painter, center, self._true, 0.68 * radius, palette.TRUE_HEADING, 1.7 * width
            )
        if self._decoded is not None:
            draw_arrow(
                painter, center, self._decoded, 0.64 * radius, palette.DECODED_HEADING, width
            )

    def _draw_activity(self, painter: QPainter, center: QPointF, radius: float) -> None:
        inner, outer = (fraction * radius for fraction in ACTIVITY_RING)
        if not self._colors:
            painter.fillPath(annulus_path(center, inner, outer), palette.GRID_LINE)
            return
        wedges = len(self._colors) <= WEDGE_LIMIT
        path = annulus_path(center, inner, outer)
        painter.fillPath(path, ring_gradient(center, self._colors, wedges))
        painter.strokePath(path, QPen(palette.GRID_LINE, 1.0))  # silent neurons vanish at night

    def _draw_animal(self, painter: QPainter, center: QPointF, radius: float) -> None:
        if self._true is None:
            return
        body, ears, tail = self._animal
        painter.save()
        painter.translate(center)
        painter.rotate(-math.degrees(self._true))  # Qt turns clockwise on screen: negate
        painter.scale(0.006 * radius, 0.006 * radius)  # nose at 0.33 radius
        edge = QPen(_FUR_EDGE, 2.0)
        edge.setCosmetic(True)  # 2 pixels wide whatever the scale
        tail_pen = QPen(_PINK, 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.strokePath(tail, tail_pen)
        painter.setPen(edge)
        painter.setBrush(_PINK)
        painter.drawPath(ears)
        painter.setBrush(_FUR)
        painter.drawPath(body)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_EYE)
        for side in (-1.0, 1.0):
            painter.drawEllipse(QPointF(36.0, side * 7.5), 3.0, 3.0)
        painter.setBrush(_PINK)
        painter.drawEllipse(QPointF(54.0, 0.0), 3.5, 3.5)
        painter.restore()

    def _draw_landmark(self, painter: QPainter, center: QPointF, radius: float) -> None:
        if self._landmark is None:
            return
        spot = point_at(center, LANDMARK_RADIUS * radius, self._landmark)
        size = 0.07 * radius
        if not self._lights_on:
            painter.setPen(QPen(palette.LANDMARK_OFF, 2.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(spot, size, size)
            return
        painter.setPen(
            QPen(palette.CUE, max(2.0, 0.25 * size), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        for k in range(8):
            ray = 2.0 * math.pi * k / 8
            painter.drawLine(point_at(spot, 1.3 * size, ray), point_at(spot, 1.65 * size, ray))
        painter.setPen(QPen(palette.CUE, 2.0))
        painter.setBrush(palette.LANDMARK)
        painter.drawEllipse(spot, size, size)

    def _draw_header(self, painter: QPainter) -> None:
        header = QRectF(8.0, 0.0, self.width() - 16.0, self._header_height())
        legend_end = self._draw_legend(painter, header)
        error = self.heading_error_deg
        words = "error —" if error is None else f"error {round(error) + 0:+d}°"  # no "-0"
        # as big as fits beside the legend, sized for the widest reading so it does not jump
        widest = QFontMetricsF(base_font(2.0, bold=True)).horizontalAdvance("error +180°")
        scale = max(1.0, min(2.0, 2.0 * (header.right() - legend_end) / widest))
        painter.save()
        painter.setFont(base_font(scale, bold=True))
        painter.setPen(palette.TEXT if self._lights_on else palette.NIGHT_TEXT)
        painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, words)
        painter.restore()

    def _draw_legend(self, painter: QPainter, header: QRectF) -> float:
        """Colour key "true" / "decoded" at the header's left; returns where it ends."""
        metrics = QFontMetricsF(painter.font())
        line = metrics.height()
        x, y = header.left(), header.center().y()
        for color, label in ((palette.TRUE_HEADING, "true"), (palette.DECODED_HEADING, "decoded")):
            painter.setPen(QPen(color, 0.35 * line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(x, y), QPointF(x + 1.2 * line, y))
            painter.setPen(color if self._lights_on else color.lighter(130))
            painter.drawText(QPointF(x + 1.5 * line, y + 0.5 * metrics.capHeight()), label)
            x += 1.5 * line + metrics.horizontalAdvance(label) + line
        return x

    # -- mouse: drag to turn the animal
    def _emit_heading(self, pos: QPointF) -> None:
        center, _ = self._arena()
        if math.hypot(pos.x() - center.x(), pos.y() - center.y()) > 2.0:
            self.heading_dragged.emit(angle_of(center, pos))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._dragging = True
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self._emit_heading(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._emit_heading(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._dragging:
            self._dragging = False
            self.unsetCursor()
            self.drag_finished.emit()

    # -- keyboard: hold Left / Right to steer
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key not in _STEER_OF_KEY:
            super().keyPressEvent(event)
            return
        if not event.isAutoRepeat():
            if key in self._held_keys:
                self._held_keys.remove(key)
            self._held_keys.append(key)
            self._emit_steer()
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key not in _STEER_OF_KEY:
            super().keyReleaseEvent(event)
            return
        if not event.isAutoRepeat() and key in self._held_keys:
            self._held_keys.remove(key)
            self._emit_steer()
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # a key released while another widget has focus never reaches us: stop turning now
        if self._held_keys:
            self._held_keys.clear()
            self._emit_steer()
        super().focusOutEvent(event)

    def _emit_steer(self) -> None:
        self.steer.emit(_STEER_OF_KEY[self._held_keys[-1]] if self._held_keys else 0)
