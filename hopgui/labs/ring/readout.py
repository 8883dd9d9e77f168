"""What the ring lab reads off a ring: how many bumps, the line the class reads, and the energy
of the uniform state the bump breaks away from. Plain numpy (no Qt)."""

from __future__ import annotations

import math

import numpy as np

from models.ring import RingAttractor

BUMP_HARMONICS = 10  # bumps are counted on the rates low-passed to these Fourier harmonics
# Top of the rate scale (Hz; arbitrary units for the threshold-linear cosine ring): colour bar,
# plot range, and the range scrambled rates are drawn from.
RATE_TOP = {"zhang": 40.0, "cosine": 4.0}
RATE_UNIT = {"zhang": "Hz", "cosine": ""}


def uniform_state_energy(ring: RingAttractor, max_seconds: float = 2.0) -> float:
    """E / N of the uniform fixed point (every neuron at the same rate, no cue): the state the
    bump breaks away from. A flat start stays flat (by symmetry), so a scratch copy of the ring
    relaxes to it."""
    scratch = RingAttractor(ring.n_units, seed=0, kernel=ring.kernel, tau=ring.tau, dt=ring.dt)
    scratch.rates = np.full(ring.n_units, 0.1 * RATE_TOP[ring.kernel])
    for _ in range(round(max_seconds / (200 * ring.dt))):
        before = scratch.potentials
        scratch.step(200)
        if np.max(np.abs(scratch.potentials - before)) < 1e-10:
            break
    return scratch.energy() / ring.n_units


def count_bumps(rates: np.ndarray, rate_top: float) -> int:
    """Separate arcs of the ring above half height; 0 when max - min is under 10 % of the top.

    Counted on the profile low-passed to its first BUMP_HARMONICS Fourier harmonics, so noise on
    the flanks of one bump does not cross half height many times (a 57 deg wide bump lives
    below harmonic 10)."""
    spectrum = np.fft.rfft(rates)
    spectrum[BUMP_HARMONICS + 1 :] = 0.0
    smooth = np.fft.irfft(spectrum, len(rates))
    low, high = float(smooth.min()), float(smooth.max())
    if high - low < 0.1 * rate_top:
        return 0
    above = smooth >= 0.5 * (low + high)
    return int(np.sum(above & ~np.roll(above, 1)))


def describe(bump_count: int, decoded: float, peak: float, unit: str) -> str:
    """The line the class reads above the ring."""
    if bump_count == 0:
        return "no bump: the activity is flat"
    if bump_count > 1:
        return f"{bump_count} bumps competing"
    degrees = round(math.degrees(decoded)) % 360
    unit = f" {unit}" if unit else ""
    return f"one bump at {degrees}°, peak {peak:.3g}{unit}"
