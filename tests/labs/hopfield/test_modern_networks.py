"""The modern continuous network (Ramsauer et al. 2020) and the dense associative memory (Krotov &
Hopfield 2016) in the associative-memory session: retrieval where the classic network fails,
the average and metastable mixes at small beta, energies, attention, state, landscapes."""

import string

import numpy as np
import pytest

from hopgui.labs.hopfield.networks import dense_landscape, modern_landscape
from hopgui.labs.hopfield.presets import preset_pattern
from hopgui.labs.hopfield.session import HopfieldSession
from models.modern_hopfield import DenseAssociativeMemory, ModernHopfield

LETTERS = string.ascii_uppercase


@pytest.fixture(scope="module")
def letters(qapp):
    return np.array([preset_pattern(c, (16, 16)) for c in LETTERS])


def session_with(letters, names=LETTERS, **params):
    session = HopfieldSession((16, 16))
    stack = np.array([letters[LETTERS.index(c)] for c in names])
    session.store(stack, list(names))
    for name, value in params.items():
        session.set_param(name, value)
    return session


def run_to_rest(session, limit=10**6):
    while session.advance(997) and limit > 0:
        limit -= 997
    return session.snapshot()


def noisy(pattern, fraction, rng):
    cue = pattern.copy()
    cue[rng.choice(cue.size, int(fraction * cue.size), replace=False)] *= -1
    return cue


def recalled(session, letters, network):
    """How many of the 26 letters, cued with 10 % of their pixels flipped, end as themselves."""
    session.set_param("network", network)
    rng = np.random.default_rng(0)
    count = 0
    for i in range(len(LETTERS)):
        session.set_cue(noisy(letters[i], 0.1, rng))
        snap = run_to_rest(session)
        m = snap.overlaps
        count += int(np.argmax(m) == i and m[i] >= 0.9)
    return count, snap


def test_all_26_letters_are_retrieved_by_the_modern_network_where_the_classic_one_fails(letters):
    session = session_with(letters)  # Hebbian, 16 x 16: P/N = 0.10 but the letters look alike
    classic, _ = recalled(session, letters, "classic")
    modern, snap = recalled(session, letters, "modern")  # beta = 1
    assert classic <= 3
    assert modern == 26
    assert snap.verdict == "at rest: retrieved 'Z' in 1 step (m = 1.00)"
    assert snap.state.dtype == np.float64 and np.array_equal(snap.state, letters[-1])


def test_small_beta_gives_the_average_of_the_memories_and_middle_beta_a_metastable_mix(letters):
    session = session_with(letters, network="modern", beta=0.0001)
    session.set_cue(letters[LETTERS.index("O")])
    snap = run_to_rest(session)
    assert np.allclose(snap.state, letters.mean(axis=0), atol=0.01)
    assert snap.verdict == "at rest: the average of all 26 memories (β too small to pick one)"
    session.set_param("beta", 0.05)
    session.reset()
    snap = run_to_rest(session)
    assert snap.verdict.startswith("at rest: a metastable mix of 'O' ")
    assert "'Q'" in snap.verdict
    top = sorted(np.argsort(-snap.attention)[:2])
    assert [LETTERS[i] for i in top] == ["O", "Q"] and snap.attention[top].sum() > 0.9
    assert np.any(np.abs(snap.state) < 0.9)  # grey: neither ink nor paper
    assert "'O' and 'Q' share 96 % of their pixels: at β = 0.05" in snap.warning
    session.set_param("beta", 1.0)
    assert run_to_rest(session).warning == ""


def test_modern_energy_and_attention_are_the_models_and_the_energy_never_rises(letters):
    session = session_with(letters, "ABCDE", network="modern", beta=0.02)
    session.set_cue(noisy(letters[0], 0.3, np.random.default_rng(1)))
    snap = run_to_rest(session)
    net = ModernHopfield(256, beta=0.02)
    net.store(letters[:5])
    assert snap.energy == pytest.approx(net.energy(snap.state) / 256)
    assert np.allclose(snap.attention, net.attention(snap.state))
    assert snap.attention.sum() == pytest.approx(1.0)
    assert np.all(np.diff(snap.trace_energy) <= 1e-12)
    assert snap.trace_x[1] == 1.0  # one update of the whole state counts as one sweep


