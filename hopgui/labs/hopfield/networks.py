"""The two networks beside the classic one, as the associative-memory session drives them: the
modern continuous network (Ramsauer et al. 2020) and the binary dense associative memory (Krotov
& Hopfield 2016) from models.modern_hopfield, stepped by their own `ModernDynamics` and
`DenseDynamics` (here only adapted for the lab's verdict), and their energy landscapes over the
overlaps with two memories. Pure numpy; no Qt.
"""

from __future__ import annotations

import numpy as np

from models.modern_hopfield import DenseAssociativeMemory, ModernDynamics, ModernHopfield

SETTLED = 1e-6  # a modern update moving no unit by more than this leaves the state at rest
VISIBLE = 1 / 256  # an update moving some unit by more than this changes the grey on screen


def signs(state: np.ndarray) -> np.ndarray:
    """(N,) int8 +-1 of any state: > 0 is +1 (what the grid draws as ink), the rest -1."""
    return np.where(np.asarray(state) > 0, 1, -1).astype(np.int8)


class ModernStepper(ModernDynamics):
    """The model's `ModernDynamics` from a state clipped to [-1, 1], at rest once an update moves
    no unit by more than SETTLED, that also counts in `moving_steps` the updates that changed
    the picture (moved a unit by more than VISIBLE, a grey level): 1 for a memory retrieved in
    one step, whatever dust of the others the next updates clear away."""

    def __init__(self, net: ModernHopfield, state: np.ndarray) -> None:
        super().__init__(net, np.clip(np.asarray(state, dtype=np.float64), -1.0, 1.0), SETTLED)
        self.moving_steps = 0

    def step(self, n: int = 1) -> np.ndarray:
        """Up to `n` updates; the energy after each (fewer once at rest, none after)."""
        energies = []
        for _ in range(n):
            if self.outcome != "running":
                break
            energies.extend(super().step(1))
            self.moving_steps += int(self.last_change > VISIBLE)
        return np.array(energies, dtype=np.float64)


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
