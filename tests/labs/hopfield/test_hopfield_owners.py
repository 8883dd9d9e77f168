"""Who owns what in the associative-memory lab: the session owns the cue, the grid size, the
names and every parameter; the widgets show what it uses, whatever changed it, at once."""

import faulthandler

import numpy as np
import pytest
from PySide6.QtCore import Qt

from hopgui.core.lab import Lab
from hopgui.labs.hopfield.lab import HopfieldLab
from hopgui.labs.hopfield.panel import HopfieldPanel
from hopgui.labs.hopfield.presets import preset_pattern
from hopgui.labs.hopfield.session import HopfieldSession
from models.patterns import save_pattern_set
from tests.gui import press, wait_for
from tests.labs.hopfield.lecturer import (
    centre,
    draw_letter_t,
    store_letters,
    wait_until_current,
)

HOSTILE_NAME = '<b>x</b><img src="/dev/zero">'


def ball(lab):
    x, y = lab.panel.landscape.ball.getData()
    return (float(x[0]), float(y[0])) if len(x) else None


def test_the_lab_owns_its_panel_and_declares_what_it_is():
    assert HopfieldLab.__bases__ == (Lab,)
    assert not issubclass(HopfieldPanel, Lab)
    assert (HopfieldLab.name, HopfieldLab.title) == ("hopfield", "Associative memory")
    assert HopfieldLab.session_class is HopfieldSession
    assert (HopfieldLab.speed_range, HopfieldLab.speed_unit) == ((1, 1e6), "updates/s")
    assert HopfieldLab.default_speed == 300 and HopfieldLab.summary
    params = HopfieldSession.param_set()
    assert [p.name for p in params] == [
        "rule", "mode", "temperature", "grid_size", "asymmetry", "damage", "damage_kind",
        "network", "beta", "degree",
    ]  # fmt: skip
    assert params["grid_size"].remember and params["grid_size"].default == 16


def test_hide_hides_the_lab_and_h_hides_half_the_drawing(qtbot, lab):
    grid = lab.panel.grid
    grid.set_pattern(np.ones(256, np.int8))
    lab.hide()  # QWidget.hide: the page goes away, the drawing is untouched
    assert not lab.isVisible()
    assert (grid.pattern() == 1).all()
    lab.show()
    lab.setFocus()
    press(qtbot, lab, Qt.Key.Key_H)  # the lower half blanked: a partial cue
    cells = grid.pattern().reshape(16, 16)
    assert (cells[:8] == 1).all() and (cells[8:] == -1).all()
    wait_until_current(qtbot, lab)
    assert np.array_equal(lab.snapshot.cue, grid.pattern())


def test_pressing_store_twice_before_a_frame_returns_gives_two_names(qtbot, lab):
    lab.panel.grid.randomize(seed=11)
    press(qtbot, lab, Qt.Key.Key_S)
    press(qtbot, lab, Qt.Key.Key_S)  # no waiting: the first frame has not come back yet
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    assert lab.snapshot.names == ("P1", "P2")


def test_every_edit_updates_the_verdict_and_the_ball_at_once(qtbot, lab):
    """Flip, undo and store: no Space needed for the verdict and the ball to catch up."""
    grid = lab.panel.grid
    store_letters(qtbot, lab, "AT")
    a = lab.snapshot.patterns[0]
    cross = float(a @ lab.snapshot.patterns[1].astype(float)) / 256
    grid.set_pattern(a)
    wait_until_current(qtbot, lab)
    assert lab.panel.verdict.text() == "paused: closest 'A' (m = 1.00)"
    qtbot.waitUntil(lambda: ball(lab) == pytest.approx((1.0, cross)))
    press(qtbot, lab, Qt.Key.Key_F)  # flip 30 %
    wait_until_current(qtbot, lab)
    assert lab.panel.verdict.text() == "paused: closest 'A' (m = 0.40)"
    qtbot.waitUntil(lambda: ball(lab)[0] == pytest.approx(0.398, abs=0.001))
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the flip
    wait_until_current(qtbot, lab)
    assert lab.panel.verdict.text() == "paused: closest 'A' (m = 1.00)"
    qtbot.waitUntil(lambda: ball(lab) == pytest.approx((1.0, cross)))
    press(qtbot, lab, Qt.Key.Key_C)
    grid.set_pattern(preset_pattern("X", (16, 16)))
    press(qtbot, lab, Qt.Key.Key_S)  # store the drawing: it is exactly what the grid shows
    wait_for(qtbot, lab, lambda s: len(s.names) == 3)
    wait_until_current(qtbot, lab)
    assert lab.panel.verdict.text() == "paused: closest 'P3' (m = 1.00)"


