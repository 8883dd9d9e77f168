"""The Ising lab driven like a lecturer does it: keys to heat, cool and run, the mouse to paint
spins, the combo boxes to switch to a chain or a stored picture, S for a temperature sweep."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from hopgui.labs.ising.lab import IsingLab
from models.ising import CRITICAL_TEMPERATURE, onsager_energy, onsager_magnetization
from tests.gui import press, wait_for


@pytest.fixture
def lab(qtbot, make_lab):
    ising_lab = make_lab(IsingLab, size=(1000, 700))
    wait_for(qtbot, ising_lab, lambda s: True, timeout=30000)  # numba's kernels loaded
    return ising_lab


def current(lab, predicate=lambda snap: True):
    return lambda snap: lab.sim.is_current(snap) and predicate(snap)


def choose(qtbot, lab, name, label):
    """Pick `label` in the combo box of parameter `name`, as a person does."""
    lab._controls[name].setCurrentText(label)
    wait_for(qtbot, lab, current(lab, lambda s: lab.params[name].label_of(s.params[name]) == label))


def on_cell(lab, row, col) -> QPoint:
    point = lab.lattice.cell_point(row, col)
    return QPoint(round(point.x()), round(point.y()))


def run_until(qtbot, lab, predicate, timeout=20000):
    lab.run.set_speed(math.inf)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, predicate, timeout)
    press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=5000)


def test_quenched_below_tc_the_energy_falls_to_onsagers(qtbot, lab):
    assert lab.snapshot.sweeps == 0 and abs(lab.snapshot.order) < 0.05  # a hot start
    run_until(qtbot, lab, lambda s: s.sweeps >= 400)
    assert lab.snapshot.energy < onsager_energy(2.0) + 0.1  # domains, and little else
    assert lab.readout.text().startswith("T = 2.000")
    assert "Onsager" in lab.exact_line.text()


def test_painting_with_the_mouse_flips_spins(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_O)  # cold start: every spin up
    wait_for(qtbot, lab, current(lab, lambda s: s.order == 1.0))
    start, end = on_cell(lab, 64, 10), on_cell(lab, 64, 110)
    qtbot.mousePress(lab.lattice, Qt.MouseButton.RightButton, pos=start)
    qtbot.mouseMove(lab.lattice, end)
    qtbot.mouseRelease(lab.lattice, Qt.MouseButton.RightButton, pos=end)
    wait_for(qtbot, lab, current(lab, lambda s: s.order < 1.0))
    spins = lab.state()["spins"]
    assert np.all(spins[64, 10:111] == -1)  # a band of down spins along the stroke
    assert np.all(spins[:50] == 1) and np.all(spins[80:] == 1)
    assert np.array_equal(lab.snapshot.picture, spins)


def test_temperature_keys_and_the_critical_point(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_Up)
    press(qtbot, lab, Qt.Key.Key_Up)  # the second counts from the first, not from a frame
    wait_for(qtbot, lab, current(lab, lambda s: s.params["temperature"] == pytest.approx(2.1)))
    press(qtbot, lab, Qt.Key.Key_T)
    wait_for(qtbot, lab, current(lab, lambda s: s.params["temperature"] == CRITICAL_TEMPERATURE))
    assert lab.temperature.label.text() == "2.269"
    assert lab.critical_mark.isVisible()
    press(qtbot, lab, Qt.Key.Key_Down)
    wait_for(qtbot, lab, current(lab, lambda s: s.params["temperature"] == pytest.approx(2.22)))


def test_the_chain_never_orders(qtbot, lab):
    choose(qtbot, lab, "lattice", "1-D chain")
    lab.set_temperature(0.8)
    press(qtbot, lab, Qt.Key.Key_O)  # even from a fully ordered start
    run_until(qtbot, lab, lambda s: s.sweeps >= 2000, timeout=30000)
    snap = lab.snapshot
    assert snap.picture.shape == (128, 128)  # space-time: one row per sweep
    # xi = 9 spins: domains, no order. One moment's m of 128 spins fluctuates (sd about 0.3),
    # so the test reads the mean |m| over the live trace after the first 500 sweeps
    recent = snap.trace[snap.trace[:, 0] >= 500]
    assert len(recent) >= 5 and np.mean(np.abs(recent[:, 1])) < 0.4
    assert "no long-range order" in snap.description


def test_a_picture_stored_in_the_bonds_is_recalled(qtbot, lab):
    lab._controls["size"].setValue(32)  # the size slider, moved to 32
    wait_for(qtbot, lab, current(lab, lambda s: s.picture.shape == (32, 32)))
    press(qtbot, lab, Qt.Key.Key_O)
    for row in range(8, 24):  # a thick right-button stroke down the middle: a bar of paper
        qtbot.mousePress(lab.lattice, Qt.MouseButton.RightButton, pos=on_cell(lab, row, 15))
        qtbot.mouseRelease(lab.lattice, Qt.MouseButton.RightButton, pos=on_cell(lab, row, 16))
    wait_for(qtbot, lab, current(lab, lambda s: s.order < 0.95))
    picture = lab.state()["spins"]
    press(qtbot, lab, Qt.Key.Key_P)
    wait_for(qtbot, lab, current(lab, lambda s: s.params["bonds"] == "memory"))
    assert lab._controls["bonds"].currentText().startswith("Stored picture")
    press(qtbot, lab, Qt.Key.Key_N)  # flip 30 %
    wait_for(qtbot, lab, current(lab, lambda s: s.order < 0.6))
    lab.set_temperature(1.2)
    run_until(qtbot, lab, lambda s: s.sweeps >= 300)
    assert lab.snapshot.order > 0.95
    assert np.mean(lab.state()["spins"] == picture) > 0.97


def test_a_temperature_sweep_can_be_cancelled(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: lab.messages.isVisible(), timeout=5000)
    assert lab.job.running
    press(qtbot, lab, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not lab.job.running, timeout=10000)
    assert lab.sweep_result is None and lab.sweep_status.text() == "sweep cancelled"
    assert lab.messages.isHidden()


def test_a_temperature_sweep_lands_on_onsagers_curves(qtbot, lab):
    """The published setting (64 x 64, 1500 sweeps, a quarter discarded, ordered start)."""
    press(qtbot, lab, Qt.Key.Key_S)
    seen = []
    lab.job.progress.connect(lambda fraction, partial: seen.append(partial is not None))
    qtbot.waitUntil(lambda: lab.sweep_result is not None, timeout=120000)
    assert any(seen)  # points appeared while it ran
    result = lab.sweep_result
    away = (np.abs(result.temperatures - CRITICAL_TEMPERATURE) > 0.4) & (result.temperatures < 3.6)
    temperatures = result.temperatures[away]
    assert result.energy[away] == pytest.approx(onsager_energy(temperatures), abs=0.005)
    below = temperatures < 2.0
    assert result.order[away][below] == pytest.approx(
        onsager_magnetization(temperatures[below]), abs=0.005
    )
    peak = result.temperatures[np.argmax(result.specific_heat)]
    assert 2.2 <= peak <= 2.4  # the finite lattice's peak, near T_c
    points = lab.sweep_plots.panels["energy"].measured.getData()[1]
    assert np.array_equal(points, result.energy)
    assert lab.sweep_status.text().startswith("sweep done")
