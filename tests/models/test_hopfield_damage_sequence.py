"""Damage, sequences and asymmetric weights: the facts of SCIENCE.md section 4 on the real
HopfieldNetwork."""

import numpy as np
import pytest

from models.hopfield import MAX_DENSE_UNITS, RULES, HopfieldNetwork
from models.patterns import flip_bits, random_patterns


def stored(n_units, n_patterns, rule="hebbian", seed=0):
    x = random_patterns(n_patterns, n_units, seed)
    net = HopfieldNetwork(n_units, rule)
    net.store(x)
    return net, x


def mean_recall(net, x, cues=6, noise=0.1):
    overlaps = []
    for k in range(cues):
        final = net.recall(flip_bits(x[k], noise, seed=k), seed=k).state
        overlaps.append(x[k].astype(float) @ final / net.n_units)
    return float(np.mean(overlaps))


# --- damage -------------------------------------------------------------------------------------


def test_recall_degrades_gracefully_as_synapses_are_cut():
    """Hebbian N = 1000, P = 50, 10 % flipped: 1.00 uncut, 0.998 with 50 % cut, 0.94 with
    80 %, 0.67 with 90 %."""
    net, x = stored(1000, 50)
    found = {}
    for fraction in (0.0, 0.5, 0.8, 0.9):
        net.repair()
        net.damage(fraction, kind="synapses", seed=1)
        assert net.cut_fraction == pytest.approx(fraction, abs=0.005)
        found[fraction] = mean_recall(net, x, cues=10)
    assert found[0.0] == 1.0
    assert found[0.5] == pytest.approx(0.998, abs=0.005)
    assert found[0.8] == pytest.approx(0.94, abs=0.05)
    assert found[0.9] == pytest.approx(0.67, abs=0.12)


def test_cuts_are_symmetric_pairs_and_repair_undoes_them():
    net, x = stored(60, 4)
    intact = net.weights
    net.damage(0.5, seed=3)
    w = net.weights
    cut = (w == 0) & (intact != 0)
    assert np.array_equal(cut, cut.T) and np.array_equal(w, w.T)
    assert 0.4 < cut.sum() / np.count_nonzero(intact) < 0.6
    np.testing.assert_allclose(w[~cut], intact[~cut], rtol=1e-6)  # float32 when damaged
    net.repair()
    np.testing.assert_array_equal(net.weights, intact)
    assert net.cut_fraction == 0.0


def test_a_larger_fraction_cuts_a_superset_and_damage_survives_storing():
    net, x = stored(80, 3)
    net.damage(0.3, seed=2)
    first = net.weights == 0
    net.damage(0.6, seed=2)  # same seed: the 30 % are among the 60 %
    second = net.weights == 0
    assert np.all(second[first]) and net.cut_fraction == pytest.approx(0.6, abs=0.05)
    net.store(random_patterns(2, 80, seed=9))
    assert np.array_equal(net.weights == 0, second)  # still cut after storing
    net.rule = "storkey"
    assert np.all(net.weights[second] == 0)  # and after a rule switch


def test_silenced_units_leave_the_living_units_recall_perfect():
    """Silencing 30-50 % of the units leaves the living units' recall perfect (P = 50)."""
    net, x = stored(1000, 50)
    for fraction, least in ((0.3, 1.0), (0.4, 1.0), (0.5, 0.99)):
        net.repair()
        net.damage(fraction, kind="units", seed=4)
        alive = net.alive
        assert alive.mean() == pytest.approx(1 - fraction, abs=0.05)
        w = net.weights
        assert np.all(w[~alive] == 0) and np.all(w[:, ~alive] == 0)
        for k in range(5):
            cue = flip_bits(x[k], 0.1, seed=k)
            final = net.recall(cue, seed=k).state
            living = np.mean(final[alive] == x[k][alive])
            assert living >= least, (fraction, k)
            assert np.array_equal(final[~alive], cue[~alive])  # a silenced unit stays put


@pytest.mark.parametrize("rule", RULES)
def test_damage_applies_to_every_rule(rule):
    net, x = stored(100, 5, rule)
    net.damage(0.5, seed=0)
    assert net.cut_fraction == pytest.approx(0.5, abs=0.05)
    net.damage(0.2, kind="units", seed=0)
    assert not net.alive.all()
    net.repair()
    assert net.alive.all() and net.cut_fraction == 0.0


