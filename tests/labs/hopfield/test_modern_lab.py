"""The network choice in the associative-memory lab: controls that follow it, the attention bars,
grey levels on the grid, presentation mode, state and the lecture actions."""

import numpy as np
from PySide6.QtGui import QColor

from hopgui.labs.hopfield.params import PARAMS
from tests.gui import wait_for
from tests.labs.hopfield.lecturer import store_letters, wait_until_current
from widgets import palette


def visible(widget) -> bool:
    return widget.isVisibleTo(widget.window())


def test_each_network_shows_its_own_controls_and_plots(qtbot, lab):
    panel = lab.panel
    assert visible(panel.rule) and visible(panel.weights) and visible(panel.temperature)
    assert not visible(panel.beta) and not visible(panel.degree) and not visible(panel.attention)
    lab.set_param("network", "modern")
    wait_for(qtbot, lab, lambda s: s.network == "modern")
    assert visible(panel.beta) and visible(panel.attention)
    for hidden in (panel.rule, panel.mode, panel.temperature, panel.damage, panel.weights):
        assert not visible(hidden)
    lab.set_param("network", "dense")
    wait_for(qtbot, lab, lambda s: s.network == "dense")
    assert visible(panel.degree) and visible(panel.mode)
    assert not visible(panel.beta) and not visible(panel.attention) and not visible(panel.rule)
    qtbot.waitUntil(lambda: panel.energy_trace.plot.getAxis("left").labelText == "E / N³")
    names = [p.name for p in PARAMS]
    assert names.count("network") == names.count("beta") == names.count("degree") == 1


def test_modern_recall_shows_attention_bars_grey_levels_and_the_verdict(qtbot, lab):
    store_letters(qtbot, lab, "ATXOQ")
    lab.restore({"params": {"network": "modern", "beta": 0.05}})
    actions = lab.lecture_actions()
    actions["cue"]("O")
    actions["flip"](10)
    lab.run.set_speed(float("inf"))
    done = actions["settle"](None)
    qtbot.waitUntil(done, timeout=5000)
    wait_until_current(qtbot, lab)
    snap = lab.snapshot
    assert snap.verdict.startswith("at rest: a metastable mix of 'O' ")
    qtbot.waitUntil(  # the bars are drawn at the plots' pace
        lambda: (
            lab.panel.attention.weights().shape == snap.attention.shape
            and np.allclose(lab.panel.attention.weights(), snap.attention)
        )
    )
    assert lab.panel.verdict.text() == snap.verdict
    bars = lab.panel.attention.bars.opts["brushes"]
    assert [b.color() for b in bars] == palette.series_colors(5)
    # a unit where 'O' and 'Q' disagree is grey on the grid: neither ink nor paper
    grid = lab.panel.grid
    unit = int(np.argmin(np.abs(snap.state)))
    row, col = divmod(unit, grid.shape[1])
    colour = grid.grab().toImage().pixelColor(grid.cell_rect(row, col).center().toPoint())
    assert colour not in (palette.INK, palette.PAPER, QColor(palette.CURRENT))
    assert palette.INK.lightness() < colour.lightness() < palette.PAPER.lightness()
    lab.restore({"params": {"beta": 1.0}})
    lab.reset()
    qtbot.waitUntil(actions["settle"](None), timeout=5000)
    wait_for(qtbot, lab, lambda s: s.verdict == "at rest: retrieved 'O' in 1 step (m = 1.00)")


def test_presentation_keeps_the_attention_bars(qtbot, lab):
    lab.set_param("network", "modern")
    wait_for(qtbot, lab, lambda s: s.network == "modern")
    lab.set_presenting(True)
    assert visible(lab.panel.attention) and visible(lab.panel.overlaps)
    assert not visible(lab.panel.weights) and not visible(lab.panel.settings)
    lab.set_presenting(False)
    assert visible(lab.panel.attention) and not visible(lab.panel.weights)
    lab.set_param("network", "classic")
    wait_for(qtbot, lab, lambda s: s.network == "classic")
    assert visible(lab.panel.weights) and not visible(lab.panel.attention)


def test_the_lab_state_round_trips_a_modern_run(qtbot, lab, make_lab):
    from hopgui.labs.hopfield.lab import HopfieldLab

    store_letters(qtbot, lab, "ABC")
    lab.restore({"params": {"network": "modern", "beta": 0.003}})
    lab.lecture_actions()["cue"]("B")
    lab.step("sweep")
    wait_until_current(qtbot, lab)
    state = lab.state()
    assert state["state"].dtype == np.float64
    fresh = make_lab(HopfieldLab)
    fresh.restore(state)
    wait_until_current(qtbot, fresh)
    again = fresh.state()
    assert np.array_equal(again["state"], state["state"]) and again["params"] == state["params"]
    assert fresh.panel.beta.value() == 0.003 and fresh.panel.network.currentText() == "Modern"
