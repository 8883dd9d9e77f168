"""The Ising magnet lab: paint spins, heat and cool them, watch domains grow below T_c and never
on the chain, sweep the temperature against Onsager's exact curves.

Wiring only: the lattice view and plots draw and report what the user did, `IsingSession` (in the
worker thread) owns the magnet, and a background `Job` runs temperature sweeps on a lattice of
its own while the live one keeps running. The lattice follows every frame; plots redraw at up
to 20 Hz.

A Hopfield network is this energy with every pair of units coupled, the couplings learned from
memories: those bonds cannot be drawn on a lattice, so the lab shows the analogy in two ways
instead (a caption): the spin glass (random bonds, frustration, many valleys), and a picture
stored in the lattice's own bonds by Hebb's rule (J_ij = J xi_i xi_j), which cooling recalls.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtWidgets import QGridLayout, QLabel, QSplitter, QVBoxLayout

from hopgui.core.jobs import Job
from hopgui.core.lab import Lab, panel, show_value
from hopgui.core.ui import button, row
from hopgui.labs.ising.session import (
    NOISE_FRACTION,
    TEMPERATURES,
    IsingSession,
    IsingSnapshot,
)
from hopgui.labs.ising.sweeps import critical_temperature, exact_curves, sweep_work
from models.ising import CRITICAL_TEMPERATURE
from models.ising_sweep import TemperatureSweep
from widgets import zoom
from widgets.ising_plots import LiveTrace, SliderMark, SweepPlots
from widgets.live_text import LiveText
from widgets.spin_lattice import SpinLattice

DEFAULT_SPEED = 30.0  # sweeps per second: domains visibly coarsen
BRUSH_FRACTION = 1 / 24  # the brush is this fraction of the lattice's side
T_KEY_STEP = 0.05
HOPFIELD_CAPTION = (
    "Hopfield: this energy with all-to-all couplings learned from memories (no lattice can draw "
    "them): a spin glass. P stores a picture in the bonds, J_ij = J ξi ξj; N, run: recall."
)


class IsingLab(Lab):
    """Spins on a lattice: the Ising model that a Hopfield network generalises."""

    name = "ising"
    title = "Ising magnet"
    summary = "Spins on a grid order below T_c = 2.269, never on a chain: the physics of Hopfield"
    session_class = IsingSession
    speed_range = (0.5, 2000.0)
    speed_unit = "sweeps/s"
    default_speed = DEFAULT_SPEED
    reset_label = "Hot start: random spins"
    mouse_hints = (("Left / right drag on the lattice", "paint spins up / down"),)

    def __init__(self) -> None:
        super().__init__()
        self.sweep_result: TemperatureSweep | None = None
        self.job = Job(self)
        self._shown_exact: tuple | None = None
        self._build_widgets()
        self._build_layout()
        self._finish(
            {
                "Ising": [
                    ("Cold start: ground state", "O", self.order),
                    ("Warmer", "Up", lambda: self.nudge_temperature(+1)),
                    ("Cooler", "Down", lambda: self.nudge_temperature(-1)),
                    ("Temperature to T_c", "T", self.to_critical),
                    ("Store the spins as a picture in the bonds", "P", self.store_picture),
                    ("Flip 30 % of the spins", "N", lambda: self.add_noise()),
                    ("New spin glass bonds", "G", self.new_glass),
                    ("Temperature sweep", "S", self.start_sweep),
                    ("Cancel the sweep", "Shift+S", lambda: self.job.cancel()),
                ],
            }
        )
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.description = LiveText("starting…", zoom.points(6), bold=True)
        self.readout = LiveText("", zoom.points())
        self.exact_line = LiveText("", zoom.points(-1))
        self.lattice = SpinLattice()
        self.main_view = self.lattice
        self.temperature = self.param_control("temperature")
        self.temperature.slider.setTracking(True)  # the magnet answers while T is dragged
        self.critical_mark = SliderMark(
            self.temperature.slider, TEMPERATURES.index(CRITICAL_TEMPERATURE), "T_c = 2.269"
        )
        self.coupling = self.param_control("coupling")
        self.field = self.param_control("field")
        self.field.slider.setTracking(True)
        for name in ("lattice", "size", "bonds", "dynamics", "view"):
            self.param_control(name)
        self.order_button = button("Cold start (O)", "Every spin in the ground state")
        self.store_button = button(
            "Store picture (P)", "The spins become a picture ξ stored in the bonds J ξi ξj"
        )
        self.glass_button = button("New glass (G)", "Draw new random ±J bonds")
        self.sweep_button = button(
            "T sweep (S)",
            "|order|, E, c and χ against T on a 64 x 64 lattice (4096-spin chain),\n"
            "1500 sweeps per temperature, beside the exact curves. Runs in the background.",
        )
        self.trace = LiveTrace()
        self.sweep_plots = SweepPlots()
        self.sweep_status = LiveText("No sweep yet: press S", zoom.points(-1))
        self.caption = QLabel(HOPFIELD_CAPTION)
        self.caption.setWordWrap(True)
        self.caption.setFont(zoom.font(-2))
        self.caption.setToolTip(
            "A Hopfield network is E = −½ Σ J_ij s_i s_j with every pair of its N units coupled\n"
            "(N(N−1)/2 couplings, learned from the memories by Hebb's rule); a lattice has 2N\n"
            "bonds, to neighbours only, so the network cannot be drawn here. Its physics is the\n"
            "spin glass's: random ±J bonds, frustration, many valleys. Or keep Hebb's rule to\n"
            "the lattice's bonds: paint a picture, press P (J_ij = J ξi ξj), press N to flip\n"
            "30 % of the spins, run below T_c, and the magnet recalls the picture."
        )

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.description)
        left.addWidget(self.readout)
        left.addWidget(self.exact_line)
        left.addWidget(self.lattice, 1)
        sliders = QGridLayout()
        labels = {}
        for index, name in enumerate(("temperature", "coupling", "field", "size")):
            line = 2 * index if index == 0 else index + 1
            labels[name] = QLabel(self.params[name].caption)
            sliders.addWidget(labels[name], line, 0)
            sliders.addWidget(self._controls[name], line, 1)
        sliders.addWidget(self.critical_mark, 1, 1)
        sliders.setColumnStretch(1, 1)
        sliders.setVerticalSpacing(2)
        left.addLayout(sliders)
        right = QVBoxLayout()
        choices = QGridLayout()  # what presentation mode keeps first, the details below
        choices.addWidget(self._controls["lattice"], 0, 0)
        choices.addWidget(self._controls["bonds"], 0, 1)  # the longer names: the wider column
        choices.addWidget(self.order_button, 1, 0)
        choices.addWidget(self.store_button, 1, 1)
        choices.addWidget(self.sweep_button, 2, 0)
        choices.addWidget(self.sweep_status, 2, 1)  # shrinks its text to fit its cell
        details = panel(row(self._controls["dynamics"], self._controls["view"], self.glass_button))
        details.layout().setContentsMargins(0, 0, 0, 0)
        choices.addWidget(details, 3, 0, 1, 2)
        choices.setColumnStretch(0, 2)
        choices.setColumnStretch(1, 3)
        right.addLayout(choices)
        right.addWidget(self.trace, 2)
        right.addWidget(self.sweep_plots, 4)
        right.addWidget(self.caption)
        self._page(panel(left), panel(right))
        splitter = self.findChild(QSplitter)
        splitter.setStretchFactor(0, 4)  # the lattice is the picture: the larger half
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([4000, 3000])
        self.secondary(
            self.coupling, self.field, labels["coupling"], labels["field"], details,
            self.caption, self.exact_line, self.readout,
        )  # fmt: skip

    def _connect(self) -> None:
        self.lattice.painted.connect(
            lambda rows, cols, value: self.sim.send(IsingSession.paint, rows, cols, value)
        )
        self.order_button.clicked.connect(self.order)
        self.store_button.clicked.connect(self.store_picture)
        self.glass_button.clicked.connect(self.new_glass)
        self.sweep_button.clicked.connect(self.start_sweep)
        self.job.progress.connect(self._on_sweep_progress)
        self.job.finished.connect(self._on_sweep_finished)
        self.job.cancelled.connect(self._on_sweep_cancelled)
        self.job.failed.connect(self._on_sweep_failed)
        self.messages.cancel_requested.connect(self.job.cancel)

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def order(self) -> None:
        self.sim.send(IsingSession.order)

    def store_picture(self) -> None:
        """The spins on screen become the picture stored in the bonds."""
        self.sim.send(IsingSession.store_picture)
        self.status.emit("picture stored in the bonds: press N to damage it, then run below T_c")

    def new_glass(self) -> None:
        self.sim.send(IsingSession.new_glass)

    def add_noise(self, fraction: float = NOISE_FRACTION) -> None:
        self.sim.send(IsingSession.add_noise, fraction)

    def nudge_temperature(self, direction: int) -> None:
        """One step of 0.05 warmer (+1) or cooler (-1), from the value last asked for."""
        now = self.param_value("temperature")
        if not self.sim.is_current(self.snapshot):
            now = self.temperature.value()
        low, high = self.params["temperature"].bounds
        self.set_temperature(min(max(round(now + direction * T_KEY_STEP, 2), low), high))

    def to_critical(self) -> None:
        self.set_temperature(CRITICAL_TEMPERATURE)

    def set_temperature(self, temperature: float) -> None:
        show_value(self.temperature, self.params["temperature"], temperature)  # moves at once
        self.set_param("temperature", temperature)

    def start_sweep(self) -> None:
        """A temperature sweep of the present settings, as a background job."""
        state = self.state()
        self.sweep_result = None
        self.sweep_plots.set_result(np.empty(0), {})
        params = state["params"]
        self._sweep_params = params
        self.job.start(sweep_work(params, state["memory"], state["disorder"]))
        self.messages.show_progress("Temperature sweep…", 0.0)
        self.sweep_status.setText("sweeping… (Shift+S or Cancel stops it)")

    # --- reactions -------------------------------------------------------------------------------
    def _on_snapshot(self, snap: IsingSnapshot) -> None:
        self.lattice.set_spins(snap.picture)
        self.lattice.set_brush(max(1, round(snap.picture.shape[1] * BRUSH_FRACTION)))
        self.lattice.set_caption("time ↓" if snap.params["lattice"] == "chain" else "")
        self.description.setText(snap.description)
        self.readout.setText(
            f"T = {snap.params['temperature']:.3f}   ·   {snap.order_name} = {snap.order:+.3f}"
            f"   ·   E/N = {snap.energy:+.3f}   ·   {snap.sweeps} sweeps"
        )
        self.exact_line.setText(snap.exact or "exact curves: none for these settings")
        self._plots.submit(snap)

    def _draw_plots(self, snap: IsingSnapshot) -> None:
        self.trace.set_trace(snap.trace, snap.order_name)
        params = snap.params
        key = tuple(params[k] for k in ("lattice", "coupling", "field", "bonds"))
        if key != self._shown_exact:
            self._shown_exact = key
            temperatures, curves = exact_curves(params)
            self.sweep_plots.set_exact(temperatures, curves)
        self.sweep_plots.set_marks(params["temperature"], critical_temperature(params))

    def _on_sweep_progress(self, fraction: float, partial: Any) -> None:
        self.messages.show_progress(f"Temperature sweep: {fraction:.0%}", fraction)
        if isinstance(partial, TemperatureSweep):
            self._show_sweep(partial)

    def _on_sweep_finished(self, result: TemperatureSweep) -> None:
        self.messages.end_progress()
        self._show_sweep(result)
        self.sweep_result = result
        peak = result.temperatures[int(np.argmax(result.specific_heat))]
        self.sweep_status.setText(f"sweep done: specific heat peaks at T = {peak:.2f}")

    def _on_sweep_cancelled(self) -> None:
        self.messages.end_progress()
        self.sweep_status.setText("sweep cancelled")

    def _on_sweep_failed(self, message: str) -> None:
        self.messages.end_progress()
        self.messages.show_message(f"The sweep failed: {message}")

    def _show_sweep(self, result: TemperatureSweep) -> None:
        self.sweep_plots.set_result(
            result.temperatures, {key: getattr(result, key) for key in SweepPlots.KEYS}
        )

    # --- lectures, demo, shutdown ----------------------------------------------------------------
    def lecture_actions(self) -> dict:
        actions = super().lecture_actions()
        actions.update(
            {
                "scramble": lambda _value=None: self.reset(),
                "order": lambda _value=None: self.order(),
                "store_picture": lambda _value=None: self.store_picture(),
                "new_glass": lambda _value=None: self.new_glass(),
                "noise": lambda value=None: self.add_noise(
                    NOISE_FRACTION if value is None else float(value)
                ),
                "sweep": lambda _value=None: self.start_sweep(),
                "temperature": lambda value: self.set_temperature(float(value)),
            }
        )
        return actions

    def demo(self) -> None:
        """Domains coarsening after a quench from random spins to T = 2.0 (below T_c)."""
        self.set_temperature(2.0)
        self.run.set_speed(DEFAULT_SPEED)
        self.reset()

    def picture_ready(self, snap: IsingSnapshot) -> bool:
        return snap.sweeps >= 30

    def shutdown(self) -> None:
        self.job.shutdown()
        super().shutdown()
