"""The capacity explorer driven like a lecturer does: S sweeps the load in the background and
the points appear one by one, Cancel keeps those already drawn, letters show their overlaps,
Space runs the trial on the grid."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from hopgui.labs.capacity.lab import CapacityLab
from hopgui.labs.capacity.session import LOADS
from tests.gui import press, wait_for


@pytest.fixture
def lab(qtbot, make_lab):
    capacity_lab = make_lab(CapacityLab)
    wait_for(qtbot, capacity_lab, lambda s: True, timeout=30000)
    return capacity_lab


def settle(qtbot, lab, predicate=lambda s: True, timeout=10000):
    wait_for(qtbot, lab, lambda s: lab.sim.is_current(s) and predicate(s), timeout)


def test_a_sweep_draws_its_points_as_they_come_and_collapses_past_alpha_c(qtbot, lab):
    for name, value in (("n_units", 200), ("trials", 6)):
        lab.set_param(name, value)
    settle(qtbot, lab, lambda s: s.params["trials"] == 6)
    seen = []
    lab.job.progress.connect(lambda f, partial: seen.append(partial is not None))
    press(qtbot, lab, Qt.Key.Key_S)
    assert lab.job.running and not lab.messages.isHidden()  # a progress bar with Cancel
    qtbot.waitUntil(lambda: not lab.job.running, timeout=30000)
    settle(qtbot, lab, lambda s: s.curves and len(s.curves[0].loads) == LOADS)
    assert sum(seen) == LOADS  # one partial curve per load: points appear as computed
    curve = lab.snapshot.curves[0]
    assert curve.rule == "hebbian" and curve.n_units == 200
    assert curve.overlap[0] == 1.0 and curve.overlap[-1] < 0.6
    qtbot.waitUntil(lambda: lab.recall.names() == ["Hebbian"], timeout=3000)
    x, y = lab.recall.data_of("Hebbian")
    np.testing.assert_allclose(y, curve.overlap)
    assert lab.messages.isHidden()


def test_cancel_keeps_the_points_already_drawn(qtbot, lab):
    lab.set_param("trials", 50)
    lab.set_param("n_units", 1000)
    settle(qtbot, lab, lambda s: s.params["n_units"] == 1000)
    lab.start_sweep()
    settle(qtbot, lab, lambda s: s.curves and len(s.curves[0].loads) >= 1, timeout=30000)
    lab.messages.cancel.click()
    qtbot.waitUntil(lambda: not lab.job.running, timeout=10000)
    settle(qtbot, lab)
    assert 1 <= len(lab.snapshot.curves[0].loads) < LOADS
    assert lab.messages.isHidden()


def test_a_second_rule_adds_its_curve_and_clear_forgets_them(qtbot, lab):
    lab.set_param("n_units", 100)
    lab.set_param("trials", 2)
    settle(qtbot, lab, lambda s: s.params["trials"] == 2)
    lab.lecture_actions()["sweep"]("hebbian")
    qtbot.waitUntil(lambda: not lab.job.running, timeout=30000)
    lab.lecture_actions()["sweep"]("pseudoinverse")
    qtbot.waitUntil(lambda: not lab.job.running, timeout=30000)
    settle(qtbot, lab, lambda s: len(s.curves) == 2 and len(s.curves[1].loads) == LOADS)
    assert [c.rule for c in lab.snapshot.curves] == ["hebbian", "pseudoinverse"]
    np.testing.assert_allclose(lab.snapshot.curves[1].overlap, 1.0)
    press(qtbot, lab, Qt.Key.Key_C)
    settle(qtbot, lab, lambda s: s.curves == ())


def test_letters_show_their_overlaps_and_fail_far_earlier(qtbot, lab):
    lab.set_param("patterns", "letters")
    lab.set_param("trials", 3)
    settle(qtbot, lab, lambda s: s.params["patterns"] == "letters")
    qtbot.waitUntil(lambda: len(lab.pattern_set.names) == 26, timeout=3000)
    assert lab.pattern_set.overlaps.shape == (26, 26)
    assert "share" in lab.pattern_set.warning  # the two most alike letters, in words
    qtbot.waitUntil(lambda: not lab.overlaps.is_empty(), timeout=3000)
    qtbot.waitUntil(lambda: "share" in lab.warning.text(), timeout=3000)
    lab.start_sweep()
    qtbot.waitUntil(lambda: not lab.job.running, timeout=60000)
    settle(qtbot, lab, lambda s: s.curves and len(s.curves[0].loads) == 26)
    curve = lab.snapshot.curves[0]
    assert curve.patterns == "letters" and curve.loads[-1] == pytest.approx(0.26)
    assert curve.overlap[9] < 0.9  # ten letters at P/N = 0.1, where random memories are fine


def test_space_runs_the_trial_and_reset_returns_to_its_cue(qtbot, lab):
    lab.run.set_speed(float("inf"))
    lab.set_param("probe_load", 0.05)
    settle(qtbot, lab, lambda s: s.params["probe_load"] == 0.05)
    cue = lab.state()["probe_cue"]
    press(qtbot, lab, Qt.Key.Key_Space)
    settle(qtbot, lab, lambda s: s.probe_outcome == "fixed_point")
    assert lab.snapshot.probe_overlap == 1.0 and lab.probe_result.text() == "recalled, m = 1.00"
    assert lab.probe_text.text().startswith("Hebbian · P = 20 of N = 400")
    assert np.array_equal(lab.grid.displayed_state(), lab.snapshot.probe_state)
    press(qtbot, lab, Qt.Key.Key_R)
    settle(qtbot, lab, lambda s: np.array_equal(s.probe_state, cue))


def test_the_sweep_keeps_running_while_the_lab_is_hidden(qtbot, lab):
    lab.set_param("n_units", 100)
    settle(qtbot, lab, lambda s: s.params["n_units"] == 100)
    lab.start_sweep()
    lab.hide()
    qtbot.waitUntil(lambda: not lab.job.running, timeout=30000)
    lab.show()
    settle(qtbot, lab, lambda s: s.curves and len(s.curves[0].loads) == LOADS)


def test_the_sweep_keys_leave_the_presenter_remote_its_keys(qtbot, lab):
    """S sweeps and Shift+S cancels (as in the Ising lab); W blanks the screen to white on a
    presenter remote and so is no key of this lab."""
    from hopgui.presentation import REMOTE_KEYS

    keys = {a.text(): a.shortcut().toString() for _, group in lab.menus() for a in group}
    assert keys["Sweep the load"] == "S" and keys["Cancel the sweep"] == "Shift+S"
    remote = {QKeySequence(k).toString() for k in REMOTE_KEYS}
    assert not remote & set(keys.values())
    assert ("S", "Sweep the load") in lab.shortcuts()
    assert "(S" in lab.sweep_button.toolTip()
    lab.set_param("n_units", 100)
    lab.set_param("trials", 50)
    settle(qtbot, lab, lambda s: s.params["trials"] == 50)
    press(qtbot, lab, Qt.Key.Key_S)
    assert lab.job.running
    press(qtbot, lab, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not lab.job.running, timeout=10000)


def test_choosing_letters_sends_no_command_to_the_session(qtbot, lab):
    """The letters' overlaps follow from the parameters: the lab draws them without telling
    the session anything (an opened session file stays unchanged)."""
    lab.set_param("patterns", "digits")
    settle(qtbot, lab, lambda s: s.params["patterns"] == "digits")
    sent = []
    lab.sim.sent.connect(lambda seq, what: sent.append(what))
    lab.restore({"params": {"patterns": "letters", "letter_side": 16}})
    settle(qtbot, lab, lambda s: s.params["letter_side"] == 16)
    qtbot.waitUntil(lambda: lab.pattern_set.overlaps.shape == (26, 26), timeout=5000)
    qtbot.wait(200)  # frames and plots after the restore
    assert len(sent) == 1  # the restore itself, nothing in reply to the frames
