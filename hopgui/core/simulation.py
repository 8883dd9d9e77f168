"""The simulation thread: one mechanism that every lab uses to run its model off the GUI thread.

Data flows one way round. The GUI emits *commands* (a session method marked `@command`, as a
Python object, with plain values) to a `SimulationWorker` living in a `QThread`; the worker owns
the model, steps it on a `QTimer` of its own thread, and emits immutable *snapshots*. The GUI
draws a snapshot and acknowledges it; with two frames unacknowledged the worker keeps stepping but
sends nothing, so queued frames can never pile up (backpressure), and frames are capped at the
display rate.

Every command gets a sequence number, and every snapshot carries the number of the last command
it reflects (`Snapshot.command_seq`), so the GUI can tell a frame that already shows its latest
command from one that was on its way before it. A lab plugs in a factory of a `Session`: the
worker knows nothing of Hopfield networks or rings. The factory runs in the worker thread, so
building the model (and loading its compiled kernels) never delays the first paint of the window.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from hopgui.core.session import Cancelled, Session, is_command

FRAME_INTERVAL = 1 / 60  # seconds between snapshots at most
FRAMES_IN_FLIGHT = 2  # one being drawn, one waiting: the GUI never idles, nothing piles up
FRAME_POLL_MS = 3  # how often the worker checks whether a frame is due (and acknowledged)
TICK_BUDGET = 0.006  # seconds of model work per tick: commands are answered promptly, and
TICK_MS = 10  # the rest of each 10 ms period leaves the GIL to the GUI thread
PROGRESS_INTERVAL = 0.05  # seconds between progress reports of a long command
PROGRESS_AFTER = 0.25  # seconds a command runs before its progress shows (no flashing bar)
DONE = -1.0  # the progress "fraction" that says the long work has ended


class Transport(enum.Enum):
    """What the worker itself does on command (everything else is a session command)."""

    PLAY = "play"
    PAUSE = "pause"
    TOGGLE = "toggle"
    SET_SPEED = "set_speed"  # one argument: model steps per wall-clock second


def checked_speed(speed: object) -> float:
    """Model steps per second: a positive number or math.inf, else ValueError in words."""
    try:
        value = float(speed)
    except (TypeError, ValueError):
        value = math.nan
    if not value > 0:
        raise ValueError(f"the speed must be a positive number of steps per second, not {speed}")
    return value


class SimulationWorker(QObject):
    """Owns a `Session` in the worker thread and steps it at the requested speed."""

    snapshot_ready = Signal(object)
    running_changed = Signal(bool)
    error = Signal(str)
    progress = Signal(float, str)  # (fraction, what) of a long command; DONE when it ends

    def __init__(
        self, factory: Callable[[], Session], cancel: threading.Event, closing: threading.Event
    ) -> None:
        super().__init__()
        self._factory = factory
        # Set by the GUI thread directly, since this thread may be busy: `cancel` stops the
        # command under way; `closing` (never cleared) stops it and every command queued after.
        self._cancel, self._closing = cancel, closing
        self._last_progress = -math.inf  # when progress was last reported; -inf: no long work
        self._command_started = 0.0
        self._sim: Session | None = None
        self._backlog: list[tuple[int, object, tuple]] = []  # sent before the model was built
        self._seq = 0  # the last command carried out
        self._result: tuple[bool, Any] = (False, None)  # of the last blocking `call`
        self._timer: QTimer | None = None
        self._frame_timer: QTimer | None = None
        self._running = False
        self._speed = math.inf  # model steps per wall-clock second
        self._chunk = 64  # steps per advance() call when running flat out; adapts to the model
        self._owed = 0.0  # fractional steps carried over between ticks at slow speeds
        self._last_tick = 0.0
        self._last_frame = -math.inf
        self._unacknowledged = 0  # frames sent that the GUI has not drawn yet
        self._dirty = True

    # --- slots: only ever invoked through queued signals from the GUI thread -------------------
    @Slot()
    def start(self) -> None:
        """Build the model and the timer inside the worker thread (runs after `QThread.started`)."""
        try:
            self._sim = self._factory()
        except Exception as exc:
            self._report(exc)
            return
        self._sim.progress = self._on_progress
        backlog, self._backlog = self._backlog, []
        for seq, what, args in backlog:
            self.command(seq, what, args)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last_tick = time.perf_counter()
        self._timer.start(TICK_MS)
        self._frame_timer = QTimer(self)  # frames on their own 60 Hz clock, not the tick's
        self._frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._frame_timer.timeout.connect(self._maybe_emit)
        self._frame_timer.start(FRAME_POLL_MS)

    @Slot()
    def stop(self) -> None:
        for timer in (self._timer, self._frame_timer):
            if timer is not None:
                timer.stop()
                timer.deleteLater()
        self._timer = self._frame_timer = None

    @Slot(int, object, object)
    def command(self, seq: int, what: object, args: tuple) -> None:
        """Carry out command number `seq`: a `Transport` or a `@command` method of the session."""
        if self._sim is None:  # not built yet: carried out once it is (or never, if it fails)
            self._backlog.append((seq, what, args))
            return
        self._seq = seq
        self._command_started = time.perf_counter()
        self._cancel.clear()  # a Cancel pressed before this command began was for another
        try:
            if what is Transport.PLAY:
                self._set_running(True)
            elif what is Transport.PAUSE:
                self._set_running(False)
            elif what is Transport.TOGGLE:
                self._set_running(not self._running)
            elif what is Transport.SET_SPEED:
                self._speed = checked_speed(args[0])
                self._owed = 0.0
            elif self._closing.is_set():
                pass  # the window is closing: queued commands would only delay it
            elif callable(what) and is_command(self._sim, what):
                what(self._sim, *args)
            else:
                raise TypeError(f"{what!r} is not a command of {type(self._sim).__name__}")
        except Cancelled:
            pass  # the user asked for it; the command left the session as it was
        except Exception as exc:  # a model error must reach the user, not kill the thread
            self._report(exc)
        if self._last_progress > -math.inf:
            self._last_progress = -math.inf
            self.progress.emit(DONE, "")
        self._dirty = True
        self._maybe_emit(force=True)

    def _on_progress(self, fraction: float, text: str) -> None:
        """The session's long work reports (in this thread): pass it on every so often, and
        stop the work once the user has cancelled."""
        if self._cancel.is_set() or self._closing.is_set():
            raise Cancelled
        now = time.perf_counter()
        if now - self._command_started < PROGRESS_AFTER:
            return  # work too quick to follow shows no bar at all
        if now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.progress.emit(float(fraction), text)

    @Slot(object)
    def call(self, query: Callable[[Session], Any]) -> None:
        """Run `query(session)` for a blocking `SimulationThread.call`; keep its result."""
        try:
            if self._sim is None:
                raise RuntimeError("the model could not be built")
            self._result = (True, query(self._sim))
        except Exception as exc:
            self._result = (False, exc)

    @Slot()
    def frame_drawn(self) -> None:
        self._unacknowledged -= 1
        if self._dirty:
            self._maybe_emit()

    # --- the tick -----------------------------------------------------------------------------
    def _tick(self) -> None:
        now = time.perf_counter()
        elapsed, self._last_tick = now - self._last_tick, now
        if self._running:
            try:
                self._step_for(elapsed, now + TICK_BUDGET)
            except Exception as exc:
                self._report(exc)

    def _step_for(self, elapsed: float, deadline: float) -> None:
        if math.isinf(self._speed):
            todo = math.inf
        else:
            self._owed = min(self._owed + elapsed * self._speed, self._speed * 0.25 + 1)
            todo = math.floor(self._owed)
        while todo > 0 and time.perf_counter() < deadline:
            n = int(min(todo, self._chunk))
            started = time.perf_counter()
            still_moving = self._sim.advance(n)
            self._adapt_chunk(n, time.perf_counter() - started)
            todo -= n
            if not math.isinf(self._speed):
                self._owed -= n
            self._dirty = True
            if not still_moving:
                self._set_running(False)
                break
            self._maybe_emit()  # a frame falls due mid-tick: send it now, not after the tick

    def _adapt_chunk(self, n: int, seconds: float) -> None:
        """Aim for about 2 ms per advance() call so a tick can stop near its deadline; grow at
        most fourfold per call, since a call's fixed overhead makes small ones look cheap."""
        if seconds > 0:
            self._chunk = int(max(1, min(4 * n, 1_000_000, n * 0.002 / seconds)))

    def _maybe_emit(self, force: bool = False) -> None:
        now = time.perf_counter()
        if self._sim is None or not self._dirty or self._unacknowledged >= FRAMES_IN_FLIGHT:
            return
        if not force and now - self._last_frame < FRAME_INTERVAL - 0.0015:  # poll granularity
            return
        self._last_frame = now
        self._dirty = False
        self._unacknowledged += 1
        snap = dataclasses.replace(self._sim.snapshot(), command_seq=self._seq)
        self.snapshot_ready.emit(snap)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self._owed = 0.0
            self._last_tick = time.perf_counter()
            self.running_changed.emit(running)

    def _report(self, exc: Exception) -> None:
        self._set_running(False)
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, ValueError):  # a ValueError is already a message for the user
            message = f"{type(exc).__name__}: {message}"
            traceback.print_exc()
        self.error.emit(message)


