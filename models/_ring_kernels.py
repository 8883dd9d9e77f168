"""Rate functions and compiled Euler loops of the ring attractor (numba; none compiled at import).

One Euler step of Zhang's rate network (Zhang 1996, J Neurosci 16:2112, eq. 1), step dt:

    u_i <- u_i + (dt / tau) (-u_i + h_i + I_i + xi_i),    r_i = f(u_i),
    h_i = sum_m k_m r_{(i - m) mod N},    k = w + gamma w'  (shifted kernel, one gamma per step).

Rate kinds (`kind` argument of the kernels):

* 0, Zhang's smoothed power law f(u) = a [ln(1 + e^{b (u + c)})]^beta, a = 6.34, b = 10, c = 0.5,
  beta = 0.8. The compiled loops read it from a table of degree-7 Chebyshev interpolants on
  u in [-3, 5) (relative error below 1e-14, i.e. at round-off; four times faster than calling
  exp/log/log1p/exp per unit) and evaluate the formula itself outside that range.
* 1, threshold-linear f(u) = [u]_+ (Amari 1977; Ben-Yishai et al. 1995).

The direct convolution sums every row in the same order of the kernel index m, so a spatially
uniform state stays exactly uniform (a flat start stays flat until noise breaks the symmetry).
The noise xi, if any, is drawn by numpy's seeded Generator and passed in, so runs are reproducible
however the work is cut into chunks. Nothing here compiles at import: numba compiles each kernel
on first call or loads it from its on-disk cache; `warm_up` does that deliberately.
"""

from functools import cache

import numpy as np
from numba import njit

RATE_A, RATE_B, RATE_C, RATE_BETA = 6.34, 10.0, 0.5, 0.8  # Zhang (1996), rate function
ZHANG, THRESHOLD_LINEAR = 0, 1  # rate kinds understood by the compiled loops

_TABLE_LO, _TABLE_HI, _TABLE_STEP, _TABLE_DEGREE = -3.0, 5.0, 1.0 / 64.0, 7
_ANTIDERIVATIVE_LO, _ANTIDERIVATIVE_HI, _ANTIDERIVATIVE_STEP = -8.0, 12.0, 1e-3
_MIN_RATE = 1e-12  # Hz; rates are clipped to this before inverting f (f^-1(0) = -inf)
# Reassociation lets LLVM vectorise the convolution sums; it fixes one order per compiled loop,
# the same for every row, so the flat-stays-flat property above survives it.
_FAST = {"reassoc", "contract", "nsz"}


# ---------------------------------------------------------------------------------- numpy side
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


# ------------------------------------------------------------------------------- compiled side
@njit(cache=True, nogil=True)
def _zhang_rate_scalar(u):
    x = RATE_B * (u + RATE_C)
    softplus = max(x, 0.0) + np.log1p(np.exp(-abs(x)))
    return RATE_A * softplus**RATE_BETA


@njit(cache=True, nogil=True, fastmath=_FAST)
def rates_into(u, rates, kind, table, lo, inv_step):
    """rates[i] = f(u[i]) for rate kind ZHANG (tabulated) or THRESHOLD_LINEAR."""
    if kind == THRESHOLD_LINEAR:
        for i in range(u.size):
            rates[i] = max(u[i], 0.0)
        return
    n_pieces, n_coefficients = table.shape
    for i in range(u.size):
        t = (u[i] - lo) * inv_step
        if t >= 0.0 and t < n_pieces:
            k = int(t)
            x = 2.0 * (t - k) - 1.0
            acc = table[k, n_coefficients - 1]
            for d in range(n_coefficients - 2, -1, -1):
                acc = acc * x + table[k, d]
            rates[i] = acc
        else:
            rates[i] = _zhang_rate_scalar(u[i])


@njit(cache=True, nogil=True, fastmath=_FAST)
def euler_update(u, h, drive, noise_row, decay, rates, kind, table, lo, inv_step):
    """One Euler step u += decay (h + drive + noise - u) given the recurrent input h, then rates."""
    noisy = noise_row.size > 0
    for i in range(u.size):
        total = h[i] + drive[i]
        if noisy:
            total += noise_row[i]
        u[i] += decay * (total - u[i])
    rates_into(u, rates, kind, table, lo, inv_step)


@njit(cache=True, nogil=True, fastmath=_FAST)
def euler_direct(u, rates, w, dw, gammas, drive, noise, decay, kind, table, lo, inv_step):
    """len(gammas) Euler steps with the direct O(N^2) circular convolution (dense circulant).

    u, rates (N,) float64 are updated in place; w, dw (N,) kernel and its derivative; noise is
    (steps, N) or (0, N) for none.
    """
    n = u.size
    kernel = np.empty(n)
    reversed_rates = np.empty(2 * n)  # reversed_rates[p] = r[(-p) mod N], written twice
    h = np.empty(n)
    empty = np.empty(0)
    for step in range(gammas.size):
        if step == 0 or gammas[step] != gammas[step - 1]:
            for m in range(n):
                kernel[m] = w[m] + gammas[step] * dw[m]
        for p in range(n):
            reversed_rates[p] = rates[(n - p) % n]
            reversed_rates[n + p] = reversed_rates[p]
        for i in range(n):
            window = reversed_rates[n - i : 2 * n - i]  # window[m] = r[(i - m) mod N]
            acc = 0.0
            for m in range(n):
                acc += kernel[m] * window[m]
            h[i] = acc
        noise_row = noise[step] if noise.shape[0] > 0 else empty
        euler_update(u, h, drive, noise_row, decay, rates, kind, table, lo, inv_step)


def warm_up() -> None:
    """Compile (or load from cache) every kernel, so the first real step does not stall."""
    table, lo, inv_step = zhang_rate_table()
    u, rates = np.zeros(4), np.zeros(4)
    euler_direct(
        u,
        rates,
        u.copy(),
        u.copy(),
        np.zeros(2),
        u.copy(),
        np.zeros((0, 4)),
        0.05,
        ZHANG,
        table,
        lo,
        inv_step,
    )
