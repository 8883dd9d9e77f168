"""The head-direction lab's controller without a GUI: an animal turning, drift in the dark,
snap-back in the light, steering. Angles: maths convention, 0 = east, counter-clockwise positive.
"""

import math

import numpy as np
import pytest

from hopgui.core.session import is_command
from hopgui.labs.heading.session import (
    DRAG_MAX_SPEED,
    KEY_TURN_SPEED,
    STEPS_PER_SECOND,
    HeadingSession,
    drag_velocity,
    lit_intervals,
)


def assert_same_state(state: dict, expected: dict) -> None:
    assert state.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(state[key], value), key
        else:
            assert state[key] == value, key


def run(session: HeadingSession, seconds: float) -> None:
    session.advance(round(seconds * STEPS_PER_SECOND))


def error_deg(session: HeadingSession) -> float:
    return math.degrees(session.snapshot().error)


def test_defaults_drift_visibly_in_the_dark_and_snap_back_in_the_light():
    session = HeadingSession()
    snap = session.snapshot()
    assert snap.params == {
        "turning": "random",
        "lights": False,
        "gain": 1.25,
        "landmark_strength": 0.01,
    }
    run(session, 6.0)
    assert abs(error_deg(session)) > 25.0  # 0.25 x the net rotation, in 6 s
    session.set_param("lights", True)
    run(session, 0.3)
    assert abs(error_deg(session)) < 2.0
    snap = session.snapshot()
    assert snap.lit_intervals == ((pytest.approx(6.0), pytest.approx(6.3)),)


def test_with_gain_1_the_ring_integrates_the_turning_in_the_dark():
    session = HeadingSession(gain=1.0)
    run(session, 5.0)
    assert abs(error_deg(session)) < 0.2


def test_arrow_keys_steer_and_switch_to_steered_turning():
    session = HeadingSession(gain=1.0)
    run(session, 1.0)  # random turning
    start = session.snapshot().true_heading
    session.steer(+1)  # Left: counter-clockwise
    assert session.snapshot().params["turning"] == "steered"
    run(session, 0.5)
    turned = session.snapshot().true_heading - start
    assert math.degrees(turned) % 360.0 == pytest.approx(90.0)  # 180 deg/s for 0.5 s
    session.steer(0)
    heading = session.snapshot().true_heading
    run(session, 0.5)
    assert session.snapshot().true_heading == pytest.approx(heading)
    assert abs(error_deg(session)) < 0.5
    with pytest.raises(ValueError, match="steer wants -1, 0 or \\+1, not 2"):
        session.steer(2)


def test_keys_turn_at_a_fixed_speed_from_a_still_start():
    session = HeadingSession(turning="still", gain=1.0)
    session.steer(-1)  # Right: clockwise
    run(session, 0.25)
    snap = session.snapshot()
    assert math.degrees(snap.true_heading) == pytest.approx(360.0 - 45.0)
    assert snap.angular_velocity == pytest.approx(-KEY_TURN_SPEED)
    assert snap.trace_true[-1] == pytest.approx(-45.0)  # wrapped to (-180, 180]


def test_dragging_turns_toward_the_cursor_at_a_bounded_speed():
    session = HeadingSession(turning="still", gain=1.0)
    session.steer_toward(math.radians(-150.0))  # the short way round is clockwise
    run(session, 1.5)
    snap = session.snapshot()
    assert math.degrees(snap.true_heading) == pytest.approx(210.0, abs=0.5)
    turns = np.diff(np.unwrap(np.radians(snap.trace_true)))
    speeds = np.abs(turns) / np.diff(snap.trace_time)
    assert speeds.max() <= DRAG_MAX_SPEED * 1.001
    assert snap.trace_true.min() < -100.0 and snap.trace_true.max() <= 0.0  # went clockwise
    assert abs(error_deg(session)) < 0.5  # a real velocity the ring integrated
    session.release_steering()
    heading = session.snapshot().true_heading
    run(session, 0.2)
    assert session.snapshot().true_heading == pytest.approx(heading)


def test_choosing_a_turning_mode_stops_steering():
    session = HeadingSession(turning="still")
    session.steer(+1)
    session.set_param("turning", "constant")
    run(session, 1.0)
    assert session.snapshot().angular_velocity == pytest.approx(math.radians(90.0))
    session.set_param("turning", "steered")
    run(session, 0.1)
    assert session.snapshot().angular_velocity == 0.0


