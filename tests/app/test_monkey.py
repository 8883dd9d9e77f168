"""A seeded monkey: hundreds of random actions across every lab of `hopgui.labs.LABS`, in the
main window, as a restless class might press and click (lab switches, every non-dialog shortcut,
parameter changes, drags on the main view), with the window closed and opened again between
rounds. Nothing may raise (pytest-qt fails a test on any exception inside a Qt slot), no Qt
warning may appear, every lab must still answer, and no closed window may stay in memory.
(Stalls and memory over a longer run: benchmarks/bench_monkey.py.)"""

import gc
import random
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from hopgui.main_window import MainWindow
from tests.gui import restless_action, wait_for

pytestmark = pytest.mark.slow
ROUNDS, ACTIONS = 3, 120


def test_a_restless_class_breaks_nothing(qtbot):
    rng = random.Random(7)
    closed = []
    for _ in range(ROUNDS):
        window = MainWindow(lab="hopfield")
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        for _ in range(ACTIONS):
            restless_action(window, rng)
            qtbot.wait(rng.choice([0, 1, 5, 20]))
        for lab in window.labs.values():  # every lab that ran still answers
            if lab.snapshot is not None:
                lab.sim.pause()
                before = lab.snapshot
                lab.reset()
                wait_for(qtbot, lab, lambda s, before=before: s is not before, timeout=20000)
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F1)
        assert window.help.isVisible()
        closed.append(weakref.ref(window))
        window.close()
        del window
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        gc.collect()
    assert [ref() for ref in closed] == [None] * ROUNDS
