"""The animal, its box and what an experimenter measures of a grid cell: plain numpy, no Qt.

* `RandomRunner`: a rat-like random path in a square box. Speed and turning follow
  Ornstein-Uhlenbeck processes (mean speed 0.25 m/s, s.d. 0.08 m/s, correlation 1 s; turning
  s.d. 90 deg/s, correlation 0.3 s); the animal bounces off the walls like a billiard ball, so
  it covers the box evenly. Seeded.
* `RateMap`: a neuron's firing rate binned over the box (time-weighted mean rate per bin).
* `autocorrelation`: the spatial autocorrelation of a rate map, the Pearson correlation of the
  map with itself shifted by every lag, over the bins both visited (Hafting et al. 2005).
* `gridness`: the rotational symmetry of the autocorrelation in an annulus round its centre,
  min(r60, r120) - max(r30, r90, r150) (Sargolini et al. 2006). Clearly positive for a
  hexagonal grid, negative for a square one.
"""

import numpy as np

__all__ = ["RandomRunner", "RateMap", "autocorrelation", "gridness", "random_path"]

MEAN_SPEED = 0.25  # m/s
SPEED_SD = 0.08  # m/s
SPEED_CORRELATION = 1.0  # s
TURNING_SD = np.deg2rad(90.0)  # rad/s
TURNING_CORRELATION = 0.3  # s
MIN_OVERLAP = 20  # bins both visited, for one lag of the autocorrelation


def _ou_step(value: float, mean: float, sd: float, decay: float, noise: float) -> float:
    """Exact Ornstein-Uhlenbeck update over one step: decay = e^{-dt/t_c}."""
    return mean + (value - mean) * decay + sd * np.sqrt(1.0 - decay**2) * noise


class RandomRunner:
    """A random path in a square box [0, box] x [0, box] (metres), started at the centre."""

    def __init__(
        self, box: float = 1.0, dt: float = 0.0005, seed: int | None = 0, speed: float = MEAN_SPEED
    ) -> None:
        if not box > 0:
            raise ValueError(f"the box must have a positive size, not {box}")
        self.box, self.dt, self.mean_speed = float(box), float(dt), float(speed)
        self.rng = np.random.default_rng(seed)
        self.position = np.array([box / 2, box / 2])
        self.heading = self.rng.uniform(0, 2 * np.pi)
        self.speed, self.turning = self.mean_speed, 0.0
        self._speed_decay = np.exp(-dt / SPEED_CORRELATION)
        self._turn_decay = np.exp(-dt / TURNING_CORRELATION)

    def velocities(self, n_steps: int) -> np.ndarray:
        """The next `n_steps` velocities (T, 2) m/s; the position moves along with them."""
        out = np.empty((n_steps, 2))
        noise = self.rng.standard_normal((n_steps, 2))
        sd = SPEED_SD * self.mean_speed / MEAN_SPEED
        for k in range(n_steps):
            speed = _ou_step(self.speed, self.mean_speed, sd, self._speed_decay, noise[k, 0])
            self.speed = max(0.0, speed)
            self.turning = _ou_step(self.turning, 0.0, TURNING_SD, self._turn_decay, noise[k, 1])
            self.heading += self.turning * self.dt
            velocity = self.speed * np.array([np.cos(self.heading), np.sin(self.heading)])
            velocity = self._bounce(velocity)
            out[k] = velocity
            self.position = self.position + velocity * self.dt
        return out

    def _bounce(self, velocity: np.ndarray) -> np.ndarray:
        """Turn the velocity back at a wall (mirror its normal part) so the step stays inside."""
        ahead = self.position + velocity * self.dt
        for axis in (0, 1):
            if not 0.0 <= ahead[axis] <= self.box:
                velocity[axis] = -velocity[axis]
        self.heading = float(np.arctan2(velocity[1], velocity[0]))
        return velocity


def random_path(
    duration: float,
    box: float = 1.0,
    dt: float = 0.0005,
    seed: int | None = 0,
    speed: float = MEAN_SPEED,
) -> tuple[np.ndarray, np.ndarray]:
    """(positions, velocities), each (T, 2), of a `RandomRunner` over `duration` s at mean
    `speed` m/s; positions[k] is where the animal is after step k."""
    runner = RandomRunner(box, dt, seed, speed)
    start = runner.position.copy()
    velocities = runner.velocities(int(round(duration / dt)))
    return start + np.cumsum(velocities * dt, axis=0), velocities


class RateMap:
    """Mean rate of one neuron per bin of the box: `add(positions, rates)` accumulates samples
    (all of equal duration), `rates()` gives (bins, bins), indexed [y, x], NaN where unvisited."""

    def __init__(self, box: float = 1.0, bins: int = 32) -> None:
        self.box, self.bins = float(box), int(bins)
        self.rate_sum = np.zeros((self.bins, self.bins))
        self.occupancy = np.zeros((self.bins, self.bins))

    def add(self, positions: np.ndarray, rates: np.ndarray) -> None:
        """Add samples: positions (T, 2) m, rates (T,)."""
        positions = np.atleast_2d(positions)
        index = np.clip((positions / self.box * self.bins).astype(int), 0, self.bins - 1)
        np.add.at(self.rate_sum, (index[:, 1], index[:, 0]), rates)
        np.add.at(self.occupancy, (index[:, 1], index[:, 0]), 1.0)

    def rates(self, smooth: bool = True) -> np.ndarray:
        """Mean rate per bin (bins, bins). `smooth`: rate sums and occupancy are each summed
        over the 3 x 3 bins around (the usual light smoothing, which also fills single gaps in
        the path); unvisited bins with no visited neighbour stay NaN."""
        total, time = self.rate_sum, self.occupancy
        if smooth:
            total, time = _box3(total), _box3(time)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(time > 0, total / np.where(time > 0, time, 1.0), np.nan)

    def coverage(self) -> float:
        """Fraction of the bins visited."""
        return float(np.mean(self.occupancy > 0))


