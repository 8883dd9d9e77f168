"""The ring-attractor lab's simulation: a `RingAttractor` plus everything the lab shows about it.

Pure Python (no Qt), so it is tested without a GUI. Its parameters are declared once, in `PARAMS`
(model units: s, rad/s; the screen shows ms and deg/s), and changed through the inherited
`set_param` command; the other commands are marked `@command`. `state()` gives everything worth
saving as plain data and `restore()` takes it back.

The physics is the model's (Zhang 1996; see models/ring.py): tau du/dt = -u + (w + gamma w') * f(u)
+ I, gamma = -tau * gain * omega, explicit Euler with dt = 0.5 ms. This module only samples it:
every 2 ms of model time it records the Lyapunov energy per neuron,
E / N = (-1/2 f^T W_s f + sum_i int_0^{f_i} f^-1 - I^T f) / N, for the energy trace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot, check_params, command, state_array
from hopgui.labs.ring.readout import (
    RATE_TOP,
    RATE_UNIT,
    count_bumps,
    describe,
    uniform_state_energy,
)
from models.buffers import RingBuffer
from models.ring import RingAttractor, warm_up

DT = 0.0005  # s per Euler step: 1x real time is 2000 steps per second
STEPS_PER_SECOND = round(1 / DT)
SAMPLE_STEPS = 4  # the energy trace gets a point every 2 ms of model time (N <= 512) ...
SAMPLE_UNITS = 512  # ... and every 4 ms at 1024, 16 ms at 4096: the energy costs more than a step
TRACE_SECONDS = 2.0  # the energy trace shows the last 2 s of model time
VALLEY_POSITIONS = 72  # bump positions (every 5 deg) of the energy valley
MATRIX_UNITS = 256  # the weight image shows at most this many neurons (evenly subsampled)
N_CHOICES = (16, 24, 32, 48, 64, 96, 128, 256, 512, 1024, 2048, 4096)
MAX_ANGULAR_VELOCITY = math.radians(720.0)  # rad/s
START_ANGLE = math.pi / 2  # the first and the reset bump sit at the top of the ring (90 deg)

PARAMS = (
    Param(
        "n_units",
        "N",
        64,
        bounds=(16, 4096),
        values=N_CHOICES,
        integer=True,
        fmt="{:.0f}",
        tooltip="Number of neurons N (16, the fly's ring, to 4096)",
    ),
    Param(
        "kernel",
        "kernel",
        "zhang",
        choices={"Zhang (inverse method)": "zhang", "Cosine (Ben-Yishai)": "cosine"},
        tooltip="Zhang (1996): weights from the inverse method, smooth rates in Hz.\n"
        "Cosine (Ben-Yishai 1995): w = (−J0 + J1 cos θ) / N, threshold-linear rates.",
    ),
    # below 2 ms, Euler with dt = 0.5 ms loses the bump's shape
    Param(
        "tau",
        "tau",
        0.01,
        symbol="τ",
        bounds=(0.002, 0.1),
        step=0.001,
        unit=" ms",
        scale=1000.0,
        fmt="{:.0f} ms",
        tooltip="Time constant τ of every neuron",
    ),
    Param(
        "gain",
        "velocity gain",
        1.0,
        symbol="Gain g",
        bounds=(0.0, 3.0),
        step=0.05,
        fmt="{:.2f}",
        tooltip="Velocity gain g: the bump turns at g·ω",
    ),
    # 0.01 (peak input 0.39) pulls the bump over in about 50 ms
    Param(
        "cue_strength",
        "cue strength",
        0.01,
        symbol="Cue",
        bounds=(0.0, 0.1),
        step=0.002,
        fmt="{:.3f}",
        tooltip="Strength of the cue you click in",
    ),
    # input s.d.: at 0.2 the Zhang bump already wanders and breaks up
    Param(
        "noise",
        "noise",
        0.0,
        bounds=(0.0, 0.3),
        step=0.01,
        fmt="{:.2f}",
        tooltip="Input noise s.d.: the bump diffuses",
    ),
    Param(
        "angular_velocity",
        "angular velocity",
        0.0,
        bounds=(-MAX_ANGULAR_VELOCITY, MAX_ANGULAR_VELOCITY),
        step=math.radians(15.0),
        unit=" deg/s",
        scale=180.0 / math.pi,
        fmt="{:+.0f} °/s",
        tooltip="Velocity input ω (deg/s): the bump turns at g·ω, counter-clockwise for ω > 0.\n"
        "Left / Right keys change it, 0 stops it.",
    ),
)


@dataclass(frozen=True, kw_only=True)
class RingSnapshot(Snapshot):
    """Everything the ring lab draws besides its parameters (in `params`). Arrays are copies or
    read-only arrays the session never writes again (the weight image and energy valley are
    shared until they change)."""

    time: float  # s of model time
    gamma: float  # shift coefficient -tau * gain * angular_velocity
    cue_angle: float | None  # rad, while a landmark cue is held
    rate_top: float  # top of the rate scale
    rate_unit: str
    angles: np.ndarray  # (N,) preferred directions, rad
    rates: np.ndarray  # (N,) firing rates
    decoded: float  # population-vector heading, rad in [0, 2 pi)
    strength: float  # |z| / sum r
    bump_count: int  # arcs of the ring above half height; 0 when the activity is flat
    description: str  # what the class should read: "one bump at 123°, peak 36 Hz"
    energy: float  # E / N now
    trace_time: np.ndarray  # (T,) s
    trace_energy: np.ndarray  # (T,) E / N
    profile_theta: np.ndarray  # (N,) theta_i - theta_j in [-pi, pi), rad
    profile_w: np.ndarray  # (N,) w(theta)
    profile_dw: np.ndarray  # (N,) w'(theta)
    profile_tilted: np.ndarray  # (N,) w + gamma w'
    weight_image: np.ndarray  # (K, K) float32, W_ij of K <= 256 evenly spaced neurons
    valley_positions: np.ndarray  # (M,) bump centres, rad
    valley_energy: np.ndarray  # (M,) E / N of the settled bump there (with the cue if held)
    uniform_energy: float  # E / N of the uniform state (no bump): the top of the valley
    generation: int  # counts rebuilds (N or kernel changed)


class RingSession(Session):
    """A ring attractor driven by the lab: velocity input, a landmark cue, scrambles, rebuilds.

    State (`state()`): params, potentials u (N,), time (s), cue_angle (rad or None) and the
    energy trace (M, 2) of (time, E / N) rows.
    """

    PARAMS = PARAMS

    def __init__(self, seed: int = 0, **params: Any) -> None:
        """A ring with the declared defaults, or the `params` given (e.g. n_units=256)."""
        super().__init__()
        self.params |= check_params(self.param_set(), params)
        warm_up()  # compiled kernels: loaded here, in the worker thread, not on first step
        self._seed = seed
        self._generation = 0
        self._cue_angle: float | None = None
        ring = self._new_ring(self.params)
        ring.set_bump(START_ANGLE)
        self._install(ring, time=0.0)

    # --- commands ---------------------------------------------------------------------------------
    @command
    def set_cue(self, angle: float) -> None:
        """Hold a landmark cue at `angle` (rad) until `release_cue`."""
        if not math.isfinite(angle):
            raise ValueError(f"the cue needs a finite angle, not {angle}")
        self._cue_angle = float(angle) % (2.0 * math.pi)
        self._apply_cue()

    @command
    def release_cue(self) -> None:
        self._cue_angle = None
        self._apply_cue()

    @command
    def scramble(self) -> None:
        """Random rates, uniform on (0, rate top): one bump re-forms from the noise."""
        self._ring.randomize(RATE_TOP[self._ring.kernel])
        self._record()

    @command
    def reset(self) -> None:
        """A settled bump at 90 deg and the clock at 0 (velocity, cue and parameters stay)."""
        self._ring.set_bump(START_ANGLE)
        self._ring.time = 0.0
        self._trace.clear()
        self._record()

    # --- parameters and state ---------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        """N and the kernel rebuild the ring with the bump where it was; the rest set the model."""
        if name in ("n_units", "kernel"):
            self._install(self._new_ring(self.params, bump_at=self._ring.decode()[0]))
        elif name == "cue_strength":
            self._apply_cue()
        else:  # tau, gain, noise, angular_velocity
            setattr(self._ring, name, value)
            self._weight_image = None  # gamma = -tau g omega may have changed

    def state(self) -> dict[str, Any]:
        times, energies = self._trace.columns()
        return {
            "params": dict(self.params),
            "potentials": self._ring.potentials,
            "time": float(self._ring.time),
            "cue_angle": self._cue_angle,
            "energy_trace": np.column_stack([times, energies]),
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        """Checked in full first; only then does anything change. Potentials must have the
        length of the N restored; without them a new N or kernel keeps the bump where it was."""
        new = self._checked_state(params, state)
        rebuild = (params["n_units"], params["kernel"]) != (self._ring.n_units, self._ring.kernel)
        ring = self._new_ring(params, bump_at=self._ring.decode()[0]) if rebuild else self._ring
        # nothing below can fail
        if new["potentials"] is not None:
            ring.potentials = new["potentials"]
        self.params = dict(params)
        self._cue_angle = new["cue_angle"]
        if rebuild:
            self._install(ring, time=new["time"])
        else:
            for name in ("tau", "gain", "noise", "angular_velocity"):
                setattr(ring, name, params[name])
            ring.time = new["time"]
            self._weight_image = None
            self._apply_cue()
        self._restore_trace(new["trace"], restart=new["potentials"] is not None or "time" in state)

    def _checked_state(self, params: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
        """The non-parameter parts of `state` checked (ValueError in words), or the present ones."""
        checked: dict[str, Any] = {"potentials": None, "trace": None}
        if "potentials" in state:
            checked["potentials"] = state_array(state, "potentials", float, (params["n_units"],))
        checked["time"] = float(self._ring.time)
        if "time" in state:
            checked["time"] = float(state_array(state, "time", float, ()))
        checked["cue_angle"] = self._cue_angle
        if "cue_angle" in state:  # None: no cue held
            angle = state["cue_angle"]
            if angle is not None:
                angle = float(state_array(state, "cue_angle", float, ())) % (2.0 * math.pi)
            checked["cue_angle"] = angle
        if "energy_trace" in state:
            checked["trace"] = state_array(state, "energy_trace", float, (None, 2))
        return checked

    def _restore_trace(self, rows: np.ndarray | None, restart: bool) -> None:
        """The saved energy trace (its newest rows, as many as this N keeps), or, when the state
        moved without one, a trace that starts again here."""
        if rows is None and not restart:
            return
        self._trace.clear()
        for row in [] if rows is None else rows[-self._trace_capacity() :]:
            self._trace.append(row)
        self._since_sample = 0
        if len(self._trace) == 0:  # the plots always have a point to show: now
            self._record()

    # --- the worker's interface -------------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """n_steps Euler steps, sampling the energy as it goes. A ring never comes to rest.

        At most about eight energy samples per call: an energy costs some 25 steps at N = 64,
        so sampling every 2 ms of model time would cap a flat-out run at a fraction of its speed.
        """
        every = max(self._sample_steps, n_steps // 8)
        while n_steps > 0:
            chunk = max(1, min(every - self._since_sample, n_steps))
            self._ring.step(chunk)
            n_steps -= chunk
            self._since_sample += chunk
            if self._since_sample >= every:
                self._record()
        return True

    def snapshot(self) -> RingSnapshot:
        ring = self._ring
        rates = ring.rates  # a copy: the model integrates its own array in place
        decoded, strength = ring.decode()
        count = count_bumps(rates, RATE_TOP[ring.kernel])
        trace_time, trace_energy = self._trace.columns()
        theta, w, dw = self._profile
        positions, valley = self._valley()
        unit = RATE_UNIT[ring.kernel]
        return RingSnapshot(
            params=dict(self.params),
            time=ring.time,
            gamma=ring.gamma,
            cue_angle=self._cue_angle,
            rate_top=RATE_TOP[ring.kernel],
            rate_unit=unit,
            angles=self._angles,
            rates=rates,
            decoded=decoded,
            strength=strength,
            bump_count=count,
            description=describe(count, decoded, float(rates.max()), unit),
            energy=ring.energy() / ring.n_units,
            trace_time=trace_time,
            trace_energy=trace_energy,
            profile_theta=theta,
            profile_w=w,
            profile_dw=dw,
            profile_tilted=w + ring.gamma * dw,
            weight_image=self._weights(),
            valley_positions=positions,
            valley_energy=valley,
            uniform_energy=self._uniform_energy,
            generation=self._generation,
        )

    # --- internals --------------------------------------------------------------------------------
    def _new_ring(self, params: dict[str, Any], bump_at: float | None = None) -> RingAttractor:
        """A ring built from `params` (a settled bump centred at `bump_at`, if given); nothing
        of the session changes yet."""
        ring = RingAttractor(
            params["n_units"],
            seed=self._seed + self._generation + 1,
            kernel=params["kernel"],
            dt=DT,
            **{name: params[name] for name in ("tau", "gain", "noise")},
        )
        ring.angular_velocity = params["angular_velocity"]
        if bump_at is not None:
            ring.set_bump(bump_at)
        return ring

    def _install(self, ring: RingAttractor, time: float | None = None) -> None:
        """Make `ring` the session's (the clock runs on unless `time` is given): its drawing
        caches, the cue, and a new energy trace sampled to suit its size."""
        ring.time = self._ring.time if time is None else time
        self._generation += 1
        self._ring = ring
        self._angles = _read_only(ring.angles)
        self._profile = tuple(_read_only(a) for a in ring.weight_profile())
        self._uniform_energy = uniform_state_energy(ring)
        self._weight_image = None
        self._valley_cache: tuple[tuple, tuple[np.ndarray, np.ndarray]] | None = None
        self._apply_cue()
        self._sample_steps = SAMPLE_STEPS * max(1, ring.n_units // SAMPLE_UNITS)
        self._trace = RingBuffer(self._trace_capacity(), 2)
        self._record()

    def _trace_capacity(self) -> int:
        return round(TRACE_SECONDS / (self._sample_steps * DT)) + 1

    def _apply_cue(self) -> None:
        angle = self._cue_angle
        self._ring.cue = None if angle is None else (angle, self.params["cue_strength"])

    def _record(self) -> None:
        self._since_sample = 0
        self._trace.append((self._ring.time, self._ring.energy() / self._ring.n_units))

    def _weights(self) -> np.ndarray:
        """W_ij = w(theta_i - theta_j) + gamma w'(theta_i - theta_j) of evenly spaced neurons."""
        if self._weight_image is None:
            theta, w, dw = self._profile
            n = len(theta)
            natural = np.empty(n)  # the profile indexed by (i - j) mod N
            offsets = np.round(theta / (2 * np.pi) * n).astype(np.intp)
            natural[offsets % n] = w + self._ring.gamma * dw
            index = np.linspace(0, n - 1, min(n, MATRIX_UNITS)).round().astype(np.intp)
            image = natural[np.subtract.outer(index, index) % n].astype(np.float32)
            self._weight_image = _read_only(image)
        return self._weight_image

    def _valley(self) -> tuple[np.ndarray, np.ndarray]:
        """E / N of the settled bump at each position, recomputed when the cue or tau changes
        (E itself does not depend on tau: the fixed points do not)."""
        key = (self._generation, self._ring.cue, self._ring.tau)
        if self._valley_cache is None or self._valley_cache[0] != key:
            positions, energies = self._ring.energy_vs_position(VALLEY_POSITIONS)
            arrays = (_read_only(positions), _read_only(energies / self._ring.n_units))
            self._valley_cache = (key, arrays)
        return self._valley_cache[1]


def _read_only(array: np.ndarray) -> np.ndarray:
    array = np.array(array)
    array.setflags(write=False)
    return array
