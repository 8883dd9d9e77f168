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


# --- a restless class: random actions a person can take, for the monkey test and benchmark ---


def shortcut_keys(lab):
    """The key combinations of the lab's actions (not the ones that open a file dialog)."""
    return [
        action.shortcut()[0]
        for _, group in lab.menus()
        for action in group
        if not action.text().endswith("…") and not action.shortcut().isEmpty()
    ]


def random_param(lab, rng):
    """(name, value) of a random parameter of the lab, set to one of its listed values."""
    param = rng.choice(list(lab.params))
    if param.choices is not None:
        return param.name, rng.choice(list(param.choices.values()))
    if param.boolean:
        return param.name, rng.random() < 0.5
    value = float(rng.choice(param.slider_values()[:16]))
    return param.name, round(value) if param.integer else value


def restless_action(window, rng) -> str:
    """One random thing a restless class does in the main window: a lab shortcut, a parameter,
    a drag on the lab's main view, or another lab (Ctrl+N). Returns what it did, in words."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    handle = window.windowHandle()
    lab = window.current_lab()
    roll = rng.random()
    if lab is None or roll < 0.05:
        number = rng.randrange(len(window.labs)) + 1
        QTest.keyClick(handle, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        return f"Ctrl+{number}"
    if roll < 0.6:
        combo = rng.choice(shortcut_keys(lab))
        QTest.keyClick(handle, combo.key(), combo.keyboardModifiers())
        return f"{lab.name}: key {combo.toCombined():#x}"
    if roll < 0.85 or lab.main_view is None:
        name, value = random_param(lab, rng)
        lab.set_param(name, value)
        return f"{lab.name}: {name} = {value}"
    view = lab.main_view
    w, h = max(view.width(), 2), max(view.height(), 2)
    start, end = (QPoint(rng.randrange(w), rng.randrange(h)) for _ in range(2))
    button = rng.choice([Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton])
    QTest.mousePress(view, button, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, button, Qt.KeyboardModifier.NoModifier, end)
    return f"{lab.name}: drag on the main view"
