"""Headless speed of the Kuramoto model: Euler steps per second through the mean field, O(N),
against the naive pairwise sum, O(N^2), measured in the same run.

Run on demand: `uv run python benchmarks/bench_oscillators.py`. Prints a Markdown table of
steps/s at N = 1000 and N = 10 000 for

1. `Kuramoto.step`: the compiled one-pass mean-field step (models._oscillator_kernels),
2. `Kuramoto.step_numpy`: the same mean-field step written with numpy ufuncs,
3. the naive step theta += dt (omega + (K/N) sum_j sin(theta_j - theta_i)) (numpy, in row blocks),

and the RK4 steps/s of the Millennium Bridge with 250 walkers. BLAS is pinned to one thread so
the numbers match what the simulation thread gets.
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.oscillators import (  # noqa: E402
    Kuramoto,
    MillenniumBridge,
    pairwise_velocities,
    warm_up,
)

SIZES = (1000, 10_000)
SECONDS = 0.5  # wall time per measurement (at least one step)


def rate(step, batch: int = 1) -> float:
    """Best of three: steps per second of `step(batch)`, batches repeated for SECONDS."""
    best = 0.0
    for _ in range(3):
        steps, start = 0, time.perf_counter()
        while True:
            step(batch)
            steps += batch
            elapsed = time.perf_counter() - start
            if elapsed >= SECONDS / 3:
                break
        best = max(best, steps / elapsed)
    return best


def naive_step(model: Kuramoto):
    def step(n: int) -> None:
        for _ in range(n):
            theta = model.phases
            model.phases = theta + model.dt * pairwise_velocities(
                theta, model.frequencies, model.coupling
            )

    return step


def main() -> None:
    warm_up()
    print(f"numpy {np.__version__}, 1 BLAS thread, dt = 0.01 s, K = 1.5, Lorentzian gamma = 0.5\n")
    print("| N | mean field, compiled (steps/s) | mean field, numpy (steps/s) "
          "| pairwise O(N^2), numpy (steps/s) | compiled / pairwise |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|")
    for n in SIZES:
        model = Kuramoto(n, 1.5, seed=0)
        compiled = rate(model.step, 50)
        vectorised = rate(model.step_numpy, 10)
        naive = rate(naive_step(model), 1)
        print(f"| {n:,} | {compiled:,.0f} | {vectorised:,.0f} | {naive:,.1f} "
              f"| {compiled / naive:,.0f}x |")  # fmt: skip
    bridge = MillenniumBridge(250, seed=1)
    bridge.step(10)
    steps = rate(bridge.step, 100)
    print(f"\nMillennium Bridge, 250 walkers, RK4: {steps:,.0f} steps/s "
          f"({steps / 100:,.0f} x real time)")  # fmt: skip


if __name__ == "__main__":
    main()
