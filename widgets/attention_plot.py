"""The attention weights of a modern Hopfield network as bars, one per stored memory, with a
caption line linking them to attention in transformers.

Bar mu has `palette.series_color(mu)`, the colour of memory mu's frame in the pattern library and
of its overlap curve, so the library is the legend. With few memories the x axis names them;
with many it counts them (bar k is memory k, from 1).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from widgets import palette
from widgets.live_text import LiveText
from widgets.plot_style import PlotPanel, pen, short_name
from widgets.zoom import points

NAMED_TICKS = 30  # up to this many memories the x axis shows their names
TICK_NAME_CHARACTERS = 3  # a name under its bar is cut to this many characters
TITLE = "Attention softmax(β X ξ)"
CAPTION = "as in transformers: query ξ, keys = values = X"


class AttentionPlot(PlotPanel):
    """Bars of the attention weights (P,), between 0 and 1, that sum to 1."""

    def __init__(self) -> None:
        super().__init__(
            TITLE,
            "memory",
            "weight",
            "How much each stored memory counts in the next state of the modern network:\n"
            "p = softmax(β X ξ), ξ ← Xᵀ p (Ramsauer et al. 2020). One tall bar: that memory\n"
            "is retrieved; a few: a metastable mix of alike memories; all equal (small β):\n"
            "the average of every memory. Each bar has its memory's colour in the library.",
        )
        self.plot.setYRange(0.0, 1.05, padding=0)
        self.plot.getAxis("left").setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")]])
        self.plot.disableAutoRange()
        self.plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, pen=pen(palette.TEXT, 1))
        self.plot.addItem(self.bars)
        # one line: shrinks (then ends in an ellipsis) rather than wrapping; zoom rescales it
        self.caption = LiveText(CAPTION, point_size=points(-1), align=Qt.AlignmentFlag.AlignCenter)
        self.caption.setToolTip(
            "A transformer's attention is softmax(β K q) over keys K, mixing the values V.\n"
            "Here the query q is the state ξ and the keys and values are the memories X:\n"
            "one update of the modern Hopfield network is one attention step."
        )
        self.layout().addWidget(self.caption)
        self._weights = np.zeros(0)
        self._names: tuple[str, ...] = ()

    def set_attention(self, weights: np.ndarray, names: tuple[str, ...] = ()) -> None:
        """`weights` (P,): memory mu's attention; `names` (P,) in plain text (ticks are not
        rich text)."""
        weights = np.asarray(weights, dtype=np.float64).reshape(-1)
        count = len(weights)
        if count != len(self._weights):
            brushes = [pg.mkBrush(palette.series_color(i)) for i in range(count)]
            self.bars.setOpts(x=np.arange(1, count + 1), height=weights, brushes=brushes)
            self.plot.setXRange(0.4, max(count, 1) + 0.6, padding=0)
        else:
            self.bars.setOpts(height=weights)
        if names != self._names or count != len(self._weights):
            self._show_ticks(count, names)
        self._weights, self._names = weights.copy(), tuple(names)

    def weights(self) -> np.ndarray:
        """The weights drawn now (P,)."""
        return self._weights.copy()

    def _show_ticks(self, count: int, names: tuple[str, ...]) -> None:
        axis = self.plot.getAxis("bottom")
        if 0 < count <= NAMED_TICKS and len(names) == count:
            ticks = [(i, short_name(name, TICK_NAME_CHARACTERS)) for i, name in enumerate(names, 1)]
            # every fifth name always, the others where they fit (pyqtgraph's minor level)
            axis.setTicks([ticks[::5], [t for k, t in enumerate(ticks) if k % 5]])
        else:
            axis.setTicks(None)  # numbered by pyqtgraph
