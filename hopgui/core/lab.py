"""What every lab shares: a session in a worker thread, the transport bar, a message bar,
controls built from the session's parameter declarations (and kept showing what the model
uses), throttled plots, state()/restore(), and its commands as shortcut actions for menus."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hopgui.core.params import Param
from hopgui.core.session import Session, Snapshot
from hopgui.core.simulation import DONE, SimulationThread
from hopgui.core.throttle import Throttle
from hopgui.core.ui import Menus, MenuSpec, build_menus, button, combo, shortcut_rows
from widgets.message_bar import MessageBar
from widgets.run_controls import RunControls
from widgets.value_slider import ValueSlider

PLOT_INTERVAL_MS = 50  # pyqtgraph plots redraw at up to 20 Hz; the main view follows every frame
# Speeds in multiples of real time, doubling every 5 of the 60 slider positions: 1/64 x at the
# left, 1/4, 1/2, 1, 2, 4 ... exactly on positions, 56 x at 59, and "max speed" at the right end.
REAL_TIME_SPEEDS = (2.0**-6, 2.0 ** (59 / 5 - 6))


class Lab(QWidget):
    """A page of the main window. Subclasses set the class attributes, build their widgets
    (parameter controls through `param_control`), then call `_finish(spec)`, and implement
    `_on_snapshot` (every frame) and `_draw_plots` (throttled)."""

    name: ClassVar[str] = ""  # the key in hopgui.labs.LABS and on the command line
    title: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line for the start page
    session_class: ClassVar[type[Session]] = Session
    speed_range: ClassVar[tuple[float, float]] = REAL_TIME_SPEEDS
    speed_unit: ClassVar[str] = "× real time"
    default_speed: ClassVar[float] = 1.0
    steps_per_speed_unit: ClassVar[float] = 1.0  # model steps per second at speed 1
    reset_label: ClassVar[str] = "Reset"
    presenting_split: ClassVar[float] = 0.5  # presentation mode: the left side's share of the width
    mouse_hints: ClassVar[tuple[tuple[str, str], ...]] = ()  # (gesture, meaning) for F1 help
    status = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Any = None
        self.main_view: QWidget | None = None  # the picture the class watches (set by the lab)
        self.messages = MessageBar()
        self.run = RunControls(*self.speed_range, self.speed_unit, self.default_speed)
        self.params = self.session_class.param_set()
        self.sim = SimulationThread(self.make_session, parent=self)
        self._controls: dict[str, QWidget] = {}
        self._plots = Throttle(PLOT_INTERVAL_MS, self._draw_plots, self)
        self._menus: Menus = []
        self._secondary: list[QWidget] = []  # hidden in presentation mode
        self.presenting = False
        self._splitter: QSplitter | None = None
        self._split_before: list[int] = []
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # takes focus back from edited fields

    def make_session(self) -> Session:
        """Build the session (runs in the worker thread)."""
        return self.session_class()

    # --- parameters -------------------------------------------------------------------------------
    def param_control(self, name: str) -> QWidget:
        """The control for parameter `name`, built from its declaration: a slider with its value
        beside it, a combo box, or a checkable button. It sends what the user sets and follows
        what the model uses."""
        param = self.params[name]
        if param.boolean:
            control = button(param.label, param.tooltip, checkable=True)
            control.setChecked(param.default)
            control.toggled.connect(lambda on: self.set_param(name, on))
        elif param.choices is not None:
            control = combo(param.choices, param.tooltip)
            control.setCurrentText(param.label_of(param.default))
            control.currentTextChanged.connect(
                lambda text: self.set_param(name, param.choices[text])
            )
        else:
            control = ValueSlider(
                param.slider_values(), param.default, param.fmt, param.tooltip, param.scale
            )
            control.valueChanged.connect(
                lambda v: self.set_param(name, round(v) if param.integer else v)
            )
        self._controls[name] = control
        return control

    def set_param(self, name: str, value: Any) -> None:
        """Ask the session to use `value` for `name` (it checks, and the control follows)."""
        self.sim.send(Session.set_param, name, value)

    def param_value(self, name: str) -> Any:
        """What the model used in the newest frame (the declared default before the first)."""
        return (
            self.snapshot.params[name] if self.snapshot is not None else self.params[name].default
        )

    def _show_params(self, values: dict[str, Any]) -> None:
        """Every control shows the model's value, without sending it back."""
        for name, control in self._controls.items():
            show_value(control, self.params[name], values[name])

    # --- state ------------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """The session's whole state as plain data (after every command sent so far)."""
        return self.sim.call(lambda session: session.state())

    def restore(self, state: dict[str, Any]) -> None:
        """Take back a `state()` (or the parts of one a scene names); the controls follow."""
        self.sim.send(Session.restore, state)

    def restore_defaults(self) -> None:
        """Every parameter back to its default."""
        self.sim.send(Session.restore_defaults)

    # --- building ---------------------------------------------------------------------------------
    def _finish(self, spec: MenuSpec) -> None:
        """Build the actions and connect the transport bar and the worker to this lab."""
        transport = [
            ("Play / pause", "Space", self.toggle_run),
            (self.reset_label, "R", self.reset),
            ("Faster", "]", self.run.faster),
            ("Slower", "[", self.run.slower),
            ("Restore default settings", "Ctrl+Shift+R", self.restore_defaults),
        ]
        spec = {"Run": transport + spec.pop("Run", []), **spec}
        self._menus = build_menus(self, spec)
        self._reset_action = self._menus[0][1][1]  # Run > Reset (R)
        self.run.reset_button.setToolTip(f"{self.reset_label} (R)")
        self.sim.snapshot.connect(self._receive)
        self.sim.running_changed.connect(self.run.set_running)
        self.sim.error.connect(self.messages.show_message)
        self.sim.progress.connect(self._on_progress)
        self.messages.cancel_requested.connect(self.sim.cancel)
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
        self._splitter = splitter
        outer = QVBoxLayout(self)
        for widget in (self.messages, self.run, *above):
            outer.addWidget(widget)
        outer.addWidget(splitter, 1)

    # --- presentation and lectures ---------------------------------------------------------------
    def secondary(self, *widgets: QWidget) -> None:
        """Mark `widgets` as secondary controls: presentation mode hides them so the main view
        and the key plots get the screen."""
        self._secondary.extend(widgets)

    def set_presenting(self, on: bool) -> None:
        """Enter (True) or leave presentation mode: secondary controls out of the way."""
        self.presenting = on
        for widget in (self.run, *self._secondary):
            widget.setVisible(not on)
        if self._splitter is not None:
            if on:
                self._split_before = self._splitter.sizes()
                self._split_for_presenting()
            elif sum(self._split_before):
                self._splitter.setSizes(self._split_before)

    def _split_for_presenting(self) -> None:
        """The left side gets `presenting_split` of the width (once the lab has a width)."""
        total = max(self.width(), 2)
        left = round(total * self.presenting_split)
        self._splitter.setSizes([left, total - left])

    def set_reset_key(self, key: str) -> None:
        """The key of Reset ("" while a lecture is open: R then runs the step again)."""
        self._reset_action.setShortcut(QKeySequence(key))

    def lecture_actions(self) -> dict[str, Callable[[Any], Callable[[], bool] | None]]:
        """What a lecture step may ask this lab to do after restoring its state, by name; each
        takes the value written in the lecture file (None for a bare name) and raises
        ValueError in words for a bad one. One that takes time returns a `done()` test the
        lecture waits for. Labs add their own (flip, scramble, lights, turn, ...) to these."""
        return {
            "run": lambda _value=None: self.play(),
            "pause": lambda _value=None: self.sim.pause(),
            "reset": lambda _value=None: self.reset(),
        }

    def play(self) -> None:
        """Run (from where the model is)."""
        self.sim.play()

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
        self.sim.send(self.session_class.reset)

    def demo(self) -> None:
        """Set up what a lecturer shows first (used by `main.py --demo` and `--screenshot`)."""

    def start_demo(self) -> None:
        self.sim.play()

    def picture_ready(self, snap: Any) -> bool:
        """Does `snap` (current with every command sent) show what the demo is meant to show?
        `--screenshot` waits for this, not for a time."""
        return True

    def shutdown(self) -> None:
        self._plots.stop()
        self.sim.shutdown()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """The lab takes the keyboard when it is shown, so its keys work at once (not a spin
        box's, which would swallow '.' and digits)."""
        super().showEvent(event)
        self.setFocus()
        if self.presenting and self._splitter is not None:  # sized only now
            self._split_for_presenting()

    # --- for subclasses ---------------------------------------------------------------------------
    def _on_speed_changed(self, speed: float) -> None:
        self.sim.set_speed(speed * self.steps_per_speed_unit)

    def _on_progress(self, fraction: float, text: str) -> None:
        if fraction == DONE:
            self.messages.end_progress()
        else:
            self.messages.show_progress(text, fraction)

    def _receive(self, snap: Snapshot) -> None:
        self.snapshot = snap
        if self.sim.is_current(snap):  # an older frame would pull a control the user just moved
            self._show_params(snap.params)
        self._on_snapshot(snap)

    def _on_snapshot(self, snap: Any) -> None:
        raise NotImplementedError

    def _draw_plots(self, snap: Any) -> None:
        raise NotImplementedError


def show_value(control: QWidget, param: Param, value: Any) -> None:
    """Set `control` to `value` without it emitting (it shows, it does not ask)."""
    with QSignalBlocker(control):
        if isinstance(control, QPushButton):
            control.setChecked(bool(value))
        elif isinstance(control, QComboBox):
            control.setCurrentText(param.label_of(value))
        elif isinstance(control, ValueSlider):
            if not math.isclose(control.value(), value, rel_tol=1e-9, abs_tol=1e-12):
                control.setValue(value)


def panel(layout) -> QWidget:
    """A plain widget holding `layout` (a splitter wants widgets, not layouts)."""
    widget = QWidget()
    widget.setLayout(layout)
    return widget
