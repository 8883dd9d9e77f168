"""The two networks beside the classic one, as the associative-memory session drives them: the
modern continuous network (Ramsauer et al. 2020) and the binary dense associative memory (Krotov
& Hopfield 2016) from models.modern_hopfield, each behind a stepper with the interface of
`HopfieldDynamics` (state, energy, updates, last_unit, outcome, mode, temperature, cycle_length,
step), and their energy landscapes over the overlaps with two memories. Pure numpy; no Qt.
"""

from __future__ import annotations

import numpy as np

from models.modern_hopfield import DenseAssociativeMemory, ModernHopfield

SETTLED = 1e-6  # a modern update moving no unit by more than this leaves the state at rest
VISIBLE = 1 / 256  # an update moving some unit by more than this changes the grey on screen


def signs(state: np.ndarray) -> np.ndarray:
    """(N,) int8 +-1 of any state: > 0 is +1 (what the grid draws as ink), the rest -1."""
    return np.where(np.asarray(state) > 0, 1, -1).astype(np.int8)


class ModernStepper:
    """Runs a `ModernHopfield`: every step is one whole update xi <- X^T softmax(beta X xi), so
    it counts N unit updates (one sweep) and always behaves as synchronous. At rest
    ("fixed_point") once an update moves no unit by more than SETTLED; `moving_steps` counts the
    updates that changed the picture (moved a unit by more than VISIBLE, a grey level): 1 for a
    memory retrieved in one step, whatever dust of the others the next updates clear away."""

    temperature = 0.0  # deterministic: the lab's T does not apply
    cycle_length = 0
    last_unit = -1

    def __init__(self, net: ModernHopfield, state: np.ndarray) -> None:
        self._net = net
        self._xi = np.clip(np.asarray(state, dtype=np.float64), -1.0, 1.0)
        self.updates, self.moving_steps, self.outcome = 0, 0, "running"
        self.energy = net.energy(self._xi) if net.n_patterns else 0.0

    @property
    def state(self) -> np.ndarray:
        """(N,) float64 copy of the continuous state, each unit in [-1, 1]."""
        return self._xi.copy()

    @property
    def mode(self) -> str:
        return "sync"

    @mode.setter
    def mode(self, _mode: str) -> None:
        """The update order does not apply: the modern update is one matrix product."""

    def step(self, n: int = 1) -> np.ndarray:
        """Up to `n` updates; the energy after each (fewer once at rest, none after)."""
        energies = []
        while len(energies) < n and self.outcome == "running":
            new = self._net.update(self._xi)
            moved = float(np.max(np.abs(new - self._xi)))
            self._xi = new
            self.updates += self._xi.size
            self.energy = self._net.energy(self._xi)
            energies.append(self.energy)
            if moved <= SETTLED:
                self.outcome = "fixed_point"
            if moved > VISIBLE:
                self.moving_steps += 1
        return np.array(energies, dtype=np.float64)


class DenseStepper:
    """Runs a `DenseAssociativeMemory` unit by unit at T = 0, as `DenseDynamics` does (the same
    update, tie keeps the unit, the same seeded sweep orders) but stoppable after any unit:
    "async" (a fresh random order each sweep), "sequential", or "sync" (whole steps, ending in
    a fixed point or a "two_cycle"). M = X s is kept in step, so an update costs O(P)."""

    temperature = 0.0  # the dense memory runs at T = 0 only

    def __init__(self, net: DenseAssociativeMemory, state: np.ndarray, mode: str, seed) -> None:
        self._net = net
        self._x = net.patterns.astype(np.float64)
        self._s = signs(state)
        self._m = self._x @ self._s
        self._rng = np.random.default_rng(seed)
        self._mode = mode
        self.updates, self.last_unit, self.outcome = 0, -1, "running"
        self._restart_sweep()

    def _restart_sweep(self) -> None:
        self._order, self._position, self._flips, self._previous = None, 0, 0, None

    @property
    def state(self) -> np.ndarray:
        return self._s.copy()

    @property
    def energy(self) -> float:
        """E = -sum_mu F(xi^mu . s)."""
        return -float(np.sum(self._net.interaction(self._m)))

    @property
    def cycle_length(self) -> int:
        return 2 if self.outcome == "two_cycle" else 0

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode != self._mode:
            self._mode, self.outcome = mode, "running"
            self._restart_sweep()

    def step(self, n: int = 1) -> np.ndarray:
        """n unit updates (sync: n whole steps); the energy after each."""
        energies = []
        while len(energies) < n and self.outcome == "running":
            if self._mode == "sync":
                self._sync_step()
            else:
                self._unit_step()
            energies.append(self.energy)
        return np.array(energies, dtype=np.float64)

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

    def _gain(self, i: int) -> float:
        """sum_mu F(xi_i + r) - F(-xi_i + r), r = M - xi_i s_i: > 0 favours s_i = +1."""
        column = self._x[:, i]
        rest = self._m - column * self._s[i]
        f = self._net.interaction
        return float(np.sum(f(rest + column) - f(rest - column)))

    def _sync_step(self) -> None:
        rest = self._m[:, None] - self._x * self._s[None, :]  # (P, N)
        f = self._net.interaction
        gains = np.sum(f(rest + self._x) - f(rest - self._x), axis=0)
        new = np.where(gains > 0, 1, np.where(gains < 0, -1, self._s)).astype(np.int8)
        before = self._s.copy()
        self._s = new
        self._m = self._x @ new
        self.updates += new.size
        self.last_unit = -1
        if np.array_equal(new, before):
            self.outcome = "fixed_point"
        elif self._previous is not None and np.array_equal(new, self._previous):
            self.outcome = "two_cycle"
        self._previous = before


