"""Benchmark of hopgui's hot path: asynchronous Hopfield recall to a fixed point.

Run on demand (single-threaded BLAS, set below before numpy is imported):

    uv run python benchmarks/bench_hopfield_model.py           # recall, then the learning rules
    uv run python benchmarks/bench_hopfield_model.py --rules   # the learning rules only

Task: Hebbian network, P = 0.05 N random patterns, cue = a stored pattern with 20 % of its bits
flipped, asynchronous T = 0 recall (new random order each sweep) until a sweep without a flip.
hopgui (numba kernels, low-rank Hebbian fields, O(P) per update) is timed beside a plain Python
loop that reads each unit's field from its row of the dense W (numpy dot per update). At
N = 16384 the dense W would take 2 GB, so the reference is timed on a subset of rows and
scaled to the number of updates hopgui needed (marked "est."). The tracemalloc peak of building
and recalling the N = 16384 network shows that no dense matrix is built.

Second task (issue 7, item 15): the dense learning rules. Storkey weights of P random patterns
at N units, built from scratch as a rule switch does, by hopgui (runs of patterns assembled
with tiled matrix products, `models._hopfield_weights.storkey_weights`) beside a vectorised
numpy reference (one pattern at a time: h = W xi and two outer products, float32 in place) and
the compiled per-pattern loop hopgui used before (copied below as `old_storkey_update`). Both
per-pattern methods cost the same for every pattern, so where a full run would take long they
are timed on the first patterns and scaled to P (marked "est."). The pseudo-inverse rule is
timed beside hopgui's previous implementation (`old_pseudoinverse`). Prints Markdown.
"""

import os

for _variable in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMBA_NUM_THREADS",
):
    os.environ[_variable] = "1"

import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from numba import njit  # noqa: E402

from models._hopfield_weights import pseudoinverse_weights, storkey_weights  # noqa: E402
from models.hopfield import HopfieldNetwork, warm_up  # noqa: E402
from models.patterns import flip_bits, random_patterns  # noqa: E402

SIZES = {784: (51, 7), 4096: (31, 3), 16384: (11, 0)}  # N: (hopgui runs, reference runs)
REFERENCE_ROWS = 1024  # rows of W used to estimate the reference at N = 16384


def python_reference(weights: np.ndarray, cue: np.ndarray, seed: int) -> tuple[np.ndarray, int]:
    """Plain Python asynchronous recall: field of unit i = W[i] @ s; ties keep s_i."""
    rng = np.random.default_rng(seed)
    s = cue.astype(np.float64)
    updates = 0
    while True:
        flips = 0
        for i in rng.permutation(s.size):
            h = weights[i] @ s
            if (h > 0 > s[i]) or (h < 0 < s[i]):
                s[i] = -s[i]
                flips += 1
        updates += s.size
        if flips == 0:
            return s, updates


def reference_seconds_per_update(patterns: np.ndarray, cue: np.ndarray) -> float:
    """Time the reference's per-update work on REFERENCE_ROWS rows of W built from the patterns."""
    n = patterns.shape[1]
    units = np.random.default_rng(0).choice(n, REFERENCE_ROWS, replace=False)
    x = patterns.astype(np.float64)
    rows = x[:, units].T @ x / n
    rows[np.arange(REFERENCE_ROWS), units] = 0.0
    s = cue.astype(np.float64)
    start = time.perf_counter()
    for k, i in enumerate(units):
        h = rows[k] @ s
        if (h > 0 > s[i]) or (h < 0 < s[i]):
            s[i] = -s[i]
    return (time.perf_counter() - start) / REFERENCE_ROWS


def cues(patterns: np.ndarray, count: int) -> list[np.ndarray]:
    return [flip_bits(patterns[k % len(patterns)], 0.2, seed=k) for k in range(count)]


def time_hopgui(net: HopfieldNetwork, patterns: np.ndarray, runs: int) -> dict:
    net.recall(cues(patterns, 1)[0])  # builds the cached transposed patterns
    seconds, sweeps, overlaps, updates = [], [], [], []
    for k, cue in enumerate(cues(patterns, runs)):
        start = time.perf_counter()
        result = net.recall(cue, seed=k)
        seconds.append(time.perf_counter() - start)
        assert result.outcome == "fixed_point"
        sweeps.append(result.sweeps)
        updates.append(result.sweeps * net.n_units)
        overlaps.append(net.overlaps(result.state)[k % len(patterns)])
    return {
        "ms": 1e3 * np.median(seconds),
        "sweeps": np.median(sweeps),
        "updates": np.median(updates),
        "overlap": np.mean(overlaps),
    }


