"""Numerical core behind models.hopfield (numpy and numba; no Qt).

Contents: the compiled per-update loops, the two ways of keeping local fields (`LowRankField`
for the Hebbian rule, `DenseField` for a dense W), the learning rules (Storkey, pseudo-inverse)
and the energies on the plane of two overlaps (`OverlapPlane`). The public API is in
models.hopfield.

Conventions shared by every compiled kernel:

* States are C-contiguous int8 arrays of +-1 and are updated in place.
* Fields and energies are handled in "raw" units: the physical field is h = scale * h_raw and
  E = scale * E_raw. For the Hebbian rule h_raw = N h is an exact integer (scale = 1/N), so ties
  (h_i = 0) are detected exactly and the energy never accumulates round-off.
* Tie rule: a unit whose field is exactly zero keeps its state. A T = 0 update then flips s_i only
  when s_i h_i < 0, and each flip changes the energy by dE = -ds_i h_i = -2 |h_i| < 0 (symmetric W,
  zero diagonal; Hopfield 1982). Taking sign(0) = +1 instead would allow flips with dE = 0, which
  can cycle forever and break the "asynchronous dynamics always stop" argument.
* Glauber dynamics at temperature T > 0: P(s_i = +1) = 1 / (1 + exp(-2 h_i / T)) (Glauber 1963).
  The uniform random numbers are drawn by numpy's Generator and passed in, so every run is
  reproducible from its seed and independent of how the work is cut into chunks.
* Per-update energies are computed incrementally from dE = -ds_i h_i, never by recomputing E.

Nothing here is compiled at import time: numba compiles each kernel on first call (or loads it from
its on-disk cache); `models.hopfield.warm_up` triggers that deliberately.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _next_spin(s_i, h, temperature, u):
    """New value of one unit with physical field h (tie h = 0 keeps s_i at T = 0)."""
    if temperature > 0.0:
        return 1 if u < 1.0 / (1.0 + np.exp(-2.0 * h / temperature)) else -1
    if h > 0.0:
        return 1
    if h < 0.0:
        return -1
    return s_i


@njit(cache=True, nogil=True)
def pattern_sums(x, s):
    """M_mu = sum_i xi_i^mu s_i for x (P, N) int8 and s (N,) int8; returns (P,) int64."""
    n_patterns, n_units = x.shape
    m = np.zeros(n_patterns, dtype=np.int64)
    for mu in range(n_patterns):
        acc = 0
        for i in range(n_units):
            acc += x[mu, i] * s[i]
        m[mu] = acc
    return m


@njit(cache=True, nogil=True)
def low_rank_fields(x, m, s):
    """Raw Hebbian fields N h_i = sum_mu xi_i^mu M_mu - P s_i (the -P s_i removes w_ii); int64."""
    n_patterns, n_units = x.shape
    h = np.empty(n_units, dtype=np.int64)
    for i in range(n_units):
        h[i] = -n_patterns * s[i]
    for mu in range(n_patterns):
        m_mu = m[mu]
        for i in range(n_units):
            h[i] += x[mu, i] * m_mu
    return h


@njit(cache=True, nogil=True)
def async_low_rank(xt, m, s, units, noise, temperature, inv_n, energy_raw, energies):
    """Update `units` one after another with Hebbian fields from M = X s: O(P) per update.

    xt is the (N, P) int8 transpose of the patterns, m the (P,) int64 sums M kept in step with s.
    Writes the energy after each update to `energies`; returns (flips, new raw energy).
    """
    n_patterns = xt.shape[1]
    flips = 0
    for k in range(units.size):
        i = units[k]
        acc = 0
        for mu in range(n_patterns):
            acc += xt[i, mu] * m[mu]
        h_raw = acc - n_patterns * s[i]
        u = noise[k] if temperature > 0.0 else 0.0
        new = _next_spin(s[i], h_raw * inv_n, temperature, u)
        if new != s[i]:
            ds = new - s[i]
            for mu in range(n_patterns):
                m[mu] += ds * xt[i, mu]
            energy_raw -= ds * h_raw
            s[i] = new
            flips += 1
        energies[k] = energy_raw * inv_n
    return flips, energy_raw


@njit(cache=True, nogil=True)
def sync_low_rank(x, xt, m, s, noise, temperature, inv_n):
    """All units at once from the Hebbian fields of the current state; returns (flips, E_raw)."""
    n_patterns, n_units = x.shape
    h_raw = low_rank_fields(x, m, s)
    flips = 0
    for i in range(n_units):
        u = noise[i] if temperature > 0.0 else 0.0
        new = _next_spin(s[i], h_raw[i] * inv_n, temperature, u)
        if new != s[i]:
            ds = new - s[i]
            for mu in range(n_patterns):
                m[mu] += ds * xt[i, mu]
            s[i] = new
            flips += 1
    squares = 0  # E = -(|M|^2 - P N) / 2N: the P N removes the diagonal of X^T X
    for mu in range(n_patterns):
        squares += m[mu] * m[mu]
    return flips, -0.5 * (squares - n_patterns * n_units)


@njit(cache=True, nogil=True)
def async_dense(w, h, s, units, noise, temperature, scale, energy_raw, energies):
    """Update `units` one after another with a dense symmetric W (raw float32, zero diagonal).

    h (N,) float64 holds the raw fields W s; a flip of unit i adds ds * W[i, :] (W symmetric, so the
    contiguous row stands in for the column). Reading a field is O(1), a flip costs O(N).
    Writes the energy after each update to `energies`; returns (flips, new raw energy).
    """
    n_units = s.size
    flips = 0
    for k in range(units.size):
        i = units[k]
        h_i = h[i]
        u = noise[k] if temperature > 0.0 else 0.0
        new = _next_spin(s[i], h_i * scale, temperature, u)
        if new != s[i]:
            ds = new - s[i]
            for j in range(n_units):
                h[j] += ds * w[i, j]
            energy_raw -= ds * h_i
            s[i] = new
            flips += 1
        energies[k] = energy_raw * scale
    return flips, energy_raw


@njit(cache=True, nogil=True)
def sync_dense(w, h, s, noise, temperature, scale):
    """All units at once from the dense fields h = W s; returns (flips, raw energy -1/2 s.h)."""
    n_units = s.size
    new = np.empty_like(s)
    for i in range(n_units):
        u = noise[i] if temperature > 0.0 else 0.0
        new[i] = _next_spin(s[i], h[i] * scale, temperature, u)
    flips = 0
    for i in range(n_units):
        if new[i] != s[i]:
            ds = new[i] - s[i]
            for j in range(n_units):
                h[j] += ds * w[i, j]
            s[i] = new[i]
            flips += 1
    energy_raw = 0.0
    for i in range(n_units):
        energy_raw -= 0.5 * s[i] * h[i]
    return flips, energy_raw


@njit(cache=True, nogil=True)
def storkey_update(w, xi):
    """Add one pattern to W in place with the Storkey (1997) rule.

    w_ij <- w_ij + (1/N)(xi_i xi_j - xi_i h_ji - h_ij xi_j),  h_ij = sum_{k != i,j} w_ik xi_k.
    With a zero diagonal h_ij = h_i - w_ij xi_j (h = W xi), which turns the rule into
    w_ij <- w_ij (1 + 2/N) + (xi_i xi_j - xi_i h_j - h_i xi_j)/N for i != j; w_ii stays 0.
    w is (N, N) float32, accumulated in float64 per element.
    """
    n_units = xi.size
    h = np.zeros(n_units)
    for i in range(n_units):
        acc = 0.0
        for j in range(n_units):
            acc += w[i, j] * xi[j]
        h[i] = acc
    grow = 1.0 + 2.0 / n_units
    for i in range(n_units):
        for j in range(n_units):
            if i != j:
                # (a + b) is bitwise equal to (b + a), so W stays exactly symmetric
                delta = xi[i] * xi[j] - (xi[i] * h[j] + h[i] * xi[j])
                w[i, j] = w[i, j] * grow + delta / n_units
    return w


class LowRankField:
    """Hebbian local fields without the N x N matrix (Hopfield 1982 rule in factored form).

    W = (X^T X - P I)/N, so h_i = (sum_mu xi_i^mu M_mu - P s_i)/N with M = X s, and
    E = -(1/2N)(|M|^2 - P N). M is kept in step with the state: O(P) per update and per flip.
    """

    def __init__(self, x: np.ndarray, xt: np.ndarray, state: np.ndarray) -> None:
        self._x, self._xt = x, xt
        self.scale = 1.0 / x.shape[1]
        self.reset(state)

    def reset(self, state: np.ndarray) -> None:
        """Recompute M and the energy for a new state."""
        self._m = pattern_sums(self._x, state)
        n_patterns, n_units = self._x.shape
        self.energy_raw = -0.5 * (float(self._m @ self._m) - n_patterns * n_units)

    def run_async(self, s, units, noise, temperature, energies) -> int:
        flips, self.energy_raw = async_low_rank(
            self._xt, self._m, s, units, noise, temperature, self.scale, self.energy_raw, energies
        )
        return flips

    def run_sync(self, s, noise, temperature) -> int:
        flips, self.energy_raw = sync_low_rank(
            self._x, self._xt, self._m, s, noise, temperature, self.scale
        )
        return flips


class DenseField:
    """Local fields from a dense symmetric float32 W, updated on each flip (h += ds W[:, i])."""

    def __init__(self, w_raw: np.ndarray, scale: float, state: np.ndarray) -> None:
        self._w, self.scale = w_raw, scale
        self.reset(state)

    def reset(self, state: np.ndarray) -> None:
        """Recompute the fields W s (float64) and the energy for a new state."""
        self._h = dense_fields(self._w, state)
        self.energy_raw = -0.5 * float(state @ self._h)

    def run_async(self, s, units, noise, temperature, energies) -> int:
        flips, self.energy_raw = async_dense(
            self._w, self._h, s, units, noise, temperature, self.scale, self.energy_raw, energies
        )
        return flips

    def run_sync(self, s, noise, temperature) -> int:
        flips, self.energy_raw = sync_dense(self._w, self._h, s, noise, temperature, self.scale)
        return flips


def dense_fields(w: np.ndarray, state: np.ndarray, rows: int = 256) -> np.ndarray:
    """W s in float64 for a float32 W, a block of rows at a time (no full float64 copy of W)."""
    s64 = state.astype(np.float64)
    out = np.empty(w.shape[0])
    for start in range(0, w.shape[0], rows):
        out[start : start + rows] = w[start : start + rows].astype(np.float64) @ s64
    return out


def storkey_weights(patterns: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Storkey (1997) weights after adding `patterns` (P, N) in order to `weights` (or to zero).

    Returns a new float32 (N, N) array; the input matrix is not modified.
    """
    n_units = patterns.shape[1]
    if weights is None:
        w = np.zeros((n_units, n_units), dtype=np.float32)
    else:
        w = weights.copy()
    for xi in patterns:
        storkey_update(w, xi)
    return w


