"""Play/pause, single steps, reset and a logarithmic speed slider: the transport bar of a lab."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QStyle, QWidget

SLIDER_STEPS = 60  # the last slider position means "as fast as the machine allows"


class RunControls(QWidget):
    """Buttons emit what the user asked; `set_running` reflects what the simulation is doing."""

    play_toggled = Signal()
    step_requested = Signal(str)  # the name given to `add_step_button`
    reset_requested = Signal()
    speed_changed = Signal(float)  # steps per second; math.inf for flat out

    def __init__(self, min_speed: float, max_speed: float, unit: str, default: float) -> None:
        super().__init__()
        self._min, self._max, self._unit = min_speed, max_speed, unit
        self.play_button = self._button("Play", "Run or pause the simulation (Space)")
        self.play_button.setCheckable(True)
        self.play_button.clicked.connect(self._on_play_clicked)
        style = self.style()
        self._icons = {  # the style's own icons: a font may lack the pause glyph
            False: style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
            True: style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
        }
        self.play_button.setIcon(self._icons[False])
        self.reset_button = self._button("⟲  Reset", "Back to the start (R)")
        self.reset_button.clicked.connect(self.reset_requested)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setMinimumWidth(160)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrow keys belong to the lab
        self.slider.setToolTip(
            f"Speed, from {min_speed:g} {unit} to as fast as the machine allows ([ and ] keys)"
        )
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(150)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.play_button, self.reset_button):
            self._layout.addWidget(widget)
        self._layout.addSpacing(12)
        self._layout.addWidget(QLabel("Speed"))
        self._layout.addWidget(self.slider, 1)
        self._layout.addWidget(self.speed_label)
        self.set_speed(default)

    def add_step_button(self, name: str, text: str, tooltip: str) -> QPushButton:
        button = self._button(text, tooltip)
        button.clicked.connect(lambda: self.step_requested.emit(name))
        self._layout.insertWidget(self._layout.indexOf(self.reset_button), button)
        return button

    def set_running(self, running: bool) -> None:
        self.play_button.setChecked(running)
        self.play_button.setText("Pause" if running else "Play")
        self.play_button.setIcon(self._icons[running])

    def speed(self) -> float:
        return self._speed_at(self.slider.value())

    def set_speed(self, steps_per_second: float) -> None:
        """Move to `steps_per_second` (math.inf: as fast as the machine allows); ValueError in
        words for a speed that is not a positive number."""
        if not steps_per_second > 0:  # also refuses NaN
            raise ValueError(
                f"the speed must be a positive number of {self._unit}, not {steps_per_second}"
            )
        position = self._position_of(steps_per_second)
        if position == self.slider.value():
            self._on_slider_moved(position)  # the same position: say it once all the same
        else:
            self.slider.setValue(position)  # which says it

    def faster(self) -> None:
        self.slider.setValue(self.slider.value() + 5)

    def slower(self) -> None:
        self.slider.setValue(self.slider.value() - 5)

    # --- internals --------------------------------------------------------------------------------
    def _button(self, text: str, tooltip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to the lab, not the button
        return button

    def _on_play_clicked(self) -> None:
        self.play_button.setChecked(not self.play_button.isChecked())  # the worker decides
        self.play_toggled.emit()

    def _speed_at(self, position: int) -> float:
        if position >= SLIDER_STEPS:
            return math.inf
        ratio = math.log10(self._max / self._min)
        return self._min * 10 ** (ratio * position / (SLIDER_STEPS - 1))

    def _position_of(self, speed: float) -> int:
        if math.isinf(speed) or speed > self._max:
            return SLIDER_STEPS
        ratio = math.log10(self._max / self._min)
        fraction = math.log10(max(speed, self._min) / self._min) / ratio
        return round(fraction * (SLIDER_STEPS - 1))

    def _on_slider_moved(self, position: int) -> None:
        speed = self._speed_at(position)
        if math.isinf(speed):
            self.speed_label.setText("max speed")
        else:
            self.speed_label.setText(f"{_round_nicely(speed):g} {self._unit}")
        self.speed_changed.emit(speed)


def _round_nicely(value: float) -> float:
    digits = max(0, 1 - int(math.floor(math.log10(value))))
    return round(value, digits) if value < 10 else float(round(value, -int(math.log10(value)) + 1))