def test_a_restore_from_outside_shows_in_every_control(qtbot, lab):
    cue = np.where(np.arange(400) % 3 == 0, 1, -1).astype(np.int8)
    memories = np.array([preset_pattern(c, (20, 20)) for c in "LOV"])
    scene = {
        "params": {"rule": "storkey", "mode": "sync", "temperature": 1.25, "grid_size": 20},
        "patterns": memories,
        "names": ["L", "O", "V"],
        "cue": cue,
        "landscape_pair": [2, 1],
    }
    lab.restore(scene)
    wait_until_current(qtbot, lab)
    panel = lab.panel
    assert panel.rule.currentText() == "Storkey"
    assert panel.mode.currentText() == "Synchronous"
    assert panel.temperature.value() == 1.25
    assert panel.grid_size.currentText() == "20 x 20"
    assert panel.grid.shape == (20, 20) and np.array_equal(panel.grid.pattern(), cue)
    assert panel.library.count() == 3
    assert (panel.pair_a.currentText(), panel.pair_b.currentText()) == ("'V'", "'O'")
    lab.restore_defaults()
    wait_until_current(qtbot, lab)
    assert (panel.rule.currentText(), panel.mode.currentText()) == (
        "Hebbian",
        "Asynchronous (random order)",
    )
    assert panel.temperature.value() == 0.0 and panel.grid_size.currentText() == "16 x 16"
    assert panel.grid.shape == (16, 16) and lab.snapshot.names == ("L", "O", "V")


def test_the_lab_state_round_trips_exactly(qtbot, make_lab, lab):
    store_letters(qtbot, lab, "ATX")
    lab.set_param("temperature", 0.5)
    lab.panel.grid.set_pattern(lab.snapshot.patterns[1])
    lab.cue.flip_noise()
    lab.step("sweep")
    state = lab.state()
    assert state["names"] == ["A", "T", "X"] and state["params"]["temperature"] == 0.5
    other = make_lab(HopfieldLab)
    other.restore(state)
    restored = other.state()
    assert restored.keys() == state.keys()
    for key, value in state.items():
        same = np.array_equal if isinstance(value, np.ndarray) else (lambda a, b: a == b)
        assert same(restored[key], value), key
    wait_until_current(qtbot, other)
    assert np.array_equal(other.panel.grid.pattern(), state["cue"])


def test_a_bad_state_is_refused_with_a_message_and_nothing_changes(qtbot, lab):
    store_letters(qtbot, lab, "AT")
    lab.panel.grid.randomize(seed=6)
    wait_until_current(qtbot, lab)
    before, drawing = lab.state(), lab.panel.grid.pattern()
    lab.restore({"params": {"temperature": 2.0}, "cue": np.full(256, 0.5)})
    qtbot.waitUntil(lambda: "-1 and +1" in lab.messages.text())
    after = lab.state()
    assert after["params"] == before["params"]
    assert np.array_equal(after["cue"], before["cue"])
    assert np.array_equal(lab.panel.grid.pattern(), drawing)
    assert lab.panel.temperature.value() == 0.0


def test_a_frame_from_before_an_edit_never_overwrites_the_drawing(qtbot, lab):
    grid = lab.panel.grid
    a, t = (preset_pattern(c, (16, 16)) for c in "AT")
    showed_t = []
    lab.sim.snapshot.connect(lambda _snap: showed_t.append(np.array_equal(grid.pattern(), t)))
    lab.restore({"cue": t})  # say a scene sets the cue ...
    grid.set_pattern(a)  # ... and the lecturer draws before its frame is back
    wait_until_current(qtbot, lab)
    assert not any(showed_t)
    assert np.array_equal(grid.pattern(), a) and np.array_equal(lab.snapshot.cue, a)


def test_a_stroke_under_way_is_not_replaced_by_the_session(qtbot, lab):
    grid = lab.panel.grid
    t = preset_pattern("T", (16, 16))
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=centre(grid, 14, 2))
    qtbot.mouseMove(grid, centre(grid, 14, 9))
    lab.restore({"cue": t})  # arrives while the button is still down
    wait_for(qtbot, lab, lambda s: lab.sim.is_current(s) and np.array_equal(s.cue, t))
    assert grid.painting and (grid.pattern().reshape(16, 16)[14, 2:10] == 1).all()
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=centre(grid, 14, 9))
    wait_until_current(qtbot, lab)
    assert np.array_equal(lab.snapshot.cue, grid.pattern())
    assert (grid.pattern() == 1).sum() == 8  # the stroke, and nothing of the T


def test_only_declared_commands_reach_the_session(qtbot, lab):
    lab.sim.send("store", np.ones(256), ["by name"])  # the old way: a method name
    qtbot.waitUntil(lambda: "not a command" in lab.messages.text())
    lab.messages.dismiss()
    lab.sim.send(HopfieldSession.advance, 10)  # a public method, but not a command
    qtbot.waitUntil(lambda: "not a command" in lab.messages.text())
    wait_until_current(qtbot, lab)
    assert lab.snapshot.names == () and lab.snapshot.updates == 0


