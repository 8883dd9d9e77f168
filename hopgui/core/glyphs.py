"""Letters and digits as +-1 pictures, for the labs that store pictures as memories.

A glyph of a bold sans font is drawn with QPainter into a supersampled QImage, scaled so that
every capital has the same height (about 80 % of the grid: widths stay true, wide glyphs are
condensed rather than shrunk), its baseline on a cell boundary; then each grid cell becomes ink
(+1) when at least half of it is covered. The 50 % threshold keeps strokes where they are at
every grid size. Patterns are flat ``(rows * cols,)`` int8 arrays in row-major order, +1 = ink,
-1 = paper. A QGuiApplication must exist before any call.

`coverage` and `threshold` draw anything else the same way (the associative-memory lab's
pictures); `draw_glyph` takes a sideways nudge for the tiny grids where two glyphs come out
alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath

SANS_FAMILIES = ("DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans")
GLYPH_FILL = 0.8  # capitals fill about 80 % of the grid height
FULL_HEIGHT_BELOW = 7  # on grids fewer rows tall, a capital takes every row
FONT_PIXELS = 200  # outlines are taken at this size, then scaled: no hinting artefacts

# Draws in grid units: draw(painter, rows, cols) with one unit per cell.
Painter = Callable[[QPainter, float, float], None]


class GlyphError(ValueError):
    """A glyph cannot be drawn (no usable font); the message says what to do."""


@functools.cache
def sans_font() -> QFont:
    """The bold sans font glyphs are drawn in (the first of SANS_FAMILIES installed)."""
    available = set(QFontDatabase.families())
    font = QFont()
    for family in SANS_FAMILIES:
        if family in available:
            font = QFont(family)
            break
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(FONT_PIXELS)
    return font


@functools.cache
def glyph_path(glyph: str) -> QPainterPath:
    """The outline of `glyph` at FONT_PIXELS, baseline at y = 0."""
    path = QPainterPath()
    path.addText(QPointF(0, 0), sans_font(), glyph)
    if glyph != "I" and path.boundingRect() == glyph_path("I").boundingRect():
        # Qt draws every glyph as the same box when the system has no font at all
        raise GlyphError("no usable font for letters: install a sans font (fonts-dejavu-core)")
    return path


@functools.cache
def cap_height() -> float:
    """Height of a capital H outline: every glyph gets the same scale, so widths stay true."""
    return glyph_path("H").boundingRect().height() or float(FONT_PIXELS)


def glyph_height(rows: int) -> int:
    """Capital height in whole cells: GLYPH_FILL of the grid, all of it on tiny grids."""
    return rows if rows < FULL_HEIGHT_BELOW else round(GLYPH_FILL * rows)


def draw_glyph(glyph: str, rows: int, dx: float = 0.0) -> Painter:
    """A painter of `glyph` centred on a grid `rows` cells tall (moved `dx` cells right)."""
    path = glyph_path(glyph)  # outside draw(): a font error must not leave a painter open

    def draw(painter: QPainter, rows_f: float, cols: float) -> None:
        box = path.boundingRect()
        height = glyph_height(rows)
        scale_y = height / cap_height()
        # wide glyphs (M, W) are condensed rather than shrunk: every glyph keeps the same height
        max_width = cols if rows < FULL_HEIGHT_BELOW else 0.9 * cols
        scale_x = min(scale_y, max_width / max(box.width(), 1e-6))
        # baseline on a cell boundary so that horizontal strokes land on whole cells
        baseline = (rows - height) // 2 + height
        painter.translate(cols / 2 + dx, baseline)
        painter.scale(scale_x, scale_y)
        painter.translate(-box.center().x(), 0)
        painter.drawPath(path)

    return draw


def coverage(rows: int, cols: int, draw: Painter) -> np.ndarray:
    """(rows, cols) fraction of each cell inked by ``draw(painter, rows, cols)`` in grid units
    (black on white, antialiased, 4 to 16 pixels a cell)."""
    scale = max(4, min(16, 1024 // max(rows, cols)))
    image = QImage(cols * scale, rows * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(scale, scale)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    try:
        draw(painter, float(rows), float(cols))
    finally:
        painter.end()
    darkness = 1.0 - gray_array(image) / 255.0
    return darkness.reshape(rows, scale, cols, scale).mean(axis=(1, 3))


def gray_array(image: QImage) -> np.ndarray:
    """(height, width) float array of the green channel of an RGB32 image (gray stays gray)."""
    height, width = image.height(), image.width()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    pixels = raw.reshape(height, image.bytesPerLine())[:, : width * 4].reshape(height, width, 4)
    return pixels[:, :, 1].astype(np.float32)


def threshold(covered: np.ndarray, level: float = 0.5) -> np.ndarray:
    """Flat int8 pattern: +1 where at least `level` of a cell is covered, else -1."""
    return np.where(covered >= level, 1, -1).astype(np.int8).reshape(-1)


@functools.lru_cache(maxsize=512)
def glyph_pattern(glyph: str, rows: int, cols: int | None = None) -> np.ndarray:
    """(rows * cols,) int8 picture of the single character `glyph` (cols defaults to rows),
    +1 = ink; read-only (cached). GlyphError if no font can draw it."""
    cols = rows if cols is None else cols
    pattern = threshold(coverage(rows, cols, draw_glyph(glyph, rows)))
    pattern.flags.writeable = False
    return pattern
