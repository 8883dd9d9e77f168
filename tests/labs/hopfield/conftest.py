"""The associative-memory lab built alone, its worker started and the network built."""

import pytest

from hopgui.labs.hopfield.lab import HopfieldLab
from tests.gui import wait_for


@pytest.fixture
def lab(qtbot, make_lab):
    hopfield = make_lab(HopfieldLab)
    wait_for(qtbot, hopfield, lambda s: True, timeout=20000)  # the worker built the network
    hopfield.setFocus()  # as the main window focuses the page it shows (not its first spin box)
    return hopfield
