"""The head-direction lab: an animal turns, its ring integrates the turns, in the dark it drifts.

Wiring only: the widgets draw and report what the user did, the `HeadingSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. The controls,
the banner and the Lights button follow the model's parameters in every frame; the animal view
follows every frame; the pyqtgraph traces redraw at up to 20 Hz.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from hopgui.core.lab import Lab, panel
from hopgui.labs.heading.session import (
    HISTORY_SECONDS,
    STEPS_PER_SECOND,
    HeadingSession,
    HeadingSnapshot,
)
from widgets import palette
from widgets.animal_view import AnimalView
from widgets.heading_trace import HeadingTraces
from widgets.live_text import LiveText
from widgets.zoom import font as zoom_font
from widgets.zoom import points

DEMO_SECONDS = 2.5  # the first picture: seconds of random turning in the dark, the error growing
BANNERS = {
    True: ("Lights ON: the landmark anchors the bump", palette.TEXT, "#fff4c2"),
    False: ("Lights OFF: path integration in the dark", palette.NIGHT_TEXT, "#1c1c2a"),
}


class HeadingLab(Lab):
    """The third lab: a turning animal, its head-direction ring, drift in the dark."""

    name = "heading"
    title = "Head direction"
    summary = "A rat turns in the dark: its head-direction ring drifts, a landmark snaps it back"
    session_class = HeadingSession
    default_speed = 1.0
    steps_per_speed_unit = STEPS_PER_SECOND  # the run bar counts multiples of real time
    reset_label = "Re-align the bump with the heading"
    mouse_hints = (
        ("Hold Left / Right", "steer: counter-clockwise / clockwise"),
        ("Drag the animal", "turn it toward the cursor"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._lights_shown: bool | None = None
        self._build_widgets()
        self._build_layout()
        turning = [
            (text, str(key), lambda checked=False, t=value: self.set_param("turning", t))
            for key, (text, value) in enumerate(self.params["turning"].choices.items(), start=1)
        ]
        self._finish({"Animal": [("Lights on / off", "L", self.toggle_lights), *turning]})
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setFont(zoom_font(8, bold=True))
        self.readout = LiveText("", points(2))
        self.animal = AnimalView()
        self.main_view = self.animal
        self.setFocusProxy(self.animal)  # whoever focuses the lab gives the arrow keys to it
        self.traces = HeadingTraces()
        self.turning = self.param_control("turning")
        self.lights = self.param_control("lights")
        self.gain = self.param_control("gain")
        self.landmark = self.param_control("landmark_strength")
        self._show_lights(self.params["lights"].default)

    def _build_layout(self) -> None:
        controls = QGridLayout()
        controls.addWidget(QLabel(self.params["turning"].caption), 0, 0)
        controls.addWidget(self.turning, 0, 1)
        controls.addWidget(self.lights, 0, 2)
        controls.addWidget(QLabel(self.params["gain"].caption), 1, 0)
        controls.addWidget(self.gain, 1, 1, 1, 2)
        controls.addWidget(QLabel(self.params["landmark_strength"].caption), 2, 0)
        controls.addWidget(self.landmark, 2, 1, 1, 2)
        controls.setColumnStretch(1, 1)
        left = QVBoxLayout()
        left.addWidget(self.animal, 1)
        left.addWidget(self.readout)
        settings = panel(controls)
        settings.layout().setContentsMargins(0, 0, 0, 0)
        left.addWidget(settings)
        self.secondary(settings, self.readout)
        self._page(panel(left), self.traces, self.banner)

    def _connect(self) -> None:
        send = self.sim.send
        self.animal.steer.connect(lambda direction: send(HeadingSession.steer, direction))
        self.animal.heading_dragged.connect(lambda angle: send(HeadingSession.steer_toward, angle))
        self.animal.drag_finished.connect(lambda: send(HeadingSession.release_steering))

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def lecture_actions(self) -> dict:
        """lights = true / false (the landmark seen or not)."""

        def lights(on: Any) -> None:
            if not isinstance(on, bool):
                raise ValueError("lights takes true or false")
            self.set_param("lights", on)

        return {**super().lecture_actions(), "lights": lights}

    def toggle_lights(self) -> None:
        """Switch the lights (and so the landmark) on or off."""
        self.sim.send(HeadingSession.toggle_lights)

    # --- reactions -------------------------------------------------------------------------------
    def _on_snapshot(self, snap: HeadingSnapshot) -> None:
        self.animal.set_headings(snap.true_heading, snap.decoded_heading)
        self.animal.set_rates(snap.rates)
        self.animal.set_landmark(snap.landmark_direction, snap.params["lights"])
        self._show_lights(snap.params["lights"])
        self.readout.setText(
            f"t = {snap.time:.1f} s   ·   turning {math.degrees(snap.angular_velocity):+.0f} °/s"
            f"   ·   gain {snap.params['gain']:.2f}   ·   strength {snap.strength:.2f}"
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

    def _show_lights(self, lights: bool) -> None:
        """The banner and the Lights button's text say what the model does (once per change)."""
        if lights == self._lights_shown:
            return
        self._lights_shown = lights
        text, color, background = BANNERS[lights]
        self.banner.setText(text)
        self.banner.setStyleSheet(
            f"color: {color.name()}; background: {background}; padding: 6px; border-radius: 6px;"
        )
        self.lights.setText("Lights: ON (L)" if lights else "Lights: OFF (L)")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.animal.setFocus()  # so the arrow keys steer at once

    def demo(self) -> None:
        """Random turning in the dark with gain 1.25: the decoded heading drifts off."""
        self.set_param("turning", "random")
        self.run.set_speed(self.default_speed)

    def picture_ready(self, snap: HeadingSnapshot) -> bool:
        """The demo's picture: a few seconds of traces, the decoded heading drifting off."""
        return snap.time >= DEMO_SECONDS
