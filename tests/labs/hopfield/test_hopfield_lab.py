"""The associative-memory lab driven like a lecturer does it: mouse on the grid, keys to run."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from hopgui.labs.hopfield.presets import preset_pattern
from hopgui.labs.hopfield.session import HopfieldSession
from tests.gui import press, wait_for
from tests.labs.hopfield.lecturer import (
    drag,
    draw_letter_t,
    store_letters,
    wait_until_current,
)


def test_draw_store_corrupt_and_recall_a_letter(qtbot, lab):
    grid = lab.panel.grid
    draw_letter_t(qtbot, grid)
    drawn = grid.pattern().copy()
    assert (drawn == 1).sum() > 10  # the strokes left ink
    qtbot.keyClicks(lab.panel.name_edit, "T")
    lab.setFocus()
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: s.names == ("T",))
    # a second, different memory so recall has a choice to make
    grid.set_pattern(-drawn[::-1].copy())
    lab.store_drawing()
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    grid.set_pattern(drawn)
    lab.panel.flip_percent.setValue(30)
    press(qtbot, lab, Qt.Key.Key_F)
    cue = grid.pattern()
    assert (cue != drawn).mean() == pytest.approx(0.30, abs=0.01)
    lab.run.set_speed(float("inf"))
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
    assert np.array_equal(lab.snapshot.state, drawn)
    assert lab.panel.verdict.text() == "at rest: recalled 'T' (m = 1.00)"
    qtbot.waitUntil(lambda: np.array_equal(grid.displayed_state(), drawn), timeout=2000)


def test_right_drag_erases_and_undo_redo_restore(qtbot, lab):
    grid = lab.panel.grid
    draw_letter_t(qtbot, grid)
    with_t = grid.pattern().copy()
    rows, cols = grid.shape
    drag(qtbot, grid, [(2, 2), (2, cols - 3)], button=Qt.MouseButton.RightButton)
    assert (grid.pattern() == 1).sum() < (with_t == 1).sum()
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(grid.pattern(), with_t)
    press(
        qtbot,
        lab,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert (grid.pattern() == 1).sum() < (with_t == 1).sum()


def test_step_unit_updates_exactly_one_unit_and_marks_it(qtbot, lab):
    grid = lab.panel.grid
    store_letters(qtbot, lab, "AX")
    grid.randomize(seed=3)
    press(qtbot, lab, Qt.Key.Key_U)
    wait_for(qtbot, lab, lambda s: s.updates == 1)
    assert 0 <= lab.snapshot.marked_unit < grid.shape[0] * grid.shape[1]
    assert grid.live
    press(qtbot, lab, Qt.Key.Key_N)
    n = grid.shape[0] * grid.shape[1]
    wait_for(qtbot, lab, lambda s: s.updates == 1 + n)


def test_energy_never_rises_in_the_async_trace_shown(qtbot, lab):
    store_letters(qtbot, lab, "ATX")
    lab.panel.grid.randomize(seed=5)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
    energy = lab.snapshot.trace_energy
    assert len(energy) > 10
    assert np.all(np.diff(energy) <= 1e-12)
    # what the plot shows is the trace (plots redraw at 20 Hz, so give it a moment)
    qtbot.waitUntil(lambda: np.array_equal(lab.panel.energy_trace.curve.getData()[1], energy))


def test_synchronous_two_cycle_is_named(qtbot, lab):
    """'A' and 'X' stored, the checkerboard drawn: under synchronous updates every unit is
    decided from the same old state, and the network flips back and forth for ever."""
    store_letters(qtbot, lab, "AX")
    lab.panel.mode.setCurrentText("Synchronous")
    lab.cue.draw_preset("checkerboard")
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome != "running")
    assert lab.snapshot.params["mode"] == "sync"
    assert lab.snapshot.outcome == "two_cycle"
    assert lab.panel.verdict.text().startswith("2-cycle")


def test_running_with_nothing_stored_says_so(qtbot, lab):
    lab.panel.grid.randomize(seed=2)
    lab.toggle_run()
    qtbot.waitUntil(lambda: "Nothing is stored" in lab.messages.text(), timeout=3000)
    assert not lab.sim.running
    assert (lab.panel.grid.pattern() != -1).any()  # the drawing survived


def test_grid_size_change_keeps_memories_and_drawing(qtbot, lab):
    grid = lab.panel.grid
    store_letters(qtbot, lab, "AB")
    grid.set_pattern(np.ones(grid.shape[0] * grid.shape[1], np.int8))
    lab.panel.grid_size.setCurrentText("32 x 32")
    wait_for(qtbot, lab, lambda s: s.shape == (32, 32))
    assert lab.snapshot.names == ("A", "B")
    assert lab.snapshot.patterns.shape == (2, 1024)
    qtbot.waitUntil(lambda: grid.shape == (32, 32))
    assert (grid.pattern() == 1).all()


def test_temperature_makes_the_energy_trace_rise_at_times(qtbot, lab):
    store_letters(qtbot, lab, "AT")
    lab.panel.grid.set_pattern(lab.snapshot.patterns[0])
    lab.panel.temperature.setValue(1.5)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.sweeps > 3)
    lab.toggle_run()
    assert lab.snapshot.params["temperature"] == 1.5
    assert lab.snapshot.outcome == "running"  # Glauber dynamics never settle
    assert np.any(np.diff(lab.snapshot.trace_energy) > 0)


def test_play_after_a_finished_recall_replays_from_the_cue(qtbot, lab):
    store_letters(qtbot, lab, "AT")
    lab.panel.grid.set_pattern(lab.snapshot.patterns[0])
    lab.cue.flip_noise()
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
    outcomes = []
    lab.sim.snapshot.connect(lambda snap: outcomes.append(snap.outcome))
    lab.toggle_run()
    qtbot.waitUntil(lambda: outcomes[-2:] == ["running", "fixed_point"] or len(outcomes) > 2)
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
    assert "running" in outcomes  # it ran again from the cue
    assert lab.snapshot.verdict == "at rest: recalled 'A' (m = 1.00)"


def test_a_preset_is_drawn_named_and_sent_as_the_cue(qtbot, lab):
    presets = lab.panel.presets
    index = presets.findText("T")
    presets.setCurrentIndex(index)
    presets.activated.emit(index)  # as when a person picks 'T'
    t = preset_pattern("T", (16, 16))
    assert np.array_equal(lab.panel.grid.pattern(), t)
    assert lab.panel.name_edit.text() == "T" and presets.currentIndex() == 0
    wait_until_current(qtbot, lab)
    assert np.array_equal(lab.snapshot.cue, t)


def test_typing_a_name_and_pressing_enter_stores_the_drawing(qtbot, lab):
    draw_letter_t(qtbot, lab.panel.grid)
    lab.panel.name_edit.setFocus()
    for key in (Qt.Key.Key_S, Qt.Key.Key_F):  # letters that are shortcuts elsewhere
        press(qtbot, lab, key)
    press(qtbot, lab, Qt.Key.Key_Return)
    wait_for(qtbot, lab, lambda s: s.names == ("sf",))
    assert lab.panel.name_edit.text() == ""


def recall_to_rest(qtbot, lab, letters="AT"):
    store_letters(qtbot, lab, letters)
    lab.panel.grid.set_pattern(lab.snapshot.patterns[0])
    lab.cue.flip_noise()
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")


def test_editing_after_a_run_shows_the_drawing_again(qtbot, lab):
    recall_to_rest(qtbot, lab)
    assert lab.panel.grid.live
    press(qtbot, lab, Qt.Key.Key_C)  # clear: the class must see it happen
    assert not lab.panel.grid.live
    assert (lab.panel.grid.displayed_state() == -1).all()


def test_store_after_a_run_stores_the_state_on_screen(qtbot, lab):
    recall_to_rest(qtbot, lab)
    shown = lab.panel.grid.displayed_state()
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: len(s.names) == 3)
    assert np.array_equal(lab.snapshot.patterns[2], shown)


def test_a_grid_too_big_for_the_rule_is_refused_and_nothing_changes(qtbot, lab):
    grid = lab.panel.grid
    lab.store_presets("AT")
    lab.panel.rule.setCurrentText("Storkey")
    wait_for(qtbot, lab, lambda s: s.params["rule"] == "storkey" and len(s.names) == 2)
    drawing = grid.pattern()
    lab.panel.grid_size.setCurrentText("96 x 96")
    qtbot.waitUntil(lambda: "Storkey" in lab.messages.text() and "64 x 64" in lab.messages.text())
    wait_until_current(qtbot, lab)
    assert lab.snapshot.shape == (16, 16)
    assert grid.shape == (16, 16) and lab.panel.grid_size.currentText() == "16 x 16"
    assert np.array_equal(grid.pattern(), drawing)


def test_a_rule_the_model_refuses_is_not_left_showing(qtbot, lab):
    lab.panel.grid_size.setCurrentText("128 x 128")
    lab.store_presets("AT")  # before the grid has grown: the session redraws them at 128 x 128
    wait_for(qtbot, lab, lambda s: s.shape == (128, 128) and len(s.names) == 2)
    lab.panel.rule.setCurrentText("Pseudo-inverse")
    qtbot.waitUntil(lambda: "dense" in lab.messages.text())
    wait_for(qtbot, lab, lambda s: True)
    qtbot.waitUntil(lambda: lab.panel.rule.currentText() == "Hebbian")


def test_a_rule_then_a_grid_size_in_quick_succession_leaves_grid_and_model_agreed(qtbot, lab):
    """The controls show what the model uses, and the next Store works."""
    lab.panel.rule.setCurrentText("Storkey")
    lab.panel.grid_size.setCurrentText("128 x 128")  # refused: too big for Storkey
    lab.panel.grid_size.setCurrentText("64 x 64")
    wait_until_current(qtbot, lab)
    assert (lab.snapshot.params["rule"], lab.snapshot.params["grid_size"]) == ("storkey", 64)
    assert lab.panel.grid.shape == (64, 64) and lab.panel.grid_size.currentText() == "64 x 64"
    lab.panel.grid.randomize(seed=1)
    lab.store_drawing()
    wait_for(qtbot, lab, lambda s: s.names == ("P1",))


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ((("rule", "Storkey"), ("grid_size", "64 x 64")), ("storkey", 64)),
        ((("rule", "Storkey"), ("grid_size", "128 x 128")), ("storkey", 16)),  # 128: refused
        ((("grid_size", "128 x 128"), ("rule", "Pseudo-inverse")), ("hebbian", 128)),  # refused
        (
            (("rule", "Storkey"), ("grid_size", "128 x 128"), ("grid_size", "64 x 64")),
            ("storkey", 64),
        ),
        (
            (("grid_size", "64 x 64"), ("rule", "Pseudo-inverse"), ("grid_size", "32 x 32")),
            ("pseudoinverse", 32),
        ),
    ],
    ids=["storkey-64", "storkey-128", "128-pinv", "storkey-128-64", "64-pinv-32"],
)
def test_rule_and_grid_size_chosen_fast_then_store_leaves_grid_and_model_agreed(
    qtbot, lab, choices, expected
):
    """The trial run: a rule and then a grid size chosen quickly left the grid at 128 x 128 and
    the model at 64 x 64, and the next Store failed ("patterns must have shape (P, 4096)").
    Here with memories stored (so the weights take time), no waiting anywhere."""
    errors = []
    lab.sim.error.connect(errors.append)
    store_letters(qtbot, lab, "ATX")
    controls = {"rule": lab.panel.rule, "grid_size": lab.panel.grid_size}
    for name, text in choices:
        controls[name].setCurrentText(text)  # as a person picks it, one right after the other
    lab.panel.grid.randomize(seed=1)
    press(qtbot, lab, Qt.Key.Key_S)  # store the drawing at once
    press(qtbot, lab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # and the letters A-E
    wait_for(qtbot, lab, lambda s: len(s.names) == 9, timeout=20000)
    wait_until_current(qtbot, lab)
    rule, side = expected
    snap = lab.snapshot
    assert (snap.params["rule"], snap.params["grid_size"]) == (rule, side)
    assert snap.shape == lab.panel.grid.shape == (side, side)
    assert snap.patterns.shape == (9, side * side)
    assert lab.panel.grid_size.currentText() == f"{side} x {side}"
    assert lab.panel.rule.currentText() == lab.params["rule"].label_of(rule)
    assert snap.names == ("A", "T", "X", "P4", "A", "B", "C", "D", "E")
    assert all("allows grids up to 64 x 64" in e for e in errors)  # only the refusals


def test_the_landscape_keeps_its_memories_when_another_is_removed(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # letters A-E
    wait_for(qtbot, lab, lambda s: s.names == tuple("ABCDE"))
    lab.sim.send(HopfieldSession.set_landscape_pair, 2, 4)
    wait_for(qtbot, lab, lambda s: s.landscape.pair == (2, 4))
    lab.sim.send(HopfieldSession.remove, 0)
    wait_for(qtbot, lab, lambda s: len(s.names) == 4)
    pair = lab.snapshot.landscape.pair
    assert (lab.snapshot.names[pair[0]], lab.snapshot.names[pair[1]]) == ("C", "E")
    qtbot.waitUntil(lambda: lab.panel.pair_a.currentText() == "'C'")
    assert lab.panel.pair_b.currentText() == "'E'"


def test_picking_the_same_memory_for_both_axes_swaps_them(qtbot, lab):
    store_letters(qtbot, lab, "ABC")
    wait_for(qtbot, lab, lambda s: s.landscape.pair == (0, 1))
    qtbot.waitUntil(lambda: lab.panel.pair_b.currentText() == "'B'")
    lab.panel.pair_a.setCurrentIndex(1)
    lab.panel.pair_a.activated.emit(1)  # as when a person picks 'B' in the first box
    wait_for(qtbot, lab, lambda s: s.landscape.pair == (1, 0))
    assert not lab.messages.text()


def test_after_enter_in_a_box_the_keys_work_again(qtbot, lab):
    store_letters(qtbot, lab, "AT")
    lab.panel.grid.set_pattern(lab.snapshot.patterns[0])
    lab.panel.flip_percent.setFocus()
    press(qtbot, lab, Qt.Key.Key_Return)
    lab.run.set_speed(float("inf"))
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")


def test_keep_makes_the_recalled_state_the_drawing_and_undo_takes_it_back(qtbot, lab):
    recall_to_rest(qtbot, lab)
    noisy, state = lab.panel.grid.pattern(), lab.snapshot.state.copy()
    assert not np.array_equal(noisy, state)
    press(qtbot, lab, Qt.Key.Key_K)  # keep the recalled state as the drawing
    assert not lab.panel.grid.live
    qtbot.waitUntil(lambda: np.array_equal(lab.panel.grid.pattern(), state))
    assert np.array_equal(lab.snapshot.cue, state)
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # K is undoable
    wait_until_current(qtbot, lab)
    assert np.array_equal(lab.panel.grid.pattern(), noisy)
    assert np.array_equal(lab.snapshot.cue, noisy)


def test_edit_shows_the_drawing_and_the_verdict_describes_it(qtbot, lab):
    recall_to_rest(qtbot, lab)
    assert lab.panel.verdict.text() == "at rest: recalled 'A' (m = 1.00)"
    press(qtbot, lab, Qt.Key.Key_E)  # back to the drawing: the noisy cue
    assert not lab.panel.grid.live
    wait_until_current(qtbot, lab)
    assert np.array_equal(lab.snapshot.state, lab.panel.grid.pattern())
    assert lab.panel.verdict.text() == "paused: closest 'A' (m = 0.40)"


def test_the_demo_stores_three_letters_and_draws_a_noisy_a(qtbot, lab):
    lab.demo()
    wait_for(qtbot, lab, lambda s: s.names == ("A", "T", "X"))
    wait_until_current(qtbot, lab)
    a = lab.snapshot.patterns[0]
    assert np.mean(lab.panel.grid.pattern() != a) == pytest.approx(0.30, abs=0.01)
    assert np.array_equal(lab.snapshot.cue, lab.panel.grid.pattern())


def test_memory_edits_and_drawing_edits_share_one_undo_history(qtbot, lab):
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    grid = lab.panel.grid
    store_letters(qtbot, lab, "ATX")  # 1: a Store
    letters = lab.snapshot.patterns.copy()
    drag(qtbot, grid, [(2, 2), (2, 6)])  # 2: a stroke on the drawing
    stroked = grid.pattern().copy()
    press(qtbot, lab, Qt.Key.Key_S)  # 3: store the drawing
    wait_for(qtbot, lab, lambda s: s.names == ("A", "T", "X", "P4"))
    lab.panel.library.remove_requested.emit(1)  # 4: remove 'T' from the library
    wait_for(qtbot, lab, lambda s: s.names == ("A", "X", "P4"))
    press(qtbot, lab, Qt.Key.Key_Delete, ctrl | shift)  # 5: forget all
    wait_for(qtbot, lab, lambda s: s.names == ())

    press(qtbot, lab, Qt.Key.Key_Z, ctrl)  # undo 5
    wait_for(qtbot, lab, lambda s: s.names == ("A", "X", "P4"))
    press(qtbot, lab, Qt.Key.Key_Z, ctrl)  # undo 4: 'T' back in its place
    wait_for(qtbot, lab, lambda s: s.names == ("A", "T", "X", "P4"))
    assert np.array_equal(lab.snapshot.patterns[:3], letters)
    press(qtbot, lab, Qt.Key.Key_Z, ctrl)  # undo 3
    wait_for(qtbot, lab, lambda s: s.names == ("A", "T", "X"))
    assert np.array_equal(grid.pattern(), stroked)  # the drawing was not touched so far
    press(qtbot, lab, Qt.Key.Key_Z, ctrl)  # undo 2: the stroke
    wait_until_current(qtbot, lab)
    assert not np.array_equal(grid.pattern(), stroked)
    assert lab.snapshot.names == ("A", "T", "X")
    press(qtbot, lab, Qt.Key.Key_Z, ctrl | shift)  # redo 2
    press(qtbot, lab, Qt.Key.Key_Z, ctrl | shift)  # redo 3
    wait_for(qtbot, lab, lambda s: s.names == ("A", "T", "X", "P4"))
    assert np.array_equal(grid.pattern(), stroked)
    press(qtbot, lab, Qt.Key.Key_Z, ctrl)  # and undo 3 again
    wait_for(qtbot, lab, lambda s: s.names == ("A", "T", "X"))


def test_a_refused_store_takes_one_undo_step_and_changes_nothing(qtbot, lab):
    store_letters(qtbot, lab, "AT")
    bad = np.ones(lab.panel.grid.shape, dtype=np.int8).reshape(1, -1)
    lab.store_with_note(bad, ["bell\x07"], lab.panel.grid.shape, "x")  # a control character
    qtbot.waitUntil(lambda: "control character" in lab.messages.text())
    assert lab.snapshot.names == ("A", "T")
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the refused store
    wait_until_current(qtbot, lab)
    assert lab.snapshot.names == ("A", "T")
    press(qtbot, lab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the letters
    wait_for(qtbot, lab, lambda s: s.names == ())
