"""The head-direction lab's session: an animal turning, its ring integrating the turns.

Pure Python (no Qt), tested without a GUI. The physics is `models.head_direction.
HeadDirectionSession` (Zhang 1996; Seelig & Jayaraman 2015): every Euler step the animal turns at
omega, its true heading advances by omega dt and the ring is driven with
gamma = -tau * gain * omega. With gain g != 1 the bump turns g times too far, so in the dark the
decoded heading drifts by (g - 1) times the net rotation; a visible landmark pulls the bump back
to the true heading within about 50 ms.

Steering: the arrow keys turn the animal at a fixed angular velocity; dragging gives a target
heading, and the animal turns toward it at omega = (target - heading) / DRAG_TIME_CONSTANT,
capped at DRAG_MAX_SPEED, so the ring always integrates a real, bounded velocity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot, check_params, command, state_array
from models.head_direction import HeadDirectionSession, heading_error
from models.ring import RingAttractor, warm_up

DT = 0.0005  # s per Euler step (the ring's own default): 1x real time is 2000 steps per second
STEPS_PER_SECOND = round(1 / DT)
# Seed 1's trajectory drifts steadily (-10 deg at 1 s, -40 at 6 s, -60 at 10 s at gain 1.25): the
# first run a class sees makes the point. Other seeds wander back and forth more.
DEFAULT_SEED = 1
LANDMARK_DIRECTION = math.pi / 2  # where the landmark stands in the arena (drawing only)
KEY_TURN_SPEED = math.radians(180.0)  # rad/s while an arrow key is held
DRAG_MAX_SPEED = math.radians(360.0)  # rad/s
DRAG_TIME_CONSTANT = 0.1  # s
STEER_STEPS = 4  # drag steering updates omega every 2 ms of model time
HISTORY_SECONDS = 10.0
SAMPLE_INTERVAL = 0.002  # s between the model's recorded samples
TRACE_STRIDE = 4  # the traces get every 4th sample (8 ms): a 10 s curve of 1250 points draws in
# a quarter of the time of 5000, and 8 ms is under 3 deg even at 360 deg/s
DYNAMIC_KEYS = ("rotation", "true_heading", "angular_velocity", "potentials", "time")

PARAMS = (
    # Gain 1.25: after 10 s of random turning (s.d. 120 deg/s, correlation time 0.08 s) the median
    # error is 38 deg (16 seeds; 15 deg at gain 1.1), big enough to see on the arrows and traces.
    Param(
        "gain",
        "velocity gain",
        1.25,
        bounds=(0.0, 3.0),
        step=0.05,
        fmt="{:.2f}",
        tooltip="Velocity gain g: 1 integrates exactly",
    ),
    Param(
        "landmark_strength",
        "landmark strength",
        0.01,
        symbol="Landmark",
        bounds=(0.0, 0.1),
        step=0.002,
        fmt="{:.3f}",
        tooltip="How strongly the visible landmark pulls the bump",
    ),  # 0.01 pulls the bump back within about 50 ms
    Param(
        "turning",
        "turning",
        "random",
        choices={
            "Still": "still",
            "Constant turning (90°/s)": "constant",
            "Random turning (like a rat)": "random",
            "Steered (arrow keys / drag)": "steered",
        },
        tooltip="How the animal turns (keys 1 to 4)",
    ),
    Param(
        "lights",
        "lights",
        False,
        boolean=True,
        tooltip="Lights on: the landmark is visible and corrects the bump (L)",
    ),
)


@dataclass(frozen=True, kw_only=True)
class HeadingSnapshot(Snapshot):
    """Everything the head-direction lab draws besides its parameters; arrays are copies."""

    time: float  # s
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


class HeadingSession(Session):
    """Commands on a `HeadDirectionSession`, plus steering and a lights log.

    `HeadingSession(gain=1.0, turning="still")` starts with those parameters instead of the
    defaults (checked like any other setting)."""

    PARAMS = PARAMS

    def __init__(self, n_units: int = 64, seed: int = DEFAULT_SEED, **params: Any) -> None:
        super().__init__()
        self.params |= check_params(self.param_set(), params)
        warm_up()  # compiled kernels: loaded here, in the worker thread, not on first step
        self._hd = HeadDirectionSession(
            RingAttractor(n_units, seed=seed, dt=DT),
            self.params["turning"],
            self.params["gain"],
            landmark=(0.0, self.params["landmark_strength"]),
            seed=seed,
            lights=self.params["lights"],
            history_seconds=HISTORY_SECONDS,
        )
        self._target: float | None = None  # heading the user drags toward, rad
        self._key_direction = 0
        self._light_switches: list[tuple[float, bool]] = [(0.0, self.params["lights"])]
        self._traces_from: float | None = None  # after a restore: show samples after this time

    # --- commands ---------------------------------------------------------------------------------
    @command
    def toggle_lights(self) -> None:
        """Lights on: the landmark is visible and anchors the bump. Off: path integration only."""
        self.set_param("lights", not self.params["lights"])

    @command
    def steer(self, direction: int) -> None:
        """Turn at KEY_TURN_SPEED: +1 counter-clockwise, -1 clockwise, 0 stop (switches to
        steered turning)."""
        if direction not in (-1, 0, 1):
            raise ValueError(f"steer wants -1, 0 or +1, not {direction!r}")
        self._enter_steered()
        self._target = None
        self._key_direction = direction
        self._hd.steer(direction * KEY_TURN_SPEED)

    @command
    def steer_toward(self, heading: float) -> None:
        """Turn toward `heading` (rad) at a bounded angular velocity (switches to steered)."""
        if not math.isfinite(heading):
            raise ValueError(f"the animal needs a finite heading to turn to, not {heading}")
        self._enter_steered()
        self._target = float(heading)

    @command
    def release_steering(self) -> None:
        """The user let go: stop turning (keys still held keep turning)."""
        self._target = None
        self._hd.steer(self._key_direction * KEY_TURN_SPEED)

    @command
    def reset(self) -> None:
        """Re-align: the bump back under the true heading, clock at 0, traces cleared."""
        self._hd.reset(self._hd.true_heading)
        self._light_switches = [(0.0, self.params["lights"])]
        self._traces_from = None

    # --- parameters and state ---------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        if name == "gain":
            self._hd.gain = value
        elif name == "landmark_strength":
            self._hd.landmark = (0.0, value)
        elif name == "turning":
            self._hd.turning = value
            if value != "steered":
                self._stop_steering()
        elif name == "lights":
            self._hd.lights = value
            self._light_switches.append((self._hd.time, value))

    def state(self) -> dict[str, Any]:
        """Parameters, the animal (its heading, wrapped and as net rotation since the start, and
        angular velocity), the ring's potentials and the clock."""
        hd = self._hd
        return {
            "params": dict(self.params),
            "true_heading": float(hd.true_heading),  # rad in [0, 2 pi): rotation mod 2 pi
            "rotation": float(hd.rotation),  # rad, unwrapped
            "angular_velocity": float(hd.angular_velocity),  # rad/s
            "potentials": hd.ring.potentials,  # (N,) float64
            "time": float(hd.time),  # s
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        """Parameters as given; the animal, ring and clock too if `state` names any of them
        (then the traces and the lights log start again at the restored time)."""
        animal = self._checked_animal(state)
        for name, value in params.items():
            self.set_param(name, value)
        if animal is None:
            return
        hd = self._hd
        hd.reset(animal["rotation"])  # clears the history; the bump it places is replaced next
        hd.ring.potentials = animal["potentials"]
        hd.time, hd.angular_velocity = animal["time"], animal["angular_velocity"]
        self._light_switches = [(hd.time, self.params["lights"])]
        self._traces_from = hd.time

    def _checked_animal(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """The animal and ring of `state` with what it lacks taken from now, checked; None if
        it names none of them. ValueError in words if a value is bad."""
        if not any(key in state for key in DYNAMIC_KEYS):
            return None
        present = self.state()
        merged = {key: state.get(key, present[key]) for key in DYNAMIC_KEYS}
        if "true_heading" in state and "rotation" not in state:  # a fresh count of turns
            merged["rotation"] = merged["true_heading"]
        n_units = self._hd.ring.n_units
        animal = {key: float(state_array(merged, key, float, ())) for key in DYNAMIC_KEYS[:3]}
        animal["potentials"] = state_array(merged, "potentials", np.float64, (n_units,))
        animal["time"] = float(state_array(merged, "time", float, ()))
        if animal["time"] < 0.0:
            raise ValueError(f"the time must not be negative, not {animal['time']:g} s")
        mismatch = float(heading_error(animal["rotation"], animal["true_heading"]))
        if "true_heading" in state and abs(mismatch) > 1e-9:
            raise ValueError("the true heading and the rotation disagree")
        return animal

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
        decoded, strength = hd.ring.decode()
        time, true, decoded_trace = self._traces(decoded)
        return HeadingSnapshot(
            params=dict(self.params),
            time=hd.time,
            landmark_direction=LANDMARK_DIRECTION,
            angular_velocity=hd.angular_velocity,
            true_heading=hd.true_heading,
            decoded_heading=decoded,
            error=float(heading_error(decoded, hd.true_heading)),
            strength=strength,
            rates=hd.ring.rates,
            trace_time=time,
            trace_true=np.degrees(heading_error(true, 0.0)),  # wrapped to (-180, 180]
            trace_decoded=np.degrees(heading_error(decoded_trace, 0.0)),
            trace_error=np.degrees(heading_error(decoded_trace, true)),
            lit_intervals=lit_intervals(self._light_switches, hd.time),
        )

    # --- internals --------------------------------------------------------------------------------
    def _traces(self, decoded: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(time, true heading, decoded heading) of the samples the traces show, (T,) each.
        After a restore: only samples since, or the present state until the first is taken."""
        trace = self._hd.history()
        time, true, decoded_trace = trace.time, trace.true_heading, trace.decoded_heading
        if self._traces_from is not None:
            since = time > self._traces_from
            time, true, decoded_trace = time[since], true[since], decoded_trace[since]
            if len(time) == 0:
                hd = self._hd
                return np.array([hd.time]), np.array([hd.true_heading]), np.array([decoded])
        keep = trace_samples(time)
        return time[keep], true[keep], decoded_trace[keep]

    def _enter_steered(self) -> None:
        if self.params["turning"] != "steered":
            self.set_param("turning", "steered")
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
