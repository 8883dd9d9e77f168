"""Compiled per-update loops of models.hopfield (numba). Nothing else.

Every function here is a numba kernel; the Python that drives them lives beside the numpy it
needs: the field keepers `LowRankField` and `DenseField` in models.hopfield_dynamics, the weight
matrices of the learning rules in models._hopfield_weights (matrix products, no numba), the
energy landscape's overlap plane in models._hopfield_landscape (no numba at all). The public API
is in models.hopfield.

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
