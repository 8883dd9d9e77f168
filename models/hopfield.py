"""Binary Hopfield network (Hopfield 1982, PNAS 79:2554): storage rules, dynamics, energy.

Units s_i in {-1, +1}; stored patterns xi^mu (mu = 1..P); local field h_i = sum_j w_ij s_j;
energy E(s) = -1/2 s^T W s; overlap m_mu = xi^mu . s / N. Every rule gives a symmetric W with a
zero diagonal, so asynchronous T = 0 updates never raise E (dE = -ds_i h_i <= 0).

Rules:
* "hebbian": W = (1/N) sum_mu xi^mu xi^mu^T, w_ii = 0. Never built as a matrix for the dynamics:
  the fields come from the low-rank form h_i = (sum_mu xi_i^mu M_mu - P s_i)/N with M = X s.
* "storkey": Storkey (1997) incremental rule, patterns added in storage order.
* "pseudoinverse": projection rule W = X^T (X X^T)^+ X, diagonal zeroed (Personnaz et al. 1985;
  Kanter & Sompolinsky 1987); X is the (P, N) pattern matrix.

Recall and the GUI's stepping share one implementation of the dynamics, `HopfieldDynamics`,
whose per-update loops are numba kernels in models._hopfield_kernels. Importing this module
compiles nothing; `warm_up()` compiles every kernel ahead of first use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models._lazy import lazy_import

kernels = lazy_import("models._hopfield_kernels")  # numba loads on first use, not on import

RULES = ("hebbian", "storkey", "pseudoinverse")
MODES = ("async", "sequential", "sync")
MAX_DENSE_UNITS = 8192  # a dense float32 W at this size takes 256 MB
MAX_UNITS = 1 << 20
MAX_SWEEPS = 100_000
MAX_STEPS = 100_000_000  # per call of HopfieldDynamics.step: its energies take 800 MB
_NO_NOISE = np.empty(0)  # passed to the kernels at T = 0 (never read there)


# --- validation: every message is shown to the user as it stands ------------------------------


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must lie between {low} and {high}, got {value}")
    return int(value)


def _check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}: choose one of {', '.join(choices)}")
    return str(value)


def _check_temperature(value: object) -> float:
    try:
        temperature = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number, got {value!r}") from None
    if not np.isfinite(temperature) or temperature < 0.0:
        raise ValueError(f"temperature must be zero or positive, got {value!r}")
    return temperature


def _check_seed(seed: object) -> int | None:
    if seed is None:
        return None
    return _check_int(seed, "seed", 0, 2**63 - 1)


def _as_spins(values: object, what: str) -> np.ndarray:
    """Array of +-1 from any numeric array-like, as int8; ValueError naming `what` otherwise."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be numbers -1 and +1, got {array.dtype} data")
    bad = np.abs(array) != 1
    if np.any(bad):
        raise ValueError(f"{what} must contain only -1 and +1, found {array[bad].flat[0].item()}")
    return array.astype(np.int8)


def _as_state(state: object, n_units: int, what: str = "state") -> np.ndarray:
    """(N,) C-contiguous int8 copy of a +-1 state."""
    shape = np.shape(state)
    if shape != (n_units,):
        raise ValueError(f"{what} must have shape ({n_units},) for {n_units} units, got {shape}")
    return np.ascontiguousarray(_as_spins(state, what))


def _as_patterns(patterns: object, n_units: int) -> np.ndarray:
    """(P, N) int8 copy of one pattern (N,) or several (P, N)."""
    array = np.asarray(patterns)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2 or array.shape[1] != n_units:
        raise ValueError(
            f"patterns must have shape (P, {n_units}) or ({n_units},), got {np.shape(patterns)}"
        )
    return np.ascontiguousarray(_as_spins(array, "patterns"))


# --- dynamics -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecallResult:
    """Outcome of `HopfieldNetwork.recall`.

    state: (N,) int8 final state; energies: (sweeps + 1,) float64, energies[0] is the cue's and
    energies[k] the energy after sweep k; sweeps: sweeps done (sync: whole-network steps);
    outcome: "fixed_point", "two_cycle" or "max_sweeps".
    """

    state: np.ndarray
    energies: np.ndarray
    sweeps: int
    outcome: str


