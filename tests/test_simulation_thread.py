"""The simulation thread: commands in, snapshots out, backpressure, errors, clean shutdown."""

import threading
from dataclasses import dataclass

import pytest

from hopgui.simulation import SimulationThread


@dataclass(frozen=True)
class CounterSnapshot:
    steps: int
    thread: str


class Counter:
    """A toy simulation: counts steps, comes to rest at `limit`, can be told to fail."""

    def __init__(self, limit=10**12):
        self.steps = 0
        self.limit = limit
        self.fail_next = False

    def advance(self, n):
        if self.fail_next:
            raise RuntimeError("the model blew up")
        self.steps = min(self.limit, self.steps + n)
        return self.steps < self.limit

    def snapshot(self):
        return CounterSnapshot(self.steps, threading.current_thread().name)

    def set_limit(self, limit):
        if limit < 0:
            raise ValueError("limit must not be negative")
        self.limit = limit

    def explode(self):
        self.fail_next = True


@pytest.fixture
def sim(qtbot):
    handle = SimulationThread(Counter)
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


def test_slow_speed_runs_about_that_many_steps(qtbot, sim):
    sim.set_speed(20.0)
    sim.play()
    qtbot.wait(500)
    sim.pause()
    qtbot.waitUntil(lambda: not sim.running, timeout=2000)
    qtbot.wait(50)
    steps = sim.frames[-1].steps
    assert 3 <= steps <= 16, steps


def test_frames_are_capped_at_display_rate(qtbot, sim):
    sim.play()
    qtbot.wait(500)
    sim.pause()
    assert 5 <= len(sim.frames) <= 40


def test_run_stops_when_model_comes_to_rest(qtbot, sim):
    sim.send("set_limit", 500)
    sim.play()
    qtbot.waitUntil(lambda: bool(sim.frames) and sim.frames[-1].steps == 500, timeout=3000)
    qtbot.waitUntil(lambda: not sim.running, timeout=2000)


def test_errors_become_messages_and_pause(qtbot, sim):
    messages = []
    sim.error.connect(messages.append)
    sim.send("set_limit", -1)
    qtbot.waitUntil(lambda: messages == ["limit must not be negative"], timeout=2000)
    sim.send("explode")
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
    handle.send("play")  # ignored after shutdown, no crash


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
    handle.send("set_limit", 300)
    handle.play()
    handle.start()
    qtbot.waitUntil(lambda: bool(frames) and frames[-1].steps == 300, timeout=3000)
    handle.shutdown()


def test_shutdown_before_start_is_clean(qtbot):
    SimulationThread(Counter).shutdown()
