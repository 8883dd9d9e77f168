"""Head direction: an animal turns, its ring attractor integrates the turning (Zhang 1996).

The demonstration of Seelig & Jayaraman (2015, Nature 521:186): true heading against the heading
decoded from the bump, in darkness (path integration, with drift) and with a visible landmark.

Each Euler step k the animal turns at omega_k (rad/s): the true heading advances by omega_k dt and
the same omega_k drives the ring (gamma_k = -tau * gain * omega_k, see models.ring), so at gain 1
the decoded heading follows the true one, and a gain g != 1 makes the bump turn g times too far.

Turning trajectories:

* "still": omega = 0;  "constant": omega = constant_velocity (default 90 deg/s);
* "random": Ornstein-Uhlenbeck angular velocity with s.d. 120 deg/s and correlation time 0.08 s, as
  measured for rats, advanced with the exact update
  omega_{k+1} = omega_k e^{-dt / t_c} + sd sqrt(1 - e^{-2 dt / t_c}) xi_k (seeded);
* "steered": omega is whatever `steer` last set (the GUI's keys).

Landmark (world_angle, strength): a visible cue. world_angle is where the landmark stands now,
measured from its familiar place (0), so it points the ring at true_heading + world_angle: the cue
input of models.ring.cue_input centred there, refreshed every sample (2 ms). With the lights off
(or landmark None) the ring runs in darkness on self-motion alone. Heading error is the wrapped
difference decoded - true in (-pi, pi].
"""

from dataclasses import dataclass
from typing import Literal

import numpy as np

from models.buffers import RingBuffer
from models.ring import RingAttractor

__all__ = ["HeadDirectionSession", "HeadingTrace", "heading_error", "simulate_heading"]

Turning = Literal["still", "constant", "random", "steered"]
TURNINGS: tuple[str, ...] = ("still", "constant", "random", "steered")
CONSTANT_VELOCITY = np.deg2rad(90.0)  # rad/s
RANDOM_TURNING_SD = np.deg2rad(120.0)  # rad/s
RANDOM_TURNING_CORRELATION = 0.08  # s
SAMPLE_INTERVAL = 0.002  # s between recorded samples (and landmark refreshes)
TWO_PI = 2.0 * np.pi


def heading_error(decoded: np.ndarray | float, true: np.ndarray | float) -> np.ndarray:
    """Wrapped difference decoded - true, in (-pi, pi] rad."""
    difference = np.asarray(decoded) - np.asarray(true)
    return np.pi - (np.pi - difference) % TWO_PI


@dataclass(frozen=True)
class HeadingTrace:
    """Samples of a heading trial, each (M,) float64.

    time (s), true_heading and decoded_heading (rad, wrapped to [0, 2 pi)), rotation (the true
    heading unwrapped: net signed rotation since the start, rad) and strength (|z| / sum r).
    """

    time: np.ndarray
    true_heading: np.ndarray
    decoded_heading: np.ndarray
    rotation: np.ndarray
    strength: np.ndarray

    @property
    def error(self) -> np.ndarray:
        """Heading error decoded - true, wrapped to (-pi, pi] rad, (M,)."""
        return heading_error(self.decoded_heading, self.true_heading)


