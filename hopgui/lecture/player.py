"""Runs a lecture in the main window: Page Down / Page Up go to the next / previous step, R
runs the step again, "Add this as a step" appends what the current lab shows.

A step is carried out as a queue of operations, each of which may take time (a restore the
worker has to reach, a run until the network settles, a wait): the queue is worked through on a
timer, never blocking the window. A step that fails stops where it failed and says why, naming
its line; the lab it failed on keeps the state it had (restores are checked in full first).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from hopgui.core.session import check_params
from hopgui.lecture.document import Lecture, LectureError, Step, lecture_text, parse_lecture

if TYPE_CHECKING:
    from hopgui.core.lab import Lab

POLL_MS = 30
SETTLE_MS = 200  # after a step's last operation: time for the throttled plots to catch up
STEP_TIMEOUT_S = 120.0  # an operation that never finishes (a run that never settles) gives up

Done = Callable[[], bool]


class LecturePlayer(QObject):
    """The open lecture and where we are in it. `labs` maps names to the window's labs;
    `show_lab(name)` brings one to the front.

    Signals:
        changed(): a lecture was opened, closed, or steps were added (menus, caption bar).
        step_started(int): step `index` is being set up (caption and counter follow).
        step_finished(int, str): step `index` is set up; the message is "" or why it failed.
    """

    changed = Signal()
    step_started = Signal(int)
    step_finished = Signal(int, str)

    def __init__(self, labs: dict[str, Lab], show_lab: Callable[[str], None], parent=None):
        super().__init__(parent)
        self._labs, self._show_lab = labs, show_lab
        self.lecture: Lecture | None = None
        self.path: str | None = None
        self.index = -1
        self.busy = False
        self._queue: list[Callable[[], Done | None]] = []
        self._waiting: Done | None = None
        self._deadline = 0.0
        self._error = ""
        self._error_lab: Lab | None = None
        self._entered: dict[int, dict[str, Any]] = {}  # step -> its lab's state when first set up
        self._before: tuple[Lab, dict[str, Any]] | None = None  # the step's lab before it
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._work)

    # --- opening ----------------------------------------------------------------------------------
    def read(self, text: str) -> Lecture:
        """The lecture in `text`, checked against these labs (names, actions, parameters)
        before anything changes. LectureError names the line and the problem."""
        lecture = parse_lecture(text, set(self._labs))
        for number, step in enumerate(lecture.steps, start=1):
            lab = self._labs[step.lab]
            known = set(lab.lecture_actions()) | {"wait"}
            for name, _value in step.actions:
                if name not in known:
                    raise LectureError(
                        f"{step.where(number)}: the {step.lab} lab has no action {name!r}; "
                        f"it has {', '.join(sorted(known))}"
                    )
            try:
                check_params(lab.params, step.state.get("params", {}))
            except ValueError as error:
                raise LectureError(f"{step.where(number)}: {error}") from None
        return lecture

    def open_file(self, path: str | Path) -> None:
        """Read, check and open the lecture at `path`, at its first step (OSError, LectureError)."""
        data = Path(path).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise LectureError("not a text file (a lecture is UTF-8 text)") from None
        self.open(self.read(text), str(path))

    def open(
        self, lecture: Lecture, path: str | None = None, start: int = 0, run_step: bool = True
    ) -> None:
        """Open `lecture` at step `start`, set up (or, with `run_step` False, only shown as the
        current step: a session file brings back the labs as they were)."""
        self.stop()
        start = min(max(start, 0), len(lecture.steps) - 1)
        self.lecture, self.path = lecture, path
        self._entered = {}
        self.index = -1 if run_step else start
        self.changed.emit()
        if run_step:
            self.go(start)

    def close(self) -> None:
        self.stop()
        self.lecture, self.path, self.index = None, None, -1
        self._entered = {}
        self.changed.emit()

    def text(self) -> str:
        """The open lecture as TOML."""
        if self.lecture is None:
            raise LectureError("no lecture is open")
        return lecture_text(self.lecture)

    # --- moving through it ------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self.lecture.steps) if self.lecture else 0

    def next(self) -> bool:
        """The next step (False at the end)."""
        if self.lecture is None or self.index + 1 >= self.count:
            return False
        self.go(self.index + 1)
        return True

    def previous(self) -> bool:
        if self.lecture is None or self.index <= 0:
            return False
        self.go(self.index - 1)
        return True

    def rerun(self) -> None:
        if self.lecture is not None and self.index >= 0:
            self.go(self.index)

    def go(self, index: int) -> None:
        """Set up step `index` (from 0): its lab to the front, paused, its state restored, its
        actions done in order. A step set up before starts again from exactly where it
        started then (R, Page Up), whatever was done in the lab since."""
        assert self.lecture is not None
        self.stop()
        step = self.lecture.steps[index]
        self.index = index
        lab = self._labs[step.lab]
        self._queue = [lambda: self._bring(step.lab), lambda: self._remember_before(lab)]
        if index in self._entered:
            self._queue.append(lambda: self._restore(lab, self._entered[index]))
        else:
            if step.state:
                self._queue.append(lambda: self._restore(lab, step.state))
            self._queue.append(lambda: self._remember_entry(lab, index))
        actions = lab.lecture_actions()
        for name, value in step.actions:
            self._queue.append(lambda n=name, v=value: self._act(lab, actions, n, v))
        self._queue.append(lambda: self._current(lab))
        self.busy, self._error = True, ""
        self.step_started.emit(index)
        self._work()
        if self.busy:
            self._timer.start()

    def stop(self) -> None:
        """Drop what is left of the step being set up."""
        self._timer.stop()
        self._queue, self._waiting = [], None
        self._listen(None)
        self.busy = False

    # --- the operations ---------------------------------------------------------------------------
    def _bring(self, name: str) -> Done:
        self._show_lab(name)
        lab = self._labs[name]
        lab.sim.pause()
        self._listen(lab)
        return lambda: lab.sim.is_current(lab.snapshot)

    def _restore(self, lab: Lab, state: dict[str, Any]) -> Done:
        lab.restore(state)
        return lambda: lab.sim.is_current(lab.snapshot)

    def _remember_before(self, lab: Lab) -> None:
        """What `lab` holds before this step: put back if the step fails half way."""
        self._before = (lab, lab.state())

    def _remember_entry(self, lab: Lab, index: int) -> None:
        if not self._error:
            self._entered[index] = lab.state()

    def _act(self, lab: Lab, actions: dict, name: str, value: Any) -> Done | None:
        if name == "wait":
            end = time.monotonic() + float(value)
            return lambda: time.monotonic() >= end
        try:
            done = actions[name](value)
        except Exception as error:  # a bad value, in words: the step stops and says so
            said = str(error)
            self._error = said if said.startswith(name) else f"{name}: {said}"
            return None
        current = lambda: lab.sim.is_current(lab.snapshot)  # noqa: E731
        return (lambda: current() and done()) if callable(done) else current

    def _current(self, lab: Lab) -> Done:
        end = time.monotonic() + SETTLE_MS / 1000
        return lambda: lab.sim.is_current(lab.snapshot) and time.monotonic() >= end

    def _listen(self, lab: Lab | None) -> None:
        """Errors the worker reports while a step is set up make the step fail."""
        if self._error_lab is not None:
            self._error_lab.sim.error.disconnect(self._on_error)
        self._error_lab = lab
        if lab is not None:
            lab.sim.error.connect(self._on_error)

    def _on_error(self, message: str) -> None:
        if self.busy and not self._error:
            self._error = message

    def _work(self) -> None:
        while self.busy:
            if self._waiting is not None:
                if not self._error and time.monotonic() > self._deadline:
                    self._error = "it did not finish in time"
                try:
                    waiting = not self._error and not self._waiting()
                except Exception as error:  # a lab's done() test failed: say so, go no further
                    self._error, waiting = f"{type(error).__name__}: {error}", False
                if waiting:
                    return
                self._waiting = None
            if self._error or not self._queue:
                self._finish()
                return
            self._waiting = self._queue.pop(0)()
            self._deadline = time.monotonic() + STEP_TIMEOUT_S

    def _finish(self) -> None:
        index, error = self.index, self._error
        assert self.lecture is not None
        step: Step = self.lecture.steps[index]
        if error and self._before is not None:  # never a lab half set up
            lab, state = self._before
            lab.sim.pause()
            lab.restore(state)
        self._before = None
        self.stop()
        message = f"{step.where(index + 1)}: {error}" if error else ""
        self.step_finished.emit(index, message)

    # --- authoring --------------------------------------------------------------------------------
    def add_step(self, lab: Lab, caption: str) -> int:
        """Append what `lab` holds now as a step (a new lecture if none is open); its index."""
        if self.lecture is None:
            self.lecture, self.path = Lecture(title="My lecture"), None
        state = lab.state()
        self.lecture.steps.append(Step(lab=lab.name, caption=caption, state=state))
        self.index = len(self.lecture.steps) - 1
        self.changed.emit()
        self.step_started.emit(self.index)
        return self.index
