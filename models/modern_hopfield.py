"""Modern Hopfield networks: the continuous network of Ramsauer et al. (2020) and the binary
dense associative memory of Krotov & Hopfield (2016). Pure numpy; no Qt.

ModernHopfield (Ramsauer et al. 2020, "Hopfield networks is all you need"): memories X (P, N),
a continuous state xi (N,), and the update

    xi <- X^T softmax(beta X xi),

whose attention weights softmax(beta X xi) (P,) are the attention of a transformer with the
memories as keys and values and the state as the query. The energy

    E(xi) = -lse(beta, X xi) + 1/2 xi.xi,   lse(beta, z) = beta^-1 log sum_mu exp(beta z_mu),

never rises under the update (a concave-convex procedure); the constant beta^-1 log P + M^2 / 2
of the paper is left out. Large beta retrieves one memory in one step, even far above the
classic 0.14 N (P = 200 random memories of N = 64 at beta = 1); beta -> 0 gives the mean of all
memories, intermediate beta metastable states averaging similar memories.

DenseAssociativeMemory (Krotov & Hopfield 2016): +-1 units and the energy
E(s) = -sum_mu F(xi^mu . s) with the rectified polynomial F(x) = max(x, 0)^n. The asynchronous
update sets s_i to the sign of the energy it saves,

    s_i <- sign(sum_mu [F(xi_i^mu + r_mu) - F(-xi_i^mu + r_mu)]),  r_mu = sum_{j != i} xi_j^mu s_j,

(a tie keeps s_i), so E never rises. Degree n = 2 is the classic network (up to a constant);
capacity grows like N^(n-1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models._hopfield_checks import _as_patterns, _as_state, _check_choice, _check_int, _check_seed
from models.hopfield_dynamics import MODES, RecallResult

MAX_UNITS = 1 << 16
MAX_BETA = 1e6
MAX_DEGREE = 10


def _check_positive(value: object, name: str, high: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not (math.isfinite(number) and 0.0 < number <= high):
        raise ValueError(f"{name} must be a number above 0 and at most {high:g}, got {value!r}")
    return number


def _as_memories(patterns: object, n_units: int) -> np.ndarray:
    """(P, N) float64 copy of one memory (N,) or several (P, N) of finite reals."""
    array = np.asarray(patterns)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"memories must be numbers, got {array.dtype} data")
    array = array[np.newaxis, :] if array.ndim == 1 else array
    if array.ndim != 2 or array.shape[1] != n_units:
        raise ValueError(
            f"memories must have shape (P, {n_units}) or ({n_units},), got {np.shape(patterns)}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError("memories must be finite numbers")
    return array.astype(np.float64)


def _as_vector(state: object, n_units: int, what: str = "state") -> np.ndarray:
    array = np.asarray(state)
    if array.shape != (n_units,) or array.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be {n_units} numbers, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} must be finite numbers")
    return array.astype(np.float64)


def softmax(z: np.ndarray) -> np.ndarray:
    """exp(z) / sum exp(z), computed without overflow."""
    e = np.exp(z - z.max())
    return e / e.sum()


def lse(beta: float, z: np.ndarray) -> float:
    """beta^-1 log sum exp(beta z), computed without overflow."""
    top = float(z.max())
    return top + math.log(float(np.sum(np.exp(beta * (z - top))))) / beta


@dataclass(frozen=True)
class RetrievalResult:
    """Outcome of `ModernHopfield.retrieve`: state (N,) float64 where the updates stopped;
    steps: updates made (the last changed the state by less than the tolerance, unless
    max_steps ran out); energies (steps + 1,): energies[0] is the cue's; converged."""

    state: np.ndarray
    steps: int
    energies: np.ndarray
    converged: bool


