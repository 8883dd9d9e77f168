"""Headless speed of `RingAttractor.step`: Euler steps per second against a plain numpy step.

Run on demand: `uv run python benchmarks/bench_ring.py`. Prints two Markdown tables:

1. steps/s of `ring.step` (method chosen by N, moving bump, gamma != 0) beside a plain
   dense-matrix numpy step u += dt/tau (-u + W f(u)) measured in the same run, and the targets
   (>= 100k steps/s for N <= 256, >= 25k at N = 1024, >= 10k at N = 4096);
2. both convolution methods side by side, which is where models.ring.DENSE_MAX_UNITS comes from.

BLAS is pinned to one thread so the numbers match what the simulation thread gets.
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models._ring_rates import zhang_rate  # noqa: E402
from models.ring import DENSE_MAX_UNITS, RingAttractor, warm_up  # noqa: E402

SIZES = (64, 256, 1024, 4096)
TARGETS = {64: 100_000, 256: 100_000, 1024: 25_000, 4096: 10_000}
CROSSOVER_SIZES = (128, 256, 384, 512, 768)
SECONDS = 0.4  # wall time per measurement


def ring_steps_per_second(n_units: int, method: str = "auto") -> float:
    """Best of three timings of ring.step on a moving bump (1 rad/s)."""
    ring = RingAttractor(n_units, seed=0, method=method)
    ring.angular_velocity = 1.0
    ring.step(50)
    start = time.perf_counter()
    ring.step(100)
    batch = max(100, int(100 * SECONDS / 3 / (time.perf_counter() - start)))
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        ring.step(batch)
        best = min(best, time.perf_counter() - start)
    return batch / best


def numpy_dense_steps_per_second(n_units: int) -> float:
    """The obvious implementation: a dense (N, N) weight matrix and numpy ufuncs each step."""
    ring = RingAttractor(n_units, seed=0)
    ring.angular_velocity = 1.0
    weights, u, decay = ring.weights, ring.potentials, ring.dt / ring.tau
    steps, elapsed = 0, 0.0
    while elapsed < SECONDS:
        start = time.perf_counter()
        for _ in range(20):
            u += decay * (weights @ zhang_rate(u) - u)
        elapsed += time.perf_counter() - start
        steps += 20
    return steps / elapsed


def main() -> None:
    warm_up()
    print(f"numpy {np.__version__}, 1 BLAS thread; dense up to N = {DENSE_MAX_UNITS}\n")
    print("| N | method | ring.step (steps/s) | numpy dense (steps/s) | ratio | target | met |")
    print("|---:|---|---:|---:|---:|---:|---|")
    for n_units in SIZES:
        ours, plain = ring_steps_per_second(n_units), numpy_dense_steps_per_second(n_units)
        method = "dense" if n_units <= DENSE_MAX_UNITS else "fft"
        target = TARGETS[n_units]
        print(
            f"| {n_units} | {method} | {ours:,.0f} | {plain:,.0f} | {ours / plain:.1f}x "
            f"| {target:,} | {'yes' if ours >= target else 'NO'} |"
        )
    print("\n| N | dense (steps/s) | fft (steps/s) |")
    print("|---:|---:|---:|")
    for n_units in CROSSOVER_SIZES:
        dense, fft = (ring_steps_per_second(n_units, m) for m in ("dense", "fft"))
        print(f"| {n_units} | {dense:,.0f} | {fft:,.0f} |")


if __name__ == "__main__":
    main()
