"""The Ising lab's simulation: an `IsingModel` plus what the lab shows about it.

Pure Python (no Qt). Parameters are declared once in `PARAMS` and changed through the inherited
`set_param` command; painting, ordering, storing a picture and drawing a new glass are
`@command`s. `state()` gives the spins, the stored picture and the glass's seed as plain data.

The physics is models.ising: E = -sum_<ij> J_ij s_i s_j - H sum_i s_i on a periodic grid or chain,
checkerboard Metropolis or Glauber sweeps at temperature T (k_B = 1). One model step here is one
sweep (N spin-update attempts). The chain is drawn as a space-time picture: each row is the chain
after one sweep, the newest at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot, check_params, command, state_array
from models.buffers import RingBuffer
from models.ising import (
    CRITICAL_TEMPERATURE,
    IsingModel,
    chain_correlation_length,
    chain_energy,
    onsager_energy,
    onsager_magnetization,
    warm_up,
)

SIZES = (16, 32, 64, 128, 256, 512)
NOISE_FRACTION = 0.3  # N flips this fraction of the spins
TRACE_POINTS = 600  # the live trace keeps this many samples (one per advance call)
# The temperature slider: steps of 0.05 from 0 to 5, with T_c itself one of the stops.
TEMPERATURES = tuple(sorted({round(0.05 * k, 2) for k in range(101)} | {CRITICAL_TEMPERATURE}))
BOND_CHOICES = {
    "Ferromagnet (J > 0)": "ferro",
    "Antiferromagnet (J < 0)": "antiferro",
    "Spin glass (random ±J)": "spin_glass",
    "Stored picture (J ξi ξj)": "memory",
}
ORDER_NAMES = {
    "ferro": "m",
    "antiferro": "staggered m",
    "spin_glass": "m",
    "memory": "overlap with picture",
}

PARAMS = (
    Param(
        "lattice",
        "lattice",
        "grid",
        choices={"2-D grid": "grid", "1-D chain": "chain"},
        tooltip="2-D square grid (orders below T_c = 2.269: Peierls 1936, Onsager 1944)\n"
        "or 1-D chain (never orders at any T > 0: Ising 1925), both periodic.\n"
        "The chain is drawn in space-time: one row per sweep, newest at the bottom.",
    ),
    Param(
        "size",
        "lattice size",
        128,
        bounds=(16, 512),
        values=SIZES,
        integer=True,
        symbol="Size L",
        fmt="{:.0f}",
        tooltip="L x L spins on the grid, L spins on the chain",
    ),
    Param(
        "temperature",
        "temperature",
        2.0,
        bounds=(0.0, 5.0),
        values=TEMPERATURES,
        symbol="T",
        fmt="{:.3f}",
        tooltip="Temperature T (k_B = 1, units of J). The tick marks T_c = 2.269.",
    ),
    Param(
        "coupling",
        "coupling J",
        1.0,
        bounds=(0.1, 2.0),
        step=0.05,
        symbol="J",
        fmt="{:.2f}",
        tooltip="Bond strength J > 0; the bond type sets its sign (T_c = 2.269 J)",
    ),
    Param(
        "field",
        "field H",
        0.0,
        bounds=(-1.0, 1.0),
        step=0.02,
        symbol="H",
        fmt="{:+.2f}",
        tooltip="External field H: favours up spins (ink) when positive",
    ),
    Param(
        "bonds",
        "bonds",
        "ferro",
        choices=BOND_CHOICES,
        tooltip="Ferromagnet: neighbours like to align. Antiferromagnet: to anti-align\n"
        "(a checkerboard). Spin glass: random ±J bonds, frustrated.\n"
        "Stored picture: J_ij = J ξi ξj from a picture ξ (Hebb's rule on the lattice).",
    ),
    Param(
        "dynamics",
        "dynamics",
        "metropolis",
        choices={"Metropolis": "metropolis", "Glauber": "glauber"},
        tooltip="Metropolis: flip with p = min(1, exp(−ΔE/T)).\nGlauber: p = 1 / (1 + exp(ΔE/T)).",
    ),
    Param(
        "view",
        "view",
        "spins",
        choices={"Spins s": "spins", "Spins × ground state": "gauge"},
        tooltip="Spins × ground state shows g_i s_i: the antiferromagnet's checkerboard domains\n"
        "(or a stored picture's) look like a ferromagnet's.",
    ),
)


@dataclass(frozen=True, kw_only=True)
class IsingSnapshot(Snapshot):
    """What the Ising lab draws besides its parameters."""

    picture: np.ndarray  # (rows, cols) int8 +-1: the grid, or the chain's last sweeps
    sweeps: int
    magnetization: float  # per spin
    order: float  # overlap with the ground state (= m for ferro and spin glass)
    order_name: str
    energy: float  # per spin
    exact: str  # the exact values at this T, in words ("" when there are none)
    trace: np.ndarray  # (K, 3): sweeps, order, E/N
    description: str


class IsingSession(Session):
    """An Ising magnet driven by the lab. State: params, spins, memory (the stored picture),
    disorder (the spin glass's seed) and sweeps done."""

    PARAMS = PARAMS

    def __init__(self, seed: int = 0, **params: Any) -> None:
        super().__init__()
        self.params |= check_params(self.param_set(), params)
        warm_up()  # the compiled sweeps load here, in the worker thread
        self._seed = seed
        self._disorder = seed
        self._noise_rng = np.random.default_rng([seed, 30])
        shape = lattice_shape(self.params)
        self._memory = default_memory(shape)
        self._install(self._new_model(self.params, self._memory))

    # --- commands ---------------------------------------------------------------------------------
    @command
    def reset(self) -> None:
        """A hot start: every spin random, the clock and the trace back to 0."""
        self._model.randomize()
        self._restart()

    @command
    def order(self) -> None:
        """A cold start: every spin in the ground state (all up for the spin glass)."""
        self._model.order()
        self._restart()

    @command
    def add_noise(self, fraction: float = NOISE_FRACTION) -> None:
        """Flip a random `fraction` of the spins (a damaged picture, as in a Hopfield recall)."""
        if not 0 <= fraction <= 1:
            raise ValueError(f"the fraction of spins to flip must be from 0 to 1, not {fraction}")
        spins = self._model.spins
        flips = self._noise_rng.random(spins.shape) < fraction
        spins[flips] *= -1
        self._model.spins = spins
        self._record()

    @command
    def paint(self, rows: np.ndarray, cols: np.ndarray, value: int) -> None:
        """Set the spins at (rows, cols) of the picture to `value` (+1 or -1); on the chain the
        column is the spin."""
        if value not in (-1, 1):
            raise ValueError(f"a spin is -1 or +1, not {value}")
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        spins = self._model.spins
        if spins.ndim == 1:
            inside = (cols >= 0) & (cols < spins.size)
            spins[cols[inside]] = value
        else:
            inside = (rows >= 0) & (rows < spins.shape[0]) & (cols >= 0) & (cols < spins.shape[1])
            shown_sign = self._view_signs()[rows[inside], cols[inside]]
            spins[rows[inside], cols[inside]] = value * shown_sign
        self._model.spins = spins
        self._record()

    @command
    def store_picture(self) -> None:
        """Hebb's rule on the lattice: the present spins become the picture xi and every bond
        J_ij = J xi_i xi_j (bonds switch to "stored picture")."""
        self._memory = self._model.spins
        self.params["bonds"] = "memory"
        self._model.set_bonds("memory", self._memory)

    @command
    def new_glass(self) -> None:
        """Draw new random spin-glass bonds."""
        self._disorder += 1
        self._model.disorder = self._disorder
        if self.params["bonds"] == "spin_glass":
            self._model.set_bonds("spin_glass")

    # --- parameters and state ---------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        if name in ("lattice", "size"):
            self._memory = default_memory(lattice_shape(self.params))
            self._install(self._new_model(self.params, self._memory))
        elif name == "bonds":
            self._model.set_bonds(value)
        elif name in ("temperature", "coupling", "field", "dynamics"):
            setattr(self._model, name, value)

    def state(self) -> dict[str, Any]:
        return {
            "params": dict(self.params),
            "spins": self._model.spins,
            "memory": self._model.memory,
            "disorder": int(self._disorder),
            "sweeps": int(self._model.sweeps_done),
        }

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        """Everything checked first: spins and the picture must fit the lattice restored."""
        shape = lattice_shape(params)
        same_shape = shape == self._model.shape
        spins = self._model.spins if same_shape else None
        memory = self._memory if same_shape else default_memory(shape)
        if "spins" in state:
            spins = checked_spins(state, "spins", shape)
        if "memory" in state:
            memory = checked_spins(state, "memory", shape)
        disorder = self._disorder
        if "disorder" in state:
            disorder = int(state_array(state, "disorder", np.int64, ()))
        sweeps = self._model.sweeps_done if same_shape else 0
        if "sweeps" in state:
            sweeps = int(state_array(state, "sweeps", np.int64, ()))
            if sweeps < 0:
                raise ValueError("the number of sweeps done cannot be negative")
        # nothing below can fail
        self.params, self._memory, self._disorder = dict(params), memory, disorder
        model = self._new_model(params, memory)
        if spins is not None:
            model.spins = spins
        model.sweeps_done = sweeps
        self._install(model)

    # --- the worker's interface -------------------------------------------------------------------
    def advance(self, n_steps: int) -> bool:
        """`n_steps` sweeps; the chain keeps each sweep as a row of its space-time picture."""
        if self._history is not None:
            for _ in range(n_steps):
                self._model.sweep(1)
                self._history.append(self._model.spins)
        else:
            self._model.sweep(n_steps)
        self._record()
        return True

    def snapshot(self) -> IsingSnapshot:
        model = self._model
        magnetization, energy, order = model.measure()
        temperature = self.params["temperature"]
        return IsingSnapshot(
            params=dict(self.params),
            picture=self._picture(),
            sweeps=model.sweeps_done,
            magnetization=magnetization,
            order=order,
            order_name=ORDER_NAMES[model.bonds],
            energy=energy,
            exact=exact_text(self.params),
            trace=self._trace.rows(),
            description=describe(self.params, order, temperature),
        )

    # --- internals --------------------------------------------------------------------------------
    def _new_model(self, params: dict[str, Any], memory: np.ndarray) -> IsingModel:
        return IsingModel(
            lattice_shape(params),
            params["coupling"],
            params["field"],
            params["temperature"],
            params["bonds"],
            params["dynamics"],
            seed=self._seed,
            memory=memory,
            disorder=self._disorder,
        )

    def _install(self, model: IsingModel) -> None:
        self._model = model
        self._trace = RingBuffer(TRACE_POINTS, 3)
        length = model.shape[0]
        self._history = RingBuffer(length, length) if len(model.shape) == 1 else None
        if self._history is not None:
            self._history.append(model.spins)
        self._record()

    def _restart(self) -> None:
        self._model.sweeps_done = 0
        self._trace.clear()
        if self._history is not None:
            self._history.clear()
            self._history.append(self._model.spins)
        self._record()

    def _record(self) -> None:
        _, energy, order = self._model.measure()
        self._trace.append((self._model.sweeps_done, order, energy))

    def _view_signs(self) -> np.ndarray:
        """+1 everywhere, or the ground state when the view shows g_i s_i."""
        ground = self._model.ground_state()
        if self.params["view"] != "gauge" or ground is None:
            return np.ones(self._model.shape, dtype=np.int8)
        return ground

    def _picture(self) -> np.ndarray:
        if self._history is None:
            if self.params["view"] == "spins":
                return self._model.spins
            return self._model.spins * self._view_signs()
        rows = self._history.rows().astype(np.int8)
        picture = np.full((self._model.shape[0], self._model.shape[0]), 0, dtype=np.int8)
        picture[-len(rows) :] = rows * self._view_signs()[None, :]
        return picture


def lattice_shape(params: dict[str, Any]) -> tuple[int, ...]:
    size = params["size"]
    return (size, size) if params["lattice"] == "grid" else (size,)


def default_memory(shape: tuple[int, ...]) -> np.ndarray:
    """The picture "stored picture" bonds hold before the user stores one: a ring of ink, so
    that recalling it is visibly not just ordering."""
    if len(shape) == 1:
        index = np.arange(shape[0])
        return np.where((index // max(1, shape[0] // 8)) % 2 == 0, 1, -1).astype(np.int8)
    y, x = np.indices(shape) - (np.array(shape)[:, None, None] - 1) / 2
    radius = np.hypot(x, y) / (min(shape) / 2)
    return np.where((radius > 0.45) & (radius < 0.8), 1, -1).astype(np.int8)


def checked_spins(state: dict[str, Any], key: str, shape: tuple[int, ...]) -> np.ndarray:
    spins = state_array(state, key, np.int8, shape)
    if not np.isin(spins, (-1, 1)).all():
        raise ValueError(f"{key!r} must hold only -1 and +1")
    return spins


def exact_text(params: dict[str, Any]) -> str:
    """The exact infinite-lattice values at this T and J (H = 0 only), in words."""
    if params["field"] != 0 or params["bonds"] in ("spin_glass",):
        return ""
    t, j = params["temperature"], params["coupling"]
    if t == 0:
        return ""
    if params["lattice"] == "chain":
        xi = float(chain_correlation_length(t, j))
        return f"Ising (chain): m = 0, u = {float(chain_energy(t, j)):.3f}, ξ = {xi:.3g} spins"
    m, u = float(onsager_magnetization(t, j)), float(onsager_energy(t, j))
    return f"Onsager: |order| = {m:.3f}, u = {u:.3f}"


def describe(params: dict[str, Any], order: float, temperature: float) -> str:
    """The line the class reads above the lattice."""
    if params["bonds"] == "spin_glass":
        return "spin glass: frustrated bonds, no simple order"
    t_c = CRITICAL_TEMPERATURE * params["coupling"]
    if params["lattice"] == "chain":
        return "chain: domains at every T > 0, no long-range order"
    side = "below" if temperature < t_c else "above"
    state = "ordered" if abs(order) > 0.5 else "disordered" if abs(order) < 0.2 else "ordering"
    return f"T {side} T_c = {t_c:.3f}: {state}"
