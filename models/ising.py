"""The Ising model on a periodic chain or square grid (Ising 1925, Peierls 1936, Onsager 1944).

Spins s_i = +-1, nearest-neighbour bonds J_ij = J b_ij with signs b_ij = +-1, field H, k_B = 1:

    E = -sum_<ij> J_ij s_i s_j - H sum_i s_i

`bonds` names the sign pattern: "ferro" (every b = +1: aligned spins are low energy), "antiferro"
(every b = -1: a checkerboard is), "spin_glass" (random +-1, drawn once from the seed: frustrated,
no simple ground state), or "memory" (b_ij = xi_i xi_j for a stored picture xi: Hebb's rule kept
to lattice neighbours, the Mattis model; flipping s_i -> xi_i s_i turns it into the ferromagnet,
so it orders into xi or -xi below T_c). A Hopfield network is the same energy with all-to-all
couplings learned from many pictures.

Dynamics at temperature T, one spin at a time, both colours of the checkerboard in turn:
Metropolis flips with probability min(1, exp(-dE / T)), Glauber with 1 / (1 + exp(dE / T)).
The sweeps are compiled (models._ising_kernels: more than 10^8 spin-update attempts a second on
one core); everything else here is numpy, and numba loads only on the first sweep.

    >>> from models.ising import IsingModel
    >>> m = IsingModel(shape=(64, 64), temperature=2.0, seed=1)
    >>> m.sweep(500)
    >>> abs(m.magnetization()) > 0.8, m.energy() < -1.6   # ordered below T_c = 2.269
    (True, True)
"""

from __future__ import annotations

import math

import numpy as np

from models._ising_exact import (
    CRITICAL_TEMPERATURE,
    chain_correlation_length,
    chain_energy,
    chain_specific_heat,
    onsager_energy,
    onsager_magnetization,
    onsager_specific_heat,
)
from models._lazy import lazy_import

kernels = lazy_import("models._ising_kernels")  # numba loads on the first sweep, not on import

BONDS = ("ferro", "antiferro", "spin_glass", "memory")
DYNAMICS = ("metropolis", "glauber")
MAX_SPINS = 2**24  # 4096 x 4096, or a chain of 16 million
_THRESHOLD_ONE = 2**32  # acceptance p is stored as p * 2^32; this much means "always"


def warm_up() -> None:
    """Compile (or load from numba's disk cache) the sweep kernels now, on a tiny lattice."""
    for shape, bonds in (((4, 4), "ferro"), ((4, 4), "spin_glass"), ((4,), "ferro")):
        IsingModel(shape, bonds=bonds).sweep(1)


def acceptance(energy_change: np.ndarray, temperature: float, dynamics: str) -> np.ndarray:
    """Probability of accepting a flip that changes the energy by `energy_change`:
    Metropolis min(1, exp(-dE/T)), Glauber 1 / (1 + exp(dE/T)); at T = 0 their limits
    (Glauber accepts dE = 0 with probability 1/2)."""
    d_e = np.asarray(energy_change, dtype=float)
    if temperature == 0:
        if dynamics == "metropolis":
            return np.where(d_e <= 0, 1.0, 0.0)
        return np.where(d_e < 0, 1.0, np.where(d_e == 0, 0.5, 0.0))
    x = d_e / temperature
    with np.errstate(over="ignore"):
        if dynamics == "metropolis":
            return np.minimum(1.0, np.exp(-np.maximum(x, 0.0)))
        return 1.0 / (1.0 + np.exp(x))


def checkerboard(shape: tuple[int, ...]) -> np.ndarray:
    """(-1)^(i + j) (or (-1)^j on a chain) as int8: the antiferromagnet's ground state."""
    index = np.indices(shape).sum(axis=0)
    return np.where(index % 2 == 0, 1, -1).astype(np.int8)


