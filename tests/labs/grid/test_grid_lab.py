"""The grid lab driven like a lecturer does it: click a neuron on the sheet, run the animal with
the arrow keys, scramble and watch a lattice form."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from hopgui.labs.grid.lab import GridLab
from tests.gui import press, wait_for


@pytest.fixture
def lab(qtbot, make_lab):
    grid_lab = make_lab(GridLab)
    wait_for(qtbot, grid_lab, lambda s: True, timeout=30000)
    return grid_lab


def test_clicking_a_neuron_chooses_it(qtbot, lab):
    view = lab.sheet.plot
    vb = view.getPlotItem().vb
    scene_point = vb.mapViewToScene(QPointF(20.5, 70.5))
    widget_point = view.mapFromScene(scene_point)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    wait_for(qtbot, lab, lambda s: s.neuron == (20, 70))


def test_arrow_key_runs_the_animal_east(qtbot, lab):
    wait_for(qtbot, lab, lab.sim.is_current)
    start = lab.snapshot.position.copy()
    lab.arena.setFocus()
    qtbot.keyPress(lab.arena, Qt.Key.Key_Right)
    wait_for(qtbot, lab, lambda s: s.params["motion"] == "steered")
    lab.sim.play()
    wait_for(qtbot, lab, lambda s: s.position[0] > start[0] + 0.05, timeout=10000)
    qtbot.keyRelease(lab.arena, Qt.Key.Key_Right)
    lab.sim.pause()
    assert abs(lab.snapshot.position[1] - start[1]) < 1e-9


def test_scramble_then_a_lattice_forms(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: lab.sim.is_current(s) and np.ptp(s.rates) < 0.2)
    lab.run.set_speed(float("inf"))
    lab.sim.play()
    wait_for(qtbot, lab, lambda s: s.rates.max() > 0.4, timeout=20000)
    lab.sim.pause()


def test_dragging_in_the_box_leads_the_animal(qtbot, lab):
    target = lab.arena.to_screen(0.9, 0.9)
    point = QPoint(round(target.x()), round(target.y()))
    qtbot.mousePress(lab.arena, Qt.MouseButton.LeftButton, pos=point)
    lab.sim.play()
    wait_for(qtbot, lab, lambda s: s.position[0] > 0.8 and s.position[1] > 0.8, timeout=15000)
    qtbot.mouseRelease(lab.arena, Qt.MouseButton.LeftButton, pos=point)
    lab.sim.pause()