def time_reference(
    net: HopfieldNetwork, patterns: np.ndarray, runs: int, updates: float
) -> tuple[float, bool]:
    """Median reference time in ms, and whether it was estimated from a subset of rows."""
    if runs == 0:
        return 1e3 * updates * reference_seconds_per_update(patterns, cues(patterns, 1)[0]), True
    weights = net.weights
    seconds = []
    for k, cue in enumerate(cues(patterns, runs)):
        start = time.perf_counter()
        python_reference(weights, cue, seed=k)
        seconds.append(time.perf_counter() - start)
    return 1e3 * np.median(seconds), False


def peak_memory_mb(n_units: int) -> float:
    """tracemalloc peak while building a Hebbian network of n_units and recalling once."""
    tracemalloc.start()
    patterns = random_patterns(round(0.05 * n_units), n_units, seed=1)
    net = HopfieldNetwork(n_units)
    net.store(patterns)
    net.recall(cues(patterns, 1)[0])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def landscape_ms(n_units: int = 4096, n_patterns: int = 10, runs: int = 11) -> float:
    net = HopfieldNetwork(n_units)
    net.store(random_patterns(n_patterns, n_units, seed=2))
    net.energy_landscape(0, 1)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        net.energy_landscape(0, 1, resolution=41)
        seconds.append(time.perf_counter() - start)
    return 1e3 * float(np.median(seconds))


# --- dense learning rules ------------------------------------------------------------------------

RULE_SIZES = [(1024, 100), (1024, 300), (4096, 100), (4096, 300), (8192, 300)]  # (N, P)
SAMPLE_PATTERNS = 12  # per-pattern methods are timed on this many patterns when P is larger
SAMPLE_FROM = 2048  # ... at N of at least this


@njit(cache=True, nogil=True)
def old_storkey_update(w, xi):
    """hopgui's Storkey kernel before issue 7: one pattern, in place, float32 W,
    w_ij <- w_ij (1 + 2/N) + (xi_i xi_j - xi_i h_j - h_i xi_j)/N for i != j, h = W xi."""
    n_units = xi.size
    h = np.zeros(n_units)
    for i in range(n_units):
        acc = 0.0
        for j in range(n_units):
            acc += w[i, j] * xi[j]
        h[i] = acc
    grow = 1.0 + 2.0 / n_units
    for i in range(n_units):
        for j in range(n_units):
            if i != j:
                delta = xi[i] * xi[j] - (xi[i] * h[j] + h[i] * xi[j])
                w[i, j] = w[i, j] * grow + delta / n_units
    return w


def old_storkey(patterns: np.ndarray) -> np.ndarray:
    w = np.zeros((patterns.shape[1],) * 2, dtype=np.float32)
    for xi in patterns:
        old_storkey_update(w, xi)
    return w


def numpy_storkey(patterns: np.ndarray) -> np.ndarray:
    """Vectorised numpy, one pattern at a time: W <- a W + xi (xi - h)^T / N - h xi^T / N."""
    n = patterns.shape[1]
    w = np.zeros((n, n), dtype=np.float32)
    for xi in patterns.astype(np.float32):
        h = w @ xi
        w *= np.float32(1.0 + 2.0 / n)
        w += np.outer(xi / n, xi - h)
        w -= np.outer(h / n, xi)
        np.fill_diagonal(w, 0.0)
    return w


def float64_storkey(patterns: np.ndarray) -> np.ndarray:
    """The rule in float64, one pattern at a time: the exact weights to compare with."""
    n = patterns.shape[1]
    w = np.zeros((n, n))
    for xi in patterns.astype(np.float64):
        h = w @ xi
        w = (1.0 + 2.0 / n) * w + (np.outer(xi, xi - h) - np.outer(h, xi)) / n
        np.fill_diagonal(w, 0.0)
    return w


def old_pseudoinverse(patterns: np.ndarray) -> np.ndarray:
    """hopgui's pseudo-inverse rule before issue 7: a full float64 Y^T Y, then symmetrised."""
    x = patterns.astype(np.float64)
    eigenvalues, vectors = np.linalg.eigh(x @ x.T)
    keep = eigenvalues > 1e-10 * eigenvalues.max()
    y = (vectors[:, keep] / np.sqrt(eigenvalues[keep])).T @ x
    w = y.T @ y
    w = 0.5 * (w + w.T)
    np.fill_diagonal(w, 0.0)
    return w.astype(np.float32)


