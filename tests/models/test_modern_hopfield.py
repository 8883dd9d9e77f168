"""Modern Hopfield networks: the facts of SCIENCE.md section 4 (Ramsauer et al. 2020; Krotov &
Hopfield 2016), checked on the real models."""

import numpy as np
import pytest

from models.hopfield import HopfieldNetwork, RecallResult
from models.modern_hopfield import DenseAssociativeMemory, ModernHopfield
from models.patterns import flip_bits, random_patterns


def modern(n_patterns=200, n_units=64, beta=1.0, seed=0):
    x = random_patterns(n_patterns, n_units, seed)
    net = ModernHopfield(n_units, beta=beta)
    net.store(x)
    return net, x


def test_two_hundred_memories_of_64_units_are_retrieved_in_one_step():
    """P = 200, N = 64 (alpha 3.1), beta = 1: 50 of 50 cues with 20 % flipped bits come back
    exactly in one step, where the classic Hebbian network ends at overlap about 0."""
    net, x = modern()
    classic = HopfieldNetwork(64)
    classic.store(x)
    exact, classic_overlaps = 0, []
    for k in range(50):
        cue = flip_bits(x[k], 0.2, seed=k)
        exact += np.array_equal(np.sign(net.update(cue)), x[k])
        final = classic.recall(cue, seed=k).state
        classic_overlaps.append(x[k].astype(float) @ final / 64)
    assert exact == 50
    assert abs(np.mean(classic_overlaps)) < 0.35


def test_retrieve_stops_at_the_memory_and_the_energy_never_rises():
    net, x = modern()
    for k in range(10):
        result = net.retrieve(flip_bits(x[k], 0.2, seed=k), max_steps=20)
        assert result.converged and result.steps <= 3
        np.testing.assert_allclose(result.state, x[k], atol=1e-3)
        assert np.all(np.diff(result.energies) <= 1e-9)
        assert len(result.energies) == result.steps + 1


def test_energy_is_minus_lse_plus_half_the_norm():
    net, x = modern(5, 16, beta=0.5)
    xi = np.linspace(-1, 1, 16)
    z = x @ xi
    expected = -np.log(np.sum(np.exp(0.5 * z))) / 0.5 + 0.5 * xi @ xi
    assert net.energy(xi) == pytest.approx(expected)
    big = ModernHopfield(4000, beta=50.0)  # no overflow where exp(beta z) would
    big.store(random_patterns(3, 4000))
    assert np.isfinite(big.energy(np.ones(4000)))


def test_attention_weights_are_a_softmax_over_the_memories():
    net, x = modern(10, 32, beta=0.2)
    state = flip_bits(x[3], 0.3, seed=1)
    weights = net.attention(state)
    assert weights.shape == (10,) and weights.sum() == pytest.approx(1.0)
    assert int(np.argmax(weights)) == 3
    np.testing.assert_allclose(net.update(state), weights @ x)


def test_small_beta_gives_the_mean_of_all_memories():
    net, x = modern(30, 64, beta=1e-6)
    np.testing.assert_allclose(net.update(x[0]), x.mean(axis=0), atol=1e-3)


def test_intermediate_beta_averages_similar_memories_a_metastable_state():
    rng = np.random.default_rng(0)
    prototype = random_patterns(1, 100, 4)[0]
    family = np.where(rng.random((3, 100)) < 0.85, prototype, -prototype)  # three alike
    others = random_patterns(5, 100, 5)
    net = ModernHopfield(100, beta=0.05)
    net.store(np.vstack([family, others]))
    result = net.retrieve(family[0], max_steps=200)
    weights = net.attention(result.state)
    assert weights[:3].sum() > 0.9 and weights[:3].max() < 0.8  # shared by the family
    assert min(np.abs(result.state - m).max() for m in family) > 0.5  # not one memory


def test_dense_memory_capacity_grows_with_the_degree():
    """N = 256, 10 % flipped: degree 2 recalls at P = 20; degree 3 at P = 150 (alpha 0.59),
    degree 4 at P = 400 (alpha 1.56), where the classic network fails."""

    def mean_overlap(degree, n_patterns, cues=8):
        x = random_patterns(n_patterns, 256, seed=degree)
        dam = DenseAssociativeMemory(256, degree=degree)
        dam.store(x)
        finals = [dam.recall(flip_bits(x[k], 0.1, k), seed=k).state for k in range(cues)]
        return np.mean([x[k].astype(float) @ s / 256 for k, s in enumerate(finals)])

    assert mean_overlap(2, 20) == 1.0
    assert mean_overlap(3, 150) == 1.0
    assert mean_overlap(4, 400) == 1.0
    assert mean_overlap(2, 150, cues=4) < 0.7  # degree 2 at alpha 0.59 fails


