"""The Ising lab's temperature sweep, GUI-free: which temperatures and lattice a sweep uses for
the present settings, the work a background job runs, and the exact curves to lay over it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from models.ising import (
    CRITICAL_TEMPERATURE,
    chain_energy,
    chain_specific_heat,
    onsager_energy,
    onsager_magnetization,
    onsager_specific_heat,
)
from models.ising_sweep import TemperatureSweep, temperature_sweep

SWEEP_SIDE = 64  # SCIENCE.md's published setting: 64 x 64, 1500 sweeps, a quarter discarded
SWEEP_SWEEPS = 1500
CHAIN_LENGTH = SWEEP_SIDE * SWEEP_SIDE  # the chain gets as many spins as the grid
EXACT_POINTS = 400
HEAT_CAP = 3.0  # Onsager's c diverges (logarithmically) at T_c: the curve is drawn up to this


def sweep_temperatures(params: dict[str, Any]) -> np.ndarray:
    """0.5 J to 4 J in steps of 0.1 J, with T_c's neighbourhood twice as dense (grid)."""
    j = params["coupling"]
    coarse = np.round(np.arange(0.5, 4.0001, 0.1), 2)
    if params["lattice"] == "grid":
        fine = np.round(np.arange(2.05, 2.55, 0.1), 2)
        coarse = np.union1d(coarse, fine)
    return coarse * j


def sweep_work(
    params: dict[str, Any], memory: np.ndarray, disorder: int
) -> Callable[[Callable[[float, Any], None]], TemperatureSweep]:
    """The job: a sweep with the lab's bonds, J, H and dynamics (its own lattice, so the live
    one runs on). A stored picture is only kept when the live lattice is the sweep's size;
    otherwise any picture gives the same physics (the Mattis gauge), so the default is used."""
    grid = params["lattice"] == "grid"
    shape = (SWEEP_SIDE, SWEEP_SIDE) if grid else (CHAIN_LENGTH,)
    picture = memory if memory.shape == shape else None

    def work(report: Callable[[float, Any], None]) -> TemperatureSweep:
        return temperature_sweep(
            sweep_temperatures(params),
            shape=shape,
            sweeps=SWEEP_SWEEPS,
            coupling=params["coupling"],
            field=params["field"],
            bonds=params["bonds"],
            dynamics=params["dynamics"],
            seed=disorder,
            memory=picture,
            report=report,
        )

    return work


def exact_curves(params: dict[str, Any]) -> tuple[np.ndarray, dict[str, np.ndarray | None]]:
    """T and the exact |order|, E/N and c of the infinite lattice at these settings (H = 0,
    not the spin glass; otherwise none). The antiferromagnet and a stored picture share the
    ferromagnet's curves (staggered / gauge-transformed order)."""
    j = params["coupling"]
    temperatures = np.linspace(0.05, 4.2, EXACT_POINTS) * j
    if params["field"] != 0 or params["bonds"] == "spin_glass":
        return temperatures, {}
    if params["lattice"] == "chain":
        return temperatures, {
            "order": np.zeros_like(temperatures),
            "energy": chain_energy(temperatures, j),
            "specific_heat": chain_specific_heat(temperatures, j),
        }
    return temperatures, {
        "order": onsager_magnetization(temperatures, j),
        "energy": onsager_energy(temperatures, j),
        "specific_heat": np.minimum(onsager_specific_heat(temperatures, j), HEAT_CAP),
    }


def critical_temperature(params: dict[str, Any]) -> float | None:
    """T_c of the grid at this J; None for the chain (it has none)."""
    return CRITICAL_TEMPERATURE * params["coupling"] if params["lattice"] == "grid" else None
