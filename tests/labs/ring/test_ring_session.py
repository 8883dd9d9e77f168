"""The ring lab's controller without a GUI: commands in, snapshots out (N = 64, Zhang, dt 0.5 ms),
and its whole state out and back in.

Angles are in the maths convention (0 = east, counter-clockwise positive), as on the screen.
"""

import json
import math

import numpy as np
import pytest

from hopgui.core.session import is_command
from hopgui.labs.ring.readout import count_bumps, describe
from hopgui.labs.ring.session import MATRIX_UNITS, STEPS_PER_SECOND, RingSession
from models.ring import RingAttractor


def run(session: RingSession, seconds: float) -> None:
    """Step as the worker does at real time: 20 Euler steps per 10 ms tick."""
    for _ in range(round(seconds * STEPS_PER_SECOND) // 20):
        session.advance(20)


def degrees_apart(a: float, b: float) -> float:
    return abs(math.degrees(math.remainder(a - b, 2 * math.pi)))


def assert_same_state(got: dict, expected: dict) -> None:
    """Equal keys, equal plain values, equal arrays (shape, dtype and every element)."""
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, np.ndarray):
            assert got[key].dtype == value.dtype and np.array_equal(got[key], value), key
        else:
            assert got[key] == value and type(got[key]) is type(value), key


@pytest.fixture
def session() -> RingSession:
    return RingSession()


def test_it_starts_with_one_settled_bump_at_the_top(session):
    snap = session.snapshot()
    assert snap.bump_count == 1 and snap.strength > 0.75
    assert degrees_apart(snap.decoded, math.pi / 2) < 1e-6
    assert snap.description == "one bump at 90°, peak 36.3 Hz"
    assert snap.rates.shape == snap.angles.shape == (64,)


def test_scrambled_rates_settle_into_one_bump_while_the_energy_falls(session):
    session.scramble()
    scrambled = session.snapshot()
    assert scrambled.bump_count != 1 or scrambled.strength < 0.2
    run(session, 0.8)
    snap = session.snapshot()
    assert snap.bump_count == 1 and snap.strength > 0.75
    assert snap.description.startswith("one bump at")
    energy = snap.trace_energy[-401:]  # a point every 2 ms since the scramble
    assert energy[0] == scrambled.energy
    assert np.all(np.diff(energy) <= 1e-9)  # a Lyapunov function: it never rises
    assert energy[-1] == pytest.approx(snap.valley_energy.min(), abs=1e-6)  # in the valley
    assert energy[0] > snap.uniform_energy > energy[-1]


def test_snapshots_are_copies_the_worker_never_writes_again(session):
    session.set_param("angular_velocity", math.radians(180.0))  # every step moves the rates
    first = session.snapshot()
    rates = first.rates.copy()
    run(session, 0.05)
    assert np.array_equal(first.rates, rates)  # the frame being drawn does not move under it
    assert not np.array_equal(session.snapshot().rates, rates)  # though the model has moved
    now = session.snapshot()
    now.rates[:] = -1.0  # a careless consumer cannot reach into the model
    assert np.all(session.snapshot().rates > 0)
    live = (session._ring._rates, session._ring._u)  # what the model integrates in place
    for array in (now.rates, now.trace_time, now.trace_energy):
        assert not any(np.shares_memory(array, model) for model in live)
    assert now.params is not session.params
    for shared in (first.weight_image, first.valley_energy, first.profile_w, first.angles):
        assert not shared.flags.writeable


def test_velocity_input_turns_the_bump_at_gain_times_omega(session):
    session.set_param("angular_velocity", math.radians(90.0))
    run(session, 1.0)
    assert math.degrees(session.snapshot().decoded) == pytest.approx(180.0, abs=0.5)
    session.set_param("gain", 2.0)
    run(session, 0.5)
    snap = session.snapshot()
    assert math.degrees(snap.decoded) == pytest.approx(270.0, abs=1.0)
    assert snap.gamma == pytest.approx(-0.01 * 2.0 * math.radians(90.0))


