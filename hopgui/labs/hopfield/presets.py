"""Ready-made +-1 patterns for the Hopfield lab: letters, digits and small pictures (pictures
from files are in `images`).

Everything is drawn with QPainter into a supersampled QImage, then each grid cell becomes ink
(+1) when at least half of it is covered: the 50 % coverage threshold keeps strokes where they
are at every grid size from 5x5 to 128x128 (the rendering is hopgui.core.glyphs, shared with
the capacity explorer). A QGuiApplication must exist before any call.

Patterns are flat ``(rows * cols,)`` int8 arrays in row-major order, +1 = ink, -1 = paper.
"""

from __future__ import annotations

import functools
import string

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from hopgui.core.glyphs import GlyphError, Painter, coverage, draw_glyph, glyph_pattern, threshold
from hopgui.core.glyphs import gray_array as gray_array  # for images.py, as before

MIN_SIDE = 5
MAX_SIDE = 128

GLYPHS = string.ascii_uppercase + string.digits
PICTURES = ("smiley", "heart", "house", "checkerboard", "cross")

_SMALL_GRID = 12  # below this many cells per side, glyphs are checked to be distinct


class PresetError(GlyphError):
    """A preset or an image could not be turned into a pattern; the message says why."""


def preset_names() -> list[str]:
    """The 36 glyphs A-Z, 0-9, then the pictures, in the order a menu should list them."""
    return list(GLYPHS) + list(PICTURES)


def preset_pattern(name: str, shape: tuple[int, int]) -> np.ndarray:
    """The preset called ``name`` (a glyph such as "A" or "7", or a picture name) at ``shape``."""
    if len(name) == 1:
        return letter_pattern(name, shape)
    key = name.strip().lower()
    if key not in PICTURES:
        raise PresetError(f"unknown preset {name!r}; choose one of {', '.join(preset_names())}")
    rows, cols = checked_shape(shape)
    return _rendered(key, rows, cols).copy()


def letter_pattern(char: str, shape: tuple[int, int]) -> np.ndarray:
    """The glyph ``char`` (A-Z, a-z drawn as capitals, 0-9) in bold sans, centred on the grid."""
    glyph = char.upper() if isinstance(char, str) else ""
    if len(glyph) != 1 or glyph not in GLYPHS:
        raise PresetError(f"no letter preset for {char!r}: use one of A-Z or 0-9")
    rows, cols = checked_shape(shape)
    return _rendered(glyph, rows, cols).copy()


# --- rendering --------------------------------------------------------------------------------


def checked_shape(shape: tuple[int, int]) -> tuple[int, int]:
    try:
        rows, cols = (int(v) for v in shape)
    except (TypeError, ValueError):
        raise PresetError(f"shape must be (rows, cols), not {shape!r}") from None
    if not (MIN_SIDE <= rows <= MAX_SIDE and MIN_SIDE <= cols <= MAX_SIDE):
        raise PresetError(f"grid {rows}x{cols} is outside {MIN_SIDE}..{MAX_SIDE} per side")
    return rows, cols


@functools.lru_cache(maxsize=512)
def _rendered(name: str, rows: int, cols: int) -> np.ndarray:
    try:
        if len(name) == 1 and min(rows, cols) < _SMALL_GRID:
            pattern = _small_glyph_table(rows, cols)[name]
        elif len(name) == 1:
            return glyph_pattern(name, rows, cols)
        else:
            pattern = threshold(coverage(rows, cols, _PICTURE_PAINTERS[name]))
    except GlyphError as exc:
        raise PresetError(str(exc)) from None
    pattern.flags.writeable = False
    return pattern


@functools.lru_cache(maxsize=16)
def _small_glyph_table(rows: int, cols: int) -> dict[str, np.ndarray]:
    """All glyphs of a tiny grid, each nudged (threshold, half-cell shift) until it differs
    from the ones before it: at 5x5 a plain 50 % threshold draws S and 5 alike."""
    table: dict[str, np.ndarray] = {}
    seen: set[bytes] = set()
    for glyph in GLYPHS:
        candidates = (
            threshold(coverage(rows, cols, draw_glyph(glyph, rows, dx)), level)
            for dx in (0.0, 0.5, -0.5)
            for level in (0.5, 0.4, 0.6, 0.3, 0.7)
        )
        first = None
        for pattern in candidates:
            first = pattern if first is None else first
            if pattern.tobytes() not in seen and (pattern > 0).any():
                break
        else:
            pattern = first
        seen.add(pattern.tobytes())
        table[glyph] = pattern
    return table