def _box3(image: np.ndarray) -> np.ndarray:
    """Sum over each bin's 3 x 3 neighbourhood (zero outside the box)."""
    padded = np.pad(image, 1)
    h, w = image.shape
    return sum(padded[dy : dy + h, dx : dx + w] for dy in range(3) for dx in range(3))


def _correlate(a: np.ndarray, b: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """sum_x a(x + lag) b(x) for every lag, zero padded, centred: (2h - 1, 2w - 1)."""
    fa, fb = np.fft.rfft2(a, size), np.fft.rfft2(b, size)
    full = np.fft.irfft2(fa * np.conj(fb), size)
    h, w = a.shape
    return np.roll(full, (h - 1, w - 1), (0, 1))[: 2 * h - 1, : 2 * w - 1]


def autocorrelation(rate_map: np.ndarray) -> np.ndarray:
    """Pearson correlation of the map with itself at every lag (dy, dx), (2b - 1, 2b - 1),
    centre = lag 0; NaN where fewer than MIN_OVERLAP bins overlap."""
    visited = np.isfinite(rate_map).astype(float)
    r = np.where(visited > 0, rate_map, 0.0)
    size = (2 * r.shape[0], 2 * r.shape[1])
    count = np.round(_correlate(visited, visited, size))
    sum_a, sum_b = _correlate(r, visited, size), _correlate(visited, r, size)
    sum_ab = _correlate(r, r, size)
    sum_a2, sum_b2 = _correlate(r * r, visited, size), _correlate(visited, r * r, size)
    with np.errstate(invalid="ignore", divide="ignore"):
        numerator = count * sum_ab - sum_a * sum_b
        spread = (count * sum_a2 - sum_a**2) * (count * sum_b2 - sum_b**2)
        corr = numerator / np.sqrt(np.clip(spread, 0, None))
    corr[(count < MIN_OVERLAP) | ~np.isfinite(corr)] = np.nan
    return np.clip(corr, -1.0, 1.0)


def _rotated(image: np.ndarray, angle: float) -> np.ndarray:
    """`image` rotated by `angle` (rad) about its centre, bilinear, NaN outside."""
    h, w = image.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    y, x = np.mgrid[0:h, 0:w]
    c, s = np.cos(angle), np.sin(angle)
    sx = c * (x - cx) + s * (y - cy) + cx
    sy = -s * (x - cx) + c * (y - cy) + cy
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    fx, fy = sx - x0, sy - y0
    inside = (x0 >= 0) & (y0 >= 0) & (x0 < w - 1) & (y0 < h - 1)
    x0, y0 = np.clip(x0, 0, w - 2), np.clip(y0, 0, h - 2)
    out = (
        image[y0, x0] * (1 - fx) * (1 - fy)
        + image[y0, x0 + 1] * fx * (1 - fy)
        + image[y0 + 1, x0] * (1 - fx) * fy
        + image[y0 + 1, x0 + 1] * fx * fy
    )
    return np.where(inside, out, np.nan)


def grid_spacing_bins(corr: np.ndarray) -> float:
    """Distance (bins) from the centre of an autocorrelation to its ring of nearest peaks: the
    first maximum of its radial mean after it first dips below zero (NaN if there is none)."""
    h, w = corr.shape
    y, x = np.mgrid[0:h, 0:w]
    radius = np.hypot(y - (h - 1) / 2, x - (w - 1) / 2)
    rings = np.round(radius).astype(int)
    top = min(h, w) // 2
    profile = np.array(
        [
            np.nanmean(corr[rings == k]) if np.isfinite(corr[rings == k]).any() else np.nan
            for k in range(top)
        ]
    )
    below = np.flatnonzero(profile < 0)
    if len(below) == 0:
        return float("nan")
    tail = profile[below[0] :]
    if not np.isfinite(tail).any():
        return float("nan")
    return float(below[0] + np.nanargmax(tail))


def gridness(rate_map: np.ndarray) -> tuple[float, np.ndarray]:
    """(score, autocorrelation) of a rate map. The annulus runs from half the grid spacing to
    1.5 times it (cut to the autocorrelation's extent); score = min(r60, r120) - max(r30, r90,
    r150), r_a the correlation of the annulus with itself rotated by a degrees. NaN when the
    map shows no spacing."""
    corr = autocorrelation(rate_map)
    spacing = grid_spacing_bins(corr)
    if not np.isfinite(spacing) or spacing < 2:
        return float("nan"), corr
    h, w = corr.shape
    y, x = np.mgrid[0:h, 0:w]
    radius = np.hypot(y - (h - 1) / 2, x - (w - 1) / 2)
    annulus = (radius >= 0.5 * spacing) & (radius <= min(1.5 * spacing, (min(h, w) - 1) / 2))
    scores = {}
    for degrees in (30, 60, 90, 120, 150):
        turned = _rotated(corr, np.deg2rad(degrees))
        both = annulus & np.isfinite(corr) & np.isfinite(turned)
        scores[degrees] = np.corrcoef(corr[both], turned[both])[0, 1] if both.sum() > 3 else np.nan
    score = min(scores[60], scores[120]) - max(scores[30], scores[90], scores[150])
    return float(score), corr
