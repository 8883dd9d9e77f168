"""The ring-attractor lab: a bump of activity that forms from noise, holds, moves and follows a cue.

Wiring only: the widgets draw and report what the user did, the `RingSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. Every parameter
control is built from the session's declaration and follows the model. The ring view follows
every frame; the pyqtgraph plots redraw at up to 20 Hz.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QVBoxLayout

from hopgui.core.lab import REAL_TIME_SPEEDS, Lab, panel, show_value
from hopgui.core.ui import button, row
from hopgui.labs.ring.session import STEPS_PER_SECOND, TRACE_SECONDS, RingSession, RingSnapshot
from widgets import palette
from widgets.live_text import LiveText
from widgets.matrix_view import MatrixView
from widgets.rate_plot import RatePlot
from widgets.ring_energy import RingEnergyView
from widgets.ring_view import RingView
from widgets.weight_profile import WeightProfilePlot
from widgets.zoom import points

DEFAULT_SPEED = 0.25  # slow enough to watch a bump form (it takes about 0.5 s of model time)
# Zhang's shift keeps speed within 1 % and the bump's shape up to |gamma| = 0.2 (SCIENCE.md).
GAMMA_FAITHFUL = 0.2
WARNING_BACKGROUND = QColor("#ffe08a")  # not red: red means the decoded direction here
VELOCITY_KEY_STEP = math.radians(45.0)  # rad/s per press of Left / Right
# The rows of sliders below the ring: (label, parameter), one a row so each can be read from
# the back of the room.
CONTROL_ROWS = ("n_units", "tau", "gain", "cue_strength", "noise")  # one slider a row


class RingLab(Lab):
    """The second lab: a ring of neurons, its bump, its weights and its energy."""

    name = "ring"
    title = "Ring attractor"
    summary = "A bump of activity on a ring of neurons forms from noise, turns and follows a cue"
    session_class = RingSession
    speed_range = REAL_TIME_SPEEDS
    default_speed = DEFAULT_SPEED
    steps_per_speed_unit = STEPS_PER_SECOND  # the run bar counts multiples of real time
    reset_label = "Reset: settled bump at 90°"
    presenting_split = 0.44  # the ring is round: the plots get the rest
    mouse_hints = (("Drag on the ring", "hold a cue there; release lets go"),)

    def __init__(self) -> None:
        super().__init__()
        self._shown_generation = 0  # the ring whose rate scale the view shows
        self._build_widgets()
        self._build_layout()
        self._finish(
            {
                "Ring": [
                    ("Scramble the rates", "S", self.scramble),
                    ("Turn faster counter-clockwise", "Left", lambda: self.nudge_velocity(+1)),
                    ("Turn faster clockwise", "Right", lambda: self.nudge_velocity(-1)),
                    ("Stop turning", "0", self.stop_turning),
                    ("Switch kernel", "K", self.switch_kernel),
                ],
            }
        )
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.description = LiveText("starting…", points(8), bold=True)
        self.readout = LiveText("", points(2))
        self.ring = RingView()
        self.main_view = self.ring
        self.rate_plot = RatePlot()
        self.profile = WeightProfilePlot()
        self.matrix = MatrixView(
            "Weight matrix W",
            "neuron j",
            "neuron i",
            "W_ij = w(θi − θj) + γ w′(θi − θj): every row is the same profile shifted by one\n"
            "(a circulant matrix). Red excitatory, blue inhibitory, white 0.\n"
            "Above 256 neurons an evenly spaced subset is shown.",
        )
        self.energy = RingEnergyView()
        self.velocity_label = LiveText()
        self.velocity = self.param_control("angular_velocity")
        # unlike the other sliders, the bump answers while the handle is dragged
        self.velocity.slider.setTracking(True)
        self.velocity.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.velocity.slider.setTickInterval(12)  # every 180 deg/s
        self.n_units = self.param_control("n_units")
        self.tau = self.param_control("tau")
        self.gain = self.param_control("gain")
        self.cue_strength = self.param_control("cue_strength")
        self.noise = self.param_control("noise")
        self.kernel = self.param_control("kernel")
        self.scramble_button = button(
            "Scramble rates", "Random rates: watch a single bump form from noise (S)"
        )

    def _build_control_grid(self) -> QGridLayout:
        """One parameter a row (a slider needs width to be read from the back), then the
        kernel and Scramble."""
        controls = QGridLayout()
        for index, name in enumerate(CONTROL_ROWS):
            controls.addWidget(QLabel(self.params[name].caption), index, 0)
            controls.addWidget(self._controls[name], index, 1)
        controls.setColumnStretch(1, 1)
        controls.addLayout(row(self.kernel, self.scramble_button), len(CONTROL_ROWS), 0, 1, 2)
        return controls

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.description)
        left.addWidget(self.readout)
        left.addWidget(self.ring, 1)
        left.addWidget(self.velocity_label)
        left.addWidget(self.velocity)
        controls = panel(self._build_control_grid())
        controls.layout().setContentsMargins(0, 0, 0, 0)
        left.addWidget(controls)
        self.secondary(controls, self.profile, self.matrix, self.velocity_label, self.readout)
        plots = QGridLayout()
        plots.addWidget(self.rate_plot, 0, 0, 1, 2)
        plots.addWidget(self.profile, 1, 0)
        plots.addWidget(self.matrix, 1, 1)
        plots.addWidget(self.energy, 2, 0, 1, 2)
        self._page(panel(left), panel(plots))

    def _connect(self) -> None:
        self.ring.cue_requested.connect(lambda angle: self.sim.send(RingSession.set_cue, angle))
        self.ring.cue_released.connect(lambda: self.sim.send(RingSession.release_cue))
        self.scramble_button.clicked.connect(self.scramble)

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def scramble(self) -> None:
        """Random rates: a bump re-forms from the noise."""
        self.sim.send(RingSession.scramble)
        self.status.emit("rates scrambled: press Space to watch a bump form")

    def nudge_velocity(self, direction: int) -> None:
        """One key step faster counter-clockwise (+1) or clockwise (-1), from the value last
        asked for: the model's, or the control's while a change is still on its way."""
        if self.sim.is_current(self.snapshot):
            now = self.param_value("angular_velocity")
        else:
            now = self.velocity.value()
        self.set_velocity(now + direction * VELOCITY_KEY_STEP)

    def lecture_actions(self) -> dict:
        """scramble (random rates: a bump forms), turn = 90 (velocity input in degrees per
        second; 0 stops)."""

        def turn(degrees_per_second: Any) -> None:
            if not isinstance(degrees_per_second, int | float):
                raise ValueError("turn takes a speed in degrees per second, e.g. turn = 90")
            self.set_velocity(math.radians(degrees_per_second))

        return {
            **super().lecture_actions(),
            "scramble": lambda _v=None: self.scramble(),
            "turn": turn,
        }

    def stop_turning(self) -> None:
        self.set_velocity(0.0)

    def set_velocity(self, angular_velocity: float) -> None:
        """Ask for this velocity input (rad/s, clipped to the slider's range); the slider moves
        at once, the readout when the model has it."""
        low, high = self.params["angular_velocity"].bounds
        value = min(max(angular_velocity, low), high)
        show_value(self.velocity, self.params["angular_velocity"], value)
        self.set_param("angular_velocity", value)

    def switch_kernel(self) -> None:
        self.kernel.setCurrentIndex((self.kernel.currentIndex() + 1) % self.kernel.count())

    # --- reactions -------------------------------------------------------------------------------
    def _on_snapshot(self, snap: RingSnapshot) -> None:
        if snap.generation != self._shown_generation:  # a rebuilt ring: a new rate scale
            self._shown_generation = snap.generation
            self.ring.set_rate_range(0.0, snap.rate_top)
        self.ring.set_state(snap.rates, snap.decoded, snap.strength)
        self.ring.set_cue(snap.cue_angle)
        self.description.setText(snap.description)
        self.readout.setText(
            f"t = {snap.time:.2f} s   ·   strength {snap.strength:.2f}   ·   "
            f"E/N = {snap.energy:.4f}"
        )
        too_fast = abs(snap.gamma) > GAMMA_FAITHFUL
        self.velocity_label.setText(
            f"Turning input ω = {math.degrees(snap.params['angular_velocity']):+.0f} °/s"
            f"   ·   shift γ = −τgω = {snap.gamma + 0.0:+.4f}"
            + ("   ·   too fast: the bump lags and deforms" if too_fast else "")
        )
        self.velocity_label.set_colors(palette.TEXT, WARNING_BACKGROUND if too_fast else None)
        self._plots.submit(snap)

    def _draw_plots(self, snap: RingSnapshot) -> None:
        self.rate_plot.set_rate_scale(rate_axis_top(snap), snap.rate_unit)
        self.rate_plot.set_rates(snap.angles, snap.rates)
        self.rate_plot.set_decoded(snap.decoded)
        self.rate_plot.set_cue(snap.cue_angle)
        self.profile.set_profile(
            snap.profile_theta, snap.profile_w, snap.profile_dw, snap.profile_tilted, snap.gamma
        )
        self.matrix.set_matrix(snap.weight_image, extent=snap.params["n_units"])
        self.energy.set_valley(snap.valley_positions, snap.valley_energy, snap.uniform_energy)
        self.energy.set_trace(snap.trace_time, snap.trace_energy, TRACE_SECONDS)
        self.energy.set_state(snap.decoded, snap.energy)

    def demo(self) -> None:
        """A bump forming from scrambled rates while the velocity input turns it at 180 deg/s."""
        self.set_velocity(math.radians(180.0))
        self.run.set_speed(DEFAULT_SPEED)
        self.sim.send(RingSession.scramble)

    def picture_ready(self, snap: RingSnapshot) -> bool:
        """The demo's picture: one bump formed from the scrambled rates (a second of model time
        at most, in case the noise is set so high that none forms)."""
        return snap.time >= 0.3 and (snap.bump_count == 1 or snap.time >= 1.0)


def rate_axis_top(snap: RingSnapshot) -> float:
    """The rate scale's top, raised in quarter steps while a cue drives the bump above it."""
    step = snap.rate_top / 4
    return max(snap.rate_top, step * math.ceil(float(snap.rates.max()) / step))
