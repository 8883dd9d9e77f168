"""The synchrony lab's session without a GUI: its state comes back exactly, a bad state changes
nothing, sweep points for other settings are dropped, walkers come and go."""

import numpy as np
import pytest

from hopgui.labs.sync.session import SyncSession


def equal_states(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], np.ndarray):
            assert np.array_equal(a[key], b[key]), key
        else:
            assert a[key] == b[key], key


@pytest.fixture(scope="module")
def session():
    s = SyncSession()
    s.advance(500)
    s.add_sweep_point(1.5, 0.55, s.sweep_settings())
    s.set_param("mode", "bridge")
    s.add_walkers(40)
    s.advance(300)
    return s


def test_the_whole_state_comes_back_exactly(session):
    state = session.state()
    fresh = SyncSession()
    fresh.restore(state)
    equal_states(state, fresh.state())
    assert fresh.snapshot().bridge.n_walkers == 40


def test_a_partial_state_keeps_the_rest():
    s = SyncSession()
    phases = s.state()["phases"]
    s.restore({"params": {"coupling": 2.5}})
    assert s.state()["params"]["coupling"] == 2.5
    assert np.array_equal(s.state()["phases"], phases)


def test_a_bad_state_is_refused_and_changes_nothing(session):
    before = session.state()
    bad = [
        {"phases": np.zeros(7)},  # not N of them
        {"walker_phases": np.zeros(3)},  # phases without frequencies
        {"walker_phases": np.zeros(3), "walker_frequencies": np.zeros(4)},
        {"sweep": np.array([[1.0, 1.5]])},  # r above 1
        {"params": {"n_oscillators": 200}, "bridge": np.zeros(2)},
        {"no such part": 1},
    ]
    for state in bad:
        with pytest.raises(ValueError):
            session.restore(state)
    equal_states(before, session.state())


def test_sweep_points_for_other_settings_are_dropped():
    s = SyncSession()
    s.add_sweep_point(2.0, 0.7, s.sweep_settings())
    s.add_sweep_point(2.5, 0.8, (2000, 0.5, "lorentzian"))  # another N: computed before a change
    assert s.state()["sweep"].tolist() == [[2.0, 0.7]]
    s.set_param("distribution", "gaussian")  # a new population: the old points go
    assert len(s.state()["sweep"]) == 0


def test_walkers_keep_their_gaits_when_the_spread_changes_shape_only():
    s = SyncSession()
    s.add_walkers(30)
    before = s.state()["walker_frequencies"]
    s.set_param("walker_spread", 1.26)  # from 0.63: twice the spread
    after = s.state()["walker_frequencies"]
    omega0 = s._bridge.natural_frequency
    assert after - omega0 == pytest.approx(2 * (before - omega0))  # twice as spread, same order
    s.remove_walkers(100)
    assert s.snapshot().bridge.n_walkers == 0
    with pytest.raises(ValueError, match="whole number"):
        s.add_walkers(2.5)