def test_a_held_cue_pulls_the_bump_over_and_release_lets_go(session):
    session.set_cue(math.radians(120.0))
    run(session, 0.3)
    snap = session.snapshot()
    assert snap.cue_angle == pytest.approx(math.radians(120.0))
    assert degrees_apart(snap.decoded, math.radians(120.0)) < 2.0
    # the cue tilts the energy valley: lowest where the cue is
    lowest = snap.valley_positions[np.argmin(snap.valley_energy)]
    assert degrees_apart(lowest, math.radians(120.0)) <= 5.0
    session.release_cue()
    assert session.snapshot().cue_angle is None
    flat = session.snapshot().valley_energy
    assert np.ptp(flat) < 1e-6  # without the cue the valley is flat again


def test_changing_n_or_kernel_rebuilds_the_ring_with_the_bump_where_it_was(session):
    session.set_cue(2.0)
    run(session, 0.3)
    session.release_cue()
    before = session.snapshot().decoded
    session.set_param("n_units", 256)
    snap = session.snapshot()
    assert snap.params["n_units"] == 256 and snap.rates.shape == (256,)
    assert degrees_apart(snap.decoded, before) < 0.5
    assert snap.bump_count == 1 and snap.generation == 2
    session.set_param("kernel", "cosine")
    snap = session.snapshot()
    assert snap.params["kernel"] == "cosine" and snap.rate_top == 4.0 and snap.rate_unit == ""
    assert degrees_apart(snap.decoded, before) < 0.5
    assert snap.uniform_energy == pytest.approx(-0.25)  # threshold-linear ring: m = I0 / 2


def test_the_weight_image_is_the_circulant_matrix_tilted_by_gamma(session):
    session.set_param("angular_velocity", math.radians(360.0))
    ring = RingAttractor(64)
    ring.angular_velocity = math.radians(360.0)
    snap = session.snapshot()
    assert np.allclose(snap.weight_image, ring.weights, atol=1e-9)
    assert np.allclose(snap.profile_tilted, snap.profile_w + snap.gamma * snap.profile_dw)
    session.set_param("n_units", 1024)
    image = session.snapshot().weight_image
    assert image.shape == (MATRIX_UNITS, MATRIX_UNITS)
    assert image.dtype == np.float32
    assert np.allclose(np.diag(image), image[0, 0])  # every neuron excites itself alike


def test_the_valley_is_flat_and_below_the_uniform_state(session):
    snap = session.snapshot()
    assert len(snap.valley_positions) == 72
    assert np.ptp(snap.valley_energy) < 1e-6
    assert snap.valley_energy.mean() == pytest.approx(-2.3241, abs=1e-4)
    assert snap.uniform_energy == pytest.approx(-2.2218, abs=1e-4)


def test_the_energy_trace_keeps_the_last_2_seconds(session):
    for _ in range(3000):
        session.advance(1)  # one step at a time, as at the slowest speed
    snap = session.snapshot()
    assert snap.time == pytest.approx(1.5)
    run(session, 1.5)
    snap = session.snapshot()
    assert snap.trace_time[-1] == pytest.approx(3.0)
    assert snap.trace_time[-1] - snap.trace_time[0] == pytest.approx(2.0)
    assert np.allclose(np.diff(snap.trace_time), 0.002)
    session.set_param("n_units", 4096)  # an energy costs more than a step here: sampled every 16 ms
    run(session, 0.5)
    snap = session.snapshot()
    assert np.allclose(np.diff(snap.trace_time), 0.016)
    assert snap.trace_time[0] == pytest.approx(3.0)  # the clock runs on through a rebuild


