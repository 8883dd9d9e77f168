"""The simulation thread: typed commands in, numbered snapshots out, backpressure, errors, blocking
queries, clean shutdown."""

import math
import threading
import time
from dataclasses import dataclass

import pytest

from hopgui.core.session import Session, Snapshot, command
from hopgui.core.simulation import SimulationThread, SimulationWorker, Transport

SPEED = 20_000  # steps per second: a handful of advance() calls per tick, not a million


@dataclass(frozen=True, kw_only=True)
class CounterSnapshot(Snapshot):
    steps: int
    thread: str


class Counter(Session):
    """A toy simulation: counts steps, comes to rest at `limit`, can be told to fail."""

    def __init__(self, limit=10**12):
        super().__init__()
        self.steps = 0
        self.limit = limit
        self.fail_next = False

    def advance(self, n):
        if self.fail_next:
            raise RuntimeError("the model blew up")
        self.steps = min(self.limit, self.steps + n)
        return self.steps < self.limit

    def snapshot(self):
        return CounterSnapshot(params={}, steps=self.steps, thread=threading.current_thread().name)

    @command
    def set_limit(self, limit):
        if limit < 0:
            raise ValueError("limit must not be negative")
        self.limit = limit

    @command
    def crunch(self, seconds):
        """Long work in one command, reporting progress; changes `limit` only if it finishes."""
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            self.progress(elapsed / seconds, "crunching")
            time.sleep(0.001)
        self.limit = 12345

    @command
    def explode(self):
        self.fail_next = True


@pytest.fixture
def sim(qtbot):
    handle = SimulationThread(Counter)
    handle.set_speed(SPEED)
    handle.start()
    frames = []
    handle.snapshot.connect(frames.append)
    handle.frames = frames
    yield handle
    handle.shutdown()


def test_model_runs_in_worker_thread_and_snapshots_reach_gui(qtbot, sim):
    sim.play()
    qtbot.waitUntil(lambda: bool(sim.frames) and sim.frames[-1].steps > 1000, timeout=3000)
    assert sim.frames[-1].thread != threading.current_thread().name
    assert sim.running


def make_worker(speed, frames):
    """A worker driven by hand (no thread, no timer): its bookkeeping, without the clock."""
    worker = SimulationWorker(Counter, threading.Event(), threading.Event())
    worker._sim = Counter()
    worker.snapshot_ready.connect(frames.append)
    worker.snapshot_ready.connect(lambda _snap: worker.frame_drawn())  # a GUI that keeps up
    worker.command(1, Transport.SET_SPEED, (speed,))
    worker.command(2, Transport.PLAY, ())
    return worker


def test_speed_sets_how_many_steps_a_stretch_of_time_buys(qapp):
    worker = make_worker(20.0, [])  # steps per second
    far = time.perf_counter() + 60
    worker._step_for(0.2, far)
    assert worker._sim.steps == 4
    worker._step_for(0.025, far)  # half a step: owed, not lost
    worker._step_for(0.025, far)
    assert worker._sim.steps == 5
    worker._step_for(10.0, far)  # after a long stall it does not race to catch up
    assert worker._sim.steps == 5 + 6


def test_at_most_two_frames_wait_for_the_gui(qapp):
    worker = SimulationWorker(Counter, threading.Event(), threading.Event())
    worker._sim = Counter()
    frames = []
    worker.snapshot_ready.connect(frames.append)
    worker.command(1, Transport.SET_SPEED, (SPEED,))  # a few steps per call, not a million
    worker.command(2, Transport.PLAY, ())  # sends the first frame
    for _ in range(5):  # the GUI draws nothing: after two frames the worker holds back
        worker._step_for(0.01, time.perf_counter() + 60)
        worker._maybe_emit(force=True)
    assert len(frames) == 2
    worker.frame_drawn()  # one drawn: exactly one more may go
    worker._maybe_emit(force=True)
    worker._maybe_emit(force=True)
    assert len(frames) == 3
    assert frames[-1].steps > frames[0].steps


def test_run_stops_when_model_comes_to_rest(qtbot, sim):
    sim.send(Counter.set_limit, 500)
    sim.play()
    qtbot.waitUntil(lambda: bool(sim.frames) and sim.frames[-1].steps == 500, timeout=3000)
    qtbot.waitUntil(lambda: not sim.running, timeout=2000)


def test_errors_become_messages_and_pause(qtbot, sim):
    messages = []
    sim.error.connect(messages.append)
    sim.send(Counter.set_limit, -1)
    qtbot.waitUntil(lambda: messages == ["limit must not be negative"], timeout=2000)
    sim.send(Counter.explode)
    sim.play()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=2000)
    assert messages[1] == "RuntimeError: the model blew up"
    qtbot.waitUntil(lambda: not sim.running, timeout=2000)


def test_shutdown_while_running_is_clean(qtbot):
    handle = SimulationThread(Counter)
    handle.start()
    handle.play()
    qtbot.wait(100)
    handle.shutdown()
    handle.shutdown()  # idempotent
    handle.play()  # ignored after shutdown, no crash


def test_a_model_that_cannot_be_built_is_reported(qtbot):
    def broken():
        raise ValueError("N must be at least 2")

    handle = SimulationThread(broken)
    handle.start()
    messages = []
    handle.error.connect(messages.append)
    qtbot.waitUntil(lambda: messages == ["N must be at least 2"], timeout=2000)
    handle.play()  # ignored: there is no model
    qtbot.wait(50)
    assert not handle.running
    handle.shutdown()


