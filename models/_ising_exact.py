"""Exact results of the Ising model at H = 0 (k_B = 1), for plots to be checked against. Plain
numpy (scipy's elliptic integral is replaced by the arithmetic-geometric mean).

2-D square lattice, infinite, coupling J (Onsager 1944; Yang 1952 for m):
    T_c = 2 J / ln(1 + sqrt 2) = 2.269 J
    m(T) = (1 - sinh(2J/T)^-4)^(1/8) below T_c, 0 above
    u(T) = -J coth(2J/T) [1 + (2/pi)(2 tanh^2(2J/T) - 1) K(k)],  k = 2 sinh(2J/T) / cosh^2(2J/T)
1-D chain (Ising 1925), infinite, H = 0:
    u(T) = -J tanh(J/T),  c(T) = (J/T)^2 / cosh^2(J/T),  m = 0 for every T > 0,
    correlation length xi = -1 / ln tanh(J/T) (in lattice spacings).
The antiferromagnet on a bipartite lattice has the same u and c, and its staggered magnetisation
follows m(T) (flip every other spin).
"""

from __future__ import annotations

import math

import numpy as np

CRITICAL_TEMPERATURE = 2.0 / math.log(1.0 + math.sqrt(2.0))  # 2.269185..., in units of J


def elliptic_k(k: np.ndarray | float) -> np.ndarray:
    """Complete elliptic integral of the first kind K(k) (modulus k, 0 <= k < 1), by the
    arithmetic-geometric mean: K = pi / (2 AGM(1, sqrt(1 - k^2))). Infinite at k = 1."""
    k = np.asarray(k, dtype=float)
    a, b = np.ones_like(k), np.sqrt(np.clip(1.0 - k * k, 0.0, 1.0))
    for _ in range(40):  # quadratic convergence: a handful suffice except right next to k = 1
        a, b = (a + b) / 2.0, np.sqrt(a * b)
    with np.errstate(divide="ignore"):
        return np.pi / (2.0 * a)


def onsager_magnetization(temperature, coupling: float = 1.0) -> np.ndarray:
    """Spontaneous magnetisation per spin of the infinite 2-D lattice (0 at and above T_c)."""
    t = np.asarray(temperature, dtype=float) / coupling
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        inner = 1.0 - np.sinh(2.0 / t) ** -4.0
    return np.where((t < CRITICAL_TEMPERATURE) & (inner > 0), np.abs(inner) ** 0.125, 0.0)


def onsager_energy(temperature, coupling: float = 1.0) -> np.ndarray:
    """Energy per spin u(T) of the infinite 2-D lattice at H = 0 (-2 J at T = 0)."""
    t = np.asarray(temperature, dtype=float) / coupling
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        beta2 = 2.0 / t
        k = 2.0 * np.tanh(beta2) / np.cosh(beta2)  # = 2 sinh / cosh^2, without inf / inf
        # right at T_c, K diverges while its prefactor vanishes: the product tends to 0
        term = (2.0 * np.tanh(beta2) ** 2 - 1.0) * elliptic_k(np.minimum(k, 1.0))
        term = np.where((k < 1.0) & np.isfinite(term), term, 0.0)
        u = -1.0 / np.tanh(beta2) * (1.0 + 2.0 / np.pi * term)
    return coupling * np.where(t > 0, u, -2.0)


def onsager_specific_heat(temperature, coupling: float = 1.0) -> np.ndarray:
    """Specific heat per spin du/dT of the infinite 2-D lattice (central difference of the
    exact energy; it diverges logarithmically at T_c)."""
    t = np.asarray(temperature, dtype=float)
    step = 1e-4 * coupling
    return (onsager_energy(t + step, coupling) - onsager_energy(t - step, coupling)) / (2 * step)


def chain_energy(temperature, coupling: float = 1.0) -> np.ndarray:
    """Energy per spin of the infinite chain at H = 0: -J tanh(J/T)."""
    t = np.asarray(temperature, dtype=float)
    with np.errstate(divide="ignore"):
        return -coupling * np.tanh(coupling / t)


def chain_specific_heat(temperature, coupling: float = 1.0) -> np.ndarray:
    """Specific heat per spin of the infinite chain: (J/T)^2 / cosh^2(J/T)."""
    t = np.asarray(temperature, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        x = coupling / t
        return np.where(t > 0, x * x / np.cosh(x) ** 2, 0.0)


def chain_correlation_length(temperature, coupling: float = 1.0) -> np.ndarray:
    """xi = -1 / ln tanh(J/T): <s_0 s_r> = exp(-r / xi) on the infinite chain. Finite for every
    T > 0, so the chain never orders (Ising 1925)."""
    t = np.asarray(temperature, dtype=float)
    with np.errstate(divide="ignore"):
        return -1.0 / np.log(np.tanh(coupling / t))
