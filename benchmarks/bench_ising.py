"""Speed of the Ising model: spin-update attempts per second of the compiled checkerboard sweep
(`IsingModel.sweep`, numba, one core) beside a vectorised numpy checkerboard measured in the same
run, at 512 x 512; then the lab's frames per second at 512 x 512 while it sweeps.

Run on demand: `uv run python benchmarks/bench_ising.py`. Prints two Markdown tables. The target
is at least 10^8 attempts per second at 512 x 512 and 60 frames per second in the lab.
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.ising import CRITICAL_TEMPERATURE, IsingModel, acceptance, warm_up  # noqa: E402

SIDE = 512
TARGET = 100e6  # attempts per second
SECONDS = 0.3  # wall time per timing; best of three
CASES = [  # (temperature, bonds, dynamics)
    (1.0, "ferro", "metropolis"),
    (CRITICAL_TEMPERATURE, "ferro", "metropolis"),
    (5.0, "ferro", "metropolis"),
    (CRITICAL_TEMPERATURE, "ferro", "glauber"),
    (CRITICAL_TEMPERATURE, "antiferro", "metropolis"),
    (CRITICAL_TEMPERATURE, "spin_glass", "metropolis"),
]


def compiled_rate(temperature: float, bonds: str, dynamics: str) -> float:
    """Attempts per second of IsingModel.sweep at SIDE x SIDE (best of three)."""
    model = IsingModel((SIDE, SIDE), temperature=temperature, bonds=bonds, dynamics=dynamics)
    model.sweep(5)  # leave the random start
    start = time.perf_counter()
    model.sweep(2)
    sweeps = max(2, int(2 * SECONDS / (time.perf_counter() - start)))
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        model.sweep(sweeps)
        best = min(best, time.perf_counter() - start)
    return sweeps * SIDE * SIDE / best


def numpy_rate(temperature: float, dynamics: str) -> float:
    """The obvious vectorised version (ferromagnet): per colour, neighbour sums by np.roll,
    acceptance from a lookup table of the five possible dE, uniform random numbers, flip."""
    rng = np.random.default_rng(0)
    spins = rng.choice(np.array([-1, 1], dtype=np.int8), size=(SIDE, SIDE))
    colours = [(np.indices(spins.shape).sum(axis=0) % 2) == c for c in (0, 1)]
    table = acceptance(2.0 * np.arange(-4, 5), temperature, dynamics)  # by s * S + 4

    def sweep() -> None:
        for colour in colours:
            neighbours = (
                np.roll(spins, 1, 0) + np.roll(spins, -1, 0)
                + np.roll(spins, 1, 1) + np.roll(spins, -1, 1)
            )  # fmt: skip
            probability = table[spins * neighbours + 4]
            flip = colour & (rng.random(spins.shape) < probability)
            spins[flip] *= -1

    sweep()
    sweeps, elapsed = 0, 0.0
    while elapsed < SECONDS:
        start = time.perf_counter()
        sweep()
        elapsed += time.perf_counter() - start
        sweeps += 1
    return sweeps * SIDE * SIDE / elapsed


def kernel_table() -> None:
    print(f"Spin-update attempts per second at {SIDE} x {SIDE}, one core\n")
    print("| T | bonds | dynamics | compiled (M/s) | numpy (M/s) | ratio | target 100 M/s |")
    print("|---:|---|---|---:|---:|---:|---|")
    for temperature, bonds, dynamics in CASES:
        ours = compiled_rate(temperature, bonds, dynamics)
        plain = numpy_rate(temperature, dynamics)
        print(
            f"| {temperature:.3f} | {bonds} | {dynamics} | {ours / 1e6:.0f} | {plain / 1e6:.1f}"
            f" | {ours / plain:.0f}x | {'met' if ours >= TARGET else 'NOT met'} |"
        )


def gui_table() -> None:
    from benchmarks.bench_gui import lab_fps
    from hopgui.main_window import make_application

    make_application(sys.argv[:1])
    print(f"\nThe lab at {SIDE} x {SIDE} (offscreen, window 1600 x 1000)\n")
    print("| while sweeping | frames/s | paints/s of the lattice | longest stall (ms) |")
    print("|---|---:|---:|---:|")
    speeds = (("30 sweeps/s (default)", 30.0), ("120 sweeps/s", 120.0), ("flat out", float("inf")))
    for title, speed in speeds:
        params = {"size": SIDE, "temperature": CRITICAL_TEMPERATURE}
        fps, paints, stall = lab_fps("ising", params, speed)
        print(f"| {title} | {fps:.1f} | {paints:.1f} | {stall:.0f} |")


def main() -> None:
    warm_up()
    print(f"numpy {np.__version__}; {time.strftime('%Y-%m-%d')}\n")
    kernel_table()
    gui_table()


if __name__ == "__main__":
    main()
