"""What the lecturer does to the drawing: flip noise, hide a part, draw a preset. Each tool edits
the grid; the grid's `edited` signal takes the new drawing to the session as the cue at once."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from hopgui.labs.hopfield import presets
from hopgui.labs.hopfield.panel import HopfieldPanel
from models import patterns as pattern_tools


class CueTools:
    """Tools on the drawing. `back_to_drawing` runs first: an edit always shows the drawing,
    never the network's state it was showing."""

    def __init__(self, panel: HopfieldPanel, back_to_drawing: Callable[[], None]) -> None:
        self._panel = panel
        self._back_to_drawing = back_to_drawing
        self._rng = np.random.default_rng(0)  # noise for cue tools: reproducible per session

    def editing(self, edit: Callable[[], object]) -> Callable[[], None]:
        """`edit` applied to the drawing, which the grid shows first if it showed the network."""

        def apply() -> None:
            self._back_to_drawing()
            edit()

        return apply

    def flip_noise(self, seed: int | None = None) -> None:
        """Flip the chosen percentage of the drawing's bits (other ones each time, or the
        same ones for the same `seed`: a lecture shows the same picture every time)"""
        self._back_to_drawing()
        grid = self._panel.grid
        noisy = pattern_tools.flip_bits(
            grid.pattern(),
            self._panel.flip_percent.value() / 100,
            seed=int(self._rng.integers(2**31)) if seed is None else seed,
        )
        grid.set_pattern(noisy)

    def hide_part(self) -> None:
        """Blank out part of the drawing (a partial cue)"""
        self._back_to_drawing()
        grid = self._panel.grid
        rows, cols = grid.shape
        region = {
            "lower half": (rows // 2, rows, 0, cols),
            "upper half": (0, rows // 2, 0, cols),
            "left half": (0, rows, 0, cols // 2),
            "right half": (0, rows, cols // 2, cols),
        }[self._panel.hide_region.currentText()]
        grid.set_pattern(pattern_tools.hide_region(grid.pattern(), (rows, cols), region))

    def draw_preset(self, name: str) -> None:
        """Draw a preset (a letter, digit or picture) and offer its name for Store."""
        self._back_to_drawing()
        grid = self._panel.grid
        grid.set_pattern(presets.preset_pattern(name, grid.shape))
        self._panel.name_edit.setText(name)

    def on_preset_chosen(self, index: int) -> None:
        if index > 0:  # entry 0 is the prompt
            self.draw_preset(self._panel.presets.itemText(index))
            self._panel.presets.setCurrentIndex(0)
