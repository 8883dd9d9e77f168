"""Compiled per-update loops for a dense weight matrix that need not be symmetric (numba).

Used by models.hopfield_dynamics.AsymmetricField for the sequence rule and for any rule with an
antisymmetric part mixed in. Conventions as in models._hopfield_kernels (int8 +-1 states updated
in place, a zero field keeps the unit, Glauber noise passed in), with two differences forced by
w_ij != w_ji:

* Two sets of fields are kept: h = W s (what drives each unit) and g = W^T s. A flip of unit i
  adds ds * W[:, i] to h (the row i of W^T, contiguous in `wt`) and ds * W[i, :] to g.
* The energy is still E = -1/2 s^T W s (the quadratic form of the symmetric part), but one flip
  changes it by dE = -1/2 ds (h_i + g_i), which can be positive: without symmetric weights the
  energy is no Lyapunov function and the trace may rise.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _next_spin(s_i, h, temperature, u):
    if temperature > 0.0:
        return 1 if u < 1.0 / (1.0 + np.exp(-2.0 * h / temperature)) else -1
    if h > 0.0:
        return 1
    if h < 0.0:
        return -1
    return s_i


@njit(cache=True, nogil=True)
def async_asymmetric(w, wt, h, g, s, units, noise, temperature, energy, energies):
    """Update `units` one after another; h = W s and g = W^T s are kept in step (float64).

    w, wt: (N, N) float32 W and its contiguous transpose. Writes the energy after each update
    to `energies`; returns (flips, new energy).
    """
    n_units = s.size
    flips = 0
    for k in range(units.size):
        i = units[k]
        u = noise[k] if temperature > 0.0 else 0.0
        new = _next_spin(s[i], h[i], temperature, u)
        if new != s[i]:
            ds = new - s[i]
            energy -= 0.5 * ds * (h[i] + g[i])
            for j in range(n_units):
                h[j] += ds * wt[i, j]
                g[j] += ds * w[i, j]
            s[i] = new
            flips += 1
        energies[k] = energy
    return flips, energy


@njit(cache=True, nogil=True)
def sync_asymmetric(w, wt, h, g, s, noise, temperature):
    """All units at once from h = W s; returns (flips, energy -1/2 s.h)."""
    n_units = s.size
    new = np.empty_like(s)
    for i in range(n_units):
        u = noise[i] if temperature > 0.0 else 0.0
        new[i] = _next_spin(s[i], h[i], temperature, u)
    flips = 0
    for i in range(n_units):
        if new[i] != s[i]:
            ds = new[i] - s[i]
            for j in range(n_units):
                h[j] += ds * wt[i, j]
                g[j] += ds * w[i, j]
            s[i] = new[i]
            flips += 1
    energy = 0.0
    for i in range(n_units):
        energy -= 0.5 * s[i] * h[i]
    return flips, energy
