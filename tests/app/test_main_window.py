"""The main window as a lecturer uses it: a start page of labs, a switcher that scales to many
labs, keys that belong to the lab on screen, remembered settings."""

import pytest
from PySide6.QtCore import Qt

from hopgui.labs import LABS
from hopgui.main_window import MainWindow
from tests.gui import wait_for

LAB = "ring"
CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_start_page_has_a_tile_per_lab_and_a_click_opens_it(qtbot, window):
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.current_lab() is None
    assert len(window.home.buttons) == len(LABS)
    last = list(LABS)[-1]
    qtbot.mouseClick(window.home.buttons[-1], Qt.MouseButton.LeftButton)
    assert window.current_lab() is window.labs[last]
    assert window.switcher.currentText() == window.labs[last].title


def test_ctrl_number_and_the_switcher_reach_every_lab(qtbot, window):
    for number, name in enumerate(LABS, start=1):
        qtbot.keyClick(window.windowHandle(), Qt.Key(Qt.Key.Key_0 + number), CTRL)
        assert window.current_lab() is window.labs[name]
    window.switcher.setCurrentIndex(1)
    assert window.current_lab() is window.labs[list(LABS)[0]]


def test_a_labs_keys_act_on_it_and_never_on_a_hidden_lab(qtbot, window):
    ring, hopfield = window.labs["ring"], window.labs["hopfield"]
    wait_for(qtbot, ring, lambda s: True)
    window.switcher.setFocus()  # whatever was clicked last, the lab's keys still work
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ring.sim.running, timeout=3000)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not ring.sim.running, timeout=3000)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Left)
    wait_for(qtbot, ring, lambda s: s.params["angular_velocity"] > 0)
    window.show_lab("hopfield")
    sent = ring.sim.sent_seq
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Left)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_S)
    assert ring.sim.sent_seq == sent  # the hidden ring heard nothing
    assert window.current_lab() is hopfield


def test_the_lab_left_pauses_and_runs_again_on_return(qtbot, window):
    ring = window.labs["ring"]
    wait_for(qtbot, ring, lambda s: True)
    ring.sim.play()
    qtbot.waitUntil(lambda: ring.sim.running, timeout=3000)
    window.show_lab("heading")
    qtbot.waitUntil(lambda: not ring.sim.running, timeout=3000)
    window.show_lab("ring")
    qtbot.waitUntil(lambda: ring.sim.running, timeout=3000)


def test_help_lists_the_visible_labs_keys(qtbot, window):
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F1)
    assert window.help.isVisible()
    assert ("Ctrl+1 … Ctrl+9", "go to lab 1 … 9") in window.help.rows
    assert any(meaning == "Scramble the rates" for _, meaning in window.help.rows)


REMEMBERED = [(n, p) for n, lab in LABS.items() for p in lab.session_class.PARAMS if p.remember]


def test_some_parameter_is_remembered():
    assert REMEMBERED  # the grid size, at least


@pytest.mark.parametrize("name, param", REMEMBERED, ids=[f"{n}.{p.name}" for n, p in REMEMBERED])
def test_remembered_parameters_come_back_next_time(qtbot, name, param):
    values = param.slider_values() if param.choices is None else list(param.choices.values())
    value = next(v for v in values if v != param.default)
    value = round(value) if param.integer else value
    first = MainWindow(lab=name)  # closed (and so deleted) by the test itself
    first.show()
    lab = first.labs[name]
    lab.set_param(param.name, value)
    wait_for(qtbot, lab, lambda s: s.params[param.name] == value, timeout=10000)
    first.close()
    second = MainWindow(lab=name)
    second.show()
    wait_for(qtbot, second.labs[name], lambda s: s.params[param.name] == value, timeout=10000)
    second.close()


def test_a_closed_window_is_freed(qtbot):
    """Notebooks and test suites open many windows: a closed one must not stay in memory (each
    held some 15 MB, and its frozen objects, for the life of the process)."""
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    gone = []
    for _ in range(3):
        window = MainWindow(lab="hopfield", demo=True)
        window.show()
        wait_for(qtbot, window.labs["hopfield"], lambda s: len(s.names) == 3, timeout=20000)
        labs = [weakref.ref(lab) for lab in window.labs.values()]
        gone.append((weakref.ref(window), labs))
        window.close()
        del window
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        gc.collect()
    assert all(ref() is None and all(lab() is None for lab in labs) for ref, labs in gone)
    assert not gc.isenabled() or gc.get_freeze_count() == 0  # nothing left frozen for good


def test_arrow_keys_steer_whatever_was_clicked_and_never_switch_labs(qtbot, window):
    """The trial run: click the Lights button, F1, Esc, Left -> the app jumped to the Ring tab
    and raised the ring's turning input; the arrows did nothing after clicking Lights."""
    window.show_lab("heading")
    heading, ring = window.labs["heading"], window.labs["ring"]
    wait_for(qtbot, heading, lambda s: True, timeout=20000)
    ring_commands = ring.sim.sent_seq
    qtbot.mouseClick(heading.lights, Qt.MouseButton.LeftButton)
    wait_for(qtbot, heading, lambda s: s.params["lights"])
    handle = window.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_F1)
    qtbot.keyClick(handle, Qt.Key.Key_Escape)
    assert not window.help.isVisible()
    qtbot.keyPress(handle, Qt.Key.Key_Left)
    wait_for(qtbot, heading, lambda s: s.params["turning"] == "steered")
    qtbot.keyRelease(handle, Qt.Key.Key_Left)
    assert window.current_lab() is heading
    assert ring.sim.sent_seq == ring_commands  # the hidden ring heard nothing


def test_a_lab_started_and_left_at_once_stops_and_a_change_at_closing_is_kept(qtbot):
    """Decisions must not wait for the worker's reply: a run started just before leaving the
    lab must stop, and a setting changed just before closing must be remembered."""
    window = MainWindow(lab="ring")  # closed (and so deleted) by the test itself
    window.show()
    ring = window.labs["ring"]
    wait_for(qtbot, ring, lambda s: True, timeout=20000)
    ring.toggle_run()
    window.show_lab("heading")  # before the worker said it runs
    qtbot.wait(300)
    assert not ring.sim.running
    hopfield = window.labs["hopfield"]
    window.show_lab("hopfield")
    wait_for(qtbot, hopfield, lambda s: True, timeout=20000)
    hopfield.set_param("grid_size", 32)
    window.close()  # at once: no frame has shown 32 yet
    again = MainWindow(lab="hopfield")
    again.show()
    wait_for(qtbot, again.labs["hopfield"], lambda s: s.params["grid_size"] == 32, timeout=20000)
    again.close()


def test_ctrl_q_quits_on_every_platform(qtbot):
    """Qt's standard Quit key is empty on Windows (and offscreen): Ctrl+Q is set by hand."""
    window = MainWindow(lab="ring")  # closed (and so deleted) by Ctrl+Q
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.destroyed, timeout=10000):
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Q, CTRL)