def test_reset_puts_a_settled_bump_at_90_deg_and_the_clock_at_0(session):
    session.set_param("angular_velocity", 1.0)
    run(session, 0.5)
    session.reset()
    snap = session.snapshot()
    assert snap.time == 0.0 and len(snap.trace_time) == 1
    assert degrees_apart(snap.decoded, math.pi / 2) < 1e-6
    assert snap.params["angular_velocity"] == 1.0  # the input stays


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("n_units", 8, "N must be a whole number from 16 to 4096, not 8"),
        ("n_units", 100.5, "N must be a whole number from 16 to 4096, not 100.5"),
        ("tau", 0.0005, "tau must be a number from 2 to 100 ms, not 0.5 ms"),
        ("gain", -1.0, "velocity gain must be a number from 0 to 3, not -1"),
        ("noise", float("nan"), "noise must be a number from 0 to 0.3, not nan"),
        ("cue_strength", 1.0, "cue strength must be a number from 0 to 0.1, not 1"),
        ("kernel", "mexican hat", "unknown kernel 'mexican hat': choose one of 'zhang', 'cosine'"),
        ("angular_velocity", 100.0, "from -720 to 720 deg/s, not 5729.58 deg/s"),
    ],
)
def test_bad_values_are_refused_with_a_message_for_the_class(session, name, value, message):
    before = session.state()
    with pytest.raises(ValueError) as refused:
        session.set_param(name, value)
    assert message in str(refused.value)
    assert_same_state(session.state(), before)


def test_a_cue_needs_a_finite_angle(session):
    with pytest.raises(ValueError, match="the cue needs a finite angle, not inf"):
        session.set_cue(float("inf"))
    assert session.snapshot().cue_angle is None


def test_the_gui_may_send_only_the_declared_commands(session):
    for method in (
        RingSession.set_param,
        RingSession.restore,
        RingSession.restore_defaults,
        RingSession.set_cue,
        RingSession.release_cue,
        RingSession.scramble,
        RingSession.reset,
    ):
        assert is_command(session, method), method.__name__
    for method in (RingSession.advance, RingSession.snapshot, RingSession.state):
        assert not is_command(session, method), method.__name__
    assert not hasattr(session, "set_tau") and not hasattr(session, "set_n_units")


def test_bump_counting_and_description():
    theta = 2 * np.pi * np.arange(64) / 64
    one = 1 + 39 * np.exp(8 * (np.cos(theta - 1.0) - 1))
    two = 1 + 39 * np.exp(8 * (np.cos(2 * (theta - 1.0)) - 1))
    assert count_bumps(one, 40.0) == 1
    assert count_bumps(two, 40.0) == 2
    assert count_bumps(np.full(64, 5.0), 40.0) == 0
    noisy = np.repeat(one, 64) + np.random.default_rng(0).normal(0, 3.0, 64 * 64)  # N = 4096
    assert count_bumps(noisy, 40.0) == 1
    assert describe(0, 0.0, 5.0, "Hz") == "no bump: the activity is flat"
    assert describe(3, 0.0, 30.0, "Hz") == "3 bumps competing"
    assert describe(1, math.radians(359.8), 3.14159, "") == "one bump at 0°, peak 3.14"


def test_a_flat_out_run_samples_the_energy_sparsely(session):
    before = len(session.snapshot().trace_energy)
    session.advance(16000)  # one big request, as at max speed: 8 s of model time
    after = len(session.snapshot().trace_energy)
    assert 1 <= after - before <= 9  # an energy costs ~25 steps: never one per 4 steps here


# --- state: what a session file, a lecture scene or autosave keeps -------------------------------
@pytest.fixture
def turning(session) -> RingSession:
    """A ring a lecturer has played with: a bigger ring, slower neurons, turning, cue held."""
    session.set_param("n_units", 96)
    session.set_param("tau", 0.02)
    session.set_param("angular_velocity", math.radians(90.0))
    session.set_cue(math.radians(200.0))
    run(session, 0.3)
    return session


def test_the_state_is_plain_data_with_every_parameter(turning):
    state = turning.state()
    assert state["params"] == {
        "n_units": 96,
        "kernel": "zhang",
        "tau": 0.02,
        "gain": 1.0,
        "cue_strength": 0.01,
        "noise": 0.0,
        "angular_velocity": math.radians(90.0),
    }
    assert state["potentials"].shape == (96,) and state["time"] == pytest.approx(0.3)
    assert state["cue_angle"] == pytest.approx(math.radians(200.0))
    assert state["energy_trace"].shape == (151, 2)  # (time, E/N) every 2 ms since t = 0
    plain = {key: value for key, value in state.items() if not isinstance(value, np.ndarray)}
    json.dumps(plain)


