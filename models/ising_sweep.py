"""A temperature sweep of the Ising model: order, energy, specific heat and susceptibility
against T, to be laid over the exact curves (models.ising: Onsager's, Ising's chain).

At each temperature a fresh lattice starts in its ground state (random for the spin glass), runs
`sweeps` checkerboard sweeps, drops the first `discard` fraction, and measures after every sweep
the order parameter o (the overlap with the ground state: m for the ferromagnet, the staggered
magnetisation for the antiferromagnet, m for the spin glass) and the energy per spin u. With N
spins:

    |o| = <|o|>,   u = <u>,   c = N (<u^2> - <u>^2) / T^2,   chi = N (<o^2> - <|o|>^2) / T

(the finite-lattice susceptibility from |o|, which stays finite below T_c). SCIENCE.md: a 64 x 64
lattice with 1500 sweeps, a quarter discarded, started ordered, gives |m| and u within 0.005 of
Onsager away from T_c.

    >>> from models.ising_sweep import temperature_sweep
    >>> result = temperature_sweep([1.5, 3.0], shape=(32, 32), sweeps=400)
    >>> bool(result.order[0] > 0.95 and result.order[1] < 0.2)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from models.ising import IsingModel

REPORT_EVERY = 100  # sweeps between progress reports (a cancel is noticed this soon)


@dataclass
class TemperatureSweep:
    """What a sweep measured, one entry per temperature done so far (arrays of equal length)."""

    temperatures: np.ndarray
    order: np.ndarray  # <|o|>
    energy: np.ndarray  # <u>, per spin
    specific_heat: np.ndarray  # per spin
    susceptibility: np.ndarray  # per spin
    shape: tuple[int, ...] = ()
    bonds: str = "ferro"
    extra: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.temperatures)


def measure_at(model: IsingModel, sweeps: int, discard: float, tick: Callable[[int], None]):
    """Run `sweeps` sweeps, measuring (o, u) after each one past the first `discard` fraction;
    `tick(done)` is called every REPORT_EVERY sweeps. Returns (|o|, u, c, chi)."""
    first = int(round(discard * sweeps))
    orders = np.empty(sweeps - first)
    energies = np.empty(sweeps - first)
    for done in range(sweeps):
        model.sweep(1)
        if done >= first:
            _, energies[done - first], orders[done - first] = model.measure()
        if done % REPORT_EVERY == REPORT_EVERY - 1:
            tick(done + 1)
    n, t = model.n_spins, model.temperature
    magnitude = np.abs(orders)
    heat = n * np.var(energies) / t**2
    chi = n * (np.mean(orders**2) - np.mean(magnitude) ** 2) / t
    return float(np.mean(magnitude)), float(np.mean(energies)), float(heat), float(chi)


def temperature_sweep(
    temperatures: Sequence[float],
    shape: tuple[int, ...] = (64, 64),
    sweeps: int = 1500,
    discard: float = 0.25,
    coupling: float = 1.0,
    field: float = 0.0,
    bonds: str = "ferro",
    dynamics: str = "metropolis",
    seed: int = 0,
    memory: np.ndarray | None = None,
    report: Callable[[float, TemperatureSweep | None], None] | None = None,
) -> TemperatureSweep:
    """Measure |o|, u, c and chi at each temperature (> 0) in turn (one spin glass, drawn
    from `seed`, for all of them). `report(fraction, partial)`
    gets the results so far after each temperature, and (fraction, None) every REPORT_EVERY
    sweeps; it may raise to stop the sweep (the app's Cancel does)."""
    temperatures = np.asarray(temperatures, dtype=float)
    if temperatures.ndim != 1 or not np.all(temperatures > 0):
        raise ValueError("a temperature sweep needs a list of temperatures above 0")
    if sweeps < 4 or not 0 <= discard < 1:
        raise ValueError("a sweep needs at least 4 sweeps per temperature and 0 <= discard < 1")
    rows: list[tuple[float, float, float, float]] = []
    total = len(temperatures) * sweeps
    notify = report or (lambda fraction, partial: None)

    def result() -> TemperatureSweep:
        columns = np.array(rows, dtype=float).reshape(-1, 4).T
        return TemperatureSweep(temperatures[: len(rows)], *columns, shape=shape, bonds=bonds)

    for index, temperature in enumerate(temperatures):
        model = IsingModel(
            shape, coupling, field, temperature, bonds, dynamics, seed + index, memory, seed
        )
        if bonds != "spin_glass":
            model.order()

        def tick(done: int, index=index) -> None:
            notify((index * sweeps + done) / total, None)

        rows.append(measure_at(model, sweeps, discard, tick))
        notify((index + 1) * sweeps / total, result())
    return result()