class IsingModel:
    """Spins on a periodic chain `(L,)` or grid `(L0, L1)` with their bonds, field, temperature
    and dynamics. `coupling` is the bond strength J > 0, `bonds` its sign pattern; `memory`
    (a +-1 array of the lattice's shape) is the picture that "memory" bonds store; `disorder`
    seeds the spin glass's random signs (default: `seed`), `seed` the dynamics."""

    def __init__(
        self,
        shape: tuple[int, ...] = (64, 64),
        coupling: float = 1.0,
        field: float = 0.0,
        temperature: float = 2.0,
        bonds: str = "ferro",
        dynamics: str = "metropolis",
        seed: int = 0,
        memory: np.ndarray | None = None,
        disorder: int | None = None,
    ) -> None:
        shape = tuple(int(side) for side in np.atleast_1d(shape))
        if len(shape) not in (1, 2) or min(shape) < 2 or math.prod(shape) > MAX_SPINS:
            raise ValueError(
                f"the lattice must be (L,) or (L0, L1) with sides from 2 and at most {MAX_SPINS}"
                f" spins, not {shape}"
            )
        self.shape = shape
        self.seed = int(seed)
        self.disorder = self.seed if disorder is None else int(disorder)
        seeds = np.random.SeedSequence(self.seed).spawn(2)
        self._rng = np.random.default_rng(seeds[0])
        self._rng_state = seeds[1].generate_state(1, np.uint64)  # the kernels' SplitMix64 counter
        self._spins = self._rng.choice(np.array([-1, 1], dtype=np.int8), size=shape)
        self._coupling, self._field, self._temperature = 1.0, 0.0, 1.0
        self._dynamics, self._bonds = "metropolis", "ferro"
        self._memory = np.ones(shape, dtype=np.int8)
        self.coupling, self.field, self.temperature, self.dynamics = (
            coupling,
            field,
            temperature,
            dynamics,
        )
        if memory is not None:
            self._memory = self._checked_spins(memory, "the memory")
        self.set_bonds(bonds)
        self.sweeps_done = 0

    # --- parameters -------------------------------------------------------------------------------
    @property
    def temperature(self) -> float:
        """T in units of J/k_B-free energy units (k_B = 1); T >= 0."""
        return self._temperature

    @temperature.setter
    def temperature(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"the temperature must be a number >= 0, not {value}")
        self._temperature = value
        self._thresholds = None

    @property
    def coupling(self) -> float:
        """Bond strength J > 0 (energy units); the sign of each bond is in `bonds`."""
        return self._coupling

    @coupling.setter
    def coupling(self, value: float) -> None:
        value = float(value)
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"the coupling J must be a number > 0, not {value}")
        self._coupling = value
        self._thresholds = None

    @property
    def field(self) -> float:
        """External field H (energy units): favours s = +1 when H > 0."""
        return self._field

    @field.setter
    def field(self, value: float) -> None:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"the field H must be a finite number, not {value}")
        self._field = value
        self._thresholds = None

    @property
    def dynamics(self) -> str:
        """ "metropolis" or "glauber"."""
        return self._dynamics

    @dynamics.setter
    def dynamics(self, value: str) -> None:
        if value not in DYNAMICS:
            raise ValueError(f"unknown dynamics {value!r}: choose one of {', '.join(DYNAMICS)}")
        self._dynamics = value
        self._thresholds = None

    @property
    def bonds(self) -> str:
        """The sign pattern of the bonds: one of BONDS (set it with `set_bonds`)."""
        return self._bonds

    @bonds.setter
    def bonds(self, value: str) -> None:
        self.set_bonds(value)

    def set_bonds(self, bonds: str, memory: np.ndarray | None = None) -> None:
        """Use the sign pattern `bonds`; "memory" stores `memory` (or the picture stored last,
        all +1 if none). Spin-glass signs come from `disorder`: the same number, the same glass."""
        if bonds not in BONDS:
            raise ValueError(f"unknown bonds {bonds!r}: choose one of {', '.join(BONDS)}")
        if memory is not None:
            self._memory = self._checked_spins(memory, "the memory")
        signs = np.ones((len(self.shape), *self.shape), dtype=np.int8)  # [right, (down)]
        if bonds == "antiferro":
            signs[:] = -1
        elif bonds == "spin_glass":
            rng = np.random.default_rng([self.disorder, 1925])
            signs[:] = rng.choice(np.array([-1, 1], dtype=np.int8), size=signs.shape)
        elif bonds == "memory":
            for index, axis in enumerate(self._bond_axes()):
                signs[index] = self._memory * np.roll(self._memory, -1, axis=axis)
        self._bonds, self._signs = bonds, signs
        self._ground: np.ndarray | None = None  # cached for `measure`
        self._thresholds = None

    @property
    def memory(self) -> np.ndarray:
        """The picture "memory" bonds store: int8 +-1 copy, the lattice's shape."""
        return self._memory.copy()

    @property
    def bond_signs(self) -> np.ndarray:
        """(d, *shape) int8 copy: [0] the bond to the right neighbour, [1] to the one below."""
        return self._signs.copy()

    # --- state ------------------------------------------------------------------------------------
    @property
    def spins(self) -> np.ndarray:
        """int8 copy of the spins (+-1), the lattice's shape. Assign an array of +-1 to set them."""
        return self._spins.copy()

    @spins.setter
    def spins(self, values: np.ndarray) -> None:
        self._spins = self._checked_spins(values, "the spins")

    @property
    def n_spins(self) -> int:
        return self._spins.size

    def ground_state(self) -> np.ndarray | None:
        """The spins of lowest energy at H = 0 (one of the pair +-): all up for the
        ferromagnet, the checkerboard for the antiferromagnet, the picture for "memory" bonds;
        None for the spin glass (frustrated: no simple one)."""
        if self._bonds == "ferro":
            return np.ones(self.shape, dtype=np.int8)
        if self._bonds == "antiferro":
            return checkerboard(self.shape)
        if self._bonds == "memory":
            return self.memory
        return None

    def magnetization(self) -> float:
        """m = sum_i s_i / N, per spin, in [-1, 1]."""
        return float(np.mean(self._spins, dtype=np.float64))

    def staggered_magnetization(self) -> float:
        """sum_i (-1)^(i + j) s_i / N: the antiferromagnet's order parameter (+-1 on a
        checkerboard; on odd sides the checkerboard cannot close and the order is frustrated)."""
        return float(np.mean(self._spins * checkerboard(self.shape), dtype=np.float64))

    def order_parameter(self) -> float:
        """The overlap with the ground state sum_i g_i s_i / N: m for the ferromagnet, the
        staggered magnetisation for the antiferromagnet, the overlap with the stored picture for
        "memory" bonds; m for the spin glass."""
        ground = self.ground_state()
        if ground is None:
            return self.magnetization()
        return float(np.mean(self._spins * ground, dtype=np.float64))

    def energy(self) -> float:
        """E / N = (-sum_<ij> J_ij s_i s_j - H sum_i s_i) / N, each bond counted once."""
        s = self._spins.astype(np.int64)
        bonds = sum(
            np.sum(self._signs[index] * s * np.roll(s, -1, axis=axis))
            for index, axis in enumerate(self._bond_axes())
        )
        return float(-self._coupling * bonds - self._field * s.sum()) / s.size

    def measure(self) -> tuple[float, float, float]:
        """(magnetization(), energy(), order_parameter()) at once, per spin, from one compiled
        pass over the lattice (what a sweep measures after every sweep)."""
        if self._ground is None:
            ground = self.ground_state()
            self._ground = np.ones(self.shape, np.int8) if ground is None else ground
        total, bonds, overlap = kernels.lattice_sums(self._spins, self._signs, self._ground)
        n = self._spins.size
        energy = (-self._coupling * float(bonds) - self._field * float(total)) / n
        return float(total) / n, energy, float(overlap) / n

    # --- dynamics ---------------------------------------------------------------------------------
    def sweep(self, n: int = 1) -> None:
        """`n` checkerboard sweeps at the present temperature: n * N spin-update attempts."""
        n = int(n)
        if n < 0:
            raise ValueError(f"the number of sweeps must be >= 0, not {n}")
        if n == 0:
            return
        thresholds = self._acceptance_thresholds()
        if len(self.shape) == 1:
            kernels.sweep_chain(self._spins, self._signs[0], thresholds, self._rng_state, n)
        elif self._bonds in ("ferro", "antiferro"):
            kernels.sweep_grid_uniform(self._spins, thresholds, self._rng_state, n)
        else:
            right, down = self._signs
            kernels.sweep_grid(self._spins, right, down, thresholds, self._rng_state, n)
        self.sweeps_done += n

    def randomize(self) -> None:
        """Every spin +-1 with probability 1/2 (infinite temperature)."""
        self._spins = self._rng.choice(np.array([-1, 1], dtype=np.int8), size=self.shape)

    def order(self, sign: int = 1) -> None:
        """Put the lattice into its ground state (times `sign`); all up for the spin glass."""
        ground = self.ground_state()
        ground = np.ones(self.shape, dtype=np.int8) if ground is None else ground
        self._spins = (ground * (1 if sign >= 0 else -1)).astype(np.int8)

    # --- internals --------------------------------------------------------------------------------
    def _acceptance_thresholds(self) -> np.ndarray:
        """(2, 9) uint64: p(dE) * 2^32 indexed by [(s + 1) / 2, s * S + 4], S the bond-signed
        neighbour sum; uniform bonds fold their sign into J (the kernel then sums plain spins)."""
        if self._thresholds is None:
            sign = -1.0 if self._bonds == "antiferro" and len(self.shape) == 2 else 1.0
            spin = np.array([-1.0, 1.0])[:, None]
            s_times_sum = np.arange(-4, 5, dtype=float)[None, :]
            d_e = 2.0 * (sign * self._coupling * s_times_sum + self._field * spin)
            p = acceptance(d_e, self._temperature, self._dynamics)
            thresholds = np.floor(p * _THRESHOLD_ONE).astype(np.uint64)
            self._thresholds = np.minimum(thresholds, np.uint64(_THRESHOLD_ONE))
        return self._thresholds

    def _bond_axes(self) -> tuple[int, ...]:
        """The lattice axis of each row of `_signs`: right neighbours first, then below."""
        return (0,) if len(self.shape) == 1 else (1, 0)

    def _checked_spins(self, values: np.ndarray, what: str) -> np.ndarray:
        array = np.asarray(values)
        if array.shape != self.shape:
            raise ValueError(f"{what} have shape {array.shape}, the lattice {self.shape}")
        if not np.isin(array, (-1, 1)).all():
            raise ValueError(f"{what} must all be -1 or +1")
        return array.astype(np.int8)


__all__ = [
    "BONDS",
    "CRITICAL_TEMPERATURE",
    "DYNAMICS",
    "IsingModel",
    "acceptance",
    "chain_correlation_length",
    "chain_energy",
    "chain_specific_heat",
    "checkerboard",
    "onsager_energy",
    "onsager_magnetization",
    "onsager_specific_heat",
    "warm_up",
]
