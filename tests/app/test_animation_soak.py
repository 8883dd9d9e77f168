"""A few thousand animation frames through the real drawing code.

PySide6 6.12.0 on CPython 3.11 corrupted reference counts and aborted (`Fatal Python error:
bool_dealloc`) within seconds of animation; pyproject.toml keeps that version out. This test is
the canary: with PySide6 6.12.0 installed on CPython 3.11 this test aborts the process (exit
134, checked 2026-11-22); with the pinned 6.11.3 it passes.
"""

import numpy as np
import pytest

from hopgui.labs.hopfield.session import HopfieldSession
from hopgui.main_window import MainWindow

FRAMES = 2500
pytestmark = pytest.mark.slow


def test_thousands_of_frames_draw_without_fault(qtbot, qapp):
    window = MainWindow(lab="hopfield")  # closed (and so deleted) by the test itself
    window.show()
    lab = window.labs["hopfield"]
    grid = lab.panel.grid
    session = HopfieldSession()  # stepped here, so every frame is drawn, none skipped
    session.store(np.array([np.ones(256, np.int8), -np.ones(256, np.int8)]), ["on", "off"])
    session.set_param("temperature", 1.5)  # hot: the state keeps changing, every frame differs
    grid.show_state(session.snapshot().state)
    for _ in range(FRAMES):
        session.advance(7)
        snap = session.snapshot()
        lab._on_snapshot(snap)  # the grid every frame, the plots as often as the throttle allows
        grid.repaint()
        qapp.processEvents()
    assert np.array_equal(grid.displayed_state(), snap.state)
    energy = lab.panel.energy_trace.curve
    qtbot.waitUntil(lambda: energy.getData()[1][-1] == snap.trace_energy[-1])
    window.close()
