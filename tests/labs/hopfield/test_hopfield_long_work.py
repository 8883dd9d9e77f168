"""Long weight computations in the associative-memory lab: a progress bar in the message bar,
Cancel that changes nothing, and a window that closes at once even in the middle of one.

Storkey's rule at 64 x 64 with 300 memories takes a second or so; here it is made slow on
purpose (the real computation, after 20 s of progress reports), so the tests never race it."""

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

import models.hopfield
from hopgui.main_window import MainWindow
from tests.gui import press, wait_for
from tests.labs.hopfield.lecturer import wait_until_current

SLOW_SECONDS = 20.0


@pytest.fixture
def slow_storkey(monkeypatch):
    """Storkey weights that report progress for SLOW_SECONDS before computing them: the
    session's progress callback (and so Cancel) is all that can stop them early."""
    real = models.hopfield.storkey_weights

    def slow(patterns, weights=None, progress=None):
        if len(patterns) == 0:  # an empty network is built at once, with or without this
            return real(patterns, weights, progress)
        steps = int(SLOW_SECONDS / 0.01)
        for step in range(steps):
            if progress is not None:
                progress(0.5 * step / steps)
            time.sleep(0.01)
        return real(patterns, weights, progress)

    monkeypatch.setattr(models.hopfield, "storkey_weights", slow)


def progress_shown(lab) -> bool:
    bar = lab.messages
    return bar.isVisible() and bar.bar.isVisible() and bar.cancel.isVisible()


def test_choosing_storkey_shows_progress_and_cancel_keeps_hebbian(qtbot, lab, slow_storkey):
    press(qtbot, lab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # letters A-E
    wait_for(qtbot, lab, lambda s: s.names == tuple("ABCDE"))
    memories = lab.snapshot.patterns.copy()
    lab.panel.rule.setCurrentText("Storkey")  # as a person picks it
    qtbot.waitUntil(lambda: progress_shown(lab), timeout=5000)
    assert lab.messages.text() == "Computing the Storkey weights for 256 units…"
    started = time.perf_counter()
    qtbot.mouseClick(lab.messages.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.messages.isVisible(), timeout=5000)
    assert time.perf_counter() - started < 2  # not the 20 s the computation would take
    wait_until_current(qtbot, lab)
    assert lab.snapshot.params["rule"] == "hebbian"
    assert lab.panel.rule.currentText() == "Hebbian"  # the control shows what the model uses
    assert lab.snapshot.names == tuple("ABCDE")
    assert np.array_equal(lab.snapshot.patterns, memories)
    assert lab.state()["params"]["rule"] == "hebbian"


def test_a_cancelled_store_stores_nothing(qtbot, lab, slow_storkey, monkeypatch):
    lab.restore({"params": {"rule": "storkey"}})  # quick: nothing is stored yet
    wait_for(qtbot, lab, lambda s: s.params["rule"] == "storkey")
    press(qtbot, lab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: progress_shown(lab), timeout=5000)
    assert lab.messages.text().startswith("Storing 5 memories: computing the Storkey weights")
    qtbot.mouseClick(lab.messages.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.messages.isVisible(), timeout=5000)
    wait_until_current(qtbot, lab)
    assert lab.snapshot.names == () and lab.snapshot.patterns.shape == (0, 256)
    monkeypatch.undo()  # the real, quick computation: the same command now works
    press(qtbot, lab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, lab, lambda s: s.names == tuple("ABCDE"))


def test_closing_the_window_during_a_long_computation_is_immediate(qtbot, slow_storkey):
    win = MainWindow(lab="hopfield")  # closed here, which deletes it (so not given to qtbot)
    win.show()
    lab = win.labs["hopfield"]
    lab.store_presets("ABCDE")
    wait_for(qtbot, lab, lambda s: len(s.names) == 5, timeout=20000)
    lab.panel.rule.setCurrentText("Storkey")
    qtbot.waitUntil(lambda: progress_shown(lab), timeout=5000)
    thread = lab.sim._thread
    started = time.perf_counter()
    win.close()
    assert time.perf_counter() - started < 2  # not the 20 s the computation would take
    assert thread.isFinished()