def test_modern_state_round_trips_and_only_the_modern_network_takes_a_continuous_state(letters):
    session = session_with(letters, "ATX", network="modern", beta=0.01)
    session.step_sweep()
    state = session.state()
    assert state["state"].dtype == np.float64 and state["params"]["beta"] == 0.01
    fresh = HopfieldSession()
    fresh.restore(state)
    assert np.array_equal(fresh.state()["state"], state["state"])
    assert fresh.state()["params"] == state["params"]
    with pytest.raises(ValueError, match="from -1 to \\+1"):
        fresh.restore({"state": np.full(256, 1.5)})
    with pytest.raises(ValueError, match="only -1 and \\+1"):
        fresh.restore({"params": {"network": "classic"}, "state": state["state"]})
    fresh.set_param("network", "classic")  # the continuous state becomes its signs
    assert np.array_equal(fresh.state()["state"], np.where(state["state"] > 0, 1, -1))
    assert fresh.state()["state"].dtype == np.int8
    assert fresh.state()["names"] == ["A", "T", "X"]


def test_dense_unit_steps_run_as_the_models_recall(letters):
    memory = DenseAssociativeMemory(256, degree=4)
    memory.store(letters[:8])
    cue = noisy(letters[2], 0.15, np.random.default_rng(3))
    result = memory.recall(cue, mode="async", seed=7)
    stepper = memory.dynamics(cue, "async", 7)  # what the session steps, 100 units at a time
    energies = np.concatenate([stepper.step(100) for _ in range(200)])
    assert stepper.outcome == "fixed_point"
    assert np.array_equal(stepper.state, result.state)
    assert stepper.energy == pytest.approx(memory.energy(result.state))
    assert np.all(np.diff(energies) <= 1e-9)  # asynchronous: never uphill


def test_dense_memory_holds_more_letters_as_the_degree_grows(letters):
    """Krotov & Hopfield 2016: capacity grows with n (here: alike letters, 10 % noise)."""
    session = session_with(letters, network="dense", degree=2)
    low, _ = recalled(session, letters, "dense")
    session.set_param("degree", 6)
    high, snap = recalled(session, letters, "dense")
    assert low <= 3 and high >= 20
    assert snap.energy_unit == "N^6" and -2 < snap.energy < 0  # E / N^6: about -1 at a memory


def test_landscapes_are_the_networks_own_energies(letters):
    modern = ModernHopfield(256, beta=0.5)
    modern.store(letters[:3])
    m_a, m_b, energy = modern_landscape(modern, 0, 1)
    cross = float(letters[0].astype(float) @ letters[1]) / 256
    j = int(np.argmin(np.abs(m_b - cross)))
    assert m_a[-1] == 1.0
    assert energy[-1, j] == pytest.approx(modern.energy(letters[0]), rel=1e-3, abs=0.5)
    assert np.isnan(energy[0, -1])  # (-1, +1): no state in [-1, 1] has those overlaps
    dense = DenseAssociativeMemory(256, degree=3)
    dense.store(letters[:3])
    m_a, m_b, energy = dense_landscape(dense, 0, 1)
    assert energy[-1, j] == pytest.approx(dense.energy(letters[0]), rel=0.05)
    valleys = min(dense.energy(letters[0]), dense.energy(letters[1]))
    assert np.nanmin(energy) == pytest.approx(valleys, rel=0.05)  # lowest at a memory


def test_beta_and_degree_apply_only_to_their_network(letters):
    session = session_with(letters, "ATX")
    session.set_cue(noisy(letters[0], 0.1, np.random.default_rng(0)))
    session.step_unit()
    before = session.snapshot().updates
    session.set_param("beta", 0.1)  # the classic run goes on
    session.set_param("degree", 5)
    assert session.snapshot().updates == before
    session.set_param("network", "dense")
    assert session.snapshot().network == "dense" and session.snapshot().updates == 0
