"""Rate functions of the ring attractor, and the table its compiled loops read (pure numpy).

Rate kinds (the `kind` argument here and in models._ring_kernels):

* 0, Zhang's smoothed power law f(u) = a [ln(1 + e^{b (u + c)})]^beta, a = 6.34, b = 10, c = 0.5,
  beta = 0.8 (Zhang 1996, J Neurosci 16:2112). `zhang_rate_table` gives it as degree-7 Chebyshev
  interpolants on u in [-3, 5) (relative error below 1e-14, i.e. at round-off) for the compiled
  loops, which are four times faster reading the table than calling exp/log per unit.
* 1, threshold-linear f(u) = [u]_+ (Amari 1977; Ben-Yishai et al. 1995).

Nothing here imports numba: building a ring, its weights, its target bump and its energy needs
only this module; the Euler loops that step it are in models._ring_kernels.
"""

from functools import cache

import numpy as np

RATE_A, RATE_B, RATE_C, RATE_BETA = 6.34, 10.0, 0.5, 0.8  # Zhang (1996), rate function
ZHANG, THRESHOLD_LINEAR = 0, 1  # rate kinds understood by the compiled loops

_TABLE_LO, _TABLE_HI, _TABLE_STEP, _TABLE_DEGREE = -3.0, 5.0, 1.0 / 64.0, 7
_ANTIDERIVATIVE_LO, _ANTIDERIVATIVE_HI, _ANTIDERIVATIVE_STEP = -8.0, 12.0, 1e-3
_MIN_RATE = 1e-12  # Hz; rates are clipped to this before inverting f (f^-1(0) = -inf)


def zhang_rate(u: np.ndarray) -> np.ndarray:
    """Zhang's rate f(u) = a [ln(1 + e^{b (u + c)})]^beta in Hz, overflow-free; same shape as u."""
    x = RATE_B * (np.asarray(u, dtype=float) + RATE_C)
    softplus = np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return RATE_A * softplus**RATE_BETA


def zhang_rate_inverse(rates: np.ndarray) -> np.ndarray:
    """u = f^-1(r) = ln(e^{(r/a)^{1/beta}} - 1) / b - c, with rates clipped to >= 1e-12 Hz."""
    y = (np.maximum(np.asarray(rates, dtype=float), _MIN_RATE) / RATE_A) ** (1.0 / RATE_BETA)
    return (y + np.log(-np.expm1(-y))) / RATE_B - RATE_C


def rate(u: np.ndarray, kind: int) -> np.ndarray:
    """Firing rates f(u) (Hz) of potentials u for rate kind ZHANG or THRESHOLD_LINEAR."""
    return zhang_rate(u) if kind == ZHANG else np.maximum(np.asarray(u, dtype=float), 0.0)


def rate_inverse(rates: np.ndarray, kind: int) -> np.ndarray:
    """Potentials giving `rates`; for threshold-linear units a zero rate maps to u = 0."""
    if kind == ZHANG:
        return zhang_rate_inverse(rates)
    return np.maximum(np.asarray(rates, dtype=float), 0.0)


def inverse_rate_integral(u: np.ndarray, kind: int) -> np.ndarray:
    """G(u) = integral_0^{f(u)} f^-1(s) ds, the 'leak' term of the Lyapunov energy (Hopfield 1984).

    Integration by parts gives G(u) = u f(u) - Phi(u) with Phi(u) = integral_{-inf}^u f(v) dv,
    tabulated once (Gauss-Legendre per cell, cubic Hermite between nodes using Phi' = f).
    Threshold-linear units: G(u) = [u]_+^2 / 2.
    """
    u = np.asarray(u, dtype=float)
    if kind == THRESHOLD_LINEAR:
        return 0.5 * np.maximum(u, 0.0) ** 2
    return u * zhang_rate(u) - _zhang_rate_antiderivative(u)


def _zhang_rate_antiderivative(u: np.ndarray) -> np.ndarray:
    """Phi(u) = integral_{-inf}^u f(v) dv, from the table, with analytic tails outside it."""
    nodes, phi = _antiderivative_table()
    step = _ANTIDERIVATIVE_STEP
    inside = np.clip(u, nodes[0], nodes[-1] - 1e-12)
    k = ((inside - nodes[0]) / step).astype(np.intp)
    t = (inside - nodes[k]) / step
    f0, f1 = zhang_rate(nodes[k]) * step, zhang_rate(nodes[k + 1]) * step
    hermite = (
        (2 * t**3 - 3 * t**2 + 1) * phi[k]
        + (t**3 - 2 * t**2 + t) * f0
        + (-2 * t**3 + 3 * t**2) * phi[k + 1]
        + (t**3 - t**2) * f1
    )
    # Tails: far below threshold f = a e^{beta b (u + c)}, so Phi = f / (beta b);
    # far above it f = a (b (u + c))^beta, integrated in closed form.
    below = zhang_rate(u) / (RATE_BETA * RATE_B)
    power = RATE_A * RATE_B**RATE_BETA / (RATE_BETA + 1.0)
    above = phi[-1] + power * (
        np.maximum(u + RATE_C, 0.0) ** (RATE_BETA + 1) - (nodes[-1] + RATE_C) ** (RATE_BETA + 1)
    )
    return np.where(u < nodes[0], below, np.where(u > nodes[-1], above, hermite))


@cache
def _antiderivative_table() -> tuple[np.ndarray, np.ndarray]:
    """Nodes u_k and Phi(u_k), summed cell by cell with 6-point Gauss-Legendre quadrature."""
    n_cells = round((_ANTIDERIVATIVE_HI - _ANTIDERIVATIVE_LO) / _ANTIDERIVATIVE_STEP)
    nodes = _ANTIDERIVATIVE_LO + _ANTIDERIVATIVE_STEP * np.arange(n_cells + 1)
    x, weights = np.polynomial.legendre.leggauss(6)
    points = nodes[:-1, None] + 0.5 * _ANTIDERIVATIVE_STEP * (x[None, :] + 1.0)
    cells = 0.5 * _ANTIDERIVATIVE_STEP * (zhang_rate(points) @ weights)
    start = zhang_rate(nodes[0]) / (RATE_BETA * RATE_B)  # exponential tail below the table
    return nodes, start + np.concatenate(([0.0], np.cumsum(cells)))


@cache
def zhang_rate_table() -> tuple[np.ndarray, float, float]:
    """(coefficients (pieces, 8), lo, 1/step): monomial coefficients in x in [-1, 1] per piece.

    Each piece interpolates f at the 8 Chebyshev nodes of its cell, so the error is at round-off.
    """
    n_pieces = round((_TABLE_HI - _TABLE_LO) / _TABLE_STEP)
    centres = _TABLE_LO + _TABLE_STEP * (np.arange(n_pieces) + 0.5)
    k = np.arange(_TABLE_DEGREE + 1)
    x = np.cos(np.pi * (k + 0.5) / (_TABLE_DEGREE + 1))
    values = zhang_rate(centres[:, None] + 0.5 * _TABLE_STEP * x[None, :])
    vandermonde = np.vander(x, _TABLE_DEGREE + 1, increasing=True)
    coefficients = np.linalg.solve(vandermonde, values.T).T
    return np.ascontiguousarray(coefficients), _TABLE_LO, 1.0 / _TABLE_STEP
