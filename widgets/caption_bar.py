"""The strip under a lecture's picture: the step's caption, large, and where we are ("5 / 14")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from widgets import palette
from widgets.live_text import LiveText
from widgets.zoom import points


class CaptionBar(QWidget):
    """Caption on the left (shrinks to fit, never wraps), step counter on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = LiveText("", points(6), bold=True, background=palette.CAPTION)
        self.counter = LiveText(
            "", points(6), bold=True, color=palette.CUE, align=Qt.AlignmentFlag.AlignRight
        )
        self.counter.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.counter.setToolTip("Step of the lecture: Page Down next, Page Up back, R again")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.caption, 1)
        layout.addWidget(self.counter)
        self._fit_counter("00 / 00")

    def show_step(self, caption: str, number: int, count: int) -> None:
        """Step `number` (from 1) of `count` with its caption."""
        self.caption.setText(caption)
        self.counter.setText(f"{number} / {count}")
        self._fit_counter(self.counter.text())

    def _fit_counter(self, text: str) -> None:
        self.counter.setFixedWidth(self.counter.fontMetrics().horizontalAdvance(text) + 30)