# --- pictures, drawn in a centred square box of side `side` -----------------------------------


def _square_box(rows: float, cols: float, fill: float = 0.9) -> QRectF:
    side = fill * min(rows, cols)
    return QRectF((cols - side) / 2, (rows - side) / 2, side, side)


def _line_width(box: QRectF) -> float:
    return max(1.0, 0.1 * box.width())


def _draw_smiley(painter: QPainter, rows: float, cols: float) -> None:
    box = _square_box(rows, cols)
    width = _line_width(box)
    s, x0, y0 = box.width(), box.left(), box.top()
    painter.setPen(QPen(QColor("black"), width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(box.adjusted(width / 2, width / 2, -width / 2, -width / 2))
    mouth = QRectF(x0 + 0.27 * s, y0 + 0.3 * s, 0.46 * s, 0.42 * s)
    painter.drawArc(mouth, 200 * 16, 140 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    eye = max(1.2, 0.14 * s)
    for cx in (0.35, 0.65):
        painter.drawEllipse(QPointF(x0 + cx * s, y0 + 0.37 * s), eye / 2, eye / 2)


def _draw_heart(painter: QPainter, rows: float, cols: float) -> None:
    box = _square_box(rows, cols)
    s, x0, y0 = box.width(), box.left(), box.top()

    def at(u: float, v: float) -> QPointF:
        return QPointF(x0 + u * s, y0 + v * s)

    path = QPainterPath(at(0.5, 0.3))
    path.cubicTo(at(0.5, 0.0), at(0.0, 0.0), at(0.0, 0.35))
    path.cubicTo(at(0.0, 0.6), at(0.35, 0.75), at(0.5, 1.0))
    path.cubicTo(at(0.65, 0.75), at(1.0, 0.6), at(1.0, 0.35))
    path.cubicTo(at(1.0, 0.0), at(0.5, 0.0), at(0.5, 0.3))
    painter.drawPath(path)


def _draw_house(painter: QPainter, rows: float, cols: float) -> None:
    box = _square_box(rows, cols)
    s, x0, y0 = box.width(), box.left(), box.top()
    roof = QPainterPath(QPointF(x0 + 0.5 * s, y0))
    roof.lineTo(x0 + s, y0 + 0.45 * s)
    roof.lineTo(x0, y0 + 0.45 * s)
    roof.closeSubpath()
    painter.drawPath(roof)
    painter.drawRect(QRectF(x0 + 0.12 * s, y0 + 0.45 * s, 0.76 * s, 0.55 * s))
    painter.setBrush(QColor("white"))
    door_width = max(1.0, 0.22 * s)
    painter.drawRect(QRectF(x0 + 0.5 * s - door_width / 2, y0 + 0.62 * s, door_width, 0.38 * s))


def _draw_checkerboard(painter: QPainter, rows: float, cols: float) -> None:
    square = max(1, round(min(rows, cols) / 8))
    for r in range(0, int(rows), square):
        for c in range(0, int(cols), square):
            if (r // square + c // square) % 2 == 0:
                painter.drawRect(QRectF(c, r, square, square))


def _draw_cross(painter: QPainter, rows: float, cols: float) -> None:
    box = _square_box(rows, cols)
    arm = max(1.0, round(0.26 * box.width()))
    centre = box.center()
    painter.drawRect(QRectF(centre.x() - arm / 2, box.top(), arm, box.height()))
    painter.drawRect(QRectF(box.left(), centre.y() - arm / 2, box.width(), arm))


_PICTURE_PAINTERS: dict[str, Painter] = {
    "smiley": _draw_smiley,
    "heart": _draw_heart,
    "house": _draw_house,
    "checkerboard": _draw_checkerboard,
    "cross": _draw_cross,
}
