"""The head-direction lab driven like a lecturer does it: arrow keys to steer, L for the lights,
a drag to turn the animal. Angles: maths convention, 0 = east, counter-clockwise positive."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from hopgui.labs.heading.lab import HeadingLab
from hopgui.labs.heading.session import HeadingSession
from tests.gui import press, wait_for
from widgets.heading_trace import break_at_wraps, error_limit


@pytest.fixture
def lab(qtbot, make_lab):
    heading_lab = make_lab(HeadingLab)
    # the worker has built the animal and ring (the first run on a machine compiles the kernels)
    wait_for(qtbot, heading_lab, lambda s: True, timeout=60000)
    return heading_lab


def pause(qtbot, lab):
    if lab.sim.running:
        press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=2000)


def error_deg(snap) -> float:
    return math.degrees(snap.error)


def test_holding_the_arrow_keys_steers_the_animal(qtbot, lab):
    lab.turning.setCurrentText("Still")
    wait_for(qtbot, lab, lambda s: s.params["turning"] == "still")
    lab.run.set_speed(2.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    start = lab.snapshot.true_heading
    handle = lab.window().windowHandle()
    qtbot.keyPress(handle, Qt.Key.Key_Left)  # counter-clockwise, for as long as it is held
    wait_for(qtbot, lab, lambda s: s.params["turning"] == "steered" and s.angular_velocity > 0)
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
    assert not lab.snapshot.params["lights"] and lab.banner.text().startswith("Lights OFF")
    assert lab.snapshot.params["gain"] == 1.25 and lab.snapshot.params["turning"] == "random"
    press(qtbot, lab, Qt.Key.Key_L)  # lights on: the landmark holds the bump despite the gain
    wait_for(qtbot, lab, lambda s: s.params["lights"])
    assert lab.banner.text().startswith("Lights ON")
    lab.run.set_speed(8.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.time > 1.0)
    assert abs(error_deg(lab.snapshot)) < 3.0
    press(qtbot, lab, Qt.Key.Key_L)  # lights off: path integration alone, 25 % too far
    wait_for(qtbot, lab, lambda s: not s.params["lights"])
    assert lab.banner.text().startswith("Lights OFF")
    wait_for(qtbot, lab, lambda s: s.time > 7.0, timeout=8000)
    pause(qtbot, lab)
    assert abs(error_deg(lab.snapshot)) > 10.0  # the error grew in the dark
    press(qtbot, lab, Qt.Key.Key_L)  # and snaps back when the landmark is seen again
    wait_for(qtbot, lab, lambda s: s.params["lights"])
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
    wait_for(qtbot, lab, lambda s: s.params["turning"] == "steered")
    wait_for(qtbot, lab, lambda s: abs(math.degrees(s.true_heading) - 90.0) < 2.0)
    qtbot.mouseRelease(lab.animal, Qt.MouseButton.LeftButton, pos=target)
    wait_for(qtbot, lab, lambda s: s.angular_velocity == 0.0)
    pause(qtbot, lab)


def test_number_keys_choose_the_turning_and_a_bad_value_is_reported(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_2)
    wait_for(qtbot, lab, lambda s: s.params["turning"] == "constant")
    assert lab.turning.currentText().startswith("Constant")
    press(qtbot, lab, Qt.Key.Key_1)
    wait_for(qtbot, lab, lambda s: s.params["turning"] == "still")
    lab.sim.send(HeadingSession.set_param, "gain", -1.0)
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


# --- the lab as a scene or a saved lecture drives it -------------------------------------------


def test_every_control_follows_a_state_restored_from_outside(qtbot, lab):
    lab.restore(
        {"params": {"gain": 1.0, "landmark_strength": 0.05, "turning": "still", "lights": True}}
    )
    wait_for(qtbot, lab, lambda s: lab.sim.is_current(s) and s.params["lights"])
    assert lab.gain.value() == pytest.approx(1.0)
    assert lab.landmark.value() == pytest.approx(0.05)
    assert lab.turning.currentText() == "Still"
    assert lab.lights.isChecked() and lab.lights.text() == "Lights: ON (L)"
    assert lab.banner.text().startswith("Lights ON")
    assert "gain 1.00" in lab.readout.text()
    lab.restore_defaults()  # and back: the lab opens in the dark, random turning, gain 1.25
    wait_for(qtbot, lab, lambda s: lab.sim.is_current(s) and not s.params["lights"])
    assert lab.gain.value() == pytest.approx(1.25)
    assert lab.landmark.value() == pytest.approx(0.01)
    assert lab.turning.currentText() == "Random turning (like a rat)"
    assert not lab.lights.isChecked() and lab.lights.text() == "Lights: OFF (L)"
    assert lab.banner.text().startswith("Lights OFF")


def test_the_lab_state_round_trips_exactly(qtbot, lab, make_lab):
    press(qtbot, lab, Qt.Key.Key_2)  # constant turning
    press(qtbot, lab, Qt.Key.Key_L)
    lab.run.set_speed(8.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.time > 1.0)
    pause(qtbot, lab)
    saved = lab.state()
    assert saved["params"]["turning"] == "constant" and saved["params"]["lights"]
    other = make_lab(HeadingLab)
    other.restore(saved)
    again = other.state()
    assert again.keys() == saved.keys()
    for key, value in saved.items():
        assert np.array_equal(again[key], value) if key == "potentials" else again[key] == value
    wait_for(qtbot, other, lambda s: other.sim.is_current(s))
    assert other.turning.currentText().startswith("Constant") and other.lights.isChecked()
    assert other.snapshot.true_heading == lab.snapshot.true_heading


def test_a_bad_state_is_reported_and_changes_nothing(qtbot, lab):
    before = lab.state()
    lab.restore({"params": {"lights": True}, "potentials": np.zeros(3)})
    qtbot.waitUntil(lambda: "'potentials' has shape (3,)" in lab.messages.text(), timeout=3000)
    after = lab.state()
    assert after["params"] == before["params"]
    assert np.array_equal(after["potentials"], before["potentials"])


def test_only_declared_commands_reach_the_worker(qtbot, lab):
    lab.sim.send("set_gain", 2.0)  # a name is not a command
    qtbot.waitUntil(lambda: "'set_gain' is not a command" in lab.messages.text(), timeout=3000)
    lab.sim.send(HeadingSession.advance, 1000)  # a public method is not a command either
    qtbot.waitUntil(lambda: "advance" in lab.messages.text(), timeout=3000)
    assert lab.state()["params"]["gain"] == 1.25 and lab.state()["time"] == 0.0


def test_the_arrow_keys_steer_after_the_lab_takes_focus(qtbot, lab):
    lab.setFocus()  # as the main window does when it shows the page
    assert lab.animal.hasFocus()
    press(qtbot, lab, Qt.Key.Key_Space)
    handle = lab.window().windowHandle()
    qtbot.keyPress(handle, Qt.Key.Key_Right)
    wait_for(qtbot, lab, lambda s: s.params["turning"] == "steered" and s.angular_velocity < 0)
    qtbot.keyRelease(handle, Qt.Key.Key_Right)
    wait_for(qtbot, lab, lambda s: s.angular_velocity == 0.0)
    pause(qtbot, lab)
