"""The synchrony lab's simulation: Kuramoto oscillators, or walkers on the Millennium Bridge.

Pure Python (no Qt). The physics is the model's (models/oscillators.py): Kuramoto (1975) by Euler
steps of dt = 0.01 s through the mean field, and the bridge of Strogatz et al. (2005) by RK4 steps
of 0.01 s. This module keeps what the lab shows: an r(t) trace, the points of a K sweep (computed
by the lab's background job and recorded here, so they are saved with the rest), the crowd's
arrivals, and the bridge's traces. Only the mode on screen runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot, check_params, command, state_array
from hopgui.labs.sync.display import BridgeDisplay, KuramotoDisplay
from models.buffers import RingBuffer
from models.oscillators import (
    DT,
    MAX_WALKERS,
    WALKER_SPREAD,
    Kuramoto,
    MillenniumBridge,
    critical_coupling,
    theory_order_parameter,
    warm_up,
)

STEPS_PER_SECOND = round(1 / DT)  # both models step 0.01 s: 1x real time is 100 steps/s
SAMPLE_STEPS = 10  # the traces get a point every 0.1 s of model time
TRACE_SECONDS = 60.0  # the r(t) trace of the oscillators
BRIDGE_TRACE_SECONDS = 400.0  # the bridge's traces: long enough to watch a crowd build up
TRACE_ROWS = round(TRACE_SECONDS / (SAMPLE_STEPS * DT)) + 1
BRIDGE_TRACE_ROWS = round(BRIDGE_TRACE_SECONDS / (SAMPLE_STEPS * DT)) + 1
ARRIVAL_SECONDS = 20.0  # while the crowd grows, ARRIVAL_BATCH walkers step on this often
ARRIVAL_BATCH = 10
SEED = 0
N_CHOICES = (100, 200, 500, 1000, 2000, 5000, 10000)

PARAMS = (
    Param(
        "mode",
        "mode",
        "kuramoto",
        choices={"Kuramoto oscillators": "kuramoto", "Millennium Bridge": "bridge"},
        tooltip="Kuramoto: N oscillators coupled all to all.\n"
        "Millennium Bridge: walkers coupled through the bridge's sideways sway.",
    ),
    Param(
        "n_oscillators",
        "number of oscillators",
        1000,
        symbol="N",
        bounds=(100, 10000),
        values=N_CHOICES,
        integer=True,
        fmt="{:.0f}",
        tooltip="Number of oscillators N",
    ),
    Param(
        "coupling",
        "coupling K",
        1.5,
        symbol="K",
        bounds=(0.0, 4.0),
        step=0.05,
        unit=" /s",
        fmt="{:.2f} /s",
        tooltip="All-to-all coupling K (rad/s): dθi/dt = ωi + K r sin(ψ − θi)",
    ),
    Param(
        "spread",
        "spread of frequencies",
        0.5,
        symbol="Spread γ",
        bounds=(0.1, 1.5),
        step=0.05,
        unit=" /s",
        fmt="{:.2f} /s",
        tooltip="Width of the natural frequencies (rad/s): the half-width γ of the Lorentzian\n"
        "(K_c = 2γ) or the s.d. σ of the Gaussian (K_c = 1.596 σ)",
    ),
    Param(
        "distribution",
        "distribution",
        "lorentzian",
        choices={"Lorentzian": "lorentzian", "Gaussian": "gaussian"},
        tooltip="How the natural frequencies are spread",
    ),
    Param(
        "walker_spread",
        "spread of gait frequencies",
        WALKER_SPREAD,
        symbol="Gait spread σ",
        bounds=(0.2, 1.5),
        step=0.01,
        unit=" Hz",
        scale=1.0 / (2.0 * math.pi),
        fmt="{:.3f} Hz",
        tooltip="S.d. of the walkers' sideways gait frequencies round the bridge's 1.03 Hz",
    ),
    Param(
        "damping_ratio",
        "damping ratio",
        0.0075,
        symbol="Damping ζ",
        bounds=(0.0025, 0.1),
        step=0.0025,
        unit=" %",
        scale=100.0,
        fmt="{:.2f} %",
        tooltip="The bridge's damping as a fraction of critical (0.75 % as built; the dampers\n"
        "fitted in 2001 raised it to about 20 %). The critical crowd grows with it.",
    ),
    Param(
        "crowd_growing",
        "walkers keep arriving",
        False,
        boolean=True,
        tooltip=f"{ARRIVAL_BATCH} more walkers step on every {ARRIVAL_SECONDS:.0f} s (G)",
    ),
)
KURAMOTO_PARAMS = ("n_oscillators", "spread", "distribution")  # these rebuild the population


@dataclass(frozen=True, kw_only=True)
class SyncSnapshot(Snapshot):
    """What the lab draws besides its parameters: both modes' pictures (the one not running is
    as it was left)."""

    kuramoto: KuramotoDisplay
    bridge: BridgeDisplay


class SyncSession(Session):
    """Kuramoto oscillators and the Millennium Bridge, driven by the lab.

    State: params; "phases" (N,) rad and "time" (s) of the oscillators; "r_trace" (M, 2) rows
    (t, r); "sweep" (S, 2) rows (K, r); "walker_phases" and "walker_frequencies" (n,) (rad,
    rad/s); "bridge" (3,) = (X m, X' m/s, t s); "bridge_trace" (M, 5) rows (t, X, A, r, n).
    """

    PARAMS = PARAMS

    def __init__(self, **params: Any) -> None:
        super().__init__()
        self.params |= check_params(self.param_set(), params)
        warm_up()  # the compiled loops load here, in the worker thread
        self._sweep = np.empty((0, 2))
        self._install_kuramoto(self._new_kuramoto(self.params))
        self._bridge = self._new_bridge(self.params)
        self._bridge_trace = RingBuffer(BRIDGE_TRACE_ROWS, 5)
        self._record_bridge()

    # --- commands -------------------------------------------------------------------------------
    @command
    def reset(self) -> None:
        """Oscillators back to random phases at t = 0, the bridge still and empty; settings stay."""
        self._kuramoto.phases = np.random.default_rng([SEED, 2]).uniform(0, 2 * np.pi, self._n)
        self._kuramoto.time = 0.0
        self._restart_trace()
        bridge = self._new_bridge(self.params)
        self._bridge = bridge
        self._bridge_trace.clear()
        self._record_bridge()

    @command
    def scramble(self) -> None:
        """Every oscillator to a fresh random phase (r drops to about 1/sqrt(N))."""
        rng = np.random.default_rng()
        self._kuramoto.phases = rng.uniform(0.0, 2.0 * np.pi, self._n)
        self._record_r()

    @command
    def add_walkers(self, count: int) -> None:
        """`count` more walkers step onto the bridge."""
        self._bridge.add_walkers(_count(count))
        self._record_bridge()

    @command
    def remove_walkers(self, count: int) -> None:
        """The last `count` walkers to arrive step off."""
        self._bridge.remove_walkers(_count(count))
        self._record_bridge()

    @command
    def add_sweep_point(self, coupling: float, r: float, settings: tuple) -> None:
        """Record a point (K, r) of a sweep computed for `settings` = (N, spread, distribution);
        a point computed for other settings than the present ones is dropped."""
        if tuple(settings) != self.sweep_settings():
            return
        if not (math.isfinite(coupling) and 0.0 <= r <= 1.0):
            raise ValueError(f"a sweep point needs a finite K and 0 <= r <= 1, not {coupling}, {r}")
        self._sweep = np.vstack([self._sweep, [[float(coupling), float(r)]]])

    @command
    def clear_sweep(self) -> None:
        self._sweep = np.empty((0, 2))

    def sweep_settings(self) -> tuple[int, float, str]:
        """(N, spread, distribution): what a sweep's points are computed for."""
        return tuple(self.params[name] for name in KURAMOTO_PARAMS)

    # --- parameters and state -------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        if name in KURAMOTO_PARAMS:
            self._install_kuramoto(self._new_kuramoto(self.params))
            self._sweep = np.empty((0, 2))
        elif name == "coupling":
            self._kuramoto.coupling = value
        elif name == "walker_spread":
            self._set_gait_spread(value)
        elif name == "damping_ratio":
            self._bridge.damping_ratio = value
        elif name == "crowd_growing" and value:
            self._next_arrival = self._bridge.time + ARRIVAL_SECONDS

    def state(self) -> dict[str, Any]:
        b = self._bridge
        return {
            "params": dict(self.params),
            "phases": self._kuramoto.phases,
            "time": float(self._kuramoto.time),
            "r_trace": self._trace.rows(),
            "sweep": self._sweep.copy(),
            "walker_phases": b.phases,
            "walker_frequencies": b.frequencies.copy(),
            "bridge": np.array([b.sway, b.sway_velocity, b.time]),
            "bridge_trace": self._bridge_trace.rows(),
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        """Everything checked first (ValueError in words); only then does anything change."""
        new = self._checked(params, state)
        rebuild = any(params[k] != self.params[k] for k in KURAMOTO_PARAMS)
        kuramoto = self._new_kuramoto(params) if rebuild else self._kuramoto
        bridge = self._bridge
        self.params = dict(params)  # nothing below can fail
        kuramoto.coupling = params["coupling"]
        if new["phases"] is not None:
            kuramoto.phases = new["phases"]
        kuramoto.time = new.get("time", kuramoto.time)
        if rebuild:
            self._install_kuramoto(kuramoto)
            self._sweep = np.empty((0, 2))
        if "r_trace" in new or new["phases"] is not None:
            self._restart_trace(new.get("r_trace"))
        if "sweep" in new:
            self._sweep = new["sweep"]
        bridge.damping_ratio = params["damping_ratio"]
        if "crowd" in new:  # saved with the spread saved beside it
            bridge.set_crowd(*new["crowd"])
            bridge.walker_spread = params["walker_spread"]
        else:
            self._set_gait_spread(params["walker_spread"])
        if "bridge" in new:
            bridge.sway, bridge.sway_velocity, bridge.time = (float(v) for v in new["bridge"])
        self._next_arrival = bridge.time + ARRIVAL_SECONDS
        if "bridge_trace" in new:
            self._bridge_trace.clear()
            for row in new["bridge_trace"][-BRIDGE_TRACE_ROWS:]:
                self._bridge_trace.append(row)

    def _checked(self, params: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
        new: dict[str, Any] = {"phases": None}
        if "phases" in state:
            new["phases"] = state_array(state, "phases", float, (params["n_oscillators"],))
        if "time" in state:
            new["time"] = float(state_array(state, "time", float, ()))
        for key, width in (("r_trace", 2), ("sweep", 2), ("bridge_trace", 5)):
            if key in state:
                new[key] = state_array(state, key, float, (None, width))
        if "sweep" in new and np.any((new["sweep"][:, 1] < 0) | (new["sweep"][:, 1] > 1)):
            raise ValueError("a sweep's r values must lie between 0 and 1")
        if ("walker_phases" in state) != ("walker_frequencies" in state):
            raise ValueError("the walkers need both their phases and their frequencies")
        if "walker_phases" in state:
            phases = state_array(state, "walker_phases", float, (None,))
            frequencies = state_array(state, "walker_frequencies", float, (len(phases),))
            if len(phases) > MAX_WALKERS:
                raise ValueError(f"at most {MAX_WALKERS} walkers")
            new["crowd"] = (phases, frequencies)
        if "bridge" in state:
            new["bridge"] = state_array(state, "bridge", float, (3,))
        return new

    # --- the worker's interface -----------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """n_steps of the mode on screen, sampling its traces every 0.1 s; never comes to rest."""
        if self.params["mode"] == "kuramoto":
            self._advance_kuramoto(n_steps)
        else:
            self._advance_bridge(n_steps)
        return True

    def snapshot(self) -> SyncSnapshot:
        return SyncSnapshot(
            params=dict(self.params),
            kuramoto=self._kuramoto_display(),
            bridge=BridgeDisplay.of(self._bridge, self._bridge_trace.columns()),
        )

    # --- the oscillators ------------------------------------------------------------------------
    @property
    def _n(self) -> int:
        return self._kuramoto.n_oscillators

    def _new_kuramoto(self, params: dict[str, Any]) -> Kuramoto:
        return Kuramoto(
            params["n_oscillators"], params["coupling"], params["spread"],
            params["distribution"], seed=SEED,
        )  # fmt: skip

    def _install_kuramoto(self, kuramoto: Kuramoto) -> None:
        self._kuramoto = kuramoto
        self._display_order = KuramotoDisplay.dots_for(kuramoto.frequencies)
        self._restart_trace()

    def _restart_trace(self, rows: np.ndarray | None = None) -> None:
        self._trace = RingBuffer(TRACE_ROWS, 2)
        for row in [] if rows is None else rows[-TRACE_ROWS:]:
            self._trace.append(row)
        self._since_sample = 0
        if rows is None or len(rows) == 0:
            self._record_r()

    def _record_r(self) -> None:
        self._since_sample = 0
        self._trace.append((self._kuramoto.time, self._kuramoto.order_parameter()[0]))

    def _advance_kuramoto(self, n_steps: int) -> None:
        while n_steps > 0:
            chunk = min(SAMPLE_STEPS - self._since_sample, n_steps)
            self._kuramoto.step(chunk)
            n_steps -= chunk
            self._since_sample += chunk
            if self._since_sample >= SAMPLE_STEPS:
                self._record_r()

    def _kuramoto_display(self) -> KuramotoDisplay:
        return KuramotoDisplay.of(
            self._kuramoto, self._display_order, self._trace.columns(), self._sweep,
            self._theory_curve(),
        )  # fmt: skip

    def _theory_curve(self) -> tuple[np.ndarray, np.ndarray, float]:
        """(K grid, r of the infinite population, K_c) for the present spread and distribution."""
        key = (self.params["spread"], self.params["distribution"])
        if getattr(self, "_curve_key", None) != key:
            grid = np.linspace(0.0, 4.0, 161)
            r = np.array([theory_order_parameter(k, *key) for k in grid])
            grid.setflags(write=False)
            r.setflags(write=False)
            self._curve = (grid, r, critical_coupling(*key))
            self._curve_key = key
        return self._curve

    # --- the bridge -----------------------------------------------------------------------------
    def _new_bridge(self, params: dict[str, Any]) -> MillenniumBridge:
        self._next_arrival = ARRIVAL_SECONDS
        self._since_bridge_sample = 0
        bridge = MillenniumBridge(0, seed=SEED, walker_spread=params["walker_spread"])
        bridge.damping_ratio = params["damping_ratio"]
        return bridge

    def _set_gait_spread(self, spread: float) -> None:
        """Every walker's gait frequency moved so the crowd has the new spread (same order)."""
        b = self._bridge
        deviations = b.frequencies - b.natural_frequency
        b.set_crowd(b.phases, b.natural_frequency + deviations * (spread / b.walker_spread))
        b.walker_spread = spread

    def _advance_bridge(self, n_steps: int) -> None:
        b = self._bridge
        while n_steps > 0:
            if self.params["crowd_growing"] and b.time >= self._next_arrival - 1e-9:
                b.add_walkers(min(ARRIVAL_BATCH, MAX_WALKERS - b.n_walkers))
                self._next_arrival += ARRIVAL_SECONDS
            until_arrival = max(1, math.ceil((self._next_arrival - b.time) / DT - 1e-6))
            chunk = min(SAMPLE_STEPS - self._since_bridge_sample, n_steps)
            if self.params["crowd_growing"]:
                chunk = min(chunk, until_arrival)
            b.step(chunk)
            n_steps -= chunk
            self._since_bridge_sample += chunk
            if self._since_bridge_sample >= SAMPLE_STEPS:
                self._record_bridge()

    def _record_bridge(self) -> None:
        b = self._bridge
        self._since_bridge_sample = 0
        r = b.order_parameter()[0]
        self._bridge_trace.append((b.time, b.sway, b.amplitude, r, b.n_walkers))


def _count(count: Any) -> int:
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
        raise ValueError(f"a number of walkers must be a whole number >= 0, not {count!r}")
    return int(count)