def pseudoinverse_weights(patterns: np.ndarray) -> np.ndarray:
    """Projection rule W = X^T (X X^T)^+ X with zero diagonal, as float32 (N, N).

    (Personnaz, Guyon & Dreyfus 1985; Kanter & Sompolinsky 1987.) W projects onto the span of the
    patterns, so W xi = xi for every stored xi; zeroing the diagonal leaves h_i = (1 - w_ii) xi_i,
    still aligned with xi_i while w_ii < 1. The Gram matrix is inverted on its range only
    (eigenvalues below 1e-10 of the largest are dropped), so repeated or linearly dependent
    patterns are allowed.
    """
    n_patterns, n_units = patterns.shape
    if n_patterns == 0:
        return np.zeros((n_units, n_units), dtype=np.float32)
    x = patterns.astype(np.float64)
    eigenvalues, vectors = np.linalg.eigh(x @ x.T)
    keep = eigenvalues > 1e-10 * eigenvalues.max()
    y = (vectors[:, keep] / np.sqrt(eigenvalues[keep])).T @ x  # rows: orthonormal basis of span
    w = y.T @ y
    w = 0.5 * (w + w.T)  # exactly symmetric, whatever BLAS did
    np.fill_diagonal(w, 0.0)
    return w.astype(np.float32)


