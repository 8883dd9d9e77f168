"""What the Hopfield lab keeps of a run for its plots: every energy and overlap since the cue.

A run is plotted from its start (the fall of the energy is the point), so this is a growing
record that thins itself, not a ring buffer that forgets the beginning. Pure numpy.
"""

from __future__ import annotations

import numpy as np


class RunRecord:
    """Rows of (sweeps, values) since the run began; beyond `limit` rows every other row goes
    (the first and the newest always stay), so a long run keeps its whole shape."""

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.rows = 0
        self._x: list[np.ndarray] = []
        self._y: list[np.ndarray] = []

    def add(self, x: np.ndarray, y: np.ndarray) -> None:
        """Append rows: `x` (K,) sweeps, `y` (K,) or (K, P) values."""
        self._x.append(np.asarray(x, dtype=np.float64))
        self._y.append(np.asarray(y, dtype=np.float64))
        self.rows += len(self._x[-1])
        if self.rows > self.limit:
            x_all, y_all = self.arrays()
            last = len(x_all) - 1
            keep = np.r_[0:last:2, last]  # every other row, always keeping the newest
            self._x, self._y = [x_all[keep]], [y_all[keep]]
            self.rows = len(keep)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of every row kept (views: copy before handing them out)."""
        if len(self._x) > 1:  # consolidate, so the list stays short
            self._x, self._y = [np.concatenate(self._x)], [np.concatenate(self._y)]
        return self._x[0], self._y[0]


def thin(x: np.ndarray, rows: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Copies of at most `points` evenly spaced rows, always including the first and the last."""
    if len(x) <= points:
        return x.copy(), rows.copy()
    keep = np.linspace(0, len(x) - 1, points).round().astype(np.intp)
    return x[keep], rows[keep]


def decimate(x: np.ndarray, y: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Copies of at most `points` samples, each bin's min and max, so spikes are not lost."""
    if len(x) <= points:
        return x.copy(), y.copy()
    bins = points // 2
    usable = len(x) - len(x) % bins
    xb = x[:usable].reshape(bins, -1)
    yb = y[:usable].reshape(bins, -1)
    lo, hi = yb.argmin(axis=1), yb.argmax(axis=1)
    rows = np.arange(bins)
    first, second = np.minimum(lo, hi), np.maximum(lo, hi)
    xs = np.column_stack([xb[rows, first], xb[rows, second]]).reshape(-1)
    ys = np.column_stack([yb[rows, first], yb[rows, second]]).reshape(-1)
    return np.append(xs, x[-1]), np.append(ys, y[-1])
