"""The associative-memory lab's session: a Hopfield network, a cue, a run from that cue, and the
records the lab plots. It lives in the worker thread; pure Python (no Qt), tested without a GUI.

The session owns everything worth saving: the parameters (`PARAMS`: learning rule, update order,
temperature, grid size, the network and its beta or degree), the memories and their names, the
cue (the drawing) and the live state. The GUI reaches it only through its `@command` methods.
The classic network steps through `HopfieldNetwork.dynamics`, the same stepper `recall` uses;
the modern and dense networks (`params["network"]`) through their own steppers from
models.modern_hopfield (the modern one adapted in `networks` for the verdict). The
`HopfieldNetwork` always keeps the memory library; the modern or dense network is rebuilt from
it whenever the memories, beta or the degree change. The modern network's state is continuous:
(N,) float64 in [-1, 1] in the snapshot and in `state()`.

Computing Storkey or pseudo-inverse weights takes a second or more at thousands of units and
hundreds of memories. Every command that does it (a rule, a grid size, Store, Forget, a restore)
reports progress through `Session.progress` (the lab shows a bar with Cancel), and a Cancel, or
the window closing, stops it at the next report with the session exactly as it was.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hopgui.core.session import Session, Snapshot, command
from hopgui.labs.hopfield.networks import ModernStepper, dense_landscape, modern_landscape, signs
from hopgui.labs.hopfield.params import PARAMS, check_fits, grid_side
from hopgui.labs.hopfield.record import RunRecord, decimate, thin
from hopgui.labs.hopfield.state import check_room, memory_names, on_grid, restored
from hopgui.labs.hopfield.verdict import modern_verdict, modern_warning, recall_warning, verdict
from models.hopfield import HopfieldNetwork
from models.modern_hopfield import DenseAssociativeMemory, ModernHopfield
from models.patterns import resample

TRACE_POINTS = 800  # energy-trace points sent per frame (min/max decimated beyond that)
OVERLAP_POINTS = 400  # overlap-history rows sent per frame (evenly thinned beyond that)
LIBRARY_UNDO_LIMIT = 20  # memory edits Ctrl+Z can take back (each keeps a copy of the library)
WEIGHT_IMAGE_UNITS = 1024  # the weight image shows at most this many units (evenly subsampled)
NETWORK_OF = {"beta": "modern", "degree": "dense"}  # the network a parameter belongs to


@dataclass(frozen=True)
class Landscape:
    """Energy over the overlaps with two memories (see `HopfieldNetwork.energy_landscape`)."""

    pair: tuple[int, int]
    m_a: np.ndarray  # (R,) grid of overlaps with memory a
    m_b: np.ndarray  # (R,) grid of overlaps with memory b
    energy: np.ndarray  # (R, R) scaled energy (see energy_unit) at (m_a[i], m_b[j]) in [j, i]
    cross_overlap: float  # overlap of memory a with memory b


@dataclass(frozen=True)
class Library:
    """The memory library as it was: patterns (P, N), their names, the landscape's two."""

    patterns: np.ndarray
    names: tuple[str, ...]
    landscape_pair: tuple[int, int] | None


@dataclass(frozen=True, kw_only=True)
class HopfieldSnapshot(Snapshot):
    """Everything the lab draws, copied: the worker never touches these arrays again."""

    shape: tuple[int, int]
    state: np.ndarray  # (N,) int8 (modern network: float64 in [-1, 1])
    cue: np.ndarray  # (N,) int8
    marked_unit: int  # unit updated last, -1 for none
    updates: int
    sweeps: float
    energy: float  # per unit (dense network: E / N^n, see energy_unit)
    trace_x: np.ndarray  # (T,) update counts, in sweeps
    trace_energy: np.ndarray  # (T,) energy in the same unit
    overlap_x: np.ndarray  # (K,) sweeps
    overlap_history: np.ndarray  # (K, P)
    overlaps: np.ndarray  # (P,)
    outcome: str  # "running", "fixed_point", "two_cycle", "cycle" (asymmetric weights)
    verdict: str  # what the class should read: "recalled 'A' (m = 1.00)", ...
    patterns: np.ndarray  # (P, N) int8, shared (read-only) until the memories change
    names: tuple[str, ...]
    landscape: Landscape | None
    weight_image: np.ndarray  # (K, K) float32, shared (read-only) until the weights change
    memory_generation: int
    warning: str = ""  # why recall is expected to fail ("'T' and 'E' share 78 % ..."), or ""
    network: str = "classic"  # "classic", "modern" or "dense"
    attention: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (P,) modern only
    energy_unit: str = "N"  # the energies are E / N ("N"), or E / N^n for the dense network
    silenced: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (N,) dead


