"""Oscillators that fall into step: the Kuramoto model against the numbers in SCIENCE.md (section 5)
and Kuramoto's theory, and walkers who set the Millennium Bridge swaying past a critical crowd."""

import math

import numpy as np
import pytest

from models.oscillators import (
    Kuramoto,
    MillenniumBridge,
    critical_coupling,
    critical_crowd,
    natural_frequencies,
    pairwise_velocities,
    sweep_coupling,
    theory_order_parameter,
)


def mean_r(model: Kuramoto, seconds: float) -> float:
    """r averaged over the second half of a run (as SCIENCE.md does)."""
    trace = model.run(seconds)
    return float(trace[len(trace) // 2 :].mean())


# --- the Kuramoto model -------------------------------------------------------------------------
def test_the_mean_field_step_is_the_pairwise_sum():
    model = Kuramoto(300, coupling=1.7, spread=0.5, seed=4)
    model.run(3.0)  # some structure in the phases
    expected = pairwise_velocities(model.phases, model.frequencies, 1.7)
    assert np.allclose(model.velocities(), expected, atol=1e-12)


def test_critical_couplings():
    assert critical_coupling(0.5, "lorentzian") == pytest.approx(1.0)  # K_c = 2 gamma
    assert critical_coupling(1.0, "gaussian") == pytest.approx(1.596, abs=5e-4)  # sigma sqrt(8/pi)


def test_theory_curve():
    for k in (1.2, 1.5, 2.0, 3.0):  # SCIENCE.md's theory column: 0.41, 0.58, 0.71, 0.82
        assert theory_order_parameter(k, 0.5) == pytest.approx(math.sqrt(1 - 1 / k))
    assert theory_order_parameter(0.9, 0.5) == 0.0
    assert theory_order_parameter(2.0, 1.0, "gaussian") == pytest.approx(0.72, abs=0.01)
    assert theory_order_parameter(1.5, 1.0, "gaussian") == 0.0


def test_quantile_frequencies_are_the_distribution_itself():
    lorentz = natural_frequencies(1000, 0.5, "lorentzian", spacing="quantile")
    assert np.median(lorentz) == pytest.approx(0.0, abs=1e-12)
    quartiles = np.percentile(lorentz, [25, 75], method="nearest")
    assert quartiles == pytest.approx([-0.5, 0.5], abs=0.01)  # half-width gamma at the quartiles
    gauss = natural_frequencies(20000, 1.0, "gaussian", spacing="quantile")
    assert gauss.std() == pytest.approx(1.0, abs=0.005)


@pytest.mark.parametrize(("coupling", "theory"), [(1.5, 0.577), (2.0, 0.707), (3.0, 0.816)])
def test_above_k_c_r_reaches_sqrt_of_1_minus_k_c_over_k(coupling, theory):
    model = Kuramoto(2000, coupling, spread=0.5, spacing="quantile")
    assert mean_r(model, 100.0) == pytest.approx(theory, abs=0.02)


def test_below_k_c_r_stays_of_order_one_over_sqrt_n():
    model = Kuramoto(2000, 0.5, spread=0.5, seed=0)
    assert mean_r(model, 100.0) < 3 / math.sqrt(2000)


def test_gaussian_frequencies_lock_only_above_1_6_sigma():
    assert mean_r(Kuramoto(2000, 1.4, 1.0, "gaussian", spacing="quantile"), 100.0) < 0.1
    locked = mean_r(Kuramoto(2000, 2.0, 1.0, "gaussian", spacing="quantile"), 100.0)
    assert locked == pytest.approx(0.72, abs=0.03)  # SCIENCE.md: 0.72


@pytest.mark.slow
def test_science_md_table_n_2000_random_frequencies():
    """N = 2000, dt = 0.01, 200 s, mean of the second half, Lorentzian gamma = 0.5."""
    published = {0.5: 0.03, 0.9: 0.06, 1.2: 0.40, 1.5: 0.56, 2.0: 0.70, 3.0: 0.81}
    rows = sweep_coupling(np.array(list(published)), 2000, 0.5, seed=0, duration=200.0)
    for (k, r), want in zip(rows, published.values(), strict=True):
        assert r == pytest.approx(want, abs=0.02), k


def test_the_coupling_can_be_changed_mid_run_and_is_checked():
    model = Kuramoto(500, 0.0, seed=1)
    model.run(20.0)
    assert model.order_parameter()[0] < 0.15
    model.coupling = 3.0
    model.run(30.0)
    assert model.order_parameter()[0] > 0.7
    with pytest.raises(ValueError, match="coupling"):
        model.coupling = -1.0
    with pytest.raises(ValueError, match="distribution"):
        Kuramoto(10, 1.0, distribution="uniform")


def test_order_parameter_of_phases_in_step():
    model = Kuramoto(50, 1.0)
    model.phases = np.full(50, 2.0)
    r, psi = model.order_parameter()
    assert r == pytest.approx(1.0) and psi == pytest.approx(2.0)
    assert model.phases.shape == (50,) and model.time == 0.0
    model.run(1.0)
    assert model.time == pytest.approx(1.0)


def test_a_sweep_reports_each_point_as_it_is_done():
    seen = []
    rows = sweep_coupling([0.5, 2.0], 200, duration=20.0, report=lambda f, p: seen.append((f, p)))
    points = [p for _, p in seen if p is not None]
    assert points == [tuple(row) for row in rows.tolist()]
    assert seen[-1][0] == 1.0 and rows[1, 1] > rows[0, 1]


# --- the Millennium Bridge ----------------------------------------------------------------------
def test_critical_crowd_of_the_millennium_bridge():
    # 2 B Omega_0 / (pi G C P(Omega_0)) with B = 1.1e4 kg/s, Omega_0 = 6.47 rad/s, G = 30 N,
    # C = 16 /(m s), sigma = 0.63 rad/s: about 150 walkers (Arup's test crowd: about 165)
    assert critical_crowd() == pytest.approx(149, abs=1)
    bridge = MillenniumBridge()
    assert bridge.natural_frequency / (2 * math.pi) == pytest.approx(1.03, abs=0.005)
    assert bridge.damping_ratio == pytest.approx(0.0075, abs=0.0002)
    bridge.damping_ratio = 0.015  # twice the damping: twice the crowd
    assert bridge.critical_crowd() == pytest.approx(2 * 149.6, rel=0.01)


def test_a_small_crowd_leaves_the_bridge_still():
    bridge = MillenniumBridge(75, seed=1)  # half the critical crowd
    out = bridge.run(300.0)
    assert np.abs(out[-5000:, 0]).max() < 0.01  # under a centimetre
    assert out[-5000:, 1].mean() < 0.25


def test_past_the_critical_crowd_sway_and_synchrony_grow_together():
    bridge = MillenniumBridge(250, seed=1)
    out = bridge.run(300.0)
    early, late = np.abs(out[:3000, 0]).max(), np.abs(out[-3000:, 0]).max()
    assert early < 0.02 and late > 0.05  # from millimetres to centimetres
    assert out[:3000, 1].mean() < 0.3 and out[-3000:, 1].mean() > 0.7
    assert bridge.amplitude == pytest.approx(late, rel=0.1)


def test_walkers_come_one_at_a_time_or_in_groups_alike():
    one_by_one = MillenniumBridge(seed=3)
    for _ in range(12):
        one_by_one.add_walkers(1)
    at_once = MillenniumBridge(12, seed=3)
    assert np.array_equal(one_by_one.phases, at_once.phases)
    assert np.array_equal(one_by_one.frequencies, at_once.frequencies)
    at_once.remove_walkers(5)
    assert at_once.n_walkers == 7
    assert np.array_equal(at_once.frequencies, one_by_one.frequencies[:7])
    with pytest.raises(ValueError, match="walkers"):
        at_once.add_walkers(-20)


def test_an_empty_bridge_rings_down_with_its_damping():
    bridge = MillenniumBridge()
    bridge.sway = 0.1
    bridge.run(2 * bridge.mass / bridge.damping)  # one decay time of the amplitude
    assert bridge.amplitude == pytest.approx(0.1 / math.e, rel=0.02)
    assert bridge.order_parameter() == (0.0, 0.0)
