"""Weight matrices of the Hopfield learning rules, and dense local fields (numpy; no Qt).

The Hebbian counts and the pseudo-inverse (projection) rule are plain numpy; the Storkey rule adds
patterns one at a time with a compiled loop (models._hopfield_kernels.storkey_update), so only
`storkey_weights` loads numba, on first use. The public API is in models.hopfield.
"""

import numpy as np

from models._lazy import lazy_import

kernels = lazy_import("models._hopfield_kernels")  # numba loads on first use, not on import


def hebbian_counts(patterns: np.ndarray) -> np.ndarray:
    """N W for the Hebbian rule, i.e. X^T X with zero diagonal, as exact float32 integers."""
    x = patterns.astype(np.float32)
    counts = x.T @ x
    np.fill_diagonal(counts, 0.0)
    return counts


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
        kernels.storkey_update(w, xi)
    return w


def dense_fields(w: np.ndarray, state: np.ndarray, rows: int = 256) -> np.ndarray:
    """W s in float64 for a float32 W, a block of rows at a time (no full float64 copy of W)."""
    s64 = state.astype(np.float64)
    out = np.empty(w.shape[0])
    for start in range(0, w.shape[0], rows):
        out[start : start + rows] = w[start : start + rows].astype(np.float64) @ s64
    return out
