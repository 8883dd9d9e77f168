"""The Ising model against what is known exactly (SCIENCE.md section 3): Onsager's magnetisation
and energy, the published 64 x 64 Monte Carlo numbers, Ising's chain that never orders, exact
enumeration of a small lattice, and the antiferromagnet's and the stored picture's orders."""

import inspect
import itertools
import math
import re

import numpy as np
import pytest
from numba.core.registry import CPUDispatcher

from models import _ising_kernels
from models._ising_exact import elliptic_k
from models.ising import (
    CRITICAL_TEMPERATURE,
    IsingModel,
    acceptance,
    chain_correlation_length,
    chain_energy,
    checkerboard,
    onsager_energy,
    onsager_magnetization,
)
from models.ising_sweep import temperature_sweep

TABLE_T = (1.0, 1.5, 2.0, 2.2, 2.5, 3.0, 3.5)
TABLE_M = (0.999, 0.986, 0.911, 0.785, 0.0, 0.0, 0.0)
TABLE_U = (-1.997, -1.951, -1.746, -1.546, -1.106, -0.817, -0.660)


# --- exact results -------------------------------------------------------------------------------
def test_critical_temperature_is_2_269():
    assert CRITICAL_TEMPERATURE == pytest.approx(2.269, abs=5e-4)
    assert CRITICAL_TEMPERATURE == pytest.approx(2 / math.log(1 + math.sqrt(2)), rel=1e-15)


def test_elliptic_integral_by_the_arithmetic_geometric_mean():
    assert elliptic_k(0.0) == pytest.approx(math.pi / 2, rel=1e-14)
    assert elliptic_k(1 / math.sqrt(2)) == pytest.approx(1.8540746773013719, rel=1e-13)
    assert elliptic_k(0.99) == pytest.approx(3.3566005233611923, rel=1e-12)


def test_onsager_magnetization_and_energy_match_the_published_table():
    assert onsager_magnetization(TABLE_T) == pytest.approx(TABLE_M, abs=6e-4)
    assert onsager_energy(TABLE_T) == pytest.approx(TABLE_U, abs=6e-4)
    assert onsager_energy(CRITICAL_TEMPERATURE) == pytest.approx(-math.sqrt(2), abs=1e-9)
    assert onsager_energy([1e-3, 1e3]) == pytest.approx([-2.0, -0.002], abs=1e-4)


def test_exact_results_scale_with_the_coupling():
    assert onsager_energy(2.0 * 2.0, coupling=2.0) == pytest.approx(2.0 * onsager_energy(2.0))
    assert onsager_magnetization(3.0, coupling=2.0) == pytest.approx(onsager_magnetization(1.5))


# --- the published Monte Carlo numbers -----------------------------------------------------------
@pytest.fixture(scope="module")
def sweep_64():
    """64 x 64, 1500 checkerboard Metropolis sweeps, a quarter discarded, started ordered."""
    return temperature_sweep(TABLE_T, shape=(64, 64), sweeps=1500, discard=0.25, seed=3)


@pytest.mark.parametrize("index", [0, 1, 2, 5, 6], ids=lambda i: f"T={TABLE_T[i]}")
def test_64x64_reproduces_onsager_within_0_005_away_from_tc(sweep_64, index):
    assert sweep_64.energy[index] == pytest.approx(TABLE_U[index], abs=0.005)
    if TABLE_M[index] > 0:
        assert sweep_64.order[index] == pytest.approx(TABLE_M[index], abs=0.005)


def test_64x64_above_tc_keeps_only_a_finite_size_magnetization(sweep_64):
    at_25, at_30 = sweep_64.order[4], sweep_64.order[5]
    assert at_25 == pytest.approx(0.1, abs=0.03)
    assert at_30 == pytest.approx(0.04, abs=0.015)
    assert sweep_64.energy[4] == pytest.approx(TABLE_U[4], abs=0.01)


def test_specific_heat_peaks_near_tc(sweep_64):
    heat = dict(zip(TABLE_T, sweep_64.specific_heat, strict=True))
    assert heat[2.2] > 2 * heat[1.5] and heat[2.2] > 2 * heat[3.0]
    assert sweep_64.susceptibility[3] > 10 * sweep_64.susceptibility[1]


# --- Ising's chain -------------------------------------------------------------------------------
def test_the_chain_never_orders_while_the_grid_does():
    chain = IsingModel(shape=(4096,), temperature=1.0, seed=1)
    chain.order()  # even started fully ordered
    grid = IsingModel(shape=(64, 64), temperature=1.0, seed=1)
    grid.order()
    chain.sweep(2000)
    grid.sweep(2000)
    assert abs(chain.magnetization()) < 0.15  # xi = 3.7 spins: domains everywhere
    assert abs(grid.magnetization()) > 0.99


