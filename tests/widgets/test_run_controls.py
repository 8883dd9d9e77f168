"""The transport bar: speeds a person can set, and absurd ones refused in words."""

import math

import pytest

from widgets.run_controls import RunControls


@pytest.mark.parametrize("speed", [math.nan, 0.0, -5.0])
def test_a_speed_that_is_not_positive_is_refused(qtbot, speed):
    bar = RunControls(1, 1e6, "updates/s", 300)
    qtbot.addWidget(bar)
    with pytest.raises(ValueError, match="the speed must be a positive number of updates/s"):
        bar.set_speed(speed)
    assert bar.speed() == pytest.approx(300, rel=0.1)  # unchanged


def test_huge_speeds_mean_flat_out_and_tiny_ones_the_slowest(qtbot):
    bar = RunControls(1, 1e6, "updates/s", 300)
    qtbot.addWidget(bar)
    emitted = []
    bar.speed_changed.connect(emitted.append)
    bar.set_speed(1e300)
    assert math.isinf(bar.speed()) and bar.speed_label.text() == "max speed"
    bar.set_speed(1e-9)
    assert bar.speed() == pytest.approx(1.0)
    assert emitted == [math.inf, pytest.approx(1.0)]
