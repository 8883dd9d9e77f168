"""The head-direction lab driven like a lecturer does it: arrow keys to steer, L for the lights,
a drag to turn the animal. Angles: maths convention, 0 = east, counter-clockwise positive."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.gui import press, wait_for
from widgets.heading_trace import break_at_wraps, error_limit

LAB = "heading"


@pytest.fixture
def lab(qtbot, window):
    heading_lab = window.heading
    wait_for(qtbot, heading_lab, lambda s: True)  # the worker has built the animal and ring
    return heading_lab


def pause(qtbot, lab):
    if lab.sim.running:
        press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=2000)


def error_deg(snap) -> float:
    return math.degrees(snap.error)


def test_holding_the_arrow_keys_steers_the_animal(qtbot, lab):
    lab.turning.setCurrentText("Still")
    wait_for(qtbot, lab, lambda s: s.turning == "still")
    lab.run.set_speed(2.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    start = lab.snapshot.true_heading
    handle = lab.window().windowHandle()
    qtbot.keyPress(handle, Qt.Key.Key_Left)  # counter-clockwise, for as long as it is held
    wait_for(qtbot, lab, lambda s: s.turning == "steered" and s.angular_velocity > 0)
    assert lab.turning.currentText().startswith("Steered")
    wait_for(qtbot, lab, lambda s: math.degrees(s.true_heading - start) % 360 > 60.0)
    qtbot.keyRelease(handle, Qt.Key.Key_Left)
    wait_for(qtbot, lab, lambda s: s.angular_velocity == 0.0)
    pause(qtbot, lab)
    turned = math.degrees(lab.snapshot.true_heading - start) % 360
    # in the dark with gain 1.25 the bump turned a quarter too far
    assert error_deg(lab.snapshot) == pytest.approx(0.25 * turned, abs=2.0)
    assert lab.animal.heading_error_deg == pytest.approx(error_deg(lab.snapshot), abs=1e-6)


def test_drift_in_the_dark_and_snap_back_when_the_lights_come_on(qtbot, lab):
    assert not lab.snapshot.lights and lab.banner.text().startswith("Lights OFF")
    assert lab.snapshot.gain == 1.25 and lab.snapshot.turning == "random"
    press(qtbot, lab, Qt.Key.Key_L)  # lights on: the landmark holds the bump despite the gain
    wait_for(qtbot, lab, lambda s: s.lights)
    assert lab.banner.text().startswith("Lights ON")
    lab.run.set_speed(8.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.time > 1.0)
    assert abs(error_deg(lab.snapshot)) < 3.0
    press(qtbot, lab, Qt.Key.Key_L)  # lights off: path integration alone, 25 % too far
    wait_for(qtbot, lab, lambda s: not s.lights)
    assert lab.banner.text().startswith("Lights OFF")
    wait_for(qtbot, lab, lambda s: s.time > 7.0, timeout=8000)
    pause(qtbot, lab)
    assert abs(error_deg(lab.snapshot)) > 10.0  # the error grew in the dark
    press(qtbot, lab, Qt.Key.Key_L)  # and snaps back when the landmark is seen again
    wait_for(qtbot, lab, lambda s: s.lights)
    lab.run.set_speed(1.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: abs(error_deg(s)) < 2.0)
    pause(qtbot, lab)
    assert len(lab.snapshot.lit_intervals) == 2
    qtbot.waitUntil(lambda: lab.traces._bands[2].isVisible(), timeout=2000)


def test_dragging_the_animal_turns_it_toward_the_cursor(qtbot, lab):
    lab.run.set_speed(2.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    point = lab.animal.arena_point(math.radians(90.0), 0.5)
    target = QPoint(round(point.x()), round(point.y()))
    qtbot.mousePress(lab.animal, Qt.MouseButton.LeftButton, pos=target)
    wait_for(qtbot, lab, lambda s: s.turning == "steered")
    wait_for(qtbot, lab, lambda s: abs(math.degrees(s.true_heading) - 90.0) < 2.0)
    qtbot.mouseRelease(lab.animal, Qt.MouseButton.LeftButton, pos=target)
    wait_for(qtbot, lab, lambda s: s.angular_velocity == 0.0)
    pause(qtbot, lab)


def test_number_keys_choose_the_turning_and_a_bad_value_is_reported(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_2)
    wait_for(qtbot, lab, lambda s: s.turning == "constant")
    assert lab.turning.currentText().startswith("Constant")
    press(qtbot, lab, Qt.Key.Key_1)
    wait_for(qtbot, lab, lambda s: s.turning == "still")
    lab.sim.send("set_gain", -1.0)
    qtbot.waitUntil(
        lambda: "velocity gain must be a number from 0 to 3, not -1" in lab.messages.text(),
        timeout=3000,
    )


def test_reset_realigns_the_bump(qtbot, lab):
    lab.run.set_speed(8.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: abs(error_deg(s)) > 5.0, timeout=8000)
    pause(qtbot, lab)
    press(qtbot, lab, Qt.Key.Key_R)
    wait_for(qtbot, lab, lambda s: s.time == 0.0 and abs(error_deg(s)) < 1e-6)


def test_heading_traces_break_where_the_heading_wraps(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_2)  # constant turning, 90 deg/s: past 180 deg after 2 s
    lab.run.set_speed(8.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.time > 2.5)
    pause(qtbot, lab)
    snap = lab.snapshot
    qtbot.waitUntil(lambda: lab.traces.true_curve.getData()[0][-1] == snap.trace_time[-1])
    x, y = lab.traces.true_curve.getData()
    gaps = np.flatnonzero(np.isnan(y))
    assert len(gaps) >= 1  # broken at the wrap from +180 to -180 deg
    finite = y[~np.isnan(y)]
    assert finite.max() > 170.0 and finite.min() < 0.0  # up to +180, on from -180
    steps = np.abs(np.diff(y))
    assert np.nanmax(steps) < 10.0  # no vertical jump across the plot anywhere


def test_break_at_wraps_and_the_error_axis():
    times = np.array([0.0, 1.0, 2.0, 3.0])
    x, y = break_at_wraps(times, np.array([170.0, 179.0, -179.0, -170.0]))
    assert np.array_equal(np.isnan(y), [False, False, True, False, False])
    assert error_limit(np.array([3.0, -8.0])) == 10.0
    assert error_limit(np.array([50.0])) == 90.0
    assert error_limit(np.array([179.0])) == 180.0
