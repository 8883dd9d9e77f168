"""Issue 11 in the associative-memory lab: why recall fails (load and alike memories, in words),
the sequence rule and its cycles, asymmetric weights, and damage to synapses or units."""

import numpy as np
import pytest

from hopgui.labs.hopfield.session import HopfieldSession
from hopgui.labs.hopfield.verdict import recall_warning, verdict
from models.patterns import random_patterns
from tests.gui import wait_for


def run_to_rest(session, limit=10**6):
    while session.advance(997) and limit > 0:
        limit -= 997
    return session.snapshot()


def test_the_load_above_the_limit_is_named_in_words():
    memories = random_patterns(16, 100, seed=0)
    names = [f"P{k}" for k in range(16)]
    assert recall_warning(memories, names, "hebbian") == (
        "P/N = 0.16 is above the 0.14 limit for random memories"
    )
    assert recall_warning(memories, names, "storkey") == ""  # Storkey holds to about 0.3
    assert recall_warning(memories[:10], names[:10], "hebbian") == ""


def test_memories_that_look_alike_are_named_with_their_shared_pixels():
    t = -np.ones(100, dtype=np.int8)
    t[:10] = 1
    e = t.copy()
    e[10:21] = 1  # 11 more pixels: they share 89 of 100
    other = random_patterns(1, 100, seed=3)[0]
    text = recall_warning(np.array([t, e, other]), ["T", "E", "X"], "hebbian")
    assert text == "'T' and 'E' share 89 % of their pixels: the network mixes them"


def test_a_wrong_memory_recalled_says_which_was_meant_and_why():
    x = np.array([[1, 1, 1, 1, -1, -1], [1, 1, 1, -1, -1, -1], [-1, 1, -1, 1, -1, 1]])
    final = x[1].astype(float)
    overlaps = x @ final / 6
    cue_overlaps = np.array([1.0, 0.67, 0.0])  # the cue was the first memory
    text = verdict(overlaps, ["T", "E", "X"], "fixed_point", x[1], x, 0, cue_overlaps)
    assert text == "at rest: recalled 'E' (m = 1.00), not 'T': they share 83 % of their pixels"
    right = verdict(x[0] @ x[0].T / 6 * np.eye(3)[0], ["T", "E", "X"], "fixed_point",
                    x[0], x, 0, cue_overlaps)  # fmt: skip
    assert right == "at rest: recalled 'T' (m = 1.00)"


def test_the_sequence_rule_replays_the_memories_and_the_verdict_names_the_cycle():
    memories = random_patterns(3, 256, seed=1)
    session = HopfieldSession((16, 16), rule="sequence")
    session.set_param("mode", "sync")
    session.store(memories, ["A", "B", "C"])
    session.set_cue(memories[0])
    seen = []
    for _ in range(3):
        session.step_sweep()
        seen.append(int(np.argmax(session.snapshot().overlaps)))
    assert seen == [1, 2, 0]  # A -> B -> C -> A
    snap = run_to_rest(session)
    assert snap.outcome == "cycle"
    assert snap.verdict.startswith("3-cycle: the states repeat every 3 steps")


def test_asymmetry_lets_the_energy_trace_rise():
    memories = random_patterns(10, 256, seed=2)
    session = HopfieldSession((16, 16))
    session.set_param("asymmetry", 1.0)
    session.store(memories, [f"P{k}" for k in range(10)])
    cue = memories[0].copy()
    cue[:90] *= -1
    session.set_cue(cue)
    session.advance(2000)
    energy = session.snapshot().trace_energy
    assert np.any(np.diff(energy) > 1e-9)


def test_damage_cuts_the_weights_and_recall_degrades_gracefully():
    memories = random_patterns(5, 256, seed=4)
    session = HopfieldSession((16, 16))
    session.store(memories, list("ABCDE"))
    intact = session.snapshot().weight_image
    session.set_param("damage", 0.5)
    damaged = session.snapshot().weight_image
    cut = (damaged == 0) & (intact != 0)
    assert 0.4 < cut.sum() / np.count_nonzero(intact) < 0.6 and np.array_equal(cut, cut.T)
    cue = memories[2].copy()
    cue[:25] *= -1
    session.set_cue(cue)
    assert run_to_rest(session).verdict == "at rest: recalled 'C' (m = 1.00)"
    session.set_param("damage_kind", "units")
    assert np.count_nonzero(np.all(session.snapshot().weight_image == 0, axis=0)) > 80
    state = session.state()
    assert state["params"]["damage"] == 0.5 and state["params"]["damage_kind"] == "units"
    fresh = HopfieldSession((16, 16))
    fresh.restore(state)
    np.testing.assert_array_equal(fresh.snapshot().weight_image, session.snapshot().weight_image)
    session.set_param("damage", 0.0)
    np.testing.assert_array_equal(session.snapshot().weight_image, intact)


def test_damage_on_a_grid_too_big_for_a_dense_matrix_is_refused_in_words():
    session = HopfieldSession((96, 96))
    with pytest.raises(ValueError, match="Damage and asymmetry need a dense"):
        session.set_param("damage", 0.3)
    assert session.params["damage"] == 0.0
    small = HopfieldSession((16, 16))
    small.set_param("asymmetry", 0.2)
    with pytest.raises(ValueError, match="set them to 0 or use a smaller grid"):
        small.set_param("grid_size", 128)


def test_the_lab_shows_the_warning_above_the_plots(qtbot, lab):
    lab.store_presets("OQ")
    wait_for(qtbot, lab, lambda s: s.names == ("O", "Q") and lab.sim.is_current(s))
    assert "'O' and 'Q' share" in lab.snapshot.warning
    qtbot.waitUntil(lambda: lab.panel.warning.isVisible(), timeout=3000)
    assert lab.panel.warning.text() == lab.snapshot.warning
    lab.forget_all()
    wait_for(qtbot, lab, lambda s: s.names == () and lab.sim.is_current(s))
    qtbot.waitUntil(lambda: not lab.panel.warning.isVisible(), timeout=3000)
