"""What every lab in `hopgui.labs.LABS` promises, checked on each one alone (no main window):
it builds, starts, runs, pauses, resets, gives its whole state as plain data and takes it back
exactly, survives a burst of random input, and shuts down leaving no thread or timer."""

import json
import random

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from hopgui.core.simulation import Transport
from hopgui.labs import LABS

pytestmark = pytest.mark.parametrize("lab_class", list(LABS.values()), ids=list(LABS))


def same_state(a, b, where="state") -> list[str]:
    """Where two states differ (empty when equal): dicts by key, arrays by value and dtype."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{where}: keys {sorted(a)} != {sorted(b)}"]
        return [d for k in a for d in same_state(a[k], b[k], f"{where}[{k!r}]")]
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        ok = a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)
        return [] if ok else [f"{where}: arrays differ"]
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return [f"{where}: lengths differ"]
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in same_state(x, y, f"{where}[{i}]")]
    return [] if a == b and type(a) is type(b) else [f"{where}: {a!r} != {b!r}"]


def plain(value):
    """The state with its arrays taken out: what must be JSON-able."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return None if isinstance(value, np.ndarray) else value


def wait_for_frame(qtbot, lab, predicate=lambda snap: True, timeout=8000):
    qtbot.waitUntil(
        lambda: (
            lab.snapshot is not None
            and lab.sim.is_current(lab.snapshot)
            and predicate(lab.snapshot)
        ),
        timeout=timeout,
    )


def test_builds_alone_and_draws_its_first_frame(qtbot, make_lab, lab_class):
    lab = make_lab(lab_class)
    wait_for_frame(qtbot, lab)
    assert lab.title and lab.summary and lab.menus()
    assert lab.main_view is not None and lab.main_view.isVisible()  # what the class watches
    assert set(lab.snapshot.params) == {p.name for p in lab.params}


def test_runs_pauses_and_resets(qtbot, make_lab, lab_class):
    lab = make_lab(lab_class)
    lab.demo()
    lab.run.set_speed(float("inf"))
    wait_for_frame(qtbot, lab)
    before = lab.state()
    runs = []
    lab.sim.running_changed.connect(runs.append)
    lab.sim.play()
    qtbot.waitUntil(lambda: True in runs, timeout=5000)  # a recall may come to rest at once
    qtbot.wait(300)
    lab.sim.pause()
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=5000)
    after = lab.state()
    assert same_state(before, after), "running changed nothing"
    assert same_state(after, lab.state()) == [], "the state moved while paused"
    lab.reset()
    wait_for_frame(qtbot, lab)
    assert lab.messages.isHidden(), lab.messages.text()


def test_state_is_plain_data_and_round_trips_exactly(qtbot, make_lab, lab_class):
    lab = make_lab(lab_class)
    lab.demo()
    lab.sim.play()
    qtbot.wait(300)
    lab.sim.pause()
    state = lab.state()
    json.dumps(plain(state))  # everything but the arrays is JSON
    assert "params" in state and set(state["params"]) == {p.name for p in lab.params}
    fresh = make_lab(lab_class)
    fresh.restore(state)
    assert same_state(state, fresh.state()) == []
    wait_for_frame(qtbot, fresh)
    assert fresh.snapshot.params == state["params"]


def test_controls_follow_a_restore_from_outside(qtbot, make_lab, lab_class):
    """A scene or a session file changes parameters without touching the controls: every
    control must show what the model then uses."""
    lab = make_lab(lab_class)
    rng = random.Random(3)
    wanted = {}
    for param in lab.params:
        if param.choices is not None:
            options = [v for v in param.choices.values() if v != param.default]
        elif param.boolean:
            options = [not param.default]
        else:
            options = [v for v in param.slider_values() if v != param.default]
            options = [round(v) if param.integer else float(v) for v in options]
        wanted[param.name] = rng.choice(options)
    lab.restore({"params": wanted})
    wait_for_frame(qtbot, lab)
    shown = lab.snapshot.params
    for name, control in lab._controls.items():
        param = lab.params[name]
        text = control.currentText() if hasattr(control, "currentText") else None
        if text is not None:
            assert text == param.label_of(shown[name]), name
        elif hasattr(control, "isChecked") and param.boolean:
            assert control.isChecked() == shown[name], name
        else:
            assert control.value() == pytest.approx(shown[name]), name
    lab.restore_defaults()
    wait_for_frame(qtbot, lab, lambda snap: snap.params == lab.params.defaults())


