"""The ring-attractor lab driven like a lecturer does it: keys to scramble and run, the mouse to
place a cue on the ring, a scene or a saved session setting it up from outside. Angles: maths
convention, 0 = east, counter-clockwise positive."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from hopgui.labs.ring.lab import RingLab
from hopgui.labs.ring.session import RingSession
from tests.gui import press, wait_for


@pytest.fixture
def lab(qtbot, make_lab):
    ring_lab = make_lab(RingLab)
    # the worker has built the ring (loading numba's compiled kernels: slow on a busy machine)
    wait_for(qtbot, ring_lab, lambda s: True, timeout=30000)
    return ring_lab


def wait_until_current(qtbot, lab, timeout=5000):
    """Wait for a frame that reflects every command sent so far."""
    wait_for(qtbot, lab, lab.sim.is_current, timeout)


def on_ring(lab, degrees: float) -> QPoint:
    point = lab.ring.ring_point(math.radians(degrees))
    return QPoint(round(point.x()), round(point.y()))


def degrees_apart(a: float, b_degrees: float) -> float:
    return abs(math.degrees(math.remainder(a - math.radians(b_degrees), 2 * math.pi)))


def test_scramble_then_run_and_one_bump_forms(qtbot, lab):
    assert lab.snapshot.bump_count == 1  # a settled bump to start with
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: s.strength < 0.3)
    assert lab.snapshot.bump_count != 1
    lab.run.set_speed(math.inf)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.bump_count == 1 and s.strength > 0.75 and s.time > 0.6)
    press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=2000)
    assert lab.description.text().startswith("one bump at")
    assert lab.run.play_button.text().endswith("Play")
    # the plots show the newest frame once the throttle lets it through
    qtbot.waitUntil(
        lambda: np.array_equal(lab.rate_plot.curve.getData()[1][:-1], lab.snapshot.rates),
        timeout=2000,
    )
    energy = lab.snapshot.trace_energy
    assert energy[-1] < lab.snapshot.uniform_energy  # fallen into the valley


def test_dragging_on_the_ring_cues_the_bump_over_and_release_lets_go(qtbot, lab):
    assert degrees_apart(lab.snapshot.decoded, 90.0) < 1.0  # the bump starts at the top
    lab.run.set_speed(4.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.mousePress(lab.ring, Qt.MouseButton.LeftButton, pos=on_ring(lab, 170.0))
    for degrees in (180.0, 190.0, 200.0):
        qtbot.mouseMove(lab.ring, on_ring(lab, degrees))
    wait_for(qtbot, lab, lambda s: s.cue_angle is not None and degrees_apart(s.cue_angle, 200) < 2)
    wait_for(qtbot, lab, lambda s: degrees_apart(s.decoded, 200.0) < 3.0)
    qtbot.mouseRelease(lab.ring, Qt.MouseButton.LeftButton, pos=on_ring(lab, 200.0))
    wait_for(qtbot, lab, lambda s: s.cue_angle is None)
    press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=2000)
    assert degrees_apart(lab.snapshot.decoded, 200.0) < 3.0  # the bump stays where it was put


def test_arrow_keys_set_the_velocity_input_and_tilt_the_weights(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_Left)
    press(qtbot, lab, Qt.Key.Key_Left)  # at once: the second counts from the first, not a frame
    assert lab.velocity.value() == pytest.approx(math.radians(90.0))
    wait_for(qtbot, lab, lambda s: s.params["angular_velocity"] == pytest.approx(math.radians(90)))
    assert lab.snapshot.gamma == pytest.approx(-0.01 * math.radians(90.0))
    assert lab.velocity_label.text().endswith("γ = −τgω = -0.0157")
    assert lab.velocity.label.text() == "+90 °/s"
    qtbot.waitUntil(lambda: lab.profile.tilted.isVisible(), timeout=2000)
    lab.run.set_speed(1.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    # counter-clockwise: the decoded heading climbs from 90 deg, at 90 deg/s in real time
    wait_for(qtbot, lab, lambda s: 110.0 < math.degrees(s.decoded) < 180.0)
    press(qtbot, lab, Qt.Key.Key_0)
    assert lab.velocity.value() == 0.0
    wait_for(qtbot, lab, lambda s: s.gamma == 0.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    for _ in range(20):  # Right past the end of the slider stops at -720 deg/s
        press(qtbot, lab, Qt.Key.Key_Right)
    wait_until_current(qtbot, lab)
    assert lab.snapshot.params["angular_velocity"] == pytest.approx(math.radians(-720.0))
    assert lab.messages.isHidden()


def test_doubling_n_keeps_the_bump_where_it_was(qtbot, lab):
    lab.sim.send(RingSession.set_cue, math.radians(300.0))
    lab.run.set_speed(8.0)
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: degrees_apart(s.decoded, 300.0) < 2.0)
    lab.toggle_run()
    lab.sim.send(RingSession.release_cue)
    wait_for(qtbot, lab, lambda s: s.cue_angle is None)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=2000)
    before = lab.snapshot.decoded
    slider = lab.n_units.slider  # a person clicks twice on the groove right of the handle
    for _ in range(2):
        qtbot.mouseClick(
            slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() - 3, slider.height() // 2)
        )
    assert lab.n_units.label.text() == "128"
    assert lab.n_units.value() == 128
    wait_for(qtbot, lab, lambda s: s.params["n_units"] == 128)
    assert degrees_apart(lab.snapshot.decoded, math.degrees(before)) < 0.5
    assert lab.snapshot.rates.shape == (128,)
    qtbot.waitUntil(lambda: lab.matrix.image.image.shape == (128, 128), timeout=2000)


def test_kernel_switch_and_a_bad_value_reaches_the_message_bar(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_K)
    wait_for(qtbot, lab, lambda s: s.params["kernel"] == "cosine")
    assert lab.kernel.currentText().startswith("Cosine")
    assert lab.snapshot.rate_top == 4.0
    lab.set_param("n_units", 5)
    qtbot.waitUntil(
        lambda: "N must be a whole number from 16 to 4096, not 5" in lab.messages.text(),
        timeout=3000,
    )
    assert lab.snapshot.params["n_units"] == 64
    assert lab.n_units.label.text() == "64"


def test_the_controls_follow_a_scene_that_sets_the_ring_up(qtbot, lab):
    """A lecture scene (or a loaded session) changes the model, not the controls: every slider,
    the kernel and the velocity readout must show what the model then uses."""
    scene = {"n_units": 128, "kernel": "cosine", "tau": 0.05, "gain": 2.0, "noise": 0.1}
    lab.restore({"params": scene | {"cue_strength": 0.02, "angular_velocity": math.radians(90)}})
    wait_until_current(qtbot, lab)
    shown = [lab._controls[name].label.text() for name in ("n_units", "tau", "gain", "noise")]
    assert shown == ["128", "50 ms", "2.00", "0.10"]
    assert lab.cue_strength.value() == pytest.approx(0.02)
    assert lab.kernel.currentText() == "Cosine (Ben-Yishai)"
    assert lab.velocity.label.text() == "+90 °/s"
    assert lab.velocity_label.text().startswith("Turning input ω = +90 °/s")
    qtbot.waitUntil(lambda: lab.matrix.image.image.shape == (128, 128), timeout=2000)
    lab.restore_defaults()
    wait_until_current(qtbot, lab)
    shown = [lab._controls[name].label.text() for name in ("n_units", "tau", "gain", "noise")]
    assert shown == ["64", "10 ms", "1.00", "0.00"]
    assert lab.kernel.currentText().startswith("Zhang")
    assert lab.velocity.value() == 0.0 and lab.velocity.label.text() == "+0 °/s"


def test_a_saved_ring_opens_in_a_fresh_lab_as_it_was(qtbot, lab, make_lab):
    press(qtbot, lab, Qt.Key.Key_Right)
    lab.sim.send(RingSession.set_cue, math.radians(30.0))
    lab.run.set_speed(8.0)
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.time > 0.3)
    lab.toggle_run()
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=2000)
    saved = lab.state()
    fresh = make_lab(RingLab)
    fresh.restore(saved)
    wait_until_current(qtbot, fresh)
    wait_until_current(qtbot, lab)
    assert fresh.snapshot.cue_angle == pytest.approx(math.radians(30.0))
    assert fresh.snapshot.time == lab.snapshot.time
    assert np.allclose(fresh.snapshot.rates, lab.snapshot.rates, rtol=1e-12, atol=0)
    for widget in ("description", "readout", "velocity_label"):
        assert getattr(fresh, widget).text() == getattr(lab, widget).text(), widget
    assert fresh.velocity.value() == pytest.approx(math.radians(-45.0))


def test_a_bad_state_is_refused_on_the_message_bar_and_changes_nothing(qtbot, lab):
    before = lab.state()
    lab.restore({"params": {"tau": 0.05}, "potentials": np.zeros(10)})
    qtbot.waitUntil(
        lambda: "'potentials' has shape (10,), expected (64,)" in lab.messages.text(),
        timeout=3000,
    )
    after = lab.state()
    assert after["params"] == before["params"]
    assert np.array_equal(after["potentials"], before["potentials"])
    assert lab.tau.label.text() == "10 ms"


def test_only_typed_commands_reach_the_ring(qtbot, lab):
    messages = []
    lab.sim.error.connect(messages.append)
    lab.sim.send("scramble")  # a method's name, as the old labs sent it
    lab.sim.send(RingSession.advance, 2000)  # a method, but not one the GUI may call
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=3000)
    assert all("is not a command of RingSession" in message for message in messages)
    wait_until_current(qtbot, lab)
    assert lab.snapshot.bump_count == 1 and lab.snapshot.time == 0.0  # not scrambled, not run


def test_the_demo_turns_a_bump_forming_from_noise(qtbot, lab):
    lab.demo()
    wait_until_current(qtbot, lab)
    assert lab.snapshot.params["angular_velocity"] == pytest.approx(math.radians(180.0))
    assert lab.snapshot.strength < 0.3  # scrambled
    assert lab.velocity.label.text() == "+180 °/s"
    assert lab.run.speed() == 0.25


def test_help_lists_the_ring_shortcuts(lab):
    keys = {key for key, _ in lab.shortcuts()}
    assert {"Space", "S", "R", "K", "0", "Left", "Right"} <= keys
    assert [title for title, _ in lab.menus()] == ["Run", "Ring"]
    assert ("Drag on the ring", "hold a cue there; release lets go") in lab.shortcuts()


def test_a_shift_beyond_the_faithful_range_is_flagged(qtbot, lab):
    lab.set_velocity(math.radians(90.0))
    wait_for(qtbot, lab, lambda s: abs(s.gamma) > 0.01)
    assert "too fast" not in lab.velocity_label.text()
    lab.tau.setValue(0.1)  # s: gamma = -tau g omega grows tenfold ...
    lab.set_velocity(math.radians(720.0))  # ... and eightfold
    wait_for(qtbot, lab, lambda s: abs(s.gamma) > 0.2)
    qtbot.waitUntil(lambda: "too fast" in lab.velocity_label.text())
