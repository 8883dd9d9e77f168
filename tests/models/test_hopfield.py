"""The binary Hopfield network: every fact of SCIENCE.md section 1, checked on the real model."""

import math
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from models.hopfield import MAX_DENSE_UNITS, HopfieldNetwork
from models.patterns import flip_bits, random_patterns

ROOT = Path(__file__).resolve().parents[2]


def network(n_units: int, n_patterns: int, rule: str = "hebbian", seed: int = 0):
    """A network storing `n_patterns` random patterns; returns (net, patterns)."""
    patterns = random_patterns(n_patterns, n_units, seed)
    net = HopfieldNetwork(n_units, rule)
    net.store(patterns)
    return net, patterns


def stored_fraction(net: HopfieldNetwork, patterns: np.ndarray) -> float:
    """Fraction of stored patterns that are exact fixed points (one parallel update keeps them)."""
    stable = [net.recall(p, mode="sync", max_sweeps=1).outcome == "fixed_point" for p in patterns]
    return float(np.mean(stable))


# --- storage rules ------------------------------------------------------------------------------


def test_hebbian_weights_are_the_sum_of_outer_products_with_zero_diagonal():
    net, x = network(40, 5)
    expected = x.T.astype(float) @ x / 40
    np.fill_diagonal(expected, 0.0)
    np.testing.assert_allclose(net.weights, expected)
    assert np.array_equal(net.weights, net.weights.T)
    later = HopfieldNetwork(40)
    later.store(x[:2])
    later.store(x[2:])  # superposition: storing adds the outer products
    np.testing.assert_allclose(later.weights, expected)
    assert np.array_equal(later.patterns, x) and later.patterns.dtype == np.int8


def test_worked_example_three_units():
    """Pattern (-1, +1, -1): w12 = -1/N, w13 = +1/N, w23 = -1/N, zero diagonal; it is stable."""
    net = HopfieldNetwork(3)
    net.store([-1, 1, -1])
    np.testing.assert_allclose(3 * net.weights, [[0, -1, 1], [-1, 0, -1], [1, -1, 0]])
    assert net.energy([-1, 1, -1]) == pytest.approx(-1.0)  # -1/2 * 6 * (1/3)
    result = net.recall([1, 1, -1], mode="sequential")
    assert result.outcome == "fixed_point" and result.state.tolist() == [-1, 1, -1]


def test_storkey_rule_matches_its_definition():
    """w_ij += (xi_i xi_j - xi_i h_ji - h_ij xi_j)/N, h_ij = sum_{k != i,j} w_ik xi_k (1997)."""
    n = 7
    x = random_patterns(4, n, seed=3)
    w = np.zeros((n, n))
    for xi in x:
        h = [
            [sum(w[i, k] * xi[k] for k in range(n) if k not in (i, j)) for j in range(n)]
            for i in range(n)
        ]
        new = w.copy()
        for i in range(n):
            for j in range(n):
                if i != j:
                    new[i, j] += (xi[i] * xi[j] - xi[i] * h[j][i] - h[i][j] * xi[j]) / n
        w = new
    net = HopfieldNetwork(n, "storkey")
    net.store(x)
    np.testing.assert_allclose(net.weights, w, atol=1e-6)


