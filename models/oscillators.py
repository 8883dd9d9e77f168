"""Coupled phase oscillators that fall into step: Kuramoto (1975) and the Millennium Bridge
(Strogatz, Abrams, McRobie, Eckhardt & Ott 2005, Nature 438:43). Plain numpy, no Qt.

Kuramoto: N phases theta_i (rad) with natural frequencies omega_i (rad/s) and all-to-all coupling K
(rad/s),

    d theta_i / dt = omega_i + (K / N) sum_j sin(theta_j - theta_i)
                   = omega_i + K r sin(psi - theta_i),   r e^(i psi) = (1/N) sum_j e^(i theta_j).

The second (mean-field) form costs O(N) a step instead of O(N^2); `pairwise_velocities` is the
O(N^2) sum, kept as the reference the tests and the benchmark compare against. Explicit Euler,
dt = 0.01 s. Natural frequencies come from a Lorentzian of half-width gamma (`spread`; K_c =
2 gamma, r = sqrt(1 - K_c / K) above it for N -> infinity) or a Gaussian of s.d. sigma (K_c =
sigma sqrt(8 / pi)), drawn at random or, with `spacing="quantile"`, placed deterministically at
the quantiles (i + 1/2) / N of the distribution (no sampling noise in the frequencies).

The bridge (`MillenniumBridge`) lives in models._bridge and is re-exported here.

    >>> from models.oscillators import Kuramoto
    >>> k = Kuramoto(2000, coupling=2.0, spread=0.5)
    >>> trace = k.run(100.0)            # r at every step
    >>> r, psi = k.order_parameter()    # r near sqrt(1 - 1/2) = 0.71
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

import numpy as np

from models._bridge import (  # noqa: F401  (the bridge's public API lives here too)
    MAX_WALKERS,
    WALKER_SPREAD,
    MillenniumBridge,
    critical_crowd,
)
from models._lazy import lazy_import

kernels = lazy_import("models._oscillator_kernels")  # numba loads on first step, not on import

Distribution = Literal["lorentzian", "gaussian"]
DISTRIBUTIONS = ("lorentzian", "gaussian")
DT = 0.01  # s per Euler step
MAX_OSCILLATORS = 100_000


def warm_up() -> None:
    """Compile (or load from numba's disk cache) the Kuramoto kernel now, on two oscillators."""
    Kuramoto(2, 1.0).step(1)


# --------------------------------------------------------------------------- natural frequencies
def natural_frequencies(
    n: int,
    spread: float,
    distribution: Distribution = "lorentzian",
    seed: int = 0,
    spacing: Literal["random", "quantile"] = "random",
    mean: float = 0.0,
) -> np.ndarray:
    """(n,) float64 natural frequencies omega_i (rad/s) around `mean`: Lorentzian of half-width
    `spread` or Gaussian of s.d. `spread`. Random draws are centred (their sample median, for the
    Lorentzian whose mean does not exist, is moved to `mean`), so the frame turns with the crowd."""
    _check_distribution(distribution)
    if spacing == "quantile":
        u = (np.arange(n) + 0.5) / n
    elif spacing == "random":
        u = np.random.default_rng(seed).random(n)
    else:
        raise ValueError(f"spacing must be 'random' or 'quantile', not {spacing!r}")
    if distribution == "lorentzian":
        omega = spread * np.tan(np.pi * (u - 0.5))
    else:
        omega = spread * math.sqrt(2.0) * _erfinv(2.0 * u - 1.0)
    if spacing == "random" and n > 1:
        omega -= np.median(omega)
    return omega + mean


def _erfinv(y: np.ndarray) -> np.ndarray:
    """Inverse error function for |y| < 1 (Giles 2010 single-precision start, two Newton steps),
    accurate to about 1e-12: enough for quantile-spaced Gaussian frequencies without scipy."""
    y = np.asarray(y, dtype=float)
    w = -np.log((1.0 - y) * (1.0 + y))
    small = w < 5.0
    ws = w - 2.5
    wl = np.sqrt(np.maximum(w, 5.0)) - 3.0
    ps = np.polyval(
        [2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
         -0.00125372503, -0.00417768164, 0.246640727, 1.50140941], ws)  # fmt: skip
    pl = np.polyval(
        [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
         -0.0076224613, 0.00943887047, 1.00167406, 2.83297682], wl)  # fmt: skip
    x = np.where(small, ps, pl) * y
    erf = np.vectorize(math.erf, otypes=[float])
    for _ in range(2):
        x -= (erf(x) - y) / (2.0 / math.sqrt(math.pi) * np.exp(-x * x))
    return x


def frequency_density(omega: np.ndarray, spread: float, distribution: Distribution) -> np.ndarray:
    """g(omega): the density (s/rad) of the natural frequencies about their centre."""
    omega = np.asarray(omega, dtype=float)
    if distribution == "lorentzian":
        return spread / (np.pi * (spread**2 + omega**2))
    return np.exp(-0.5 * (omega / spread) ** 2) / (spread * math.sqrt(2.0 * math.pi))


# --------------------------------------------------------------------------------------- theory
def critical_coupling(spread: float, distribution: Distribution = "lorentzian") -> float:
    """K_c = 2 / (pi g(0)): 2 gamma for the Lorentzian, sigma sqrt(8 / pi) for the Gaussian."""
    _check_distribution(distribution)
    return 2.0 / (math.pi * float(frequency_density(0.0, spread, distribution)))


def theory_order_parameter(
    coupling: float, spread: float, distribution: Distribution = "lorentzian"
) -> float:
    """The stationary r of the infinite population (Kuramoto's self-consistency):
    1 = K int_{-pi/2}^{pi/2} cos^2(t) g(K r sin t) dt, and r = 0 for K <= K_c.
    Lorentzian: exactly sqrt(1 - K_c / K); Gaussian: solved by bisection."""
    kc = critical_coupling(spread, distribution)
    if coupling <= kc:
        return 0.0
    if distribution == "lorentzian":
        return math.sqrt(1.0 - kc / coupling)
    t = np.linspace(-np.pi / 2, np.pi / 2, 2001)
    weight = np.cos(t) ** 2

    def excess(r: float) -> float:
        integrand = weight * frequency_density(coupling * r * np.sin(t), spread, distribution)
        return coupling * float(np.sum(integrand) * (t[1] - t[0])) - 1.0

    low, high = 0.0, 1.0
    for _ in range(60):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if excess(middle) > 0 else (low, middle)
    return 0.5 * (low + high)


def pairwise_velocities(phases: np.ndarray, frequencies: np.ndarray, coupling: float) -> np.ndarray:
    """d theta_i / dt = omega_i + (K/N) sum_j sin(theta_j - theta_i) by the direct O(N^2) sum
    (rows in blocks, so N = 10 000 needs no 800 MB matrix). The reference, not the method."""
    n = len(phases)
    out = np.empty(n)
    block = max(1, 2_000_000 // max(n, 1))
    for start in range(0, n, block):
        rows = phases[start : start + block, None]
        out[start : start + block] = np.sin(phases[None, :] - rows).sum(axis=1)
    return frequencies + coupling / n * out


# ------------------------------------------------------------------------------------- the model
class Kuramoto:
    """N phase oscillators with all-to-all coupling, stepped through the mean field.

    `phases` (N,) rad in [0, 2 pi), `frequencies` (N,) rad/s, `coupling` K (rad/s, settable),
    `time` (s). Starts from phases uniform at random (the incoherent state)."""

    def __init__(
        self,
        n_oscillators: int,
        coupling: float,
        spread: float = 0.5,
        distribution: Distribution = "lorentzian",
        seed: int = 0,
        *,
        spacing: Literal["random", "quantile"] = "random",
        dt: float = DT,
    ) -> None:
        if not (isinstance(n_oscillators, int | np.integer) and 1 <= n_oscillators):
            raise ValueError(
                f"the number of oscillators must be a whole number >= 1, not {n_oscillators!r}"
            )
        if n_oscillators > MAX_OSCILLATORS:
            raise ValueError(f"at most {MAX_OSCILLATORS} oscillators, not {n_oscillators}")
        if not (math.isfinite(spread) and spread > 0):
            raise ValueError(f"the spread of frequencies must be a positive number, not {spread!r}")
        if not (math.isfinite(dt) and dt > 0):
            raise ValueError(f"the time step must be a positive number of seconds, not {dt!r}")
        self.n_oscillators = int(n_oscillators)
        self.spread = float(spread)
        self.distribution = distribution
        self.seed = seed
        self.dt = float(dt)
        self.coupling = coupling
        rng = np.random.default_rng([seed, 1])  # the phases' stream, apart from the frequencies'
        self.frequencies = natural_frequencies(
            self.n_oscillators, self.spread, distribution, seed, spacing
        )
        self.time = 0.0
        self.phases = rng.uniform(0.0, 2.0 * np.pi, self.n_oscillators)

    # --- state ----------------------------------------------------------------------------------
    @property
    def coupling(self) -> float:
        """K (rad/s): the strength of the all-to-all coupling."""
        return self._coupling

    @coupling.setter
    def coupling(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"the coupling K must be a number >= 0, not {value!r}")
        self._coupling = value

    @property
    def phases(self) -> np.ndarray:
        """(N,) float64 copy of the phases theta_i, rad in [0, 2 pi)."""
        return np.mod(self._theta, 2.0 * np.pi)

    @phases.setter
    def phases(self, value: np.ndarray) -> None:
        theta = np.array(value, dtype=float)
        if theta.shape != (self.n_oscillators,) or not np.all(np.isfinite(theta)):
            raise ValueError(f"phases must be {self.n_oscillators} finite angles (rad)")
        self._theta = np.mod(theta, 2.0 * np.pi)
        self._cos, self._sin = np.cos(self._theta), np.sin(self._theta)

    @property
    def critical_coupling(self) -> float:
        """K_c of this population's distribution (N -> infinity)."""
        return critical_coupling(self.spread, self.distribution)

    def order_parameter(self) -> tuple[float, float]:
        """(r, psi): r e^(i psi) = (1/N) sum_j e^(i theta_j); r in [0, 1], psi in [0, 2 pi)."""
        re, im = float(np.mean(self._cos)), float(np.mean(self._sin))
        return math.hypot(re, im), math.atan2(im, re) % (2.0 * np.pi)

    def velocities(self) -> np.ndarray:
        """(N,) d theta_i / dt = omega_i + K r sin(psi - theta_i) (rad/s), by the mean field."""
        re, im = np.mean(self._cos), np.mean(self._sin)
        return self.frequencies + self._coupling * (im * self._cos - re * self._sin)

    # --- running --------------------------------------------------------------------------------
    def step(self, n_steps: int = 1) -> np.ndarray:
        """`n_steps` Euler steps of dt (one compiled pass over the oscillators each); returns
        (n_steps,) the r before each step."""
        trace = np.empty(int(n_steps))
        kernels.kuramoto_steps(
            self._theta, self._cos, self._sin, self.dt * self.frequencies,
            self.dt * self._coupling, trace,
        )  # fmt: skip
        self.time += len(trace) * self.dt
        return trace

    def step_numpy(self, n_steps: int = 1) -> np.ndarray:
        """The same steps written with numpy ufuncs (about ten passes over the arrays a step):
        the vectorised baseline of benchmarks/bench_oscillators.py."""
        trace = np.empty(int(n_steps))
        dt_k, drift = self.dt * self._coupling, self.dt * self.frequencies
        for index in range(len(trace)):
            re, im = np.mean(self._cos), np.mean(self._sin)
            trace[index] = math.hypot(re, im)
            self._theta += drift + dt_k * (im * self._cos - re * self._sin)
            np.mod(self._theta, 2.0 * np.pi, out=self._theta)
            np.cos(self._theta, out=self._cos)
            np.sin(self._theta, out=self._sin)
        self.time += len(trace) * self.dt
        return trace

    def run(self, duration: float) -> np.ndarray:
        """Run for `duration` seconds (rounded to whole steps of dt); returns r at each step."""
        if not (math.isfinite(duration) and duration >= 0):
            raise ValueError(f"the duration must be a number of seconds >= 0, not {duration!r}")
        return self.step(round(duration / self.dt))


def sweep_coupling(
    couplings: np.ndarray,
    n_oscillators: int,
    spread: float = 0.5,
    distribution: Distribution = "lorentzian",
    seed: int = 0,
    duration: float = 200.0,
    spacing: Literal["random", "quantile"] = "random",
    report: Callable[[float, tuple[float, float] | None], None] | None = None,
) -> np.ndarray:
    """r against K: for each K a fresh population from random phases, run `duration` seconds, r
    averaged over the second half. Returns (len(couplings), 2) rows (K, r). `report(fraction,
    point)` is called now and then with point None, and with (K, r) as each point is done (it
    may raise to stop the sweep)."""
    couplings = np.asarray(couplings, dtype=float)
    steps = round(duration / DT)
    chunk = max(1, min(steps // 2, 2_000_000 // max(n_oscillators, 1)))
    rows = np.empty((len(couplings), 2))
    for index, coupling in enumerate(couplings):
        model = Kuramoto(n_oscillators, coupling, spread, distribution, seed, spacing=spacing)
        trace = np.empty(0)
        for done in range(0, steps, chunk):
            trace = np.concatenate([trace, model.step(min(chunk, steps - done))])
            if report is not None:
                report((index + (done + chunk) / steps) / len(couplings), None)
        rows[index] = coupling, float(np.mean(trace[steps // 2 :]))
        if report is not None:
            report((index + 1) / len(couplings), (float(coupling), float(rows[index, 1])))
    return rows


def _check_distribution(distribution: str) -> None:
    if distribution not in DISTRIBUTIONS:
        raise ValueError(
            f"the distribution must be 'lorentzian' or 'gaussian', not {distribution!r}"
        )
