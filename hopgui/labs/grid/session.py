"""The grid-cells lab's session: an animal runs in a box, its grid-cell sheet integrates the run.

Pure Python (no Qt), tested without a GUI. The physics is `models.grid_cells.GridCellSheet`
(Burak & Fiete 2009): every Euler step (0.5 ms) the animal moves with velocity v, and the sheet
gets the drive B = 1 + alpha e . (g v), g the velocity gain (1: exact). Every 4 ms the session
samples the chosen neuron's rate at the animal's true position into its rate map, and follows
the lattice (`LatticeTracker`): the decoded position is where the lattice's displacement says the
animal is (through `calibrate_velocity`, measured for each lattice the sheet forms, after every
scramble: on a small torus how fast a lattice moves depends on the lattice, by up to 14 % at
n = 64; if the lattice reorganises after decoding began, the tracker moves to its new modes and
the new lattice is calibrated, the decoded position going on from where it was). With gain 1
and no noise it follows the true position closely; noise or a gain != 1 make it drift, as the
heading does in the head-direction lab. Reset puts the decoded position back on the animal.

Steering: the arrow keys run the animal at KEY_SPEED in their direction; dragging in the box gives a
target, approached at (target - position) / DRAG_TIME_CONSTANT, capped at DRAG_MAX_SPEED.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot, check_params, command, state_array
from models.grid_cells import GridCellSheet, LatticeTracker, calibrate_velocity
from models.grid_maps import RandomRunner, RateMap, gridness

DT = 0.0005  # s per Euler step: 1x real time is 2000 steps per second
STEPS_PER_SECOND = round(1 / DT)
SAMPLE_STEPS = 8  # rate map, tracker and trail every 4 ms of model time
SETTLE_SECONDS = 0.5  # decoding starts then after a scramble (the lattice may still reorganise)
MAP_BINS = 24  # rate-map bins a side
GRIDNESS_EVERY = 0.5  # s of model time between recomputations of the autocorrelation
TRAIL_SECONDS = 20.0
TRAIL_EVERY = 10  # samples (40 ms) between trail points
KEY_SPEED = 0.3  # m/s while an arrow key is held
DRAG_MAX_SPEED = 0.6  # m/s
DRAG_TIME_CONSTANT = 0.3  # s
DEFAULT_SEED = 0
DYNAMIC_KEYS = (
    "rates",
    "position",
    "velocity",
    "decoding",
    "decoded",
    "time",
    "neuron",
    "map_sum",
    "map_time",
)

PARAMS = (
    Param(
        "n",
        "sheet size",
        96,
        choices={"64 × 64": 64, "96 × 96": 96, "128 × 128": 128},
        tooltip="Neurons a side of the sheet (periodic). 128 × 128 holds about 53 bumps.",
    ),
    Param(
        "motion",
        "motion",
        "random",
        choices={
            "Random running (like a rat)": "random",
            "Steered (arrow keys / drag)": "steered",
            "Still": "still",
        },
        tooltip="How the animal moves (keys 1 to 3)",
    ),
    Param(
        "speed",
        "running speed",
        0.3,
        symbol="Speed",
        bounds=(0.05, 0.6),
        step=0.05,
        unit=" m/s",
        fmt="{:.2f} m/s",
        tooltip="Mean running speed of the random runner",
    ),
    Param(
        "box",
        "box size",
        1.0,
        choices={"1 m box": 1.0, "1.5 m box": 1.5, "2 m box": 2.0},
        tooltip="Side of the square box (the grid's spacing is about 0.47 m)",
    ),
    Param(
        "gain",
        "velocity gain",
        1.0,
        symbol="Gain g",
        bounds=(0.0, 2.0),
        step=0.05,
        fmt="{:.2f}",
        tooltip="Velocity gain g: the sheet gets g·v. 1 integrates exactly; else it drifts",
    ),
    Param(
        "noise",
        "noise",
        0.0,
        bounds=(0.0, 0.1),
        step=0.005,
        fmt="{:.3f}",
        tooltip="Input noise s.d.: the lattice wanders and the decoded position drifts",
    ),
)


@dataclass(frozen=True, kw_only=True)
class GridSnapshot(Snapshot):
    """What the grid lab draws besides its parameters; arrays are copies."""

    time: float  # s
    rates: np.ndarray  # (n, n) float32, indexed [y, x]
    neuron: tuple[int, int]  # (x, y) of the chosen neuron
    position: np.ndarray  # (2,) m, true
    decoded: np.ndarray | None  # (2,) m, None while the lattice forms
    velocity: np.ndarray  # (2,) m/s
    trail: np.ndarray  # (T, 2) m, true positions of the last 20 s
    decoded_trail: np.ndarray  # (T, 2) m (NaN rows while forming)
    rate_map: np.ndarray  # (bins, bins), NaN where unvisited
    autocorrelation: np.ndarray  # (2 bins - 1, 2 bins - 1)
    gridness: float  # NaN until the map shows a spacing
    map_seconds: float  # s of running in the rate map
    coverage: float  # fraction of the box visited


class GridSession(Session):
    """The sheet, the animal, the chosen neuron's rate map and the decoded position."""

    PARAMS = PARAMS

    def __init__(self, seed: int = DEFAULT_SEED, **params: Any) -> None:
        super().__init__()
        self.params |= check_params(self.param_set(), params)
        self._seed = seed
        self._target: np.ndarray | None = None  # where a drag leads the animal, m
        self._keys = np.zeros(2)  # direction of held arrow keys
        self._build_sheet()
        self._runner = RandomRunner(self.params["box"], DT, seed, self.params["speed"])
        self._velocity = np.zeros(2)
        self._restart_maps()

    # --- building ---------------------------------------------------------------------------------
    def _build_sheet(self) -> None:
        n = self.params["n"]
        self.sheet = GridCellSheet(n, seed=self._seed, dt=DT, noise=self.params["noise"])
        self._neuron = (n // 2, n // 2)
        self._forming_until = self.sheet.time + SETTLE_SECONDS
        self._tracker: LatticeTracker | None = None
        self._calibration: np.ndarray | None = None  # (2, 2) neurons per metre, this lattice
        self._relocks = 0  # the tracker's count when the lattice was last calibrated
        self._anchor: tuple[np.ndarray, np.ndarray] | None = None  # (position, displacement)
        self._decoded: np.ndarray | None = None

    def _restart_maps(self) -> None:
        self._map = RateMap(self.params["box"], MAP_BINS)
        self._map_seconds = 0.0
        self._analysis = (float("nan"), np.full((2 * MAP_BINS - 1,) * 2, np.nan))
        self._analysed_at = -math.inf
        self._trail: list[np.ndarray] = []
        self._decoded_trail: list[np.ndarray] = []
        self._trail_count = 0

    # --- commands ---------------------------------------------------------------------------------
    @command
    def scramble(self) -> None:
        """Random rates: a new lattice forms from the noise (decoding restarts once it has)."""
        self.sheet.scramble()
        self._restart_tracking()

    @command
    def select_neuron(self, x: int, y: int) -> None:
        """Record the rate map of neuron (x, y) from now on (the old map is cleared)."""
        n = self.params["n"]
        if not (0 <= int(x) < n and 0 <= int(y) < n):
            raise ValueError(f"there is no neuron at ({x}, {y}) on a {n} × {n} sheet")
        self._neuron = (int(x), int(y))
        self._restart_maps()

    @command
    def clear_map(self) -> None:
        """Start the chosen neuron's rate map again."""
        self._restart_maps()

    @command
    def steer(self, dx: int, dy: int) -> None:
        """Run at KEY_SPEED in direction (dx, dy) (each -1, 0, +1; 0, 0 stops); steered motion."""
        if dx not in (-1, 0, 1) or dy not in (-1, 0, 1):
            raise ValueError(f"steer wants -1, 0 or +1 in each direction, not ({dx}, {dy})")
        self._enter_steered()
        self._target = None
        self._keys = np.array([dx, dy], dtype=float)

    @command
    def steer_toward(self, x: float, y: float) -> None:
        """Run toward the point (x, y) m of the box (steered motion)."""
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError("the animal needs a finite place to run to")
        box = self.params["box"]
        self._enter_steered()
        self._target = np.clip([x, y], 0.0, box)

    @command
    def release_steering(self) -> None:
        """The user let go of the mouse: stop (held keys keep running)."""
        self._target = None

    @command
    def reset(self) -> None:
        """Animal back to the centre, the decoded position back on it, maps and trails cleared
        (the sheet keeps its lattice)."""
        box = self.params["box"]
        self._runner = RandomRunner(box, DT, self._seed, self.params["speed"])
        self._target, self._keys, self._velocity = None, np.zeros(2), np.zeros(2)
        self._align()
        self._restart_maps()

    # --- parameters and state ---------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        if name == "n":
            self._build_sheet()
            self._restart_maps()
        elif name == "noise":
            self.sheet.noise = value
        elif name == "speed":
            self._runner.mean_speed = value
        elif name == "box":
            self._runner.box = value
            self._runner.position = np.clip(self._runner.position, 0.0, value)
            self._restart_maps()
            self._align()
        elif name == "motion" and value != "steered":
            self._target, self._keys = None, np.zeros(2)

    def state(self) -> dict[str, Any]:
        """Parameters, the sheet's rates, the animal, the decoded position (`decoding` is False
        while the lattice forms), the chosen neuron and its rate map (rate sums, time per bin)."""
        decoding = self._decoded is not None
        decoded = self._decoded if decoding else self._runner.position
        return {
            "params": dict(self.params),
            "rates": self.sheet._s.copy(),  # (n, n) float32
            "position": self._runner.position.copy(),  # (2,) m
            "velocity": self._velocity.copy(),  # (2,) m/s
            "decoding": decoding,
            "decoded": decoded.copy(),  # (2,) m
            "time": float(self.sheet.time),  # s
            "neuron": np.array(self._neuron, dtype=np.int64),  # (x, y)
            "map_sum": self._map.rate_sum.copy(),  # (bins, bins)
            "map_time": self._map.occupancy.copy(),  # (bins, bins) samples per bin
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        dynamic = self._checked_dynamic(params, state)
        for name, value in params.items():
            self.set_param(name, value)
        if dynamic is None:
            return
        self.sheet._s[...] = dynamic["rates"]
        self.sheet.time = dynamic["time"]
        self._runner.position = dynamic["position"]
        self._velocity = dynamic["velocity"]
        self._neuron = tuple(int(v) for v in dynamic["neuron"])
        self._restart_maps()
        self._map.rate_sum[...] = dynamic["map_sum"]
        self._map.occupancy[...] = dynamic["map_time"]
        self._restart_tracking()
        if dynamic["decoding"]:
            self._start_tracking(dynamic["decoded"])

    def _checked_dynamic(self, params: dict[str, Any], state: dict[str, Any]) -> dict | None:
        """The dynamic parts of `state`, what it lacks taken from now, checked against the new
        parameters; None if it names none. ValueError in words if a value is bad."""
        if not any(key in state for key in DYNAMIC_KEYS):
            return None
        n, box = params["n"], params["box"]
        present = self.state()
        if n != self.params["n"] and "rates" not in state:
            raise ValueError("a new sheet size needs its rates")
        merged = {key: state.get(key, present[key]) for key in DYNAMIC_KEYS}
        out = {
            "rates": state_array(merged, "rates", np.float32, (n, n)),
            "position": state_array(merged, "position", float, (2,)),
            "velocity": state_array(merged, "velocity", float, (2,)),
            "neuron": state_array(merged, "neuron", np.int64, (2,)),
            "map_sum": state_array(merged, "map_sum", float, (MAP_BINS, MAP_BINS)),
            "map_time": state_array(merged, "map_time", float, (MAP_BINS, MAP_BINS)),
            "time": float(state_array(merged, "time", float, ())),
        }
        out["decoded"] = state_array(merged, "decoded", float, (2,))
        if not isinstance(merged["decoding"], bool | np.bool_):
            raise ValueError("'decoding' must be true or false")
        out["decoding"] = bool(merged["decoding"])
        if out["rates"].min() < 0:
            raise ValueError("rates must not be negative")
        if not np.all((out["position"] >= 0) & (out["position"] <= box)):
            raise ValueError(f"the animal must be inside the {box:g} m box")
        if not np.all((out["neuron"] >= 0) & (out["neuron"] < n)):
            raise ValueError(f"the chosen neuron must be on the {n} × {n} sheet")
        if out["map_time"].min() < 0 or out["time"] < 0:
            raise ValueError("times must not be negative")
        return out

    # --- the worker's interface -------------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """n_steps Euler steps of animal and sheet, sampled every SAMPLE_STEPS. Never at rest."""
        gain = self.params["gain"]
        while n_steps > 0:
            chunk = min(SAMPLE_STEPS, n_steps)
            for velocity in self._velocities(chunk):
                self.sheet.step(1, gain * velocity)
            n_steps -= chunk
            self._sample(chunk)
        return True

    def snapshot(self) -> GridSnapshot:
        if self.sheet.time - self._analysed_at >= GRIDNESS_EVERY:
            self._analysed_at = self.sheet.time
            self._analysis = gridness(self._map.rates())
        trail = np.array(self._trail).reshape(-1, 2)
        decoded_trail = np.array(self._decoded_trail).reshape(-1, 2)
        return GridSnapshot(
            params=dict(self.params),
            time=self.sheet.time,
            rates=self.sheet._s.copy(),
            neuron=self._neuron,
            position=self._runner.position.copy(),
            decoded=None if self._decoded is None else self._decoded.copy(),
            velocity=self._velocity.copy(),
            trail=trail,
            decoded_trail=decoded_trail,
            rate_map=self._map.rates(),
            autocorrelation=self._analysis[1],
            gridness=self._analysis[0],
            map_seconds=float(self._map.occupancy.sum() * SAMPLE_STEPS * DT),
            coverage=self._map.coverage(),
        )

    # --- internals --------------------------------------------------------------------------------
    def _velocities(self, count: int) -> np.ndarray:
        """The animal's next `count` velocities (count, 2) m/s; its position moves with them."""
        runner = self._runner
        motion = self.params["motion"]
        if motion == "random":
            out = runner.velocities(count)
        else:
            velocity = np.zeros(2) if motion == "still" else self._steered_velocity()
            ahead = np.clip(runner.position + velocity * DT * count, 0.0, runner.box)
            velocity = (ahead - runner.position) / (DT * count)  # stop at the walls
            runner.position = ahead
            out = np.repeat(velocity[None, :], count, axis=0)
        self._velocity = out[-1].copy()
        return out

    def _steered_velocity(self) -> np.ndarray:
        if self._target is not None:
            velocity = (self._target - self._runner.position) / DRAG_TIME_CONSTANT
            speed = float(np.hypot(*velocity))
            return velocity * min(1.0, DRAG_MAX_SPEED / speed) if speed > 0 else velocity
        norm = float(np.hypot(*self._keys))
        return self._keys / norm * KEY_SPEED if norm else np.zeros(2)

    def _sample(self, chunk: int) -> None:
        """Rate map, tracking and trails after `chunk` steps."""
        position = self._runner.position
        x, y = self._neuron
        self._map.add(position[None, :], np.array([float(self.sheet._s[y, x])]))
        if self._tracker is None and self.sheet.time >= self._forming_until:
            self._start_tracking(position)
        elif self._tracker is not None:
            displacement = self._tracker.update(self.sheet._s)
            anchor_position, anchor_displacement = self._anchor
            shift = np.linalg.solve(self._calibration, displacement - anchor_displacement)
            self._decoded = anchor_position + shift
            if self._tracker.relocks != self._relocks:  # the lattice reorganised
                self._follow(self._decoded)
        self._trail_count += 1
        if self._trail_count % TRAIL_EVERY == 0:
            self._trail.append(position.copy())
            decoded = self._decoded if self._decoded is not None else np.full(2, np.nan)
            self._decoded_trail.append(decoded.copy())
            keep = int(TRAIL_SECONDS / (TRAIL_EVERY * SAMPLE_STEPS * DT))
            del self._trail[:-keep], self._decoded_trail[:-keep]

    def _restart_tracking(self) -> None:
        self._tracker, self._anchor, self._decoded = None, None, None
        self._calibration = None
        self._forming_until = self.sheet.time + SETTLE_SECONDS

    def _start_tracking(self, decoded: np.ndarray) -> None:
        """Follow the lattice from now on, the decoded position starting at `decoded`."""
        self._tracker = LatticeTracker(self.sheet._s)
        self._follow(decoded)

    def _follow(self, decoded: np.ndarray) -> None:
        """Decode with a calibration of the lattice the tracker follows now, from `decoded` on."""
        self._relocks = self._tracker.relocks
        self._calibration = calibrate_velocity(self.sheet)
        self._anchor = (np.array(decoded, dtype=float), self._tracker.displacement.copy())
        self._decoded = np.array(decoded, dtype=float)

    def _align(self) -> None:
        """The decoded position back on the animal (if the lattice is being followed)."""
        if self._tracker is not None:
            self._anchor = (self._runner.position.copy(), self._tracker.displacement.copy())
            self._decoded = self._runner.position.copy()
            self._trail, self._decoded_trail = [], []

    def _enter_steered(self) -> None:
        if self.params["motion"] != "steered":
            self.set_param("motion", "steered")
