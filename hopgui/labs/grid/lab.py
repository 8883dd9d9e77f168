"""The grid-cells lab: a sheet of neurons whose lattice of bumps moves with a running animal.

Wiring only: the widgets draw and report what the user did, the `GridSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. The sheet and the
box follow every frame; the rate map and its autocorrelation redraw at up to 20 Hz.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSplitter, QVBoxLayout

from hopgui.core.lab import Lab, panel
from hopgui.core.ui import button
from hopgui.labs.grid.session import MAP_BINS, STEPS_PER_SECOND, GridSession, GridSnapshot
from widgets import zoom
from widgets.arena_view import ArenaView
from widgets.live_text import LiveText
from widgets.sheet_image import MapImage, SheetView

DEMO_SECONDS = 1.0  # the first picture: the lattice formed, the animal running
CONTROL_ROWS = ("speed", "gain", "noise")


class GridLab(Lab):
    """Grid cells: a 2-D continuous attractor integrating the animal's velocity."""

    name = "grid"
    title = "Grid cells"
    summary = "A sheet of neurons forms a hexagonal lattice that moves as the animal runs"
    session_class = GridSession
    default_speed = 1.0
    steps_per_speed_unit = STEPS_PER_SECOND  # the run bar counts multiples of real time
    reset_label = "Reset: animal to the centre, decoded position on it"
    mouse_hints = (
        ("Click a neuron on the sheet", "record its rate map"),
        ("Drag in the box", "lead the animal there"),
        ("Hold the arrow keys", "run the animal"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._build_widgets()
        self._build_layout()
        motions = [
            (text, str(key), lambda checked=False, m=value: self.set_param("motion", m))
            for key, (text, value) in enumerate(self.params["motion"].choices.items(), start=1)
        ]
        self._finish(
            {
                "Sheet": [
                    ("Scramble the rates", "S", self.scramble),
                    ("Clear the rate map", "C", self.clear_map),
                    *motions,
                ]
            }
        )
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.readout = LiveText("starting…", zoom.points(1))
        self.sheet = SheetView()
        self.main_view = self.sheet
        self.arena = ArenaView()
        self.rate_map = MapImage(
            "Rate map", "", "Mean rate of the chosen neuron at each place in the box"
        )
        self.autocorr = MapImage(
            "Autocorrelation",
            "",
            "Spatial autocorrelation of the rate map. Six peaks round the centre: a hexagonal\n"
            "grid. Gridness = min(r60, r120) − max(r30, r90, r150) of its rotations.",
            diverging=True,
        )
        for name in ("n", "motion", "box", *CONTROL_ROWS):
            self.param_control(name)
        self.scramble_button = button("Scramble", "Random rates: watch a lattice form (S)")
        self.clear_button = button("Clear map", "Start the rate map again (C)")

    def _build_layout(self) -> None:
        controls = QGridLayout()
        controls.addWidget(self._controls["n"], 0, 0)
        controls.addWidget(self._controls["box"], 0, 1)
        controls.addWidget(self._controls["motion"], 1, 0, 1, 2)
        for index, name in enumerate(CONTROL_ROWS, start=2):
            row = QHBoxLayout()
            row.addWidget(QLabel(self.params[name].caption))
            row.addWidget(self._controls[name], 1)
            controls.addLayout(row, index, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.scramble_button)
        buttons.addWidget(self.clear_button)
        controls.addLayout(buttons, len(CONTROL_ROWS) + 2, 0, 1, 2)
        left = QVBoxLayout()
        left.addWidget(self.sheet, 1)
        left.addWidget(self.readout)
        settings = panel(controls)
        left.addWidget(settings)
        maps = QHBoxLayout()
        maps.addWidget(self.rate_map)
        maps.addWidget(self.autocorr)
        right = QVBoxLayout()
        right.addWidget(self.arena, 1)
        right.addLayout(maps, 1)
        self._page(panel(left), panel(right))
        splitter = self.findChild(QSplitter)
        splitter.setStretchFactor(0, 1)  # the sheet is the main view: as wide as the right side
        splitter.setStretchFactor(1, 1)
        self.secondary(settings)

    def _connect(self) -> None:
        send = self.sim.send
        self.sheet.neuron_clicked.connect(lambda x, y: send(GridSession.select_neuron, x, y))
        self.arena.steer.connect(lambda dx, dy: send(GridSession.steer, dx, dy))
        self.arena.target_dragged.connect(lambda x, y: send(GridSession.steer_toward, x, y))
        self.arena.drag_finished.connect(lambda: send(GridSession.release_steering))
        self.scramble_button.clicked.connect(self.scramble)
        self.clear_button.clicked.connect(self.clear_map)

    # --- commands -------------------------------------------------------------------------------
    def scramble(self) -> None:
        """Random rates: a new lattice forms."""
        self.sim.send(GridSession.scramble)
        self.status.emit("rates scrambled: a hexagonal lattice forms within a second")

    def clear_map(self) -> None:
        self.sim.send(GridSession.clear_map)

    def lecture_actions(self):
        actions = super().lecture_actions()
        actions["scramble"] = lambda _value=None: self.scramble()
        actions["clear_map"] = lambda _value=None: self.clear_map()
        actions["select_neuron"] = lambda value: self.sim.send(
            GridSession.select_neuron, int(value[0]), int(value[1])
        )
        return actions

    # --- reactions ------------------------------------------------------------------------------
    def _on_snapshot(self, snap: GridSnapshot) -> None:
        self.sheet.set_rates(snap.rates)
        self.sheet.set_neuron(*snap.neuron)
        self.arena.set_state(
            snap.params["box"], snap.position, snap.decoded, snap.trail, snap.decoded_trail
        )
        if snap.decoded is None:
            where = "lattice forming…"
        else:
            error = 100 * math.hypot(*(snap.decoded - snap.position))
            where = f"decoded off by {error:.1f} cm"
        speed = math.hypot(*snap.velocity)
        self.readout.setText(f"t = {snap.time:.1f} s   ·   {speed:.2f} m/s   ·   {where}")
        self._plots.submit(snap)

    def _draw_plots(self, snap: GridSnapshot) -> None:
        box = snap.params["box"]
        x, y = snap.neuron
        self.rate_map.set_map(snap.rate_map, box, f"Neuron ({x}, {y})")  # short: fits a half
        self.rate_map.set_note(f"{snap.map_seconds:.0f} s, {100 * snap.coverage:.0f} % of box")
        score = "–" if math.isnan(snap.gridness) else f"{snap.gridness:.2f}"
        extent = box * (2 * MAP_BINS - 1) / MAP_BINS
        self.autocorr.set_map(snap.autocorrelation, extent, f"Gridness {score}")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.arena.setFocus()  # so the arrow keys run the animal at once

    def demo(self) -> None:
        """The animal running at random; the lattice forms and moves with it."""
        self.set_param("motion", "random")
        self.run.set_speed(self.default_speed)

    def picture_ready(self, snap: GridSnapshot) -> bool:
        return snap.time >= DEMO_SECONDS