def test_traces_are_wrapped_degrees_and_the_error_is_their_difference():
    session = HeadingSession(turning="constant", gain=1.5)
    run(session, 3.0)  # 270 deg of turning: wraps past 180
    snap = session.snapshot()
    for trace in (snap.trace_true, snap.trace_decoded, snap.trace_error):
        assert trace.shape == snap.trace_time.shape
        assert np.all((trace > -180.0) & (trace <= 180.0))
    difference = np.radians(snap.trace_decoded - snap.trace_true)
    assert np.allclose(np.radians(snap.trace_error), np.angle(np.exp(1j * difference)))
    assert snap.trace_error[-1] == pytest.approx(135.0, abs=2.0)  # 0.5 x 270 deg


def test_snapshots_are_copies():
    session = HeadingSession()
    snap = session.snapshot()
    snap.rates[:] = 0.0
    snap.trace_true[:] = 0.0
    again = session.snapshot()
    assert again.rates.max() > 30.0
    assert snap.rates is not again.rates


def test_reset_realigns_the_bump_and_clears_the_traces():
    session = HeadingSession()
    run(session, 3.0)
    heading = session.snapshot().true_heading
    session.reset()
    snap = session.snapshot()
    assert snap.time == 0.0 and snap.trace_time.shape == (1,)
    assert snap.true_heading == pytest.approx(heading)
    assert abs(snap.error) < 1e-6
    assert snap.lit_intervals == ()


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        (
            HeadingSession.set_param,
            ("gain", -0.5),
            "velocity gain must be a number from 0 to 3, not -0.5",
        ),
        (
            HeadingSession.set_param,
            ("landmark_strength", 1.0),
            "landmark strength must be a number from 0 to 0.1, not 1",
        ),
        (
            HeadingSession.set_param,
            ("turning", "spinning"),
            "unknown turning 'spinning': choose one of 'still', 'constant'",
        ),
        (HeadingSession.set_param, ("lights", "dim"), "lights must be on or off, not 'dim'"),
        (HeadingSession.steer, (2,), "steer wants -1, 0 or +1, not 2"),
        (
            HeadingSession.steer_toward,
            (float("nan"),),
            "the animal needs a finite heading to turn to, not nan",
        ),
    ],
)
def test_bad_values_are_refused_with_a_message_for_the_class(command, args, message):
    session = HeadingSession()
    before = session.state()
    with pytest.raises(ValueError) as refused:
        command(session, *args)
    assert message in str(refused.value)
    assert_same_state(session.state(), before)  # and nothing changed


def test_drag_velocity_takes_the_short_way_and_is_capped():
    assert drag_velocity(math.radians(10.0), 0.0) == pytest.approx(math.radians(100.0))
    assert drag_velocity(math.radians(350.0), 0.0) == pytest.approx(math.radians(-100.0))
    assert drag_velocity(math.radians(170.0), 0.0) == DRAG_MAX_SPEED
    assert drag_velocity(0.0, 0.0) == 0.0


def test_traces_show_every_4th_sample_and_the_newest():
    session = HeadingSession()
    session.advance(4 * 2 + 2 * 3)  # 7 ms: samples at 0, 2, 4, 6 ms (and 7 is not a sample)
    assert np.allclose(session.snapshot().trace_time, [0.0, 0.006])
    run(session, 12.0)
    times = session.snapshot().trace_time
    assert times[-1] == pytest.approx(12.007 - 0.001, abs=1e-9)
    assert np.allclose(np.diff(times[:-1]), 0.008)
    assert times[0] >= 12.006 - 10.0 - 1e-9


def test_lit_intervals_from_switches():
    switches = [(0.0, False), (1.0, True), (2.0, False), (3.0, True)]
    assert lit_intervals(switches, 4.0) == ((1.0, 2.0), (3.0, 4.0))
    assert lit_intervals(switches, 12.5) == ((3.0, 12.5),)  # the first left the 10 s window
    assert lit_intervals([(0.0, False)], 5.0) == ()


# --- state: what a saved lecture or a scene takes back ---------------------------------------


def test_a_saved_state_comes_back_exactly_and_runs_on_the_same_way():
    session = HeadingSession(turning="constant")
    run(session, 3.0)  # 270 deg: the bump has drifted 68 deg ahead in the dark
    session.set_param("lights", True)
    session.set_param("landmark_strength", 0.004)
    saved = session.state()
    assert saved["params"] == {
        "gain": 1.25,
        "landmark_strength": 0.004,
        "turning": "constant",
        "lights": True,
    }
    assert saved["rotation"] == pytest.approx(math.radians(270.0))  # unwrapped: net turns
    assert saved["true_heading"] == pytest.approx(math.radians(270.0))
    fresh = HeadingSession()
    fresh.restore(saved)
    assert_same_state(fresh.state(), saved)
    assert fresh.snapshot().error == session.snapshot().error
    run(session, 0.5)
    run(fresh, 0.5)  # the same animal, ring and landmark: the same next half second
    assert_same_state(fresh.state(), session.state())


