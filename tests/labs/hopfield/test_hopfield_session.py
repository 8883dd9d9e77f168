"""The Hopfield lab's controller without a GUI: commands in, snapshots out."""

import numpy as np
import pytest

from hopgui.labs.hopfield.session import HopfieldSession, verdict
from models.patterns import random_patterns


def session_with(patterns, shape, names=None):
    session = HopfieldSession(shape)
    session.store(patterns, names or [chr(65 + i) for i in range(len(patterns))])
    return session


def run_to_rest(session, limit=10**6):
    while session.advance(997) and limit > 0:
        limit -= 997
    return session.snapshot()


def test_recall_from_a_corrupted_memory_is_reported_by_name():
    memories = random_patterns(3, 400, seed=1)
    session = session_with(memories, (20, 20))
    cue = memories[1].copy()
    cue[:60] *= -1
    session.set_cue(cue)
    snap = run_to_rest(session)
    assert snap.outcome == "fixed_point"
    assert np.array_equal(snap.state, memories[1])
    assert snap.verdict == "at rest: recalled 'B' (m = 1.00)"
    assert snap.overlap_history.shape == (len(snap.overlap_x), 3)
    assert snap.overlap_history[-1, 1] == 1.0


def test_reversed_memory_is_named_reversed():
    memories = random_patterns(2, 400, seed=2)
    session = session_with(memories, (20, 20))
    session.set_cue(-memories[0])
    snap = run_to_rest(session)
    assert snap.verdict == "at rest: reversed 'A' (m = -1.00)"


def test_verdict_names_mixtures_by_their_memories_and_calls_other_states_spurious():
    names = ["A", "B", "C", "D", "E"]
    memories = random_patterns(5, 1000, seed=12).astype(np.float64)
    mixture = np.sign(memories[1] + memories[3] - memories[4])
    overlaps = memories @ mixture / 1000
    assert verdict(overlaps, names, "fixed_point", mixture, memories) == (
        "at rest: mixture of 'B', 'D', 'E'"
    )
    other = random_patterns(1, 1000, seed=13)[0]
    text = verdict(memories @ other / 1000, names, "fixed_point", other, memories)
    assert text.startswith("at rest: spurious state")
    assert verdict(overlaps, names, "running").startswith("closest '")
    assert verdict(overlaps[:2], names[:2], "two_cycle").startswith("2-cycle")
    assert verdict(np.zeros(0), [], "running") == "no memories stored"
    assert verdict(np.array([0.898, 0.1]), names[:2], "fixed_point").startswith(
        "at rest: recalled 'A' (m = 0.90)"  # what is printed is what is judged
    )


def test_energy_trace_is_per_update_and_never_rises_under_async():
    memories = random_patterns(5, 256, seed=3)
    session = session_with(memories, (16, 16))
    session.set_cue(random_patterns(1, 256, seed=9)[0])
    snap = run_to_rest(session)
    assert len(snap.trace_energy) >= snap.updates  # one point per unit update (plus the cue)
    assert np.all(np.diff(snap.trace_energy) <= 1e-12)
    assert snap.trace_energy[-1] == pytest.approx(snap.energy)


def test_long_traces_are_decimated_for_drawing_but_keep_extremes():
    memories = random_patterns(5, 1024, seed=4)
    session = session_with(memories, (32, 32))
    session.set_temperature(0.8)
    session.set_cue(memories[0])
    for _ in range(20):
        session.advance(1024)
    snap = session.snapshot()
    assert len(snap.trace_x) <= 4001
    assert np.all(np.diff(snap.trace_x) >= 0)


def test_step_unit_and_step_sweep():
    memories = random_patterns(2, 100, seed=5)
    session = session_with(memories, (10, 10))
    session.set_cue(random_patterns(1, 100, seed=6)[0])
    session.step_unit()
    assert session.snapshot().updates == 1
    session.step_sweep()
    assert session.snapshot().updates == 101


def test_synchronous_mode_counts_whole_network_steps():
    memories = random_patterns(2, 100, seed=7)
    session = session_with(memories, (10, 10))
    session.set_mode("sync")
    session.set_cue(random_patterns(1, 100, seed=8)[0])
    session.step_sweep()
    assert session.snapshot().updates == 100
    assert session.snapshot().marked_unit == -1


def test_nothing_stored_refuses_to_run_with_a_message():
    session = HopfieldSession((10, 10))
    with pytest.raises(ValueError, match="Nothing is stored"):
        session.advance(10)


def test_bad_cue_size_and_bad_memory_index_are_clear_errors():
    session = session_with(random_patterns(2, 100, seed=1), (10, 10))
    with pytest.raises(ValueError, match="100"):
        session.set_cue(np.ones(99))
    with pytest.raises(ValueError, match="no stored memory"):
        session.remove(5)
    with pytest.raises(ValueError, match="two different"):
        session.set_landscape_pair(0, 0)


def test_new_grid_size_resamples_memories_and_cue():
    memories = random_patterns(2, 100, seed=1)
    session = session_with(memories, (10, 10))
    session.set_cue(memories[0])
    session.set_shape(20, 20)
    snap = session.snapshot()
    assert snap.shape == (20, 20) and snap.patterns.shape == (2, 400)
    block = snap.patterns[0].reshape(20, 20)[::2, ::2].reshape(-1)
    assert np.array_equal(block, memories[0])  # each old pixel became a 2 x 2 block
    assert np.array_equal(snap.cue, snap.patterns[0])


def test_landscape_follows_memories_and_marks_their_overlap():
    memories = random_patterns(3, 400, seed=11)
    session = session_with(memories, (20, 20))
    land = session.snapshot().landscape
    assert land.pair == (0, 1)
    assert land.cross_overlap == pytest.approx(memories[0] @ memories[1] / 400)
    i, j = 30, 24  # an asymmetric grid point: rows of the image run along m_b
    state = session._net.landscape_state(0, 1, land.m_a[i], land.m_b[j], seed=0)
    assert land.energy[j, i] == pytest.approx(session._net.energy(state) / 400)
    session.set_landscape_pair(2, 0)
    assert session.snapshot().landscape.pair == (2, 0)
    session.remove(2)
    assert session.snapshot().landscape.pair == (0, 1)
    session.remove(1)
    assert session.snapshot().landscape is None


def test_snapshots_are_copies():
    session = session_with(random_patterns(2, 100, seed=1), (10, 10))
    session.set_cue(random_patterns(1, 100, seed=3)[0])
    snap = session.snapshot()
    before = snap.state.copy()
    run_to_rest(session)
    assert np.array_equal(snap.state, before)
    with pytest.raises(ValueError):
        snap.patterns[0, 0] = 0  # shared memories are read-only


def test_a_long_record_thins_itself_but_keeps_order_and_the_newest_row():
    from hopgui.labs.hopfield.session import _Trace

    trace = _Trace(limit=1000)
    for start in range(0, 5000, 100):
        x = np.arange(start, start + 100, dtype=float)
        trace.add(x, np.column_stack([x, -x]))
    x, y = trace.arrays()
    assert 500 <= len(x) <= 1000
    assert np.all(np.diff(x) > 0) and x[0] == 0 and x[-1] == 4999
    assert np.array_equal(y[:, 0], x) and np.array_equal(y[:, 1], -x)
