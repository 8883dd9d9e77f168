"""Binary Hopfield network (Hopfield 1982, PNAS 79:2554): storage rules, dynamics, energy.

Units s_i in {-1, +1}; stored patterns xi^mu (mu = 1..P); local field h_i = sum_j w_ij s_j;
energy E(s) = -1/2 s^T W s; overlap m_mu = xi^mu . s / N. Every rule but "sequence" gives a
symmetric W with a zero diagonal, so asynchronous T = 0 updates never raise E
(dE = -ds_i h_i <= 0).

Rules:
* "hebbian": W = (1/N) sum_mu xi^mu xi^mu^T, w_ii = 0. Never built as a matrix for the dynamics:
  the fields come from the low-rank form h_i = (sum_mu xi_i^mu M_mu - P s_i)/N with M = X s.
* "storkey": Storkey (1997) incremental rule, patterns added in storage order.
* "pseudoinverse": projection rule W = X^T (X X^T)^+ X, diagonal zeroed (Personnaz et al. 1985;
  Kanter & Sompolinsky 1987); X is the (P, N) pattern matrix.
* "sequence": W = (1/N) sum_mu xi^(mu+1) xi^mu^T, cyclic (xi^(P+1) = xi^1), diagonal zeroed
  (Sompolinsky & Kanter 1986; Kleinfeld 1986). Asymmetric: synchronous updates step from xi^mu
  to xi^(mu+1), so the memories replay in storage order; there is no energy function.

Changing the weights by hand (models.hopfield_damage has the details): `set_asymmetry(a)` mixes a
random antisymmetric part into any rule's W, `damage(fraction, kind)` cuts symmetric pairs of
synapses or silences units, `repair()` undoes the damage. Both survive storing and switching
rules (they are re-applied to the new weights) and make the network keep a dense W, so they
need at most MAX_DENSE_UNITS units.

Recall and the GUI's stepping share one implementation of the dynamics, `HopfieldDynamics` in
models.hopfield_dynamics (re-exported here with `RecallResult`, `MODES` and `MAX_STEPS`), whose
per-update loops are numba kernels in models._hopfield_kernels. The argument checks shared by
both modules are in models._hopfield_checks, the weight matrices of the rules in
models._hopfield_weights and the overlap plane of `energy_landscape` in models._hopfield_landscape.

Importing this module imports no numba and compiles nothing. numba is imported on the first call
that runs a compiled loop: the dynamics (`dynamics`, `recall`), and `overlaps`, `local_field` and
`energy` of a Hebbian network. Storing with any rule, `weights`, `weights_subset`,
`energy_landscape` and `landscape_state` are plain numpy. `warm_up()` compiles every kernel
ahead of first use.

Long weight computations (the Storkey and pseudo-inverse rules at thousands of units: about
0.3 s at N = 4096, P = 300 on one core, from 19 s) report progress and can be cancelled:
`set_rule`, `store` and `remove` take an optional `progress(fraction)` callback, called every
few per cent of the work with a fraction from 0 to 1 (last with 1.0). Whatever it raises stops
the computation at once and propagates, and the network is left exactly as it was (same rule,
patterns and weights). Without a callback nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from models._hopfield_checks import (
    _as_patterns,
    _as_state,
    _check_choice,
    _check_int,
    _check_seed,
    _check_temperature,
)
from models._hopfield_landscape import OverlapPlane
from models._hopfield_weights import (
    dense_fields,
    hebbian_counts,
    pseudoinverse_weights,
    sequence_weights,
    storkey_weights,
)
from models._lazy import lazy_import
from models.hopfield_damage import DAMAGE_KINDS, Alterations
from models.hopfield_dynamics import MAX_STEPS as MAX_STEPS
from models.hopfield_dynamics import MODES as MODES
from models.hopfield_dynamics import AsymmetricField, DenseField, LowRankField
from models.hopfield_dynamics import HopfieldDynamics as HopfieldDynamics
from models.hopfield_dynamics import RecallResult as RecallResult

kernels = lazy_import("models._hopfield_kernels")  # numba loads on first use, not on import

RULES = ("hebbian", "storkey", "pseudoinverse", "sequence")
MAX_DENSE_UNITS = 8192  # a dense float32 W at this size takes 256 MB
MAX_UNITS = 1 << 20
MAX_SWEEPS = 100_000

Progress = Callable[[float], object]


class HopfieldNetwork:
    """A Hopfield network of `n_units` +-1 units storing patterns with one of RULES.

    Storing adds patterns to those already stored (Hebbian superposition). Storkey,
    pseudo-inverse and sequence weights are kept as a dense float32 matrix (at most
    MAX_DENSE_UNITS units); the Hebbian rule keeps only the patterns and works at any size up to
    MAX_UNITS (until it is damaged or made asymmetric: then it keeps a dense W too).
    asymmetry: see `set_asymmetry` (0 keeps the rule's own weights).
    """

    def __init__(self, n_units: int, rule: str = "hebbian", asymmetry: float = 0.0) -> None:
        self._n = _check_int(n_units, "number of units", 2, MAX_UNITS)
        self._patterns = np.empty((0, self._n), dtype=np.int8)
        self._rule = "hebbian"
        self._base: np.ndarray | None = None  # the rule's float32 W (None: Hebbian, low rank)
        self._dense: np.ndarray | None = None  # the W the dynamics use (base, or altered)
        self._transposed: np.ndarray | None = None  # cached (N, P) patterns for the kernels
        self._alter = Alterations(self._n)
        self.set_rule(rule)
        if asymmetry:
            self.set_asymmetry(asymmetry)

    @property
    def n_units(self) -> int:
        return self._n

    @property
    def n_patterns(self) -> int:
        return self._patterns.shape[0]

    @property
    def patterns(self) -> np.ndarray:
        """(P, N) int8 copy of everything stored, in storage order."""
        return self._patterns.copy()

    @property
    def rule(self) -> str:
        return self._rule

    @rule.setter
    def rule(self, rule: str) -> None:
        self.set_rule(rule)

    def set_rule(self, rule: str, progress: Progress | None = None) -> None:
        """Switch the learning rule and recompute the weights from the stored patterns.

        progress: optional `progress(fraction)` callback (see the module docstring); if it
        raises, the network keeps its old rule and weights and the exception propagates.
        """
        rule = _check_choice(rule, "rule", RULES)
        if rule != "hebbian" and self._n > MAX_DENSE_UNITS:
            raise ValueError(
                f"the {rule} rule needs a dense {self._n} x {self._n} weight matrix "
                f"({4 * self._n**2 / 1e9:.1f} GB); use at most {MAX_DENSE_UNITS} units "
                "or the Hebbian rule"
            )
        base = self._weights_for(rule, self._patterns, progress)
        self._rule, self._base, self._transposed = rule, base, None
        self._dense = self._alter.applied(base, self._patterns)

    def store(self, patterns: object, progress: Progress | None = None) -> None:
        """Add one pattern (N,) or several (P, N) of +-1 to the stored ones.

        progress: optional `progress(fraction)` callback; if it raises, nothing is stored.
        """
        new = _as_patterns(patterns, self._n)
        if new.shape[0] == 0:
            if progress is not None:
                progress(1.0)
            return
        stack = np.concatenate([self._patterns, new])
        if self._rule == "storkey":  # incremental: only the new patterns are added
            base = storkey_weights(new, self._base, progress)
        else:
            base = self._weights_for(self._rule, stack, progress)
        self._set_weights(stack, base)

    def remove(self, index: int, progress: Progress | None = None) -> None:
        """Forget stored pattern `index` (negative counts from the end); weights are rebuilt.

        progress: optional `progress(fraction)` callback; if it raises, nothing is removed.
        """
        p = self.n_patterns
        if p == 0:
            raise ValueError("there is no stored pattern to remove")
        index = _check_int(index, "pattern index", -p, p - 1)
        stack = np.delete(self._patterns, index, axis=0)
        self._set_weights(stack, self._weights_for(self._rule, stack, progress))

    def clear(self) -> None:
        """Forget every stored pattern (damage and asymmetry stay)."""
        stack = np.empty((0, self._n), dtype=np.int8)
        self._set_weights(stack, self._weights_for(self._rule, stack, None))

    def _set_weights(self, patterns: np.ndarray, base: np.ndarray | None) -> None:
        self._patterns, self._base, self._transposed = patterns, base, None
        self._dense = self._alter.applied(base, patterns)

    def _weights_for(
        self, rule: str, patterns: np.ndarray, progress: Progress | None
    ) -> np.ndarray | None:
        """The dense W of `rule` for `patterns` (None for Hebbian); touches nothing of self."""
        if rule == "storkey":  # replayed in storage order: the rule is order dependent
            return storkey_weights(patterns, progress=progress)
        if rule == "pseudoinverse":
            return pseudoinverse_weights(patterns, progress)
        if rule == "sequence":
            return sequence_weights(patterns, progress)
        if progress is not None:
            progress(1.0)
        return None

    # --- asymmetry and damage ---------------------------------------------------------------------

    @property
    def symmetric(self) -> bool:
        """Is W symmetric (so asynchronous updates never raise the energy)?"""
        return self._rule != "sequence" and self._alter.asymmetry == 0.0

    @property
    def asymmetry(self) -> float:
        return self._alter.asymmetry

    def set_asymmetry(self, asymmetry: float, seed: int | None = 0) -> None:
        """Mix a random antisymmetric part into W: W + a * rms(W) * R, R_ij = -R_ji ~ N(0, 1).

        a = asymmetry from 0 (the rule's own W) to 1 (antisymmetric noise as strong as the
        weights); rms(W) is the root mean square of the rule's off-diagonal weights. The same
        seed gives the same R. Needs a dense W: at most MAX_DENSE_UNITS units.
        """
        self._alter.set_asymmetry(asymmetry, _check_seed(seed))
        self._dense = self._alter.applied(self._base, self._patterns)

    @property
    def alive(self) -> np.ndarray:
        """(N,) bool: False for units silenced by `damage(kind="units")`."""
        return self._alter.alive()

    @property
    def cut_fraction(self) -> float:
        """Fraction of the N (N - 1) / 2 symmetric synapse pairs cut by `damage`."""
        return self._alter.cut_fraction()

    def damage(self, fraction: float, kind: str = "synapses", seed: int | None = 0) -> None:
        """Cut synapses or silence units, as a lesion would (Hopfield 1982: graceful decay).

        kind "synapses": each pair (i, j) is cut (w_ij = w_ji = 0) when its random priority
        u_ij (uniform, fixed by `seed`) is below `fraction`; kind "units": each unit whose
        priority is below `fraction` is silenced: its weights in and out are zeroed, so its
        field is 0 and it keeps its state (it no longer takes part). With one seed a larger
        fraction cuts a superset of a smaller one; several calls add up (`repair` undoes all).
        The damage stays when patterns are stored or the rule changes. Needs a dense W: at
        most MAX_DENSE_UNITS units.
        """
        kind = _check_choice(kind, "kind of damage", DAMAGE_KINDS)
        self._alter.damage(fraction, kind, _check_seed(seed))
        self._dense = self._alter.applied(self._base, self._patterns)

    def repair(self) -> None:
        """Undo every `damage` (the asymmetry stays)."""
        self._alter.repair()
        self._dense = self._alter.applied(self._base, self._patterns)

    @property
    def weights(self) -> np.ndarray:
        """(N, N) float64 copy of W (zero diagonal). O(N^2) memory: see `weights_subset`."""
        self._check_dense_size(
            self._n, "the full weight matrix", "; use weights_subset for a picture of it"
        )
        if self._dense is not None:
            return self._dense.astype(np.float64)
        x = self._patterns.astype(np.float64)
        w = x.T @ x / self._n
        np.fill_diagonal(w, 0.0)
        return w

    def weights_subset(self, index: object) -> np.ndarray:
        """W[np.ix_(index, index)] as float64, built from the patterns for the Hebbian rule.

        index: 1-D integer unit indices in 0..N-1 (any order, repeats allowed). The Hebbian
        block is X[:, index]^T X[:, index] / N with w_ij = 0 where index[i] == index[j], so a
        subsampled picture of W never needs the whole matrix.
        """
        idx = np.asarray(index)
        if idx.ndim != 1 or (idx.size and idx.dtype.kind not in "iu"):
            raise ValueError("index must be a 1-D sequence of whole unit numbers")
        idx = idx.astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self._n):
            raise ValueError(f"unit indices must lie between 0 and {self._n - 1}")
        self._check_dense_size(idx.size, "the requested weight block")
        if self._dense is not None:
            return self._dense[np.ix_(idx, idx)].astype(np.float64)
        x = self._patterns[:, idx].astype(np.float64)
        block = x.T @ x / self._n
        block[idx[:, np.newaxis] == idx[np.newaxis, :]] = 0.0
        return block

    @staticmethod
    def _check_dense_size(size: int, what: str, hint: str = "") -> None:
        if size > MAX_DENSE_UNITS:
            raise ValueError(
                f"{what} would be {size} x {size} ({8 * size**2 / 1e9:.1f} GB), "
                f"more than {MAX_DENSE_UNITS} x {MAX_DENSE_UNITS}{hint}"
            )

    # --- fields, energy, overlaps -----------------------------------------------------------

    def local_field(self, state: object) -> np.ndarray:
        """(N,) float64 local fields h_i = sum_{j != i} w_ij s_j (row i of W times s)."""
        s = _as_state(state, self._n)
        if self._dense is not None:
            return dense_fields(self._dense, s)
        m = kernels.pattern_sums(self._patterns, s)
        return kernels.low_rank_fields(self._patterns, m, s) / self._n

    def energy(self, state: object) -> float:
        """E(s) = -1/2 s^T W s. Hebbian: -(|M|^2 - P N) / (2N) with M = X s, exact."""
        s = _as_state(state, self._n)
        if self._dense is not None:
            return -0.5 * float(s @ dense_fields(self._dense, s))
        m = kernels.pattern_sums(self._patterns, s)
        return -0.5 * (float(m @ m) - self.n_patterns * self._n) / self._n

    def overlaps(self, state: object) -> np.ndarray:
        """(P,) float64 overlaps m_mu = xi^mu . s / N with every stored pattern."""
        s = _as_state(state, self._n)
        return kernels.pattern_sums(self._patterns, s) / self._n

    # --- dynamics -----------------------------------------------------------------------------

    def dynamics(
        self,
        cue: object,
        mode: str = "async",
        temperature: float = 0.0,
        seed: int | None = 0,
        backend: str = "auto",
    ) -> HopfieldDynamics:
        """A `HopfieldDynamics` stepper started at `cue` (see its docstring for the rules).

        backend: "auto" (low-rank for Hebbian, dense otherwise), "low_rank" (Hebbian only) or
        "dense" (a dense W; for the Hebbian rule built as exact integers N W, scale 1/N).
        Equal seeds give identical runs, whatever the backend and however the run is chunked.
        """
        state = _as_state(cue, self._n, "cue")
        mode = _check_choice(mode, "mode", MODES)
        temperature = _check_temperature(temperature)
        seed = _check_seed(seed)
        return HopfieldDynamics(self._field(backend, state), state, mode, temperature, seed)

    def _field(
        self, backend: str, state: np.ndarray
    ) -> LowRankField | DenseField | AsymmetricField:
        backend = _check_choice(backend, "backend", ("auto", "low_rank", "dense"))
        if self._dense is not None:
            if backend == "low_rank":
                raise ValueError(
                    "the low-rank backend exists only for the undamaged, symmetric Hebbian "
                    f"rule, not {self._rule}"
                )
            if not self.symmetric:
                return AsymmetricField(self._dense, state)
            return DenseField(self._dense, 1.0, state)
        if backend == "dense":
            self._check_dense_size(self._n, "a dense Hebbian weight matrix")
            return DenseField(hebbian_counts(self._patterns), 1.0 / self._n, state)
        if self._transposed is None:
            self._transposed = np.ascontiguousarray(self._patterns.T)
        return LowRankField(self._patterns, self._transposed, state)

    def recall(
        self,
        cue: object,
        mode: str = "async",
        temperature: float = 0.0,
        max_sweeps: int = 100,
        seed: int | None = 0,
    ) -> RecallResult:
        """Run the dynamics from `cue` sweep by sweep until it stops or max_sweeps is reached.

        At T > 0 no fixed point is ever reported, so the run lasts max_sweeps sweeps. Without
        symmetric weights a synchronous run may end in a longer cycle (outcome "cycle").
        """
        max_sweeps = _check_int(max_sweeps, "max_sweeps", 1, MAX_SWEEPS)
        dyn = self.dynamics(cue, mode, temperature, seed)
        energies = [dyn.energy]
        while dyn.outcome == "running" and len(energies) <= max_sweeps:
            dyn.sweep()
            energies.append(dyn.energy)
        outcome = "max_sweeps" if dyn.outcome == "running" else dyn.outcome
        return RecallResult(
            dyn.state, np.array(energies), len(energies) - 1, outcome, dyn.cycle_length
        )

    # --- energy landscape ---------------------------------------------------------------------

    def energy_landscape(
        self, a: int, b: int, resolution: int = 41, seed: int | None = 0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Network energy over the plane of overlaps with stored patterns a and b.

        Returns m_a (R,), m_b (R,) = linspace(-1, 1, R) and E (R, R) float64 with
        E[i, j] = net.energy(s) for the representative state s of (m_a[i], m_b[j]) built by
        `landscape_state`: units where xi_a == xi_b (set A) and where they differ (set D) are
        taken in a fixed seeded random order; s = -xi_a except that the first k_A units of A and
        the first k_D units of D are set to xi_a. Since xi_b = xi_a on A and -xi_a on D,
        N m_a = p_A + p_D and N m_b = p_A - p_D with p = 2k - |set|. Grid points that no
        k_A, k_D reaches to within half a grid step are NaN (outside the rotated rectangle
        |m_a + m_b| <= 2|A|/N, |m_a - m_b| <= 2|D|/N). E is the network's own energy, not a
        cartoon: every grid state is a +-1 combination of K ~ 4R segment vectors g_k (xi_a on
        one stretch of the orders), so E = -1/2 c^T (g^T W g) c needs g^T W g only once.
        """
        plane = self._landscape_plane(a, b, seed)
        resolution = _check_int(resolution, "resolution", 2, 1001)
        axis = np.linspace(-1.0, 1.0, resolution)
        m_a, m_b = (m.ravel() for m in np.meshgrid(axis, axis, indexing="ij"))
        k_same, k_diff = plane.prefix_lengths(m_a, m_b)
        reach_a, reach_b = plane.reached_overlaps(k_same, k_diff)
        half_step = 1.0 / (resolution - 1) + 1e-9
        feasible = (np.abs(reach_a - m_a) <= half_step) & (np.abs(reach_b - m_b) <= half_step)
        energies = plane.energies(k_same, k_diff)
        energies[~feasible] = np.nan
        return axis, axis.copy(), energies.reshape(resolution, resolution)

    def landscape_state(
        self, a: int, b: int, m_a: float, m_b: float, seed: int | None = 0
    ) -> np.ndarray:
        """(N,) int8 representative state of `energy_landscape` nearest to overlaps (m_a, m_b).

        Overlaps outside the reachable rectangle are clipped to it (see energy_landscape).
        """
        plane = self._landscape_plane(a, b, seed)
        k_same, k_diff = plane.prefix_lengths(np.array([float(m_a)]), np.array([float(m_b)]))
        return plane.state(int(k_same[0]), int(k_diff[0]))

    def _landscape_plane(self, a: int, b: int, seed: int | None) -> OverlapPlane:
        p = self.n_patterns
        if p < 2:
            raise ValueError("the energy landscape needs at least two stored patterns")
        a = _check_int(a, "pattern a", 0, p - 1)
        b = _check_int(b, "pattern b", 0, p - 1)
        if a == b:
            raise ValueError("choose two different patterns for the energy landscape")
        return OverlapPlane(self._patterns, self._dense, a, b, _check_seed(seed))


def warm_up() -> None:
    """Compile every numba kernel (or load it from numba's disk cache) on a tiny network.

    The first call takes a few seconds on a fresh checkout and milliseconds afterwards. Call it
    to pay that cost before anything is timed (benchmarks/bench_hopfield_model.py does). The GUI
    does not call it: the Hopfield lab builds its network in the simulation worker thread, and
    each kernel is compiled, or loaded from the cache, there on its first use.
    """
    patterns = np.where(np.random.default_rng(0).random((3, 16)) < 0.5, -1, 1)
    cue = patterns[0].copy()
    cue[:3] *= -1
    for rule in RULES:
        net = HopfieldNetwork(16, rule)
        if rule == "hebbian":
            net.set_asymmetry(0.1)
            net.recall(cue, "async", 0.5, max_sweeps=2)
            net.recall(cue, "sync", 0.0, max_sweeps=2)
            net = HopfieldNetwork(16, rule)
        net.store(patterns)
        net.local_field(cue)
        net.overlaps(cue)
        for mode in MODES:
            for temperature in (0.0, 0.5):
                net.recall(cue, mode, temperature, max_sweeps=2)
    HopfieldNetwork(16).dynamics(cue, backend="dense").sweep()