class ModernHopfield:
    """The continuous modern Hopfield network (Ramsauer et al. 2020) of `n_units` units at
    inverse temperature `beta` (see the module docstring)."""

    def __init__(self, n_units: int, beta: float = 1.0) -> None:
        self._n = _check_int(n_units, "number of units", 1, MAX_UNITS)
        self._memories = np.empty((0, self._n))
        self.beta = beta

    @property
    def n_units(self) -> int:
        return self._n

    @property
    def n_patterns(self) -> int:
        return self._memories.shape[0]

    @property
    def patterns(self) -> np.ndarray:
        """(P, N) float64 copy of the stored memories, in storage order."""
        return self._memories.copy()

    @property
    def beta(self) -> float:
        return self._beta

    @beta.setter
    def beta(self, beta: float) -> None:
        self._beta = _check_positive(beta, "beta", MAX_BETA)

    def store(self, patterns: object) -> None:
        """Add one memory (N,) or several (P, N) (any real values; +-1 for pictures)."""
        self._memories = np.concatenate([self._memories, _as_memories(patterns, self._n)])

    def remove(self, index: int) -> None:
        """Forget memory `index` (negative counts from the end)."""
        p = self.n_patterns
        if p == 0:
            raise ValueError("there is no stored memory to remove")
        index = _check_int(index, "memory index", -p, p - 1)
        self._memories = np.delete(self._memories, index, axis=0)

    def clear(self) -> None:
        self._memories = np.empty((0, self._n))

    def _require_memories(self) -> None:
        if self.n_patterns == 0:
            raise ValueError("store at least one memory first")

    def attention(self, state: object) -> np.ndarray:
        """(P,) attention weights softmax(beta X xi): how much each memory counts in the update
        (they sum to 1)."""
        self._require_memories()
        return softmax(self._beta * (self._memories @ _as_vector(state, self._n)))

    def update(self, state: object) -> np.ndarray:
        """(N,) float64 new state X^T softmax(beta X xi): the attention-weighted memories."""
        return self.attention(state) @ self._memories

    def energy(self, state: object) -> float:
        """E = -lse(beta, X xi) + 1/2 xi.xi (without the paper's constant)."""
        self._require_memories()
        xi = _as_vector(state, self._n)
        return -lse(self._beta, self._memories @ xi) + 0.5 * float(xi @ xi)

    def dynamics(self, cue: object, tol: float = 1e-9) -> ModernDynamics:
        """A stepper started at `cue`, at rest once an update moves no unit by more than `tol`
        (the GUI drives it; `retrieve` runs one to the end)."""
        return ModernDynamics(self, _as_vector(cue, self._n, "cue"), float(tol))

    def retrieve(self, cue: object, max_steps: int = 100, tol: float = 1e-9) -> RetrievalResult:
        """Update from `cue` until a step moves the state by at most `tol` (largest change of
        one unit) or `max_steps` updates are done. Usually one step at large beta."""
        max_steps = _check_int(max_steps, "max_steps", 1, 1_000_000)
        dyn = self.dynamics(cue, tol)
        energies = np.concatenate([[dyn.energy], dyn.step(max_steps)])
        converged = dyn.outcome == "fixed_point"
        return RetrievalResult(dyn.state, energies.size - 1, energies, converged)


class ModernDynamics:
    """Steps a `ModernHopfield` from a state xi (N,) float64: every step is one whole update
    xi <- X^T softmax(beta X xi) with the network's memories and beta at that moment, counted as
    N unit updates. At rest ("fixed_point") once an update moves no unit by more than `tol`;
    the energy never rises, so there is no cycle. `mode`, `last_unit` and `cycle_length` are
    those of `HopfieldDynamics` for a run that is always synchronous."""

    mode = "sync"  # one matrix product updates every unit at once
    last_unit = -1  # no single unit is updated last
    cycle_length = 0

    def __init__(self, net: ModernHopfield, state: np.ndarray, tol: float) -> None:
        self._net, self._xi, self._tol = net, state, tol
        self.updates, self.outcome, self.last_change = 0, "running", 0.0
        self._energy = net.energy(state) if net.n_patterns else 0.0

    @property
    def state(self) -> np.ndarray:
        """(N,) float64 copy of the current state."""
        return self._xi.copy()

    @property
    def energy(self) -> float:
        """E of the current state (see `ModernHopfield.energy`); 0 with no memory stored."""
        return self._energy

    def step(self, n: int = 1) -> np.ndarray:
        """Up to n updates; the energy after each, float64 (fewer once at rest, none after).
        `last_change` is then the largest change of one unit in the last update."""
        energies = []
        while len(energies) < n and self.outcome == "running":
            new = self._net.update(self._xi)
            self.last_change = float(np.max(np.abs(new - self._xi)))
            self._xi = new
            self.updates += new.size
            self._energy = self._net.energy(new)
            energies.append(self._energy)
            if self.last_change <= self._tol:
                self.outcome = "fixed_point"
        return np.array(energies, dtype=np.float64)


