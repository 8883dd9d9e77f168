"""Helpers for GUI tests that act like a person: keys as the window receives them, waiting for
the worker's next snapshot."""

from PySide6.QtCore import Qt


def press(qtbot, lab, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key press as the window receives it, so menu shortcuts fire as they do for a person."""
    qtbot.keyClick(lab.window().windowHandle(), key, modifier)


def wait_for(qtbot, lab, predicate, timeout=5000):
    """Wait until the lab has drawn a snapshot for which `predicate(snapshot)` holds."""
    qtbot.waitUntil(
        lambda: lab.snapshot is not None and bool(predicate(lab.snapshot)), timeout=timeout
    )