class HeadDirectionSession:
    """A turning animal and its ring, advanced step by step (for the GUI and `simulate_heading`).

    Settable: turning, gain (the ring's velocity gain), landmark (None or (world_angle, strength)),
    lights (bool), constant_velocity (rad/s). Read: time (s), true_heading, decoded_heading,
    heading_error, rotation (true heading unwrapped, rad), angular_velocity (rad/s, of the next
    step), history(). Samples are recorded every 2 ms (rounded to whole steps of the ring's dt at
    construction).
    """

    def __init__(
        self,
        ring: RingAttractor,
        turning: Turning = "random",
        gain: float = 1.0,
        landmark: tuple[float, float] | None = None,
        seed: int | None = 0,
        *,
        lights: bool = True,
        constant_velocity: float = CONSTANT_VELOCITY,
        history_seconds: float = 10.0,
    ) -> None:
        self.ring = ring
        self.turning = turning
        self.gain = gain
        self.landmark = landmark
        self.lights = lights
        self.constant_velocity = constant_velocity
        self._rng = np.random.default_rng(seed)
        self._steered_velocity = 0.0
        self._sample_steps = max(1, round(SAMPLE_INTERVAL / ring.dt))
        self._history = RingBuffer(round(history_seconds / (self._sample_steps * ring.dt)) + 1, 5)
        self.reset()

    @property
    def turning(self) -> Turning:
        """How the animal turns: 'still', 'constant', 'random' or 'steered'."""
        return self._turning

    @turning.setter
    def turning(self, turning: Turning) -> None:
        if turning not in TURNINGS:
            raise ValueError(f"unknown turning {turning!r}: use one of {TURNINGS}")
        self._turning = turning

    @property
    def gain(self) -> float:
        """Velocity gain of the ring (1 = calibrated path integration)."""
        return self.ring.gain

    @gain.setter
    def gain(self, gain: float) -> None:
        self.ring.gain = float(gain)

    @property
    def decoded_heading(self) -> float:
        """Heading read out of the ring's population vector, rad in [0, 2 pi)."""
        return self.ring.decode()[0]

    @property
    def heading_error(self) -> float:
        """decoded_heading - true_heading, wrapped to (-pi, pi] rad."""
        return float(heading_error(self.decoded_heading, self.true_heading))

    @property
    def true_heading(self) -> float:
        """The animal's heading, rad in [0, 2 pi)."""
        return self.rotation % TWO_PI

    def steer(self, angular_velocity: float) -> None:
        """Angular velocity (rad/s) to turn at while turning is 'steered'."""
        self._steered_velocity = float(angular_velocity)

    def reset(self, heading: float = 0.0) -> None:
        """Start again: time 0, animal at `heading` (rad), settled bump there, history cleared."""
        self.time, self.rotation = 0.0, float(heading)
        self.angular_velocity = 0.0  # rad/s, of the next step
        if self._turning == "random":  # start the turning process in its stationary state
            self.angular_velocity = RANDOM_TURNING_SD * float(self._rng.standard_normal())
        self.ring.set_bump(self.true_heading)
        self._since_sample = 0
        self._history.clear()
        self._record()

    def advance(self, n_steps: int) -> None:
        """Move the animal and the ring n_steps Euler steps, recording a sample every 2 ms."""
        velocities = self._velocities(n_steps)
        done = 0
        while done < n_steps:
            chunk = min(self._sample_steps - self._since_sample, n_steps - done)
            self._refresh_cue()
            self.ring.step(chunk, angular_velocity=velocities[done : done + chunk])
            self.rotation += float(velocities[done : done + chunk].sum()) * self.ring.dt
            self.time += chunk * self.ring.dt
            done += chunk
            self._since_sample += chunk
            if self._since_sample == self._sample_steps:
                self._record()

    def history(self) -> HeadingTrace:
        """The recorded samples (the last history_seconds), oldest first."""
        return HeadingTrace(*self._history.columns())

    def _velocities(self, n_steps: int) -> np.ndarray:
        """Angular velocity (rad/s) of each of the next n_steps steps, (n_steps,) float64."""
        if self._turning != "random":
            self.angular_velocity = {
                "still": 0.0,
                "constant": float(self.constant_velocity),
                "steered": self._steered_velocity,
            }[self._turning]
            return np.full(n_steps, self.angular_velocity)
        decay = np.exp(-self.ring.dt / RANDOM_TURNING_CORRELATION)
        kicks = RANDOM_TURNING_SD * np.sqrt(1.0 - decay**2) * self._rng.standard_normal(n_steps)
        velocities = np.empty(n_steps)
        omega = self.angular_velocity
        for k in range(n_steps):  # omega_k, then the update to omega_{k+1}
            velocities[k] = omega
            omega = decay * omega + kicks[k]
        self.angular_velocity = omega
        return velocities

    def _refresh_cue(self) -> None:
        if self.lights and self.landmark is not None:
            world_angle, strength = self.landmark
            self.ring.cue = ((self.true_heading + world_angle) % TWO_PI, strength)
        else:
            self.ring.cue = None

    def _record(self) -> None:
        heading, strength = self.ring.decode()
        self._since_sample = 0
        self._history.append((self.time, self.true_heading, heading, self.rotation, strength))


def simulate_heading(
    duration: float,
    seed: int | None = 0,
    gain: float = 1.0,
    turning: Turning = "random",
    landmark: tuple[float, float] | None = None,
    *,
    n_units: int = 64,
) -> HeadingTrace:
    """A whole trial: `duration` s of turning with a fresh Zhang ring, sampled every 2 ms.

    landmark None is darkness; (world_angle, strength) a visible cue that anchors the bump, so
    with a wrong gain the error stays bounded instead of growing with the net rotation.
    """
    ring = RingAttractor(n_units=n_units, seed=seed, gain=gain)
    session = HeadDirectionSession(
        ring, turning, gain, landmark, seed, history_seconds=duration + 1.0
    )
    session.advance(round(duration / ring.dt))
    return session.history()