class DenseAssociativeMemory:
    """The binary dense associative memory (Krotov & Hopfield 2016) of `n_units` +-1 units with
    the interaction F(x) = max(x, 0)^degree (see the module docstring)."""

    def __init__(self, n_units: int, degree: int = 3) -> None:
        self._n = _check_int(n_units, "number of units", 2, MAX_UNITS)
        self._patterns = np.empty((0, self._n), dtype=np.int8)
        self.degree = degree

    @property
    def n_units(self) -> int:
        return self._n

    @property
    def n_patterns(self) -> int:
        return self._patterns.shape[0]

    @property
    def patterns(self) -> np.ndarray:
        """(P, N) int8 copy of the stored memories."""
        return self._patterns.copy()

    @property
    def degree(self) -> int:
        return self._degree

    @degree.setter
    def degree(self, degree: int) -> None:
        self._degree = _check_int(degree, "degree", 1, MAX_DEGREE)

    def store(self, patterns: object) -> None:
        """Add one pattern (N,) or several (P, N) of +-1."""
        self._patterns = np.concatenate([self._patterns, _as_patterns(patterns, self._n)])

    def remove(self, index: int) -> None:
        p = self.n_patterns
        if p == 0:
            raise ValueError("there is no stored memory to remove")
        index = _check_int(index, "memory index", -p, p - 1)
        self._patterns = np.delete(self._patterns, index, axis=0)

    def clear(self) -> None:
        self._patterns = np.empty((0, self._n), dtype=np.int8)

    def interaction(self, x: np.ndarray) -> np.ndarray:
        """F(x) = max(x, 0)^n, float64."""
        return np.maximum(np.asarray(x, dtype=np.float64), 0.0) ** self._degree

    def energy(self, state: object) -> float:
        """E(s) = -sum_mu F(xi^mu . s)."""
        s = _as_state(state, self._n)
        return -float(np.sum(self.interaction(self._overlap_sums(s))))

    def overlaps(self, state: object) -> np.ndarray:
        """(P,) overlaps xi^mu . s / N."""
        return self._overlap_sums(_as_state(state, self._n)) / self._n

    def _overlap_sums(self, s: np.ndarray) -> np.ndarray:
        return self._patterns.astype(np.int64) @ s.astype(np.int64)

    def dynamics(self, cue: object, mode: str = "async", seed: int | None = 0) -> DenseDynamics:
        """A stepper started at `cue` (the GUI drives it; `recall` runs one to the end)."""
        state = _as_state(cue, self._n, "cue")
        return DenseDynamics(self, state, _check_choice(mode, "mode", MODES), _check_seed(seed))

    def recall(
        self, cue: object, mode: str = "async", seed: int | None = 0, max_sweeps: int = 100
    ) -> RecallResult:
        """Run from `cue` sweep by sweep until nothing changes (or max_sweeps); the same result
        type as `HopfieldNetwork.recall` (energies after each sweep)."""
        max_sweeps = _check_int(max_sweeps, "max_sweeps", 1, 100_000)
        dyn = self.dynamics(cue, mode, seed)
        energies = [dyn.energy]
        while dyn.outcome == "running" and len(energies) <= max_sweeps:
            dyn.sweep()
            energies.append(dyn.energy)
        outcome = "max_sweeps" if dyn.outcome == "running" else dyn.outcome
        cycle = 2 if outcome == "two_cycle" else 0
        return RecallResult(dyn.state, np.array(energies), len(energies) - 1, outcome, cycle)