def test_commands_sent_before_start_are_carried_out(qtbot):
    handle = SimulationThread(Counter)
    frames = []
    handle.snapshot.connect(frames.append)
    handle.send(Counter.set_limit, 300)
    handle.play()
    handle.start()
    qtbot.waitUntil(lambda: bool(frames) and frames[-1].steps == 300, timeout=3000)
    handle.shutdown()


def test_shutdown_before_start_is_clean(qtbot):
    SimulationThread(Counter).shutdown()


def test_commands_sent_while_events_run_before_start_are_not_lost(qtbot):
    handle = SimulationThread(Counter)
    frames = []
    handle.snapshot.connect(frames.append)
    handle.send(Counter.set_limit, 200)
    qtbot.wait(30)  # the GUI's event loop runs before the worker thread exists
    handle.play()
    qtbot.wait(30)
    handle.start()
    qtbot.waitUntil(lambda: bool(frames) and frames[-1].steps == 200, timeout=3000)
    handle.shutdown()


def test_only_declared_commands_reach_the_model(qtbot, sim):
    """A string, a plain method (even `advance`) or another class's command is refused."""
    messages = []
    sim.error.connect(messages.append)
    sim.send("set_limit", 5)
    sim.send(Counter.advance, 10**6)
    sim.send(Session.advance, 10**6)
    qtbot.waitUntil(lambda: len(messages) == 3, timeout=2000)
    assert all("is not a command of Counter" in m for m in messages)
    assert sim.call(lambda counter: (counter.steps, counter.limit)) == (0, 10**12)


def test_every_frame_names_the_last_command_it_reflects(qtbot, sim):
    first = sim.send(Counter.set_limit, 100)
    second = sim.send(Counter.set_limit, 200)
    assert second == first + 1 == sim.sent_seq
    qtbot.waitUntil(lambda: bool(sim.frames) and sim.frames[-1].command_seq == second, timeout=2000)
    assert sim.is_current(sim.frames[-1])
    assert [f.command_seq for f in sim.frames] == sorted(f.command_seq for f in sim.frames)
    sim.send(Counter.set_limit, 300)
    assert not sim.is_current(sim.frames[-1])  # on its way before the newest command


def test_a_query_sees_every_command_sent_before_it(qtbot):
    handle = SimulationThread(Counter)  # not started: the query starts it
    handle.send(Counter.set_limit, 7)
    assert handle.call(lambda counter: counter.limit) == 7
    with pytest.raises(ZeroDivisionError):
        handle.call(lambda counter: 1 / 0)
    handle.shutdown()


def test_a_long_command_shows_progress_and_cancel_stops_it(qtbot, sim):
    reports = []
    sim.progress.connect(lambda fraction, text: reports.append((fraction, text)))
    sim.send(Counter.crunch, 30.0)
    qtbot.waitUntil(lambda: len(reports) >= 2, timeout=5000)
    assert all(text == "crunching" and 0 <= f < 1 for f, text in reports)
    sim.cancel()
    qtbot.waitUntil(lambda: reports[-1][0] < 0, timeout=5000)  # DONE: the bar can go
    assert sim.call(lambda counter: counter.limit) == 10**12  # the command changed nothing
    sim.cancel()  # a Cancel that lands after the work ended ...
    sim.send(Counter.crunch, 0.3)  # ... does not cancel the next long command
    assert sim.call(lambda counter: counter.limit) == 12345


def test_a_quick_command_shows_no_progress_bar(qtbot, sim):
    """A bar that flashes up for a few milliseconds would only hide the message before it."""
    reports = []
    sim.progress.connect(lambda fraction, text: reports.append(fraction))
    sim.send(Counter.crunch, 0.05)
    assert sim.call(lambda counter: counter.limit) == 12345
    qtbot.wait(50)
    assert reports == []


def test_closing_during_a_long_command_stops_it_there(qtbot):
    built = []
    handle = SimulationThread(lambda: built.append(Counter()) or built[-1])
    reports = []
    handle.progress.connect(lambda fraction, _text: reports.append(fraction))
    handle.start()
    handle.send(Counter.crunch, 600.0)  # ten minutes of work ...
    handle.send(Counter.crunch, 600.0)  # ... and ten more queued behind it
    qtbot.waitUntil(lambda: bool(reports), timeout=5000)
    handle.shutdown()  # returns at the command's next report, not twenty minutes later
    assert built[0].limit == 10**12  # the commands were stopped or skipped, not finished


@pytest.mark.parametrize("speed", [math.nan, 0, -5, "fast", None])
def test_an_absurd_speed_is_refused_in_words(qtbot, sim, speed):
    messages = []
    sim.error.connect(messages.append)
    sim.set_speed(speed)
    qtbot.waitUntil(lambda: bool(messages), timeout=2000)
    assert messages[0].startswith("the speed must be a positive number of steps per second")
    sim.set_speed(math.inf)  # flat out is a speed
    sim.send(Counter.set_limit, 50)
    sim.play()
    qtbot.waitUntil(lambda: bool(sim.frames) and sim.frames[-1].steps == 50, timeout=3000)
