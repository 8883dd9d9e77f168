"""The README's first demo, followed literally: a preset 'T', Ctrl+L, the Storkey rule, F,
Space -> recalled 'T'; then R and the Hebbian rule -> 'E', because the letters overlap."""

from PySide6.QtCore import Qt

from tests.gui import press, wait_for
from tests.labs.hopfield.lecturer import wait_until_current

CTRL = Qt.KeyboardModifier.ControlModifier


def choose(combo, text):
    """Pick an entry as a person does: the combo reports it activated."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_the_readme_walkthrough_does_what_it_says(qtbot, lab):
    lab.run.set_speed(float("inf"))  # the README runs at the default speed; the end is the same
    choose(lab.panel.presets, "T")  # 1. pick T from "Draw a preset…", press S
    press(qtbot, lab, Qt.Key.Key_S)
    wait_for(qtbot, lab, lambda s: s.names == ("T",))
    press(qtbot, lab, Qt.Key.Key_L, CTRL)  # 2. the letters A-E too
    wait_for(qtbot, lab, lambda s: s.names == ("T", "A", "B", "C", "D", "E"))
    lab._controls["rule"].setCurrentText("Storkey")  # 3. Storkey, F, Space
    press(qtbot, lab, Qt.Key.Key_F)
    wait_until_current(qtbot, lab)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.outcome != "running" and s.params["rule"] == "storkey")
    assert lab.panel.verdict.text() == "at rest: recalled 'T' (m = 1.00)"
    press(qtbot, lab, Qt.Key.Key_R)  # 4. back to the noisy cue, Hebbian, Space
    lab._controls["rule"].setCurrentText("Hebbian")
    wait_until_current(qtbot, lab)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.outcome != "running" and s.params["rule"] == "hebbian")
    # and it says why: the drawn T was closest to 'T', which looks much like 'E' (issue 11)
    assert lab.panel.verdict.text() == (
        "at rest: recalled 'E' (m = 0.95), not 'T': they share 74 % of their pixels"
    )
