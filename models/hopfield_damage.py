"""Changes made to a Hopfield network's weights by hand: an antisymmetric part mixed in, cut
synapses and silenced units (pure numpy; no Qt). `HopfieldNetwork.set_asymmetry`, `damage` and
`repair` in models.hopfield are the public API; this module keeps what they changed and applies
it to whatever weights the learning rule gives, so the changes survive storing and rule switches.

Damage follows the lesion experiments the seeds contrast with a hard drive: a Hopfield memory is
distributed over all synapses, so cutting half of them leaves recall almost intact (SCIENCE.md
section 4: Hebbian N = 1000, P = 50, 10 % noise: overlap 1.00 uncut, 0.998 with 50 % cut, 0.94
with 80 %, 0.67 with 90 %).
"""

from __future__ import annotations

import math

import numpy as np

from models._hopfield_weights import TILE, hebbian_counts

DAMAGE_KINDS = ("synapses", "units")
MAX_ALTERED_UNITS = 8192  # equal to models.hopfield.MAX_DENSE_UNITS: a dense float32 W


def _check_fraction(value: object, what: str) -> float:
    try:
        fraction = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number from 0 to 1, got {value!r}") from None
    if not (math.isfinite(fraction) and 0.0 <= fraction <= 1.0):
        raise ValueError(f"{what} must be a number from 0 to 1, got {value!r}")
    return fraction


class Alterations:
    """What was done to the weights of one network of `n_units` units, and `applied` to do it
    again to new weights. Seeds fix every random choice, so a network can be rebuilt exactly."""

    def __init__(self, n_units: int) -> None:
        self._n = n_units
        self.asymmetry = 0.0
        self._asymmetry_seed: int | None = 0
        self._cut: np.ndarray | None = None  # (N, N) bool, symmetric, False diagonal
        self._dead: np.ndarray | None = None  # (N,) bool

    @property
    def altered(self) -> bool:
        return self.asymmetry != 0.0 or self._cut is not None or self._dead is not None

    def _check_size(self, what: str) -> None:
        if self._n > MAX_ALTERED_UNITS:
            raise ValueError(
                f"{what} needs a dense {self._n} x {self._n} weight matrix: use at most "
                f"{MAX_ALTERED_UNITS} units"
            )

    # --- asymmetry ---------------------------------------------------------------------------
    def set_asymmetry(self, asymmetry: object, seed: int | None) -> None:
        value = _check_fraction(asymmetry, "the asymmetry")
        if value:
            self._check_size("an asymmetric network")
        self.asymmetry, self._asymmetry_seed = value, seed

    # --- damage -------------------------------------------------------------------------------
    def damage(self, fraction: object, kind: str, seed: int | None) -> None:
        value = _check_fraction(fraction, "the damaged fraction")
        self._check_size("damage")
        rng = np.random.default_rng(seed)
        if kind == "units":
            dead = rng.random(self._n) < value
            self._dead = dead if self._dead is None else self._dead | dead
            return
        cut = np.empty((self._n, self._n), dtype=bool)
        for start in range(0, self._n, TILE):  # a tile of priorities at a time
            stop = min(start + TILE, self._n)
            cut[start:stop] = rng.random((stop - start, self._n), dtype=np.float32) < value
        cut = np.triu(cut, 1)
        cut |= cut.T
        self._cut = cut if self._cut is None else self._cut | cut

    def repair(self) -> None:
        self._cut = self._dead = None

    def alive(self) -> np.ndarray:
        return np.ones(self._n, dtype=bool) if self._dead is None else ~self._dead

    def cut_fraction(self) -> float:
        if self._cut is None:
            return 0.0
        return float(np.count_nonzero(self._cut)) / (self._n * (self._n - 1))

    # --- applying ------------------------------------------------------------------------------
    def applied(self, base: np.ndarray | None, patterns: np.ndarray) -> np.ndarray | None:
        """The weights the dynamics use: `base` (the rule's float32 W; None for the Hebbian
        rule, built here from `patterns` if needed) with the asymmetry, cuts and silenced units.
        `base` itself when nothing was changed; never modifies `base`."""
        if not self.altered:
            return base
        if base is None:
            w = hebbian_counts(patterns)
            w /= np.float32(self._n)
        else:
            w = base.copy()
        if self.asymmetry:
            w += self._antisymmetric_part(w)
        if self._cut is not None:
            w[self._cut] = 0.0
        if self._dead is not None:
            w[self._dead, :] = 0.0
            w[:, self._dead] = 0.0
        np.fill_diagonal(w, 0.0)
        return w

    def _antisymmetric_part(self, w: np.ndarray) -> np.ndarray:
        """a * rms(W) * R with R_ij = -R_ji of unit variance (R = (G - G^T) / sqrt 2)."""
        n = self._n
        rms = math.sqrt(float(np.sum(np.square(w, dtype=np.float64))) / max(n * (n - 1), 1))
        rng = np.random.default_rng(self._asymmetry_seed)
        g = rng.standard_normal((n, n), dtype=np.float32)
        part = g - g.T
        part *= np.float32(self.asymmetry * rms / math.sqrt(2.0))
        return part
