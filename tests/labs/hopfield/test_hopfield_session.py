"""The Hopfield lab's controller without a GUI: commands in, snapshots out."""

import numpy as np
import pytest

from hopgui.core.session import Cancelled, is_command
from hopgui.labs.hopfield.record import RunRecord
from hopgui.labs.hopfield.session import HopfieldSession
from hopgui.labs.hopfield.verdict import verdict
from models.patterns import MAX_MEMORIES, MAX_NAME_LENGTH, random_patterns


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
    session.set_param("temperature", 0.8)
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
    session.set_param("mode", "sync")
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
    session.set_param("grid_size", 20)
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
    trace = RunRecord(limit=1000)
    for start in range(0, 5000, 100):
        x = np.arange(start, start + 100, dtype=float)
        trace.add(x, np.column_stack([x, -x]))
    x, y = trace.arrays()
    assert 500 <= len(x) <= 1000
    assert np.all(np.diff(x) > 0) and x[0] == 0 and x[-1] == 4999
    assert np.array_equal(y[:, 0], x) and np.array_equal(y[:, 1], -x)


# --- the session owns the names, the grid size, and its whole state -------------------------------


def test_two_stores_without_names_get_two_different_names():
    """The session names memories, so two quick Stores are 'P1' and 'P2', never 'P1' twice."""
    session = HopfieldSession((10, 10))
    first, second = random_patterns(2, 100, seed=21)
    session.store(first)
    session.store(second, [None])
    session.store(-first, ["  "])  # a blank name is no name
    assert session.snapshot().names == ("P1", "P2", "P3")
    session.store(random_patterns(2, 100, seed=22), ["P4", None])
    assert session.snapshot().names == ("P1", "P2", "P3", "P4", "P5")


def test_patterns_drawn_on_another_grid_are_redrawn_on_this_one():
    session = HopfieldSession((20, 20))
    small = random_patterns(1, 100, seed=23)
    session.store(small, ["small"], shape=(10, 10))
    session.set_cue(small[0], shape=(10, 10))
    snap = session.snapshot()
    assert snap.patterns.shape == (1, 400)
    assert np.array_equal(snap.cue, snap.patterns[0])


def test_a_grid_too_big_for_the_rule_is_refused_in_words_and_nothing_changes():
    session = session_with(random_patterns(2, 1024, seed=24), (32, 32))
    session.set_param("rule", "storkey")
    before = session.state()
    with pytest.raises(ValueError, match="Storkey.*64 x 64"):
        session.set_param("grid_size", 96)
    assert_states_equal(session.state(), before)
    session.set_param("rule", "hebbian")
    session.set_param("grid_size", 128)
    with pytest.raises(ValueError, match="dense"):
        session.set_param("rule", "pseudoinverse")
    assert session.snapshot().params == {**before["params"], "rule": "hebbian", "grid_size": 128}


def test_only_commands_can_be_sent():
    session = HopfieldSession((10, 10))
    for method in (
        HopfieldSession.store,
        HopfieldSession.set_cue,
        HopfieldSession.set_param,
        HopfieldSession.restore,
        HopfieldSession.reset,
        HopfieldSession.set_landscape_axis,
    ):
        assert is_command(session, method), method.__name__
    for method in (HopfieldSession.advance, HopfieldSession.snapshot, HopfieldSession.state):
        assert not is_command(session, method), method.__name__
    assert not hasattr(HopfieldSession, "set_rule")  # parameters go through set_param only


def assert_states_equal(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], np.ndarray):
            assert a[key].dtype == b[key].dtype, key
            assert np.array_equal(a[key], b[key]), key
        else:
            assert a[key] == b[key], key


def lecture_session():
    """A 20 x 20 network, Storkey rule, three memories, a noisy cue, half a run done."""
    memories = random_patterns(3, 400, seed=25)
    session = HopfieldSession((20, 20))
    session.set_param("rule", "storkey")
    session.set_param("temperature", 0.35)
    session.set_param("mode", "sequential")
    session.store(memories, ["A", "<b>x</b>", "C"])
    session.set_landscape_pair(2, 0)
    cue = memories[0].copy()
    cue[:120] *= -1
    session.set_cue(cue)
    session.advance(200)
    return session