def test_damage_is_refused_in_words():
    net, _ = stored(20, 2)
    with pytest.raises(ValueError, match="from 0 to 1"):
        net.damage(1.5)
    with pytest.raises(ValueError, match="kind of damage"):
        net.damage(0.1, kind="axons")
    with pytest.raises(ValueError, match=f"at most {MAX_DENSE_UNITS} units"):
        HopfieldNetwork(MAX_DENSE_UNITS + 4).damage(0.1)


# --- sequences ----------------------------------------------------------------------------------


def test_the_sequence_rule_replays_the_memories_in_order():
    """N = 400, P = 5: synchronous updates from a noisy xi^1 step through xi^2, xi^3, ... in
    exact order, and the run is named a cycle of length 5."""
    net, x = stored(400, 5, "sequence", seed=1)
    assert not net.symmetric
    dyn = net.dynamics(flip_bits(x[0], 0.1, seed=1), mode="sync")
    visited = []
    for _ in range(6):  # the sixth step returns to the state after the first: a cycle
        dyn.step(1)
        m = x.astype(float) @ dyn.state / 400
        visited.append(int(np.argmax(m)))
        assert m.max() == 1.0
    assert visited == [1, 2, 3, 4, 0, 1] and dyn.outcome == "cycle" and dyn.cycle_length == 5
    result = net.recall(flip_bits(x[0], 0.1, seed=1), mode="sync", max_sweeps=50)
    assert result.outcome == "cycle" and result.cycle_length == 5


def test_sequence_weights_are_the_published_sum():
    net, x = stored(30, 3, "sequence")
    xf = x.astype(float)
    expected = (np.roll(xf, -1, axis=0).T @ xf) / 30
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(net.weights, expected, atol=1e-6)


def test_symmetric_weights_still_end_in_a_two_cycle_at_most():
    net = HopfieldNetwork(2)
    net.store([1, 1])
    result = net.recall([1, -1], mode="sync")
    assert result.outcome == "two_cycle" and result.cycle_length == 2


# --- asymmetry ----------------------------------------------------------------------------------


def test_an_antisymmetric_part_is_mixed_into_any_rule():
    net, x = stored(50, 4)
    intact = net.weights
    net.set_asymmetry(0.5, seed=1)
    w = net.weights
    symmetric_part, antisymmetric_part = (w + w.T) / 2, (w - w.T) / 2
    np.testing.assert_allclose(symmetric_part, intact, atol=1e-6)
    rms = np.sqrt(np.sum(intact**2) / (50 * 49))
    assert np.sqrt(np.mean(antisymmetric_part**2)) == pytest.approx(0.5 * rms, rel=0.1)
    assert not net.symmetric and net.asymmetry == 0.5
    net.set_asymmetry(0.0)
    np.testing.assert_allclose(net.weights, intact)
    assert net.symmetric


def test_without_symmetric_weights_the_energy_can_rise():
    """Asymmetric W has no energy function: the trace rises at times, and the incremental
    energy of the kernels stays the true -1/2 s^T W s."""
    net, x = stored(200, 10, seed=3)
    net.set_asymmetry(1.0, seed=3)
    dyn = net.dynamics(flip_bits(x[0], 0.3, seed=0), temperature=0.0)
    energies = dyn.step(3000)
    assert np.any(np.diff(energies) > 1e-6)
    assert energies[-1] == pytest.approx(net.energy(dyn.state), abs=1e-6)
    symmetric, _ = stored(200, 10, seed=3)
    plain = symmetric.dynamics(flip_bits(x[0], 0.3, seed=0)).step(3000)
    assert np.all(np.diff(plain) <= 1e-12)


def test_asymmetric_synchronous_runs_report_their_energy_exactly():
    net, x = stored(100, 3, "sequence", seed=2)
    dyn = net.dynamics(x[0], mode="sync")
    for _ in range(3):
        energy = dyn.step(1)[-1]
        assert energy == pytest.approx(net.energy(dyn.state), abs=1e-6)
