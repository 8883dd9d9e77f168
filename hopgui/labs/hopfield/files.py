"""Images and pattern-set files for the associative-memory lab. Files are read and written in
the GUI thread (each checked before it is decoded, see `images` and
`models.patterns.load_pattern_set`); what they hold goes to the session as commands; every
problem is a message in words (file names shown as plain text), and every success is confirmed
in the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QFileDialog

from hopgui.labs.hopfield import images
from models import patterns as pattern_tools

if TYPE_CHECKING:
    from hopgui.labs.hopfield.lab import HopfieldLab

IMAGE_PATTERNS = " ".join(f"*.{suffix}" for suffix in images.RASTER_FORMATS)


def _label(path: str) -> str:
    """A file's name for a message or the status bar (no control characters, not too long)."""
    return images.file_label(Path(path))


def _count(memories: int) -> str:
    return f"{memories:,} memor{'y' if memories == 1 else 'ies'}"


class PatternFiles:
    """Import an image as the drawing; open and save sets of memories (`.npz`)."""

    def __init__(self, lab: HopfieldLab) -> None:
        self._lab = lab

    def import_image(self, path: str) -> bool:
        """Draw an image file (PNG, JPEG, BMP, GIF ...), resized to the grid and thresholded."""
        grid = self._lab.panel.grid
        try:
            picture = images.import_image(path, grid.shape)
        except ValueError as exc:
            self._lab.messages.show_message(str(exc))
            return False
        self._lab.edit_drawing()
        grid.set_pattern(picture.pattern)
        if picture.note:  # an animated picture: say which frame the grid shows
            self._lab.messages.show_message(picture.note, "info")
        self._lab.status.emit(f"imported {_label(path)} as the drawing")
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
            self._lab.messages.show_message(f"Could not save {_label(path)}: {exc}")
            return False
        self._lab.status.emit(f"saved {_count(len(names))} to {_label(path)}")
        return True

    def load_pattern_set(self, path: str) -> bool:
        """Store the memories of a pattern-set file (redrawn if its grid size differs); refused
        in words if they would pass MAX_MEMORIES with those already stored."""
        label = _label(path)
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
        note = f"opened {_count(len(stack))} from {label}"
        self._lab.store_with_note(np.asarray(stack), list(names), tuple(shape), note)
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
            self._lab, "Import image", "", f"Images ({IMAGE_PATTERNS});;All files (*)"
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
