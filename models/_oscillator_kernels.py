"""Compiled Euler loop of the Kuramoto model (numba; nothing compiled at import). Nothing else.

One step of d theta_i / dt = omega_i + K (Im z cos theta_i - Re z sin theta_i), z = r e^(i psi)
= (1/N) sum_j e^(i theta_j): the update of each phase and the sums giving the next step's z are
one pass over the oscillators, with one cosine and one sine each (the numpy form needs about ten
passes). models.oscillators.Kuramoto.step calls it; models.oscillators.warm_up compiles it.
"""

import math

import numpy as np
from numba import njit

TWO_PI = 2.0 * math.pi


@njit(cache=True, nogil=True, fastmath={"reassoc", "contract", "nsz"})
def kuramoto_steps(theta, cos_t, sin_t, drift, dt_k, trace):
    """len(trace) Euler steps in place. theta, cos_t, sin_t: (N,) phases in [0, 2 pi) and their
    cosines and sines (kept in step); drift: (N,) dt * omega_i; dt_k: dt * K. trace[s] gets the r
    before step s. Returns (Re z, Im z) after the last step."""
    n = theta.size
    re = 0.0
    im = 0.0
    for i in range(n):
        re += cos_t[i]
        im += sin_t[i]
    re /= n
    im /= n
    for s in range(trace.size):
        trace[s] = math.sqrt(re * re + im * im)
        sum_cos = 0.0
        sum_sin = 0.0
        for i in range(n):
            t = theta[i] + drift[i] + dt_k * (im * cos_t[i] - re * sin_t[i])
            if t >= TWO_PI or t < 0.0:
                t = t % TWO_PI
            theta[i] = t
            c = math.cos(t)
            sn = math.sin(t)
            cos_t[i] = c
            sin_t[i] = sn
            sum_cos += c
            sum_sin += sn
        re = sum_cos / n
        im = sum_sin / n
    return re, im


@njit(cache=True, nogil=True)
def _bridge_rates(x, v, theta, omega, p, d_theta):
    """Fill d_theta with Theta_i'; return (X', X'').
    p = (G/M, B/M, K/M, C, cos alpha, sin alpha, 1/Omega_0)."""
    force_per_mass, b_per_mass, k_per_mass, c, ca, sa, inv_omega0 = p
    y = v * inv_omega0
    sum_sin = 0.0
    for i in range(theta.size):
        ct = math.cos(theta[i])
        st = math.sin(theta[i])
        sum_sin += st
        # A sin(Psi - Theta + alpha) = X cos(alpha - Theta) + (X'/Omega_0) sin(alpha - Theta)
        d_theta[i] = omega[i] + c * (x * (ca * ct + sa * st) + y * (sa * ct - ca * st))
    return v, force_per_mass * sum_sin - b_per_mass * v - k_per_mass * x


@njit(cache=True, nogil=True)
def bridge_steps(x, v, theta, omega, p, h, out):
    """len(out) classical RK4 steps of the bridge and its walkers (theta in place); out[s] gets
    (X, r) after step s. Returns (X, X')."""
    n = theta.size
    k1 = np.empty(n)
    k2 = np.empty(n)
    k3 = np.empty(n)
    k4 = np.empty(n)
    tmp = np.empty(n)
    for s in range(out.shape[0]):
        x1, v1 = _bridge_rates(x, v, theta, omega, p, k1)
        for i in range(n):
            tmp[i] = theta[i] + 0.5 * h * k1[i]
        x2, v2 = _bridge_rates(x + 0.5 * h * x1, v + 0.5 * h * v1, tmp, omega, p, k2)
        for i in range(n):
            tmp[i] = theta[i] + 0.5 * h * k2[i]
        x3, v3 = _bridge_rates(x + 0.5 * h * x2, v + 0.5 * h * v2, tmp, omega, p, k3)
        for i in range(n):
            tmp[i] = theta[i] + h * k3[i]
        x4, v4 = _bridge_rates(x + h * x3, v + h * v3, tmp, omega, p, k4)
        x += h / 6.0 * (x1 + 2.0 * x2 + 2.0 * x3 + x4)
        v += h / 6.0 * (v1 + 2.0 * v2 + 2.0 * v3 + v4)
        sum_cos = 0.0
        sum_sin = 0.0
        for i in range(n):
            t = (theta[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])) % TWO_PI
            theta[i] = t
            sum_cos += math.cos(t)
            sum_sin += math.sin(t)
        out[s, 0] = x
        out[s, 1] = math.sqrt(sum_cos * sum_cos + sum_sin * sum_sin) / n if n else 0.0
    return x, v
