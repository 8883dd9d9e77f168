"""The ring-attractor lab driven like a lecturer does it: keys to scramble and run, the mouse to
place a cue on the ring. Angles: maths convention, 0 = east, counter-clockwise positive."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.gui import press, wait_for

LAB = "ring"


@pytest.fixture
def lab(qtbot, window):
    ring_lab = window.ring
    wait_for(qtbot, ring_lab, lambda s: True)  # the worker has built the ring
    return ring_lab


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
    press(qtbot, lab, Qt.Key.Key_Left)
    assert lab.velocity.value() == 90
    wait_for(qtbot, lab, lambda s: s.angular_velocity == pytest.approx(math.radians(90.0)))
    assert lab.snapshot.gamma == pytest.approx(-0.01 * math.radians(90.0))
    assert lab.velocity_label.text().endswith("γ = −τgω = -0.0157")
    qtbot.waitUntil(lambda: lab.profile.tilted.isVisible(), timeout=2000)
    lab.run.set_speed(1.0)
    press(qtbot, lab, Qt.Key.Key_Space)
    # counter-clockwise: the decoded heading climbs from 90 deg, at 90 deg/s in real time
    wait_for(qtbot, lab, lambda s: 110.0 < math.degrees(s.decoded) < 180.0)
    press(qtbot, lab, Qt.Key.Key_0)
    assert lab.velocity.value() == 0
    wait_for(qtbot, lab, lambda s: s.gamma == 0.0)
    press(qtbot, lab, Qt.Key.Key_Space)


def test_doubling_n_keeps_the_bump_where_it_was(qtbot, lab):
    lab.sim.send("set_cue", math.radians(300.0))
    lab.run.set_speed(8.0)
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: degrees_apart(s.decoded, 300.0) < 2.0)
    lab.toggle_run()
    lab.sim.send("release_cue")
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
    wait_for(qtbot, lab, lambda s: s.n_units == 128)
    assert degrees_apart(lab.snapshot.decoded, math.degrees(before)) < 0.5
    assert lab.snapshot.rates.shape == (128,)
    qtbot.waitUntil(lambda: lab.matrix.image.image.shape == (128, 128), timeout=2000)


def test_kernel_switch_and_a_bad_value_reaches_the_message_bar(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_K)
    wait_for(qtbot, lab, lambda s: s.kernel == "cosine")
    assert lab.kernel.currentText().startswith("Cosine")
    lab.sim.send("set_n_units", 5)
    qtbot.waitUntil(
        lambda: "N must be a whole number from 16 to 4096, not 5" in lab.messages.text(),
        timeout=3000,
    )
    assert lab.snapshot.n_units == 64


def test_help_lists_the_ring_shortcuts(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    keys = [k for k, _ in window.help.rows]
    assert {"Space", "S", "R", "K", "0"} <= set(keys)
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "Ring" in menus and "Memories" not in menus


def test_a_shift_beyond_the_faithful_range_is_flagged(qtbot, lab):
    lab.velocity.setValue(90)
    wait_for(qtbot, lab, lambda s: abs(s.gamma) > 0.01)
    assert "too fast" not in lab.velocity_label.text()
    lab.tau.setValue(100.0)  # ms: gamma = -tau g omega grows tenfold ...
    lab.velocity.setValue(720)  # ... and eightfold
    wait_for(qtbot, lab, lambda s: abs(s.gamma) > 0.2)
    qtbot.waitUntil(lambda: "too fast" in lab.velocity_label.text())