class DenseDynamics:
    """Steps a `DenseAssociativeMemory` (T = 0); `recall` and the GUI both drive it. Modes as
    `HopfieldDynamics`: "async" (a fresh random order each sweep), "sequential" (0..N-1), "sync"
    (all units at once; ends in a fixed point or is reported as a "two_cycle" when a step returns
    the state of two steps ago). Stoppable after any unit: `step(n)` makes n unit updates (sync:
    n whole-network steps). Asynchronous/sequential runs reach "fixed_point" after a whole sweep
    with no flip. Changing the mode sets the outcome back to "running" and starts a new sweep.
    M = X s is kept in step with the state, so an update costs O(P)."""

    def __init__(
        self, memory: DenseAssociativeMemory, state: np.ndarray, mode: str, seed: int | None
    ) -> None:
        self._net, self._s, self._mode = memory, state, mode
        self._x = memory._patterns.astype(np.float64)
        self._m = self._x @ state
        self._rng = np.random.default_rng(seed)
        self.outcome, self.updates, self.last_unit = "running", 0, -1
        self._restart_sweep()

    def _restart_sweep(self) -> None:
        """Forget the partial sweep and the sync history: termination must be seen again."""
        self._order, self._position, self._flips = np.arange(0), 0, 0
        self._previous: np.ndarray | None = None

    @property
    def state(self) -> np.ndarray:
        """(N,) int8 copy of the current state."""
        return self._s.copy()

    @property
    def energy(self) -> float:
        """E = -sum_mu F(xi^mu . s) of the current state."""
        return -float(np.sum(self._net.interaction(self._m)))

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        mode = _check_choice(mode, "mode", MODES)
        if mode != self._mode:
            self._mode, self.outcome = mode, "running"
            self._restart_sweep()

    @property
    def cycle_length(self) -> int:
        """2 once the run has ended in a two-cycle (sync), else 0."""
        return 2 if self.outcome == "two_cycle" else 0

    def step(self, n: int = 1) -> np.ndarray:
        """n unit updates (sync: n whole-network steps); the energy after each, float64, shorter
        than n once the run has come to rest (empty after)."""
        n = _check_int(n, "number of steps", 0, 100_000_000)
        energies = []
        while len(energies) < n and self.outcome == "running":
            if self._mode == "sync":
                self._sync_step()
            else:
                self._unit_step()
            energies.append(self.energy)
        return np.array(energies, dtype=np.float64)

    def sweep(self) -> np.ndarray:
        """The updates to the end of the current sweep (from a sweep boundary, as `recall` calls
        it: one sweep of N updates; sync: one step); returns the energy after it as (1,), or
        nothing once the run has come to rest."""
        if self.outcome != "running":
            return np.empty(0)
        self.step(1 if self._mode == "sync" else self._s.size - self._position)
        return np.array([self.energy])

    def _gain(self, i: int) -> float:
        """sum_mu F(xi_i + r) - F(-xi_i + r), r = M - xi_i s_i: > 0 favours s_i = +1."""
        column = self._x[:, i]
        rest = self._m - column * self._s[i]
        f = self._net.interaction
        return float(np.sum(f(rest + column) - f(rest - column)))

    def _unit_step(self) -> None:
        n = self._s.size
        if self._position == 0:
            self._order = self._rng.permutation(n) if self._mode == "async" else np.arange(n)
            self._flips = 0
        i = int(self._order[self._position])
        gain = self._gain(i)
        new = 1 if gain > 0 else -1 if gain < 0 else int(self._s[i])
        if new != self._s[i]:
            self._m += (new - self._s[i]) * self._x[:, i]
            self._s[i] = new
            self._flips += 1
        self.updates += 1
        self.last_unit = i
        self._position += 1
        if self._position == n:
            self._position = 0
            if self._flips == 0:
                self.outcome = "fixed_point"

    def _sync_step(self) -> None:
        rest = self._m[:, None] - self._x * self._s[None, :]  # (P, N): r for every unit
        f = self._net.interaction
        gains = np.sum(f(rest + self._x) - f(rest - self._x), axis=0)
        new = np.where(gains > 0, 1, np.where(gains < 0, -1, self._s)).astype(np.int8)
        before = self._s.copy()
        self._s[:] = new
        self._m = self._x @ self._s
        self.updates += new.size
        self.last_unit = -1
        if np.array_equal(new, before):
            self.outcome = "fixed_point"
        elif self._previous is not None and np.array_equal(new, self._previous):
            self.outcome = "two_cycle"
        self._previous = before