def test_dense_memory_recall_returns_what_hopfield_recall_returns():
    x = random_patterns(20, 100, seed=1)
    dam = DenseAssociativeMemory(100, degree=3)
    dam.store(x)
    result = dam.recall(flip_bits(x[2], 0.2, 2), mode="async", seed=0)
    assert isinstance(result, RecallResult)
    assert result.outcome == "fixed_point" and np.array_equal(result.state, x[2])
    assert np.all(np.diff(result.energies) <= 0)  # asynchronous updates never raise E
    expected = -np.sum(np.maximum(x.astype(float) @ x[2], 0) ** 3)  # -sum_mu F(xi^mu . s)
    assert result.energies[-1] == dam.energy(result.state) == expected


def test_dense_memory_energy_and_degree_two_is_the_classic_network():
    x = random_patterns(3, 50, seed=2)
    dam = DenseAssociativeMemory(50, degree=2)
    dam.store(x)
    s = flip_bits(x[0], 0.3, 1)
    assert dam.energy(s) == pytest.approx(-np.sum(np.maximum(x @ s.astype(float), 0) ** 2))
    # one update of degree 2 matches the classic sign rule wherever every overlap is positive
    for mode in ("async", "sequential", "sync"):
        assert dam.recall(x[0], mode=mode).outcome == "fixed_point"


def test_dense_dynamics_steps_unit_by_unit_through_the_same_run_as_recall():
    x = random_patterns(6, 40, seed=4)
    dam = DenseAssociativeMemory(40, degree=3)
    dam.store(x)
    cue = flip_bits(x[1], 0.3, 2)
    for mode in ("async", "sequential"):
        result = dam.recall(cue, mode=mode, seed=9)
        dyn = dam.dynamics(cue, mode, seed=9)
        units = []
        while dyn.outcome == "running":
            assert dyn.step(1).size == 1
            units.append(dyn.last_unit)
        assert np.array_equal(dyn.state, result.state) and dyn.energy == result.energies[-1]
        assert dyn.updates == len(units) == 40 * result.sweeps
        assert sorted(units[:40]) == list(range(40))  # a sweep visits every unit once
        assert (units[:40] == list(range(40))) == (mode == "sequential")
        assert dyn.step(5).size == 0  # at rest: nothing more happens


def test_dense_sync_two_cycle_and_a_new_mode_runs_on():
    x = random_patterns(3, 16, seed=4)
    dam = DenseAssociativeMemory(16, degree=2)
    dam.store(x)
    cue = random_patterns(1, 16, seed=104)[0]
    assert dam.recall(cue, mode="sync").outcome == "two_cycle"
    dyn = dam.dynamics(cue, "sync")
    energies = dyn.step(10)
    assert dyn.outcome == "two_cycle" and dyn.cycle_length == 2 and dyn.last_unit == -1
    assert dyn.updates == 16 * energies.size
    dyn.mode = "async"  # asynchronous updates leave the cycle for a fixed point
    assert dyn.outcome == "running" and dyn.cycle_length == 0
    dyn.step(16 * 20)
    assert dyn.outcome == "fixed_point"
    with pytest.raises(ValueError, match="mode"):
        dyn.mode = "random"


def test_modern_dynamics_steps_through_the_same_run_as_retrieve():
    net, x = modern(n_patterns=20, beta=0.2)
    cue = flip_bits(x[3], 0.3, seed=1)
    result = net.retrieve(cue, tol=1e-6)
    dyn = net.dynamics(cue, tol=1e-6)
    assert dyn.mode == "sync" and dyn.energy == result.energies[0]
    energies = np.concatenate([dyn.step(1) for _ in range(result.steps + 3)])
    assert np.array_equal(energies, result.energies[1:]) and dyn.outcome == "fixed_point"
    assert np.array_equal(dyn.state, result.state) and dyn.last_change <= 1e-6
    assert dyn.updates == 64 * result.steps  # one update of the whole state counts N


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: ModernHopfield(10, beta=0), "beta"),
        (lambda: ModernHopfield(10, beta=float("nan")), "beta"),
        (lambda: DenseAssociativeMemory(10, degree=0), "degree"),
        (lambda: ModernHopfield(10).attention(np.ones(10)), "store at least one"),
        (lambda: DenseAssociativeMemory(4).store([[1, 0, 1, 1]]), "-1 and \\+1"),
        (lambda: ModernHopfield(4).store(np.ones((2, 3))), "shape"),
    ],
)
def test_bad_input_is_refused_in_words(make, words):
    with pytest.raises(ValueError, match=words):
        make()
