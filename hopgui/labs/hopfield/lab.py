"""The associative-memory lab: draw, store, corrupt, and watch the network recall.

Wiring only. The `HopfieldSession` (in the worker thread) owns the model, the memories, the cue
and the grid size; the lab owns a `HopfieldPanel` of widgets, `CueTools` that edit the drawing,
`PatternFiles` for images and pattern sets, and a `HopfieldView` that draws each snapshot. Every
edit of the drawing goes to the session as the cue at once, so the verdict, the overlaps and the
landscape ball always describe what the grid shows; the grid follows the session's cue and size
whenever a frame reflects every command sent.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QKeySequence, QUndoCommand

from hopgui.core.lab import Lab
from hopgui.labs.hopfield import presets
from hopgui.labs.hopfield.cue_tools import CueTools
from hopgui.labs.hopfield.files import PatternFiles
from hopgui.labs.hopfield.panel import HopfieldPanel
from hopgui.labs.hopfield.session import HopfieldSession, HopfieldSnapshot
from hopgui.labs.hopfield.view import HopfieldView, grey

NAMED_IN_STATUS = 5  # "stored 'A', 'B', ..." names this many new memories at most


class HopfieldLab(Lab):
    """The first lab: draw, store, corrupt, recall."""

    name = "hopfield"
    title = "Associative memory"
    summary = "Store pictures in a Hopfield network, corrupt one, and watch it be recalled"
    session_class = HopfieldSession
    speed_range = (1.0, 1e6)
    speed_unit = "updates/s"
    default_speed = 300.0
    reset_label = "Reset to the cue"
    presenting_split = 0.4  # the grid is square: the plots get the rest
    mouse_hints = (("Left / right drag", "paint a unit on / off"),)

    def __init__(self) -> None:
        super().__init__()
        names = ("rule", "mode", "temperature", "grid_size", "asymmetry", "damage", "damage_kind")
        names += ("network", "beta", "degree")
        self.panel = HopfieldPanel({name: self.param_control(name) for name in names}, self.run)
        self._page(self.panel.left, self.panel.right)
        self.main_view = self.panel.grid
        self.secondary(*self.panel.secondary())
        self.view = HopfieldView(self.panel)
        self.cue = CueTools(self.panel, self.edit_drawing)
        self.files = PatternFiles(self)
        self._names: tuple[str, ...] = ()
        self._store_note: tuple[int, str] | None = None  # (command, what to say once stored)
        self._finish(self._actions())
        self._connect()
        self.view.show_caption()

    def _actions(self) -> dict:
        """Every command as a QAction with its shortcut, grouped into the window's menus."""
        grid, cue, files = self.panel.grid, self.cue, self.files
        return {
            "Run": [
                ("Step one unit", "U", lambda: self.step("unit")),
                ("Step one sweep", "N", lambda: self.step("sweep")),
            ],
            "Edit": [
                ("Undo", QKeySequence.StandardKey.Undo, self.undo),
                ("Redo", "Ctrl+Shift+Z", self.redo),
                ("Edit the drawing", "E", self.edit_drawing),
                ("Keep the state as the drawing", "K", self.keep_state),
                ("Clear", "C", cue.editing(grid.clear)),
                ("Invert", "I", cue.editing(grid.invert)),
                ("Random", "D", cue.editing(grid.randomize)),  # Ctrl+R records
                ("Shift up", "Shift+Up", cue.editing(lambda: grid.shift(-1, 0))),
                ("Shift down", "Shift+Down", cue.editing(lambda: grid.shift(1, 0))),
                ("Shift left", "Shift+Left", cue.editing(lambda: grid.shift(0, -1))),
                ("Shift right", "Shift+Right", cue.editing(lambda: grid.shift(0, 1))),
                ("Flip noise", "F", cue.flip_noise),
                ("Hide region", "H", cue.hide_part),
                ("Noise brush on / off", "Ctrl+B", self.panel.noise_brush.toggle),
            ],
            "Memories": [
                ("Store the drawing", "S", self.store_drawing),
                ("Store letters A-E", "Ctrl+L", lambda: self.store_presets("ABCDE")),
                ("Forget all memories", "Ctrl+Shift+Delete", self.forget_all),
                ("Import image…", "Ctrl+I", files.import_image_dialog),
                ("Open pattern set…", "Ctrl+Alt+O", files.load_set_dialog),  # Ctrl+O: sessions
                ("Save pattern set…", "Ctrl+Alt+S", files.save_set_dialog),
            ],
        }

    def _connect(self) -> None:
        panel, grid = self.panel, self.panel.grid
        panel.flip_button.clicked.connect(self.cue.flip_noise)
        panel.hide_button.clicked.connect(self.cue.hide_part)
        panel.store_button.clicked.connect(self.store_drawing)
        panel.name_edit.returnPressed.connect(self.store_drawing)  # type a name, press Enter
        panel.presets.activated.connect(self.cue.on_preset_chosen)
        panel.brush.valueChanged.connect(lambda n: setattr(grid, "brush_size", n))
        panel.noise_brush.toggled.connect(
            lambda on: setattr(grid, "paint_mode", "noise" if on else "draw")
        )
        grid.edited.connect(self._on_drawing_edited)
        # a new grid size (sent by the control first) shows the drawing, redrawn on the new grid
        panel.grid_size.currentTextChanged.connect(lambda _text: self.edit_drawing())
        panel.library.cue_requested.connect(self.use_memory_as_cue)
        panel.library.remove_requested.connect(self.remove_memory)
        panel.pair_a.activated.connect(lambda i: self._choose_landscape_memory(0, i))
        panel.pair_b.activated.connect(lambda i: self._choose_landscape_memory(1, i))
        self.run.step_requested.connect(self.step)

    # --- the run ---------------------------------------------------------------------------------
    def toggle_run(self) -> None:
        """Run or pause the network from the drawing (after a finished run: replay from the cue)."""
        if not self.sim.running:
            self._show_network()
        # always: "running" as last reported may be stale (a run that just came to rest), and
        # a network still running is left alone
        self.sim.send(HopfieldSession.rewind_if_at_rest)
        self.sim.toggle()

    def play(self) -> None:
        """Run the network from the drawing (a run that had come to rest starts again)."""
        self._show_network()
        self.sim.send(HopfieldSession.rewind_if_at_rest)
        self.sim.play()

    def step(self, kind: str) -> None:
        """One unit update ("unit") or one sweep ("sweep")."""
        self._show_network()
        self.sim.pause()
        self.sim.send(HopfieldSession.step_unit if kind == "unit" else HopfieldSession.step_sweep)

    def reset(self) -> None:
        """Put the network back to the cue."""
        self.sim.pause()
        self._show_network()
        self.sim.send(HopfieldSession.reset)

    def edit_drawing(self) -> None:
        """Stop showing the network and go back to the drawing (the network back to the cue, so
        the verdict describes what the grid shows)."""
        grid = self.panel.grid
        if grid.live:
            self.sim.pause()
            grid.end_live()
            self.sim.send(HopfieldSession.reset)
            self.view.show_caption()

    def keep_state(self) -> None:
        """Make the network's present state the drawing."""
        self.sim.send(HopfieldSession.keep_state)
        self.edit_drawing()

    def use_memory_as_cue(self, index: int) -> None:
        self.sim.send(HopfieldSession.use_memory_as_cue, index)
        self.edit_drawing()

    # --- the memories ----------------------------------------------------------------------------
    def store_drawing(self) -> None:
        """Store what the grid shows (the drawing, or the network's state) as a memory; without
        a typed name the session names it (P1, P2, ...)."""
        grid, edit = self.panel.grid, self.panel.name_edit
        name = edit.text().strip() or None
        self._edit_memories(
            "Store a memory", HopfieldSession.store, grid.displayed_state(), [name], grid.shape
        )
        edit.clear()

    def store_presets(self, names: str) -> None:
        """Store several presets at once (e.g. letters)."""
        shape = self.panel.grid.shape
        stack = np.array([presets.preset_pattern(n, shape) for n in names])
        self._edit_memories("Store letters", HopfieldSession.store, stack, list(names), shape)

    def store_with_note(
        self, stack: np.ndarray, names: list[str], shape: tuple[int, int], note: str
    ) -> None:
        """Store memories (P, N) drawn on `shape` and, once they are stored, say `note` in the
        status bar instead of their names (e.g. "opened 5 memories from set.npz")."""
        seq = self._edit_memories("Store memories", HopfieldSession.store, stack, names, shape)
        self._store_note = (seq, note)

    def forget_all(self) -> None:
        """Forget every stored memory (the drawing stays); Ctrl+Z brings them back."""
        self._edit_memories("Forget all memories", HopfieldSession.clear_memories)
        self.status.emit("forgot every memory: Ctrl+Z brings them back")

    def remove_memory(self, index: int) -> None:
        self._edit_memories("Remove a memory", HopfieldSession.remove, index)

    def _edit_memories(self, text: str, method, *args) -> int:
        """Send a Store / Remove / Forget all, undoable with the drawing's edits in one history
        (the session keeps the libraries; each edit here is one entry there)."""
        seq = self.sim.send(method, *args)
        self.panel.grid.undo_stack.push(MemoryEdit(text, self.sim))
        return seq

    def undo(self) -> None:
        """Undo the last edit: of the memory library or of the drawing."""
        if isinstance(self._next_command(undo=True), MemoryEdit):
            self.panel.grid.undo()
        else:
            self.cue.editing(self.panel.grid.undo)()

    def redo(self) -> None:
        if isinstance(self._next_command(undo=False), MemoryEdit):
            self.panel.grid.redo()
        else:
            self.cue.editing(self.panel.grid.redo)()

    def _next_command(self, undo: bool) -> QUndoCommand | None:
        stack = self.panel.grid.undo_stack
        return stack.command(stack.index() - 1 if undo else stack.index())

    def restore(self, state: dict) -> None:
        """Take back a state; the edit history before it no longer applies."""
        super().restore(state)
        self.panel.grid.undo_stack.clear()

    def lecture_actions(self) -> dict:
        """store = "ABCDE" (presets), forget, cue = "A" (a preset drawn as the cue), flip = 30
        (per cent of the drawing's bits), invert, mixture = "ATX" (the majority of presets: a
        spurious state), settle (run until the network comes to rest)."""
        grid = self.panel.grid

        def preset(name: Any) -> np.ndarray:
            if not isinstance(name, str) or name not in presets.preset_names():
                raise ValueError(f"{name!r} is not a preset (letters A-Z, digits 0-9, pictures)")
            return presets.preset_pattern(name, grid.shape)

        def draw(pattern: np.ndarray) -> None:
            self.edit_drawing()
            grid.set_pattern(pattern)

        def flip(percent: Any) -> None:
            if not isinstance(percent, int | float) or not 0 <= percent <= 100:
                raise ValueError("flip takes a percentage from 0 to 100")
            self.edit_drawing()
            self.panel.flip_percent.setValue(round(percent))
            self.cue.flip_noise(seed=0)

        def mixture(names: Any) -> None:
            stack = [preset(name) for name in str(names)]
            if len(stack) % 2 == 0:
                raise ValueError('a mixture takes an odd number of presets, e.g. "ATX"')
            draw(np.where(np.sum(stack, axis=0) > 0, 1, -1).astype(np.int8))

        def store(names: Any) -> None:
            for name in str(names):
                preset(name)
            self.store_presets(str(names))

        def settle(_value: Any = None):
            self.play()
            return lambda: self.snapshot.outcome != "running"

        return {
            **super().lecture_actions(),
            "store": store,
            "forget": lambda _value=None: self.forget_all(),
            "cue": lambda name: draw(preset(name)),
            "flip": flip,
            "invert": lambda _value=None: self.cue.editing(grid.invert)(),
            "mixture": mixture,
            "settle": settle,
        }

    def set_presenting(self, on: bool) -> None:
        super().set_presenting(on)
        self.panel.set_presenting(on)

    def demo(self) -> None:
        """What a lecturer shows first: three letters stored and a noisy 'A' drawn as the cue."""
        self.store_presets("ATX")
        grid = self.panel.grid
        grid.set_pattern(presets.preset_pattern("A", grid.shape))
        self.panel.flip_percent.setValue(30)
        self.cue.flip_noise()

    def start_demo(self) -> None:
        self.run.set_speed(600)
        self.toggle_run()

    def picture_ready(self, snap: HopfieldSnapshot) -> bool:
        """The demo's picture: the letters stored and the noisy 'A' a sweep into its recall."""
        return len(snap.names) == 3 and (snap.sweeps >= 1.0 or snap.outcome != "running")

    # --- reactions -------------------------------------------------------------------------------
    def _on_drawing_edited(self) -> None:
        grid = self.panel.grid
        self.sim.send(HopfieldSession.set_cue, grid.pattern(), grid.shape)

    def _show_network(self) -> None:
        """The grid shows the network's state from now on (the drawing until the next frame)."""
        grid = self.panel.grid
        if not grid.live:
            grid.show_state(grid.pattern(), -1, cue=grid.pattern())
            self.view.show_caption()

    def _choose_landscape_memory(self, axis: int, index: int) -> None:
        if index >= 0:
            self.sim.send(HopfieldSession.set_landscape_axis, axis, index)

    def _on_snapshot(self, snap: HopfieldSnapshot) -> None:
        if self.sim.is_current(snap):
            self._follow_session(snap)
        self.view.draw_frame(snap, self.sim.running)
        note = self._take_store_note(snap)
        if snap.names != self._names:
            self._on_memories_named(snap.names, note)
        self._plots.submit(snap)

    def _follow_session(self, snap: HopfieldSnapshot) -> None:
        """The grid takes the session's size and cue (a restored scene, K, a memory used as the
        cue) unless a stroke is under way; it does not send them back."""
        grid = self.panel.grid
        if grid.painting:
            return
        with QSignalBlocker(grid):
            if grid.shape != snap.shape:
                live = grid.live
                grid.set_shape(*snap.shape)
                grid.set_pattern(snap.cue, undoable=False)
                if live:
                    grid.show_state(
                        snap.state,
                        snap.marked_unit,
                        cue=snap.cue,
                        grey=grey(snap),
                        silenced=snap.silenced,
                    )
            elif not np.array_equal(grid.pattern(), snap.cue):
                grid.set_pattern(snap.cue)  # undoable, like any other change of the drawing

    def _take_store_note(self, snap: HopfieldSnapshot) -> str | None:
        """The note of a `store_with_note` this frame reflects, taken: said once, or never if
        the session refused the store (then no names change and its message says why)."""
        if self._store_note is None or snap.command_seq < self._store_note[0]:
            return None
        note, self._store_note = self._store_note[1], None
        return note

    def _on_memories_named(self, names: tuple[str, ...], note: str | None = None) -> None:
        old, self._names = self._names, names
        if len(names) > len(old) and names[: len(old)] == old:
            added = names[len(old) :]
            shown = ", ".join(f"'{name}'" for name in added[:NAMED_IN_STATUS])
            if len(added) > NAMED_IN_STATUS:
                shown = f"{len(added)} memories: {shown}, …"
            self.status.emit(note or f"stored {shown}")

    def _draw_plots(self, snap: HopfieldSnapshot) -> None:
        self.view.draw_plots(snap)


class MemoryEdit(QUndoCommand):
    """A Store, Remove or Forget all, already sent: undo and redo ask the session to swap the
    library back and forth."""

    def __init__(self, text: str, sim) -> None:
        super().__init__(text)
        self._sim, self._done = sim, True

    def undo(self) -> None:
        self._sim.send(HopfieldSession.undo_memories)

    def redo(self) -> None:
        if self._done:  # QUndoStack.push calls redo: the edit itself was sent already
            self._done = False
        else:
            self._sim.send(HopfieldSession.redo_memories)
