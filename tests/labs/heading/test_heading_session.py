"""The head-direction lab's controller without a GUI: an animal turning, drift in the dark,
snap-back in the light, steering. Angles: maths convention, 0 = east, counter-clockwise positive.
"""

import math

import numpy as np
import pytest

from hopgui.labs.heading.session import (
    DRAG_MAX_SPEED,
    KEY_TURN_SPEED,
    HeadingSession,
    drag_velocity,
    lit_intervals,
)
from hopgui.labs.ring.session import STEPS_PER_SECOND


def run(session: HeadingSession, seconds: float) -> None:
    session.advance(round(seconds * STEPS_PER_SECOND))


def error_deg(session: HeadingSession) -> float:
    return math.degrees(session.snapshot().error)


def test_defaults_drift_visibly_in_the_dark_and_snap_back_in_the_light():
    session = HeadingSession()
    snap = session.snapshot()
    assert (snap.turning, snap.lights, snap.gain) == ("random", False, 1.25)
    run(session, 6.0)
    assert abs(error_deg(session)) > 25.0  # 0.25 x the net rotation, in 6 s
    session.set_lights(True)
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
    assert session.snapshot().turning == "steered"
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
    session.set_turning("constant")
    run(session, 1.0)
    assert session.snapshot().angular_velocity == pytest.approx(math.radians(90.0))
    session.set_turning("steered")
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
    ("command", "value", "message"),
    [
        ("set_gain", -0.5, "velocity gain must be a number from 0 to 3, not -0.5"),
        ("set_landmark_strength", 1.0, "landmark strength must be a number from 0 to 0.1, not 1"),
        ("set_turning", "spinning", "unknown turning 'spinning': choose one of still, constant"),
        ("steer_toward", float("nan"), "the animal needs a finite heading to turn to, not nan"),
    ],
)
def test_bad_values_are_refused_with_a_message_for_the_class(command, value, message):
    session = HeadingSession()
    with pytest.raises(ValueError) as refused:
        getattr(session, command)(value)
    assert message in str(refused.value)


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
