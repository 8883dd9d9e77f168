"""Weight matrices of the Hopfield learning rules, and dense local fields (numpy; no Qt, no numba).

Every rule is plain numpy, and the two dense rules are written as BLAS matrix products, so a
rule switch costs a few passes over W instead of several per stored pattern:

* `pseudoinverse_weights`: W = Y^T Y for an orthonormal basis Y of the patterns' span.
* `storkey_weights`: Storkey's rule adds patterns one at a time, but every update is
  rank-three (plus the diagonal), so a run of L patterns is W_L = a^L W_0 + A^T B with
  (2L, N) factors A, B: only the L fields h_k = W_k xi_k are sequential, and they come from
  small products with the earlier patterns of the run (see `_storkey_fields`).

Both take an optional `progress(fraction)` callback (0 < fraction <= 1, non-decreasing), called
every few per cent of the work and last with 1.0; whatever it raises (to cancel) propagates at
once. They never modify their inputs, so a cancelled computation leaves nothing changed.
The public API is in models.hopfield.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

Progress = Callable[[float], object]

TILE = 512  # rows and columns of W per matrix product (a 1 MB float32 tile)
SUB_BLOCK = 64  # Storkey fields: patterns whose fields are found together from earlier ones
STORKEY_GROWTH = 1.25  # a run of L patterns is assembled at once while (1 + 2/N)^L <= this
_REPORT_STEP = 0.005  # progress is reported after at least this much more of the work


class _Meter:
    """Counts work done (in arbitrary units) and reports the fraction to a progress callback."""

    def __init__(self, callback: Progress | None, total: float) -> None:
        self._callback = callback
        self._total = max(float(total), 1.0)
        self._done = 0.0
        self._reported = 0.0

    def advance(self, work: float) -> None:
        self._done += work
        if self._callback is None:
            return
        fraction = min(self._done / self._total, 1.0)
        if fraction - self._reported >= _REPORT_STEP:
            self._reported = fraction
            self._callback(fraction)

    def finish(self) -> None:
        if self._callback is not None:
            self._callback(1.0)


def hebbian_counts(patterns: np.ndarray) -> np.ndarray:
    """N W for the Hebbian rule, i.e. X^T X with zero diagonal, as exact float32 integers."""
    x = patterns.astype(np.float32)
    counts = x.T @ x
    np.fill_diagonal(counts, 0.0)
    return counts


def _tiles(n_units: int) -> list[slice]:
    return [slice(start, min(start + TILE, n_units)) for start in range(0, n_units, TILE)]


def _add_symmetric_product(
    w: np.ndarray, scale: float, a: np.ndarray, b: np.ndarray, meter: _Meter
) -> None:
    """w <- scale * w + A^T B in place (scale 0: w is overwritten), then zero the diagonal;
    w is a symmetric float32 (N, N) and A^T B is symmetric in exact arithmetic.

    Only the tiles on and above the diagonal are multiplied (half the work of A^T B); each is
    mirrored below, so w stays exactly symmetric whatever rounding BLAS did.
    """
    tiles = _tiles(w.shape[0])
    work = a.shape[0] * TILE * TILE  # per tile
    for i, rows in enumerate(tiles):
        for cols in tiles[i:]:
            block = a[:, rows].T @ b[:, cols]
            if rows == cols:
                block = 0.5 * (block + block.T)
            if scale:
                block += scale * w[rows, cols]
            w[rows, cols] = block
            if rows != cols:
                w[cols, rows] = block.T
            meter.advance(work)
    np.fill_diagonal(w, 0.0)


def pseudoinverse_weights(patterns: np.ndarray, progress: Progress | None = None) -> np.ndarray:
    """Projection rule W = X^T (X X^T)^+ X with zero diagonal, as float32 (N, N).

    (Personnaz, Guyon & Dreyfus 1985; Kanter & Sompolinsky 1987.) W projects onto the span of the
    patterns, so W xi = xi for every stored xi; zeroing the diagonal leaves h_i = (1 - w_ii) xi_i,
    still aligned with xi_i while w_ii < 1. The Gram matrix is inverted on its range only
    (eigenvalues below 1e-10 of the largest are dropped), so repeated or linearly dependent
    patterns are allowed. W = Y^T Y is built tile by tile from the orthonormal basis Y (rank r)
    of the span, with progress reports between tiles.
    """
    n_patterns, n_units = patterns.shape
    w = np.zeros((n_units, n_units), dtype=np.float32)
    if n_patterns == 0:
        if progress is not None:
            progress(1.0)
        return w
    x = patterns.astype(np.float64)
    gram_work = float(n_patterns) ** 2 * (n_units + n_patterns)
    tiles = len(_tiles(n_units))
    meter = _Meter(progress, gram_work + n_patterns * TILE * TILE * tiles * (tiles + 1) / 2)
    eigenvalues, vectors = np.linalg.eigh(x @ x.T)
    keep = eigenvalues > 1e-10 * eigenvalues.max()
    y = (vectors[:, keep] / np.sqrt(eigenvalues[keep])).T @ x  # rows: orthonormal basis of span
    meter.advance(gram_work)
    y32 = np.ascontiguousarray(y, dtype=np.float32)
    _add_symmetric_product(w, 0.0, y32, y32, meter)
    meter.finish()
    return w


# --- Storkey (1997) ---------------------------------------------------------------------------
#
# One pattern xi (with h = W xi, W symmetric with zero diagonal) changes W to
#     w_ij <- w_ij + (xi_i xi_j - xi_i h_ji - h_ij xi_j) / N,   h_ij = sum_{k != i, j} w_ik xi_k,
# for i != j, and w_ii stays 0. Since h_ij = h_i - w_ij xi_j this is
#     W <- a W + (U - diag U) / N,   a = 1 + 2/N,   U = xi xi^T - xi h^T - h xi^T.
# Write W_k = S_k - diag(S_k) with S_0 = W_0 and S_{k+1} = a S_k + U_k / N. Then after L patterns
#     S_L = a^L W_0 + sum_k c_k U_k = a^L W_0 + A^T B,   c_k = a^(L-1-k) / N,
#     A = [X; H],   B = [C (X - H); -C X],   C = diag(c),
# and the field of pattern k is h_k = W_k xi_k = S_k xi_k - diag(S_k) xi_k, where
#     S_k xi_k = a^k W_0 xi_k + sum_{j<k} a^(k-1-j)/N (xi_j (xi_j.xi_k - h_j.xi_k) - h_j xi_j.xi_k)
#     diag(S_{k+1}) = a diag(S_k) + (1 - 2 xi_k h_k) / N.
# Runs are kept short enough that a^L <= STORKEY_GROWTH, so no term of the sum is much larger than
# the weights it adds up to (with a^L large the sum would cancel catastrophically).


def storkey_run_length(n_units: int) -> int:
    """Patterns added per assembled run: the largest L >= 1 with (1 + 2/N)^L <= STORKEY_GROWTH."""
    return max(1, int(math.log(STORKEY_GROWTH) / math.log1p(2.0 / n_units)))


def _storkey_fields(x: np.ndarray, w0_x: np.ndarray | None, meter: _Meter) -> np.ndarray:
    """(L, N) float64 fields h_k = W_k xi_k of a run of patterns x (L, N) float64, added in order
    to a W_0 whose fields of the run's patterns are w0_x[k] = W_0 xi_k (None for W_0 = 0).

    Fields are found SUB_BLOCK patterns at a time: S_s xi_k for the whole block (s = its first
    pattern) is one product with the patterns before it; within the block, each pattern needs
    only the few before it in the block.
    """
    length, n = x.shape
    a = 1.0 + 2.0 / n
    gram = x @ x.T  # xi_j . xi_k
    h = np.zeros_like(x)
    hx = np.zeros((length, length))  # hx[j, k] = h_j . xi_k, filled for j < k as h_j is known
    diag = np.zeros(n)  # diag(S_k) for the pattern about to be added
    for s in range(0, length, SUB_BLOCK):
        e = min(s + SUB_BLOCK, length)
        xb = x[s:e]
        # S_s xi_k for every k of the block, from W_0 and the patterns before the block
        block = np.zeros((e - s, n)) if w0_x is None else a**s * w0_x[s:e]
        if s > 0:
            hx[:s, s:e] = h[:s] @ xb.T
            c = a ** np.arange(s - 1, -1, -1.0) / n  # a^(s-1-j) / N for j < s
            g = gram[:s, s:e]
            block += (c[:, np.newaxis] * (g - hx[:s, s:e])).T @ x[:s]
            block -= (c[:, np.newaxis] * g).T @ h[:s]
        for k in range(s, e):
            field = a ** (k - s) * block[k - s]
            if k > s:
                c = a ** np.arange(k - s - 1, -1, -1.0) / n  # a^(k-1-j) / N for s <= j < k
                g = gram[s:k, k]
                field += (c * (g - hx[s:k, k])) @ x[s:k] - (c * g) @ h[s:k]
            field -= diag * x[k]
            h[k] = field
            hx[k, k + 1 : e] = xb[k - s + 1 :] @ field
            diag *= a
            diag += (1.0 - 2.0 * x[k] * field) / n
        meter.advance((e - s) * n * (s + e))
    return h


def storkey_weights(
    patterns: np.ndarray, weights: np.ndarray | None = None, progress: Progress | None = None
) -> np.ndarray:
    """Storkey (1997) weights after adding `patterns` (P, N) in order to `weights` (or to zero).

    Returns a new float32 (N, N) array, exactly symmetric with a zero diagonal; the input matrix
    is not modified. Equal, to float32 rounding, to adding the patterns one by one with
    W <- W + (xi xi^T - xi h^T - h xi^T + 2 W) / N off the diagonal, h = W xi (see above).
    progress(fraction) is called every few per cent of the work; what it raises propagates.
    """
    n_patterns, n_units = patterns.shape
    w = np.zeros((n_units, n_units), np.float32) if weights is None else weights.copy()
    run = storkey_run_length(n_units)
    a = 1.0 + 2.0 / n_units
    tiles = len(_tiles(n_units))
    tile_work = TILE * TILE * tiles * (tiles + 1) / 2  # per row of the factors A, B
    total = 0.0
    for start in range(0, n_patterns, run):
        length = min(run, n_patterns - start)
        if start > 0 or weights is not None:
            total += length * n_units * n_units  # W_0 xi_k
        total += length * length * n_units + 2 * length * tile_work
    meter = _Meter(progress, total)
    for start in range(0, n_patterns, run):
        x = patterns[start : start + run].astype(np.float64)
        length = x.shape[0]
        w0_x = None
        if start > 0 or weights is not None:
            w0_x = np.empty((length, n_units))
            x32 = x.astype(np.float32)
            for rows in _tiles(n_units):  # W symmetric: (W xi)[rows] = W[rows] . xi
                w0_x[:, rows] = (w[rows] @ x32.T).T
                meter.advance(length * n_units * (rows.stop - rows.start))
        h = _storkey_fields(x, w0_x, meter)
        c = (a ** np.arange(length - 1, -1, -1.0) / n_units)[:, np.newaxis]
        factor_a = np.concatenate([x, h]).astype(np.float32)
        factor_b = np.concatenate([c * (x - h), -c * x]).astype(np.float32)
        scale = 0.0 if w0_x is None else a**length  # w is still zero: nothing to scale
        _add_symmetric_product(w, scale, factor_a, factor_b, meter)
    meter.finish()
    return w


def dense_fields(w: np.ndarray, state: np.ndarray, rows: int = 256) -> np.ndarray:
    """W s in float64 for a float32 W, a block of rows at a time (no full float64 copy of W)."""
    s64 = state.astype(np.float64)
    out = np.empty(w.shape[0])
    for start in range(0, w.shape[0], rows):
        out[start : start + rows] = w[start : start + rows].astype(np.float64) @ s64
    return out


def sequence_weights(patterns: np.ndarray, progress: Progress | None = None) -> np.ndarray:
    """Sequence rule W = (1/N) sum_mu xi^(mu+1) xi^mu^T, cyclic, zero diagonal; float32 (N, N).

    (Sompolinsky & Kanter 1986; Kleinfeld 1986.) Row i of W xi^mu is xi_i^(mu+1) plus crosstalk,
    so a synchronous update takes memory mu to memory mu + 1 (the last back to the first). W is
    not symmetric. A single pattern maps to itself (W = xi xi^T / N, the Hebbian weights).
    """
    n_patterns, n_units = patterns.shape
    if n_patterns == 0:
        if progress is not None:
            progress(1.0)
        return np.zeros((n_units, n_units), dtype=np.float32)
    x = patterns.astype(np.float32)
    following = np.roll(x, -1, axis=0)  # xi^(mu+1), the first after the last
    w = np.empty((n_units, n_units), dtype=np.float32)
    meter = _Meter(progress, n_units)
    for rows in _tiles(n_units):
        w[rows] = following[:, rows].T @ x / np.float32(n_units)
        meter.advance(rows.stop - rows.start)
    np.fill_diagonal(w, 0.0)
    meter.finish()
    return w