def test_a_saved_ring_comes_back_exactly_and_runs_on_as_the_original(turning):
    state = turning.state()
    fresh = RingSession()
    fresh.restore(state)
    assert_same_state(fresh.state(), state)
    original, copy = turning.snapshot(), fresh.snapshot()
    # rates are f(u) of the saved potentials: equal to the last bit or two (the stepper's own
    # rates come from a table of f, the restored ones from f itself)
    assert np.allclose(copy.rates, original.rates, rtol=1e-12, atol=0)
    assert np.array_equal(copy.trace_energy, original.trace_energy)
    assert copy.decoded == pytest.approx(original.decoded, abs=1e-12)
    assert (copy.cue_angle, copy.gamma, copy.time) == (
        original.cue_angle,
        original.gamma,
        original.time,
    )
    run(turning, 0.1)
    run(fresh, 0.1)
    assert np.allclose(fresh.snapshot().rates, turning.snapshot().rates, rtol=0, atol=1e-9)


def test_a_scene_naming_one_parameter_keeps_everything_else(turning):
    before = turning.state()
    turning.restore({"params": {"tau": 0.05}})
    after = turning.state()
    assert after["params"] == before["params"] | {"tau": 0.05}
    assert turning.snapshot().gamma == pytest.approx(-0.05 * math.radians(90.0))
    assert_same_state(
        {k: v for k, v in after.items() if k != "params"},
        {k: v for k, v in before.items() if k != "params"},
    )


def test_a_state_with_another_n_rebuilds_the_ring_with_its_potentials(session):
    small = RingSession(n_units=32)
    small.set_cue(math.radians(300.0))
    run(small, 0.3)
    saved = small.state()
    session.restore(saved)
    snap = session.snapshot()
    assert snap.params["n_units"] == 32 and snap.rates.shape == (32,)
    assert np.array_equal(session.state()["potentials"], saved["potentials"])
    assert degrees_apart(snap.decoded, math.radians(300.0)) < 2.0
    assert snap.cue_angle == pytest.approx(math.radians(300.0))
    assert snap.generation == 2  # rebuilt once


def test_a_new_n_without_potentials_keeps_the_bump_where_it_was(turning):
    before = turning.snapshot()
    turning.restore({"params": {"n_units": 256}})
    snap = turning.snapshot()
    assert snap.rates.shape == (256,) and snap.time == before.time
    assert degrees_apart(snap.decoded, before.decoded) < 1.0


def test_restore_defaults_brings_every_control_back_and_keeps_the_bump(turning):
    where = turning.snapshot().decoded
    turning.restore_defaults()
    snap = turning.snapshot()
    assert snap.params == RingSession.param_set().defaults()
    assert snap.rates.shape == (64,) and snap.gamma == 0.0
    assert degrees_apart(snap.decoded, where) < 1.0


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"params": {"n_units": 128}, "potentials": np.zeros(96)}, "expected (128,)"),
        ({"potentials": np.full(96, np.nan)}, "'potentials' holds values that are not finite"),
        ({"params": {"tau": 0.05}, "time": float("inf")}, "'time' holds values that are not"),
        ({"cue_angle": [1.0, 2.0]}, "'cue_angle' must be a 0-D array"),
        ({"energy_trace": np.zeros((5, 3))}, "'energy_trace' has shape (5, 3)"),
        ({"params": {"kernel": "mexican hat"}}, "unknown kernel 'mexican hat'"),
        ({"params": {"speed": 2.0}}, "there is no parameter called 'speed'"),
    ],
)
def test_a_bad_state_is_refused_in_words_and_changes_nothing(turning, bad, message):
    before = turning.state()
    with pytest.raises(ValueError) as refused:
        turning.restore(bad)
    assert message in str(refused.value)
    assert_same_state(turning.state(), before)
