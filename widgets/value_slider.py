"""A slider over a list of values, with the value written beside it: a parameter a class can see
being turned (a spin box's number is hard to read from the back row)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget


class ValueSlider(QWidget):
    """`valueChanged(float)` fires when the handle is released or a key moves it, not while it is
    dragged (a new N rebuilds the ring: once per gesture is enough)."""

    valueChanged = Signal(float)  # noqa: N815 (the name QSlider and QSpinBox use)

    def __init__(
        self, values: Sequence[float], value: float, text: str, tooltip: str, scale: float = 1.0
    ) -> None:
        """`text` formats the shown value times `scale`, e.g. "{:.0f} ms" with scale 1000."""
        super().__init__()
        self._values = np.asarray(values, dtype=float)
        self._text, self._scale = text, scale
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(self._values) - 1)
        self.slider.setTracking(False)
        self.slider.setPageStep(1)  # a click beside the handle moves one listed value
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the lab
        self.label = QLabel()
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance(text.format(-888.88)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.label)
        self.setToolTip(tooltip)
        self.slider.sliderMoved.connect(self._show)
        self.slider.valueChanged.connect(self._on_changed)
        self.setValue(value)

    def value(self) -> float:
        return float(self._values[self.slider.value()])

    def setValue(self, value: float) -> None:  # noqa: N802 (the name QSlider uses)
        """Move to the listed value nearest `value` (emits valueChanged if that moves it); the
        label shows `value` itself, so a value between the listed ones is not misreported."""
        self.slider.setValue(int(np.argmin(np.abs(self._values - value))))
        self.label.setText(self._text.format(value * self._scale))

    def _show(self, index: int) -> None:
        self.label.setText(self._text.format(self._values[index] * self._scale))

    def _on_changed(self, index: int) -> None:
        self._show(index)
        self.valueChanged.emit(float(self._values[index]))
