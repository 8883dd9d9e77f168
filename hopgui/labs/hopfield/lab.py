"""The associative-memory lab: draw, store, corrupt, and watch the network recall.

Wiring only: the widgets draw and report what the user did, the `HopfieldSession` (in the worker
thread) does the physics, and this class turns one into commands for the other.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog

from hopgui.labs.hopfield import presets
from hopgui.labs.hopfield.panel import GRID_SIZES, MODES, RULES, HopfieldPanel
from hopgui.labs.hopfield.session import HopfieldSession, HopfieldSnapshot
from models import patterns as pattern_tools
from models.hopfield import MAX_DENSE_UNITS
from widgets import palette

DEFAULT_GRID = 16


class HopfieldLab(HopfieldPanel):
    """The first lab: draw, store, corrupt, recall."""

    title = "Associative memory"
    reset_label = "Reset to the cue"
    mouse_hints = (("Left / right drag", "paint a unit on / off"),)

    def __init__(self, grid_size: int = DEFAULT_GRID) -> None:
        shape = (grid_size, grid_size)
        super().__init__(lambda: HopfieldSession(shape), grid_size)
        self._cue_synced = False  # does the worker's cue equal the drawing?
        self._memory_generation = -1
        self._rng = np.random.default_rng(0)  # noise for cue tools: reproducible per session
        self._caption_color = None
        self._busy_rule: str | None = None  # a slow rule change under way, shown as a notice
        self._build_actions()
        self._connect()
        self._show_caption()

    def _build_actions(self) -> None:
        """Every command as a QAction with its shortcut, grouped into the window's menus."""
        spec = {
            "Run": [
                ("Step one unit", ".", lambda: self.step("unit")),
                ("Step one sweep", "N", lambda: self.step("sweep")),
            ],
            "Edit": [
                ("Undo", QKeySequence.StandardKey.Undo, self._editing(self.grid.undo)),
                ("Redo", "Ctrl+Shift+Z", self._editing(self.grid.redo)),
                ("Edit the drawing", "E", self.edit_drawing),
                ("Keep the state as the drawing", "K", self.keep_state),
                ("Clear", "C", self._editing(self.grid.clear)),
                ("Invert", "I", self._editing(self.grid.invert)),
                ("Random", "Ctrl+R", self._editing(self.grid.randomize)),
                ("Shift up", "Shift+Up", self._editing(lambda: self.grid.shift(-1, 0))),
                ("Shift down", "Shift+Down", self._editing(lambda: self.grid.shift(1, 0))),
                ("Shift left", "Shift+Left", self._editing(lambda: self.grid.shift(0, -1))),
                ("Shift right", "Shift+Right", self._editing(lambda: self.grid.shift(0, 1))),
                ("Flip noise", "F", self.flip_noise),
                ("Hide region", "H", self.hide),
                ("Noise brush", "B", self.noise_brush.toggle),
            ],
            "Memories": [
                ("Store the drawing", "S", self.store_drawing),
                ("Store letters A-E", "Ctrl+L", lambda: self.store_presets("ABCDE")),
                ("Forget all memories", "Ctrl+Shift+Delete", self.forget_all),
                ("Import image…", "Ctrl+I", self.import_image_dialog),
                ("Open pattern set…", QKeySequence.StandardKey.Open, self.load_set_dialog),
                ("Save pattern set…", QKeySequence.StandardKey.Save, self.save_set_dialog),
            ],
        }
        self._finish(spec)

    def _editing(self, edit: Callable[[], object]) -> Callable[[], None]:
        """`edit` applied to the drawing, which the grid shows first if it showed the network."""

        def apply() -> None:
            self.edit_drawing()
            edit()

        return apply

    def _connect(self) -> None:
        self.flip_button.clicked.connect(self.flip_noise)
        self.hide_button.clicked.connect(self.hide)
        self.store_button.clicked.connect(self.store_drawing)
        self.name_edit.returnPressed.connect(self.store_drawing)  # type a name, press Enter
        self.run.step_requested.connect(self.step)
        self.grid.edited.connect(self._on_drawing_changed)
        self.grid_size.currentIndexChanged.connect(self._on_grid_size_changed)
        self.brush.valueChanged.connect(lambda n: setattr(self.grid, "brush_size", n))
        self.noise_brush.toggled.connect(
            lambda on: setattr(self.grid, "paint_mode", "noise" if on else "draw")
        )
        self.presets.activated.connect(self._on_preset_chosen)
        self.library.cue_requested.connect(self.use_memory_as_cue)
        self.library.remove_requested.connect(lambda i: self.sim.send("remove", i))
        self.rule.currentTextChanged.connect(self._on_rule_chosen)
        self.sim.error.connect(lambda _message: setattr(self, "_busy_rule", None))
        self.mode.currentTextChanged.connect(lambda t: self.sim.send("set_mode", MODES[t]))
        self.temperature.valueChanged.connect(lambda t: self.sim.send("set_temperature", t))
        self.pair_a.activated.connect(self._on_pair_chosen)
        self.pair_b.activated.connect(self._on_pair_chosen)

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def toggle_run(self) -> None:
        """Run or pause the network from the drawing (after a finished run: replay from the cue)."""
        if not self.sim.running:
            at_rest = self.snapshot is not None and self.snapshot.outcome != "running"
            if self._cue_synced and at_rest:
                self.sim.send("reset")
            self._sync_cue()
        self.sim.toggle()

    def step(self, kind: str) -> None:
        """One unit update ("unit") or one sweep ("sweep")."""
        self._sync_cue()
        self.sim.pause()
        self.sim.send("step_unit" if kind == "unit" else "step_sweep")

    def reset(self) -> None:
        """Put the network back to the cue."""
        self.sim.pause()
        self._sync_cue()
        self.sim.send("reset")

    def store_drawing(self) -> None:
        """Store what the grid shows (the drawing, or the network's state) as a memory."""
        name = self.name_edit.text().strip() or self._next_name()
        self.sim.send("store", self.grid.displayed_state()[None, :], [name])
        self.name_edit.clear()
        self.status.emit(f"stored '{name}'")

    def store_presets(self, names: str) -> None:
        """Store several presets at once (e.g. letters)."""
        shape = self.grid.shape
        stack = np.array([presets.preset_pattern(n, shape) for n in names])
        self.sim.send("store", stack, list(names))

    def forget_all(self) -> None:
        """Forget every stored memory (the drawing stays)."""
        self.sim.send("clear_memories")

    def flip_noise(self) -> None:
        """Flip the chosen percentage of the drawing's bits"""
        self.edit_drawing()
        noisy = pattern_tools.flip_bits(
            self.grid.pattern(),
            self.flip_percent.value() / 100,
            seed=int(self._rng.integers(2**31)),
        )
        self.grid.set_pattern(noisy)

    def hide(self) -> None:
        """Blank out part of the drawing (a partial cue)"""
        self.edit_drawing()
        rows, cols = self.grid.shape
        region = {
            "lower half": (rows // 2, rows, 0, cols),
            "upper half": (0, rows // 2, 0, cols),
            "left half": (0, rows, 0, cols // 2),
            "right half": (0, rows, cols // 2, cols),
        }[self.hide_region.currentText()]
        self.grid.set_pattern(pattern_tools.hide_region(self.grid.pattern(), (rows, cols), region))

    def edit_drawing(self) -> None:
        """Stop showing the network and go back to the drawing."""
        if self.grid.live:
            self.sim.pause()
            self.grid.end_live()
            self._show_caption()

    def keep_state(self) -> None:
        """Make the network's current state the drawing."""
        if self.snapshot is not None and self.snapshot.shape == self.grid.shape:
            state = self.snapshot.state
            self.edit_drawing()
            self.grid.set_pattern(state)

    def use_memory_as_cue(self, index: int) -> None:
        snap = self.snapshot
        if snap is not None and index < len(snap.patterns) and snap.shape == self.grid.shape:
            self.edit_drawing()
            self.grid.set_pattern(self.snapshot.patterns[index])

    # --- files -----------------------------------------------------------------------------------
    def import_image(self, path: str) -> bool:
        """Draw an image file (PNG/JPEG/BMP), resized to the grid and thresholded."""
        try:
            picture = presets.image_to_pattern(path, self.grid.shape)
        except ValueError as exc:
            self.messages.show_message(str(exc))
            return False
        self.edit_drawing()
        self.grid.set_pattern(picture)
        return True

    def save_pattern_set(self, path: str) -> bool:
        """Save every stored memory with its name and the grid size."""
        snap = self.snapshot
        if snap is None or len(snap.patterns) == 0:
            self.messages.show_message("There are no memories to save: store a pattern first.")
            return False
        try:
            pattern_tools.save_pattern_set(path, snap.patterns, snap.shape, list(snap.names))
        except (OSError, ValueError) as exc:
            self.messages.show_message(f"Could not save {path}: {exc}")
            return False
        self.status.emit(f"saved {len(snap.names)} memories to {path}")
        return True

    def load_pattern_set(self, path: str) -> bool:
        """Store the memories of a pattern-set file (resampled if its grid size differs)."""
        try:
            stack, shape, names = pattern_tools.load_pattern_set(path)
        except (OSError, ValueError) as exc:
            self.messages.show_message(str(exc))
            return False
        grid = self.grid.shape
        if tuple(shape) != tuple(grid):
            stack = np.array([pattern_tools.resample(p, shape, grid) for p in stack])
            self.messages.show_message(
                f"The set was drawn on {shape[0]} x {shape[1]}; resampled to this "
                f"{grid[0]} x {grid[1]} grid.",
                "info",
            )
        self.sim.send("store", stack, list(names))
        return True

    def import_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import image", "", "Images (*.png *.jpg *.jpeg *.bmp);;All files (*)"
        )
        if path:
            self.import_image(path)

    def load_set_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open pattern set", "", "Pattern sets (*.npz);;All files (*)"
        )
        if path:
            self.load_pattern_set(path)

    def save_set_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save pattern set", "memories.npz", "Pattern sets (*.npz)"
        )
        if path:
            self.save_pattern_set(path)

    # --- reactions -------------------------------------------------------------------------------
    def _sync_cue(self) -> None:
        """Hand the drawing to the network as its cue, unless it already has it."""
        if not self._cue_synced:
            self.sim.send("set_cue", self.grid.pattern())
            self._cue_synced = True
        if not self.grid.live:
            self.grid.show_state(self.grid.pattern(), -1, cue=self.grid.pattern())
            self._show_caption()

    def _show_caption(self) -> None:
        """Say (in words and in the frame colour) whether the grid shows the cue or the network."""
        if self.grid.live:
            sweeps = self.snapshot.sweeps if self.snapshot else 0.0
            text, color = f"Network state  ·  sweep {sweeps:.2f}", palette.CURRENT
        else:
            text, color = "Your drawing  ·  the cue", palette.CUE
        self.grid_caption.setText(text)
        if self._caption_color != color:
            self._caption_color = color
            self.grid.set_frame_color(color)
            self.grid_caption.set_colors(color)

    def _on_drawing_changed(self) -> None:
        self._cue_synced = False

    def _on_grid_size_changed(self, index: int) -> None:
        n = GRID_SIZES[index]
        rule = self.snapshot.rule if self.snapshot else "hebbian"
        if rule != "hebbian" and n * n > MAX_DENSE_UNITS:
            side = max(g for g in GRID_SIZES if g * g <= MAX_DENSE_UNITS)
            self.messages.show_message(
                f"The {self.rule.currentText()} rule keeps a dense N x N weight matrix, so it "
                f"allows grids up to {side} x {side}. Switch to Hebbian for {n} x {n}."
            )
            self._show_setting(self.grid_size, f"{self.grid.shape[0]} x {self.grid.shape[1]}")
            return
        self.edit_drawing()
        drawing = pattern_tools.resample(self.grid.pattern(), self.grid.shape, (n, n))
        self.grid.set_shape(n, n)
        self.grid.set_pattern(drawing, undoable=False)
        self.sim.send("set_shape", n, n)
        self._cue_synced = False

    def _on_preset_chosen(self, index: int) -> None:
        if index == 0:
            return
        name = self.presets.itemText(index)
        self.edit_drawing()
        self.grid.set_pattern(presets.preset_pattern(name, self.grid.shape))
        self.name_edit.setText(name)
        self.presets.setCurrentIndex(0)

    def _on_rule_chosen(self, label: str) -> None:
        rows, cols = self.grid.shape
        if self.snapshot is not None and len(self.snapshot.names) and rows * cols >= 1024:
            # Storkey and pseudo-inverse weights take a second or two at 64 x 64: say so.
            self.messages.show_message(
                f"Computing the {label} weights for {rows * cols} units…", "info", seconds=60
            )
            self._busy_rule = RULES[label]
        self.sim.send("set_rule", RULES[label])

    def _on_pair_chosen(self) -> None:
        a, b = self.pair_a.currentIndex(), self.pair_b.currentIndex()
        if self.snapshot is None or self.snapshot.landscape is None or min(a, b) < 0:
            return
        if a == b:  # picked the memory the other axis shows: swap the axes
            old_a, old_b = self.snapshot.landscape.pair
            a, b = (a, old_a) if self.sender() is self.pair_a else (old_b, b)
        self.sim.send("set_landscape_pair", a, b)

    def _next_name(self) -> str:
        count = len(self.snapshot.names) if self.snapshot else 0
        return f"P{count + 1}"

    def _on_snapshot(self, snap: HopfieldSnapshot) -> None:
        self.snapshot = snap
        if snap.shape != self.grid.shape:
            return  # a frame from before the grid was resized; the next one will fit
        if self.grid.live:
            self.grid.show_state(snap.state, snap.marked_unit, cue=snap.cue)
            self._show_caption()
        if snap.memory_generation != self._memory_generation:
            self._memory_generation = snap.memory_generation
            self._on_memories_changed(snap)
        if self._busy_rule is not None and snap.rule == self._busy_rule:
            self._busy_rule = None
            self.messages.dismiss()
        self._show_settings(snap)
        running = "running" if self.sim.running else "paused"
        verdict = snap.verdict if snap.outcome != "running" else f"{running}: {snap.verdict}"
        self.verdict.set_verdict(verdict)
        self._plots.submit(snap)

    def _show_settings(self, snap: HopfieldSnapshot) -> None:
        """The controls show what the model really uses (it may have refused a change)."""
        self._show_setting(self.rule, _key_of(RULES, snap.rule))
        self._show_setting(self.mode, _key_of(MODES, snap.mode))
        if self.temperature.value() != snap.temperature:
            self.temperature.blockSignals(True)
            self.temperature.setValue(snap.temperature)
            self.temperature.blockSignals(False)
        if snap.landscape is not None:
            self._show_setting(self.pair_a, self.pair_a.itemText(snap.landscape.pair[0]))
            self._show_setting(self.pair_b, self.pair_b.itemText(snap.landscape.pair[1]))

    @staticmethod
    def _show_setting(combo: QComboBox, text: str) -> None:
        if combo.currentText() != text:
            combo.blockSignals(True)
            combo.setCurrentText(text)
            combo.blockSignals(False)

    def _draw_plots(self, snap: HopfieldSnapshot) -> None:
        self.energy_trace.set_trace(snap.trace_x, snap.trace_energy)
        self.overlaps.set_history(snap.overlap_x, snap.overlap_history, snap.names)
        if snap.landscape is not None:
            a, b = snap.landscape.pair
            land = snap.landscape
            self.landscape.set_landscape(
                land.m_a, land.m_b, land.energy, (snap.names[a], snap.names[b]), land.cross_overlap
            )
            self.landscape.set_path(snap.overlap_history[:, a], snap.overlap_history[:, b])
        else:
            self.landscape.clear()

    def _on_memories_changed(self, snap: HopfieldSnapshot) -> None:
        self.library.set_patterns(snap.patterns, snap.shape, list(snap.names))
        self.weights.set_matrix(snap.weight_image, extent=snap.shape[0] * snap.shape[1])
        for combo in (self.pair_a, self.pair_b):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([f"'{n}'" for n in snap.names])
            combo.blockSignals(False)

    def demo(self) -> None:
        """What a lecturer shows first: three letters stored and a noisy 'A' drawn as the cue."""
        self.store_presets("ATX")
        self.grid.set_pattern(presets.preset_pattern("A", self.grid.shape))
        self.flip_percent.setValue(30)
        self.flip_noise()

    def start_demo(self) -> None:
        self.run.set_speed(600)
        self.toggle_run()


def _key_of(choices: dict[str, str], value: str) -> str:
    """The label a combo box shows for a model value."""
    return next(label for label, name in choices.items() if name == value)
