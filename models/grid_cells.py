"""Grid cells: a 2-D continuous attractor sheet (Burak & Fiete 2009, PLoS Comput Biol 5:e1000291).

An n x n sheet of neurons on a torus. Each neuron has a preferred direction e in {N, E, S, W},
tiled in 2 x 2 blocks (models._grid_kernels.TILE), and its rate s obeys

    tau ds_i/dt = -s_i + [ sum_j W0(x_i - x_j - l e_j) s_j + B_i ]_+ ,
    W0(x) = a e^{-gamma |x|^2} - e^{-beta |x|^2},   B_i = 1 + alpha e_i . v,

explicit Euler, tau = 10 ms, dt = 0.5 ms; a = 1, beta = 3 / lambda^2, lambda = 13, l = 2 neurons,
gamma = 1.1 beta (the paper's 1.05 leaves the uniform state stable with this tiling, see
SCIENCE.md section 6), alpha = 0.10315 and v the animal's velocity in m/s.

From random rates a hexagonal lattice of bumps forms (spacing about 18.8 neurons at lambda = 13);
a velocity v drives the neurons whose direction agrees with it harder, and their shifted outputs
push the lattice along v at a speed proportional to |v| (about 39.5 neurons per metre the animal
runs at n = 128, `NEURONS_PER_METRE`), so a single neuron fires on a hexagonal grid of places.

The recurrent input is a sum of four convolutions, computed in Fourier space: by a band-limited
real Fourier transform done with matrix products ("spectral", the default, the fastest on one
core) or by numpy's FFT ("fft"); both give the same numbers to float32 rounding
(models._grid_kernels). Measurements of the pattern: `bump_positions`, `lattice_spacing`,
`LatticeTracker` (how far the lattice has moved); rate maps and gridness are in models.grid_maps.
"""

import copy
from collections.abc import Sequence
from typing import Literal

import numpy as np

from models._grid_kernels import FFTInput, SpectralInput, direction_fields

__all__ = [
    "GridCellSheet",
    "LatticeTracker",
    "calibrate_velocity",
    "NEURONS_PER_METRE",
    "lattice_spacing",
    "predicted_spacing",
]

DT = 0.0005  # s
TAU = 0.01  # s
LAMBDA = 13.0  # neurons: sets the lattice period
SHIFT = 2.0  # l, neurons
GAMMA_RATIO = 1.1  # gamma / beta
ALPHA = 0.10315  # velocity gain of the drive, per m/s
# How far the lattice moves per metre the animal runs at alpha = ALPHA (measured at n = 128, see
# tests/models/test_grid_cells.py): 0.79 neurons in 0.2 s at 0.1 m/s, along v. Smaller sheets
# bend the lattice to fit the torus and move it a few per cent faster (`calibrate_velocity`).
NEURONS_PER_METRE = 39.5
SIZES = (32, 256)  # smallest and largest sheet side


