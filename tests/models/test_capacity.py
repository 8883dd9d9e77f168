"""How many memories fit: the capacity figures of SCIENCE.md sections 1 and 4, on the real model."""

import numpy as np
import pytest

from models.capacity import (
    ALPHA_C,
    CAPACITY_RULES,
    capacity_curve,
    largest_overlap,
    pairwise_overlaps,
    pattern_set_curve,
    theory_bit_error,
)
from models.hopfield import RULES
from models.patterns import random_patterns


def test_theory_bit_error_matches_the_published_table():
    loads = [0.105, 0.138, 0.185, 0.37, 0.61]
    published = [0.001, 0.0036, 0.01, 0.05, 0.1]
    np.testing.assert_allclose(theory_bit_error(loads), published, rtol=0.1)
    assert theory_bit_error(0.0) == 0.0 and np.shape(theory_bit_error(0.1)) == ()
    assert ALPHA_C == 0.138


def test_hebbian_capacity_curve_collapses_near_alpha_c():
    """N = 500 from 10 % flipped bits: 1.00 at 0.05 and 0.10, 0.99 at 0.12, 0.94 at 0.14,
    0.84 at 0.16, about 0.4 at 0.20 (finite N smears the transition)."""
    curve = capacity_curve(500, [0.05, 0.10, 0.12, 0.14, 0.20, 0.30], trials=30, seed=0)
    m = dict(zip(np.round(curve.loads, 2), curve.overlap, strict=True))
    assert m[0.05] == pytest.approx(1.0, abs=0.005)
    assert m[0.10] == pytest.approx(1.0, abs=0.01)
    assert m[0.12] == pytest.approx(0.99, abs=0.02)
    assert m[0.14] == pytest.approx(0.94, abs=0.06)
    assert 0.25 < m[0.20] < 0.65 and m[0.30] < 0.5
    assert curve.overlap_sd[0] < 0.01 < curve.overlap_sd[4]  # the spread grows past alpha_c
    assert curve.trial_overlaps.shape == (6, 30)
    np.testing.assert_array_equal(curve.n_patterns, [25, 50, 60, 70, 100, 150])


def test_one_step_bit_error_follows_the_theory():
    """N = 2000: 0.0009 at alpha 0.105 ... 0.100 at 0.61, the theory to within about 10 %."""
    loads = [0.185, 0.37, 0.61]
    curve = capacity_curve(2000, loads, trials=12, flip_fraction=0.0, seed=1)
    np.testing.assert_allclose(curve.bit_error, theory_bit_error(curve.loads), rtol=0.12)


@pytest.mark.parametrize("rule", ["storkey", "pseudoinverse"])
def test_storkey_and_pseudoinverse_hold_on_to_alpha_0_3(rule):
    curve = capacity_curve(500, [0.2, 0.3], rule=rule, trials=3, seed=2)
    np.testing.assert_allclose(curve.overlap, 1.0)
    hebbian = capacity_curve(500, [0.3], trials=3, seed=2)
    assert hebbian.overlap[0] < 0.6


def test_the_modern_network_recalls_far_beyond_the_classic_limit():
    curve = capacity_curve(200, [0.5, 1.0], rule="modern", flip_fraction=0.2, trials=5)
    np.testing.assert_allclose(curve.overlap, 1.0, atol=1e-6)
    assert np.all(curve.bit_error == 0)


def test_the_sequence_rule_is_measured_on_the_next_pattern():
    curve = capacity_curve(400, [0.0125, 0.05], rule="sequence", trials=4, seed=3)
    assert np.all(curve.overlap > 0.95)


def test_every_rule_is_accepted():
    assert set(RULES) < set(CAPACITY_RULES)
    for rule in CAPACITY_RULES:
        curve = capacity_curve(64, [0.05], rule=rule, trials=1)
        assert curve.rule == rule and curve.overlap.shape == (1,)


def test_progress_reports_points_as_they_come_and_can_stop_the_sweep():
    seen, between = [], []

    def progress(fraction, partial):
        if partial is None:  # between the trials of a load
            between.append(fraction)
            return
        seen.append((fraction, partial.complete, partial.overlap.copy()))
        if partial.complete == 2:
            raise KeyboardInterrupt  # what a Cancel raises

    with pytest.raises(KeyboardInterrupt):
        capacity_curve(100, [0.05, 0.1, 0.2], trials=2, progress=progress)
    assert [(f, k) for f, k, _ in seen] == [(1 / 3, 1), (2 / 3, 2)]
    assert between == [1 / 6, 3 / 6]  # a Cancel is heard within one trial
    full = capacity_curve(100, [0.05, 0.1, 0.2], trials=2)
    np.testing.assert_array_equal(seen[-1][2], full.overlap[:2])  # the same numbers


def test_equal_seeds_give_equal_curves():
    a = capacity_curve(100, [0.1, 0.2], trials=3, seed=5)
    b = capacity_curve(100, [0.1, 0.2], trials=3, seed=5)
    np.testing.assert_array_equal(a.trial_overlaps, b.trial_overlaps)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"loads": []}, "non-empty"),
        ({"loads": [0.001]}, "between 1 and"),
        ({"rule": "magic"}, "unknown rule"),
        ({"flip_fraction": 0.9}, "cue noise"),
        ({"trials": 0}, "number of trials"),
    ],
)
def test_bad_arguments_are_refused_in_words(kwargs, words):
    args = {"n_units": 100, "loads": [0.1]} | kwargs
    with pytest.raises(ValueError, match=words):
        capacity_curve(**args)


def correlated_set(n_patterns: int, n_units: int, shared: float, seed: int = 0) -> np.ndarray:
    """Patterns that copy a common prototype at a fraction `shared` of their units: overlaps
    about shared**2... like letters, which share much of their ink and background."""
    rng = np.random.default_rng(seed)
    prototype = random_patterns(1, n_units, seed)[0]
    own = random_patterns(n_patterns, n_units, seed + 1)
    copy = rng.random((n_patterns, n_units)) < shared
    return np.where(copy, prototype, own).astype(np.int8)


def test_correlated_patterns_fail_far_earlier_than_random_ones():
    correlated = correlated_set(12, 100, shared=0.6)
    biggest, a, b = largest_overlap(correlated)
    assert biggest > 0.3 and a < b
    curve = pattern_set_curve(correlated, trials=8, seed=0)
    assert curve.loads[-1] == pytest.approx(0.12)
    random_curve = capacity_curve(100, [0.12], trials=8, seed=0)
    assert curve.overlap[-1] < random_curve.overlap[0] - 0.2


def test_pairwise_overlaps():
    x = np.array([[1, 1, 1, 1], [1, 1, -1, -1], [-1, -1, -1, -1]])
    m = pairwise_overlaps(x)
    np.testing.assert_allclose(m, [[1, 0, -1], [0, 1, 0], [-1, 0, 1]])
    assert largest_overlap(x) == (1.0, 0, 2)
    assert largest_overlap(x[:1]) == (0.0, -1, -1)
