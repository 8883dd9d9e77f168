"""The synchrony lab driven like a lecturer does it: keys to raise the coupling and run, a sweep of
r against K that fills in point by point and can be cancelled, walkers stepping onto the
Millennium Bridge until it sways, a scene setting it all up from outside."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from hopgui.labs.sync.lab import SyncLab
from hopgui.labs.sync.sweep import K_OVER_KC
from tests.gui import press, wait_for


@pytest.fixture
def lab(qtbot, make_lab):
    sync_lab = make_lab(SyncLab, size=(1000, 650))
    wait_for(qtbot, sync_lab, lambda s: True, timeout=30000)  # numba's kernels loaded
    return sync_lab


def current(lab):
    return lambda snap: lab.sim.is_current(snap)


def test_raising_the_coupling_past_k_c_pulls_the_oscillators_into_step(qtbot, lab):
    lab.set_param("coupling", 0.5)  # below K_c = 2 gamma = 1
    wait_for(qtbot, lab, current(lab))
    assert "below K_c = 1.00" in lab.description.text()
    for _ in range(10):  # Up: +0.1 each, counted from the last key, not the last frame
        press(qtbot, lab, Qt.Key.Key_Up)
    assert lab._controls["coupling"].value() == pytest.approx(1.5)
    wait_for(qtbot, lab, lambda s: s.params["coupling"] == pytest.approx(1.5))
    assert lab.snapshot.kuramoto.theory_r == pytest.approx(math.sqrt(1 - 1 / 1.5), abs=0.005)
    press(qtbot, lab, Qt.Key.Key_S)  # scramble: r falls to about 1/sqrt(N)
    wait_for(qtbot, lab, lambda s: current(lab)(s) and s.kuramoto.r < 0.15)
    lab.run.set_speed(math.inf)
    press(qtbot, lab, Qt.Key.Key_Space)
    wait_for(qtbot, lab, lambda s: s.kuramoto.time > 60.0, timeout=20000)
    press(qtbot, lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=3000)
    recent = lab.snapshot.kuramoto.trace_r[-200:]  # the last 20 s
    assert recent.mean() == pytest.approx(0.58, abs=0.06)  # sqrt(1 - K_c / K), N = 1000
    assert "above K_c" in lab.description.text()
    assert lab.circle.dot_points().shape == (1000, 2)  # every oscillator is drawn at N = 1000


def test_a_sweep_fills_in_point_by_point_and_cancel_stops_it(qtbot, lab):
    lab.set_param("n_oscillators", 200)  # quick runs
    wait_for(qtbot, lab, lambda s: s.params["n_oscillators"] == 200)
    press(qtbot, lab, Qt.Key.Key_K)
    assert lab.job.running and lab.sweep_button.text() == "Cancel sweep"
    wait_for(qtbot, lab, lambda s: len(s.kuramoto.sweep) >= 2, timeout=20000)
    assert lab.job.running  # points appear while the rest are still computing
    assert lab.messages.text().startswith("Sweeping K")
    sweep = lab.snapshot.kuramoto.sweep
    assert sweep[:2, 0] == pytest.approx(np.array(K_OVER_KC[:2]))  # multiples of K_c = 1
    press(qtbot, lab, Qt.Key.Key_K)  # again: cancel
    qtbot.waitUntil(lambda: not lab.job.running, timeout=5000)
    assert lab.sweep_button.text() == "Sweep K"
    qtbot.waitUntil(lambda: lab.messages.isHidden(), timeout=2000)
    count = len(lab.snapshot.kuramoto.sweep)
    qtbot.wait(500)
    assert len(lab.state()["sweep"]) == count < len(K_OVER_KC)  # no more points came


@pytest.mark.slow
def test_a_whole_sweep_follows_kuramoto_s_curve(qtbot, lab):
    lab.set_param("n_oscillators", 1000)
    lab.sweep_plot.set_points(np.empty((0, 2)))
    lab.start_sweep()
    qtbot.waitUntil(lambda: not lab.job.running, timeout=120000)
    wait_for(qtbot, lab, lambda s: len(s.kuramoto.sweep) == len(K_OVER_KC))
    for k, r in lab.state()["sweep"]:
        if k >= 1.5:  # away from K_c, where a finite crowd rounds the corner
            assert r == pytest.approx(math.sqrt(1 - 1 / k), abs=0.04), k
        elif k <= 0.75:
            assert r < 0.1, k
    assert len(lab.sweep_plot.points.data) == len(K_OVER_KC)  # all drawn


def test_changing_the_population_cancels_a_sweep_and_drops_its_points(qtbot, lab):
    lab.set_param("n_oscillators", 2000)
    wait_for(qtbot, lab, lambda s: s.params["n_oscillators"] == 2000)
    lab.start_sweep()
    lab.set_param("spread", 0.25)
    wait_for(qtbot, lab, lambda s: current(lab)(s) and s.params["spread"] == 0.25)
    qtbot.waitUntil(lambda: not lab.job.running, timeout=10000)
    assert len(lab.state()["sweep"]) == 0
    assert lab.snapshot.kuramoto.critical_coupling == pytest.approx(0.5)


def test_walkers_step_on_until_the_bridge_sways(qtbot, lab):
    press(qtbot, lab, Qt.Key.Key_M)  # the Millennium Bridge
    wait_for(qtbot, lab, lambda s: s.params["mode"] == "bridge")
    assert lab.views.currentIndex() == 1 and lab.bridge.isVisible()
    for _ in range(3):
        press(qtbot, lab, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)  # one by one
    wait_for(qtbot, lab, lambda s: s.bridge.n_walkers == 3)
    for _ in range(7):
        press(qtbot, lab, Qt.Key.Key_A)  # ten at a time: 73, half the critical crowd
    wait_for(qtbot, lab, lambda s: s.bridge.n_walkers == 73)
    critical = lab.snapshot.bridge.critical_crowd
    assert critical == pytest.approx(149, abs=1)
    lab.run.set_speed(math.inf)
    lab.sim.play()
    wait_for(qtbot, lab, lambda s: s.bridge.time > 200.0, timeout=30000)
    assert lab.snapshot.bridge.amplitude < 0.01  # still: under a centimetre
    lab.sim.pause()  # the crowd steps on at one moment: the same run every time
    for _ in range(18):
        press(qtbot, lab, Qt.Key.Key_A)  # 253 walkers, well past N_c
    wait_for(qtbot, lab, lambda s: s.bridge.n_walkers == 253 and not lab.sim.running)
    start = lab.snapshot.bridge.time
    lab.sim.play()
    wait_for(  # the sway builds up over some minutes (the bridge's own decay time is 20 s)
        qtbot, lab,
        lambda s: (s.bridge.amplitude > 0.04 and s.bridge.r > 0.6) or s.bridge.time > start + 1800,
        timeout=60000,
    )  # fmt: skip
    lab.sim.pause()
    qtbot.waitUntil(lambda: not lab.sim.running, timeout=3000)
    bridge = lab.snapshot.bridge
    assert bridge.amplitude > 0.04 and bridge.r > 0.55  # swaying, and the walkers in step
    assert "sway" in lab.description.text() and "253 walkers" in lab.description.text()
    assert "swaying" in lab.readout.text()


def test_a_growing_crowd_arrives_ten_every_twenty_seconds(qtbot, lab):
    lab.restore({"params": {"mode": "bridge", "crowd_growing": True}})
    wait_for(qtbot, lab, lambda s: current(lab)(s) and s.params["crowd_growing"])
    assert lab._controls["crowd_growing"].isChecked()
    lab.run.set_speed(math.inf)
    lab.sim.play()
    wait_for(qtbot, lab, lambda s: s.bridge.time >= 61.0, timeout=20000)
    press(qtbot, lab, Qt.Key.Key_G)  # stop the arrivals
    wait_for(qtbot, lab, lambda s: current(lab)(s) and not s.params["crowd_growing"])
    lab.sim.pause()
    assert lab.snapshot.bridge.n_walkers in (30, 40)  # at 20, 40, 60 s (and maybe 80)


def test_a_scene_sets_the_mode_and_the_controls_follow(qtbot, lab):
    lab.restore({"params": {"mode": "bridge", "damping_ratio": 0.015, "walker_spread": 1.0}})
    wait_for(qtbot, lab, lambda s: current(lab)(s) and s.params["mode"] == "bridge")
    assert lab.mode.currentText() == "Millennium Bridge"
    assert lab.controls.currentIndex() == 1 and lab.plots.currentIndex() == 1
    assert lab._controls["damping_ratio"].value() == pytest.approx(0.015)
    # N_c grows with the damping and with the spread of gait frequencies
    assert lab.snapshot.bridge.critical_crowd == pytest.approx(149.6 * 2 * 1.0 / 0.63, rel=0.01)
    actions = lab.lecture_actions()
    actions["add_walkers"](25)
    wait_for(qtbot, lab, lambda s: s.bridge.n_walkers == 25)
    lab.restore_defaults()
    wait_for(qtbot, lab, lambda s: current(lab)(s) and s.params["mode"] == "kuramoto")
    assert lab.views.currentIndex() == 0
