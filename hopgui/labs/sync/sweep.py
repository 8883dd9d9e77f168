"""A sweep of r against K, planned from the lab's settings and run by its background job.

Pure Python (no Qt): `SweepPlan.work(report)` is the job's work. Each K gets a fresh population
from random phases (N up to SWEEP_MAX_OSCILLATORS, so a sweep takes about a minute at most on
two shared cores), run SWEEP_SECONDS with r averaged over the second half (as in SCIENCE.md).
The K values are multiples of K_c, so the points crowd where r rises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from models.oscillators import critical_coupling, sweep_coupling

SWEEP_MAX_OSCILLATORS = 2000
SWEEP_SECONDS = 100.0
K_OVER_KC = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)
K_MAX = 4.0  # the coupling slider's end


@dataclass(frozen=True)
class SweepPlan:
    settings: tuple[int, float, str]  # (N, spread, distribution) the points belong to
    couplings: tuple[float, ...]
    n_oscillators: int  # N of each run
    duration: float = SWEEP_SECONDS

    @staticmethod
    def settings_of(params: dict[str, Any]) -> tuple[int, float, str]:
        return (params["n_oscillators"], params["spread"], params["distribution"])

    @classmethod
    def for_params(cls, params: dict[str, Any]) -> SweepPlan:
        kc = critical_coupling(params["spread"], params["distribution"])
        couplings = tuple(round(kc * x, 4) for x in K_OVER_KC if kc * x <= K_MAX + 1e-9)
        n = min(params["n_oscillators"], SWEEP_MAX_OSCILLATORS)
        return cls(cls.settings_of(params), couplings, n)

    def work(self, report: Callable[[float, Any], None]) -> np.ndarray:
        """The job: every K in turn; each finished point goes out through `report`."""
        _, spread, distribution = self.settings
        return sweep_coupling(
            np.array(self.couplings), self.n_oscillators, spread, distribution,
            duration=self.duration, report=report,
        )  # fmt: skip

    def describe(self, fraction: float) -> str:
        done = min(int(fraction * len(self.couplings) + 1e-9), len(self.couplings))
        return f"Sweeping K: {done} of {len(self.couplings)} runs (N = {self.n_oscillators})"
