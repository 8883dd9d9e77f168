"""The head-direction lab: an animal turns, its ring integrates the turns, in the dark it drifts.

Wiring only: the widgets draw and report what the user did, the `HeadingSession` (in the worker
thread) does the physics, and this class turns one into commands for the other. The animal view
follows every frame; the pyqtgraph traces redraw at up to 20 Hz.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hopgui.heading_session import (
    DEFAULT_GAIN,
    GAIN_RANGE,
    HISTORY_SECONDS,
    LANDMARK_STRENGTH,
    LANDMARK_STRENGTH_RANGE,
    HeadingSession,
    HeadingSnapshot,
)
from hopgui.ring_lab import SPEED_RANGE
from hopgui.ring_session import STEPS_PER_SECOND
from hopgui.simulation import SimulationThread
from hopgui.throttle import Throttle
from widgets import palette
from widgets.animal_view import AnimalView
from widgets.heading_trace import HeadingTraces
from widgets.message_bar import MessageBar
from widgets.run_controls import RunControls

PLOT_INTERVAL_MS = 50  # traces redraw at up to 20 Hz; the animal follows every frame
DEFAULT_SPEED = 1.0
TURNINGS = {
    "Still": "still",
    "Constant turning (90°/s)": "constant",
    "Random turning (like a rat)": "random",
    "Steered (arrow keys / drag)": "steered",
}
BANNERS = {
    True: ("Lights ON: the landmark anchors the bump", palette.TEXT, "#fff4c2"),
    False: ("Lights OFF: path integration in the dark", palette.NIGHT_TEXT, "#1c1c2a"),
}


class HeadingLab(QWidget):
    """The third lab. `menus()` gives the main window its actions; `shutdown()` ends the thread."""

    title = "Head direction"
    status = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: HeadingSnapshot | None = None
        self._plots = Throttle(PLOT_INTERVAL_MS, self._draw_traces, self)
        self.sim = SimulationThread(HeadingSession, parent=self)
        self._build_widgets()
        self._build_layout()
        self._build_actions()
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.messages = MessageBar()
        self.run = RunControls(*SPEED_RANGE, "× real time", DEFAULT_SPEED)
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.readout = QLabel()
        self.readout.setStyleSheet(f"font-size: {palette.FONT_POINT_SIZE + 2}pt;")
        self.animal = AnimalView()
        self.traces = HeadingTraces()
        self.turning = QComboBox()
        self.turning.addItems(list(TURNINGS))
        self.turning.setCurrentText("Random turning (like a rat)")
        self.turning.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.turning.setToolTip("How the animal turns (keys 1 to 4)")
        self.lights = QPushButton("Lights (L)")
        self.lights.setCheckable(True)
        self.lights.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lights.setToolTip("Lights on: the landmark is visible and corrects the bump (L)")
        self.gain = _spin(GAIN_RANGE, DEFAULT_GAIN, 0.05, "Velocity gain g: 1 integrates exactly")
        self.landmark = _spin(
            LANDMARK_STRENGTH_RANGE,
            LANDMARK_STRENGTH,
            0.002,
            "How strongly the visible landmark pulls the bump",
            decimals=3,
        )
        self._show_banner(False)

    def _build_layout(self) -> None:
        controls = QGridLayout()
        controls.addWidget(QLabel("Turning"), 0, 0)
        controls.addWidget(self.turning, 0, 1, 1, 3)
        controls.addWidget(self.lights, 0, 4)
        controls.addWidget(QLabel("Velocity gain"), 1, 0)
        controls.addWidget(self.gain, 1, 1)
        controls.addWidget(QLabel("Landmark"), 1, 2)
        controls.addWidget(self.landmark, 1, 3, 1, 2)
        left = QVBoxLayout()
        left.addWidget(self.animal, 1)
        left.addWidget(self.readout)
        left.addLayout(controls)
        left_panel = QWidget()
        left_panel.setLayout(left)
        splitter = QSplitter()
        splitter.addWidget(left_panel)
        splitter.addWidget(self.traces)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        outer = QVBoxLayout(self)
        outer.addWidget(self.messages)
        outer.addWidget(self.run)
        outer.addWidget(self.banner)
        outer.addWidget(splitter, 1)

    def _build_actions(self) -> None:
        """Every command as a QAction with its shortcut, grouped into the window's menus."""
        turning = [
            (f"{text}", str(key), lambda checked=False, t=text: self.turning.setCurrentText(t))
            for key, text in enumerate(TURNINGS, start=1)
        ]
        spec = {
            "Run": [
                ("Play / pause", "Space", self.toggle_run),
                ("Re-align the bump with the heading", "R", self.reset),
                ("Faster", "]", self.run.faster),
                ("Slower", "[", self.run.slower),
            ],
            "Animal": [("Lights on / off", "L", self.toggle_lights), *turning],
        }
        self._menus: list[tuple[str, list[QAction]]] = []
        for menu, rows in spec.items():
            actions = []
            for text, key, slot in rows:
                action = QAction(text, self)
                action.setShortcut(QKeySequence(key))
                action.triggered.connect(slot)
                self.addAction(action)
                actions.append(action)
            self._menus.append((menu, actions))

    def menus(self) -> list[tuple[str, list[QAction]]]:
        return self._menus

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, meaning) rows for the help overlay."""
        rows = [
            ("Hold Left / Right", "steer: counter-clockwise / clockwise"),
            ("Drag the animal", "turn it toward the cursor"),
        ]
        for _, actions in self._menus:
            for action in actions:
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((key, action.text()))
        return rows

    def _connect(self) -> None:
        self.sim.snapshot.connect(self._on_snapshot)
        self.sim.running_changed.connect(self.run.set_running)
        self.sim.error.connect(self.messages.show_message)
        self.run.play_toggled.connect(self.toggle_run)
        self.run.reset_requested.connect(self.reset)
        self.run.speed_changed.connect(self._on_speed_changed)
        self.animal.steer.connect(lambda direction: self.sim.send("steer", direction))
        self.animal.heading_dragged.connect(lambda angle: self.sim.send("steer_toward", angle))
        self.animal.drag_finished.connect(lambda: self.sim.send("release_steering"))
        self.turning.currentTextChanged.connect(
            lambda text: self.sim.send("set_turning", TURNINGS[text])
        )
        self.lights.clicked.connect(lambda on: self.sim.send("set_lights", on))
        self.gain.valueChanged.connect(lambda g: self.sim.send("set_gain", g))
        self.landmark.valueChanged.connect(lambda s: self.sim.send("set_landmark_strength", s))
        for spin in (self.gain, self.landmark):
            spin.editingFinished.connect(self.animal.setFocus)  # arrow keys steer again
        self._on_speed_changed(self.run.speed())

    # --- commands (also the scripting surface of GUI tests) ------------------------------------
    def toggle_run(self) -> None:
        """Run or pause the animal and its ring."""
        self.sim.toggle()

    def reset(self) -> None:
        """Put the bump back under the true heading and clear the traces."""
        self.sim.send("reset")

    def toggle_lights(self) -> None:
        """Switch the lights (and so the landmark) on or off."""
        self.sim.send("toggle_lights")

    # --- reactions -------------------------------------------------------------------------------
    def _on_speed_changed(self, times_real_time: float) -> None:
        self.sim.set_speed(times_real_time * STEPS_PER_SECOND)

    def _on_snapshot(self, snap: HeadingSnapshot) -> None:
        previous, self.snapshot = self.snapshot, snap
        self.animal.set_headings(snap.true_heading, snap.decoded_heading)
        self.animal.set_rates(snap.rates)
        self.animal.set_landmark(snap.landmark_direction, snap.lights)
        if previous is None or previous.lights != snap.lights:
            self._show_banner(snap.lights)
            self.lights.setChecked(snap.lights)
            self.lights.setText("Lights: ON (L)" if snap.lights else "Lights: OFF (L)")
        if previous is None or previous.turning != snap.turning:
            self._show_turning(snap.turning)
        self.readout.setText(
            f"t = {snap.time:.1f} s   ·   turning {math.degrees(snap.angular_velocity):+.0f} °/s"
            f"   ·   gain {snap.gain:.2f}   ·   strength {snap.strength:.2f}"
        )
        self._plots.submit(snap)

    def _draw_traces(self, snap: HeadingSnapshot) -> None:
        self.traces.set_lit_intervals(snap.lit_intervals)
        self.traces.set_traces(
            snap.trace_time,
            snap.trace_true,
            snap.trace_decoded,
            snap.trace_error,
            HISTORY_SECONDS,
        )

    def _show_banner(self, lights: bool) -> None:
        text, color, background = BANNERS[lights]
        self.banner.setText(text)
        self.banner.setStyleSheet(
            f"font-size: {palette.FONT_POINT_SIZE + 8}pt; font-weight: bold;"
            f" color: {color.name()}; background: {background}; padding: 6px; border-radius: 6px;"
        )

    def _show_turning(self, turning: str) -> None:
        text = next(t for t, mode in TURNINGS.items() if mode == turning)
        self.turning.blockSignals(True)
        self.turning.setCurrentText(text)
        self.turning.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.animal.setFocus()  # so the arrow keys steer at once

    def demo(self) -> None:
        """Random turning in the dark with gain 1.25: the decoded heading drifts off."""
        self.turning.setCurrentText("Random turning (like a rat)")
        self.run.set_speed(DEFAULT_SPEED)

    def start_demo(self) -> None:
        self.sim.play()

    def shutdown(self) -> None:
        self._plots.stop()
        self.sim.shutdown()


def _spin(
    bounds: tuple[float, float], value: float, step: float, tooltip: str, decimals: int = 2
) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(decimals=decimals, singleStep=step)
    spin.setRange(*bounds)
    spin.setValue(value)
    spin.setKeyboardTracking(False)
    spin.setToolTip(tooltip)
    return spin
