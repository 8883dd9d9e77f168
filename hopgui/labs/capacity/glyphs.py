"""Letters and digits as +-1 pictures for the capacity explorer's correlated-memory sweeps.

Each glyph is drawn in bold sans with QPainter on a supersampled image, scaled so every capital
has the same height (80 % of the grid), and each cell becomes ink (+1) when at least half of it
is covered. (The associative-memory lab has a fuller preset library with pictures and tiny-grid
tweaks; labs do not share code, and a sweep needs only these glyphs.) Needs a QGuiApplication.
"""

from __future__ import annotations

import functools
import string

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath

SETS = {"letters": string.ascii_uppercase, "digits": string.digits}
_FAMILIES = ("DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans")
_SUPERSAMPLE = 16
_FILL = 0.8


def glyph_set(kind: str, side: int) -> tuple[tuple[str, ...], np.ndarray]:
    """(names, (K, side * side) int8 patterns) of the set `kind` ("letters" or "digits")."""
    names = tuple(SETS[kind])
    return names, np.array([glyph(name, side) for name in names])


@functools.cache
def _font() -> QFont:
    available = set(QFontDatabase.families())
    font = QFont(next((f for f in _FAMILIES if f in available), ""))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(200)
    return font


@functools.cache
def _outline(char: str) -> QPainterPath:
    path = QPainterPath()
    path.addText(QPointF(0, 0), _font(), char)
    return path


@functools.lru_cache(maxsize=128)
def glyph(char: str, side: int) -> np.ndarray:
    """(side * side,) int8 picture of `char`, +1 = ink; read-only (cached)."""
    size = side * _SUPERSAMPLE
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    path, cap = _outline(char), _outline("H").boundingRect().height() or 1.0
    box = path.boundingRect()
    height = round(_FILL * side)
    scale_y = height / cap
    scale_x = min(scale_y, 0.9 * side / max(box.width(), 1e-6))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(_SUPERSAMPLE, _SUPERSAMPLE)
        painter.translate(side / 2, (side - height) // 2 + height)
        painter.scale(scale_x, scale_y)
        painter.translate(-box.center().x(), 0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        painter.drawPath(path)
    finally:
        painter.end()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    gray = raw.reshape(size, image.bytesPerLine())[:, :size].astype(np.float32)
    coverage = (1.0 - gray / 255.0).reshape(side, _SUPERSAMPLE, side, _SUPERSAMPLE).mean((1, 3))
    pattern = np.where(coverage >= 0.5, 1, -1).astype(np.int8).reshape(-1)
    pattern.flags.writeable = False
    return pattern