def test_a_bad_state_is_refused_and_changes_nothing(qtbot, make_lab, lab_class):
    lab = make_lab(lab_class)
    wait_for_frame(qtbot, lab)
    before = lab.state()
    messages = []
    lab.sim.error.connect(messages.append)
    name = next(iter(before["params"]))
    lab.restore({"params": {name: float("nan")}})
    lab.restore({"params": {"no such parameter": 1}})
    # the lab's own part of the state: an array one element too long, with a valid parameter
    # change beside it that must not be applied either
    part = next(k for k, v in before.items() if isinstance(v, np.ndarray) and v.size)
    param = next(p for p in lab.params if p.choices is not None or p.boolean)
    other = (
        (not param.default)
        if param.boolean
        else next(v for v in param.choices.values() if v != before["params"][param.name])
    )
    lab.restore({"params": {param.name: other}, part: np.append(before[part], before[part][-1:])})
    qtbot.waitUntil(lambda: len(messages) == 3, timeout=5000)
    assert same_state(before, lab.state()) == []


def test_survives_a_burst_of_random_input(qtbot, make_lab, lab_class):
    """Random shortcut keys and parameter changes, as a restless class might press them (the
    file dialogs excepted); nothing may raise, and the lab still answers afterwards."""
    lab = make_lab(lab_class)
    lab.demo()
    rng = random.Random(7)
    actions = [
        action
        for _, group in lab.menus()
        for action in group
        if not action.text().endswith("…") and not action.shortcut().isEmpty()
    ]
    for _ in range(60):
        if rng.random() < 0.7:
            sequence = rng.choice(actions).shortcut()
            combo = sequence[0]
            qtbot.keyClick(lab.windowHandle(), combo.key(), combo.keyboardModifiers())
        else:
            param = rng.choice(list(lab.params))
            if param.choices is not None:
                value = rng.choice(list(param.choices.values()))
            elif param.boolean:
                value = rng.random() < 0.5
            else:
                value = float(rng.choice(param.slider_values()[:12]))
                value = round(value) if param.integer else value
            lab.set_param(param.name, value)
        qtbot.wait(rng.choice([0, 1, 10]))
    lab.sim.send(Transport.PAUSE)
    wait_for_frame(qtbot, lab, timeout=20000)
    assert lab.state()["params"] == lab.snapshot.params


def test_shuts_down_cleanly_while_running(qtbot, make_lab, lab_class):
    lab = make_lab(lab_class)
    lab.demo()
    lab.sim.play()
    qtbot.wait(200)
    lab.shutdown()
    assert not lab.sim._thread.isRunning()
    lab.shutdown()  # twice is harmless


def test_every_shortcut_is_unique_within_the_lab(make_lab, lab_class):
    lab = make_lab(lab_class)
    keys = [
        action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for _, group in lab.menus()
        for action in group
        if not action.shortcut().isEmpty()
    ]
    assert len(keys) == len(set(keys)), keys


def test_restore_default_settings_is_one_key(qtbot, make_lab, lab_class):
    """Reset puts the model back to its start; Ctrl+Shift+R puts every setting back too."""
    lab = make_lab(lab_class)
    param = next(p for p in lab.params if p.choices is not None or p.bounds is not None)
    if param.choices is not None:
        other = next(v for v in param.choices.values() if v != param.default)
    else:
        other = next(float(v) for v in param.slider_values() if v != param.default)
        other = round(other) if param.integer else other
    lab.set_param(param.name, other)
    wait_for_frame(qtbot, lab, lambda snap: snap.params[param.name] == other)
    qtbot.keyClick(
        lab.windowHandle(),
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_for_frame(qtbot, lab, lambda snap: snap.params == lab.params.defaults())
