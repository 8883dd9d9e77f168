"""A fixed-size record of the newest rows: traces that scroll (the ring's energy, a heading trial).

Plain numpy; shared by the models and the labs' sessions so there is one ring buffer, not one per
trace.
"""

from __future__ import annotations

import numpy as np


class RingBuffer:
    """The last `capacity` rows of `width` floats each, oldest first when read."""

    def __init__(self, capacity: int, width: int) -> None:
        if capacity < 1 or width < 1:
            raise ValueError("a ring buffer needs at least one row of at least one column")
        self._rows = np.empty((capacity, width))
        self._count = 0  # rows written since the last clear

    def __len__(self) -> int:
        return min(self._count, len(self._rows))

    def clear(self) -> None:
        self._count = 0

    def append(self, row) -> None:
        self._rows[self._count % len(self._rows)] = row
        self._count += 1

    def rows(self) -> np.ndarray:
        """(M, width) copy of the rows kept, oldest first (M <= capacity)."""
        capacity = len(self._rows)
        if self._count <= capacity:
            return self._rows[: self._count].copy()
        return np.roll(self._rows, -(self._count % capacity), axis=0)

    def columns(self) -> tuple[np.ndarray, ...]:
        """The rows kept as `width` separate (M,) arrays."""
        return tuple(np.array(self.rows().T))
