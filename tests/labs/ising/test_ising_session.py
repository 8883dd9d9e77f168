"""The Ising lab's session without a GUI: commands, parameters and state as a scene uses them."""

import numpy as np
import pytest

from hopgui.labs.ising.session import IsingSession, default_memory
from models.ising import checkerboard


@pytest.fixture
def session():
    return IsingSession(size=32)


def test_cold_start_paint_and_state_round_trip(session):
    session.order()
    assert session.snapshot().order == 1.0
    session.paint(np.array([0, 0, 1]), np.array([0, 1, 0]), -1)
    spins = session.state()["spins"]
    assert spins.shape == (32, 32) and spins.dtype == np.int8
    assert spins[0, 0] == spins[0, 1] == spins[1, 0] == -1 and spins.sum() == 32 * 32 - 6
    other = IsingSession(size=32)
    other.restore(session.state())
    assert np.array_equal(other.state()["spins"], spins)


def test_painting_outside_the_lattice_is_ignored_and_a_bad_value_refused(session):
    session.order()
    session.paint(np.array([-1, 40]), np.array([3, 3]), -1)
    assert session.state()["spins"].min() == 1
    with pytest.raises(ValueError, match="-1 or \\+1"):
        session.paint(np.array([0]), np.array([0]), 0)


def test_running_below_tc_orders_and_the_clock_counts_sweeps(session):
    session.set_param("temperature", 1.5)
    session.order()
    session.advance(200)
    snap = session.snapshot()
    assert snap.sweeps == 200 and abs(snap.order) > 0.95
    assert snap.trace[-1, 0] == 200
    assert "Onsager" in snap.exact


def test_the_antiferromagnet_shows_its_domains_in_the_gauge_view(session):
    session.set_param("bonds", "antiferro")
    session.order()
    assert np.array_equal(session.snapshot().picture, checkerboard((32, 32)))
    assert session.snapshot().order_name == "staggered m"
    session.set_param("view", "gauge")
    assert np.all(session.snapshot().picture == 1)


def test_a_stored_picture_is_recalled_from_30_percent_noise():
    session = IsingSession(size=32, temperature=1.2)
    picture = default_memory((32, 32)) * -1  # something to store: not the default
    session.restore({"spins": picture})
    session.store_picture()
    assert session.params["bonds"] == "memory"
    assert np.array_equal(session.state()["memory"], picture)
    session.add_noise(0.3)
    assert session.snapshot().order == pytest.approx(0.4, abs=0.06)
    session.advance(300)
    assert session.snapshot().order > 0.95


def test_the_chain_is_drawn_in_space_time(session):
    session.set_param("lattice", "chain")
    session.set_param("temperature", 1.0)
    session.advance(20)
    snap = session.snapshot()
    assert snap.picture.shape == (32, 32)
    assert np.array_equal(snap.picture[-1], session.state()["spins"])
    assert "chain" in snap.description and "ξ" in snap.exact


def test_a_new_glass_changes_the_bonds_and_is_saved(session):
    session.set_param("bonds", "spin_glass")
    before = session._model.bond_signs
    session.new_glass()
    assert not np.array_equal(before, session._model.bond_signs)
    state = session.state()
    other = IsingSession(size=32)
    other.restore(state)
    assert np.array_equal(other._model.bond_signs, session._model.bond_signs)
    assert other.snapshot().exact == ""  # no exact result for a glass


def test_a_bad_state_changes_nothing(session):
    before = session.state()
    with pytest.raises(ValueError, match="shape"):
        session.restore({"params": {"size": 64}, "spins": before["spins"]})
    with pytest.raises(ValueError, match="-1 and \\+1"):
        session.restore({"spins": np.zeros((32, 32))})
    with pytest.raises(ValueError, match="negative"):
        session.restore({"sweeps": -3})
    after = session.state()
    assert after["params"] == before["params"]
    assert np.array_equal(after["spins"], before["spins"])
