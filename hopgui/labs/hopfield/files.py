"""Images and pattern-set files for the associative-memory lab. Files are read and written in
the GUI thread; what they hold goes to the session as commands; every problem is a message in
words (file names shown as plain text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QFileDialog

from hopgui.labs.hopfield import presets
from hopgui.labs.hopfield.session import HopfieldSession
from models import patterns as pattern_tools

if TYPE_CHECKING:
    from hopgui.labs.hopfield.lab import HopfieldLab


class PatternFiles:
    """Import an image as the drawing; open and save sets of memories (`.npz`)."""

    def __init__(self, lab: HopfieldLab) -> None:
        self._lab = lab

    def import_image(self, path: str) -> bool:
        """Draw an image file (PNG/JPEG/BMP), resized to the grid and thresholded."""
        grid = self._lab.panel.grid
        try:
            picture = presets.image_to_pattern(path, grid.shape)
        except ValueError as exc:
            self._lab.messages.show_message(str(exc))
            return False
        self._lab.edit_drawing()
        grid.set_pattern(picture)
        return True

    def save_pattern_set(self, path: str) -> bool:
        """Save every stored memory with its name and the grid size."""
        state = self._memories()
        patterns, names = state["patterns"], list(state["names"])
        if len(patterns) == 0:
            self._lab.messages.show_message("There are no memories to save: store a pattern first.")
            return False
        side = state["params"]["grid_size"]
        try:
            pattern_tools.save_pattern_set(path, patterns, (side, side), names)
        except (OSError, ValueError) as exc:
            self._lab.messages.show_message(f"Could not save {path}: {exc}")
            return False
        self._lab.status.emit(f"saved {len(names)} memories to {path}")
        return True

    def load_pattern_set(self, path: str) -> bool:
        """Store the memories of a pattern-set file (redrawn if its grid size differs)."""
        try:
            stack, shape, names = pattern_tools.load_pattern_set(path)
        except (OSError, ValueError) as exc:
            self._lab.messages.show_message(str(exc))
            return False
        grid = self._lab.panel.grid.shape
        if tuple(shape) != tuple(grid):
            self._lab.messages.show_message(
                f"The set was drawn on {shape[0]} x {shape[1]}; resampled to this "
                f"{grid[0]} x {grid[1]} grid.",
                "info",
            )
        self._lab.sim.send(HopfieldSession.store, np.asarray(stack), list(names), tuple(shape))
        return True

    def _memories(self) -> dict:
        """The memories after every command sent so far (the newest frame, if it shows them)."""
        snap = self._lab.snapshot
        if self._lab.sim.is_current(snap):
            return {"patterns": snap.patterns, "names": snap.names, "params": snap.params}
        return self._lab.state()

    # --- dialogs ---------------------------------------------------------------------------------
    def import_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._lab, "Import image", "", "Images (*.png *.jpg *.jpeg *.bmp);;All files (*)"
        )
        if path:
            self.import_image(path)

    def load_set_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._lab, "Open pattern set", "", "Pattern sets (*.npz);;All files (*)"
        )
        if path:
            self.load_pattern_set(path)

    def save_set_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self._lab, "Save pattern set", "memories.npz", "Pattern sets (*.npz)"
        )
        if path:
            self.save_pattern_set(path)
