"""The ring of head-direction neurons, drawn like the fruit fly's ellipsoid body.

Neuron i sits at its preferred direction theta_i = 2 pi i / N on a circle and is filled by its
firing rate through a fixed colour map. A red needle points at the decoded heading; its length is
the bump strength |z| / sum r (0..1, the dashed circle is 1). Angles follow the maths convention:
0 = east (right), counter-clockwise positive. Qt's y axis points down, so every conversion between
angles and pixels goes through `point_at` and `angle_of`.

The module also holds the small drawing helpers the animal view shares (colour map, gradients,
arrows), so both panels colour a rate and point an angle the same way.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QConicalGradient,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from widgets import palette
from widgets.zoom import points

DISC_LIMIT = 256  # above this many neurons the ring is drawn as one continuous annulus
MIN_DISC_RADIUS = 4.0  # pixels: smaller discs vanish on a projector, draw the annulus instead
DEFAULT_RATE_RANGE = (0.0, 40.0)  # Hz: Zhang's bump peaks near 40 Hz

RING_TOOLTIP = (
    "Head-direction ring: each disc is one neuron at its preferred direction,\n"
    "coloured by its firing rate (Hz, colour bar on the right).\n"
    "Red needle: heading decoded from the bump; its length is the bump strength\n"
    "(dashed circle = 1). Blue: the true heading. Orange triangle: the landmark cue.\n"
    "Click or drag on the ring to hold a landmark cue there; release to let go."
)


# ----------------------------------------------------------------------------- angles and pixels
def point_at(center: QPointF, radius: float, angle: float) -> QPointF:
    """The pixel `radius` away from `center` in direction `angle` (rad, maths convention)."""
    return QPointF(center.x() + radius * math.cos(angle), center.y() - radius * math.sin(angle))


def angle_of(center: QPointF, point: QPointF) -> float:
    """Direction (rad, maths convention, in (-pi, pi]) from `center` to the pixel `point`."""
    return math.atan2(center.y() - point.y(), point.x() - center.x())


def wrap_angle(angle: float) -> float:
    """The same direction as `angle`, expressed in (-pi, pi]."""
    wrapped = math.remainder(angle, 2.0 * math.pi)
    return math.pi if wrapped == -math.pi else wrapped


# ----------------------------------------------------------------------------- rate colours
@lru_cache(maxsize=8)
def _lookup_table(name: str) -> tuple[tuple[int, int, int], ...]:
    """256 RGB entries of a pyqtgraph colour map, dark (low rate) to bright (high rate)."""
    from pyqtgraph import colormap  # imported late: PySide6 is loaded by then, pyqtgraph uses it

    table = colormap.get(name).getLookupTable(0.0, 1.0, 256, alpha=False)
    return tuple((int(r), int(g), int(b)) for r, g, b in table)


class RateColorMap:
    """Firing rate (Hz) -> QColor through a 256-entry table with fixed levels (no auto-levels)."""

    def __init__(self, name: str = palette.RATE_MAP) -> None:
        self._table = [QColor(r, g, b) for r, g, b in _lookup_table(name)]
        self.low, self.high = DEFAULT_RATE_RANGE

    def set_levels(self, low: float, high: float) -> None:
        if not high > low:
            raise ValueError(f"rate range needs high > low, got {low}..{high}")
        self.low, self.high = float(low), float(high)

    def colors(self, rates: np.ndarray) -> list[QColor]:
        """One colour per neuron for `rates`, shape (N,), any float dtype; NaN counts as silent."""
        scaled = (np.asarray(rates, dtype=np.float64).ravel() - self.low) * (
            255.0 / (self.high - self.low)
        )
        scaled = np.clip(np.nan_to_num(scaled, nan=0.0, posinf=255.0, neginf=0.0), 0.0, 255.0)
        table = self._table
        return [table[i] for i in scaled.astype(np.intp).tolist()]

    def color_at(self, fraction: float) -> QColor:
        """Colour at `fraction` (0..1) of the way from the low to the high level."""
        return self._table[round(min(max(fraction, 0.0), 1.0) * 255)]


def ring_gradient(center: QPointF, colors: list[QColor], wedges: bool) -> QConicalGradient:
    """Conical gradient giving neuron i (at angle 2 pi i / N) its colour.

    With `wedges` every neuron owns a sharp-edged sector centred on its preferred direction (the
    fly's 16 wedges); without, colours blend smoothly between neighbours.
    """
    n = len(colors)
    if wedges:
        # start half a sector clockwise of east, so sector i spans [i/n, (i+1)/n] of the turn
        gradient = QConicalGradient(center, -180.0 / n)
        edge = 1e-6
        stops = [(i / n + edge * (i > 0), c) for i, c in enumerate(colors)]
        stops += [((i + 1) / n - edge, c) for i, c in enumerate(colors)]
        stops.sort(key=lambda stop: stop[0])
    else:
        gradient = QConicalGradient(center, 0.0)
        stops = [(i / n, c) for i, c in enumerate(colors)] + [(1.0, colors[0])]
    gradient.setStops(stops)
    return gradient


def annulus_path(center: QPointF, inner: float, outer: float) -> QPainterPath:
    """A ring between radii `inner` and `outer` (odd-even fill leaves the middle empty)."""
    path = QPainterPath()
    path.addEllipse(center, outer, outer)
    path.addEllipse(center, inner, inner)
    return path


# ----------------------------------------------------------------------------- shared drawing
def _triangle(tip: QPointF, angle: float, length: float, half_width: float) -> QPolygonF:
    """Triangle with its point at `tip`, pointing at `angle`, base `length` behind the point."""
    base = point_at(tip, -length, angle)
    across = angle + 0.5 * math.pi
    return QPolygonF([tip, point_at(base, half_width, across), point_at(base, -half_width, across)])


def draw_arrow(
    painter: QPainter, center: QPointF, angle: float, length: float, color: QColor, width: float
) -> None:
    """A thick arrow from `center` pointing at `angle` (rad), `length` pixels long tip included."""
    if length <= 0.5:
        return
    head = min(3.0 * width, 0.5 * length)
    tip = point_at(center, length, angle)
    painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(center, point_at(center, length - head, angle))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(_triangle(tip, angle, head, 0.6 * head))


def draw_triangle(
    painter: QPainter, tip: QPointF, angle: float, size: float, color: QColor
) -> None:
    """An outlined marker triangle whose point is at `tip`, pointing at `angle`."""
    painter.setPen(QPen(palette.TEXT, 1.5))
    painter.setBrush(color)
    painter.drawPolygon(_triangle(tip, angle, size, 0.6 * size))


def draw_color_bar(
    painter: QPainter, rect: QRectF, cmap: RateColorMap, text_color: QColor = palette.TEXT
) -> None:
    """Vertical colour bar in `rect`: title on top, low rate at the bottom, ticks labelled in Hz."""
    metrics = QFontMetricsF(painter.font())
    line = metrics.height()
    painter.setPen(text_color)
    painter.drawText(QPointF(rect.left(), rect.top() + metrics.ascent()), "rate (Hz)")
    bar = QRectF(
        rect.left(), rect.top() + 1.5 * line, 0.28 * rect.width(), rect.height() - 2 * line
    )
    gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
    gradient.setStops([(k / 16, cmap.color_at(k / 16)) for k in range(17)])
    painter.setPen(QPen(text_color, 1.0))
    painter.setBrush(gradient)
    painter.drawRect(bar)
    for fraction in (0.0, 0.5, 1.0):
        y = bar.bottom() - fraction * bar.height()
        value = cmap.low + fraction * (cmap.high - cmap.low)
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 6, y))
        label = QRectF(bar.right() + 9, y - line / 2, rect.right() - bar.right() - 9, line)
        painter.drawText(label, Qt.AlignmentFlag.AlignVCenter, f"{value:g}")


def base_font(scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points() * scale)
    font.setBold(bold)
    return font


# ----------------------------------------------------------------------------- the ring view
@dataclass(frozen=True)
class _RingGeometry:
    center: QPointF
    radius: float  # centre line of the ring of neurons
    half_band: float  # half the ring's width (disc radius in disc mode)
    discs: bool  # one disc per neuron, else a continuous annulus
    needle: float  # needle length at strength 1
    cue_tip: float  # radius where the cue triangle's point sits
    cue_size: float
    side_panel: QRectF  # colour bar and legend


class RingView(QWidget):
    """Head-direction neurons on a ring, with decoded heading, true heading and landmark cue.

    Signals: `cue_requested(float angle_rad)` while the user presses or drags on the ring;
    `cue_released()` when the button is let go.
    """

    cue_requested = Signal(float)
    cue_released = Signal()
    export_name = "ring"  # hopgui's export: <lab>-ring.png / .svg

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cmap = RateColorMap()
        self._colors: list[QColor] = []
        self._decoded: float | None = None
        self._strength = 0.0
        self._true_heading: float | None = None
        self._cue: float | None = None
        self._dragging = False
        self.setToolTip(RING_TOOLTIP)
        self.setMouseTracking(True)  # hover cursor shows where a press places the cue
        self.setFont(base_font())

    # -- what to draw
    def set_state(self, rates: np.ndarray, decoded_angle: float, strength: float) -> None:
        """Rates (N,) in Hz of neurons at 2 pi i / N; decoded heading (rad); strength 0..1."""
        self._colors = self._cmap.colors(rates)
        self._decoded = float(decoded_angle)
        self._strength = min(max(float(strength), 0.0), 1.0) if math.isfinite(strength) else 0.0
        self.update()

    def set_rate_range(self, low: float, high: float) -> None:
        """Fixed colour levels in Hz (takes effect with the next `set_state`)."""
        self._cmap.set_levels(low, high)
        self.update()

    def set_true_heading(self, angle: float | None) -> None:
        self._true_heading = None if angle is None else float(angle)
        self.update()

    def set_cue(self, angle: float | None) -> None:
        self._cue = None if angle is None else float(angle)
        self.update()

    def ring_point(self, angle: float, fraction: float = 1.0) -> QPointF:
        """Pixel at `angle` (rad), `fraction` of the way from the centre to the ring of neurons."""
        geo = self._geometry()
        return point_at(geo.center, fraction * geo.radius, angle)

    def sizeHint(self) -> QSize:
        return QSize(520, 440)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 180)

    # -- layout
    def _geometry(self) -> _RingGeometry:
        width, height = float(self.width()), float(self.height())
        metrics = QFontMetricsF(self.font())
        legend = 1.6 * metrics.height() + metrics.horizontalAdvance("decoded")
        panel_width = max(metrics.horizontalAdvance("rate (Hz)"), legend) + 16.0
        ring_width = max(width - panel_width, 1.0)
        size = min(ring_width, height)
        radius = 0.36 * size
        n = max(len(self._colors), 1)
        disc = min(0.88 * radius * math.sin(math.pi / n), 0.055 * size)
        discs = n <= DISC_LIMIT and disc >= MIN_DISC_RADIUS
        half_band = disc if discs else 0.035 * size
        cue_tip = radius + half_band + 0.015 * size
        return _RingGeometry(
            center=QPointF(0.5 * ring_width, 0.5 * height),
            radius=radius,
            half_band=half_band,
            discs=discs,
            needle=radius - half_band - 0.02 * size,
            cue_tip=cue_tip,
            cue_size=0.06 * size,
            side_panel=QRectF(ring_width, 0.0, panel_width, height),
        )

    # -- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), palette.BACKGROUND)
        geo = self._geometry()
        self._draw_neurons(painter, geo)
        self._draw_strength_circle(painter, geo)
        self._draw_needles(painter, geo)
        if self._cue is not None:
            tip = point_at(geo.center, geo.cue_tip, self._cue)
            draw_triangle(painter, tip, self._cue + math.pi, geo.cue_size, palette.CUE)
        self._draw_side_panel(painter, geo)
        painter.end()

    def _draw_neurons(self, painter: QPainter, geo: _RingGeometry) -> None:
        colors = self._colors
        if not colors:
            path = annulus_path(geo.center, geo.radius - 2, geo.radius + 2)
            painter.fillPath(path, palette.GRID_LINE)
            return
        n = len(colors)
        if not geo.discs:
            inner, outer = geo.radius - geo.half_band, geo.radius + geo.half_band
            painter.fillPath(
                annulus_path(geo.center, inner, outer), ring_gradient(geo.center, colors, False)
            )
            return
        outline = QPen(palette.GRID_LINE, 1.0) if n <= 64 else Qt.PenStyle.NoPen
        painter.setPen(outline)
        r = geo.half_band
        for i, color in enumerate(colors):
            painter.setBrush(color)
            painter.drawEllipse(point_at(geo.center, geo.radius, 2.0 * math.pi * i / n), r, r)

    def _draw_strength_circle(self, painter: QPainter, geo: _RingGeometry) -> None:
        painter.setPen(QPen(palette.GRID_LINE, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(geo.center, geo.needle, geo.needle)

    def _draw_needles(self, painter: QPainter, geo: _RingGeometry) -> None:
        width = max(5.0, 0.06 * geo.radius)
        if self._decoded is not None:
            length = self._strength * geo.needle
            draw_arrow(painter, geo.center, self._decoded, length, palette.DECODED_HEADING, width)
        if self._true_heading is not None:
            # thin blue line on top of the red needle, and a blue pointer at the strength-1 circle
            end = point_at(geo.center, geo.needle, self._true_heading)
            painter.setPen(QPen(palette.TRUE_HEADING, 0.4 * width, Qt.PenStyle.SolidLine))
            painter.drawLine(geo.center, end)
            draw_triangle(painter, end, self._true_heading, 2.5 * width, palette.TRUE_HEADING)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.TEXT)
        painter.drawEllipse(geo.center, 0.6 * width, 0.6 * width)

    def _draw_side_panel(self, painter: QPainter, geo: _RingGeometry) -> None:
        panel = geo.side_panel.adjusted(4, 10, -4, -10)
        line = QFontMetricsF(painter.font()).height()
        bar_height = max(panel.height() - 4.5 * line, 3 * line)
        draw_color_bar(
            painter, QRectF(panel.left(), panel.top(), panel.width(), bar_height), self._cmap
        )
        entries = [(palette.DECODED_HEADING, "decoded")]
        if self._true_heading is not None:
            entries.append((palette.TRUE_HEADING, "true"))
        if self._cue is not None:
            entries.append((palette.CUE, "cue"))
        y = panel.bottom() - len(entries) * line
        for color, label in entries:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRect(QRectF(panel.left(), y + 0.3 * line, 0.6 * line, 0.5 * line))
            painter.setPen(color)
            painter.drawText(QPointF(panel.left() + line, y + 0.8 * line), label)
            y += line

    # -- mouse: press or drag on the ring places the cue
    def _near_ring(self, pos: QPointF, geo: _RingGeometry) -> bool:
        distance = math.hypot(pos.x() - geo.center.x(), pos.y() - geo.center.y())
        return 0.45 * geo.radius <= distance <= geo.cue_tip + geo.cue_size + 10.0

    def _emit_cue(self, pos: QPointF, geo: _RingGeometry) -> None:
        if math.hypot(pos.x() - geo.center.x(), pos.y() - geo.center.y()) > 2.0:
            self.cue_requested.emit(angle_of(geo.center, pos))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        geo = self._geometry()
        if event.button() != Qt.MouseButton.LeftButton or not self._near_ring(
            event.position(), geo
        ):
            event.ignore()
            return
        self._dragging = True
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self._emit_cue(event.position(), geo)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        geo = self._geometry()
        if self._dragging:
            self._emit_cue(event.position(), geo)
        elif self._near_ring(event.position(), geo):
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._dragging:
            self._dragging = False
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self.cue_released.emit()
