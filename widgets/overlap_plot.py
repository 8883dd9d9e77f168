"""Overlaps m_mu(t) of the state with every stored memory, and a big verdict line above them.

Memory mu is drawn in `palette.series_color(mu)`, the colour of its frame in the pattern library,
so the library is the full legend. The plot's own legend names at most `LEGEND_ROWS` curves: the
strongest overlaps now. With more than `ALL_CURVES` memories only the `STRONGEST` overlaps are
drawn (a thousand curves near m = 0 teach nothing and cost seconds to draw). Curves and legend rows
are kept and updated in place; their number never grows beyond those limits, whatever P is.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from widgets import palette
from widgets.live_text import LiveText
from widgets.plot_style import PlotPanel, SteppedRange, pen, short_name
from widgets.zoom import points

ALL_CURVES = len(palette.SERIES)  # up to this many memories, every one has its curve
STRONGEST = 12  # beyond, only the memories with the largest |m| now are drawn
LEGEND_ROWS = 6  # the legend names the strongest curves (no more: it would cover the plot)
HYSTERESIS = 0.02  # a drawn memory stays until another is this much stronger (no flicker)
TITLE = "Overlaps m with the memories"


def strongest(now: np.ndarray, count: int, current: list[int]) -> list[int]:
    """Indices (sorted) of the `count` memories with the largest |m| in `now` (P,).

    Memories in `current` stay while they are within HYSTERESIS of the weakest that qualifies, so
    overlaps jittering round the same value do not swap curves every frame.
    """
    size = len(now)
    if size <= count:
        return list(range(size))
    strength = np.abs(np.nan_to_num(now))
    top = np.argpartition(-strength, count - 1)[:count]
    threshold = float(strength[top].min()) - HYSTERESIS
    kept = [i for i in current if i < size and strength[i] >= threshold]
    kept = sorted(kept, key=lambda i: -strength[i])[:count]
    chosen = set(kept)
    for i in top[np.argsort(-strength[top], kind="stable")]:
        if len(chosen) == count:
            break
        chosen.add(int(i))
    return sorted(chosen)


class OverlapPlot(PlotPanel):
    """One curve per memory (the strongest ones if there are many); m = +1 is recall, -1 the
    reverse."""

    def __init__(self) -> None:
        super().__init__(
            TITLE,
            "time (sweeps)",
            "m",
            "m = (memory . state) / N for every stored memory: +1 means the state is that memory,\n"
            "-1 its negative, about 0.5 for three memories at once (a mixture). Each memory has\n"
            "the colour of its frame in the library; with many memories only the strongest\n"
            "overlaps are drawn.",
        )
        self.plot.setYRange(-1.05, 1.05, padding=0)
        self.plot.disableAutoRange()  # explicit ranges: auto-range repaints twice per update
        self._x = SteppedRange()
        self.legend = self.plot.getPlotItem().addLegend(offset=(-10, 10), labelTextSize="12pt")
        self._curves: list[pg.PlotDataItem] = []  # drawn curves, in the plot
        self._curve_memory: list[int] = []  # the memory each curve draws
        self._samples: list[pg.PlotDataItem] = []  # legend rows' line samples (not in the plot)
        self._labelled: list[tuple[int, str]] = []  # (memory, name) each legend row shows
        self._title = TITLE

    # --- public API -------------------------------------------------------------------------------
    def set_history(self, sweeps: np.ndarray, history: np.ndarray, names: tuple[str, ...]) -> None:
        """`history` is (T, P): overlap with memory p after each recorded step; `names` (P,)
        may hold HTML entities (they are shown as rich text)."""
        history = np.asarray(history)
        count = history.shape[1] if history.ndim == 2 else 0
        now = history[-1] if count and len(history) else np.zeros(count)
        limit = count if count <= ALL_CURVES else STRONGEST
        shown = strongest(now, limit, self._curve_memory)
        self._show_curves(shown, sweeps, history)
        labelled = [
            shown[k] for k in strongest(now[shown], LEGEND_ROWS, self._labelled_slots(shown))
        ]
        self._show_legend(
            [(m, names[m] if m < len(names) else f"Memory {m + 1}") for m in labelled]
        )
        self._show_title(len(shown), count)
        x_range = self._x.fit(0.0, float(sweeps[-1]), from_zero=True) if len(sweeps) else None
        if x_range:
            self.plot.setXRange(*x_range, padding=0.02)

    def shown_memories(self) -> list[int]:
        """Indices of the memories drawn now (every one, or the strongest)."""
        return list(self._curve_memory)

    def labelled_memories(self) -> list[int]:
        """Indices of the memories the legend names now."""
        return [memory for memory, _ in self._labelled]

    # --- internals --------------------------------------------------------------------------------
    def _show_curves(self, shown: list[int], sweeps: np.ndarray, history: np.ndarray) -> None:
        while len(self._curves) > len(shown):
            self.plot.removeItem(self._curves.pop())
            self._curve_memory.pop()
        while len(self._curves) < len(shown):
            self._curves.append(self.plot.plot())
            self._curve_memory.append(-1)
        for slot, memory in enumerate(shown):
            curve = self._curves[slot]
            if self._curve_memory[slot] != memory:
                self._curve_memory[slot] = memory
                curve.setPen(pen(palette.series_color(memory)))
            curve.setData(sweeps, history[:, memory])

    def _labelled_slots(self, shown: list[int]) -> list[int]:
        """Positions in `shown` of the memories the legend names now."""
        position = {memory: k for k, memory in enumerate(shown)}
        return [position[m] for m, _ in self._labelled if m in position]

    def _show_legend(self, labelled: list[tuple[int, str]]) -> None:
        """Name `labelled` (memory, name) pairs, reusing the rows already in the legend."""
        if labelled == self._labelled:
            return
        while len(self._samples) > len(labelled):
            self.legend.removeItem(self._samples.pop())
        for row, (memory, name) in enumerate(labelled):
            text = f"'{short_name(name)}'"
            if row >= len(self._samples):
                self._samples.append(pg.PlotDataItem(pen=pen(palette.series_color(memory))))
                self.legend.addItem(self._samples[row], text)
            elif self._labelled[row] != (memory, name):
                self._samples[row].setPen(pen(palette.series_color(memory)))
                self.legend.items[row][0].update()
                self.legend.items[row][1].setText(text)
        self._labelled = list(labelled)
        self.legend.layout.activate()  # the rows' new widths, before the legend box is sized
        self.legend.updateSize()

    def _show_title(self, shown: int, count: int) -> None:
        title = TITLE
        if shown < count:
            title = f"Overlaps m: the {shown} strongest of {count} memories"
        if title != self._title:
            self._title = title
            self.plot.setTitle(title)


class VerdictLabel(LiveText):
    """The one sentence the class reads: recalled 'A' (m = 1.00), mixture, spurious, 2-cycle."""

    def __init__(self) -> None:
        super().__init__(
            "draw a pattern, store it, then press Space",
            point_size=points(9),
            bold=True,
            background=palette.HIGHLIGHT,
        )
        self.setToolTip("What the network is doing now, judged from the overlaps.")

    def set_verdict(self, text: str) -> None:
        self.setText(text)