def seconds_of(build, patterns: np.ndarray, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build(patterns)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def per_pattern_seconds(build, patterns: np.ndarray) -> tuple[float, bool]:
    """Seconds for all P patterns, timed on a sample and scaled when N and P are large."""
    n_patterns, n_units = patterns.shape
    if n_units < SAMPLE_FROM or n_patterns <= SAMPLE_PATTERNS:
        return seconds_of(build, patterns, runs=1), False
    sample = seconds_of(build, patterns[:SAMPLE_PATTERNS], runs=1)
    return sample * n_patterns / SAMPLE_PATTERNS, True


def longest_progress_gap(n_units: int, n_patterns: int) -> float:
    """Longest time (ms) between two progress reports of a Storkey rule switch: how long a
    Cancel may wait."""
    stamps = [time.perf_counter()]
    storkey_weights(
        random_patterns(n_patterns, n_units, seed=1),
        progress=lambda f: stamps.append(time.perf_counter()),
    )
    return 1e3 * float(np.max(np.diff(stamps)))


def rules_report() -> None:
    old_storkey(random_patterns(2, 16, seed=0))  # compile the old kernel before timing
    print(
        "\n| N | P | hopgui Storkey (s) | numpy per pattern (s) | old compiled loop (s) |"
        " vs numpy | vs old | error: hopgui / old |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n_units, n_patterns in RULE_SIZES:
        patterns = random_patterns(n_patterns, n_units, seed=1)
        fast = seconds_of(storkey_weights, patterns)
        reference, ref_est = per_pattern_seconds(numpy_storkey, patterns)
        old, old_est = per_pattern_seconds(old_storkey, patterns)
        if n_units < SAMPLE_FROM:  # full runs: compare with the rule in float64
            exact = float64_storkey(patterns)
            scale = np.abs(exact).max()
            errors = [
                np.abs(build(patterns) - exact).max() / scale
                for build in (storkey_weights, old_storkey)
            ]
            diff = " / ".join(f"{e:.1e}" for e in errors)
        else:
            diff = "-"
        label = lambda v, est: f"{v:.2f} (est.)" if est else f"{v:.2f}"  # noqa: E731
        print(
            f"| {n_units} | {n_patterns} | {fast:.3f} | {label(reference, ref_est)} | "
            f"{label(old, old_est)} | {reference / fast:.0f}x | {old / fast:.0f}x | {diff} |"
        )
    print(
        f"\nLongest gap between progress reports, Storkey N = 4096, P = 300: "
        f"{longest_progress_gap(4096, 300):.0f} ms."
    )
    print("\n| N | P | hopgui pseudo-inverse (s) | previous (s) | speed-up |")
    print("|---:|---:|---:|---:|---:|")
    for n_units, n_patterns in RULE_SIZES:
        patterns = random_patterns(n_patterns, n_units, seed=1)
        fast = seconds_of(pseudoinverse_weights, patterns)
        old = seconds_of(old_pseudoinverse, patterns, runs=1)
        print(f"| {n_units} | {n_patterns} | {fast:.3f} | {old:.3f} | {old / fast:.1f}x |")


def main() -> None:
    if "--rules" in sys.argv[1:]:
        rules_report()
        return
    warm_up()
    print("| N | P | sweeps | hopgui median (ms) | Python loop (ms) | speed-up | final overlap |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n_units, (runs, reference_runs) in SIZES.items():
        patterns = random_patterns(round(0.05 * n_units), n_units, seed=1)
        net = HopfieldNetwork(n_units)
        net.store(patterns)
        fast = time_hopgui(net, patterns, runs)
        slow, estimated = time_reference(net, patterns, reference_runs, fast["updates"])
        label = f"{slow:.0f} (est.)" if estimated else f"{slow:.1f}"
        print(
            f"| {n_units} | {len(patterns)} | {fast['sweeps']:.0f} | {fast['ms']:.2f} | "
            f"{label} | {slow / fast['ms']:.0f}x | {fast['overlap']:.3f} |"
        )
    dense_mb = 4 * 16384**2 / 1e6
    print(
        f"\nPeak traced memory, N = 16384 (store 819 patterns + one recall): "
        f"{peak_memory_mb(16384):.0f} MB (a dense float32 W alone: {dense_mb:.0f} MB)."
    )
    print(f"Energy landscape, N = 4096, P = 10, 41 x 41 grid: {landscape_ms():.1f} ms median.")
    rules_report()


if __name__ == "__main__":
    main()