class GridCellSheet:
    """The Burak-Fiete sheet: `sheet = GridCellSheet(n=128, seed=0)`, then
    `sheet.run(1.0, velocity=(0.2, 0.0))` runs 1 s of model time with the animal at 0.2 m/s east.

    Rates start uniform in [0, 0.1] (seeded). `rates` is a copy, (n, n) float64, indexed [y, x].
    """

    def __init__(
        self,
        n: int = 128,
        seed: int | None = 0,
        *,
        tau: float = TAU,
        dt: float = DT,
        lam: float = LAMBDA,
        shift: float = SHIFT,
        a: float = 1.0,
        gamma_ratio: float = GAMMA_RATIO,
        alpha: float = ALPHA,
        noise: float = 0.0,
        method: Literal["spectral", "fft"] = "spectral",
        dtype: type = np.float32,
    ) -> None:
        if not (isinstance(n, int | np.integer) and SIZES[0] <= n <= SIZES[1] and n % 2 == 0):
            raise ValueError(f"the sheet needs an even side from {SIZES[0]} to {SIZES[1]}, not {n}")
        if not (dt > 0 and tau > 0 and lam > 0):
            raise ValueError("tau, dt and lambda must be positive")
        if method not in ("spectral", "fft"):
            raise ValueError(f"unknown method {method!r}: 'spectral' or 'fft'")
        self.n, self.tau, self.dt, self.alpha = int(n), float(tau), float(dt), float(alpha)
        self.noise = float(noise)
        self.beta = 3.0 / lam**2
        self.gamma = gamma_ratio * self.beta
        self.a, self.shift, self.method = float(a), float(shift), method
        self._dtype = np.dtype(dtype)
        build = SpectralInput if method == "spectral" else FFTInput
        self._input = build(self.n, self.a, self.gamma, self.beta, self.shift, self._dtype)
        ex, ey = direction_fields(self.n)
        self._ex, self._ey = ex.astype(self._dtype), ey.astype(self._dtype)
        self._rng = np.random.default_rng(seed)
        self._s = np.zeros((self.n, self.n), dtype=self._dtype)
        self.time = 0.0
        self.scramble()

    # --- state ------------------------------------------------------------------------------------
    @property
    def rates(self) -> np.ndarray:
        """The rates s, (n, n) float64 copy, indexed [y, x]."""
        return self._s.astype(np.float64)

    @rates.setter
    def rates(self, value: np.ndarray) -> None:
        value = np.asarray(value, dtype=float)
        if value.shape != (self.n, self.n) or not np.all(np.isfinite(value)) or value.min() < 0:
            raise ValueError(f"rates must be ({self.n}, {self.n}) finite numbers >= 0")
        self._s[...] = value

    def scramble(self, high: float = 0.1) -> None:
        """Random rates, uniform in [0, high] (seeded): a lattice forms from them."""
        self._s[...] = self._rng.uniform(0.0, high, (self.n, self.n))

    def drive(self, velocity: Sequence[float]) -> np.ndarray:
        """The feed-forward input B = 1 + alpha e . v for velocity (vx, vy) m/s, (n, n)."""
        vx, vy = float(velocity[0]), float(velocity[1])
        return 1.0 + self.alpha * (self._ex * vx + self._ey * vy)

    def recurrent_input(self) -> np.ndarray:
        """W s, (n, n) float64: what the sheet feeds back to each neuron now."""
        return self._input(self._s).astype(np.float64)

    # --- dynamics ---------------------------------------------------------------------------------
    def run(self, duration: float, velocity: Sequence[float] | np.ndarray = (0.0, 0.0)) -> None:
        """Run `duration` s of model time (round(duration / dt) Euler steps). `velocity` is the
        animal's (vx, vy) in m/s, or a (T, 2) array with one row per step (T = number of steps)."""
        steps = int(round(duration / self.dt))
        v = np.asarray(velocity, dtype=float)
        if v.shape == (2,):
            self.step(steps, v)
        elif v.ndim == 2 and v.shape == (steps, 2):
            for row in v:
                self.step(1, row)
        else:
            raise ValueError(f"velocity must be (vx, vy) or a ({steps}, 2) array, not {v.shape}")

    def step(self, n_steps: int = 1, velocity: Sequence[float] = (0.0, 0.0)) -> None:
        """`n_steps` Euler steps at a constant velocity (vx, vy) m/s."""
        if not np.all(np.isfinite(velocity)):
            raise ValueError("the velocity must be finite")
        drive = self.drive(velocity)
        decay = self._dtype.type(self.dt / self.tau)
        s = self._s
        noise_scale = self.noise * np.sqrt(self.tau / self.dt)
        for _ in range(n_steps):
            total = self._input(s)
            total += drive
            if noise_scale:
                total += self._rng.standard_normal(s.shape, dtype=self._dtype) * noise_scale
            np.maximum(total, 0.0, out=total)
            total -= s
            total *= decay
            s += total
        self.time += n_steps * self.dt

    # --- measurements -----------------------------------------------------------------------------
    def bump_positions(self, threshold: float = 0.5) -> np.ndarray:
        """Centres (x, y) of the bumps in neurons, (k, 2) float in [0, n): the local maxima of
        the rates (smoothed over the 2 x 2 tile) above `threshold` x the peak, each refined to
        the rate-weighted centroid of the 7 x 7 neurons around it."""
        return bump_positions(self._s.astype(np.float64), threshold)

    def lattice_spacing(self) -> float:
        """Distance between neighbouring bumps (neurons), from the sheet's Fourier peaks."""
        return lattice_spacing(self._s.astype(np.float64))


