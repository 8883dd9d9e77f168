"""The Hopfield lab's simulation: the model plus everything the lab shows about a run.

Pure Python (no Qt), so it is tested without a GUI. It satisfies `hopgui.core.simulation.Simulation`:
the worker thread calls `advance` and `snapshot`, and every other public method is a command the
GUI sends by name. Steps go through `HopfieldNetwork.dynamics`, the same stepper `recall` uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.hopfield import HopfieldNetwork
from models.patterns import resample

TRACE_POINTS = 800  # energy-trace points sent per frame (min/max decimated beyond that)
OVERLAP_POINTS = 400  # overlap-history rows sent per frame (evenly thinned beyond that)
WEIGHT_IMAGE_UNITS = 1024  # the weight image shows at most this many units (evenly subsampled)
RECALLED = 0.9  # |m| at or above this counts as recalling a memory
MIXTURE = 0.25  # |m| at or above this counts a memory as part of a mixture


@dataclass(frozen=True)
class Landscape:
    """Energy over the overlaps with two memories (see `HopfieldNetwork.energy_landscape`)."""

    pair: tuple[int, int]
    m_a: np.ndarray  # (R,) grid of overlaps with memory a
    m_b: np.ndarray  # (R,) grid of overlaps with memory b
    energy: np.ndarray  # (R, R) energy per unit at (m_a[i], m_b[j]) in [j, i]; NaN if unreachable
    cross_overlap: float  # overlap of memory a with memory b


@dataclass(frozen=True)
class HopfieldSnapshot:
    """Everything the lab draws, copied: the worker never touches these arrays again."""

    shape: tuple[int, int]
    state: np.ndarray  # (N,) int8
    cue: np.ndarray  # (N,) int8
    marked_unit: int  # unit updated last, -1 for none
    updates: int
    sweeps: float
    energy: float  # per unit
    trace_x: np.ndarray  # (T,) update counts, in sweeps
    trace_energy: np.ndarray  # (T,) energy per unit
    overlap_x: np.ndarray  # (K,) sweeps
    overlap_history: np.ndarray  # (K, P)
    overlaps: np.ndarray  # (P,)
    outcome: str  # "running", "fixed_point", "two_cycle"
    verdict: str  # what the class should read: "recalled 'A' (m = 1.00)", ...
    patterns: np.ndarray  # (P, N) int8, shared until the memories change
    names: tuple[str, ...]
    rule: str
    mode: str
    temperature: float
    landscape: Landscape | None
    weight_image: np.ndarray  # (K, K) float32, shared until the weights change
    memory_generation: int


@dataclass
class _Trace:
    """A growing record of (sweeps, value) rows; beyond `limit` rows it thins itself by half."""

    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    rows: int = 0
    limit: int = 200_000

    def add(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x.append(np.asarray(x, dtype=np.float64))
        self.y.append(np.asarray(y, dtype=np.float64))
        self.rows += len(self.x[-1])
        if self.rows > self.limit:
            x_all, y_all = self.arrays()
            last = len(x_all) - 1
            keep = np.r_[0:last:2, last]  # every other row, always keeping the newest
            self.x, self.y = [x_all[keep]], [y_all[keep]]
            self.rows = len(keep)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if len(self.x) > 1:  # consolidate, so the list stays short
            self.x, self.y = [np.concatenate(self.x)], [np.concatenate(self.y)]
        return self.x[0], self.y[0]


class HopfieldSession:
    """A network, a cue, a run from that cue, and the records the lab plots."""

    def __init__(self, shape: tuple[int, int] = (16, 16), rule: str = "hebbian") -> None:
        self.shape = shape
        self.names: list[str] = []
        self.mode = "async"
        self.temperature = 0.0
        self.seed = 0
        self.landscape_pair: tuple[int, int] | None = None
        self._net = HopfieldNetwork(shape[0] * shape[1], rule=rule)
        self._cue = -np.ones(self._net.n_units, dtype=np.int8)
        self._memory_generation = 0
        self._memories_changed()
        self.reset()

    # --- commands ---------------------------------------------------------------------------------
    def set_shape(self, rows: int, cols: int) -> None:
        """A new grid size: stored memories and the cue are resampled, nothing is thrown away."""
        old = self.shape
        patterns = self._net.patterns
        net = HopfieldNetwork(rows * cols, rule=self._net.rule)
        if len(patterns):
            net.store(np.array([resample(p, old, (rows, cols)) for p in patterns]))
        self._net, self.shape = net, (rows, cols)
        self._cue = resample(self._cue, old, self.shape)
        self._memories_changed()
        self.reset()

    def store(self, patterns: np.ndarray, names: list[str]) -> None:
        patterns = np.atleast_2d(patterns)
        if len(names) != len(patterns):
            raise ValueError("every stored pattern needs a name")
        self._net.store(patterns)
        self.names.extend(names)
        self._memories_changed()
        self._restart_from(self._dyn.state)

    def remove(self, index: int) -> None:
        if not 0 <= index < len(self.names):
            raise ValueError(f"there is no stored memory number {index + 1}")
        self._net.remove(index)
        del self.names[index]
        if self.landscape_pair is not None:  # keep showing the same two memories if we can
            a, b = self.landscape_pair
            kept = index not in (a, b)
            self.landscape_pair = (a - (a > index), b - (b > index)) if kept else None
        self._memories_changed()
        self._restart_from(self._dyn.state)

    def clear_memories(self) -> None:
        self._net.clear()
        self.names.clear()
        self._memories_changed()
        self._restart_from(self._dyn.state)

    def set_rule(self, rule: str) -> None:
        self._net.set_rule(rule)
        self._memories_changed()
        self._restart_from(self._dyn.state)

    def set_mode(self, mode: str) -> None:
        self._dyn.mode = mode
        self.mode = mode

    def set_temperature(self, temperature: float) -> None:
        self._dyn.temperature = temperature
        self.temperature = float(temperature)

    def set_cue(self, cue: np.ndarray) -> None:
        """Start over from a new cue (what the user drew or corrupted)."""
        cue = np.asarray(cue).reshape(-1)
        if cue.size != self._net.n_units:
            raise ValueError(f"the cue has {cue.size} pixels but the grid has {self._net.n_units}")
        self._cue = cue.astype(np.int8)
        self.reset()

    def reset(self) -> None:
        """Back to the cue, with a fresh random update order."""
        self.seed += 1
        self._restart_from(self._cue)

    def step_unit(self) -> None:
        """One unit update (in synchronous mode: one whole-network step)."""
        self._require_memories()
        self._run_updates(1 if self._dyn.mode != "sync" else self._net.n_units)

    def step_sweep(self) -> None:
        """N unit updates (in synchronous mode: one whole-network step)."""
        self._require_memories()
        self._run_updates(self._net.n_units)

    def set_landscape_pair(self, a: int, b: int) -> None:
        count = len(self.names)
        if not (0 <= a < count and 0 <= b < count) or a == b:
            raise ValueError("pick two different stored memories for the energy landscape")
        self.landscape_pair = (a, b)
        self._landscape = self._compute_landscape()

    # --- the worker's interface -----------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """Run `n_steps` unit updates' worth of dynamics; False once the state has come to rest."""
        self._require_memories()
        if self._dyn.outcome != "running":
            return False
        self._run_updates(n_steps)
        return self._dyn.outcome == "running"

    def snapshot(self) -> HopfieldSnapshot:
        n = self._net.n_units
        trace_x, trace_e = _decimate(*self._energy.arrays(), TRACE_POINTS)
        overlap_x, overlap_history = _thin(*self._overlaps.arrays(), OVERLAP_POINTS)
        state = self._dyn.state.copy()
        overlaps = self._net.overlaps(state) if self.names else np.zeros(0)
        return HopfieldSnapshot(
            shape=self.shape,
            state=state,
            cue=self._cue.copy(),
            marked_unit=int(self._dyn.last_unit),
            updates=int(self._dyn.updates),
            sweeps=float(self._dyn.updates) / n,
            energy=float(self._dyn.energy) / n,
            trace_x=trace_x,
            trace_energy=trace_e,
            overlap_x=overlap_x,
            overlap_history=overlap_history.reshape(len(overlap_x), len(self.names)),
            overlaps=overlaps,
            outcome=self._dyn.outcome,
            verdict=verdict(overlaps, self.names, self._dyn.outcome, state, self._patterns),
            patterns=self._patterns,
            names=tuple(self.names),
            rule=self._net.rule,
            mode=self._dyn.mode,
            temperature=float(self._dyn.temperature),
            landscape=self._landscape,
            weight_image=self._weight_image,
            memory_generation=self._memory_generation,
        )

    # --- internals --------------------------------------------------------------------------------
    def _require_memories(self) -> None:
        if not self.names:
            raise ValueError("Nothing is stored yet: draw a pattern and press Store (S) first.")

    def _run_updates(self, n_updates: int) -> None:
        """Step in slices, recording energy and overlaps after each: slices of N/16 updates, or
        an eighth of a long request (a flat-out run), so bookkeeping stays a small share."""
        n = self._net.n_units
        slice_len = max(1, n // 16, n_updates // 8)
        while n_updates > 0 and self._dyn.outcome == "running":
            if self._dyn.mode == "sync":
                self._sync_credit += n_updates
                whole, self._sync_credit = divmod(self._sync_credit, n)
                for _ in range(min(whole, 64)):
                    self._record(self._dyn.step(1))
                return
            before = self._dyn.updates
            energies = self._dyn.step(min(slice_len, n_updates))
            self._record(energies, before)
            n_updates -= max(1, self._dyn.updates - before)

    def _record(self, energies: np.ndarray, before: int | None = None) -> None:
        n = self._net.n_units
        k = len(energies)
        if k:
            end = self._dyn.updates
            start = end - k if before is None else before
            step = (end - start) / k
            x = (start + step * np.arange(1, k + 1)) / n
            self._energy.add(x, np.asarray(energies) / n)
        self._overlaps.add([self._dyn.updates / n], self._current_overlaps())

    def _current_overlaps(self) -> np.ndarray:
        if not self.names:
            return np.zeros((1, 0))
        return self._net.overlaps(self._dyn.state)[None, :]

    def _restart_from(self, state: np.ndarray) -> None:
        self._dyn = self._net.dynamics(
            state, mode=self.mode, temperature=self.temperature, seed=self.seed
        )
        self._sync_credit = 0
        self._energy = _Trace()
        self._overlaps = _Trace()
        self._energy.add([0.0], [self._dyn.energy / self._net.n_units])
        self._overlaps.add([0.0], self._current_overlaps())

    def _memories_changed(self) -> None:
        self._memory_generation += 1
        self._patterns = self._net.patterns
        self._patterns.setflags(write=False)
        count = len(self.names)
        if self.landscape_pair is None or max(self.landscape_pair) >= count:
            self.landscape_pair = (0, 1) if count >= 2 else None
        self._landscape = self._compute_landscape()
        self._weight_image = self._compute_weight_image()

    def _compute_landscape(self) -> Landscape | None:
        if self.landscape_pair is None:
            return None
        a, b = self.landscape_pair
        m_a, m_b, energy = self._net.energy_landscape(a, b, resolution=41, seed=0)
        patterns = self._net.patterns
        cross = float(patterns[a].astype(np.float64) @ patterns[b]) / self._net.n_units
        # the model indexes energy[i, j] at (m_a[i], m_b[j]); images want rows along m_b
        return Landscape((a, b), m_a, m_b, energy.T / self._net.n_units, cross)

    def _compute_weight_image(self) -> np.ndarray:
        n = self._net.n_units
        index = np.linspace(0, n - 1, min(n, WEIGHT_IMAGE_UNITS)).round().astype(np.intp)
        image = np.asarray(self._net.weights_subset(index), dtype=np.float32)
        image.setflags(write=False)
        return image


def verdict(
    overlaps: np.ndarray,
    names: list[str],
    outcome: str,
    state: np.ndarray | None = None,
    patterns: np.ndarray | None = None,
) -> str:
    """Name the state for the class: a recalled or reversed memory, a mixture, or spurious.

    While the network still runs this is only the closest memory (the lab says running or
    paused). A mixture is a state within m = 0.9 of sign(+-xi_a +- xi_b +- xi_c) for the three
    memories it overlaps most (the odd mixtures that are spurious fixed points, Amit et al.).
    """
    if outcome == "two_cycle":
        return "2-cycle: the synchronous update flips back and forth"
    if len(overlaps) == 0:
        return "no memories stored"
    best = int(np.argmax(np.abs(overlaps)))
    m = float(overlaps[best])
    if outcome == "running":
        return f"closest '{names[best]}' (m = {m:.2f})"
    if round(abs(m), 2) >= RECALLED:
        kind = "recalled" if m > 0 else "reversed"
        return f"at rest: {kind} '{names[best]}' (m = {m:.2f})"
    parts = _mixture_parts(overlaps, state, patterns)
    if parts is not None:
        return "at rest: mixture of " + ", ".join(f"'{names[i]}'" for i in parts)
    return f"at rest: spurious state (closest '{names[best]}', m = {m:.2f})"


def _mixture_parts(
    overlaps: np.ndarray, state: np.ndarray | None, patterns: np.ndarray | None
) -> list[int] | None:
    """The three memories whose signed mixture the state is (overlap >= 0.9), else None."""
    if state is None or patterns is None or len(overlaps) < 3:
        return None
    top = [int(i) for i in np.argsort(-np.abs(overlaps))[:3]]
    mixed = np.sign(np.sign(overlaps[top]) @ patterns[top].astype(np.float64))
    agreement = float(mixed @ state) / len(state)
    return sorted(top) if agreement >= RECALLED and min(np.abs(overlaps[top])) >= MIXTURE else None


def _thin(x: np.ndarray, rows: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """At most `points` evenly spaced rows, always including the first and the last."""
    if len(x) <= points:
        return x.copy(), rows.copy()
    keep = np.linspace(0, len(x) - 1, points).round().astype(np.intp)
    return x[keep], rows[keep]


def _decimate(x: np.ndarray, y: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Keep at most `points` samples, each bin's min and max, so spikes are not lost."""
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
