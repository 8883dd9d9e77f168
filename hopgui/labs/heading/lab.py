"""The head-direction lab: an animal turns, its ring integrates the turns, in the dark it drifts.

Wiring only: the widgets draw and report what the user did, the `HeadingSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. The animal view
follows every frame; the pyqtgraph traces redraw at up to 20 Hz.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QVBoxLayout,
)

from hopgui.labs.heading.session import (
    DEFAULT_GAIN,
    GAIN_RANGE,
    HISTORY_SECONDS,
    LANDMARK_STRENGTH,
    LANDMARK_STRENGTH_RANGE,
    HeadingSession,
    HeadingSnapshot,
)
from hopgui.core.lab import Lab, panel, steps
from hopgui.labs.ring.lab import SPEED_RANGE
from hopgui.labs.ring.session import STEPS_PER_SECOND
from hopgui.core.ui import button, combo
from widgets import palette
from widgets.animal_view import AnimalView
from widgets.heading_trace import HeadingTraces
from widgets.live_text import LiveText
from widgets.run_controls import RunControls
from widgets.value_slider import ValueSlider

DEFAULT_SPEED = 1.0
TURNINGS = {
    "Still": "still",
    "Constant turning (90°/s)": "constant",
    "Random turning (like a rat)": "random",
    "Steered (arrow keys / drag)": "steered",
}
BANNERS = {
    True: ("Lights ON: the landmark anchors the bump", palette.TEXT, "#fff4c2"),
    False: ("Lights OFF: path integration in the dark", palette.NIGHT_TEXT, "#1c1c2a"),
}


class HeadingLab(Lab):
    """The third lab: a turning animal, its head-direction ring, drift in the dark."""

    steps_per_speed_unit = STEPS_PER_SECOND  # the run bar counts multiples of real time
    title = "Head direction"
    reset_label = "Re-align the bump with the heading"
    mouse_hints = (
        ("Hold Left / Right", "steer: counter-clockwise / clockwise"),
        ("Drag the animal", "turn it toward the cursor"),
    )

    def __init__(self) -> None:
        super().__init__(HeadingSession, RunControls(*SPEED_RANGE, "× real time", DEFAULT_SPEED))
        self._build_widgets()
        self._build_layout()
        turning = [
            (text, str(key), lambda checked=False, t=text: self.turning.setCurrentText(t))
            for key, text in enumerate(TURNINGS, start=1)
        ]
        self._finish({"Animal": [("Lights on / off", "L", self.toggle_lights), *turning]})
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.readout = LiveText("", palette.FONT_POINT_SIZE + 2)
        self.animal = AnimalView()
        self.traces = HeadingTraces()
        self.turning = combo(TURNINGS, "How the animal turns (keys 1 to 4)")
        self.turning.setCurrentText("Random turning (like a rat)")
        self.lights = button(
            "Lights (L)",
            "Lights on: the landmark is visible and corrects the bump (L)",
            checkable=True,
        )
        self.gain = ValueSlider(
            steps(GAIN_RANGE, 0.05), DEFAULT_GAIN, "{:.2f}", "Velocity gain g: 1 integrates exactly"
        )
        self.landmark = ValueSlider(
            steps(LANDMARK_STRENGTH_RANGE, 0.002),
            LANDMARK_STRENGTH,
            "{:.3f}",
            "How strongly the visible landmark pulls the bump",
        )
        self._show_banner(False)

    def _build_layout(self) -> None:
        controls = QGridLayout()
        controls.addWidget(QLabel("Turning"), 0, 0)
        controls.addWidget(self.turning, 0, 1)
        controls.addWidget(self.lights, 0, 2)
        controls.addWidget(QLabel("Velocity gain"), 1, 0)
        controls.addWidget(self.gain, 1, 1, 1, 2)
        controls.addWidget(QLabel("Landmark"), 2, 0)
        controls.addWidget(self.landmark, 2, 1, 1, 2)
        controls.setColumnStretch(1, 1)
        left = QVBoxLayout()
        left.addWidget(self.animal, 1)
        left.addWidget(self.readout)
        left.addLayout(controls)
        self._page(panel(left), self.traces, self.banner)

    def _connect(self) -> None:
        self.animal.steer.connect(lambda direction: self.sim.send("steer", direction))
        self.animal.heading_dragged.connect(lambda angle: self.sim.send("steer_toward", angle))
        self.animal.drag_finished.connect(lambda: self.sim.send("release_steering"))
        self.turning.currentTextChanged.connect(
            lambda text: self.sim.send("set_turning", TURNINGS[text])
        )
        self.lights.clicked.connect(lambda on: self.sim.send("set_lights", on))
        self.gain.valueChanged.connect(lambda g: self.sim.send("set_gain", g))
        self.landmark.valueChanged.connect(lambda s: self.sim.send("set_landmark_strength", s))

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def reset(self) -> None:
        """Put the bump back under the true heading and clear the traces."""
        self.sim.send("reset")

    def toggle_lights(self) -> None:
        """Switch the lights (and so the landmark) on or off."""
        self.sim.send("toggle_lights")

    # --- reactions -------------------------------------------------------------------------------
    def _on_snapshot(self, snap: HeadingSnapshot) -> None:
        previous, self.snapshot = self.snapshot, snap
        self.animal.set_headings(snap.true_heading, snap.decoded_heading)
        self.animal.set_rates(snap.rates)
        self.animal.set_landmark(snap.landmark_direction, snap.lights)
        if previous is None or previous.lights != snap.lights:
            self._show_banner(snap.lights)
            self.lights.setChecked(snap.lights)
            self.lights.setText("Lights: ON (L)" if snap.lights else "Lights: OFF (L)")
        if previous is None or previous.turning != snap.turning:
            self._show_turning(snap.turning)
        self.readout.setText(
            f"t = {snap.time:.1f} s   ·   turning {math.degrees(snap.angular_velocity):+.0f} °/s"
            f"   ·   gain {snap.gain:.2f}   ·   strength {snap.strength:.2f}"
        )
        self._plots.submit(snap)

    def _draw_plots(self, snap: HeadingSnapshot) -> None:
        self.traces.set_lit_intervals(snap.lit_intervals)
        self.traces.set_traces(
            snap.trace_time,
            snap.trace_true,
            snap.trace_decoded,
            snap.trace_error,
            HISTORY_SECONDS,
        )

    def _show_banner(self, lights: bool) -> None:
        text, color, background = BANNERS[lights]
        self.banner.setText(text)
        self.banner.setStyleSheet(
            f"font-size: {palette.FONT_POINT_SIZE + 8}pt; font-weight: bold;"
            f" color: {color.name()}; background: {background}; padding: 6px; border-radius: 6px;"
        )

    def _show_turning(self, turning: str) -> None:
        text = next(t for t, mode in TURNINGS.items() if mode == turning)
        self.turning.blockSignals(True)
        self.turning.setCurrentText(text)
        self.turning.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.animal.setFocus()  # so the arrow keys steer at once

    def demo(self) -> None:
        """Random turning in the dark with gain 1.25: the decoded heading drifts off."""
        self.turning.setCurrentText("Random turning (like a rat)")
        self.run.set_speed(DEFAULT_SPEED)
