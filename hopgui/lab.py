"""What every lab shares: a session in a worker thread, the transport bar, a message bar,
throttled plots, and its commands as shortcut actions for the main window's menus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hopgui.simulation import Simulation, SimulationThread
from hopgui.throttle import Throttle
from hopgui.ui import Menus, MenuSpec, build_menus, shortcut_rows
from widgets.message_bar import MessageBar
from widgets.run_controls import RunControls

PLOT_INTERVAL_MS = 50  # pyqtgraph plots redraw at up to 20 Hz; the main view follows every frame


class Lab(QWidget):
    """A tab of the main window. Subclasses build their widgets, then call `_finish(spec)`, and
    implement `_on_snapshot` (every frame) and `_draw_plots` (throttled)."""

    title = ""
    reset_label = "Reset"
    steps_per_speed_unit = 1.0  # model steps per second at speed 1 of the run bar
    mouse_hints: tuple[tuple[str, str], ...] = ()  # (gesture, meaning) rows for the F1 help
    status = Signal(str)

    def __init__(self, factory: Callable[[], Simulation], run: RunControls) -> None:
        super().__init__()
        self.snapshot: Any = None
        self.messages = MessageBar()
        self.run = run
        self.sim = SimulationThread(factory, parent=self)
        self._plots = Throttle(PLOT_INTERVAL_MS, self._draw_plots, self)
        self._menus: Menus = []
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # takes focus back from edited fields

    def _finish(self, spec: MenuSpec) -> None:
        """Build the actions and connect the transport bar and the worker to this lab."""
        transport = [
            ("Play / pause", "Space", self.toggle_run),
            (self.reset_label, "R", self.reset),
            ("Faster", "]", self.run.faster),
            ("Slower", "[", self.run.slower),
        ]
        spec = {"Run": transport + spec.pop("Run", []), **spec}
        self._menus = build_menus(self, spec)
        self.run.reset_button.setToolTip(f"{self.reset_label} (R)")
        self.sim.snapshot.connect(self._on_snapshot)
        self.sim.running_changed.connect(self.run.set_running)
        self.sim.error.connect(self.messages.show_message)
        self.run.play_toggled.connect(self.toggle_run)
        self.run.reset_requested.connect(self.reset)
        self.run.speed_changed.connect(self._on_speed_changed)
        self._on_speed_changed(self.run.speed())
        for box in self._edit_boxes():  # after Enter in a box, Space, S, F ... work again at once
            box.editingFinished.connect(self.setFocus)

    def _edit_boxes(self) -> list[QWidget]:
        boxes = self.findChildren(QAbstractSpinBox)
        lines = [
            e for e in self.findChildren(QLineEdit) if not isinstance(e.parent(), QAbstractSpinBox)
        ]
        return boxes + lines

    def _page(self, left: QWidget, right: QWidget, *above: QWidget) -> None:
        """Messages, the transport bar and `above` on top; `left` and `right` side by side."""
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        outer = QVBoxLayout(self)
        for widget in (self.messages, self.run, *above):
            outer.addWidget(widget)
        outer.addWidget(splitter, 1)

    # --- what the main window uses ----------------------------------------------------------------
    def menus(self) -> Menus:
        return self._menus

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, meaning) rows for the help overlay."""
        return [*self.mouse_hints, *shortcut_rows(self._menus)]

    def toggle_run(self) -> None:
        """Run or pause the simulation."""
        self.sim.toggle()

    def reset(self) -> None:
        """Back to the start."""
        self.sim.send("reset")

    def demo(self) -> None:
        """Set up what a lecturer shows first (used by `main.py --screenshot`)."""

    def start_demo(self) -> None:
        self.sim.play()

    def shutdown(self) -> None:
        self._plots.stop()
        self.sim.shutdown()

    # --- for subclasses ---------------------------------------------------------------------------
    def _on_speed_changed(self, speed: float) -> None:
        self.sim.set_speed(speed * self.steps_per_speed_unit)

    def _on_snapshot(self, snap: Any) -> None:
        raise NotImplementedError

    def _draw_plots(self, snap: Any) -> None:
        raise NotImplementedError


def panel(layout) -> QWidget:
    """A plain widget holding `layout` (a splitter wants widgets, not layouts)."""
    widget = QWidget()
    widget.setLayout(layout)
    return widget


def steps(bounds: tuple[float, float], step: float) -> np.ndarray:
    """The values from bounds[0] to bounds[1] in `step`s, for a ValueSlider."""
    count = round((bounds[1] - bounds[0]) / step) + 1
    return np.linspace(bounds[0], bounds[1], count)
