"""A seeded monkey: a few hundred random actions across the three labs, as a restless class
might click. Nothing may raise (pytest-qt fails a test on any exception inside a Qt slot), no
Qt warning may appear, and every lab must still answer afterwards."""

import random

from PySide6.QtCore import Qt

from tests.gui import wait_for

LAB = "hopfield"


def hopfield_actions(lab, rng):
    return [
        lambda: lab.grid_size.setCurrentIndex(rng.randrange(lab.grid_size.count())),
        lambda: lab.rule.setCurrentIndex(rng.randrange(3)),
        lambda: lab.mode.setCurrentIndex(rng.randrange(3)),
        lambda: lab.temperature.setValue(rng.choice([0.0, 0.3, 1.0])),
        lambda: lab.store_presets(rng.choice(["A", "BC", "XYZ"])),
        lambda: lab.store_drawing(),
        lambda: lab.grid.randomize(seed=rng.randrange(100)),
        lambda: lab.flip_noise(),
        lambda: lab.hide(),
        lambda: lab.toggle_run(),
        lambda: lab.step(rng.choice(["unit", "sweep"])),
        lambda: lab.reset(),
        lambda: lab.keep_state(),
        lambda: lab.use_memory_as_cue(rng.randrange(4)),
        lambda: lab.sim.send("remove", rng.randrange(4)),
        lambda: lab.forget_all(),
        lambda: lab.run.set_speed(rng.choice([5.0, 1e4, float("inf")])),
        lambda: lab._editing(lab.grid.undo)(),
    ]


def ring_actions(lab, rng):
    return [
        lambda: lab.n_units.setValue(rng.choice([16, 64, 256, 1024])),
        lambda: lab.switch_kernel(),
        lambda: lab.tau.setValue(rng.choice([5.0, 10.0, 50.0])),
        lambda: lab.gain.setValue(rng.choice([0.5, 1.0, 1.5])),
        lambda: lab.noise.setValue(rng.choice([0.0, 0.1])),
        lambda: lab.nudge_velocity(rng.choice([-1, 1])),
        lambda: lab.scramble(),
        lambda: lab.toggle_run(),
        lambda: lab.reset(),
        lambda: lab.ring.cue_requested.emit(rng.uniform(0, 6.28)),
        lambda: lab.ring.cue_released.emit(),
        lambda: lab.run.set_speed(rng.choice([0.25, 1.0, float("inf")])),
    ]


def heading_actions(lab, rng):
    return [
        lambda: lab.turning.setCurrentIndex(rng.randrange(lab.turning.count())),
        lambda: lab.toggle_lights(),
        lambda: lab.gain.setValue(rng.choice([0.8, 1.0, 1.25])),
        lambda: lab.animal.steer.emit(rng.choice([-1, 0, 1])),
        lambda: lab.animal.heading_dragged.emit(rng.uniform(0, 6.28)),
        lambda: lab.animal.drag_finished.emit(),
        lambda: lab.toggle_run(),
        lambda: lab.reset(),
        lambda: lab.run.set_speed(rng.choice([1.0, 8.0, float("inf")])),
    ]


def test_a_restless_class_breaks_nothing(qtbot, window):
    rng = random.Random(7)
    for name, make in (
        ("hopfield", hopfield_actions),
        ("ring", ring_actions),
        ("heading", heading_actions),
    ):
        lab = window.labs[name]
        window.tabs.setCurrentWidget(lab)
        wait_for(qtbot, lab, lambda s: True, timeout=10000)
        actions = make(lab, rng)
        for _ in range(120):
            rng.choice(actions)()
            qtbot.wait(rng.choice([0, 1, 5, 20]))
        lab.sim.pause()
        before = lab.snapshot
        lab.reset()  # still alive: the worker answers with a fresh frame
        wait_for(qtbot, lab, lambda s, before=before: s is not before, timeout=10000)
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F1)
    assert window.help.isVisible()