class HopfieldDynamics:
    """Stepper for the network dynamics; `HopfieldNetwork.recall` and the GUI both drive it.

    Modes: "async" updates one unit at a time in a fresh random order each sweep, "sequential" in
    the order 0..N-1, "sync" all units at once from the same state (Little 1974). At T = 0 a unit
    takes sign(h_i) and keeps its state on a tie h_i = 0 (this keeps every flip strictly downhill,
    the condition of Hopfield's energy proof); at T > 0 Glauber dynamics,
    P(s_i = +1) = 1 / (1 + exp(-2 h_i / T)).

    Termination, only ever reported at T = 0: asynchronous/sequential runs reach "fixed_point"
    after a complete sweep (started at a sweep boundary, all at T = 0, in one mode) with no flip.
    Synchronous runs reach "fixed_point" when a step changes nothing and "two_cycle" when a step
    returns the state of two steps ago (Goles-Chacc et al. 1985; Bruck 1990: these are the only
    possible ends). Changing mode, temperature or state sets the outcome back to "running";
    changing mode or state also starts a new sweep.

    The stepper keeps the weights the network had when it was created. Energies are updated from
    dE = -ds_i h_i after each flip (exact integers times 1/N for the Hebbian rule).
    """

    def __init__(
        self,
        field: kernels.LowRankField | kernels.DenseField,
        state: np.ndarray,
        mode: str,
        temperature: float,
        seed: int | None,
    ) -> None:
        self._field, self._s = field, state
        order_seed, noise_seed = np.random.SeedSequence(seed).spawn(2)
        self._order_rng = np.random.default_rng(order_seed)  # sweep orders
        self._noise_rng = np.random.default_rng(noise_seed)  # Glauber coin flips
        self._sequence = np.arange(state.size)
        self._mode, self._temperature = mode, temperature
        self._updates, self._last_unit, self._outcome = 0, -1, "running"
        self._restart_sweep()

    def _restart_sweep(self) -> None:
        """Forget the partial sweep and the sync history: termination must be re-certified."""
        self._order, self._position = self._sequence, 0
        self._sweep_flips, self._sweep_clean = 0, False
        self._previous: np.ndarray | None = None

    @property
    def state(self) -> np.ndarray:
        """(N,) int8 copy of the current state."""
        return self._s.copy()

    def set_state(self, state: object) -> None:
        """Replace the state (e.g. the user painted on it); fields and energy are recomputed."""
        self._s[:] = _as_state(state, self._s.size)
        self._field.reset(self._s)
        self._outcome, self._last_unit = "running", -1
        self._restart_sweep()

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        mode = _check_choice(mode, "mode", MODES)
        if mode != self._mode:
            self._mode, self._outcome = mode, "running"
            self._restart_sweep()

    @property
    def temperature(self) -> float:
        return self._temperature

    @temperature.setter
    def temperature(self, temperature: float) -> None:
        temperature = _check_temperature(temperature)
        if temperature != self._temperature:
            self._temperature, self._outcome = temperature, "running"
            self._sweep_clean, self._previous = False, None

    @property
    def energy(self) -> float:
        """Current energy -1/2 s^T W s."""
        return self._field.energy_raw * self._field.scale

    @property
    def updates(self) -> int:
        """Unit updates done so far (a synchronous step counts N)."""
        return self._updates

    @property
    def sweeps(self) -> float:
        """updates / N."""
        return self._updates / self._s.size

    @property
    def last_unit(self) -> int:
        """Index of the unit updated last; -1 before any update and after a synchronous step."""
        return self._last_unit

    @property
    def outcome(self) -> str:
        """ "running", "fixed_point" or "two_cycle"."""
        return self._outcome

    def step(self, n: int = 1) -> np.ndarray:
        """n unit updates (async/sequential) or n whole-network steps (sync).

        Returns the energy after each update, float64, shorter than n if a fixed point or a
        2-cycle was detected (and empty once one has been: nothing would change at T = 0).
        """
        n = _check_int(n, "number of steps", 0, MAX_STEPS)
        if self._outcome != "running":
            return np.empty(0)
        if self._mode == "sync":
            return self._step_sync(n)
        return self._step_async(n)

    def sweep(self) -> np.ndarray:
        """One synchronous step, or the unit updates up to the end of the current sweep.

        Called at a sweep boundary (always, unless `step` was used in between) that is one full
        sweep of N updates. Returns the energies as `step` does.
        """
        if self._mode == "sync":
            return self.step(1)
        return self.step(self._s.size - self._position)

    def _step_async(self, n: int) -> np.ndarray:
        chunks, done, n_units = [], 0, self._s.size  # at most one sweep per chunk
        while done < n and self._outcome == "running":
            if self._position == 0:
                self._begin_sweep()
            count = min(n - done, n_units - self._position)
            units = self._order[self._position : self._position + count]
            noise = self._noise_rng.random(count) if self._temperature > 0 else _NO_NOISE
            chunks.append(np.empty(count))
            self._sweep_flips += self._field.run_async(
                self._s, units, noise, self._temperature, chunks[-1]
            )
            done += count
            self._position += count
            self._updates += count
            self._last_unit = int(units[-1])
            if self._position == n_units:
                self._end_sweep()
        return chunks[0] if len(chunks) == 1 else np.concatenate(chunks or [np.empty(0)])

    def _begin_sweep(self) -> None:
        if self._mode == "async":
            self._order = self._order_rng.permutation(self._s.size)
        else:
            self._order = self._sequence
        self._sweep_flips, self._sweep_clean = 0, self._temperature == 0.0

    def _end_sweep(self) -> None:
        self._position = 0
        if self._sweep_clean and self._sweep_flips == 0:
            self._outcome = "fixed_point"

    def _step_sync(self, n: int) -> np.ndarray:
        energies, n_units = np.empty(n), self._s.size
        for done in range(n):
            zero_temperature = self._temperature == 0.0
            noise = _NO_NOISE if zero_temperature else self._noise_rng.random(n_units)
            before = self._s.copy()
            flips = self._field.run_sync(self._s, noise, self._temperature)
            self._updates += n_units
            self._last_unit = -1
            energies[done] = self.energy
            if zero_temperature and flips == 0:
                self._outcome = "fixed_point"
            elif zero_temperature and self._previous is not None:
                if np.array_equal(self._s, self._previous):
                    self._outcome = "two_cycle"
            self._previous = before if zero_temperature else None
            if self._outcome != "running":
                return energies[: done + 1]
        return energies


