"""The ring lab's plots: the energy over time beside the energy valley, and the weight profile,
driven with what the ring lab hands them frame after frame."""

import math

import numpy as np
import pytest

from widgets.ring_energy import RingEnergyView
from widgets.weight_profile import WeightProfilePlot

WINDOW = 10.0  # s of trace shown, as the ring lab shows


def show(qtbot, widget, width=760, height=320):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def is_round(value: float, span: float) -> bool:
    """`value` is a multiple of a 1, 2, 2.5 or 5 x 10^k step no finer than span / 20."""
    for power in range(-6, 6):
        for mantissa in (1.0, 2.0, 2.5, 5.0):
            step = mantissa * 10.0**power
            if step >= span / 20 and abs(value / step - round(value / step)) < 1e-6:
                return True
    return False


def valley(depth: float = 0.12, floor: float = -2.32) -> tuple[np.ndarray, np.ndarray, float]:
    """A flat valley round the ring (positions (64,) rad, E/N) and the uniform state above it."""
    positions = 2 * np.pi * np.arange(64) / 64
    energies = np.full(64, floor) + 0.002 * np.cos(positions)
    return positions, energies, floor + depth


def energy_axis(view: RingEnergyView) -> tuple[float, float]:
    return tuple(view.trace_plot.getPlotItem().getViewBox().viewRange()[1])


def assert_covers(view: RingEnergyView, energies: np.ndarray) -> None:
    low, high = energy_axis(view)
    assert low <= energies.min() and energies.max() <= high, (low, high, energies.min())
    assert is_round(low, high - low) and is_round(high, high - low), (low, high)


@pytest.fixture
def energy_view(qtbot):
    view = show(qtbot, RingEnergyView())
    view.set_valley(*valley())
    return view


def test_after_scramble_the_whole_fall_into_the_valley_is_on_the_chart(energy_view):
    times = np.arange(0.0, 3.0, 0.01)
    energies = -2.31 + 11.54 * np.exp(-times / 0.3)  # 9.23 just after Scramble
    energy_view.set_trace(times, energies, WINDOW)
    energy_view.set_state(0.4, float(energies[-1]))
    assert_covers(energy_view, energies)


def test_a_held_cue_pulling_the_energy_below_the_valley_stays_on_the_chart(energy_view):
    times = np.arange(0.0, 6.0, 0.01)
    energies = np.where((times > 2) & (times < 4), -2.9, -2.31)  # the cue held for 2 s
    energy_view.set_trace(times, energies, WINDOW)
    assert_covers(energy_view, energies)


def test_the_axis_narrows_to_the_valley_once_the_fall_has_scrolled_out(energy_view):
    times = np.arange(0.0, 30.0, 0.01)
    energies = -2.31 + 11.54 * np.exp(-times / 0.3)
    energy_view.set_trace(times[:300], energies[:300], WINDOW)
    tall = energy_axis(energy_view)
    energy_view.set_trace(times, energies, WINDOW)  # 30 s on: the last 10 s are in the valley
    low, high = energy_axis(energy_view)
    assert high - low < (tall[1] - tall[0]) / 4
    assert low <= -2.32 and -2.2 <= high, "the valley and the uniform state stay on the chart"


def test_the_energy_axis_moves_only_in_steps_while_the_bump_settles(energy_view):
    axes = set()
    times = np.arange(0.0, 8.0, 0.05)
    energies = -2.31 + 0.05 * np.exp(-times)
    for end in range(20, len(times)):
        energy_view.set_trace(times[:end], energies[:end], WINDOW)
        axes.add(energy_axis(energy_view))
    assert len(axes) <= 2


# ----------------------------------------------------------------------------- weight profile
def profile(n: int, gamma: float) -> tuple[np.ndarray, ...]:
    """Zhang's kernel shape for N neurons (weights scale as 1 / N): theta, w, w', w + gamma w'."""
    theta = -np.pi + 2 * np.pi * np.arange(n) / n
    shape = np.exp(4.0 * (np.cos(theta) - 1.0))
    w = (2.0 * shape - 0.6) * (64 / n)
    dw = -2.0 * 4.0 * np.sin(theta) * shape * (64 / n)
    return theta, w, dw, w + gamma * dw, gamma


def tilted_curve(plot: WeightProfilePlot) -> tuple[np.ndarray, np.ndarray]:
    x, y = plot.tilted.getData()
    return np.asarray(x), np.asarray(y)


def test_changing_n_while_turning_redraws_the_tilted_profile(qtbot):
    plot = show(qtbot, WeightProfilePlot(), 520, 360)
    plot.set_profile(*profile(64, 0.0236))
    plot.set_profile(*profile(1024, 0.0236))  # N changed, the turning input did not
    theta, _, _, tilted, _ = profile(1024, 0.0236)
    x, y = tilted_curve(plot)
    assert plot.tilted.isVisible()
    np.testing.assert_allclose(x, np.degrees(theta))
    np.testing.assert_allclose(y, tilted)
    low, high = plot.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low <= tilted.min() and tilted.max() <= high, "the tilted profile runs off the chart"


def test_the_profile_range_fits_a_strong_tilt(qtbot):
    plot = show(qtbot, WeightProfilePlot(), 520, 360)
    plot.set_profile(*profile(64, 0.0))
    plot.set_profile(*profile(64, 0.3))
    _, w, _, tilted, _ = profile(64, 0.3)
    low, high = plot.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low <= min(tilted.min(), w.min()) and max(tilted.max(), w.max()) <= high
    plot.set_profile(*profile(64, 0.0))
    assert not plot.tilted.isVisible()
    assert "γ = +0.0000" in plot.plot.getPlotItem().titleLabel.text


def test_the_derivative_is_scaled_to_the_profile(qtbot):
    plot = show(qtbot, WeightProfilePlot(), 520, 360)
    for n in (16, 64, 4096):
        _, w, dw, _, _ = profile(n, 0.0)
        plot.set_profile(*profile(n, 0.0))
        shown = np.asarray(plot.derivative.getData()[1])
        ratio = np.max(np.abs(shown)) / np.max(np.abs(w))
        assert 0.1 < ratio <= 1.0 + 1e-9
        assert math.isclose(plot.scale * np.max(np.abs(dw)), np.max(np.abs(shown)))
