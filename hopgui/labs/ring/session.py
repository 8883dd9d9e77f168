"""The ring-attractor lab's simulation: a `RingAttractor` plus everything the lab shows about it.

Pure Python (no Qt), so it is tested without a GUI. It satisfies `hopgui.core.simulation.Simulation`:
the worker thread calls `advance` and `snapshot`, every other public method is a command the GUI
sends by name. Commands take SI units (s, rad, rad/s) like the model; their error messages speak
in the units the lab shows (ms, deg, deg/s).

The physics is the model's (Zhang 1996; see models/ring.py): tau du/dt = -u + (w + gamma w') * f(u)
+ I, gamma = -tau * gain * omega, explicit Euler with dt = 0.5 ms. This module only samples it:
every 2 ms of model time it records the Lyapunov energy per neuron,
E / N = (-1/2 f^T W_s f + sum_i int_0^{f_i} f^-1 - I^T f) / N, for the energy trace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.ring import RingAttractor, warm_up

DT = 0.0005  # s per Euler step: 1x real time is 2000 steps per second
STEPS_PER_SECOND = round(1 / DT)
SAMPLE_STEPS = 4  # the energy trace gets a point every 2 ms of model time (N <= 512) ...
SAMPLE_UNITS = 512  # ... and every 4 ms at 1024, 16 ms at 4096: the energy costs more than a step
TRACE_SECONDS = 2.0  # the energy trace shows the last 2 s of model time
VALLEY_POSITIONS = 72  # bump positions (every 5 deg) of the energy valley
BUMP_HARMONICS = 10  # bumps are counted on the rates low-passed to these Fourier harmonics
MATRIX_UNITS = 256  # the weight image shows at most this many neurons (evenly subsampled)
KERNELS = ("zhang", "cosine")
# Top of the rate scale (Hz; arbitrary units for the threshold-linear cosine ring): colour bar,
# plot range, and the range scrambled rates are drawn from.
RATE_TOP = {"zhang": 40.0, "cosine": 4.0}
RATE_UNIT = {"zhang": "Hz", "cosine": ""}
N_UNITS_RANGE = (16, 4096)
TAU_RANGE = (0.002, 0.1)  # s: below 2 ms, Euler with dt = 0.5 ms loses the bump's shape
GAIN_RANGE = (0.0, 3.0)
NOISE_RANGE = (0.0, 0.3)  # input s.d.: at 0.2 the Zhang bump already wanders and breaks up
CUE_STRENGTH_RANGE = (0.0, 0.1)  # 0.01 pulls the bump over in about 50 ms
MAX_ANGULAR_VELOCITY = math.radians(720.0)  # rad/s
START_ANGLE = math.pi / 2  # the first and the reset bump sit at the top of the ring (90 deg)


@dataclass(frozen=True)
class RingSnapshot:
    """Everything the ring lab draws. Arrays are copies or read-only arrays the session never
    writes again (the weight image and energy valley are shared until they change)."""

    time: float  # s of model time
    n_units: int
    kernel: str  # "zhang" or "cosine"
    tau: float  # s
    gain: float
    noise: float
    angular_velocity: float  # rad/s, the velocity input
    gamma: float  # shift coefficient -tau * gain * angular_velocity
    cue_angle: float | None  # rad, while a landmark cue is held
    cue_strength: float
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


class _Trace:
    """The last `capacity` (time, value) pairs in a ring buffer."""

    def __init__(self, capacity: int) -> None:
        self._rows = np.empty((capacity, 2))
        self._count = 0

    def clear(self) -> None:
        self._count = 0

    def append(self, time: float, value: float) -> None:
        self._rows[self._count % len(self._rows)] = (time, value)
        self._count += 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        capacity = len(self._rows)
        if self._count <= capacity:
            rows = self._rows[: self._count].copy()
        else:
            rows = np.roll(self._rows, -(self._count % capacity), axis=0)
        return rows[:, 0], rows[:, 1]


class RingSession:
    """A ring attractor driven by the lab: velocity input, a landmark cue, scrambles, rebuilds."""

    def __init__(self, n_units: int = 64, kernel: str = "zhang", seed: int = 0) -> None:
        check_choice("kernel", kernel, KERNELS)
        check_range("N", n_units, N_UNITS_RANGE, integer=True)
        warm_up()  # compiled kernels: loaded here, in the worker thread, not on first step
        self._seed = seed
        self._generation = 0
        self._params = {"tau": 0.01, "gain": 1.0, "noise": 0.0}
        self._angular_velocity = 0.0
        self._cue_angle: float | None = None
        self.cue_strength = 0.01
        self._build(n_units, kernel, bump_at=START_ANGLE, time=0.0)

    # --- commands ---------------------------------------------------------------------------------
    def set_n_units(self, n_units: int) -> None:
        """A ring of a new size, with the settled bump where the old one was."""
        check_range("N", n_units, N_UNITS_RANGE, integer=True)
        self._rebuild(int(n_units), self._ring.kernel)

    def set_kernel(self, kernel: str) -> None:
        """Zhang's inverse-method weights or the cosine (Ben-Yishai) ring; the bump stays put."""
        check_choice("kernel", kernel, KERNELS)
        self._rebuild(self._ring.n_units, kernel)

    def set_tau(self, tau: float) -> None:
        """Membrane time constant (s). The bump's shape does not depend on it, its speed does not
        either (omega = -gamma / tau with gamma = -tau g omega), only how fast it forms."""
        check_range("tau", tau, TAU_RANGE, scale=1000.0, unit=" ms")
        self._set_param("tau", float(tau))

    def set_gain(self, gain: float) -> None:
        """Velocity gain g: the bump turns g times as fast as the velocity input."""
        check_range("velocity gain", gain, GAIN_RANGE)
        self._set_param("gain", float(gain))

    def set_noise(self, noise: float) -> None:
        """Standard deviation of the white input noise (units of the potential u)."""
        check_range("noise", noise, NOISE_RANGE)
        self._set_param("noise", float(noise))

    def set_angular_velocity(self, angular_velocity: float) -> None:
        """Angular-velocity input omega (rad/s); positive turns the bump counter-clockwise."""
        limit = math.degrees(MAX_ANGULAR_VELOCITY)
        check_range(
            "angular velocity",
            angular_velocity,
            (-MAX_ANGULAR_VELOCITY, MAX_ANGULAR_VELOCITY),
            scale=limit / MAX_ANGULAR_VELOCITY,
            unit=" deg/s",
        )
        self._angular_velocity = float(angular_velocity)
        self._ring.angular_velocity = self._angular_velocity
        self._weight_image = None

    def set_cue_strength(self, strength: float) -> None:
        """Strength of the landmark cue input (0.01: peak input 0.39, the bump follows in 50 ms)."""
        check_range("cue strength", strength, CUE_STRENGTH_RANGE)
        self.cue_strength = float(strength)
        self._apply_cue()

    def set_cue(self, angle: float) -> None:
        """Hold a landmark cue at `angle` (rad) until `release_cue`."""
        if not math.isfinite(angle):
            raise ValueError(f"the cue needs a finite angle, not {angle}")
        self._cue_angle = float(angle) % (2.0 * math.pi)
        self._apply_cue()

    def release_cue(self) -> None:
        self._cue_angle = None
        self._apply_cue()

    def scramble(self) -> None:
        """Random rates, uniform on (0, rate top): one bump re-forms from the noise."""
        self._ring.randomize(RATE_TOP[self._ring.kernel])
        self._record()

    def reset(self) -> None:
        """A settled bump at 90 deg and the clock at 0 (velocity, cue and parameters stay)."""
        self._ring.set_bump(START_ANGLE)
        self._ring.time = 0.0
        self._since_sample = 0
        self._trace.clear()
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
        rates = ring.rates
        decoded, strength = ring.decode()
        count = count_bumps(rates, RATE_TOP[ring.kernel])
        trace_time, trace_energy = self._trace.arrays()
        theta, w, dw = self._profile
        positions, valley = self._valley()
        unit = RATE_UNIT[ring.kernel]
        return RingSnapshot(
            **{name: getattr(ring, name) for name in ("time", "n_units", "kernel", "tau")},
            **{name: getattr(ring, name) for name in ("gain", "noise", "gamma")},
            angular_velocity=self._angular_velocity,
            cue_angle=self._cue_angle,
            cue_strength=self.cue_strength,
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
    def _build(self, n_units: int, kernel: str, bump_at: float, time: float) -> None:
        """A new ring with the current parameters and a settled bump centred at `bump_at`."""
        self._generation += 1
        seed = self._seed + self._generation
        self._ring = RingAttractor(n_units, seed=seed, kernel=kernel, dt=DT, **self._params)
        self._ring.angular_velocity = self._angular_velocity
        self._ring.set_bump(bump_at)
        self._ring.time = time
        self._angles = _read_only(self._ring.angles)
        self._profile = tuple(_read_only(a) for a in self._ring.weight_profile())
        self._uniform_energy = uniform_state_energy(self._ring)
        self._weight_image = None
        self._valley_cache: tuple[tuple, tuple[np.ndarray, np.ndarray]] | None = None
        self._apply_cue()
        self._since_sample = 0
        self._sample_steps = SAMPLE_STEPS * max(1, n_units // SAMPLE_UNITS)
        self._trace = _Trace(round(TRACE_SECONDS / (self._sample_steps * DT)) + 1)
        self._record()

    def _rebuild(self, n_units: int, kernel: str) -> None:
        decoded, _ = self._ring.decode()
        self._build(n_units, kernel, bump_at=decoded, time=self._ring.time)

    def _set_param(self, name: str, value: float) -> None:
        self._params[name] = value
        setattr(self._ring, name, value)
        self._weight_image = None  # gamma = -tau g omega may have changed

    def _apply_cue(self) -> None:
        angle = self._cue_angle
        self._ring.cue = None if angle is None else (angle, self.cue_strength)

    def _record(self) -> None:
        self._since_sample = 0
        self._trace.append(self._ring.time, self._ring.energy() / self._ring.n_units)

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


def uniform_state_energy(ring: RingAttractor, max_seconds: float = 2.0) -> float:
    """E / N of the uniform fixed point (every neuron at the same rate, no cue): the state the
    bump breaks away from. A flat start stays flat (by symmetry), so a scratch copy of the ring
    relaxes to it."""
    scratch = RingAttractor(ring.n_units, seed=0, kernel=ring.kernel, tau=ring.tau, dt=ring.dt)
    scratch.rates = np.full(ring.n_units, 0.1 * RATE_TOP[ring.kernel])
    for _ in range(round(max_seconds / (200 * ring.dt))):
        before = scratch.potentials
        scratch.step(200)
        if np.max(np.abs(scratch.potentials - before)) < 1e-10:
            break
    return scratch.energy() / ring.n_units


def count_bumps(rates: np.ndarray, rate_top: float) -> int:
    """Separate arcs of the ring above half height; 0 when max - min is under 10 % of the top.

    Counted on the profile low-passed to its first BUMP_HARMONICS Fourier harmonics, so noise on
    the flanks of one bump does not cross half height many times (a 57 deg wide bump lives
    below harmonic 10)."""
    spectrum = np.fft.rfft(rates)
    spectrum[BUMP_HARMONICS + 1 :] = 0.0
    smooth = np.fft.irfft(spectrum, len(rates))
    low, high = float(smooth.min()), float(smooth.max())
    if high - low < 0.1 * rate_top:
        return 0
    above = smooth >= 0.5 * (low + high)
    return int(np.sum(above & ~np.roll(above, 1)))


def describe(bump_count: int, decoded: float, peak: float, unit: str) -> str:
    """The line the class reads above the ring."""
    if bump_count == 0:
        return "no bump: the activity is flat"
    if bump_count > 1:
        return f"{bump_count} bumps competing"
    degrees = round(math.degrees(decoded)) % 360
    unit = f" {unit}" if unit else ""
    return f"one bump at {degrees}°, peak {peak:.3g}{unit}"


def _read_only(array: np.ndarray) -> np.ndarray:
    array = np.array(array)
    array.setflags(write=False)
    return array


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}: choose one of {', '.join(choices)}")


def check_range(
    name: str,
    value: float,
    bounds: tuple[float, float],
    *,
    integer: bool = False,
    scale: float = 1.0,
    unit: str = "",
) -> None:
    """ValueError unless `value` is a finite number within `bounds` (shown times `scale`)."""
    low, high = bounds
    ok = isinstance(value, int | float | np.integer | np.floating) and math.isfinite(value)
    if integer:
        ok = ok and float(value).is_integer()
    if not ok or not low <= value <= high:
        kind = "a whole number" if integer else "a number"
        raise ValueError(
            f"{name} must be {kind} from {low * scale:g} to {high * scale:g}{unit}, "
            f"not {_shown(value, scale)}{unit}"
        )


def _shown(value: object, scale: float) -> str:
    try:
        return f"{float(value) * scale:g}"
    except (TypeError, ValueError):
        return repr(value)