class HopfieldSession(Session):
    """A network, a cue, a run from that cue, and the records the lab plots."""

    PARAMS = PARAMS

    def __init__(self, shape: tuple[int, int] | None = None, rule: str | None = None) -> None:
        """A network on a `shape` grid with `rule` (default: the declared grid size and rule)."""
        super().__init__()
        if shape is not None:
            self.params["grid_size"] = grid_side(shape)
        if rule is not None:
            self.params["rule"] = self.param_set()["rule"].check(rule)
        check_fits(self.params["rule"], self.params["grid_size"])
        self.names: list[str] = []
        self.seed = 0
        self.landscape_pair: tuple[int, int] | None = None
        self._net = HopfieldNetwork(self.n_units, rule=self.params["rule"])
        self._cue = -np.ones(self.n_units, dtype=np.int8)
        self._memory_generation = 0
        # the memory library before each Store / Remove / Forget all (and after each undo of
        # one), for Ctrl+Z and Ctrl+Shift+Z; one entry per edit, pushed even if the edit fails
        self._library_undo: list[Library] = []
        self._library_redo: list[Library] = []
        self._memories_changed()
        self.reset()

    @property
    def shape(self) -> tuple[int, int]:
        side = self.params["grid_size"]
        return (side, side)

    @property
    def n_units(self) -> int:
        return self.shape[0] * self.shape[1]

    # --- commands: the drawing and the run ------------------------------------------------------
    @command
    def set_cue(self, cue: np.ndarray, shape: tuple[int, int] | None = None) -> None:
        """Start over from a new cue: what the user drew on a grid of `shape` (redrawn on this
        grid if that is another size, e.g. while a new grid size is on its way to the GUI)."""
        self._cue = on_grid(cue, shape, self.shape, "the cue")[0]
        self.reset()

    @command
    def keep_state(self) -> None:
        """The network's present state becomes the cue (the drawing)."""
        self._cue = signs(self._dyn.state)
        self.reset()

    @command
    def use_memory_as_cue(self, index: int) -> None:
        """Stored memory `index` becomes the cue."""
        self._check_index(index)
        self._cue = self._patterns[index].copy()
        self.reset()

    @command
    def reset(self) -> None:
        """Back to the cue, with a fresh random update order."""
        self.seed += 1
        self._restart_from(self._cue)

    @command
    def rewind_if_at_rest(self) -> None:
        """Before Play: a run that has come to rest starts again from the cue."""
        if self._dyn.outcome != "running":
            self.reset()

    @command
    def step_unit(self) -> None:
        """One unit update (in synchronous mode: one whole-network step)."""
        self._require_memories()
        self._run_updates(1 if self._dyn.mode != "sync" else self.n_units)

    @command
    def step_sweep(self) -> None:
        """N unit updates (in synchronous mode: one whole-network step)."""
        self._require_memories()
        self._run_updates(self.n_units)

    # --- commands: the memories -----------------------------------------------------------------
    @command
    def store(
        self,
        patterns: np.ndarray,
        names: Sequence[str | None] | None = None,
        shape: tuple[int, int] | None = None,
    ) -> None:
        """Add memories, (P, N) or (N,) of +-1 drawn on a grid of `shape` (redrawn on this one if
        it differs); at most MAX_MEMORIES in all. Names pass `models.patterns.memory_name` (cut
        short, control characters refused); one left out (None or blank) becomes the next free
        'P<k>', chosen here, so two quick Stores are 'P1' and 'P2' whatever the GUI has seen."""
        self._remember_library()
        stack = on_grid(patterns, shape, self.shape, "the patterns")
        check_room(len(self.names), len(stack))
        chosen = memory_names(len(stack), names, self.names)
        count = f"{len(stack)} memor{'y' if len(stack) == 1 else 'ies'}"
        self._net.store(stack, progress=self._reporter(f"Storing {count}: computing"))
        self.names.extend(chosen)
        self._memories_changed()
        self._restart_from(self._dyn.state)

    @command
    def remove(self, index: int) -> None:
        self._remember_library()
        self._check_index(index)
        text = f"Forgetting '{self.names[index]}': computing"
        self._net.remove(index, progress=self._reporter(text))
        del self.names[index]
        if self.landscape_pair is not None:  # keep showing the same two memories if we can
            a, b = self.landscape_pair
            kept = index not in (a, b)
            self.landscape_pair = (a - (a > index), b - (b > index)) if kept else None
        self._memories_changed()
        self._restart_from(self._dyn.state)

    @command
    def clear_memories(self) -> None:
        self._remember_library()
        self._net.clear()
        self.names.clear()
        self._memories_changed()
        self._restart_from(self._dyn.state)

    @command
    def undo_memories(self) -> None:
        """Take back the last Store, Remove or Forget all (one per call, newest first)."""
        self._swap_library(self._library_undo, self._library_redo, "Undoing")

    @command
    def redo_memories(self) -> None:
        """Do again the last memory edit taken back by `undo_memories`."""
        self._swap_library(self._library_redo, self._library_undo, "Redoing")

    def _remember_library(self) -> None:
        self._library_undo.append(self._library())
        del self._library_undo[:-LIBRARY_UNDO_LIMIT]
        self._library_redo.clear()

    def _library(self) -> Library:
        return Library(self._net.patterns, tuple(self.names), self.landscape_pair)

    def _swap_library(self, source: list[Library], target: list[Library], doing: str) -> None:
        """The library becomes the newest entry of `source`; what it was goes onto `target`."""
        if not source:
            return
        library = source[-1]
        net = HopfieldNetwork(self.n_units, rule=self._net.rule)
        if len(library.patterns):  # the weights are built before anything changes (Cancel)
            count = f"{len(library.patterns)} memories"
            net.store(library.patterns, progress=self._reporter(f"{doing}: {count}"))
        source.pop()
        target.append(self._library())
        self._net, self.names = net, list(library.names)
        self.landscape_pair = library.landscape_pair
        self._memories_changed()
        self._restart_from(self._dyn.state)

    def _forget_library_history(self) -> None:
        """A new grid or a restored state: old libraries no longer fit."""
        self._library_undo.clear()
        self._library_redo.clear()

    @command
    def set_landscape_pair(self, a: int, b: int) -> None:
        count = len(self.names)
        if not (0 <= a < count and 0 <= b < count) or a == b:
            raise ValueError("pick two different stored memories for the energy landscape")
        self.landscape_pair = (int(a), int(b))
        self._landscape = self._compute_landscape()

    @command
    def set_landscape_axis(self, axis: int, index: int) -> None:
        """Memory `index` on axis 0 (x) or 1 (y) of the landscape; picking the memory the other
        axis shows swaps the two axes."""
        if self.landscape_pair is None:
            raise ValueError("the energy landscape needs two stored memories")
        pair = list(self.landscape_pair)
        if index == pair[1 - axis]:
            pair[1 - axis] = pair[axis]
        pair[axis] = index
        self.set_landscape_pair(*pair)

    # --- parameters and state -------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        if name == "rule":
            check_fits(value, self.params["grid_size"])
            check_fits(value, self.params["grid_size"], self._altered())
            self._net.set_rule(value, progress=self._reporter("Computing", value))
            self._memories_changed()
            self._restart_from(self._dyn.state)
        elif name in ("asymmetry", "damage", "damage_kind"):
            check_fits(self.params["rule"], self.params["grid_size"], self._altered())
            self._alter(self._net, self.params)
            self._memories_changed()
            self._restart_from(self._dyn.state)
        elif name == "network" or self.params["network"] == NETWORK_OF.get(name):
            self._memories_changed()  # the modern or dense network, its landscape and warning
            self._restart_from(self._dyn.state)
        elif name == "mode":
            if self.params["network"] != "modern":  # the modern update has no unit order
                self._dyn.mode = value
        elif name == "temperature":
            if self.params["network"] == "classic":  # the others run at T = 0
                self._dyn.temperature = value
        elif name == "grid_size":
            check_fits(self.params["rule"], value, self._altered())
            self._resize(math.isqrt(self._cue.size), int(value))

    def state(self) -> dict[str, Any]:
        """Parameters, memories (P, N) int8 and their names, the cue and the live state (N,)
        int8 (the modern network's: float64 in [-1, 1]), and the two memories of the landscape
        ([a, b], or None below two memories)."""
        return {
            "params": dict(self.params),
            "patterns": self._net.patterns,
            "names": list(self.names),
            "cue": self._cue.copy(),
            "state": self._dyn.state,
            "landscape_pair": list(self.landscape_pair) if self.landscape_pair else None,
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        """Everything is checked (and the network built) before anything changes."""
        new = restored(self.state(), params, state)
        check_fits(params["rule"], params["grid_size"], self._altered(params))
        if new["rebuild"]:
            net = HopfieldNetwork(new["n_units"], rule=new["params"]["rule"])
            self._alter(net, new["params"])
            progress = self._reporter("Computing", net.rule, net.n_units)
            net.store(new["patterns"], progress=progress)
        else:
            net = self._net
            self._alter(net, new["params"])
        self.params, self._net, self.names = new["params"], net, new["names"]
        self._cue, self.landscape_pair = new["cue"], new["landscape_pair"]
        self._forget_library_history()
        self._memories_changed()
        self._restart_from(new["state"])

    # --- the worker's interface -------------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """Run `n_steps` unit updates' worth of dynamics; False once the state has come to rest."""
        self._require_memories()
        if self._dyn.outcome != "running":
            return False
        self._run_updates(n_steps)
        return self._dyn.outcome == "running"

    def snapshot(self) -> HopfieldSnapshot:
        n = self.n_units
        trace_x, trace_e = decimate(*self._energy.arrays(), TRACE_POINTS)
        overlap_x, overlap_history = thin(*self._overlaps.arrays(), OVERLAP_POINTS)
        state = self._dyn.state
        overlaps = self._overlaps_of(state) if self.names else np.zeros(0)
        network = self.params["network"]
        attention = np.zeros(0)
        if network == "modern" and self.names:
            attention = self._model.attention(state)
        return HopfieldSnapshot(
            params=dict(self.params),
            shape=self.shape,
            state=state,
            cue=self._cue.copy(),
            marked_unit=int(self._dyn.last_unit),
            updates=int(self._dyn.updates),
            sweeps=float(self._dyn.updates) / n,
            energy=float(self._dyn.energy) * self._energy_scale(),
            trace_x=trace_x,
            trace_energy=trace_e,
            overlap_x=overlap_x,
            overlap_history=overlap_history.reshape(len(overlap_x), len(self.names)),
            overlaps=overlaps,
            outcome=self._dyn.outcome,
            verdict=self._verdict(overlaps, attention, state),
            patterns=self._patterns,
            names=tuple(self.names),
            landscape=self._landscape,
            weight_image=self._weight_image,
            memory_generation=self._memory_generation,
            warning=self._warning,
            network=network,
            attention=attention,
            energy_unit="N" if network != "dense" else f"N^{self.params['degree']}",
            silenced=~self._net.alive if network == "classic" else np.zeros(0, dtype=bool),
        )

    # --- internals --------------------------------------------------------------------------------
    def _verdict(self, overlaps: np.ndarray, attention: np.ndarray, state: np.ndarray) -> str:
        if self.params["network"] == "modern":
            steps = self._dyn.moving_steps
            return modern_verdict(attention, overlaps, self.names, self._dyn.outcome, steps)
        return verdict(
            overlaps,
            self.names,
            self._dyn.outcome,
            state,
            self._patterns,
            self._dyn.cycle_length,
            self._cue_overlaps(),
        )

    def _energy_scale(self) -> float:
        """Energies are shown per unit, E / N; the dense network's as E / N^n (about -1 at a
        memory, whatever the degree)."""
        n = float(self.n_units)
        return n ** -self.params["degree"] if self.params["network"] == "dense" else 1.0 / n

    def _overlaps_of(self, state: np.ndarray) -> np.ndarray:
        """(P,) overlaps (memory . state) / N of a +-1 or a continuous state."""
        if state.dtype.kind == "f":
            return self._patterns @ state / self.n_units
        return self._net.overlaps(state)

    def _build_model(self) -> None:
        """The modern or dense network on the library's memories (None for the classic one)."""
        network, n = self.params["network"], self.n_units
        if network == "modern":
            self._model = ModernHopfield(n, beta=self.params["beta"])
        elif network == "dense":
            self._model = DenseAssociativeMemory(n, degree=self.params["degree"])
        else:
            self._model = None
            return
        if len(self._patterns):
            self._model.store(self._patterns)

    def _altered(self, params: dict[str, Any] | None = None) -> bool:
        params = self.params if params is None else params
        return params["asymmetry"] > 0 or params["damage"] > 0

    @staticmethod
    def _alter(net: HopfieldNetwork, params: dict[str, Any]) -> None:
        """Give `net` the asymmetry and damage of `params` (seeded: the same cuts every time)."""
        net.set_asymmetry(params["asymmetry"], seed=0)
        net.repair()
        if params["damage"] > 0:
            net.damage(params["damage"], kind=params["damage_kind"], seed=0)

    def _cue_overlaps(self) -> np.ndarray | None:
        """Overlaps of the cue with the memories once a run is at rest (for the verdict)."""
        if self._dyn.outcome == "running" or not self.names:
            return None
        return self._net.overlaps(self._cue)

    def _require_memories(self) -> None:
        if not self.names:
            raise ValueError("Nothing is stored yet: draw a pattern and press Store (S) first.")

    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self.names):
            raise ValueError(f"there is no stored memory number {index + 1}")

    def _resize(self, old_side: int, side: int) -> None:
        """A new grid size: stored memories and the cue are redrawn on it, nothing is lost."""
        old, new = (old_side, old_side), (side, side)
        patterns = self._net.patterns
        net = HopfieldNetwork(side * side, rule=self._net.rule)
        self._alter(net, self.params)
        if len(patterns):
            text = f"Redrawing the memories on {side} x {side}: computing"
            redrawn = np.array([resample(p, old, new) for p in patterns])
            net.store(redrawn, progress=self._reporter(text, n_units=side * side))
        self._net, self.params["grid_size"] = net, side
        self._cue = resample(self._cue, old, new)
        self._forget_library_history()
        self._memories_changed()
        self.reset()

    def _reporter(
        self, doing: str, rule: str | None = None, n_units: int | None = None
    ) -> Callable[[float], None]:
        """A model progress callback for computing the weights of `rule` (the network's) for
        `n_units` (the grid's), said as "`doing` the Storkey weights for 4096 units…": it passes
        reports on to `self.progress` (which raises `Cancelled` once the user cancels)."""
        label = self.param_set()["rule"].label_of(rule or self._net.rule)
        text = f"{doing} the {label} weights for {n_units or self.n_units} units…"
        return lambda fraction: self.progress(fraction, text)

    def _run_updates(self, n_updates: int) -> None:
        """Step in slices, recording energy and overlaps after each: slices of N/16 updates, or
        an eighth of a long request (a flat-out run), so bookkeeping stays a small share."""
        n = self.n_units
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
        n = self.n_units
        k = len(energies)
        if k:
            end = self._dyn.updates
            start = end - k if before is None else before
            step = (end - start) / k
            x = (start + step * np.arange(1, k + 1)) / n
            self._energy.add(x, np.asarray(energies) * self._energy_scale())
        self._overlaps.add([self._dyn.updates / n], self._current_overlaps())

    def _current_overlaps(self) -> np.ndarray:
        if not self.names:
            return np.zeros((1, 0))
        return self._overlaps_of(self._dyn.state)[None, :]

    def _restart_from(self, state: np.ndarray) -> None:
        network = self.params["network"]
        if network == "modern":
            self._dyn = ModernStepper(self._model, state)
        elif network == "dense":
            self._dyn = self._model.dynamics(signs(state), self.params["mode"], self.seed)
        else:
            self._dyn = self._net.dynamics(
                signs(state),
                mode=self.params["mode"],
                temperature=self.params["temperature"],
                seed=self.seed,
            )
        self._sync_credit = 0
        self._energy = RunRecord()
        self._overlaps = RunRecord()
        self._energy.add([0.0], [self._dyn.energy * self._energy_scale()])
        self._overlaps.add([0.0], self._current_overlaps())

    def _memories_changed(self) -> None:
        self._memory_generation += 1
        self._patterns = self._net.patterns
        self._patterns.setflags(write=False)
        self._build_model()
        count = len(self.names)
        if self.landscape_pair is None or max(self.landscape_pair) >= count:
            self.landscape_pair = (0, 1) if count >= 2 else None
        self._landscape = self._compute_landscape()
        self._weight_image = self._compute_weight_image()
        network = self.params["network"]
        if network == "modern":
            self._warning = modern_warning(self._patterns, self.names, self.params["beta"])
        else:  # the dense network has no load limit to quote, only alike memories
            rule = self._net.rule if network == "classic" else network
            self._warning = recall_warning(self._patterns, self.names, rule)

    def _compute_landscape(self) -> Landscape | None:
        if self.landscape_pair is None:
            return None
        a, b = self.landscape_pair
        n = self.n_units
        network = self.params["network"]
        if network == "modern":
            m_a, m_b, energy = modern_landscape(self._model, a, b, resolution=41)
        elif network == "dense":
            m_a, m_b, energy = dense_landscape(self._model, a, b, resolution=41, seed=0)
        else:
            m_a, m_b, energy = self._net.energy_landscape(a, b, resolution=41, seed=0)
        cross = float(self._patterns[a].astype(np.float64) @ self._patterns[b]) / n
        # the models index energy[i, j] at (m_a[i], m_b[j]); images want rows along m_b
        return Landscape((a, b), m_a, m_b, energy.T * self._energy_scale(), cross)

    def _compute_weight_image(self) -> np.ndarray:
        n = self.n_units
        index = np.linspace(0, n - 1, min(n, WEIGHT_IMAGE_UNITS)).round().astype(np.intp)
        image = np.asarray(self._net.weights_subset(index), dtype=np.float32)
        image.setflags(write=False)
        return image
