"""Silenced units are visible on the grid: a damaged network's dead units are drawn grey."""

import numpy as np
from PySide6.QtGui import QColor

from hopgui.labs.hopfield.session import HopfieldSession
from tests.gui import wait_for
from widgets import palette
from widgets.pixel_grid import pattern_image


def test_a_dead_cell_is_grey_whatever_its_state():
    cells = np.array([[1, -1], [1, -1]])
    dead = np.array([[True, False], [False, True]])
    image = pattern_image(cells, dead=dead)
    grey, ink, paper = palette.GRID_LINE.rgb(), palette.INK.rgb(), palette.PAPER.rgb()
    assert [QColor(image.pixel(x, y)).rgb() for y in range(2) for x in range(2)] == [
        grey,
        paper,
        ink,
        grey,
    ]


def test_silenced_units_show_grey_on_the_live_grid(qtbot, lab):
    lab.store_presets("ATX")
    lab.sim.send(HopfieldSession.set_param, "damage_kind", "units")
    lab.sim.send(HopfieldSession.set_param, "damage", 0.3)
    wait_for(qtbot, lab, lambda s: len(s.names) == 3 and s.silenced.size and s.silenced.any())
    silenced = lab.snapshot.silenced
    assert abs(silenced.mean() - 0.3) < 0.05
    lab.play()
    qtbot.waitUntil(lambda: lab.panel.grid.live)
    wait_for(qtbot, lab, lambda s: s.updates > 0)
    dead = lab.panel.grid._live_picture[3]
    assert dead is not None and np.array_equal(dead.reshape(-1), lab.snapshot.silenced)
