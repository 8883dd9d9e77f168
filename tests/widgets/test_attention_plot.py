"""The attention bars of the modern Hopfield network."""

import numpy as np

from widgets import palette
from widgets.attention_plot import CAPTION, AttentionPlot


def test_bars_show_the_weights_in_the_memories_colours_and_names(qtbot):
    plot = AttentionPlot()
    qtbot.addWidget(plot)
    plot.set_attention(np.array([0.7, 0.2, 0.1]), ("A", "T", "X"))
    assert np.array_equal(plot.bars.opts["height"], [0.7, 0.2, 0.1])
    assert [b.color() for b in plot.bars.opts["brushes"]] == palette.series_colors(3)
    levels = plot.plot.getAxis("bottom")._tickLevels  # every fifth name, then the rest
    assert sorted(t for level in levels for t in level) == [(1, "A"), (2, "T"), (3, "X")]
    plot.set_attention(np.array([0.1, 0.1, 0.8]), ("A", "T", "X"))
    assert np.array_equal(plot.weights(), [0.1, 0.1, 0.8])
    assert "transformer" in CAPTION and plot.caption.text() == CAPTION


def test_many_memories_are_counted_not_named_and_none_draws_nothing(qtbot):
    plot = AttentionPlot()
    qtbot.addWidget(plot)
    weights = np.full(100, 0.01)
    plot.set_attention(weights, tuple(f"P{k}" for k in range(100)))
    assert plot.plot.getAxis("bottom")._tickLevels is None
    assert len(plot.bars.opts["brushes"]) == 100
    plot.set_attention(np.zeros(0), ())
    assert plot.weights().size == 0
    plot.grab()  # draws without error
