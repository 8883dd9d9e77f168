"""The ring-attractor lab: a bump of activity that forms from noise, holds, moves and follows a cue.

Wiring only: the widgets draw and report what the user did, the `RingSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. The ring view
follows every frame; the pyqtgraph plots redraw at up to 20 Hz.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
)

from hopgui.core.lab import Lab, panel, steps
from hopgui.labs.ring.session import (
    CUE_STRENGTH_RANGE,
    GAIN_RANGE,
    MAX_ANGULAR_VELOCITY,
    NOISE_RANGE,
    STEPS_PER_SECOND,
    TAU_RANGE,
    TRACE_SECONDS,
    RingSession,
    RingSnapshot,
)
from hopgui.core.ui import button, combo, row
from widgets import palette
from widgets.live_text import LiveText
from widgets.matrix_view import MatrixView
from widgets.rate_plot import RatePlot
from widgets.ring_energy import RingEnergyView
from widgets.ring_view import RingView
from widgets.run_controls import RunControls
from widgets.value_slider import ValueSlider
from widgets.weight_profile import WeightProfilePlot

# Speeds in multiples of real time, doubling every 5 of the 60 slider positions: 1/64 x at the
# left, 1/4, 1/2, 1, 2, 4 ... exactly on positions, 56 x at 59, and "max speed" at the right end.
SPEED_RANGE = (2.0**-6, 2.0 ** (59 / 5 - 6))
DEFAULT_SPEED = 0.25  # slow enough to watch a bump form (it takes about 0.5 s of model time)
# Zhang's shift keeps speed within 1 % and the bump's shape up to |gamma| = 0.2 (SCIENCE.md).
GAMMA_FAITHFUL = 0.2
WARNING_BACKGROUND = QColor("#ffe08a")  # not red: red means the decoded direction here
N_CHOICES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024, 2048, 4096]
KERNELS = {"Zhang (inverse method)": "zhang", "Cosine (Ben-Yishai)": "cosine"}
VELOCITY_KEY_STEP = 45  # deg/s per press of Left / Right
MAX_VELOCITY = round(math.degrees(MAX_ANGULAR_VELOCITY))  # deg/s


class RingLab(Lab):
    """The second lab: a ring of neurons, its bump, its weights and its energy."""

    steps_per_speed_unit = STEPS_PER_SECOND  # the run bar counts multiples of real time
    title = "Ring attractor"
    reset_label = "Reset: settled bump at 90°"
    mouse_hints = (("Drag on the ring", "hold a cue there; release lets go"),)

    def __init__(self) -> None:
        super().__init__(RingSession, RunControls(*SPEED_RANGE, "× real time", DEFAULT_SPEED))
        self._build_widgets()
        self._build_layout()
        self._finish(
            {
                "Ring": [
                    ("Scramble the rates", "S", self.scramble),
                    ("Turn faster counter-clockwise", "Left", lambda: self.nudge_velocity(+1)),
                    ("Turn faster clockwise", "Right", lambda: self.nudge_velocity(-1)),
                    ("Stop turning", "0", lambda: self.velocity.setValue(0)),
                    ("Switch kernel", "K", self.switch_kernel),
                ],
            }
        )
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.description = LiveText("starting…", palette.FONT_POINT_SIZE + 8, bold=True)
        self.readout = LiveText("", palette.FONT_POINT_SIZE + 2)
        self.ring = RingView()
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
        self._build_controls()

    def _build_controls(self) -> None:
        self.velocity = QSlider(Qt.Orientation.Horizontal)
        self.velocity.setRange(-MAX_VELOCITY, MAX_VELOCITY)
        self.velocity.setSingleStep(15)
        self.velocity.setPageStep(90)
        self.velocity.setTickInterval(180)
        self.velocity.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.velocity.setToolTip(
            "Velocity input ω (deg/s): the bump turns at g·ω, counter-clockwise for ω > 0.\n"
            "Left / Right keys change it, 0 stops it."
        )
        self.velocity_label = LiveText()
        self.n_units = ValueSlider(
            N_CHOICES, 64, "{:.0f}", "Number of neurons N (16, the fly's ring, to 4096)"
        )
        self.kernel = combo(
            KERNELS,
            "Zhang (1996): weights from the inverse method, smooth rates in Hz.\n"
            "Cosine (Ben-Yishai 1995): w = (−J0 + J1 cos θ) / N, threshold-linear rates.",
        )
        self.tau = ValueSlider(
            steps(TAU_RANGE, 0.001), 0.01, "{:.0f} ms", "Time constant τ of every neuron", 1000
        )
        self.gain = ValueSlider(
            steps(GAIN_RANGE, 0.05), 1.0, "{:.2f}", "Velocity gain g: the bump turns at g·ω"
        )
        self.cue_strength = ValueSlider(
            steps(CUE_STRENGTH_RANGE, 0.002), 0.01, "{:.3f}", "Strength of the cue you click in"
        )
        self.noise = ValueSlider(
            steps(NOISE_RANGE, 0.01), 0.0, "{:.2f}", "Input noise s.d.: the bump diffuses"
        )
        self.scramble_button = button(
            "Scramble rates", "Random rates: watch a single bump form from noise (S)"
        )

    def _build_control_grid(self) -> QGridLayout:
        """One parameter a row (a slider needs width to be read from the back), then the
        kernel and Scramble."""
        controls = QGridLayout()
        rows = [
            ("N", self.n_units),
            ("τ", self.tau),
            ("Gain g", self.gain),
            ("Cue", self.cue_strength),
            ("Noise", self.noise),
        ]
        for index, (label, widget) in enumerate(rows):
            controls.addWidget(QLabel(label), index, 0)
            controls.addWidget(widget, index, 1)
        controls.setColumnStretch(1, 1)
        controls.addLayout(row(self.kernel, self.scramble_button), len(rows), 0, 1, 2)
        return controls

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.description)
        left.addWidget(self.readout)
        left.addWidget(self.ring, 1)
        left.addWidget(self.velocity_label)
        left.addWidget(self.velocity)
        left.addLayout(self._build_control_grid())
        plots = QGridLayout()
        plots.addWidget(self.rate_plot, 0, 0, 1, 2)
        plots.addWidget(self.profile, 1, 0)
        plots.addWidget(self.matrix, 1, 1)
        plots.addWidget(self.energy, 2, 0, 1, 2)
        self._page(panel(left), panel(plots))

    def _connect(self) -> None:
        self.ring.cue_requested.connect(lambda angle: self.sim.send("set_cue", angle))
        self.ring.cue_released.connect(lambda: self.sim.send("release_cue"))
        self.velocity.valueChanged.connect(self._on_velocity_changed)
        self.n_units.valueChanged.connect(lambda n: self.sim.send("set_n_units", n))
        self.kernel.currentTextChanged.connect(lambda t: self.sim.send("set_kernel", KERNELS[t]))
        self.tau.valueChanged.connect(lambda tau: self.sim.send("set_tau", tau))
        self.gain.valueChanged.connect(lambda g: self.sim.send("set_gain", g))
        self.cue_strength.valueChanged.connect(lambda s: self.sim.send("set_cue_strength", s))
        self.noise.valueChanged.connect(lambda s: self.sim.send("set_noise", s))
        self.scramble_button.clicked.connect(self.scramble)
        self._on_velocity_changed(0)

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def scramble(self) -> None:
        """Random rates: a bump re-forms from the noise."""
        self.sim.send("scramble")
        self.status.emit("rates scrambled: press Space to watch a bump form")

    def nudge_velocity(self, direction: int) -> None:
        self.velocity.setValue(self.velocity.value() + direction * VELOCITY_KEY_STEP)

    def switch_kernel(self) -> None:
        self.kernel.setCurrentIndex((self.kernel.currentIndex() + 1) % self.kernel.count())

    # --- reactions -------------------------------------------------------------------------------
    def _on_velocity_changed(self, degrees_per_second: int) -> None:
        self.sim.send("set_angular_velocity", math.radians(degrees_per_second))

    def _on_snapshot(self, snap: RingSnapshot) -> None:
        previous, self.snapshot = self.snapshot, snap
        if previous is None or previous.generation != snap.generation:
            self._show_structure(snap)
        self.ring.set_state(snap.rates, snap.decoded, snap.strength)
        self.ring.set_cue(snap.cue_angle)
        self.description.setText(snap.description)
        self.readout.setText(
            f"t = {snap.time:.2f} s   ·   strength {snap.strength:.2f}   ·   "
            f"E/N = {snap.energy:.4f}"
        )
        too_fast = abs(snap.gamma) > GAMMA_FAITHFUL
        self.velocity_label.setText(
            f"Turning input ω = {math.degrees(snap.angular_velocity):+.0f} °/s"
            f"   ·   shift γ = −τgω = {snap.gamma + 0.0:+.4f}"
            + ("   ·   too fast: the bump lags and deforms" if too_fast else "")
        )
        self.velocity_label.set_colors(palette.TEXT, WARNING_BACKGROUND if too_fast else None)
        self._plots.submit(snap)

    def _show_structure(self, snap: RingSnapshot) -> None:
        """A rebuilt ring: its rate scale, and N and kernel in the controls (without echo)."""
        self.ring.set_rate_range(0.0, snap.rate_top)
        kernel = next(text for text, name in KERNELS.items() if name == snap.kernel)
        for widget, setter, value in (
            (self.n_units, self.n_units.setValue, snap.n_units),
            (self.kernel, self.kernel.setCurrentText, kernel),
        ):
            widget.blockSignals(True)
            setter(value)
            widget.blockSignals(False)

    def _draw_plots(self, snap: RingSnapshot) -> None:
        self.rate_plot.set_rate_scale(rate_axis_top(snap), snap.rate_unit)
        self.rate_plot.set_rates(snap.angles, snap.rates)
        self.rate_plot.set_decoded(snap.decoded)
        self.rate_plot.set_cue(snap.cue_angle)
        self.profile.set_profile(
            snap.profile_theta, snap.profile_w, snap.profile_dw, snap.profile_tilted, snap.gamma
        )
        self.matrix.set_matrix(snap.weight_image, extent=snap.n_units)
        self.energy.set_valley(snap.valley_positions, snap.valley_energy, snap.uniform_energy)
        self.energy.set_trace(snap.trace_time, snap.trace_energy, TRACE_SECONDS)
        self.energy.set_state(snap.decoded, snap.energy)

    def demo(self) -> None:
        """A bump forming from scrambled rates while the velocity input turns it at 180 deg/s."""
        self.velocity.setValue(180)
        self.run.set_speed(DEFAULT_SPEED)
        self.sim.send("scramble")


def rate_axis_top(snap: RingSnapshot) -> float:
    """The rate scale's top, raised in quarter steps while a cue drives the bump above it."""
    step = snap.rate_top / 4
    return max(snap.rate_top, step * math.ceil(float(snap.rates.max()) / step))