def test_names_from_users_and_files_are_shown_as_plain_text(qtbot, lab, tmp_path):
    """A name that is HTML must not be rendered: rendered, this one reads /dev/zero for ever,
    so a watchdog ends the test run instead of hanging (the code before the fix did that)."""
    faulthandler.dump_traceback_later(120, exit=True)
    try:
        path = tmp_path / "hostile.npz"
        memories = np.array([preset_pattern(c, (16, 16)) for c in "AT"])
        save_pattern_set(path, memories, (16, 16), [HOSTILE_NAME, "T"])
        assert lab.files.load_pattern_set(str(path))
        wait_for(qtbot, lab, lambda s: s.names == (HOSTILE_NAME, "T"))
        legend = lab.panel.overlaps.plot.getPlotItem().legend
        qtbot.waitUntil(lambda: len(legend.items) == 2)
        shown = sorted(label.item.toPlainText() for _, label in legend.items)
        assert shown[0].startswith("'<b>x</b><img src=")  # the text itself (maybe cut short)
        axis = lab.panel.landscape.plot.getAxis("bottom")
        qtbot.waitUntil(lambda: "'<b>x</b><img src=" in axis.label.toPlainText())  # as text
        assert lab.panel.library.names()[0] == HOSTILE_NAME
        assert lab.panel.pair_a.currentText() == f"'{HOSTILE_NAME}'"
        file_name = '<big>x<img src="zero">.npz'  # a file name has no "/" in it
        assert not lab.files.load_pattern_set(str(tmp_path / file_name))
        assert lab.messages.label.textFormat() == Qt.TextFormat.PlainText
        assert file_name in lab.messages.text()
        lab.panel.grid.grab()  # paint everything once
        lab.grab()
    finally:
        faulthandler.cancel_dump_traceback_later()


def plotted_overlaps(lab) -> list[float]:
    """The newest point of every overlap curve, sorted."""
    return sorted(float(c.getData()[1][-1]) for c in lab.panel.overlaps.plot.listDataItems())


def assert_everything_describes_the_drawing(qtbot, lab, closest=None, m=None):
    """The verdict, the overlaps (and their plot) and the ball describe the drawing on the grid,
    with no Space pressed: the grid shows the cue, not a run."""
    wait_until_current(qtbot, lab)
    grid, snap = lab.panel.grid, lab.snapshot
    assert not grid.live
    overlaps = snap.patterns.astype(float) @ grid.pattern() / grid.pattern().size
    np.testing.assert_allclose(snap.overlaps, overlaps)
    best = int(np.argmax(np.abs(overlaps)))
    verdict = f"paused: closest '{snap.names[best]}' (m = {overlaps[best]:.2f})"
    assert lab.panel.verdict.text() == verdict
    if closest is not None:
        assert verdict == f"paused: closest '{closest}' (m = {m})"
    if snap.landscape is not None:  # two memories or more
        a, b = snap.landscape.pair
        qtbot.waitUntil(lambda: ball(lab) == pytest.approx((overlaps[a], overlaps[b])))
    qtbot.waitUntil(lambda: plotted_overlaps(lab) == pytest.approx(sorted(overlaps)))
    return overlaps


def test_the_readme_edits_update_the_verdict_overlaps_and_ball_at_once(qtbot, lab):
    """What the lecturer's trial run found stale until Space: a stored drawing (said m = 0.66),
    F (nothing moved), undo back to a clean 'T' (said m = 0.41). Redo, H and a preset too."""
    grid = lab.panel.grid
    draw_letter_t(qtbot, grid)
    t = grid.pattern().copy()
    qtbot.keyClicks(lab.panel.name_edit, "T")
    lab.setFocus()
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: s.names == ("T",))
    assert_everything_describes_the_drawing(qtbot, lab, "T", "1.00")
    press(qtbot, lab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # letters A-E
    wait_for(qtbot, lab, lambda s: len(s.names) == 6)
    assert_everything_describes_the_drawing(qtbot, lab, "T", "1.00")
    press(qtbot, lab, Qt.Key.Key_F)  # flip 30 %: m falls to about 0.40 with no Space
    noisy = grid.pattern().copy()
    flipped = assert_everything_describes_the_drawing(qtbot, lab)
    assert flipped[0] == pytest.approx(1 - 2 * np.mean(noisy != t)) and flipped[0] < 0.5
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: clean 'T'
    assert np.array_equal(grid.pattern(), t)
    assert_everything_describes_the_drawing(qtbot, lab, "T", "1.00")
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, lab, Qt.Key.Key_Z, redo)  # redo: the noisy 'T' again
    assert np.array_equal(grid.pattern(), noisy)
    assert_everything_describes_the_drawing(qtbot, lab)
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, lab, Qt.Key.Key_H)  # hide the lower half of the clean 'T'
    hidden = assert_everything_describes_the_drawing(qtbot, lab)
    assert hidden[0] < 1.0
    lab.cue.draw_preset("C")  # a preset: exactly the stored 'C'
    assert_everything_describes_the_drawing(qtbot, lab, "C", "1.00")