def test_chain_energy_and_correlation_length_match_ising():
    temperature = 1.0
    chain = IsingModel(shape=(8192,), temperature=temperature, seed=4)
    chain.sweep(200)
    energies, correlations = [], np.zeros(8)
    for _ in range(300):
        chain.sweep(2)
        s = chain.spins.astype(float)
        energies.append(chain.energy())
        correlations += [np.mean(s * np.roll(s, r)) for r in range(8)]
    correlations /= 300
    assert np.mean(energies) == pytest.approx(chain_energy(temperature), abs=0.005)
    xi = chain_correlation_length(temperature)
    assert xi == pytest.approx(-1 / math.log(math.tanh(1.0)))
    assert correlations[:6] == pytest.approx(np.exp(-np.arange(6) / xi), abs=0.01)


def test_chain_in_a_field_matches_the_transfer_matrix():
    """m = sinh(h) / sqrt(sinh^2 h + exp(-4K)), K = J/T, h = H/T (infinite chain)."""
    temperature, field = 1.0, 0.2
    chain = IsingModel(shape=(8192,), temperature=temperature, field=field, seed=5)
    chain.sweep(200)
    magnetizations = []
    for _ in range(400):
        chain.sweep(2)
        magnetizations.append(chain.magnetization())
    k, h = 1.0 / temperature, field / temperature
    exact = math.sinh(h) / math.sqrt(math.sinh(h) ** 2 + math.exp(-4 * k))
    assert np.mean(magnetizations) == pytest.approx(exact, abs=0.01)


# --- detailed balance: exact enumeration ---------------------------------------------------------
def enumerate_averages(model: IsingModel) -> tuple[float, float]:
    """<E/N> and <m> over all 2^N states with Boltzmann weights (N <= 16), from the model's
    bond signs: [0] to the right neighbour (last axis), [1] to the one below (axis 0)."""
    n, shape = model.n_spins, model.shape
    states = np.array(list(itertools.product((-1, 1), repeat=n)), dtype=float)
    states = states.reshape(-1, *shape)
    signs = model.bond_signs
    axes = (1,) if len(shape) == 1 else (2, 1)
    bonds = sum(
        np.sum((signs[k] * states * np.roll(states, -1, axis=axis)).reshape(len(states), -1), 1)
        for k, axis in enumerate(axes)
    )
    totals = states.reshape(len(states), -1).sum(axis=1)
    energies = (-model.coupling * bonds - model.field * totals) / n
    weights = np.exp(-(energies - energies.min()) * n / model.temperature)
    weights /= weights.sum()
    return float(weights @ energies), float(weights @ totals / n)


def sampled_averages(model: IsingModel, sweeps: int) -> tuple[float, float]:
    model.sweep(100)
    samples = np.empty((sweeps, 2))
    for k in range(sweeps):
        model.sweep(1)
        m, e, _ = model.measure()
        samples[k] = e, m
    return tuple(samples.mean(axis=0))


def test_sampling_a_spin_glass_in_a_field_matches_exact_enumeration():
    """Every one of the 65536 states of a 4 x 4 glass weighed exactly, against Metropolis."""
    model = IsingModel((4, 4), field=0.3, temperature=2.0, bonds="spin_glass", seed=11)
    exact = enumerate_averages(model)
    assert sampled_averages(model, 20000) == pytest.approx(exact, abs=0.02)


@pytest.mark.parametrize(
    "shape, bonds, dynamics",
    [
        ((4, 4), "spin_glass", "glauber"),
        ((3, 4), "ferro", "metropolis"),
        ((3, 5), "antiferro", "glauber"),
        ((12,), "antiferro", "metropolis"),
        ((4, 4), "memory", "glauber"),
    ],
)
def test_sampling_matches_exact_enumeration(shape, bonds, dynamics):
    picture = np.where(np.arange(np.prod(shape)).reshape(shape) % 3 == 0, 1, -1)
    model = IsingModel(
        shape,
        coupling=0.8,
        field=0.3,
        temperature=1.5,
        bonds=bonds,
        dynamics=dynamics,
        seed=12,
        memory=picture,
    )
    exact = enumerate_averages(model)
    assert sampled_averages(model, 40000) == pytest.approx(exact, abs=0.015)


# --- antiferromagnet, spin glass, a stored picture -----------------------------------------------
def test_antiferromagnet_orders_in_a_checkerboard():
    model = IsingModel((64, 64), temperature=2.0, bonds="antiferro", seed=2)
    model.sweep(1500)
    assert abs(model.staggered_magnetization()) == pytest.approx(
        onsager_magnetization(2.0), abs=0.03
    )
    assert abs(model.magnetization()) < 0.02
    model.order()
    assert model.energy() == pytest.approx(-2.0)
    assert np.array_equal(model.spins, checkerboard((64, 64)))


