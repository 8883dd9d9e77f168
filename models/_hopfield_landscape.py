"""The plane of two overlaps behind `HopfieldNetwork.energy_landscape` (pure numpy; no Qt).

Nothing here needs numba: the Hebbian energies come from the patterns, the others from the dense
W that the network already holds. The public API is in models.hopfield.
"""

import numpy as np


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
