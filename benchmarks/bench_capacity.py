"""Speed of `models.capacity.capacity_curve` against a plain loop, measured in the same run.

Run on demand: `uv run python benchmarks/bench_capacity.py`. Prints a Markdown table:

* the issue's target: the Hebbian curve at N = 1000, 15 loads from 0.02 to 0.30, 10 trials per
  load (asynchronous recall from 10 % flipped bits plus the one-step bit error), "in a few
  seconds on one core";
* the same work done the plain way: a dense W = X^T X / N per trial, recall by a Python loop
  over the units (one dot product per update, sign, until a sweep changes nothing) and the bit
  error of every stored pattern from W X^T. The plain loop is timed on two of the loads
  (0.10 and 0.30) with 2 trials each and scaled up per trial, so it finishes in about a minute;
* the other rules' curves at N = 500, for the record.

BLAS is pinned to one thread, as in the app.
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.capacity import capacity_curve  # noqa: E402
from models.hopfield import warm_up  # noqa: E402
from models.patterns import flip_bits, random_patterns  # noqa: E402

N_UNITS = 1000
LOADS = np.linspace(0.02, 0.30, 15)
TRIALS = 10
PLAIN_LOADS = (0.10, 0.30)
PLAIN_TRIALS = 2


def plain_trial(n_units: int, n_patterns: int, seed: int) -> tuple[float, float]:
    """One trial the way a first version would do it: dense W, one unit at a time in Python."""
    rng = np.random.default_rng(seed)
    x = random_patterns(n_patterns, n_units, seed=seed).astype(np.float64)
    w = x.T @ x / n_units
    np.fill_diagonal(w, 0.0)
    s = flip_bits(x[0].astype(np.int8), 0.1, seed=seed).astype(np.float64)
    for _ in range(50):
        changed = 0
        for i in rng.permutation(n_units):
            h = w[i] @ s
            new = s[i] if h == 0 else np.sign(h)
            if new != s[i]:
                s[i] = new
                changed += 1
        if changed == 0:
            break
    errors = np.count_nonzero((x @ w) * x < 0) / x.size
    return float(x[0] @ s) / n_units, errors


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    warm_up()
    capacity_curve(100, [0.1], trials=1)  # numba kernels loaded, numpy warmed
    fast = min(timed(capacity_curve, N_UNITS, LOADS, trials=TRIALS)[0] for _ in range(3))
    plain_per_trial = []
    for load in PLAIN_LOADS:
        count = round(load * N_UNITS)
        seconds, _ = timed(
            lambda c=count: [plain_trial(N_UNITS, c, s) for s in range(PLAIN_TRIALS)]
        )
        plain_per_trial.append(seconds / PLAIN_TRIALS)
    # the cost per trial grows with P (the bit error) but recall dominates: interpolate linearly
    per_trial = np.interp(LOADS, PLAIN_LOADS, plain_per_trial)
    plain = float(np.sum(per_trial) * TRIALS)
    print(f"Capacity curve, Hebbian, N = {N_UNITS}, {len(LOADS)} loads 0.02-0.30, {TRIALS} trials")
    print()
    print("| implementation | seconds | vs plain loop |")
    print("|---|---|---|")
    print(f"| models.capacity.capacity_curve | {fast:.2f} | {plain / fast:.0f}x |")
    print(f"| plain Python loop over units (scaled from {PLAIN_TRIALS} trials at "
          f"{', '.join(map(str, PLAIN_LOADS))}) | {plain:.0f} | 1x |")  # fmt: skip
    print()
    print("Other networks, N = 500, 15 loads 0.02-0.30, 10 trials:")
    print()
    print("| rule | seconds |")
    print("|---|---|")
    for rule in ("storkey", "pseudoinverse", "modern", "dense", "sequence"):
        seconds, _ = timed(capacity_curve, 500, LOADS, rule=rule, trials=TRIALS)
        print(f"| {rule} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
