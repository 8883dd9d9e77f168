"""Drawing a Hopfield snapshot into the panel: the live grid and its caption (grey levels for
the modern network's continuous state), the verdict, the memories (library, landscape choices)
when they change, and the plots (the attention bars for the modern network). A view only: it sends
nothing and decides nothing about the model.

Memory names come from users and files: the pyqtgraph legend, axis titles and labels render
HTML, so names are escaped for them; the other widgets that show names draw plain text.
"""

from __future__ import annotations

import html

from hopgui.labs.hopfield.panel import HopfieldPanel
from hopgui.labs.hopfield.session import HopfieldSnapshot
from widgets import palette
from widgets.plot_style import label_style

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def grey(snap: HopfieldSnapshot) -> bool:
    """Does the grid show this state as grey levels (the modern network's continuous state)?"""
    return snap.network == "modern"


class HopfieldView:
    """Shows snapshots in `panel`."""

    def __init__(self, panel: HopfieldPanel) -> None:
        self._panel = panel
        self._memory_generation = -1
        self._caption_color = None
        self._energy_unit = "N"

    def show_caption(self, sweeps: float = 0.0) -> None:
        """Say (in words and in the frame colour) whether the grid shows the cue or the network."""
        panel = self._panel
        if panel.grid.live:
            text, color = f"Network state  ·  sweep {sweeps:.2f}", palette.CURRENT
        else:
            text, color = "Your drawing  ·  the cue", palette.CUE
        panel.grid_caption.setText(text)
        if self._caption_color != color:
            self._caption_color = color
            panel.grid.set_frame_color(color)
            panel.grid_caption.set_colors(color)

    def draw_frame(self, snap: HopfieldSnapshot, running: bool) -> None:
        """What follows every frame: the live grid, its caption, the verdict, the memories."""
        grid = self._panel.grid
        self._panel.show_network(snap.network)
        if grid.live and snap.shape == grid.shape:
            grid.show_state(
                snap.state, snap.marked_unit, cue=snap.cue, grey=grey(snap), silenced=snap.silenced
            )
        self.show_caption(snap.sweeps)
        if snap.memory_generation != self._memory_generation:
            self._memory_generation = snap.memory_generation
            self._show_memories(snap)
        if snap.landscape is not None:
            a, b = snap.landscape.pair
            self._panel.pair_a.setCurrentIndex(a)
            self._panel.pair_b.setCurrentIndex(b)
        state = "running" if running else "paused"
        text = snap.verdict if snap.outcome != "running" else f"{state}: {snap.verdict}"
        self._panel.verdict.set_verdict(text)
        warning = self._panel.warning
        if warning.text() != snap.warning:
            warning.setText(snap.warning)
            warning.setVisible(bool(snap.warning) and not self._panel.presenting)

    def draw_plots(self, snap: HopfieldSnapshot) -> None:
        """The energy trace, the overlaps, the landscape with the ball (throttled by the lab)."""
        panel = self._panel
        names = tuple(html.escape(name) for name in snap.names)
        if snap.energy_unit != self._energy_unit:
            self._label_energy(snap.energy_unit)
        panel.energy_trace.set_trace(snap.trace_x, snap.trace_energy)
        if snap.network == "modern":
            panel.attention.set_attention(snap.attention, snap.names)  # plain text: ticks
        panel.overlaps.set_history(snap.overlap_x, snap.overlap_history, names)
        land = snap.landscape
        if land is None:
            panel.landscape.clear()
            return
        a, b = land.pair
        panel.landscape.set_landscape(
            land.m_a, land.m_b, land.energy, (names[a], names[b]), land.cross_overlap
        )
        panel.landscape.set_path(snap.overlap_history[:, a], snap.overlap_history[:, b])

    def _label_energy(self, unit: str) -> None:
        """Say E / N, or E / Nⁿ for the dense network, on the trace and the landscape."""
        self._energy_unit = unit
        shown = "E / " + unit.replace("^", "").translate(SUPERSCRIPTS)
        trace = self._panel.energy_trace.plot
        trace.setTitle(f"Energy {shown}")
        trace.getAxis("left").setLabel(shown, **label_style())
        self._panel.landscape.colorbar.axis.setLabel(shown, **label_style())

    def _show_memories(self, snap: HopfieldSnapshot) -> None:
        panel = self._panel
        panel.library.set_patterns(snap.patterns, snap.shape, list(snap.names))
        panel.weights.set_matrix(snap.weight_image, extent=snap.shape[0] * snap.shape[1])
        for combo in (panel.pair_a, panel.pair_b):  # `activated` fires for people only
            combo.clear()
            combo.addItems([f"'{name}'" for name in snap.names])
