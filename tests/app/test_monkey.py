"""A seeded monkey: hundreds of random actions across every lab of `hopgui.labs.LABS`, in the
main window, as a restless class might press and click: lab switches (Ctrl+N, the start page),
every non-dialog shortcut of the visible lab, parameter changes, drags on the lab's main view.
Nothing may raise (pytest-qt fails a test on any exception inside a Qt slot), no Qt warning may
appear, and every lab must still answer afterwards."""

import random

import pytest
from PySide6.QtCore import QPoint, Qt

from hopgui.labs import LABS
from tests.gui import wait_for

pytestmark = pytest.mark.slow
LAB = "hopfield"


def shortcut_keys(lab):
    return [
        action.shortcut()[0]
        for _, group in lab.menus()
        for action in group
        if not action.text().endswith("…") and not action.shortcut().isEmpty()
    ]


def random_param(lab, rng):
    param = rng.choice(list(lab.params))
    if param.choices is not None:
        return param.name, rng.choice(list(param.choices.values()))
    if param.boolean:
        return param.name, rng.random() < 0.5
    value = float(rng.choice(param.slider_values()[:16]))
    return param.name, round(value) if param.integer else value


def drag(qtbot, widget, rng):
    w, h = max(widget.width(), 2), max(widget.height(), 2)
    start = QPoint(rng.randrange(w), rng.randrange(h))
    end = QPoint(rng.randrange(w), rng.randrange(h))
    button = rng.choice([Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton])
    qtbot.mousePress(widget, button, pos=start)
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, button, pos=end)


def test_a_restless_class_breaks_nothing(qtbot, window):
    rng = random.Random(7)
    handle = window.windowHandle()
    for _ in range(3):
        for number, name in enumerate(LABS, start=1):
            qtbot.keyClick(
                handle, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
            )
            lab = window.labs[name]
            assert window.current_lab() is lab
            wait_for(qtbot, lab, lambda s: True, timeout=10000)
            keys = shortcut_keys(lab)
            for _ in range(40):
                roll = rng.random()
                if roll < 0.55:
                    combo = rng.choice(keys)
                    qtbot.keyClick(handle, combo.key(), combo.keyboardModifiers())
                elif roll < 0.8:
                    lab.set_param(*random_param(lab, rng))
                elif lab.main_view is not None:
                    drag(qtbot, lab.main_view, rng)
                qtbot.wait(rng.choice([0, 1, 5, 20]))
            lab.sim.pause()
            before = lab.snapshot
            lab.reset()  # still alive: the worker answers with a fresh frame
            wait_for(qtbot, lab, lambda s, before=before: s is not before, timeout=20000)
        qtbot.keyClick(handle, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
        assert window.current_lab() is None
    qtbot.keyClick(handle, Qt.Key.Key_F1)
    assert window.help.isVisible()
