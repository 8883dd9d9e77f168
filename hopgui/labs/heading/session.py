"""The head-direction lab's simulation: an animal turning, its ring integrating the turns.

Pure Python (no Qt), tested without a GUI; it satisfies `hopgui.core.simulation.Simulation`. The
physics is `models.head_direction.HeadDirectionSession` (Zhang 1996; Seelig & Jayaraman 2015):
every Euler step the animal turns at omega, its true heading advances by omega dt and the ring is
driven with gamma = -tau * gain * omega. With gain g != 1 the bump turns g times too far, so in
the dark the decoded heading drifts by (g - 1) times the net rotation; a visible landmark pulls
the bump back to the true heading within about 50 ms.

Steering: the arrow keys turn the animal at a fixed angular velocity; dragging gives a target
heading, and the animal turns toward it at omega = (target - heading) / DRAG_TIME_CONSTANT,
capped at DRAG_MAX_SPEED, so the ring always integrates a real, bounded velocity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hopgui.labs.ring.session import DT, GAIN_RANGE, check_choice, check_range
from models.head_direction import TURNINGS, HeadDirectionSession, heading_error
from models.ring import RingAttractor, warm_up

# Gain 1.25: after 10 s of random turning (s.d. 120 deg/s, correlation time 0.08 s) the median
# error is 38 deg (16 seeds; 15 deg at gain 1.1), big enough to see on the arrows and traces.
DEFAULT_GAIN = 1.25
# Seed 1's trajectory drifts steadily (-10 deg at 1 s, -40 at 6 s, -60 at 10 s at gain 1.25): the
# first run a class sees makes the point. Other seeds wander back and forth more.
DEFAULT_SEED = 1
LANDMARK_STRENGTH = 0.01  # pulls the bump back within about 50 ms
LANDMARK_DIRECTION = math.pi / 2  # where the landmark stands in the arena (drawing only)
KEY_TURN_SPEED = math.radians(180.0)  # rad/s while an arrow key is held
DRAG_MAX_SPEED = math.radians(360.0)  # rad/s
DRAG_TIME_CONSTANT = 0.1  # s
STEER_STEPS = 4  # drag steering updates omega every 2 ms of model time
HISTORY_SECONDS = 10.0
SAMPLE_INTERVAL = 0.002  # s between the model's recorded samples
TRACE_STRIDE = 4  # the traces get every 4th sample (8 ms): a 10 s curve of 1250 points draws in
# a quarter of the time of 5000, and 8 ms is under 3 deg even at 360 deg/s

LANDMARK_STRENGTH_RANGE = (0.0, 0.1)


@dataclass(frozen=True)
class HeadingSnapshot:
    """Everything the head-direction lab draws; arrays are copies."""

    time: float  # s
    turning: str  # "still", "constant", "random" or "steered"
    gain: float
    lights: bool
    landmark_strength: float
    landmark_direction: float  # rad, where the landmark is drawn in the arena
    angular_velocity: float  # rad/s of the animal now
    true_heading: float  # rad in [0, 2 pi)
    decoded_heading: float  # rad in [0, 2 pi)
    error: float  # decoded - true, rad in (-pi, pi]
    strength: float  # |z| / sum r
    rates: np.ndarray  # (N,) Hz
    trace_time: np.ndarray  # (T,) s: the last 10 s, every 8 ms and the newest sample
    trace_true: np.ndarray  # (T,) deg in (-180, 180]
    trace_decoded: np.ndarray  # (T,) deg in (-180, 180]
    trace_error: np.ndarray  # (T,) deg in (-180, 180]
    lit_intervals: tuple[tuple[float, float], ...]  # (start, end) s when the lights were on


class HeadingSession:
    """The lab's commands on a `HeadDirectionSession`, plus steering and a lights log."""

    def __init__(
        self,
        n_units: int = 64,
        seed: int = DEFAULT_SEED,
        gain: float = DEFAULT_GAIN,
        turning: str = "random",
        lights: bool = False,
    ) -> None:
        warm_up()  # compiled kernels: loaded here, in the worker thread, not on first step
        ring = RingAttractor(n_units, seed=seed, dt=DT)
        self._hd = HeadDirectionSession(
            ring,
            turning,
            gain,
            landmark=(0.0, LANDMARK_STRENGTH),
            seed=seed,
            lights=lights,
            history_seconds=HISTORY_SECONDS,
        )
        self._target: float | None = None  # heading the user drags toward, rad
        self._key_direction = 0
        self._light_switches: list[tuple[float, bool]] = [(0.0, lights)]

    # --- commands ---------------------------------------------------------------------------------
    def set_turning(self, turning: str) -> None:
        """'still', 'constant' (90 deg/s), 'random' (a rat's statistics) or 'steered'."""
        check_choice("turning", turning, TURNINGS)
        self._hd.turning = turning
        if turning != "steered":
            self._stop_steering()

    def set_gain(self, gain: float) -> None:
        """Velocity gain of the ring: 1 integrates the turning exactly."""
        check_range("velocity gain", gain, GAIN_RANGE)
        self._hd.gain = float(gain)

    def set_landmark_strength(self, strength: float) -> None:
        """How hard the visible landmark pulls the bump (0.01: back within about 50 ms)."""
        check_range("landmark strength", strength, LANDMARK_STRENGTH_RANGE)
        self._hd.landmark = (0.0, float(strength))

    def set_lights(self, on: bool) -> None:
        """Lights on: the landmark is visible and anchors the bump. Off: path integration only."""
        on = bool(on)
        if on != self._hd.lights:
            self._hd.lights = on
            self._light_switches.append((self._hd.time, on))

    def toggle_lights(self) -> None:
        self.set_lights(not self._hd.lights)

    def steer(self, direction: int) -> None:
        """Turn at KEY_TURN_SPEED: +1 counter-clockwise, -1 clockwise, 0 stop (switches to
        steered turning)."""
        if direction not in (-1, 0, 1):
            raise ValueError(f"steer wants -1, 0 or +1, not {direction!r}")
        self._enter_steered()
        self._target = None
        self._key_direction = direction
        self._hd.steer(direction * KEY_TURN_SPEED)

    def steer_toward(self, heading: float) -> None:
        """Turn toward `heading` (rad) at a bounded angular velocity (switches to steered)."""
        if not math.isfinite(heading):
            raise ValueError(f"the animal needs a finite heading to turn to, not {heading}")
        self._enter_steered()
        self._target = float(heading)

    def release_steering(self) -> None:
        """The user let go: stop turning (keys still held keep turning)."""
        self._target = None
        self._hd.steer(self._key_direction * KEY_TURN_SPEED)

    def reset(self) -> None:
        """Re-align: the bump back under the true heading, clock at 0, traces cleared."""
        self._hd.reset(self._hd.true_heading)
        self._light_switches = [(0.0, self._hd.lights)]

    # --- the worker's interface -------------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """n_steps Euler steps of animal and ring. The animal never comes to rest."""
        if self._target is None:
            self._hd.advance(n_steps)
            return True
        while n_steps > 0:
            chunk = min(STEER_STEPS, n_steps)
            self._hd.steer(drag_velocity(self._target, self._hd.true_heading))
            self._hd.advance(chunk)
            n_steps -= chunk
        return True

    def snapshot(self) -> HeadingSnapshot:
        hd = self._hd
        trace = hd.history()
        keep = trace_samples(trace.time)
        decoded, strength = hd.ring.decode()
        landmark = hd.landmark
        return HeadingSnapshot(
            time=hd.time,
            turning=hd.turning,
            gain=hd.gain,
            lights=hd.lights,
            landmark_strength=0.0 if landmark is None else landmark[1],
            landmark_direction=LANDMARK_DIRECTION,
            angular_velocity=hd.angular_velocity,
            true_heading=hd.true_heading,
            decoded_heading=decoded,
            error=float(heading_error(decoded, hd.true_heading)),
            strength=strength,
            rates=hd.ring.rates,
            trace_time=trace.time[keep],
            trace_true=_wrapped_degrees(trace.true_heading[keep]),
            trace_decoded=_wrapped_degrees(trace.decoded_heading[keep]),
            trace_error=np.degrees(trace.error[keep]),
            lit_intervals=lit_intervals(self._light_switches, hd.time),
        )

    # --- internals --------------------------------------------------------------------------------
    def _enter_steered(self) -> None:
        if self._hd.turning != "steered":
            self._hd.turning = "steered"
            self._hd.steer(0.0)

    def _stop_steering(self) -> None:
        self._target = None
        self._key_direction = 0
        self._hd.steer(0.0)