def test_state_round_trip_is_exact():
    session = lecture_session()
    state = session.state()
    assert state["params"] == {
        "rule": "storkey",
        "mode": "sequential",
        "temperature": 0.35,
        "grid_size": 20,
        "asymmetry": 0.0,
        "damage": 0.0,
        "damage_kind": "synapses",
        "network": "classic",
        "beta": 1.0,
        "degree": 3,
    }
    assert state["patterns"].shape == (3, 400) and state["patterns"].dtype == np.int8
    assert state["cue"].dtype == np.int8 and state["state"].dtype == np.int8
    assert not np.array_equal(state["cue"], state["state"])  # the run moved away from the cue
    assert state["names"] == ["A", "<b>x</b>", "C"] and state["landscape_pair"] == [2, 0]
    fresh = HopfieldSession()
    fresh.restore(state)
    assert_states_equal(fresh.state(), state)
    snap = fresh.snapshot()
    assert snap.shape == (20, 20) and snap.landscape.pair == (2, 0)
    assert np.array_equal(snap.state, state["state"])


def test_a_state_as_plain_lists_restores_too():
    state = lecture_session().state()
    plain = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in state.items()}
    fresh = HopfieldSession()
    fresh.restore(plain)
    assert_states_equal(fresh.state(), state)


def test_a_partial_state_keeps_everything_else():
    session = lecture_session()
    before = session.state()
    session.restore({"params": {"temperature": 1.0}})
    after = session.state()
    assert after["params"] == {**before["params"], "temperature": 1.0}
    for key in ("patterns", "names", "cue", "state", "landscape_pair"):
        assert_states_equal({key: after[key]}, {key: before[key]})
    new_cue = -before["cue"]
    session.restore({"cue": new_cue})  # a new cue: the network starts from it
    assert np.array_equal(session.state()["cue"], new_cue)
    assert np.array_equal(session.state()["state"], new_cue)
    assert session.state()["names"] == before["names"]


def test_restore_defaults_keeps_the_memories():
    session = lecture_session()
    session.restore_defaults()
    state = session.state()
    assert state["params"] == HopfieldSession.param_set().defaults()
    assert state["names"] == ["A", "<b>x</b>", "C"] and state["patterns"].shape == (3, 256)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ({"cue": np.ones(399)}, "shape"),
        ({"cue": np.full(400, np.nan)}, "finite"),
        ({"cue": np.zeros(400)}, "-1 and \\+1"),
        ({"state": np.full(400, 0.5)}, "-1 and \\+1"),
        ({"patterns": np.ones((2, 256))}, "shape"),
        ({"patterns": np.ones((2, 400)), "names": ["a"]}, "names"),
        ({"names": ["a", "b", 3]}, "texts"),
        ({"landscape_pair": [1, 1]}, "two different"),
        ({"landscape_pair": [0, 7]}, "two different"),
        ({"params": {"grid_size": 17}}, "grid size"),
        ({"params": {"temperature": -1.0}}, "temperature"),
        ({"params": {"grid_size": 96}}, "Storkey"),
        ({"params": {"rule": "telepathy"}}, "telepathy"),
        ({"weights": np.eye(3)}, "no part called 'weights'"),
    ],
)
def test_a_bad_state_is_refused_in_words_and_changes_nothing(bad, words):
    session = lecture_session()
    before = session.state()
    with pytest.raises(ValueError, match=words):
        session.restore(bad)
    assert_states_equal(session.state(), before)


# --- long weight computations: progress and Cancel ---------------------------------------------


OTHER_RULE = {"hebbian": "storkey", "storkey": "pseudoinverse"}


def cancel_at_once(_fraction, _text):
    raise Cancelled