def storkey_reference(patterns: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Storkey's rule pattern by pattern in float64, straight from the definition above:
    w_ij += (xi_i xi_j - xi_i h_ji - h_ij xi_j)/N with h_ij = h_i - w_ij xi_j, h = W xi."""
    n = patterns.shape[1]
    w = np.zeros((n, n)) if weights is None else weights.astype(np.float64)
    for xi in patterns.astype(np.float64):
        h = w @ xi
        h_ij = h[:, np.newaxis] - w * xi[np.newaxis, :]  # sum over k != i, j of w_ik xi_k
        w = w + (np.outer(xi, xi) - xi[:, np.newaxis] * h_ij.T - h_ij * xi[np.newaxis, :]) / n
        np.fill_diagonal(w, 0.0)
    return w


@pytest.mark.parametrize(
    "n_units, n_patterns",
    [(2, 5), (9, 40), (25, 300), (64, 150), (300, 200), (700, 90), (1100, 60)],
)
def test_fast_storkey_equals_the_pattern_by_pattern_rule(n_units, n_patterns):
    """The matrix-product form (runs of patterns, sub-blocks of fields, tiles of W) against the
    rule applied one pattern at a time; sizes cross every run, block and tile boundary."""
    x = random_patterns(n_patterns, n_units, seed=n_units)
    expected = storkey_reference(x)
    net = HopfieldNetwork(n_units, "storkey")
    net.store(x[: n_patterns // 3])
    net.store(x[n_patterns // 3 :])  # incremental: continues from the stored weights
    w = net.weights
    scale = np.abs(expected).max()
    np.testing.assert_allclose(w, expected, rtol=0, atol=2e-5 * scale)
    assert np.array_equal(w, w.T) and np.all(np.diag(w) == 0)
    fresh = HopfieldNetwork(n_units)
    fresh.store(x)
    fresh.set_rule("storkey")  # all at once, as a rule switch does
    np.testing.assert_allclose(fresh.weights, expected, rtol=0, atol=2e-5 * scale)


class Cancelled(Exception):
    pass


def cancel_at(call: int, seen: list[float]):
    """A progress callback recording its fractions and raising Cancelled on call `call`."""

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if len(seen) == call:
            raise Cancelled

    return progress


@pytest.mark.parametrize("rule", ["storkey", "pseudoinverse"])
def test_weight_progress_rises_to_one(rule):
    x = random_patterns(90, 1100, seed=1)
    seen: list[float] = []
    net = HopfieldNetwork(1100)
    net.store(x)
    net.set_rule(rule, progress=seen.append)
    assert len(seen) >= 5 and seen[-1] == 1.0 and 0.0 < seen[0] < 0.5
    assert all(b >= a for a, b in zip(seen, seen[1:], strict=False))
    seen.clear()
    net.store(random_patterns(3, 1100, seed=2), progress=seen.append)
    assert seen[-1] == 1.0
    seen.clear()
    net.remove(0, progress=seen.append)
    assert seen[-1] == 1.0 and net.n_patterns == 92
    seen.clear()
    HopfieldNetwork(1100).set_rule("hebbian", progress=seen.append)
    assert seen == [1.0]


@pytest.mark.parametrize("old_rule", ["hebbian", "pseudoinverse"])
@pytest.mark.parametrize("new_rule", ["storkey", "pseudoinverse"])
def test_a_progress_callback_that_raises_cancels_and_leaves_the_network_as_it_was(
    old_rule, new_rule
):
    x = random_patterns(80, 1100, seed=3)
    net = HopfieldNetwork(1100, old_rule)
    net.store(x)
    before = net.weights_subset(np.arange(0, 1100, 7))
    cue = flip_bits(x[0], 0.1)
    field = net.local_field(cue)
    seen: list[float] = []
    with pytest.raises(Cancelled):
        net.set_rule(new_rule, progress=cancel_at(2, seen))
    assert len(seen) == 2 and seen[-1] < 0.5  # stopped at once, not after finishing
    assert net.rule == old_rule and np.array_equal(net.patterns, x)
    np.testing.assert_array_equal(net.weights_subset(np.arange(0, 1100, 7)), before)
    np.testing.assert_array_equal(net.local_field(cue), field)
    assert net.recall(cue).outcome == "fixed_point"


def test_cancelled_store_and_remove_change_nothing():
    x = random_patterns(60, 1100, seed=4)
    net = HopfieldNetwork(1100, "storkey")
    net.store(x[:50])
    before = net.weights
    for change in (
        lambda progress: net.store(x[50:], progress=progress),
        lambda progress: net.remove(3, progress=progress),
    ):
        with pytest.raises(Cancelled):
            change(cancel_at(1, []))
        assert net.rule == "storkey" and np.array_equal(net.patterns, x[:50])
        assert np.array_equal(net.weights, before)
    net.store(x[50:])  # and the network still works as if nothing had happened
    np.testing.assert_allclose(
        net.weights, storkey_reference(x), rtol=0, atol=2e-5 * np.abs(before).max()
    )


def test_pseudoinverse_projects_onto_the_stored_patterns():
    net, x = network(60, 12, "pseudoinverse")
    xf = x.astype(float)
    projection = xf.T @ np.linalg.inv(xf @ xf.T) @ xf  # W = X (X^T X)^-1 X^T, X is N x P
    np.testing.assert_allclose(x @ projection, x, atol=1e-9)  # W xi = xi
    np.fill_diagonal(projection, 0.0)
    w = net.weights
    np.testing.assert_allclose(w, projection, atol=1e-6)
    assert np.array_equal(w, w.T) and np.all(np.diag(w) == 0)
    assert stored_fraction(net, x) == 1.0


@pytest.mark.parametrize("rule", ["hebbian", "storkey", "pseudoinverse"])
def test_field_energy_and_overlaps_follow_the_matrix(rule):
    net, x = network(60, 5, rule)
    s = flip_bits(x[0], 0.3, seed=1)
    w = net.weights
    np.testing.assert_allclose(net.local_field(s), w @ s, atol=1e-5)
    assert net.energy(s) == pytest.approx(-0.5 * s @ w @ s, rel=1e-5)
    np.testing.assert_allclose(net.overlaps(s), x @ s / 60)
    assert np.all(np.diag(w) == 0)


def test_remove_clear_and_set_rule_rebuild_the_weights():
    net, x = network(50, 6, "storkey")
    net.remove(2)
    fresh = HopfieldNetwork(50, "storkey")
    fresh.store(np.delete(x, 2, axis=0))  # Storkey replays in storage order
    np.testing.assert_allclose(net.weights, fresh.weights, atol=1e-6)
    net.set_rule("hebbian")
    assert net.rule == "hebbian" and net.n_patterns == 5
    hebbian = HopfieldNetwork(50)
    hebbian.store(fresh.patterns)
    np.testing.assert_allclose(net.weights, hebbian.weights)
    net.rule = "pseudoinverse"
    net.clear()
    assert net.n_patterns == 0 and not np.any(net.weights)


def test_weights_subset_is_the_block_of_the_full_matrix():
    index = np.array([7, 3, 3, 40, 0, 59])
    for rule in ("hebbian", "storkey"):
        net, _ = network(60, 8, rule)
        np.testing.assert_allclose(
            net.weights_subset(index), net.weights[np.ix_(index, index)], atol=1e-7
        )


# --- energy and attractors ----------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["hebbian", "storkey"])
@pytest.mark.parametrize("mode", ["async", "sequential"])
def test_energy_never_rises_under_asynchronous_updates(rule, mode):
    net, x = network(200, 30, rule)
    dyn = net.dynamics(flip_bits(x[0], 0.4, seed=2), mode=mode, seed=5)
    energies = np.concatenate([[dyn.energy], dyn.step(5000)])
    assert np.all(np.diff(energies) <= 1e-9)
    assert dyn.outcome == "fixed_point"
    assert dyn.energy == pytest.approx(net.energy(dyn.state), rel=1e-6)


def test_reversed_pattern_is_a_fixed_point_with_the_same_energy():
    net, x = network(500, 10)
    result = net.recall(-x[3])
    assert result.outcome == "fixed_point" and result.sweeps == 1
    assert np.array_equal(result.state, -x[3])
    assert net.energy(-x[3]) == net.energy(x[3])
    assert net.energy(x[3]) / 500 == pytest.approx(-0.5, abs=0.02)


def test_three_pattern_mixtures_are_spurious_fixed_points():
    """sign(xi1 + xi2 + xi3): overlap about 1/2 with each, energy about -3/8 per unit."""
    net, x = network(4000, 3, seed=1)
    for signs in ([1, 1, 1], [1, -1, 1]):
        mixture = np.sign(np.array(signs) @ x).astype(np.int8)
        result = net.recall(mixture, seed=2)
        assert result.outcome == "fixed_point" and np.array_equal(result.state, mixture)
        np.testing.assert_allclose(np.abs(net.overlaps(mixture)), 0.5, atol=0.03)
        assert net.energy(mixture) / 4000 == pytest.approx(-3 / 8, abs=0.02)


def test_synchronous_two_cycle_is_reported():
    """W proportional to [[0, 1], [1, 0]], s = (1, -1): s flips forever under parallel updates."""
    net = HopfieldNetwork(2)
    net.store([1, 1])
    result = net.recall([1, -1], mode="sync")
    assert result.outcome == "two_cycle" and result.sweeps == 2
    assert result.state.tolist() == [1, -1]
    assert net.recall([1, -1], mode="async").outcome == "fixed_point"


@pytest.mark.parametrize("alpha, table_value", [(0.138, 0.0036), (0.185, 0.01)])
def test_per_bit_error_after_one_parallel_update_matches_theory(alpha, table_value):
    """P_err = 1/2 [1 - erf(sqrt(N / 2P))]; measured over all bits of all stored patterns."""
    n = 2000
    net, x = network(n, round(alpha * n), seed=4)
    theory = 0.5 * (1 - math.erf(math.sqrt(n / (2 * x.shape[0]))))
    assert theory == pytest.approx(table_value, rel=0.05)
    errors = 0
    for xi in x:
        dyn = net.dynamics(xi, mode="sync")
        dyn.step(1)
        errors += int(np.sum(dyn.state != xi))
    assert errors / x.size == pytest.approx(theory, rel=0.1)  # 2000-7000 error bits; seeds: 5 %


def test_storkey_and_pseudoinverse_store_what_hebbian_cannot():
    """N = 100: the fraction of stored patterns that are exact fixed points."""
    for n_patterns, hebbian_limit in ((20, 0.7), (26, 0.35)):
        fractions = {rule: [] for rule in ("hebbian", "storkey", "pseudoinverse")}
        for seed in range(5):
            for rule, found in fractions.items():
                found.append(stored_fraction(*network(100, n_patterns, rule, seed)))
        assert np.mean(fractions["storkey"]) == 1.0
        assert np.mean(fractions["pseudoinverse"]) == 1.0
        assert np.mean(fractions["hebbian"]) < hebbian_limit
    storkey_40 = [stored_fraction(*network(100, 40, "storkey", seed)) for seed in range(5)]
    assert 0.8 <= np.mean(storkey_40) <= 0.97  # "about 0.9 at P = 40"


def test_recall_from_ten_percent_noise_at_alpha_010():
    net, x = network(500, 50, seed=6)
    final = []
    for mu in range(10):
        result = net.recall(flip_bits(x[mu], 0.1, seed=mu), seed=mu)
        assert result.outcome == "fixed_point"
        final.append(net.overlaps(result.state)[mu])
    assert np.mean(final) >= 0.995 and min(final) >= 0.98


def test_temperature_melts_mixtures_before_memories():
    """Glauber: mixtures melt above T ~ 0.46, retrieval survives to T ~ 1."""
    net, x = network(2000, 3, seed=3)
    mixture = np.sign(x.sum(axis=0)).astype(np.int8)

    def after(state, temperature):
        return net.overlaps(net.recall(state, temperature=temperature, max_sweeps=40, seed=1).state)

    np.testing.assert_allclose(after(mixture, 0.3), 0.5, atol=0.1)  # still a mixture
    assert np.max(np.abs(after(mixture, 0.6))) > 0.8  # fell into one memory
    assert after(x[0], 0.6)[0] > 0.8
    assert np.max(np.abs(after(x[0], 1.2))) < 0.15  # everything melted


def test_glauber_at_high_temperature_does_not_converge():
    net, x = network(300, 5)
    for mode in ("async", "sync"):
        result = net.recall(x[0], mode=mode, temperature=5.0, max_sweeps=20)
        assert result.outcome == "max_sweeps" and result.sweeps == 20
        assert len(result.energies) == 21
        assert abs(net.overlaps(result.state)[0]) < 0.2


# --- one implementation of the dynamics ---------------------------------------------------------


@pytest.mark.parametrize(
    "mode, temperature",
    [("async", 0.0), ("sequential", 0.0), ("sync", 0.0), ("async", 0.3), ("sync", 0.3)],
)
def test_recall_is_the_dynamics_stepper(mode, temperature):
    net, x = network(256, 20)
    cue = flip_bits(x[1], 0.25, seed=3)
    result = net.recall(cue, mode=mode, temperature=temperature, max_sweeps=12, seed=7)
    dyn = net.dynamics(cue, mode=mode, temperature=temperature, seed=7)
    energies = [dyn.energy]
    while dyn.outcome == "running" and len(energies) <= 12:
        dyn.sweep()
        energies.append(dyn.energy)
    assert np.array_equal(result.state, dyn.state)
    np.testing.assert_array_equal(result.energies, energies)
    assert result.sweeps == len(energies) - 1


def test_chunking_does_not_change_the_run():
    net, x = network(256, 20)
    cue = flip_bits(x[1], 0.3, seed=4)
    by_sweep, by_chunk = (net.dynamics(cue, temperature=0.2, seed=9) for _ in range(2))
    sweeps = np.concatenate([by_sweep.sweep() for _ in range(6)])
    chunks = np.concatenate(
        [by_chunk.step(37) for _ in range(6 * 256 // 37)] + [by_chunk.step(6 * 256 % 37)]
    )
    np.testing.assert_array_equal(sweeps, chunks)
    assert np.array_equal(by_sweep.state, by_chunk.state)


@pytest.mark.parametrize(
    "mode, temperature", [("async", 0.0), ("sequential", 0.0), ("sync", 0.0), ("async", 0.4)]
)
def test_low_rank_hebbian_path_equals_dense_matrix_path(mode, temperature):
    net, x = network(300, 30, seed=2)  # N = 300: 1/N is not exact in binary, ties still are
    cue = flip_bits(x[0], 0.35, seed=1)
    low = net.dynamics(cue, mode, temperature, seed=3, backend="low_rank")
    dense = net.dynamics(cue, mode, temperature, seed=3, backend="dense")
    for _ in range(5):
        np.testing.assert_array_equal(low.step(250), dense.step(250))
        assert np.array_equal(low.state, dense.state)
    assert low.energy == dense.energy == pytest.approx(net.energy(low.state))


def test_stepper_bookkeeping():
    net, x = network(100, 5)
    dyn = net.dynamics(flip_bits(x[0], 0.2, seed=1), mode="sequential")
    assert (dyn.updates, dyn.sweeps, dyn.last_unit, dyn.outcome) == (0, 0.0, -1, "running")
    assert len(dyn.step(30)) == 30 and dyn.last_unit == 29 and dyn.sweeps == 0.3
    assert len(dyn.sweep()) == 70 and dyn.updates == 100  # sweep() ends the current sweep
    energies = dyn.step(1000)  # stops early at the certifying sweep
    assert dyn.outcome == "fixed_point" and len(energies) % 100 == 0 and len(energies) < 1000
    assert np.array_equal(dyn.state, x[0]) and len(dyn.step(10)) == 0
    dyn.temperature = 0.5  # any change of the rules of the game resumes the run
    assert dyn.outcome == "running" and len(dyn.step(10)) == 10
    dyn.temperature = 0.0
    dyn.mode = "sync"
    assert dyn.last_unit == 9 and len(dyn.step(3)) >= 1 and dyn.last_unit == -1
    dyn.set_state(x[1])
    assert dyn.outcome == "running" and dyn.energy == pytest.approx(net.energy(x[1]))


def test_a_sweep_with_noise_in_it_does_not_certify_a_fixed_point():
    net, x = network(100, 5)
    dyn = net.dynamics(x[0], temperature=0.05, seed=2)  # T tiny: nothing flips in practice
    dyn.step(50)
    dyn.temperature = 0.0
    dyn.step(50)  # completes a sweep that was partly at T > 0
    assert dyn.outcome == "running"
    assert len(dyn.sweep()) == 100 and dyn.outcome == "fixed_point"


# --- energy landscape ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule, n_units", [("hebbian", 1000), ("storkey", 300)])
def test_energy_landscape_is_the_network_energy(rule, n_units):
    net, x = network(n_units, 6, rule, seed=5)
    m_a, m_b, energy = net.energy_landscape(1, 4, resolution=21, seed=3)
    feasible = np.argwhere(np.isfinite(energy))
    assert energy.shape == (21, 21) and 0 < len(feasible) < 21 * 21
    for i, j in feasible[:: len(feasible) // 7]:
        state = net.landscape_state(1, 4, m_a[i], m_b[j], seed=3)
        assert net.energy(state) == pytest.approx(energy[i, j], rel=1e-5, abs=1e-6)
        np.testing.assert_allclose(net.overlaps(state)[[1, 4]], (m_a[i], m_b[j]), atol=0.05)
    # the four memories +-xi_a, +-xi_b are the four lowest points, each at E / N near -1/2
    corners = []
    for target in ((1, 0), (0, 1), (-1, 0), (0, -1)):
        distance = np.hypot(m_a[feasible[:, 0]] - target[0], m_b[feasible[:, 1]] - target[1])
        assert distance.min() <= 0.1
        corners.append(energy[tuple(feasible[np.argmin(distance)])])
    lowest = np.sort(energy[np.isfinite(energy)])[:4]
    np.testing.assert_allclose(np.sort(corners), lowest)
    np.testing.assert_allclose(np.array(corners) / n_units, -0.5, atol=0.04)


def test_energy_landscape_never_builds_the_dense_hebbian_matrix():
    net, _ = network(16384, 10)
    tracemalloc.start()
    net.energy_landscape(0, 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 2**20  # a dense float64 W would take 2 GiB


# --- errors the GUI shows, and the compile-on-demand contract --------------------------------


def _net():
    return network(10, 2)[0]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: HopfieldNetwork(1), "number of units"),
        (lambda: HopfieldNetwork(2.5), "whole number"),
        (lambda: HopfieldNetwork(10, "oja"), "unknown rule"),
        (lambda: HopfieldNetwork(MAX_DENSE_UNITS + 1, "storkey"), "GB"),
        (lambda: HopfieldNetwork(MAX_DENSE_UNITS + 1).weights, "weights_subset"),
        (lambda: _net().store(np.ones(9)), "shape"),
        (lambda: _net().store(np.zeros(10)), "only -1 and \\+1"),
        (lambda: _net().store(["a"] * 10), "numbers"),
        (lambda: _net().store(np.full(10, np.nan)), "only -1 and \\+1"),
        (lambda: _net().recall(np.ones(10), mode="parallel"), "unknown mode"),
        (lambda: _net().recall(np.ones(10), temperature=-1), "zero or positive"),
        (lambda: _net().recall(np.ones(10), temperature="hot"), "number"),
        (lambda: _net().recall(np.ones(10), max_sweeps=0), "max_sweeps"),
        (lambda: _net().recall(np.ones(10), max_sweeps=10**9), "max_sweeps"),
        (lambda: _net().recall(np.ones(10), seed=-1), "seed"),
        (lambda: _net().recall(np.ones(11)), "cue must have shape"),
        (lambda: _net().energy(np.ones((2, 10))), "state must have shape"),
        (lambda: _net().dynamics(np.ones(10), backend="gpu"), "unknown backend"),
        (lambda: network(10, 2, "storkey")[0].dynamics(np.ones(10), backend="low_rank"), "Hebbian"),
        (lambda: HopfieldNetwork(10).remove(0), "no stored pattern"),
        (lambda: _net().remove(5), "pattern index"),
        (lambda: _net().weights_subset([0, 10]), "between 0 and 9"),
        (lambda: _net().weights_subset([0.5]), "whole unit numbers"),
        (lambda: _net().energy_landscape(0, 0), "two different"),
        (lambda: network(10, 1)[0].energy_landscape(0, 1), "at least two"),
        (lambda: _net().energy_landscape(0, 1, resolution=1), "resolution"),
    ],
)
def test_bad_input_gives_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_stepper_settings_give_value_errors():
    dyn = _net().dynamics(np.ones(10))
    for change, message in (
        (lambda: setattr(dyn, "mode", "chaos"), "unknown mode"),
        (lambda: setattr(dyn, "temperature", -0.1), "zero or positive"),
        (lambda: dyn.step(-1), "number of steps"),
        (lambda: dyn.set_state(np.zeros(10)), "only -1 and \\+1"),
    ):
        with pytest.raises(ValueError, match=message):
            change()


@pytest.mark.slow
def test_import_compiles_nothing_and_warm_up_compiles_every_kernel():
    code = (
        "from models import _hopfield_kernels as k\n"
        "import models.hopfield as h\n"
        "kernels = [v for n, v in vars(k).items() if hasattr(v, 'signatures')"
        " and not n.startswith('_')]\n"
        "print(len(kernels), sum(len(v.signatures) for v in kernels))\n"
        "h.warm_up()\n"
        "print(min(len(v.signatures) for v in kernels))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    counted, before, after = map(int, result.stdout.split())
    assert counted >= 6 and before == 0 and after >= 1
