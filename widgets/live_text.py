"""A line of text that changes every frame without relaying out (and so repainting) the window.

A QLabel asks its layout for a new geometry on every setText; with the offscreen and raster
back ends that repaints the whole window, every frame. This widget has a fixed height and only
repaints itself.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets import palette


class LiveText(QWidget):
    """One line of text in a fixed-height strip, optionally on a rounded coloured background."""

    def __init__(
        self,
        text: str = "",
        point_size: int = palette.FONT_POINT_SIZE,
        bold: bool = False,
        color: QColor = palette.TEXT,
        background: QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        super().__init__()
        self._text = text
        self._font = QFont(self.font())
        self._font.setPointSize(point_size)
        self._font.setBold(bold)
        self._color = QColor(color)
        self._background = background
        self._align = align
        self._height = QFontMetrics(self._font).height() + 12
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self._height)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, so it drops in)
        if text != self._text:
            self._text = text
            self.update()

    def set_colors(self, color: QColor, background: QColor | None = None) -> None:
        self._color, self._background = QColor(color), background
        self.update()

    def _fitted_font(self, width: float) -> QFont:
        """The font, shrunk (down to half) so that the whole line fits in a narrow panel."""
        needed = QFontMetricsF(self._font, self).horizontalAdvance(self._text) * 1.02
        if needed <= width or needed == 0:
            return self._font
        font = QFont(self._font)
        font.setPointSizeF(self._font.pointSizeF() * max(0.5, width / needed))
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        width = QFontMetrics(self._font).horizontalAdvance(self._text) + 24
        return QSize(width, self._height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._background is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._background)
            painter.drawRoundedRect(QRectF(self.rect()), 6, 6)
        painter.setPen(self._color)
        area = QRectF(self.rect()).adjusted(10, 0, -10, 0)
        painter.setFont(self._fitted_font(area.width()))
        painter.drawText(area, int(self._align | Qt.AlignmentFlag.AlignVCenter), self._text)
        painter.end()