def test_a_stored_picture_is_recalled_by_cooling_from_noise():
    """Hebb's rule on lattice bonds, J_ij = J xi_i xi_j: the Mattis model, a ferromagnet in
    disguise, so below T_c the lattice falls into the picture or its negative."""
    rng = np.random.default_rng(0)
    picture = rng.choice(np.array([-1, 1], dtype=np.int8), size=(32, 32))
    model = IsingModel((32, 32), temperature=1.2, bonds="memory", memory=picture, seed=3)
    assert abs(np.mean(model.spins * picture)) < 0.1  # starts as noise
    model.sweep(3000)
    assert abs(model.order_parameter()) > 0.95
    model.order()
    assert np.array_equal(model.spins, picture)
    assert model.energy() == pytest.approx(-2.0)


def test_spin_glass_is_frustrated_and_set_by_its_disorder_seed():
    a = IsingModel((16, 16), bonds="spin_glass", disorder=5, seed=1)
    b = IsingModel((16, 16), bonds="spin_glass", disorder=5, seed=2)
    c = IsingModel((16, 16), bonds="spin_glass", disorder=6, seed=1)
    assert np.array_equal(a.bond_signs, b.bond_signs)
    assert not np.array_equal(a.bond_signs, c.bond_signs)
    assert np.mean(a.bond_signs) == pytest.approx(0.0, abs=0.1)
    a.temperature = 0.1
    a.sweep(3000)
    assert -2.0 < a.energy() < -1.2  # frustrated plaquettes keep it above -2
    assert a.ground_state() is None


# --- the API -------------------------------------------------------------------------------------
def test_public_api_as_documented():
    model = IsingModel(
        shape=(16, 16),
        coupling=1.0,
        field=0.0,
        temperature=2.0,
        bonds="ferro",
        dynamics="glauber",
        seed=0,
    )
    spins = model.spins
    assert spins.dtype == np.int8 and spins.shape == (16, 16)
    spins[:] = 1
    assert not np.all(model.spins == 1)  # a copy
    model.spins = spins
    assert model.magnetization() == 1.0 and model.energy() == -2.0
    model.field = 0.5
    assert model.energy() == pytest.approx(-2.5)
    model.temperature = 0.0
    model.sweep(3)
    assert model.magnetization() == 1.0  # at T = 0 nothing climbs
    assert model.sweeps_done == 3


def test_sweeps_are_reproducible_however_they_are_cut():
    one, two = IsingModel((20, 30), seed=9), IsingModel((20, 30), seed=9)
    one.sweep(10)
    for _ in range(5):
        two.sweep(2)
    assert np.array_equal(one.spins, two.spins)
    assert not np.array_equal(one.spins, IsingModel((20, 30), seed=10).spins)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"shape": (1,)}, "sides from 2"),
        ({"shape": (4, 4, 4)}, "(L,) or (L0, L1)"),
        ({"temperature": -1.0}, "temperature"),
        ({"coupling": 0.0}, "coupling"),
        ({"field": math.nan}, "field"),
        ({"bonds": "ferrous"}, "unknown bonds"),
        ({"dynamics": "heat bath"}, "unknown dynamics"),
    ],
)
def test_bad_input_is_refused_in_words(kwargs, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        IsingModel(**kwargs)


def test_spins_must_fit_the_lattice():
    model = IsingModel((8, 8))
    with pytest.raises(ValueError, match="shape"):
        model.spins = np.ones((8, 9))
    with pytest.raises(ValueError, match="-1 or \\+1"):
        model.spins = np.zeros((8, 8))


def test_acceptance_rules():
    d_e = np.array([-8.0, 0.0, 4.0])
    assert acceptance(d_e, 2.0, "metropolis") == pytest.approx([1.0, 1.0, math.exp(-2.0)])
    assert acceptance(d_e, 2.0, "glauber") == pytest.approx(1 / (1 + np.exp(d_e / 2.0)))
    assert acceptance(d_e, 0.0, "metropolis") == pytest.approx([1.0, 1.0, 0.0])
    assert acceptance(d_e, 0.0, "glauber") == pytest.approx([1.0, 0.5, 0.0])


def test_kernel_module_holds_only_compiled_loops():
    defined = [
        value
        for value in vars(_ising_kernels).values()
        if callable(value) and getattr(value, "__module__", None) == _ising_kernels.__name__
    ]
    assert defined and all(isinstance(v, CPUDispatcher) for v in defined)
    assert inspect.getmodule(_ising_kernels.sweep_grid) is _ising_kernels
