"""The capacity explorer's session without a GUI: curves in and out, the trial on the grid,
and the words about pictures that look alike."""

import json

import numpy as np
import pytest

from hopgui.labs.capacity.session import (
    PROBE_UNITS,
    CapacitySession,
    checked_curve,
    curve_from_model,
    pattern_set_view,
    probe_text,
)
from models.capacity import capacity_curve


def run_to_rest(session, limit=200):
    for _ in range(limit):
        if not session.advance(PROBE_UNITS):
            return
    raise AssertionError("the trial never came to rest")


def test_a_trial_below_the_limit_is_recalled_and_one_above_fails():
    session = CapacitySession()
    session.set_param("probe_load", 0.05)
    run_to_rest(session)
    snap = session.snapshot()
    assert snap.probe_overlap == 1.0 and "recalled" in snap.probe_text
    session.set_param("probe_load", 0.3)
    run_to_rest(session)
    snap = session.snapshot()
    assert snap.probe_overlap < 0.9 and "failed" in snap.probe_text
    assert "above 0.138" in snap.probe_text


@pytest.mark.parametrize("rule", ["storkey", "pseudoinverse", "modern", "dense"])
def test_other_networks_recall_where_the_hebbian_one_fails(rule):
    session = CapacitySession()
    session.set_param("rule", rule)
    session.set_param("probe_load", 0.25)
    run_to_rest(session)
    assert session.snapshot().probe_overlap == 1.0


def test_the_sequence_trial_steps_to_the_next_memory():
    session = CapacitySession()
    session.set_param("rule", "sequence")
    session.set_param("probe_load", 0.01)
    session.advance(PROBE_UNITS)
    assert session.snapshot().probe_overlap == 1.0  # one synchronous step: the next memory


def test_reset_goes_back_to_the_cue_and_a_new_trial_changes_the_memories():
    session = CapacitySession()
    cue = session.state()["probe_cue"]
    run_to_rest(session)
    assert not np.array_equal(session.state()["probe_state"], cue)
    session.reset()
    assert np.array_equal(session.state()["probe_state"], cue)
    session.new_probe()
    assert not np.array_equal(session.state()["probe_cue"], cue)


def test_curves_come_from_the_model_and_replace_their_own_kind():
    session = CapacitySession()
    partial = capacity_curve(100, [0.05, 0.1], trials=2)
    session.set_curve(curve_from_model(partial, "random"))
    session.set_curve(curve_from_model(capacity_curve(100, [0.05], trials=2), "random"))
    session.set_curve(curve_from_model(capacity_curve(100, [0.05], "storkey", trials=2), "random"))
    curves = session.snapshot().curves
    assert [(c.rule, len(c.loads)) for c in curves] == [("hebbian", 1), ("storkey", 1)]
    session.clear_curves()
    assert session.snapshot().curves == ()


def test_state_is_plain_data_and_comes_back_exactly():
    session = CapacitySession()
    session.set_curve(curve_from_model(capacity_curve(100, [0.05, 0.1], trials=2), "letters"))
    session.set_param("trials", 5)
    session.advance(100)
    state = session.state()
    plain = {k: v for k, v in state.items() if not isinstance(v, np.ndarray)}
    json.dumps({**plain, "curves": [{k: v for k, v in c.items() if not isinstance(v, np.ndarray)}
                                    for c in state["curves"]]})  # fmt: skip
    fresh = CapacitySession()
    fresh.restore(state)
    again = fresh.state()
    assert again["params"] == state["params"] and again["probe_seed"] == state["probe_seed"]
    assert np.array_equal(again["probe_state"], state["probe_state"])
    for a, b in zip(again["curves"], state["curves"], strict=True):
        assert a.keys() == b.keys()
        assert all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    "change, words",
    [
        ({"curves": [{"rule": "magic"}]}, "lacks"),
        ({"curves": "many"}, "list of at most"),
        ({"probe_seed": -1}, "probe_seed"),
        ({"probe_cue": np.zeros(PROBE_UNITS)}, "only -1 and \\+1"),
    ],
)
def test_a_bad_state_is_refused_in_words_and_changes_nothing(change, words):
    session = CapacitySession()
    before = session.state()
    with pytest.raises(ValueError, match=words):
        session.restore(change)
    assert np.array_equal(session.state()["probe_cue"], before["probe_cue"])


def test_a_curve_record_is_checked():
    good = curve_from_model(capacity_curve(100, [0.05, 0.1], trials=1), "random").record()
    assert checked_curve(good).rule == "hebbian"
    with pytest.raises(ValueError, match="shape"):
        checked_curve({**good, "overlap": np.ones(3)})
    with pytest.raises(ValueError, match="unknown memories"):
        checked_curve({**good, "patterns": "faces"})


def test_alike_pictures_are_named_with_their_shared_pixels():
    o = np.array([1, 1, 1, 1, -1, -1, -1, -1] * 2)
    q = o.copy()
    q[0] = -1  # differs in one pixel of 16
    c = np.array([1, -1] * 8)
    view = pattern_set_view(("O", "Q", "C"), np.array([o, q, c]))
    assert view.warning.startswith("'O' and 'Q' share 94 % of their pixels")
    assert view.overlaps.shape == (3, 3) and view.overlaps[0, 1] == pytest.approx(0.875)
    view = pattern_set_view(("O", "C", "not O"), np.array([o, c, -o]))
    assert view.warning.startswith("'O' is nearly the negative of 'not O'")
    assert pattern_set_view((), np.zeros((0, 16))).warning == ""
    with pytest.raises(ValueError, match="one name per picture"):
        pattern_set_view(("O",), np.array([o, q]))


def test_probe_text_says_load_and_limit():
    assert probe_text("hebbian", 60, 0.4, "fixed_point") == (
        "Hebbian · P = 60 of N = 400 (P/N = 0.150), above 0.138 · failed, m = 0.40"
    )


def test_the_letters_are_the_associative_memory_labs_letters(qapp):
    """One glyph renderer (hopgui.core.glyphs) for both labs: the capacity explorer's letters
    and digits are the associative-memory lab's presets wherever those take no tiny-grid tweaks
    (16 x 16), every one distinct and neither blank nor full."""
    from hopgui.labs.capacity.glyphs import glyph_set
    from hopgui.labs.hopfield.presets import letter_pattern

    for kind in ("letters", "digits"):
        names, patterns = glyph_set(kind, 16)
        assert patterns.shape == (len(names), 256) and patterns.dtype == np.int8
        assert len({p.tobytes() for p in patterns}) == len(names)
        assert ((patterns > 0).any(axis=1) & (patterns < 0).any(axis=1)).all()
        for name, pattern in zip(names, patterns, strict=True):
            assert np.array_equal(pattern, letter_pattern(name, (16, 16))), name