def modern_landscape(
    net: ModernHopfield, a: int, b: int, resolution: int = 41
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Energy of the modern network over the overlaps (m_a, m_b) with memories a and b, on the
    plane of the two: xi = c_a xi^a + c_b xi^b with the overlaps asked for (the smallest state
    that has them). Returns m_a, m_b = linspace(-1, 1, R) and E (R, R) with E[i, j] at
    (m_a[i], m_b[j]); NaN where such a xi would leave [-1, 1] by more than a grid step (or the
    two memories are equal)."""
    x = net.patterns
    n = x.shape[1]
    axis = np.linspace(-1.0, 1.0, resolution)
    m_a, m_b = (m.ravel() for m in np.meshgrid(axis, axis, indexing="ij"))
    cross = float(x[a] @ x[b]) / n
    energy = np.full(m_a.size, np.nan)
    det = 1.0 - cross * cross
    if det > 1e-9:
        c_a = (m_a - cross * m_b) / det
        c_b = (m_b - cross * m_a) / det
        # the units of xi take the values +-c_a +-c_b where the memories have those signs
        pairs = {(int(p), int(q)) for p, q in zip(np.sign(x[a]), np.sign(x[b]), strict=True)}
        largest = np.max([np.abs(p * c_a + q * c_b) for p, q in pairs], axis=0)
        inside = largest <= 1.0 + 2.0 / (resolution - 1)  # grid points next to the memories
        za, zb = x @ x[a], x @ x[b]  # X xi^a, X xi^b
        z = c_a[inside, None] * za[None, :] + c_b[inside, None] * zb[None, :]
        beta = net.beta
        top = z.max(axis=1)
        lses = top + np.log(np.sum(np.exp(beta * (z - top[:, None])), axis=1)) / beta
        norms = n * (c_a[inside] ** 2 + c_b[inside] ** 2 + 2 * cross * c_a[inside] * c_b[inside])
        energy[inside] = -lses + 0.5 * norms
    return axis, axis.copy(), energy.reshape(resolution, resolution)


def dense_landscape(
    net: DenseAssociativeMemory, a: int, b: int, resolution: int = 41, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Energy -sum_mu F(xi^mu . s) of the dense memory over the overlaps (m_a, m_b) with
    memories a and b, for the same kind of representative +-1 states as
    `HopfieldNetwork.energy_landscape`: s = -xi^a with the first k_A units where the two agree
    and the first k_D where they differ (in a seeded order) set to xi^a. NaN where no such
    state comes within half a grid step."""
    x = net.patterns.astype(np.int64)
    n = x.shape[1]
    xa = x[a]
    rng = np.random.default_rng(seed)
    same = rng.permutation(np.flatnonzero(x[a] == x[b]))
    diff = rng.permutation(np.flatnonzero(x[a] != x[b]))
    axis = np.linspace(-1.0, 1.0, resolution)
    m_a, m_b = (m.ravel() for m in np.meshgrid(axis, axis, indexing="ij"))
    k_same = np.rint((n * (m_a + m_b) / 2 + same.size) / 2).clip(0, same.size).astype(np.intp)
    k_diff = np.rint((n * (m_a - m_b) / 2 + diff.size) / 2).clip(0, diff.size).astype(np.intp)
    reach_a = (2 * k_same - same.size + 2 * k_diff - diff.size) / n
    reach_b = (2 * k_same - same.size - (2 * k_diff - diff.size)) / n
    half_step = 1.0 / (resolution - 1) + 1e-9
    feasible = (np.abs(reach_a - m_a) <= half_step) & (np.abs(reach_b - m_b) <= half_step)
    # X s = -X xi^a + 2 (the part of X xi^a on the units set to xi^a), by prefix sums
    contrib = x * xa[None, :]  # (P, N): xi^mu_i xi^a_i
    prefix_same = np.concatenate(
        [np.zeros((x.shape[0], 1)), np.cumsum(contrib[:, same], axis=1)], axis=1
    )
    prefix_diff = np.concatenate(
        [np.zeros((x.shape[0], 1)), np.cumsum(contrib[:, diff], axis=1)], axis=1
    )
    sums = -contrib.sum(axis=1)[None, :] + 2 * (prefix_same[:, k_same] + prefix_diff[:, k_diff]).T
    energy = -np.sum(net.interaction(sums), axis=1)
    energy[~feasible] = np.nan
    return axis, axis.copy(), energy.reshape(resolution, resolution)
