"""What the synchrony lab draws of each model: immutable copies made in the worker thread.

Pure Python (no Qt). The oscillators' dots are at most MAX_DOTS of them, evenly spaced in order of
natural frequency, each with a value in [0, 1] (its frequency's rank) that the view turns into a
colour and a radius. Walkers' phases are drawn in a frame turning at the bridge's natural
frequency Omega_0, so a walker in step with the bridge stands still.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from models.oscillators import Kuramoto, MillenniumBridge

MAX_DOTS = 1500  # dots drawn for the oscillators (of up to 10 000)
MAX_WALKERS_SHOWN = 1000
GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0  # walkers spread along the deck without clumping


def _frozen(array: np.ndarray, dtype=np.float64) -> np.ndarray:
    array = np.array(array, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class KuramotoDisplay:
    time: float  # s
    r: float
    psi: float  # rad
    coupling: float  # K, rad/s
    critical_coupling: float  # K_c of the distribution
    theory_r: float  # r of the infinite population at this K
    n_oscillators: int
    dot_phases: np.ndarray  # (D,) float32 rad
    dot_values: np.ndarray  # (D,) float32 frequency rank in [0, 1]
    trace_time: np.ndarray  # (T,) s
    trace_r: np.ndarray  # (T,)
    sweep: np.ndarray  # (S, 2) rows (K, r)
    curve_k: np.ndarray  # (C,) K grid of the theory curve
    curve_r: np.ndarray  # (C,) r of the infinite population

    @staticmethod
    def dots_for(frequencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values): which oscillators are drawn and their frequency rank in [0, 1]."""
        order = np.argsort(frequencies, kind="stable")
        count = min(len(order), MAX_DOTS)
        ranks = np.linspace(0, len(order) - 1, count).round().astype(np.intp)
        values = ranks / max(len(order) - 1, 1)
        return _frozen(order[ranks], np.intp), _frozen(values, np.float32)

    @classmethod
    def of(
        cls,
        model: Kuramoto,
        dots: tuple[np.ndarray, np.ndarray],
        trace: tuple[np.ndarray, np.ndarray],
        sweep: np.ndarray,
        curve: tuple[np.ndarray, np.ndarray, float],
    ) -> KuramotoDisplay:
        indices, values = dots
        r, psi = model.order_parameter()
        curve_k, curve_r, kc = curve
        theory = float(np.interp(model.coupling, curve_k, curve_r))
        return cls(
            time=model.time,
            r=r,
            psi=psi,
            coupling=model.coupling,
            critical_coupling=kc,
            theory_r=theory,
            n_oscillators=model.n_oscillators,
            dot_phases=_frozen(model.phases[indices], np.float32),
            dot_values=values,
            trace_time=_frozen(trace[0]),
            trace_r=_frozen(trace[1]),
            sweep=_frozen(sweep),
            curve_k=curve_k,
            curve_r=curve_r,
        )


@dataclass(frozen=True)
class BridgeDisplay:
    time: float  # s
    sway: float  # X, m
    amplitude: float  # A, m
    r: float  # walkers' coherence
    psi: float  # walkers' mean phase in the frame turning at Omega_0, rad
    n_walkers: int
    critical_crowd: float  # N_c
    natural_frequency: float  # Omega_0, rad/s
    walker_phases: np.ndarray  # (n,) float32 rad, in the frame turning at Omega_0
    walker_values: np.ndarray  # (n,) float32 gait frequency in [0, 1] (+-2.5 s.d. round Omega_0)
    walker_positions: np.ndarray  # (n,) float32 place along the deck in [0, 1)
    walker_gaits: np.ndarray  # (n,) float32 sin(Theta): the side each walker is pushing to
    trace_time: np.ndarray  # (T,) s
    trace_sway: np.ndarray  # (T,) X, m
    trace_amplitude: np.ndarray  # (T,) A, m
    trace_r: np.ndarray  # (T,)
    trace_walkers: np.ndarray  # (T,) crowd size

    @classmethod
    def of(cls, bridge: MillenniumBridge, trace: tuple[np.ndarray, ...]) -> BridgeDisplay:
        phases = bridge.phases[:MAX_WALKERS_SHOWN]
        frame = bridge.natural_frequency * bridge.time
        deviation = (bridge.frequencies[:MAX_WALKERS_SHOWN] - bridge.natural_frequency) / (
            bridge.walker_spread
        )
        r, psi = bridge.order_parameter()
        places = (np.arange(len(phases)) * GOLDEN) % 1.0
        t, x, a, rs, n = trace
        return cls(
            time=bridge.time,
            sway=bridge.sway,
            amplitude=bridge.amplitude,
            r=r,
            psi=(psi - frame) % (2 * math.pi),
            n_walkers=bridge.n_walkers,
            critical_crowd=bridge.critical_crowd(),
            natural_frequency=bridge.natural_frequency,
            walker_phases=_frozen((phases - frame) % (2 * math.pi), np.float32),
            walker_values=_frozen(np.clip(0.5 + deviation / 5.0, 0.0, 1.0), np.float32),
            walker_positions=_frozen(places, np.float32),
            walker_gaits=_frozen(np.sin(phases), np.float32),
            trace_time=_frozen(t),
            trace_sway=_frozen(x),
            trace_amplitude=_frozen(a),
            trace_r=_frozen(rs),
            trace_walkers=_frozen(n),
        )
