"""The strip under a lecture's picture: the step's caption, large, and where we are ("5 / 14")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from widgets import palette, zoom
from widgets.live_text import LiveText
from widgets.zoom import points


class CaptionBar(QWidget):
    """Caption on the left (wraps onto a second line rather than shrink or cut), the step
    counter on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setFont(zoom.font(6, bold=True))
        self.caption.setAutoFillBackground(True)
        self.caption.setContentsMargins(10, 4, 10, 4)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.counter = LiveText(
            "", points(6), bold=True, color=palette.CUE, align=Qt.AlignmentFlag.AlignRight
        )
        self.counter.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.counter.setToolTip("Step of the lecture: Page Down next, Page Up back, R again")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.caption, 1)
        layout.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignVCenter)
        self.restyle()
        self._fit_counter("00 / 00")

    def show_step(self, caption: str, number: int, count: int) -> None:
        """Step `number` (from 1) of `count` with its caption."""
        self.caption.setText(caption)
        self.counter.setText(f"{number} / {count}")
        self._fit_counter(self.counter.text())

    def show_end(self) -> None:
        """Page Down on the last step: say that this was the end."""
        self.counter.setText("end")

    def restyle(self) -> None:
        """The caption's colours from the palette's profile (widgets.profile calls this)."""
        colours = self.caption.palette()
        colours.setColor(QPalette.ColorRole.Window, palette.CAPTION)
        colours.setColor(QPalette.ColorRole.WindowText, palette.TEXT)
        self.caption.setPalette(colours)

    def _fit_counter(self, text: str) -> None:
        self.counter.setFixedWidth(self.counter.fontMetrics().horizontalAdvance(text) + 30)
