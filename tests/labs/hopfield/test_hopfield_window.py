"""The associative-memory lab inside the main window: what only the window does (the help
overlay, remembering the grid size between runs, stopping the worker when it closes)."""

from PySide6.QtCore import Qt

from hopgui.main_window import MainWindow
from tests.gui import wait_for

LAB = "hopfield"


def test_help_overlay_lists_shortcuts(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help.isVisible()
    keys = [k for k, _ in window.help.rows]
    assert "Space" in keys and "S" in keys
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    assert not window.help.isVisible()


def test_closing_the_window_mid_run_stops_the_thread(qtbot):
    win = MainWindow(lab="hopfield")  # closed here, which deletes it (so not given to qtbot)
    win.show()
    lab = win.labs["hopfield"]
    lab.store_presets("ATX")
    lab.set_param("temperature", 1.0)
    lab.run.set_speed(float("inf"))
    lab.toggle_run()
    qtbot.waitUntil(lambda: lab.sim.running, timeout=10000)
    thread = lab.sim._thread
    win.close()
    assert thread.isFinished()


def test_the_grid_size_is_remembered_for_next_time(qtbot):
    window = MainWindow(lab="hopfield")  # closed here, which deletes it (so not given to qtbot)
    window.show()
    lab = window.labs["hopfield"]
    lab.panel.grid_size.setCurrentText("32 x 32")
    wait_for(qtbot, lab, lambda s: s.shape == (32, 32), timeout=10000)
    window.close()
    again = MainWindow(lab="hopfield")
    again.show()
    lab = again.labs["hopfield"]
    wait_for(qtbot, lab, lambda s: s.shape == (32, 32), timeout=10000)
    qtbot.waitUntil(lambda: lab.panel.grid.shape == (32, 32))
    assert lab.panel.grid_size.currentText() == "32 x 32"
    again.close()
