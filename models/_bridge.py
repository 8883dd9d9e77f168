"""The Millennium Bridge model of Strogatz, Abrams, McRobie, Eckhardt & Ott (2005, Nature 438:43):
walkers whose sideways gait is a phase oscillator, coupled through the sway of the bridge they
walk on. Public through models.oscillators (`from models.oscillators import MillenniumBridge`).

The bridge's first lateral mode is a damped oscillator driven by the walkers' sideways forces, and
each walker's gait phase is nudged by the sway it feels:

    M X'' + B X' + K X = G sum_i sin(Theta_i),
    Theta_i' = Omega_i + C A sin(Psi - Theta_i + alpha),   X = A sin(Psi), X' = A Omega_0 cos(Psi),

so A sin(Psi - Theta + alpha) = X cos(alpha - Theta) + (X' / Omega_0) sin(alpha - Theta) and no
angle has to be unwrapped. Units SI: X in m, M in kg, B in kg/s, K in N/m, G in N, C in 1/(m s),
Omega in rad/s. Integrated by classical Runge-Kutta (RK4), dt = 0.01 s.

Critical crowd. Averaging at resonance (walkers' frequencies centred on Omega_0 = sqrt(K/M)):
a crowd of coherence r drives the bridge to A = G N r / (B Omega_0), with Psi a quarter cycle
behind the crowd's mean phase; with alpha = pi/2 each walker then feels a Kuramoto pull of
strength C A = (C G N / (B Omega_0)) r, which locks the crowd once C G N / (B Omega_0) exceeds
K_c = 2 / (pi P(Omega_0)). Hence

    N_c = 2 B Omega_0 / (pi G C P(Omega_0)) = 2 sqrt(2 / pi) B Omega_0 sigma / (G C)

for gait frequencies Gaussian with s.d. sigma. Below N_c the sway stays at the millimetre
jitter of an incoherent crowd; above it sway and synchrony grow together.
"""

from __future__ import annotations

import math

import numpy as np

# Bridge and walker parameters in the range Strogatz et al. (2005) used for the north span's
# first lateral mode (1.03 Hz; damping about 0.75 % of critical) and for walkers (lateral force
# amplitude about 30 N, gait frequencies about 1 Hz). See /work/notes/sync.md for the sources.
MASS = 1.13e5  # kg, modal mass M
DAMPING = 1.10e4  # kg/s, B
STIFFNESS = 4.73e6  # N/m, K  -> Omega_0 = sqrt(K / M) = 6.47 rad/s (1.03 Hz)
FORCE = 30.0  # N, G: a walker's sideways force amplitude
SENSITIVITY = 16.0  # 1/(m s), C: how strongly the sway pulls a walker's gait phase
ALPHA = math.pi / 2  # the phase lag that makes walkers feed the sway
WALKER_SPREAD = 0.63  # rad/s (0.1 Hz): s.d. of the walkers' natural gait frequencies
DT = 0.01  # s per RK4 step
MAX_WALKERS = 5000


def critical_crowd(
    damping: float = DAMPING,
    natural_frequency: float = math.sqrt(STIFFNESS / MASS),
    force: float = FORCE,
    sensitivity: float = SENSITIVITY,
    walker_spread: float = WALKER_SPREAD,
) -> float:
    """N_c = 2 B Omega_0 / (pi G C P(Omega_0)), P the Gaussian density of gait frequencies at
    its centre, 1 / (sigma sqrt(2 pi)): the crowd size where the still bridge becomes unstable."""
    density = 1.0 / (walker_spread * math.sqrt(2.0 * math.pi))
    return 2.0 * damping * natural_frequency / (math.pi * force * sensitivity * density)