@pytest.mark.parametrize(
    "command",
    [
        lambda s: s.set_param("rule", OTHER_RULE[s.params["rule"]]),
        lambda s: s.set_param("grid_size", 32),
        lambda s: s.store(random_patterns(2, 400, seed=9), ["new", None]),
        lambda s: s.remove(1),
        lambda s: s.restore({"params": {"rule": "storkey"}, "patterns": np.ones((1, 400))}),
    ],
    ids=["rule", "grid size", "store", "remove", "restore"],
)
@pytest.mark.parametrize("rule", ["hebbian", "storkey"])
def test_a_cancelled_weight_computation_leaves_the_session_as_it_was(command, rule):
    """The worker's progress callback raises Cancelled once Cancel is pressed (or the window
    closes): whatever the command, the session is left exactly as it was."""
    session = lecture_session()
    session.set_param("rule", rule)
    before, snap = session.state(), session.snapshot()
    session.progress = cancel_at_once  # what the worker does once Cancel is pressed
    with pytest.raises(Cancelled):
        command(session)
    assert_states_equal(session.state(), before)
    after = session.snapshot()
    assert after.names == snap.names and after.params == snap.params
    assert np.array_equal(after.weight_image, snap.weight_image)
    session.progress = lambda _fraction, _text: None  # and the next command works
    command(session)


def test_long_weight_computations_report_progress_in_words():
    session = session_with(random_patterns(5, 400, seed=3), (20, 20))
    reports = []
    session.progress = lambda fraction, text: reports.append((fraction, text))
    session.set_param("rule", "storkey")
    assert {text for _, text in reports} == {"Computing the Storkey weights for 400 units…"}
    assert reports[-1][0] == 1.0
    assert [f for f, _ in reports] == sorted(f for f, _ in reports)
    reports.clear()
    session.store(random_patterns(2, 400, seed=4))
    assert reports[-1] == (1.0, "Storing 2 memories: computing the Storkey weights for 400 units…")
    reports.clear()
    session.remove(0)
    assert reports[-1][1] == "Forgetting 'A': computing the Storkey weights for 400 units…"


# --- limits on memories and their names --------------------------------------------------------


def test_storing_beyond_the_limit_is_refused_in_words():
    session = HopfieldSession((16, 16))
    session.store(random_patterns(MAX_MEMORIES - 1, 256, seed=5))
    before = session.state()
    with pytest.raises(ValueError, match="at most 1,000 memories and 999 are stored") as info:
        session.store(random_patterns(2, 256, seed=6))
    assert "these 2 cannot be added: forget some first" in str(info.value)
    assert_states_equal(session.state(), before)
    session.store(random_patterns(1, 256, seed=6))
    assert len(session.names) == MAX_MEMORIES
    with pytest.raises(ValueError, match="this one cannot be added"):
        session.store(random_patterns(1, 256, seed=7))
    with pytest.raises(ValueError, match="at most 1,000 memories"):
        HopfieldSession((5, 5)).restore({"patterns": np.ones((MAX_MEMORIES + 1, 25))})


def test_names_are_capped_and_control_characters_refused():
    session = HopfieldSession((16, 16))
    session.store(random_patterns(2, 256, seed=8), ["x" * 1_000_000, "  T  "])
    assert session.names == ["x" * (MAX_NAME_LENGTH - 1) + "…", "T"]
    before = session.state()
    for bad in ("two\nlines", "tab\there", "evil\u202eeman"):
        with pytest.raises(ValueError, match="control character"):
            session.store(random_patterns(1, 256, seed=9), [bad])
    with pytest.raises(ValueError, match="must be text"):
        session.store(random_patterns(1, 256, seed=9), [42])
    assert_states_equal(session.state(), before)
    session.restore({"names": ["y" * 100, "B"]})  # a scene file's names are names too
    assert session.names == ["y" * (MAX_NAME_LENGTH - 1) + "…", "B"]
    with pytest.raises(ValueError, match="control character"):
        session.restore({"names": ["A\x00", "B"]})