def drag_velocity(target: float, heading: float) -> float:
    """Angular velocity (rad/s) turning `heading` toward `target` the short way round:
    (target - heading) / DRAG_TIME_CONSTANT, capped at +-DRAG_MAX_SPEED."""
    difference = float(heading_error(target, heading))
    return max(-DRAG_MAX_SPEED, min(DRAG_MAX_SPEED, difference / DRAG_TIME_CONSTANT))


def trace_samples(times: np.ndarray) -> np.ndarray:
    """Indices of the samples the traces show: those at multiples of TRACE_STRIDE samples since
    time 0 (so the same samples stay on screen as the trace scrolls) and the newest one."""
    ticks = np.round(times / SAMPLE_INTERVAL).astype(np.int64)
    keep = np.flatnonzero(ticks % TRACE_STRIDE == 0)
    if len(times) and (len(keep) == 0 or keep[-1] != len(times) - 1):
        keep = np.append(keep, len(times) - 1)
    return keep


def lit_intervals(
    switches: list[tuple[float, bool]], now: float
) -> tuple[tuple[float, float], ...]:
    """(start, end) times with the lights on, from (time, on) switches in time order."""
    intervals = []
    start = None
    for time, on in switches:
        if on and start is None:
            start = time
        elif not on and start is not None:
            intervals.append((start, time))
            start = None
    if start is not None:
        intervals.append((start, now))
    return tuple(interval for interval in intervals if interval[1] >= now - HISTORY_SECONDS)


def _wrapped_degrees(angles: np.ndarray) -> np.ndarray:
    """Angles (rad) as degrees in (-180, 180]."""
    return np.degrees(heading_error(angles, 0.0))