class MillenniumBridge:
    """A bridge's lateral mode and a crowd of walkers; walkers come and go one at a time.

    `sway` X (m), `sway_velocity` X' (m/s), `amplitude` A (m), `bridge_phase` Psi (rad),
    `phases` (n,) gait phases Theta_i (rad in [0, 2 pi)), `frequencies` (n,) Omega_i (rad/s),
    `time` (s)."""

    def __init__(
        self,
        n_walkers: int = 0,
        *,
        seed: int = 0,
        walker_spread: float = WALKER_SPREAD,
        damping: float = DAMPING,
        sensitivity: float = SENSITIVITY,
        mass: float = MASS,
        stiffness: float = STIFFNESS,
        force: float = FORCE,
        alpha: float = ALPHA,
        dt: float = DT,
    ) -> None:
        for name, value in (
            ("walker_spread", walker_spread), ("damping", damping), ("sensitivity", sensitivity),
            ("mass", mass), ("stiffness", stiffness), ("force", force), ("dt", dt),
        ):  # fmt: skip
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, not {value!r}")
        self.mass, self.stiffness, self.force, self.alpha = mass, stiffness, force, alpha
        self.damping, self.sensitivity, self.walker_spread = damping, sensitivity, walker_spread
        self.dt = dt
        self.natural_frequency = math.sqrt(stiffness / mass)  # Omega_0, rad/s
        self._rng = np.random.default_rng(seed)
        self._theta = np.empty(0)
        self.frequencies = np.empty(0)
        self.sway = 0.0
        self.sway_velocity = 0.0
        self.time = 0.0
        self.add_walkers(n_walkers)

    # --- the crowd ------------------------------------------------------------------------------
    @property
    def n_walkers(self) -> int:
        return len(self._theta)

    def add_walkers(self, count: int) -> None:
        """`count` walkers step on, each at a random gait phase, with a gait frequency drawn from
        a Gaussian of s.d. `walker_spread` round the bridge's Omega_0 (from the bridge's seed)."""
        count = int(count)
        if count < 0 or self.n_walkers + count > MAX_WALKERS:
            raise ValueError(
                f"a crowd has 0 to {MAX_WALKERS} walkers, not {self.n_walkers + count}"
            )
        draws = self._rng.random((count, 2))
        phases = 2.0 * np.pi * draws[:, 0]
        gait = self.natural_frequency + self.walker_spread * _normal_from_uniform(draws[:, 1])
        self._theta = np.concatenate([self._theta, phases])
        self.frequencies = np.concatenate([self.frequencies, gait])

    def remove_walkers(self, count: int) -> None:
        """The last `count` walkers to arrive step off (all of them if fewer are on)."""
        keep = max(0, self.n_walkers - int(count))
        self._theta, self.frequencies = self._theta[:keep].copy(), self.frequencies[:keep].copy()

    def set_crowd(self, phases: np.ndarray, frequencies: np.ndarray) -> None:
        """Put exactly these walkers on the bridge: (n,) phases (rad), (n,) frequencies (rad/s)."""
        phases, frequencies = np.array(phases, float), np.array(frequencies, float)
        if phases.shape != frequencies.shape or phases.ndim != 1 or len(phases) > MAX_WALKERS:
            raise ValueError("a crowd needs as many phases as frequencies, at most one per walker")
        self._theta, self.frequencies = np.mod(phases, 2.0 * np.pi), frequencies

    @property
    def phases(self) -> np.ndarray:
        """(n,) float64 copy of the gait phases, rad in [0, 2 pi)."""
        return np.mod(self._theta, 2.0 * np.pi)

    def order_parameter(self) -> tuple[float, float]:
        """(r, psi) of the walkers' gait phases; (0, 0) on an empty bridge."""
        if self.n_walkers == 0:
            return 0.0, 0.0
        z = np.mean(np.exp(1j * self._theta))
        return float(abs(z)), float(np.angle(z)) % (2.0 * np.pi)

    # --- the bridge -----------------------------------------------------------------------------
    @property
    def amplitude(self) -> float:
        """A = sqrt(X^2 + (X' / Omega_0)^2), m: the size of the sway."""
        return math.hypot(self.sway, self.sway_velocity / self.natural_frequency)

    @property
    def bridge_phase(self) -> float:
        """Psi with X = A sin(Psi), X' = A Omega_0 cos(Psi); rad in [0, 2 pi)."""
        return math.atan2(self.sway, self.sway_velocity / self.natural_frequency) % (2 * np.pi)

    @property
    def damping_ratio(self) -> float:
        """zeta = B / (2 sqrt(K M)): the damping as a fraction of critical (0.0075 as built)."""
        return self.damping / (2.0 * math.sqrt(self.stiffness * self.mass))

    @damping_ratio.setter
    def damping_ratio(self, zeta: float) -> None:
        if not (math.isfinite(zeta) and zeta > 0):
            raise ValueError(f"the damping ratio must be a positive number, not {zeta!r}")
        self.damping = zeta * 2.0 * math.sqrt(self.stiffness * self.mass)

    def critical_crowd(self) -> float:
        """N_c for this bridge and crowd (see the module's docstring)."""
        return critical_crowd(
            self.damping, self.natural_frequency, self.force, self.sensitivity, self.walker_spread
        )

    # --- running --------------------------------------------------------------------------------
    def step(self, n_steps: int = 1) -> np.ndarray:
        """`n_steps` RK4 steps of dt; returns (n_steps, 2) rows (sway X in m, r) after each."""
        from models.oscillators import kernels  # compiled loops, loaded on first step

        out = np.empty((int(n_steps), 2))
        constants = np.array([
            self.force / self.mass, self.damping / self.mass, self.stiffness / self.mass,
            self.sensitivity, math.cos(self.alpha), math.sin(self.alpha),
            1.0 / self.natural_frequency,
        ])  # fmt: skip
        self.sway, self.sway_velocity = kernels.bridge_steps(
            self.sway, self.sway_velocity, self._theta, self.frequencies, constants, self.dt, out
        )
        self.time += len(out) * self.dt
        return out

    def run(self, duration: float) -> np.ndarray:
        """Run for `duration` seconds (whole steps of dt); returns (steps, 2) rows (X in m, r)."""
        if not (math.isfinite(duration) and duration >= 0):
            raise ValueError(f"the duration must be a number of seconds >= 0, not {duration!r}")
        return self.step(round(duration / self.dt))


def _normal_from_uniform(u: np.ndarray) -> np.ndarray:
    """Standard normal deviates from uniform ones (Box-Muller on pairs would need two draws per
    walker; the inverse CDF keeps one draw per walker, so adding walkers one at a time or ten at
    a time gives the same crowd)."""
    from models.oscillators import _erfinv  # the one inverse erf, beside the Gaussian quantiles

    u = np.clip(u, 1e-12, 1 - 1e-12)
    return math.sqrt(2.0) * _erfinv(2.0 * u - 1.0)
