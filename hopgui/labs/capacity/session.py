"""The capacity explorer's session: the measured capacity curves and one trial at a chosen load
that the class can watch (the "probe"). Pure Python (no Qt).

Sweeps run as a background job of the lab (models.capacity does the work; the job keeps running
while the tab is hidden); each point reaches the session as a `set_curve` command, so the
session owns every curve shown and `state()` saves them. Play runs the probe: P = alpha N random
memories on a PROBE_SIDE x PROBE_SIDE grid, one of them cued with the chosen noise, recalled by
the chosen rule, so the class sees one of the trials that the curve averages.

The overlaps of the chosen pictures (letters, digits) follow from two parameters alone, so they
are no state of the session: the lab draws the pictures (with Qt) and shows
`pattern_set_view(names, patterns)` of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot, command, state_array
from models.capacity import (
    ALPHA_C,
    CAPACITY_RULES,
    CapacityCurve,
    largest_overlap,
    pairwise_overlaps,
)
from models.hopfield import HopfieldNetwork
from models.modern_hopfield import DenseAssociativeMemory, ModernHopfield
from models.patterns import flip_bits, random_patterns

PROBE_SIDE = 20  # the probe network: 400 units on a 20 x 20 grid
PROBE_UNITS = PROBE_SIDE * PROBE_SIDE
LOADS = 15  # points of a random-pattern sweep, from FIRST_LOAD to the largest load
FIRST_LOAD = 0.02
MAX_CURVES = 12
CURVE_ARRAYS = ("loads", "overlap", "overlap_sd", "bit_error")
RULE_LABELS = {
    "Hebbian": "hebbian",
    "Storkey": "storkey",
    "Pseudo-inverse": "pseudoinverse",
    "Modern (Ramsauer)": "modern",
    "Dense (Krotov)": "dense",
    "Sequence": "sequence",
}
SET_LABELS = {"Random patterns": "random", "Letters A-Z": "letters", "Digits 0-9": "digits"}
BETA = 1.0  # the modern network's inverse temperature in sweeps and the probe
DEGREE = 3  # the dense memory's degree in sweeps and the probe

PARAMS = (
    Param(
        "rule",
        "learning rule",
        "hebbian",
        symbol="Rule",
        choices=RULE_LABELS,
        tooltip="The network whose capacity is measured: a classic learning rule, the modern\n"
        "continuous network (β = 1) or the dense associative memory (degree 3)",
    ),
    Param(
        "patterns",
        "memories",
        "random",
        symbol="Memories",
        choices=SET_LABELS,
        tooltip="Random ±1 patterns, or pictures (letters, digits) that look alike",
    ),
    Param(
        "n_units",
        "number of units",
        500,
        symbol="N",
        choices={f"N = {n}": n for n in (100, 200, 500, 1000, 2000)},
        tooltip="Units of the networks of a random-pattern sweep",
    ),
    Param(
        "letter_side",
        "letter grid",
        10,
        symbol="Grid",
        choices={"10 x 10": 10, "16 x 16": 16},
        tooltip="Grid the letters and digits are drawn on (N = side²)",
    ),
    Param(
        "flip_fraction",
        "cue noise",
        0.1,
        symbol="Noise",
        bounds=(0.0, 0.4),
        step=0.05,
        scale=100.0,
        unit=" %",
        fmt="{:.0f} %",
        tooltip="Fraction of the cued memory's bits flipped before recall",
    ),
    Param(
        "trials",
        "trials per load",
        10,
        symbol="Trials",
        bounds=(1, 50),
        step=1,
        integer=True,
        fmt="{:.0f}",
        tooltip="Independent networks per load: more trials, smoother curves, longer sweeps",
    ),
    Param(
        "max_load",
        "largest load",
        0.3,
        symbol="Up to α",
        bounds=(0.1, 1.0),
        step=0.05,
        fmt="{:.2f}",
        tooltip="The sweep goes from α = P/N = 0.02 to this load in 15 steps",
    ),
    Param(
        "probe_load",
        "load of the trial",
        0.1,
        symbol="Trial α",
        bounds=(0.0025, 1.0),
        values=tuple(np.round(np.arange(1, 401) / PROBE_UNITS, 4)),
        fmt="{:.3f}",
        tooltip="Load P/N of the one trial shown on the grid (N = 400): Play runs its recall",
    ),
)


@dataclass(frozen=True)
class Curve:
    """One measured curve (arrays (L,) float64): which network, which memories, and results."""

    rule: str
    patterns: str
    n_units: int
    flip_fraction: float
    trials: int
    loads: np.ndarray
    overlap: np.ndarray
    overlap_sd: np.ndarray
    bit_error: np.ndarray

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.patterns)

    def record(self) -> dict[str, Any]:
        """As plain data for `state()`."""
        return {
            "rule": self.rule,
            "patterns": self.patterns,
            "n_units": self.n_units,
            "flip_fraction": self.flip_fraction,
            "trials": self.trials,
            **{name: getattr(self, name).copy() for name in CURVE_ARRAYS},
        }


def curve_from_model(curve: CapacityCurve, patterns: str) -> Curve:
    """A `Curve` of the session from what models.capacity returned (for `set_curve`)."""
    return Curve(
        rule=curve.rule,
        patterns=patterns,
        n_units=int(curve.n_units),
        flip_fraction=float(curve.flip_fraction),
        trials=int(curve.trials),
        **{
            name: np.asarray(getattr(curve, name), dtype=np.float64).copy() for name in CURVE_ARRAYS
        },
    )


def checked_curve(record: object) -> Curve:
    """A `Curve` from plain data (a saved state), or ValueError in words."""
    if not isinstance(record, dict):
        raise ValueError("each curve must be a table of named parts")
    missing = {"rule", "patterns", "n_units", "flip_fraction", "trials", *CURVE_ARRAYS} - set(
        record
    )
    if missing:
        raise ValueError(f"a curve lacks {', '.join(sorted(missing))}")
    if record["rule"] not in CAPACITY_RULES:
        raise ValueError(f"unknown rule {record['rule']!r} in a curve")
    if record["patterns"] not in SET_LABELS.values():
        raise ValueError(f"unknown memories {record['patterns']!r} in a curve")
    n_units, trials, noise = record["n_units"], record["trials"], record["flip_fraction"]
    if not (isinstance(n_units, int) and isinstance(trials, int) and n_units > 1 and trials > 0):
        raise ValueError("a curve's n_units and trials must be whole numbers above 0")
    if not isinstance(noise, float) or not 0.0 <= noise <= 0.5:
        raise ValueError("a curve's flip_fraction must be a number from 0 to 0.5")
    loads = state_array(record, "loads", np.float64, (None,))
    arrays = {name: state_array(record, name, np.float64, (len(loads),)) for name in CURVE_ARRAYS}
    return Curve(record["rule"], record["patterns"], n_units, noise, trials, **arrays)


@dataclass(frozen=True, kw_only=True)
class CapacitySnapshot(Snapshot):
    curves: tuple[Curve, ...]
    probe_shape: tuple[int, int]
    probe_state: np.ndarray  # (400,) int8
    probe_cue: np.ndarray  # (400,) int8
    probe_text: str
    probe_overlap: float
    probe_outcome: str


@dataclass(frozen=True)
class PatternSetView:
    """What the lab shows of a set of pictures: their pair overlaps and the most alike pair."""

    names: tuple[str, ...]  # the letters or digits
    overlaps: np.ndarray  # (K, K) float32, empty for random patterns
    warning: str  # "'O' and 'Q' share 93 % of their pixels ..." or ""


def pattern_set_view(names: tuple[str, ...], patterns: np.ndarray) -> PatternSetView:
    """The pair overlaps m = (xi_a . xi_b) / N of `patterns` ((K, N) of +-1, one per name) and
    a warning in words about the most alike pair ("" for fewer than two)."""
    patterns = np.asarray(patterns, dtype=np.int8)
    if patterns.ndim != 2 or len(names) != len(patterns):
        raise ValueError("a pattern set needs one name per picture")
    names = tuple(names)
    overlaps = pairwise_overlaps(patterns) if len(patterns) else np.zeros((0, 0))
    overlaps = overlaps.astype(np.float32)
    if len(names) < 2:
        return PatternSetView(names, overlaps, "")
    _, a, b = largest_overlap(patterns)
    m = float(overlaps[a, b])
    if m < 0:  # -xi is an attractor too: a picture and a near-negative are confused
        warning = (
            f"'{names[a]}' is nearly the negative of '{names[b]}' (overlap {m:.2f}): "
            "the network mixes them up"
        )
    else:
        shared = (1 + m) / 2  # m = (agree - disagree) / N
        warning = (
            f"'{names[a]}' and '{names[b]}' share {100 * shared:.0f} % of their pixels "
            f"(overlap {m:.2f}): alike memories are mixed up long before P/N = {ALPHA_C}"
        )
    return PatternSetView(names, overlaps, warning)


def probe_text(rule: str, n_patterns: int, overlap: float, outcome: str) -> str:
    """One line about the probe: load, limit, and what became of the cue."""
    load = n_patterns / PROBE_UNITS
    label = next(k for k, v in RULE_LABELS.items() if v == rule)
    text = f"{label} · P = {n_patterns} of N = {PROBE_UNITS} (P/N = {load:.3f})"
    if rule == "hebbian" and load > ALPHA_C:
        text += f", above {ALPHA_C}"
    if outcome == "running":
        return text + f" · m = {overlap:.2f}"
    if rule == "sequence":
        return text + f" · next memory m = {overlap:.2f}"
    verdict = "recalled" if overlap >= 0.9 else "failed"
    return text + f" · {verdict}, m = {overlap:.2f}"


class CapacitySession(Session):
    """Measured curves and one watchable trial."""

    PARAMS = PARAMS

    def __init__(self) -> None:
        super().__init__()
        self._curves: list[Curve] = []
        self.probe_seed = 0
        self._build_probe()

    # --- commands -------------------------------------------------------------------------------
    @command
    def set_curve(self, curve: Curve) -> None:
        """Add a curve, or replace the one of the same rule and memories (a sweep's points as
        they come)."""
        if not isinstance(curve, Curve):
            curve = checked_curve(curve)
        kept = [c for c in self._curves if c.key != curve.key]
        if len(kept) >= MAX_CURVES:
            kept = kept[1:]
        self._curves = [*kept, curve]

    @command
    def clear_curves(self) -> None:
        self._curves = []

    @command
    def reset(self) -> None:
        """The trial back to its noisy cue."""
        self._restart_probe()

    @command
    def new_probe(self) -> None:
        """Fresh random memories and a fresh cue for the trial."""
        self.probe_seed += 1
        self._build_probe()

    # --- parameters and state -------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        if name in ("rule", "probe_load", "flip_fraction"):
            self._build_probe()

    def state(self) -> dict[str, Any]:
        """Parameters, every curve (plain data, arrays (L,) float64), the trial's seed, its cue
        and its present state ((400,) int8)."""
        return {
            "params": dict(self.params),
            "curves": [curve.record() for curve in self._curves],
            "probe_seed": self.probe_seed,
            "probe_cue": self._cue.copy(),
            "probe_state": self._probe_state(),
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        curves = self._curves
        if "curves" in state:
            records = state["curves"]
            if not isinstance(records, list | tuple) or len(records) > MAX_CURVES:
                raise ValueError(f"'curves' must be a list of at most {MAX_CURVES} curves")
            curves = [checked_curve(record) for record in records]
        seed = state.get("probe_seed", self.probe_seed)
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise ValueError("'probe_seed' must be a whole number of 0 or more")
        cue = live = None
        if "probe_cue" in state:
            cue = _spins(state_array(state, "probe_cue", np.float64, (PROBE_UNITS,)), "probe_cue")
        if "probe_state" in state:
            live = _spins(
                state_array(state, "probe_state", np.float64, (PROBE_UNITS,)), "probe_state"
            )
        self.params, self._curves, self.probe_seed = params, curves, int(seed)
        self._build_probe(cue)
        if live is not None:
            self._start_from(live)

    # --- the worker's interface -------------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """Run the trial's recall for `n_steps` unit updates (a synchronous or modern step
        counts N); False once it has come to rest."""
        if self._outcome != "running":
            return False
        rule = self.params["rule"]
        if rule == "modern":
            new = self._net.update(self._state)
            moved = float(np.max(np.abs(new - self._state)))
            self._state = new
            if moved <= 1e-9:
                self._outcome = "fixed_point"
        elif rule == "dense":
            self._dyn.sweep()
            self._outcome = self._dyn.outcome
        else:
            n = n_steps if rule != "sequence" else max(1, n_steps // PROBE_UNITS)
            self._dyn.step(min(n, 50 * PROBE_UNITS))
            self._outcome = self._dyn.outcome
        return self._outcome == "running"

    def snapshot(self) -> CapacitySnapshot:
        state = self._probe_state()
        rule = self.params["rule"]
        count = len(self._patterns)
        target = self._patterns[1 % count] if rule == "sequence" else self._patterns[0]
        overlap = float(target.astype(np.float64) @ state) / PROBE_UNITS
        return CapacitySnapshot(
            params=dict(self.params),
            curves=tuple(self._curves),
            probe_shape=(PROBE_SIDE, PROBE_SIDE),
            probe_state=state,
            probe_cue=self._cue.copy(),
            probe_text=probe_text(rule, count, overlap, self._outcome),
            probe_overlap=overlap,
            probe_outcome=self._outcome,
        )

    # --- internals --------------------------------------------------------------------------------
    def _build_probe(self, cue: np.ndarray | None = None) -> None:
        """Memories at the trial's load (seeded by probe_seed), the net, a cue, a fresh run."""
        rule = self.params["rule"]
        count = max(1, round(self.params["probe_load"] * PROBE_UNITS))
        self._patterns = random_patterns(count, PROBE_UNITS, seed=self.probe_seed)
        if rule == "modern":
            self._net = ModernHopfield(PROBE_UNITS, beta=BETA)
        elif rule == "dense":
            self._net = DenseAssociativeMemory(PROBE_UNITS, degree=DEGREE)
        else:
            self._net = HopfieldNetwork(PROBE_UNITS, rule=rule)
        self._net.store(self._patterns)
        if cue is None:
            noise = self.params["flip_fraction"]
            cue = flip_bits(self._patterns[0], noise, seed=self.probe_seed)
        self._cue = cue
        self._restart_probe()

    def _restart_probe(self) -> None:
        self._start_from(self._cue)

    def _start_from(self, state: np.ndarray) -> None:
        rule = self.params["rule"]
        self._outcome = "running"
        if rule == "modern":
            self._state = state.astype(np.float64)
        elif rule == "dense":
            self._dyn = self._net.dynamics(state, mode="async", seed=self.probe_seed)
        else:
            mode = "sync" if rule == "sequence" else "async"
            self._dyn = self._net.dynamics(state, mode=mode, seed=self.probe_seed)

    def _probe_state(self) -> np.ndarray:
        if self.params["rule"] == "modern":
            return np.where(self._state >= 0, 1, -1).astype(np.int8)
        return self._dyn.state


def _spins(values: np.ndarray, what: str) -> np.ndarray:
    if not np.isin(values, (-1, 1)).all():
        raise ValueError(f"{what!r} must hold only -1 and +1")
    return values.astype(np.int8)
