"""A line of text that changes every frame without relaying out (and so repainting) the window.

A QLabel asks its layout for a new geometry on every setText; with the offscreen and raster
back ends that repaints the whole window, every frame. This widget has a fixed height and only
repaints itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette, zoom

MIN_SCALE = 0.5  # a line shrinks to half its size to fit; beyond, it ends in an ellipsis


class LiveText(QWidget):
    """One line of text in a fixed-height strip, optionally on a rounded coloured background."""

    def __init__(
        self,
        text: str = "",
        point_size: float | None = None,
        bold: bool = False,
        color: QColor = palette.TEXT,
        background: QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        super().__init__()
        self._text = text
        font = QFont(self.font())
        font.setPointSizeF(point_size or zoom.points())
        font.setBold(bold)
        self.setFont(font)  # zoom rescales it (widgets.zoom); changeEvent follows
        self._color = color  # kept, not copied: a palette colour follows the profile
        self._background = background
        self._align = align
        self._fit_cache: tuple[tuple[str, float], tuple[QFont, str]] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._follow_font()

    def _follow_font(self) -> None:
        self._height = QFontMetrics(self.font()).height() + 12
        self._fit_cache = None
        self.setFixedHeight(self._height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:
            self._follow_font()
        super().changeEvent(event)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, so it drops in)
        if text != self._text:
            self._text = text
            self.update()

    def set_colors(self, color: QColor, background: QColor | None = None) -> None:
        self._color, self._background = color, background
        self.update()

    def fitted(self, width: float | None = None) -> tuple[QFont, str]:
        """The font and text drawn in `width` px (default: the widget's text area).

        The font shrinks (down to MIN_SCALE of its size) until the whole line fits; a line that
        still does not fit is cut with a visible ellipsis, never silently.
        """
        if width is None:
            width = self._text_area().width()
        key = (self._text, round(width, 1))
        if self._fit_cache is not None and self._fit_cache[0] == key:
            return self._fit_cache[1]
        fitted = self._fit(width)
        self._fit_cache = (key, fitted)
        return fitted

    def _fit(self, width: float) -> tuple[QFont, str]:
        text, base = self._text, self.font().pointSizeF()
        width -= 1.0  # room for rounding when the glyphs are placed on pixels
        needed = QFontMetricsF(self.font(), self).horizontalAdvance(text)
        if needed <= width or needed == 0:
            return self.font(), text
        font = QFont(self.font())
        size = max(MIN_SCALE * base, base * width / needed)
        while True:  # glyph widths do not scale exactly with the size: measure again
            font.setPointSizeF(size)
            if QFontMetricsF(font, self).horizontalAdvance(text) <= width:
                return font, text
            if size <= MIN_SCALE * base:
                break
            size = max(MIN_SCALE * base, size * 0.97)
        elided = QFontMetricsF(font, self).elidedText(text, Qt.TextElideMode.ElideRight, width)
        return font, elided

    def _text_area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(10, 0, -10, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = QFontMetrics(self.font()).horizontalAdvance(self._text) + 24
        return QSize(width, self._height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._background is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._background)
            painter.drawRoundedRect(QRectF(self.rect()), 6, 6)
        painter.setPen(self._color)
        area = self._text_area()
        font, text = self.fitted(area.width())
        painter.setFont(font)
        painter.drawText(area, int(self._align | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()