def _smooth(rates: np.ndarray) -> np.ndarray:
    """Mean over each 2 x 2 tile (periodic): removes the population checkerboard."""
    return 0.25 * (rates + np.roll(rates, 1, 0) + np.roll(rates, 1, 1) + np.roll(rates, 1, (0, 1)))


def bump_positions(rates: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Bump centres (x, y) of an (n, n) periodic rate image (see `GridCellSheet.bump_positions`)."""
    smooth = _smooth(rates)
    n = rates.shape[0]
    peak = smooth.max()
    if peak <= 0 or np.ptp(smooth) < 0.1 * peak:  # no bumps on a (nearly) flat sheet
        return np.zeros((0, 2))
    local_max = smooth.copy()
    for axis in (0, 1):
        around = local_max.copy()
        for offset in (-3, -2, -1, 1, 2, 3):
            np.maximum(around, np.roll(local_max, offset, axis), out=around)
        local_max = around
    ys, xs = np.nonzero((smooth >= local_max) & (smooth > threshold * peak))
    offsets = np.arange(-3, 4)
    dy, dx = np.meshgrid(offsets, offsets, indexing="ij")
    centres = []
    for y, x in zip(ys, xs, strict=True):
        patch = smooth[(y + dy) % n, (x + dx) % n]
        patch = np.clip(patch - threshold * peak, 0.0, None)
        weight = patch.sum()
        centres.append(
            ((x + (patch * dx).sum() / weight) % n, (y + (patch * dy).sum() / weight) % n)
        )
    centres = np.array(centres, dtype=float).reshape(-1, 2)
    return _merge_close(centres, n, 3.0)


def _merge_close(points: np.ndarray, n: int, distance: float) -> np.ndarray:
    """Drop points within `distance` (periodic) of an earlier one (a flat-topped bump can hold
    two equal maxima)."""
    kept: list[np.ndarray] = []
    for p in points:
        if all(np.hypot(*((p - q + n / 2) % n - n / 2)) > distance for q in kept):
            kept.append(p)
    return np.array(kept, dtype=float).reshape(-1, 2)


def lattice_wavevectors(rates: np.ndarray, count: int = 3) -> np.ndarray:
    """The `count` strongest Fourier modes (m_x, m_y) of an (n, n) rate image (the tile's
    checkerboard smoothed out), one of each +-m pair, (count, 2) int."""
    power = np.abs(np.fft.fft2(_smooth(rates) - rates.mean())) ** 2
    n = rates.shape[0]
    m = np.fft.fftfreq(n, 1.0 / n).astype(int)
    my, mx = np.meshgrid(m, m, indexing="ij")
    half = (my > 0) | ((my == 0) & (mx > 0))  # one of each conjugate pair
    order = np.argsort(np.where(half, power, -1.0), axis=None)[::-1][:count]
    return np.stack([mx.ravel()[order], my.ravel()[order]], axis=1)


def lattice_spacing(rates: np.ndarray) -> float:
    """Bump-to-bump distance (neurons) of a hexagonal lattice in an (n, n) rate image: the rows
    of bumps are n / |m| apart for the strongest Fourier modes m, the bumps 2 / sqrt(3) times
    that."""
    modes = lattice_wavevectors(rates)
    row_spacing = rates.shape[0] / np.hypot(modes[:, 0], modes[:, 1]).mean()
    return float(row_spacing * 2.0 / np.sqrt(3.0))


def predicted_spacing(
    lam: float = LAMBDA, gamma_ratio: float = GAMMA_RATIO, a: float = 1.0
) -> float:
    """Bump spacing (neurons) the kernel selects: the lattice grows at the wavenumber k* where
    the Fourier transform of W0, a (pi/gamma) e^{-k^2/4gamma} - (pi/beta) e^{-k^2/4beta}, is
    largest, k*^2 = 4 beta gamma ln(gamma^2 / (a beta^2)) / (gamma - beta); rows of bumps lie
    2 pi / k* apart, and the bumps 2 / sqrt(3) times that."""
    beta = 3.0 / lam**2
    gamma = gamma_ratio * beta
    k2 = 4.0 * beta * gamma * np.log(gamma**2 / (a * beta**2)) / (gamma - beta)
    return float(2.0 * np.pi / np.sqrt(k2) * 2.0 / np.sqrt(3.0))


class LatticeTracker:
    """How far the lattice has moved since the tracker started, in neurons (x, y).

    Each `update(rates)` compares the phases of the three strongest Fourier modes m with the
    previous call's: a shift d changes the phase of mode m by -2 pi m . d / n; the least-squares
    d over the three modes, each weighted by its amplitude (a weak mode's phase says little), is
    added to the total. Updates must come often enough that the lattice moves less than a quarter
    period between them (a few ms of model time).

    A lattice that is still forming can reorganise: one of the modes it started with dies away
    and another takes its place (a 64 x 64 sheet can take over a second to choose). The phase of
    a mode that has died is noise, so when a tracked mode's amplitude falls below FADED times the
    strongest one's, the tracker moves on to the three strongest modes of that moment (`modes`
    changes, `relocks` counts it) and goes on adding to the same displacement.
    """

    FADED = 0.5

    def __init__(self, rates: np.ndarray) -> None:
        self.n = rates.shape[0]
        self.displacement = np.zeros(2)
        self.relocks = 0
        self._lock(rates)

    def _lock(self, rates: np.ndarray) -> None:
        """Follow the three strongest modes of `rates` from now on."""
        n = self.n
        self.modes = lattice_wavevectors(rates)
        y, x = np.mgrid[0:n, 0:n]
        waves = [np.exp(-2j * np.pi * (mx * x + my * y) / n).ravel() for mx, my in self.modes]
        self._waves = np.array(waves, dtype=np.complex64)  # the three Fourier modes, (3, n * n)
        self._values = self._project(rates)

    def _project(self, rates: np.ndarray) -> np.ndarray:
        return (self._waves @ rates.ravel().astype(np.complex64)).astype(np.complex128)

    def update(self, rates: np.ndarray) -> np.ndarray:
        """Add the shift since the last call; returns the total displacement (x, y) neurons."""
        values = self._project(rates)
        change = np.angle(values * np.conj(self._values))  # phase change, in (-pi, pi]
        self._values = values
        amplitude = np.abs(values)
        strongest = amplitude.max()
        if strongest > 0:
            weight = amplitude / strongest
            matrix = -2.0 * np.pi * self.modes / self.n  # change = matrix @ d
            step, *_ = np.linalg.lstsq(matrix * weight[:, None], change * weight, rcond=None)
            self.displacement = self.displacement + step
            if amplitude.min() < self.FADED * strongest:
                self._lock(rates)
                self.relocks += 1
        return self.displacement.copy()


def calibrate_velocity(
    sheet: GridCellSheet, speed: float = 0.4, duration: float = 0.1, settle: float = 1.0
) -> np.ndarray:
    """G (2, 2), neurons per metre: how far the lattice of `sheet` moves (columns: for a run
    along x and along y) per metre the animal runs. Measured on copies of the sheet, first left
    `settle` s at rest (a lattice that is still forming moves slower), then run 50 ms before
    the measurement starts (the lattice needs a few tau to reach its speed); the sheet itself is
    untouched. A settled lattice moves along v at about NEURONS_PER_METRE (n = 128); the
    discrete torus bends it a little, which G captures."""
    settled = copy.deepcopy(sheet)
    settled.noise = 0.0
    settled.run(settle)
    columns = []
    for velocity in ((speed, 0.0), (0.0, speed)):
        probe = copy.deepcopy(settled)
        probe.run(0.05, velocity)  # the lattice takes a few tau to reach its speed
        tracker = LatticeTracker(probe.rates)
        for _ in range(int(round(duration / probe.dt / 8))):
            probe.step(8, velocity)
            tracker.update(probe.rates)
        columns.append(tracker.displacement / (speed * duration))
    return np.stack(columns, axis=1)
