"""Benchmark of hopgui's hot path: asynchronous Hopfield recall to a fixed point.

Run on demand (single-threaded BLAS, set below before numpy is imported):

    uv run python benchmarks/bench_hopfield_model.py

Task: Hebbian network, P = 0.05 N random patterns, cue = a stored pattern with 20 % of its bits
flipped, asynchronous T = 0 recall (new random order each sweep) until a sweep without a flip.
hopgui (numba kernels, low-rank Hebbian fields, O(P) per update) is timed beside a plain Python
loop that reads each unit's field from its row of the dense W (numpy dot per update). At
N = 16384 the dense W would take 2 GB, so the reference is timed on a subset of rows and
scaled to the number of updates hopgui needed (marked "est."). The tracemalloc peak of building
and recalling the N = 16384 network shows that no dense matrix is built. Prints Markdown.
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


def main() -> None:
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


if __name__ == "__main__":
    main()