class SimulationThread(QObject):
    """GUI-side handle: starts the worker thread, relays commands and snapshots, shuts down."""

    snapshot = Signal(object)  # the newest snapshot, delivered in the GUI thread
    running_changed = Signal(bool)
    error = Signal(str)
    progress = Signal(float, str)  # (fraction, what) of a long command; DONE when it has ended
    # (number, what) of every command sent: the window's unsaved-changes mark and autosave
    sent = Signal(int, object)

    _command = Signal(int, object, object)
    _call = Signal(object)
    _frame_drawn = Signal()
    _stop = Signal()

    def __init__(self, factory: Callable[[], Session], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.running = False
        self.sent_seq = 0  # number of the last command sent
        self._closed = False
        self._thread = QThread()
        self._cancel, self._closing = threading.Event(), threading.Event()
        self._worker = SimulationWorker(factory, self._cancel, self._closing)  # moved on start
        self._thread.started.connect(self._worker.start)
        self._thread.finished.connect(self._worker.deleteLater)
        queued = Qt.ConnectionType.QueuedConnection
        self._command.connect(self._worker.command, queued)
        self._call.connect(self._worker.call, Qt.ConnectionType.BlockingQueuedConnection)
        self._frame_drawn.connect(self._worker.frame_drawn, queued)
        self._stop.connect(self._worker.stop, Qt.ConnectionType.BlockingQueuedConnection)
        self._worker.snapshot_ready.connect(self._on_snapshot_ready)
        self._worker.running_changed.connect(self._on_running_changed)
        self._worker.error.connect(self._on_error)
        self._worker.progress.connect(self._on_progress)

    def start(self) -> None:
        """Start the worker thread (which builds the model). Commands sent before are queued."""
        if not self._closed and not self._thread.isRunning():
            self._worker.moveToThread(self._thread)
            self._thread.start()

    def send(self, what: Callable[..., Any] | Transport, *args: Any) -> int:
        """Queue a command for the worker: a `@command` method of the session class (e.g.
        `RingSession.scramble`) or a `Transport`. Returns its sequence number."""
        if self._closed:
            return self.sent_seq
        self.sent_seq += 1
        self._command.emit(self.sent_seq, what, args)
        self.sent.emit(self.sent_seq, what)
        return self.sent_seq

    def call(self, query: Callable[[Session], Any]) -> Any:
        """`query(session)` run in the worker thread, after every command sent so far; blocks
        the GUI thread until it returns (starting the worker if need be), so it waits for a long
        command under way too. Re-raises what the query raised."""
        if self._closed:
            raise RuntimeError("the simulation has been shut down")
        self.start()
        self._call.emit(query)
        ok, result = self._worker._result
        self._worker._result = (False, None)
        if not ok:
            raise result if isinstance(result, Exception) else RuntimeError("no answer")
        return result

    def cancel(self) -> None:
        """Stop the long command under way at its next progress report (it changes nothing)."""
        self._cancel.set()

    def is_current(self, snap: Any) -> bool:
        """Does `snap` reflect every command sent so far?"""
        return snap is not None and snap.command_seq >= self.sent_seq

    def play(self) -> None:
        self.send(Transport.PLAY)

    def pause(self) -> None:
        self.send(Transport.PAUSE)

    def toggle(self) -> None:
        self.send(Transport.TOGGLE)

    def set_speed(self, steps_per_second: float) -> None:
        self.send(Transport.SET_SPEED, steps_per_second)

    def shutdown(self) -> None:
        """Stop the timer in its own thread, then end the thread and wait for it."""
        if self._closed:
            return
        self._closed = True
        if self._thread.isRunning():
            self._closing.set()  # a long command under way stops now, and those queued after it
            self._stop.emit()  # blocking: returns once the worker has stopped its timer
            self._thread.quit()
            self._thread.wait()
        else:
            self._worker.deleteLater()

    # --- relays (GUI thread) --------------------------------------------------------------------
    @Slot(object)
    def _on_snapshot_ready(self, snap: object) -> None:
        if self._closed:  # a frame queued before shutdown: drop it
            return
        try:
            self.snapshot.emit(snap)
        finally:
            self._frame_drawn.emit()

    @Slot(bool)
    def _on_running_changed(self, running: bool) -> None:
        self.running = running
        if not self._closed:
            self.running_changed.emit(running)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        if not self._closed:
            self.error.emit(message)

    @Slot(float, str)
    def _on_progress(self, fraction: float, text: str) -> None:
        if not self._closed:
            self.progress.emit(fraction, text)