def hebbian_counts(patterns: np.ndarray) -> np.ndarray:
    """N W for the Hebbian rule, i.e. X^T X with zero diagonal, as exact float32 integers."""
    x = patterns.astype(np.float32)
    counts = x.T @ x
    np.fill_diagonal(counts, 0.0)
    return counts


class OverlapPlane:
    """States and energies on the plane of overlaps (m_a, m_b) with stored patterns a and b.

    Units where xi_a == xi_b (set A) and where they differ (set D) are put in a fixed random
    order (numpy Generator seeded with `seed`). The state for prefix lengths (k_A, k_D) is -xi_a
    with the first k_A units of A and the first k_D units of D set to xi_a, so with
    p = 2k - |set|: N m_a = p_A + p_D and N m_b = p_A - p_D (xi_b = xi_a on A, -xi_a on D).
    Each such state is a +-1 combination c of segment vectors g_k (xi_a on one stretch of an
    order, cut at every requested k), hence E = -1/2 c^T G c with G = g^T W g computed once.
    weights: the dense float32 W, or None for the Hebbian rule (G from the patterns).
    """

    def __init__(
        self, patterns: np.ndarray, weights: np.ndarray | None, a: int, b: int, seed: int | None
    ) -> None:
        self._patterns, self._weights = patterns, weights
        self._n = patterns.shape[1]
        self._xi = patterns[a]
        rng = np.random.default_rng(seed)
        self._same = rng.permutation(np.flatnonzero(patterns[a] == patterns[b]))
        self._diff = rng.permutation(np.flatnonzero(patterns[a] != patterns[b]))

    def prefix_lengths(self, m_a: np.ndarray, m_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """int64 k_A, k_D whose states come nearest to overlaps (m_a, m_b)."""
        n_same, n_diff = self._same.size, self._diff.size
        k_same = np.rint((self._n * (m_a + m_b) / 2 + n_same) / 2).clip(0, n_same)
        k_diff = np.rint((self._n * (m_a - m_b) / 2 + n_diff) / 2).clip(0, n_diff)
        return k_same.astype(np.int64), k_diff.astype(np.int64)

    def reached_overlaps(
        self, k_same: np.ndarray, k_diff: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The overlaps (m_a, m_b) that prefix lengths (k_A, k_D) give exactly."""
        p_same = 2 * k_same - self._same.size
        p_diff = 2 * k_diff - self._diff.size
        return (p_same + p_diff) / self._n, (p_same - p_diff) / self._n

    def state(self, k_same: int, k_diff: int) -> np.ndarray:
        """(N,) int8 representative state for prefix lengths (k_A, k_D)."""
        state = -self._xi
        for units in (self._same[:k_same], self._diff[:k_diff]):
            state[units] = self._xi[units]
        return state

    def energies(self, k_same: np.ndarray, k_diff: np.ndarray) -> np.ndarray:
        """E = -1/2 s^T W s of the state of every (k_A, k_D) pair, float64."""
        starts, signs = [], []
        for offset, order, k in ((0, self._same, k_same), (self._same.size, self._diff, k_diff)):
            if order.size == 0:
                continue
            cuts = np.unique(k[(k > 0) & (k < order.size)])
            starts.append(offset + np.concatenate(([0], cuts)))
            ends = np.concatenate((cuts, [order.size]))
            signs.append(np.where(ends[np.newaxis, :] <= k[:, np.newaxis], 1.0, -1.0))
        c = np.hstack(signs)
        couplings = self._segment_couplings(np.concatenate(starts))
        return -0.5 * np.sum((c @ couplings) * c, axis=1)

    def _segment_couplings(self, starts: np.ndarray) -> np.ndarray:
        """G_kl = g_k^T W g_l for the segments of the unit order starting at `starts`."""
        order = np.concatenate((self._same, self._diff))
        xi, sizes = self._xi[order], np.diff(np.append(starts, self._n))
        if self._weights is None:  # Hebbian: G = (Y^T Y - P diag(sizes)) / N with Y = X g
            y = np.add.reduceat(self._patterns[:, order] * xi, starts, axis=1, dtype=np.int64)
            y = y.astype(np.float64)
            return (y.T @ y - self._patterns.shape[0] * np.diag(sizes)) / self._n
        g = np.zeros((self._n, starts.size), dtype=np.float32)
        g[order, np.repeat(np.arange(starts.size), sizes)] = xi
        wg = self._weights @ g  # float32 BLAS: about 1e-6 relative, plenty for a picture
        return g.T.astype(np.float64) @ wg.astype(np.float64)
