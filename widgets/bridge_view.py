"""The Millennium Bridge seen from above: the deck swaying sideways, walkers on it.

The deck's centre line is displaced by X sin(pi x / L) (the first lateral mode of a span) with the
sway exaggerated so that SWAY_FULL_SCALE metres fill the room beside the deck; the dashed outline
is the bridge at rest. Walkers are dots along the deck, coloured by their gait frequency (the same
colours as the oscillators' natural frequencies) and pushed to the side their gait is on.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette
from widgets.phase_circle import frequency_colors
from widgets.points import draw_binned_points

SWAY_FULL_SCALE = 0.12  # m of sway drawn at the edge of the room beside the deck
DECK_COLOR = QColor("#9a8f7a")  # the bridge's aluminium deck, drawn in a warm grey
DECK_EDGE = QColor("#4a4438")
SEGMENTS = 48


class BridgeView(QWidget):
    """A deck that sways and the walkers on it; draws only, emits nothing."""

    export_name = "bridge"  # hopgui's export: <lab>-bridge.png / .svg / .csv

    def __init__(self) -> None:
        super().__init__()
        self._sway = 0.0
        self._positions = np.zeros(0, np.float32)
        self._gaits = np.zeros(0, np.float32)
        self._values = np.zeros(0, np.float32)
        self._colors = frequency_colors()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(
            "The bridge from above. The deck sways sideways (exaggerated: the edge of the\n"
            f"picture is {SWAY_FULL_SCALE * 100:.0f} cm); dashed: the bridge at rest.\n"
            "Dots: walkers, coloured by their natural gait frequency, leaning to the side\n"
            "their foot pushes."
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(420, 150)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 90)

    def set_state(
        self, sway: float, positions: np.ndarray, gaits: np.ndarray, values: np.ndarray
    ) -> None:
        """Sway X (m); walkers' places along the deck (0..1), sin of their gait phase (-1..1)
        and their colour values (0..1), each (n,)."""
        self._sway = float(sway)
        self._positions, self._gaits, self._values = (
            np.asarray(positions), np.asarray(gaits), np.asarray(values)
        )  # fmt: skip
        self.update()

    def export_table(self) -> tuple[list[str], list[list]]:
        """The walkers on the deck, one row each, with the sway (for CSV export)."""
        columns = [
            "place along the deck (0 to 1)",
            "sin(gait phase)",
            "gait frequency (rank: 0 slowest, 1 fastest)",
            "sway at mid-span (m)",
        ]
        rows = zip(self._positions, self._gaits, self._values, strict=False)
        return columns, [[float(p), float(g), float(v), self._sway] for p, g, v in rows]

    def deck_offset(self, fraction: float) -> float:
        """Pixels the deck's centre line is moved sideways at `fraction` (0..1) of its length."""
        room = self.height() / 2 - self._half_width() - 6
        clipped = max(-1.0, min(1.0, self._sway / SWAY_FULL_SCALE))
        return room * clipped * math.sin(math.pi * fraction)

    def _half_width(self) -> float:
        return max(10.0, self.height() * 0.14)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), palette.BACKGROUND)
        left, right = 12.0, self.width() - 12.0
        middle, half = self.height() / 2, self._half_width()
        painter.setPen(QPen(palette.GRID_LINE, 1.5, Qt.PenStyle.DashLine))
        painter.drawRect(QRectF(left, middle - half, right - left, 2 * half))
        fractions = np.linspace(0.0, 1.0, SEGMENTS + 1)
        xs = left + fractions * (right - left)
        centre = [middle - self.deck_offset(f) for f in fractions]
        outline = [QPointF(x, y - half) for x, y in zip(xs, centre, strict=True)]
        outline += [QPointF(x, y + half) for x, y in zip(xs[::-1], centre[::-1], strict=True)]
        painter.setPen(QPen(DECK_EDGE, 2))
        painter.setBrush(DECK_COLOR)
        painter.drawPolygon(QPolygonF(outline))
        self._paint_walkers(painter, left, right, middle, half)
        painter.end()

    def _paint_walkers(
        self, painter: QPainter, left: float, right: float, middle: float, half: float
    ) -> None:
        count = len(self._positions)
        if count == 0:
            return
        places = self._positions.astype(float)
        x = left + 8 + places * (right - left - 16)
        lane = ((np.arange(count) * 0.381966) % 1.0 - 0.5) * 1.2 * half  # spread across the deck
        offsets = np.array([self.deck_offset(p) for p in places])
        y = middle - offsets + lane - 0.25 * half * self._gaits
        size = float(np.clip(half * 1.6 / math.sqrt(max(count / 40, 1)), 4.0, 10.0))
        draw_binned_points(painter, np.column_stack([x, y]), self._values, self._colors, size)