def test_the_rotation_is_kept_unwrapped_past_a_full_turn():
    session = HeadingSession(turning="constant", gain=1.0)
    run(session, 5.0)  # 450 deg
    saved = session.state()
    assert saved["rotation"] == pytest.approx(math.radians(450.0))
    assert saved["true_heading"] == pytest.approx(math.radians(90.0))
    fresh = HeadingSession()
    fresh.restore(saved)
    assert fresh.state()["rotation"] == saved["rotation"]


def test_a_scene_names_only_what_it_changes():
    session = HeadingSession(turning="constant")
    run(session, 1.0)
    before = session.state()
    session.restore({"params": {"gain": 1.0, "lights": True}})
    after = session.state()
    assert after["params"] == before["params"] | {"gain": 1.0, "lights": True}
    assert_same_state(
        {k: v for k, v in after.items() if k != "params"},
        {k: v for k, v in before.items() if k != "params"},
    )
    assert session.snapshot().lit_intervals == ((pytest.approx(1.0), pytest.approx(1.0)),)
    session.restore({"true_heading": math.pi})  # the animal turned round; the bump stays put
    moved = session.state()
    assert moved["true_heading"] == moved["rotation"] == math.pi
    assert np.array_equal(moved["potentials"], before["potentials"])
    assert moved["time"] == before["time"]
    snap = session.snapshot()  # the bump still says 112.5 deg: it sees the animal 67.5 deg off
    assert math.degrees(snap.decoded_heading) == pytest.approx(112.5, abs=0.5)
    assert math.degrees(snap.error) == pytest.approx(112.5 - 180.0, abs=0.5)


def test_after_a_restore_the_traces_start_at_the_restored_moment():
    session = HeadingSession(turning="constant")
    run(session, 2.0)
    saved = session.state()
    fresh = HeadingSession()
    run(fresh, 4.0)
    fresh.restore(saved)
    snap = fresh.snapshot()
    assert np.array_equal(snap.trace_time, [saved["time"]])  # the present, nothing older
    assert snap.trace_error[-1] == pytest.approx(math.degrees(snap.error))
    run(fresh, 0.1)
    times = fresh.snapshot().trace_time
    assert times[0] > saved["time"] and times[-1] == pytest.approx(saved["time"] + 0.1)


def test_restore_defaults_puts_every_parameter_back():
    session = HeadingSession(turning="still", gain=1.0, lights=True, landmark_strength=0.05)
    session.restore_defaults()
    assert session.state()["params"] == {
        "gain": 1.25,
        "landmark_strength": 0.01,
        "turning": "random",
        "lights": False,
    }


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"params": {"gain": 7.0}}, "velocity gain must be a number from 0 to 3, not 7"),
        ({"params": {"speed": 1.0}}, "there is no parameter called 'speed'"),
        ({"potentials": np.zeros(10)}, "'potentials' has shape (10,), expected (64,)"),
        ({"potentials": np.full(64, np.nan)}, "'potentials' holds values that are not finite"),
        ({"time": -1.0}, "the time must not be negative, not -1 s"),
        ({"rotation": float("inf")}, "'rotation' holds values that are not finite"),
        ({"rotation": 1.0, "true_heading": 2.0}, "the true heading and the rotation disagree"),
    ],
)
def test_a_bad_state_is_refused_in_words_and_changes_nothing(state, message):
    session = HeadingSession(turning="constant")
    run(session, 1.0)
    before = session.state()
    bad = {"params": {"lights": True}, "time": 0.5} | state  # good parts must not slip through
    with pytest.raises(ValueError) as refused:
        session.restore(bad)
    assert message in str(refused.value)
    assert_same_state(session.state(), before)


def test_only_declared_commands_reach_the_session():
    session = HeadingSession()
    for method in (
        HeadingSession.set_param,
        HeadingSession.restore,
        HeadingSession.restore_defaults,
        HeadingSession.reset,
        HeadingSession.toggle_lights,
        HeadingSession.steer,
        HeadingSession.steer_toward,
        HeadingSession.release_steering,
    ):
        assert is_command(session, method), method.__name__
    for method in (HeadingSession.advance, HeadingSession.snapshot, HeadingSession.state):
        assert not is_command(session, method), method.__name__


def test_toggle_lights_is_the_lights_parameter():
    session = HeadingSession()
    session.toggle_lights()
    assert session.snapshot().params["lights"] is True
    session.toggle_lights()
    assert session.snapshot().params["lights"] is False
