"""Headless speed of `GridCellSheet.step`: Euler steps (0.5 ms each) per second of wall time.

Run on demand: `uv run python benchmarks/bench_grid_cells.py`. Prints a Markdown table for
n = 64, 96, 128: the spectral method (the default: band-limited real Fourier transform by matrix
products, float32), the FFT method (numpy rfft2 of the four populations, float32 and float64)
and a plain direct sum over a dense (n^2, n^2) weight matrix (n = 64 only; 128 would need 2 GB),
all measured in the same run. Target: >= 2,000 steps/s at n = 128 (real time) on one core.

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

from models._grid_kernels import direction_fields, kernel  # noqa: E402
from models.grid_cells import GridCellSheet  # noqa: E402

SIZES = (64, 96, 128)
TARGET = 2_000  # steps/s at n = 128
SECONDS = 0.5  # wall time per measurement


def steps_per_second(step, batch: int = 20) -> float:
    """Best of three timings of `step(batch)` repeated for about SECONDS / 3."""
    step(batch)
    best = np.inf
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < SECONDS / 3:
            step(batch)
            count += batch
        best = min(best, (time.perf_counter() - start) / count)
    return 1.0 / best


def sheet_speed(n: int, method: str, dtype) -> float:
    sheet = GridCellSheet(n, seed=0, method=method, dtype=dtype)
    return steps_per_second(lambda k: sheet.step(k, (0.2, 0.1)))


def dense_speed(n: int) -> float:
    """The obvious implementation: W (n^2, n^2) float32, s += dt/tau (-s + [W s + B]_+)."""
    sheet = GridCellSheet(n, seed=0)
    ex, ey = direction_fields(n)
    weights = np.empty((n * n, n * n), dtype=np.float32)
    for j, (dx, dy) in enumerate(zip(ex.ravel(), ey.ravel(), strict=True)):
        row, col = divmod(j, n)
        k = kernel(n, sheet.a, sheet.gamma, sheet.beta, (2.0 * dx, 2.0 * dy))
        weights[:, j] = np.roll(k, (row, col), (0, 1)).ravel()
    s = sheet.rates.ravel().astype(np.float32)
    drive = sheet.drive((0.2, 0.1)).ravel()

    def step(count: int) -> None:
        nonlocal s
        for _ in range(count):
            s = s + 0.05 * (np.maximum(weights @ s + drive, 0.0) - s)

    return steps_per_second(step, 5)


def main() -> None:
    print(f"numpy {np.__version__}, 1 BLAS thread; steps of 0.5 ms per second of wall time\n")
    print(
        "| n | spectral f32 | fft f32 | fft f64 | dense W f32 | spectral / fft f64 | x real time |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in SIZES:
        spectral = sheet_speed(n, "spectral", np.float32)
        fft32, fft64 = sheet_speed(n, "fft", np.float32), sheet_speed(n, "fft", np.float64)
        dense = f"{dense_speed(n):,.0f}" if n == 64 else "–"
        print(
            f"| {n} | {spectral:,.0f} | {fft32:,.0f} | {fft64:,.0f} | {dense} "
            f"| {spectral / fft64:.1f}x | {spectral / 2000:.1f} |"
        )
        if n == 128:
            verdict = "met" if spectral >= TARGET else "NOT met"
            print(f"\ntarget {TARGET:,} steps/s at n = 128: {verdict}")


if __name__ == "__main__":
    main()
