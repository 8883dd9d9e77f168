"""How many memories fit: capacity curves of the Hopfield networks (pure numpy; no Qt).

For each load alpha = P/N, `capacity_curve` stores P random +-1 patterns in a fresh network
(one per trial), cues one stored pattern with a fraction of its bits flipped, lets the network
recall (asynchronous updates to a fixed point) and records the final overlap m = xi.s/N with the
cued pattern. It also records the one-step bit error: the fraction of bits of stored patterns
that one update from the pattern itself flips. For the Hebbian rule that error follows

    P_err = 1/2 (1 - erf(sqrt(1 / (2 alpha))))     (`theory_bit_error`; Amit et al. 1985),

and retrieval collapses near alpha_c = 0.138 (`ALPHA_C`). Storkey and pseudo-inverse rules hold
on to alpha = 0.3 and beyond; the modern network (Ramsauer et al. 2020) and the dense
associative memory (Krotov & Hopfield 2016) far beyond. For the sequence rule the cue is
followed one synchronous step and compared with the next pattern of the sequence.

`pattern_set_curve` does the same for a given set (letters, digits): the first k patterns for
k = 1..P, and `pairwise_overlaps` shows why correlated patterns fail far earlier.

Example:
    >>> from models.capacity import capacity_curve, theory_bit_error
    >>> curve = capacity_curve(500, [0.05, 0.1, 0.2], trials=5)
    >>> curve.overlap.round(2)         # about [1.0, 1.0, 0.4]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from models._hopfield_checks import _as_patterns, _check_choice, _check_int, _check_seed
from models.hopfield import RULES, HopfieldNetwork
from models.modern_hopfield import DenseAssociativeMemory, ModernHopfield
from models.patterns import flip_bits, random_patterns

ALPHA_C = 0.138  # storage capacity of the Hebbian network, random patterns (Amit et al. 1985)
CAPACITY_RULES = (*RULES, "modern", "dense")
MAX_TRIALS = 1000
MAX_SWEEPS = 50  # recall runs end at a fixed point, in practice within a dozen sweeps
ERROR_SAMPLE = 32  # stored patterns per trial whose one-step bit error is measured (at most)

Progress = Callable[[float, "CapacityCurve"], object]


def theory_bit_error(loads: object) -> np.ndarray:
    """P_err = 1/2 (1 - erf(sqrt(1/(2 alpha)))) for each load alpha = P/N (float64 array of
    the loads' shape; a float for one load):
    the chance that one bit of a stored random pattern is unstable (Hebbian rule, large N).
    alpha = 0 gives 0."""
    alpha = np.atleast_1d(np.asarray(loads, dtype=np.float64))
    if np.any(~np.isfinite(alpha)) or np.any(alpha < 0):
        raise ValueError("loads must be finite numbers of zero or more")
    erfc = np.vectorize(math.erfc, otypes=[np.float64])
    with np.errstate(divide="ignore"):
        out = 0.5 * erfc(np.sqrt(1.0 / (2.0 * alpha)))
    return out.reshape(np.shape(loads)) if np.ndim(loads) else out[0]


@dataclass(frozen=True)
class CapacityCurve:
    """Results per load (arrays of shape (L,) for the L loads computed so far):

    loads: alpha = P/N; n_patterns: P; overlap: mean final overlap with the cued pattern;
    overlap_sd: its standard deviation across trials; bit_error: mean fraction of bits of the
    stored patterns that one update from the pattern itself flips; trial_overlaps: (L, trials).
    """

    n_units: int
    rule: str
    flip_fraction: float
    trials: int
    loads: np.ndarray
    n_patterns: np.ndarray
    overlap: np.ndarray
    overlap_sd: np.ndarray
    bit_error: np.ndarray
    trial_overlaps: np.ndarray

    @property
    def complete(self) -> int:
        """Number of loads computed."""
        return len(self.loads)


def _check_fraction(value: object) -> float:
    try:
        fraction = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"the cue noise must be a number from 0 to 0.5, got {value!r}") from None
    if not (math.isfinite(fraction) and 0.0 <= fraction <= 0.5):
        raise ValueError(f"the cue noise must be a number from 0 to 0.5, got {value!r}")
    return fraction


def _check_loads(loads: object, n_units: int) -> tuple[np.ndarray, np.ndarray]:
    alpha = np.atleast_1d(np.asarray(loads, dtype=np.float64))
    if alpha.ndim != 1 or alpha.size == 0 or not np.all(np.isfinite(alpha)):
        raise ValueError("loads must be a non-empty list of numbers")
    counts = np.rint(alpha * n_units).astype(np.int64)
    if np.any(counts < 1) or np.any(counts > 4 * n_units):
        raise ValueError(
            f"every load must give between 1 and {4 * n_units} patterns for {n_units} units"
        )
    return counts / n_units, counts


def capacity_curve(
    n_units: int,
    loads: Sequence[float] | np.ndarray,
    rule: str = "hebbian",
    flip_fraction: float = 0.1,
    trials: int = 10,
    seed: int | None = 0,
    progress: Progress | None = None,
    *,
    beta: float = 1.0,
    degree: int = 3,
) -> CapacityCurve:
    """Mean final overlap and one-step bit error against the load alpha = P/N.

    n_units: N; loads: alpha values (each rounded to a whole number of patterns P, at least 1;
    `curve.loads` holds the rounded values); rule: one of CAPACITY_RULES (every HopfieldNetwork
    rule, "modern" at inverse temperature `beta`, "dense" of degree `degree`); flip_fraction:
    the cue's flipped bits (0 to 0.5); trials: independent networks per load; seed: fixes every
    random choice. progress(fraction, curve_so_far) is called after every trial: with the curve
    of the loads done so far when a load is complete, with None in between; whatever it raises
    (to cancel) propagates at once.
    """
    n_units = _check_int(n_units, "number of units", 2, 1 << 16)
    alpha, counts = _check_loads(loads, n_units)
    rule = _check_choice(rule, "rule", CAPACITY_RULES)
    flip_fraction = _check_fraction(flip_fraction)
    trials = _check_int(trials, "number of trials", 1, MAX_TRIALS)
    seeds = np.random.SeedSequence(_check_seed(seed)).spawn(len(alpha))
    results = []
    for k, (count, load_seed) in enumerate(zip(counts, seeds, strict=True)):
        rows = []
        for t, trial_seed in enumerate(load_seed.spawn(trials)):
            if progress is not None and t:
                progress((k + t / trials) / len(alpha), None)
            rows.append(_trial(n_units, int(count), rule, flip_fraction, trial_seed, beta, degree))
        results.append(rows)
        if progress is not None:
            progress((k + 1) / len(alpha), _curve(n_units, rule, flip_fraction, trials, alpha,
                                                  counts, results))  # fmt: skip
    return _curve(n_units, rule, flip_fraction, trials, alpha, counts, results)


def _curve(n_units, rule, flip_fraction, trials, alpha, counts, results) -> CapacityCurve:
    done = len(results)
    overlaps = np.array([[m for m, _ in rows] for rows in results]).reshape(done, trials)
    errors = np.array([[e for _, e in rows] for rows in results]).reshape(done, trials)
    return CapacityCurve(
        n_units=n_units,
        rule=rule,
        flip_fraction=flip_fraction,
        trials=trials,
        loads=alpha[:done].copy(),
        n_patterns=counts[:done].copy(),
        overlap=overlaps.mean(axis=1),
        overlap_sd=overlaps.std(axis=1),
        bit_error=errors.mean(axis=1),
        trial_overlaps=overlaps,
    )


def _trial(
    n_units: int,
    n_patterns: int,
    rule: str,
    flip_fraction: float,
    seed: np.random.SeedSequence,
    beta: float,
    degree: int,
) -> tuple[float, float]:
    """(final overlap, one-step bit error) of one network of random patterns."""
    pattern_seed, cue_seed, order_seed = (int(s.generate_state(1)[0]) for s in seed.spawn(3))
    patterns = random_patterns(n_patterns, n_units, seed=pattern_seed)
    cued = cue_seed % n_patterns
    cue = flip_bits(patterns[cued], flip_fraction, seed=cue_seed)
    return _recall_and_errors(patterns, cued, cue, rule, order_seed, beta, degree)


def _recall_and_errors(
    patterns: np.ndarray,
    cued: int,
    cue: np.ndarray,
    rule: str,
    seed: int,
    beta: float,
    degree: int,
) -> tuple[float, float]:
    n_units = patterns.shape[1]
    """(final overlap, one-step bit error) from one cue; the bit error is measured on at most
    ERROR_SAMPLE stored patterns (chosen with `seed`), an unbiased estimate at a fraction of
    the P^2 N cost of all of them."""
    n_units = patterns.shape[1]
    target = patterns[cued].astype(np.float64)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.permutation(len(patterns))[:ERROR_SAMPLE])
    if rule == "modern":
        net = ModernHopfield(n_units, beta=beta)
        net.store(patterns)
        final = net.retrieve(cue, max_steps=MAX_SWEEPS).state
        flipped = [
            np.count_nonzero(np.sign(net.update(patterns[i])) != patterns[i]) for i in sample
        ]
        return float(target @ final) / n_units, float(np.sum(flipped)) / (len(sample) * n_units)
    if rule == "dense":
        dam = DenseAssociativeMemory(n_units, degree=degree)
        dam.store(patterns)
        final = dam.recall(cue, seed=seed, max_sweeps=MAX_SWEEPS).state
        return float(target @ final) / n_units, _dense_bit_error(dam, patterns, sample)
    net = HopfieldNetwork(n_units, rule=rule)
    net.store(patterns)
    fields = _fields(net, patterns, sample)
    if rule == "sequence":  # one synchronous step should reach the next pattern
        target = patterns[(cued + 1) % len(patterns)].astype(np.float64)
        dyn = net.dynamics(cue, mode="sync", seed=seed)
        dyn.step(1)
        following = patterns[(sample + 1) % len(patterns)]
        wrong = np.count_nonzero(fields * following < 0)
        return float(target @ dyn.state) / n_units, wrong / fields.size
    final = net.recall(cue, mode="async", max_sweeps=MAX_SWEEPS, seed=seed).state
    wrong = np.count_nonzero(fields * patterns[sample] < 0)  # a zero field keeps the bit
    return float(target @ final) / n_units, wrong / fields.size


def _fields(net: HopfieldNetwork, patterns: np.ndarray, sample: np.ndarray) -> np.ndarray:
    """(S, N) float32 local fields of the stored patterns `sample`, as matrix products."""
    x = patterns.astype(np.float32)
    xs = x[sample]
    if net.rule == "hebbian":  # W = (X^T X - P I)/N; the products are exact small integers
        return ((xs @ x.T) @ x - len(x) * xs) / np.float32(net.n_units)
    return xs @ net.weights.T.astype(np.float32)


def _dense_bit_error(
    dam: DenseAssociativeMemory, patterns: np.ndarray, sample: np.ndarray
) -> float:
    """Fraction of bits of the stored patterns `sample` that one dense update (from the
    pattern itself) flips."""
    x = patterns.astype(np.float64)
    f = dam.interaction
    wrong = 0
    for nu in sample:
        rest = (x @ x[nu])[:, np.newaxis] - x * x[nu]  # r_mu for every unit i: (P, N)
        gain = np.sum(f(rest + x) - f(rest - x), axis=0)
        wrong += np.count_nonzero(gain * x[nu] < 0)
    return wrong / (len(sample) * patterns.shape[1])


def pattern_set_curve(
    patterns: object,
    rule: str = "hebbian",
    flip_fraction: float = 0.1,
    trials: int = 10,
    seed: int | None = 0,
    progress: Progress | None = None,
    *,
    beta: float = 1.0,
    degree: int = 3,
) -> CapacityCurve:
    """The capacity curve of a given set of patterns (P, N), e.g. letters: for k = 1..P the
    first k patterns are stored and each trial cues one of them (chosen at random) with
    `flip_fraction` of its bits flipped. `curve.loads` is k/N. Correlated pictures fail at a far
    lower load than random patterns (SCIENCE.md: eight letters of 10 x 10 already break recall).
    progress as for `capacity_curve`.
    """
    array = np.asarray(patterns)
    if array.ndim != 2 or array.shape[0] < 1:
        raise ValueError("patterns must be a (P, N) stack of at least one pattern")
    stack = _as_patterns(array, array.shape[1])
    n_patterns, n_units = stack.shape
    rule = _check_choice(rule, "rule", CAPACITY_RULES)
    flip_fraction = _check_fraction(flip_fraction)
    trials = _check_int(trials, "number of trials", 1, MAX_TRIALS)
    counts = np.arange(1, n_patterns + 1)
    alpha = counts / n_units
    seeds = np.random.SeedSequence(_check_seed(seed)).spawn(n_patterns)
    results = []
    for k, load_seed in enumerate(seeds):
        subset = stack[: k + 1]
        rows = []
        for t, trial_seed in enumerate(load_seed.spawn(trials)):
            if progress is not None and t:
                progress((k + t / trials) / n_patterns, None)
            cue_seed, order_seed = (int(s.generate_state(1)[0]) for s in trial_seed.spawn(2))
            cued = cue_seed % (k + 1)
            cue = flip_bits(subset[cued], flip_fraction, seed=cue_seed)
            rows.append(_recall_and_errors(subset, cued, cue, rule, order_seed, beta, degree))
        results.append(rows)
        if progress is not None:
            progress((k + 1) / n_patterns, _curve(n_units, rule, flip_fraction, trials, alpha,
                                                  counts, results))  # fmt: skip
    return _curve(n_units, rule, flip_fraction, trials, alpha, counts, results)


def pairwise_overlaps(patterns: object) -> np.ndarray:
    """(P, P) float64 overlaps xi^mu . xi^nu / N between stored patterns (1 on the diagonal)."""
    array = np.asarray(patterns)
    if array.ndim != 2:
        raise ValueError("patterns must be a (P, N) stack")
    x = _as_patterns(array, array.shape[1]).astype(np.float64)
    return x @ x.T / x.shape[1]


def largest_overlap(patterns: object) -> tuple[float, int, int]:
    """(|m|, a, b): the largest |overlap| between two different patterns and which two
    (a < b); (0.0, -1, -1) for fewer than two patterns."""
    m = np.abs(pairwise_overlaps(patterns))
    if len(m) < 2:
        return 0.0, -1, -1
    np.fill_diagonal(m, -1.0)
    a, b = np.unravel_index(int(np.argmax(m)), m.shape)
    a, b = sorted((int(a), int(b)))
    return float(m[a, b]), a, b
