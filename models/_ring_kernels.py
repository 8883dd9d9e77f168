"""Compiled Euler loops of the ring attractor (numba; none compiled at import). Nothing else.

One Euler step of Zhang's rate network (Zhang 1996, J Neurosci 16:2112, eq. 1), step dt:

    u_i <- u_i + (dt / tau) (-u_i + h_i + I_i + xi_i),    r_i = f(u_i),
    h_i = sum_m k_m r_{(i - m) mod N},    k = w + gamma w'  (shifted kernel, one gamma per step).

The rate kinds (`kind`: ZHANG or THRESHOLD_LINEAR) and the numpy side of the rates (f, f^-1, the
energy's integral, the Chebyshev table of f these loops read) are in models._ring_rates, which
needs no numba. Zhang's rate is read from that table on u in [-3, 5) and evaluated from the formula
outside it.

The direct convolution sums every row in the same order of the kernel index m, so a spatially
uniform state stays exactly uniform (a flat start stays flat until noise breaks the symmetry).
The noise xi, if any, is drawn by numpy's seeded Generator and passed in, so runs are reproducible
however the work is cut into chunks. Nothing here compiles at import: numba compiles each kernel
on first call or loads it from its on-disk cache; `models.ring.warm_up` does that deliberately.
"""

import numpy as np
from numba import njit

from models._ring_rates import RATE_A, RATE_B, RATE_BETA, RATE_C, THRESHOLD_LINEAR

# Reassociation lets LLVM vectorise the convolution sums; it fixes one order per compiled loop,
# the same for every row, so the flat-stays-flat property above survives it.
_FAST = {"reassoc", "contract", "nsz"}


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
