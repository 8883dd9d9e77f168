"""The synchrony lab: oscillators that fall into step as the coupling grows (Kuramoto 1975), and
walkers who set the Millennium Bridge swaying once the crowd is big enough (Strogatz et al. 2005).

Wiring only: the widgets draw and report what the user did, the `SyncSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. The sweep of r
against K is a background job (hopgui.core.jobs) with progress and Cancel; each point it finishes
goes to the session (which drops points computed for other settings), so the plot shows it at
once and a saved session keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedWidget, QVBoxLayout

from hopgui.core.jobs import Job
from hopgui.core.lab import Lab, panel, show_value
from hopgui.core.ui import button, row
from hopgui.labs.sync.session import (
    ARRIVAL_BATCH,
    BRIDGE_TRACE_SECONDS,
    STEPS_PER_SECOND,
    TRACE_SECONDS,
    SyncSession,
    SyncSnapshot,
)
from hopgui.labs.sync.sweep import SweepPlan
from widgets import zoom
from widgets.bridge_view import BridgeView
from widgets.live_text import LiveText
from widgets.phase_circle import PhaseCircle
from widgets.sync_plots import BridgeTraces, OrderTrace, SweepPlot

MODE_SPEEDS = {"kuramoto": 4.0, "bridge": 16.0}  # x real time: watchable rates of change
COUPLING_KEY_STEP = 0.1  # 1/s per press of Up / Down
PAGES = {"kuramoto": 0, "bridge": 1}


class SyncLab(Lab):
    """The synchrony lab: a circle of oscillators, its order parameter, a K sweep; the bridge."""

    name = "sync"
    title = "Synchrony"
    summary = "Oscillators fall into step as the coupling grows; walkers set a bridge swaying"
    session_class = SyncSession
    default_speed = MODE_SPEEDS["kuramoto"]
    steps_per_speed_unit = STEPS_PER_SECOND  # the run bar counts multiples of real time
    reset_label = "Reset: random phases, empty bridge"

    def __init__(self) -> None:
        super().__init__()
        self._mode_shown: str | None = None
        self._sweep: SweepPlan | None = None
        self.job = Job(self)
        self._build_widgets()
        self._build_layout()
        self._finish(
            {
                "Synchrony": [
                    ("Oscillators / bridge", "M", self.switch_mode),
                    ("Scramble the phases", "S", self.scramble),
                    ("Sweep r against K", "K", self.toggle_sweep),
                    ("Stronger coupling", "Up", lambda: self.nudge_coupling(+1)),
                    ("Weaker coupling", "Down", lambda: self.nudge_coupling(-1)),
                    (f"Add {ARRIVAL_BATCH} walkers", "A", lambda: self.add_walkers(ARRIVAL_BATCH)),
                    ("Add one walker", "Shift+A", lambda: self.add_walkers(1)),
                    (f"Remove {ARRIVAL_BATCH} walkers", "D", self.remove_walkers),
                    ("Walkers keep arriving", "G", self.toggle_arrivals),
                ],
            }
        )
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.description = LiveText("starting…", zoom.points(6), bold=True)
        self.readout = LiveText("", zoom.points(1))
        self.circle = PhaseCircle()
        self.bridge = BridgeView()
        self.walkers = PhaseCircle()
        self.walkers.export_name = "walkers"  # exported as <lab>-walkers.png, beside "phases"
        self.order_trace = OrderTrace()
        self.sweep_plot = SweepPlot()
        self.bridge_traces = BridgeTraces()
        self.mode = self.param_control("mode")
        for name in ("n_oscillators", "coupling", "spread", "distribution"):
            self.param_control(name)
        for name in ("walker_spread", "damping_ratio", "crowd_growing"):
            self.param_control(name)
        self._controls["crowd_growing"].setText("Keep arriving (G)")
        self.scramble_button = button("Scramble", "Every oscillator to a random phase (S)")
        self.sweep_button = button("Sweep K", "Run r against K in the background (K)")
        self.add_button = button(f"+{ARRIVAL_BATCH} walkers", "Ten more walkers step on (A)")
        self.add_one_button = button("+1", "One more walker steps on (Shift+A)")
        self.remove_button = button(f"−{ARRIVAL_BATCH}", "Ten walkers step off (D)")

    def _grid(self, names: tuple[str, ...]) -> QGridLayout:
        grid = QGridLayout()
        for index, name in enumerate(names):
            label = QLabel(self.params[name].caption)
            grid.addWidget(label, index, 0)
            grid.addWidget(self._controls[name], index, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_layout(self) -> None:
        self.views = QStackedWidget()
        self.views.addWidget(self.circle)
        bridge_page = QVBoxLayout()
        bridge_page.setContentsMargins(0, 0, 0, 0)
        bridge_page.addWidget(self.bridge, 2)
        bridge_page.addWidget(self.walkers, 3)
        self.views.addWidget(panel(bridge_page))
        self.main_view = self.circle  # the view of the mode on screen (see _show_mode)
        oscillator_controls = QVBoxLayout()
        coupling = self._grid(("coupling",))
        details = panel(self._grid(("n_oscillators", "spread")))
        oscillator_controls.addLayout(coupling)
        oscillator_controls.addWidget(details)
        buttons = row(self._controls["distribution"], self.scramble_button, self.sweep_button)
        oscillator_controls.addLayout(buttons)
        bridge_controls = QVBoxLayout()
        bridge_details = panel(self._grid(("walker_spread", "damping_ratio")))
        bridge_controls.addWidget(bridge_details)
        bridge_controls.addLayout(
            row(self.add_one_button, self.add_button, self.remove_button,
                self._controls["crowd_growing"])
        )  # fmt: skip
        self.controls = QStackedWidget()
        self.controls.addWidget(panel(oscillator_controls))
        self.controls.addWidget(panel(bridge_controls))
        self.secondary(details, bridge_details, self.readout)
        left = QVBoxLayout()
        left.addWidget(self.views, 1)
        left.addWidget(self.readout)
        mode_row = row(QLabel("Mode"), self.mode)
        mode_row.setStretch(1, 1)  # the combo takes the width: its choice is read in full
        left.addLayout(mode_row)
        left.addWidget(self.controls)
        kuramoto_plots = QVBoxLayout()
        kuramoto_plots.setContentsMargins(0, 0, 0, 0)
        kuramoto_plots.addWidget(self.order_trace, 2)
        kuramoto_plots.addWidget(self.sweep_plot, 3)
        self.plots = QStackedWidget()
        self.plots.addWidget(panel(kuramoto_plots))
        self.plots.addWidget(self.bridge_traces)
        self._page(panel(left), self.plots, self.description)

    def _connect(self) -> None:
        self.scramble_button.clicked.connect(self.scramble)
        self.sweep_button.clicked.connect(self.toggle_sweep)
        self.add_button.clicked.connect(lambda: self.add_walkers(ARRIVAL_BATCH))
        self.add_one_button.clicked.connect(lambda: self.add_walkers(1))
        self.remove_button.clicked.connect(self.remove_walkers)
        self.job.progress.connect(self._on_sweep_progress)
        self.job.finished.connect(self._on_sweep_ended)
        self.job.cancelled.connect(self._on_sweep_ended)
        self.job.failed.connect(self._on_sweep_failed)
        self.messages.cancel_requested.connect(self.cancel_sweep)

    # --- commands (also the scripting surface of GUI tests and lectures) -------------------------
    def switch_mode(self) -> None:
        other = "bridge" if self.param_value("mode") == "kuramoto" else "kuramoto"
        self.set_param("mode", other)

    def scramble(self) -> None:
        self.sim.send(SyncSession.scramble)

    def nudge_coupling(self, direction: int) -> None:
        """K one key step up (+1) or down (-1), from the value last asked for."""
        control = self._controls["coupling"]
        now = (
            self.param_value("coupling") if self.sim.is_current(self.snapshot) else control.value()
        )
        low, high = self.params["coupling"].bounds
        value = round(min(max(now + direction * COUPLING_KEY_STEP, low), high), 2)
        show_value(control, self.params["coupling"], value)
        self.set_param("coupling", value)

    def add_walkers(self, count: int = ARRIVAL_BATCH) -> None:
        self.sim.send(SyncSession.add_walkers, int(count))

    def remove_walkers(self, count: int = ARRIVAL_BATCH) -> None:
        self.sim.send(SyncSession.remove_walkers, int(count))

    def toggle_arrivals(self) -> None:
        self.set_param("crowd_growing", not self.param_value("crowd_growing"))

    def toggle_sweep(self) -> None:
        """Start a sweep of r against K for the present settings, or cancel the one running."""
        if self.job.running:
            self.cancel_sweep()
        else:
            self.start_sweep()

    def start_sweep(self) -> None:
        """A fresh sweep in the background: its points replace the old ones as they come."""
        params = self.snapshot.params if self.snapshot is not None else self.params.defaults()
        self._sweep = SweepPlan.for_params(params)
        self.sim.send(SyncSession.clear_sweep)
        self.sweep_plot.set_runs(self._sweep.n_oscillators, self._sweep.duration)
        self.sweep_button.setText("Cancel sweep")
        self.job.start(self._sweep.work)

    def cancel_sweep(self) -> None:
        self.job.cancel()

    def lecture_actions(self) -> dict[str, Callable[[Any], None]]:
        actions = super().lecture_actions()
        actions.update(
            {
                "scramble": lambda _value=None: self.scramble(),
                "sweep": lambda _value=None: self.start_sweep(),
                "add_walkers": lambda value=None: self.add_walkers(int(value or ARRIVAL_BATCH)),
                "remove_walkers": lambda value=None: self.remove_walkers(
                    int(value or ARRIVAL_BATCH)
                ),
            }
        )
        return actions

    # --- the sweep's reports ---------------------------------------------------------------------
    def _on_sweep_progress(self, fraction: float, point: Any) -> None:
        plan = self._sweep
        if plan is None:
            return
        if point is not None:
            self.sim.send(SyncSession.add_sweep_point, point[0], point[1], plan.settings)
        self.messages.show_progress(plan.describe(fraction), fraction)

    def _on_sweep_ended(self, _result: Any = None) -> None:
        self.messages.end_progress()
        self.sweep_button.setText("Sweep K")

    def _on_sweep_failed(self, message: str) -> None:
        self._on_sweep_ended()
        self.messages.show_message(message)

    # --- reactions -------------------------------------------------------------------------------
    def _on_snapshot(self, snap: SyncSnapshot) -> None:
        mode = snap.params["mode"]
        if mode != self._mode_shown:
            self._show_mode(mode)
        if self.job.running and self._sweep is not None and self.sim.is_current(snap):
            if self._sweep.settings != self._sweep.settings_of(snap.params):
                self.cancel_sweep()  # the settings moved on: its points would be dropped
        if mode == "kuramoto":
            self._show_kuramoto(snap)
        else:
            self._show_bridge(snap)
        self._plots.submit(snap)

    def _show_mode(self, mode: str) -> None:
        first = self._mode_shown is None
        self._mode_shown = mode
        for stack in (self.views, self.controls, self.plots):
            stack.setCurrentIndex(PAGES[mode])
        self.main_view = self.circle if mode == "kuramoto" else self.bridge
        if not first:
            self.run.set_speed(MODE_SPEEDS[mode])

    def _show_kuramoto(self, snap: SyncSnapshot) -> None:
        k = snap.kuramoto
        self.circle.set_dots(k.dot_phases, k.dot_values)
        self.circle.set_order(k.r, k.psi)
        shown = len(k.dot_phases)
        self.circle.set_caption(
            f"{k.n_oscillators} oscillators"
            + (f" ({shown} drawn)" if shown < k.n_oscillators else "")
        )
        side = "above" if k.coupling > k.critical_coupling else "below"
        self.description.setText(
            f"r = {k.r:.2f}   ·   K = {k.coupling:.2f} /s is {side}"
            f" K_c = {k.critical_coupling:.2f} /s"
        )
        self.readout.setText(
            f"t = {k.time:.1f} s   ·   theory r = {k.theory_r:.2f}   ·   "
            f"1/√N = {1 / np.sqrt(k.n_oscillators):.3f}"
        )

    def _show_bridge(self, snap: SyncSnapshot) -> None:
        b = snap.bridge
        self.bridge.set_state(b.sway, b.walker_positions, b.walker_gaits, b.walker_values)
        self.walkers.set_dots(b.walker_phases, b.walker_values)
        self.walkers.set_order(b.r, b.psi)
        self.walkers.set_caption("Walkers' gait phases (turning with the bridge)")
        state = "swaying" if b.amplitude > 0.01 else "still"
        self.description.setText(
            f"{b.n_walkers} walkers (critical crowd ≈ {b.critical_crowd:.0f})   ·   "
            f"sway {100 * b.amplitude:.1f} cm   ·   r = {b.r:.2f}"
        )
        self.readout.setText(
            f"t = {b.time:.0f} s   ·   the bridge is {state}   ·   "
            f"ζ = {100 * snap.params['damping_ratio']:.2f} %"
        )

    def _draw_plots(self, snap: SyncSnapshot) -> None:
        if snap.params["mode"] == "kuramoto":
            k = snap.kuramoto
            self.order_trace.set_trace(k.trace_time, k.trace_r, k.theory_r, TRACE_SECONDS)
            self.sweep_plot.set_theory(k.curve_k, k.curve_r, k.critical_coupling)
            self.sweep_plot.set_points(k.sweep)
            self.sweep_plot.set_coupling(k.coupling)
        else:
            b = snap.bridge
            self.bridge_traces.set_traces(
                b.trace_time, b.trace_sway, b.trace_amplitude, b.trace_r, b.trace_walkers,
                b.critical_crowd, BRIDGE_TRACE_SECONDS,
            )  # fmt: skip

    # --- demo and shutdown -----------------------------------------------------------------------
    def demo(self) -> None:
        """Oscillators from random phases at K = 1.5 (above K_c = 1): a cluster forms."""
        self.set_param("coupling", 1.5)
        self.run.set_speed(MODE_SPEEDS["kuramoto"])
        self.scramble()

    def picture_ready(self, snap: SyncSnapshot) -> bool:
        return snap.params["mode"] != "kuramoto" or snap.kuramoto.time >= 20.0

    def shutdown(self) -> None:
        self.job.shutdown()
        super().shutdown()
