"""The associative-memory lab driven like a lecturer does it: mouse on the grid, keys to run."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from hopgui.main_window import MainWindow
from tests.gui import press, wait_for

LAB = "hopfield"


def centre(grid, row, col) -> QPoint:
    return grid.cell_rect(row, col).center().toPoint()


def drag(qtbot, grid, cells, button=Qt.MouseButton.LeftButton):
    """Press on the first cell, move through the others, release on the last."""
    qtbot.mousePress(grid, button, pos=centre(grid, *cells[0]))
    for cell in cells[1:]:
        qtbot.mouseMove(grid, centre(grid, *cell))
    qtbot.mouseRelease(grid, button, pos=centre(grid, *cells[-1]))


def draw_letter_t(qtbot, grid):
    rows, cols = grid.shape
    drag(qtbot, grid, [(2, 2), (2, cols - 3)])  # the bar
    drag(qtbot, grid, [(2, cols // 2), (rows - 3, cols // 2)])  # the stem


def test_draw_store_corrupt_and_recall_a_letter(qtbot, window):
    lab = window.hopfield
    grid = lab.grid
    draw_letter_t(qtbot, grid)
    drawn = grid.pattern().copy()
    assert (drawn == 1).sum() > 10  # the strokes left ink
    qtbot.keyClicks(lab.name_edit, "T")
    lab.setFocus()
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: s.names == ("T",))
    # a second, different memory so recall has a choice to make
    grid.set_pattern(-drawn[::-1].copy())
    lab.store_drawing()
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    grid.set_pattern(drawn)
    lab.flip_percent.setValue(30)
    press(qtbot, lab, Qt.Key.Key_F)
    cue = grid.pattern()
    assert (cue != drawn).mean() == pytest.approx(0.30, abs=0.01)
    lab.run.set_speed(float("inf"))
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
    assert np.array_equal(lab.snapshot.state, drawn)
    assert lab.verdict.text() == "at rest: recalled 'T' (m = 1.00)"
    qtbot.waitUntil(lambda: np.array_equal(grid.displayed_state(), drawn), timeout=2000)


def test_right_drag_erases_and_undo_redo_restore(qtbot, window):
    grid = window.hopfield.grid
    draw_letter_t(qtbot, grid)
    with_t = grid.pattern().copy()
    rows, cols = grid.shape
    drag(qtbot, grid, [(2, 2), (2, cols - 3)], button=Qt.MouseButton.RightButton)
    assert (grid.pattern() == 1).sum() < (with_t == 1).sum()
    press(qtbot, window.hopfield, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(grid.pattern(), with_t)
    press(
        qtbot,
        window.hopfield,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert (grid.pattern() == 1).sum() < (with_t == 1).sum()


def test_step_unit_updates_exactly_one_unit_and_marks_it(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AX")
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    lab.grid.randomize(seed=3)
    press(qtbot, lab, Qt.Key.Key_Period)
    wait_for(qtbot, lab, lambda s: s.updates == 1)
    assert 0 <= lab.snapshot.marked_unit < lab.grid.shape[0] * lab.grid.shape[1]
    assert lab.grid.live
    press(qtbot, lab, Qt.Key.Key_N)
    n = lab.grid.shape[0] * lab.grid.shape[1]
    wait_for(qtbot, lab, lambda s: s.updates == 1 + n)


def test_energy_never_rises_in_the_async_trace_shown(qtbot, window):
    lab = window.hopfield
    lab.store_presets("ATX")
    wait_for(qtbot, lab, lambda s: len(s.names) == 3)
    lab.grid.randomize(seed=5)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
    energy = lab.snapshot.trace_energy
    assert len(energy) > 10
    assert np.all(np.diff(energy) <= 1e-12)
    # what the plot shows is the trace (plots redraw at 20 Hz, so give it a moment)
    qtbot.waitUntil(lambda: np.array_equal(lab.energy_trace.curve.getData()[1], energy))


def test_synchronous_two_cycle_is_named(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AT")
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    lab.mode.setCurrentText("Synchronous")
    lab.grid.randomize(seed=1)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome != "running")
    outcome = lab.snapshot.outcome
    assert outcome in ("fixed_point", "two_cycle")
    if outcome == "two_cycle":
        assert lab.verdict.text().startswith("2-cycle")


def test_running_with_nothing_stored_says_so(qtbot, window):
    lab = window.hopfield
    lab.grid.randomize(seed=2)
    lab.toggle_run()
    qtbot.waitUntil(lambda: "Nothing is stored" in lab.messages.text(), timeout=3000)
    assert not lab.sim.running
    assert (lab.grid.pattern() != -1).any()  # the drawing survived


def test_grid_size_change_keeps_memories_and_drawing(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AB")
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    lab.grid.set_pattern(np.ones(lab.grid.shape[0] * lab.grid.shape[1], np.int8))
    lab.grid_size.setCurrentText("32 x 32")
    wait_for(qtbot, lab, lambda s: s.shape == (32, 32))
    assert lab.snapshot.names == ("A", "B")
    assert lab.snapshot.patterns.shape == (2, 1024)
    assert lab.grid.shape == (32, 32) and (lab.grid.pattern() == 1).all()


def test_help_overlay_lists_shortcuts(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    keys = [k for k, _ in window.help.rows]
    assert "Space" in keys and "S" in keys
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    assert not window.help.isVisible()


def test_temperature_makes_the_energy_trace_rise_at_times(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AT")
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    lab.grid.set_pattern(lab.snapshot.patterns[0])
    lab.temperature.setValue(1.5)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.sweeps > 3)
    lab.toggle_run()
    assert lab.snapshot.outcome == "running"  # Glauber dynamics never settle
    assert np.any(np.diff(lab.snapshot.trace_energy) > 0)


def test_closing_the_window_mid_run_stops_the_thread(qtbot):
    win = MainWindow(lab="hopfield")
    qtbot.addWidget(win)
    win.show()
    lab = win.hopfield
    lab.store_presets("ATX")
    lab.temperature.setValue(1.0)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    qtbot.waitUntil(lambda: lab.sim.running, timeout=3000)
    thread = lab.sim._thread
    win.close()
    assert thread.isFinished()


def test_play_after_a_finished_recall_replays_from_the_cue(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AT")
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    lab.grid.set_pattern(lab.snapshot.patterns[0])
    lab.flip_noise()
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


def test_typing_a_name_and_pressing_enter_stores_the_drawing(qtbot, window):
    lab = window.hopfield
    draw_letter_t(qtbot, lab.grid)
    lab.name_edit.setFocus()
    for key in (Qt.Key.Key_S, Qt.Key.Key_F):  # letters that are shortcuts elsewhere
        press(qtbot, lab, key)
    press(qtbot, lab, Qt.Key.Key_Return)
    wait_for(qtbot, lab, lambda s: s.names == ("sf",))
    assert lab.name_edit.text() == ""


def test_the_grid_size_is_remembered_for_next_time(qtbot, window):
    window.hopfield.grid_size.setCurrentText("32 x 32")
    window.close()
    again = MainWindow(lab="hopfield")
    qtbot.addWidget(again)
    assert again.hopfield.grid.shape == (32, 32)
    assert again.hopfield.grid_size.currentText() == "32 x 32"
    again.close()
    again.hopfield.shutdown()


def recall_to_rest(qtbot, lab, letters="AT"):
    lab.store_presets(letters)
    wait_for(qtbot, lab, lambda s: len(s.names) == len(letters))
    lab.grid.set_pattern(lab.snapshot.patterns[0])
    lab.flip_noise()
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")


def test_editing_after_a_run_shows_the_drawing_again(qtbot, window):
    lab = window.hopfield
    recall_to_rest(qtbot, lab)
    assert lab.grid.live
    press(qtbot, lab, Qt.Key.Key_C)  # clear: the class must see it happen
    assert not lab.grid.live
    assert (lab.grid.displayed_state() == -1).all()


def test_store_after_a_run_stores_the_state_on_screen(qtbot, window):
    lab = window.hopfield
    recall_to_rest(qtbot, lab)
    shown = lab.grid.displayed_state()
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: len(s.names) == 3)
    assert np.array_equal(lab.snapshot.patterns[2], shown)


def test_a_grid_too_big_for_the_rule_is_refused_and_nothing_changes(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AT")
    lab.rule.setCurrentText("Storkey")
    wait_for(qtbot, lab, lambda s: s.rule == "storkey" and len(s.names) == 2)
    drawing = lab.grid.pattern()
    lab.grid_size.setCurrentText("96 x 96")
    assert "Storkey" in lab.messages.text() and "64 x 64" in lab.messages.text()
    assert lab.grid.shape == (16, 16) and lab.grid_size.currentText() == "16 x 16"
    assert np.array_equal(lab.grid.pattern(), drawing)


def test_a_rule_the_model_refuses_is_not_left_showing(qtbot, window):
    lab = window.hopfield
    lab.grid_size.setCurrentText("128 x 128")
    lab.store_presets("AT")
    wait_for(qtbot, lab, lambda s: s.shape == (128, 128) and len(s.names) == 2)
    lab.rule.setCurrentText("Pseudo-inverse")
    qtbot.waitUntil(lambda: "dense" in lab.messages.text())
    wait_for(qtbot, lab, lambda s: True)
    qtbot.waitUntil(lambda: lab.rule.currentText() == "Hebbian")


def test_the_landscape_keeps_its_memories_when_another_is_removed(qtbot, window):
    lab = window.hopfield
    lab.store_presets("ABCDE")
    wait_for(qtbot, lab, lambda s: len(s.names) == 5)
    lab.sim.send("set_landscape_pair", 2, 4)
    wait_for(qtbot, lab, lambda s: s.landscape.pair == (2, 4))
    lab.sim.send("remove", 0)
    wait_for(qtbot, lab, lambda s: len(s.names) == 4)
    pair = lab.snapshot.landscape.pair
    assert (lab.snapshot.names[pair[0]], lab.snapshot.names[pair[1]]) == ("C", "E")
    qtbot.waitUntil(lambda: lab.pair_a.currentText() == "'C'")
    assert lab.pair_b.currentText() == "'E'"


def test_picking_the_same_memory_for_both_axes_swaps_them(qtbot, window):
    lab = window.hopfield
    lab.store_presets("ABC")
    wait_for(qtbot, lab, lambda s: len(s.names) == 3 and s.landscape.pair == (0, 1))
    qtbot.waitUntil(lambda: lab.pair_b.currentText() == "'B'")
    lab.pair_a.setCurrentIndex(1)
    lab.pair_a.activated.emit(1)  # as when a person picks 'B' in the first box
    wait_for(qtbot, lab, lambda s: s.landscape.pair == (1, 0))
    assert not lab.messages.text()


def test_after_enter_in_a_box_the_keys_work_again(qtbot, window):
    lab = window.hopfield
    lab.store_presets("AT")
    wait_for(qtbot, lab, lambda s: len(s.names) == 2)
    lab.grid.set_pattern(lab.snapshot.patterns[0])
    lab.temperature.setFocus()
    press(qtbot, lab, Qt.Key.Key_Return)
    lab.run.set_speed(float("inf"))
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.outcome == "fixed_point")
