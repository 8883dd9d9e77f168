"""The grid lab's session without a GUI: the animal runs, the decoded position follows it at
gain 1 and drifts off at another gain, a click chooses the neuron whose map is recorded, and the
state round-trips exactly."""

import numpy as np
import pytest

from hopgui.labs.grid.session import GridSession


@pytest.fixture
def session():
    return GridSession(n=64)


def error_after(session: GridSession, seconds: float) -> float:
    session.advance(int(seconds * 2000))
    snap = session.snapshot()
    return float(np.hypot(*(snap.decoded - snap.position)))


def test_at_gain_one_the_decoded_position_follows_the_animal(session):
    session.advance(1200)  # the lattice forms, decoding starts
    start = session.snapshot().position
    assert error_after(session, 4.0) < 0.03  # metres
    assert np.hypot(*(session.snapshot().position - start)) > 0.3  # it really ran


def test_a_wrong_velocity_gain_makes_the_decoded_position_drift(session):
    session.set_param("gain", 1.5)
    session.advance(1200)
    assert error_after(session, 4.0) > 0.1
    session.reset()
    snap = session.snapshot()
    assert np.array_equal(snap.decoded, snap.position)  # reset puts it back on the animal


def test_arrow_keys_run_the_animal_and_walls_stop_it(session):
    session.steer(1, 0)
    assert session.params["motion"] == "steered"
    session.advance(2000)
    assert session.snapshot().position[0] == pytest.approx(0.8, abs=0.01)  # 0.3 m/s for 1 s
    session.advance(4000)
    assert session.snapshot().position[0] == pytest.approx(1.0)  # the east wall


def test_choosing_a_neuron_records_its_map(session):
    session.advance(400)
    session.select_neuron(10, 20)
    session.advance(400)
    snap = session.snapshot()
    assert snap.neuron == (10, 20) and snap.map_seconds == pytest.approx(0.2)
    with pytest.raises(ValueError, match="no neuron"):
        session.select_neuron(64, 0)


def test_state_round_trips_and_a_bad_one_changes_nothing(session):
    session.advance(1200)
    state = session.state()
    fresh = GridSession(n=64)
    fresh.restore(state)
    again = fresh.state()
    assert state.keys() == again.keys()
    for key, value in state.items():
        assert (
            np.array_equal(value, again[key])
            if isinstance(value, np.ndarray)
            else value == again[key]
        )
    with pytest.raises(ValueError, match="inside"):
        fresh.restore({"params": {"noise": 0.05}, "position": np.array([2.0, 0.5])})
    assert fresh.params["noise"] == 0.0
    fresh.restore({"params": {"gain": 1.2}})  # a partial state, as a lecture step gives
    assert fresh.params["gain"] == 1.2 and np.array_equal(fresh.state()["rates"], state["rates"])


def test_the_lectures_grid_steps_decode_the_run_after_a_scramble_at_rest():
    # The built-in lecture: a 64 x 64 sheet scrambled with the animal still for 3 s, then 5 s of
    # random running at gain 1 without noise. This lattice reorganises after decoding starts
    # (one of the three Fourier modes first tracked dies away): the decoded position must not
    # follow the dead mode's noisy phase (it was 0.75-1.3 m off), nor take the old calibration.
    session = GridSession()
    session.restore({"params": {"n": 64, "motion": "still"}})
    session.scramble()
    session.advance(6000)
    snap = session.snapshot()
    assert snap.decoded is not None and np.hypot(*(snap.decoded - snap.position)) < 0.01
    session.restore({"params": {"motion": "random", "gain": 1.0, "noise": 0.0}})
    session.select_neuron(20, 20)
    start = session.snapshot().position
    assert error_after(session, 5.0) < 0.03  # metres
    assert np.hypot(*(session.snapshot().position - start)) > 0.3  # it really ran
    session.reset()
    snap = session.snapshot()
    assert np.array_equal(snap.decoded, snap.position)  # reset puts it back on the animal
    assert error_after(session, 1.0) < 0.02


def test_each_new_lattice_is_calibrated():
    # Seed 4: the lattice after the scramble moves about 10 % faster per metre than the first
    # one; with the first one's calibration the decoded position lags 5 cm behind after 4 s.
    session = GridSession(seed=4, n=64)
    session.advance(3000)
    session.scramble()
    session.advance(3000)
    assert error_after(session, 4.0) < 0.03