# --- the network --------------------------------------------------------------------------------


class HopfieldNetwork:
    """A Hopfield network of `n_units` +-1 units storing patterns with one of RULES.

    Storing adds patterns to those already stored (Hebbian superposition). Storkey and
    pseudo-inverse weights are kept as a dense float32 matrix (at most MAX_DENSE_UNITS units);
    the Hebbian rule keeps only the patterns and works at any size up to MAX_UNITS.
    """

    def __init__(self, n_units: int, rule: str = "hebbian") -> None:
        self._n = _check_int(n_units, "number of units", 2, MAX_UNITS)
        self._patterns = np.empty((0, self._n), dtype=np.int8)
        self._rule = "hebbian"
        self._dense: np.ndarray | None = None  # float32 W for Storkey / pseudo-inverse
        self._transposed: np.ndarray | None = None  # cached (N, P) patterns for the kernels
        self.set_rule(rule)

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

    def set_rule(self, rule: str) -> None:
        """Switch the learning rule and recompute the weights from the stored patterns."""
        rule = _check_choice(rule, "rule", RULES)
        if rule != "hebbian" and self._n > MAX_DENSE_UNITS:
            raise ValueError(
                f"the {rule} rule needs a dense {self._n} x {self._n} weight matrix "
                f"({4 * self._n**2 / 1e9:.1f} GB); use at most {MAX_DENSE_UNITS} units "
                "or the Hebbian rule"
            )
        self._rule = rule
        self._rebuild_weights()

    def store(self, patterns: object) -> None:
        """Add one pattern (N,) or several (P, N) of +-1 to the stored ones."""
        new = _as_patterns(patterns, self._n)
        if new.shape[0] == 0:
            return
        self._patterns = np.concatenate([self._patterns, new])
        self._transposed = None
        if self._rule == "storkey":  # incremental: only the new patterns are added
            self._dense = kernels.storkey_weights(new, self._dense)
        elif self._rule == "pseudoinverse":
            self._dense = kernels.pseudoinverse_weights(self._patterns)

    def remove(self, index: int) -> None:
        """Forget stored pattern `index` (negative counts from the end); weights are rebuilt."""
        p = self.n_patterns
        if p == 0:
            raise ValueError("there is no stored pattern to remove")
        index = _check_int(index, "pattern index", -p, p - 1)
        self._patterns = np.delete(self._patterns, index, axis=0)
        self._rebuild_weights()

    def clear(self) -> None:
        """Forget every stored pattern."""
        self._patterns = np.empty((0, self._n), dtype=np.int8)
        self._rebuild_weights()

    def _rebuild_weights(self) -> None:
        self._transposed = None
        if self._rule == "storkey":  # replayed in storage order: the rule is order dependent
            self._dense = kernels.storkey_weights(self._patterns)
        elif self._rule == "pseudoinverse":
            self._dense = kernels.pseudoinverse_weights(self._patterns)
        else:
            self._dense = None

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
        """(N,) float64 local fields h_i = sum_{j != i} w_ij s_j."""
        s = _as_state(state, self._n)
        if self._dense is not None:
            return kernels.dense_fields(self._dense, s)
        m = kernels.pattern_sums(self._patterns, s)
        return kernels.low_rank_fields(self._patterns, m, s) / self._n

    def energy(self, state: object) -> float:
        """E(s) = -1/2 s^T W s. Hebbian: -(|M|^2 - P N) / (2N) with M = X s, exact."""
        s = _as_state(state, self._n)
        if self._dense is not None:
            return -0.5 * float(s @ kernels.dense_fields(self._dense, s))
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

    def _field(self, backend: str, state: np.ndarray) -> kernels.LowRankField | kernels.DenseField:
        backend = _check_choice(backend, "backend", ("auto", "low_rank", "dense"))
        if self._dense is not None:
            if backend == "low_rank":
                raise ValueError(
                    f"the low-rank backend exists only for the Hebbian rule, not {self._rule}"
                )
            return kernels.DenseField(self._dense, 1.0, state)
        if backend == "dense":
            self._check_dense_size(self._n, "a dense Hebbian weight matrix")
            return kernels.DenseField(kernels.hebbian_counts(self._patterns), 1.0 / self._n, state)
        if self._transposed is None:
            self._transposed = np.ascontiguousarray(self._patterns.T)
        return kernels.LowRankField(self._patterns, self._transposed, state)

    def recall(
        self,
        cue: object,
        mode: str = "async",
        temperature: float = 0.0,
        max_sweeps: int = 100,
        seed: int | None = 0,
    ) -> RecallResult:
        """Run the dynamics from `cue` sweep by sweep until it stops or max_sweeps is reached.

        At T > 0 no fixed point is ever reported, so the run lasts max_sweeps sweeps.
        """
        max_sweeps = _check_int(max_sweeps, "max_sweeps", 1, MAX_SWEEPS)
        dyn = self.dynamics(cue, mode, temperature, seed)
        energies = [dyn.energy]
        while dyn.outcome == "running" and len(energies) <= max_sweeps:
            dyn.sweep()
            energies.append(dyn.energy)
        outcome = "max_sweeps" if dyn.outcome == "running" else dyn.outcome
        return RecallResult(dyn.state, np.array(energies), len(energies) - 1, outcome)

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

    def _landscape_plane(self, a: int, b: int, seed: int | None) -> kernels.OverlapPlane:
        p = self.n_patterns
        if p < 2:
            raise ValueError("the energy landscape needs at least two stored patterns")
        a = _check_int(a, "pattern a", 0, p - 1)
        b = _check_int(b, "pattern b", 0, p - 1)
        if a == b:
            raise ValueError("choose two different patterns for the energy landscape")
        return kernels.OverlapPlane(self._patterns, self._dense, a, b, _check_seed(seed))


def warm_up() -> None:
    """Compile every numba kernel (or load it from numba's disk cache) on a tiny network.

    The first call takes a few seconds on a fresh checkout and milliseconds afterwards; the GUI
    runs it in the background after its first paint so the first recall is not delayed.
    """
    patterns = np.where(np.random.default_rng(0).random((3, 16)) < 0.5, -1, 1)
    cue = patterns[0].copy()
    cue[:3] *= -1
    for rule in RULES:
        net = HopfieldNetwork(16, rule)
        net.store(patterns)
        net.local_field(cue)
        net.overlaps(cue)
        for mode in MODES:
            for temperature in (0.0, 0.5):
                net.recall(cue, mode, temperature, max_sweeps=2)
    HopfieldNetwork(16).dynamics(cue, backend="dense").sweep()
