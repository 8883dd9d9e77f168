"""GUI benchmark: first window time, frames per second and event-loop stalls while a lab runs.

Run on demand:  uv run python benchmarks/bench_gui.py
It uses the offscreen platform, so it measures our drawing work, not a compositor.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hopgui.main_window import make_application  # noqa: E402

FIRST_WINDOW = """
import sys, time
sys.path.insert(0, {root!r})
from hopgui.app import parse_args
from PySide6.QtWidgets import QApplication
from hopgui.main_window import MainWindow, make_application
app = make_application(sys.argv[:1])
window = MainWindow(lab={lab!r})
window.resize(1600, 1000)
window.show()
app.processEvents()
window.grab()  # forces a complete paint of every visible widget
print(time.time() - {start})
window.close()
"""


def first_window_seconds(lab: str, runs: int = 5) -> float:
    """Median wall time from starting the interpreter to the first fully painted window."""
    times = []
    for _ in range(runs):
        start = time.time()
        code = FIRST_WINDOW.format(root=str(ROOT), start=start, lab=lab)
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    times.sort()
    return times[len(times) // 2]


class FrameCounter(QObject):
    """Counts paint events of one widget (what the projector would show) and event-loop gaps."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.paints = 0
        self.gaps: list[tuple[float, float]] = []  # (time since start, gap)
        self._start = time.perf_counter()
        self._last = time.perf_counter()
        widget.installEventFilter(self)
        self.beat = QTimer()
        self.beat.setInterval(5)
        self.beat.timeout.connect(self._heartbeat)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False

    def _heartbeat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._start, now - self._last))
        self._last = now


def animate(widget, sim, seconds: float) -> tuple[float, float, float]:
    """Snapshots drawn per second, paints of `widget` per second, and the longest event-loop
    stall (ms) over `seconds`."""
    counter = FrameCounter(widget)
    frames = [0]
    sim.snapshot.connect(lambda _snap: frames.__setitem__(0, frames[0] + 1))
    counter.beat.start()
    loop = QEventLoop()  # not app.exec() and quit(): quitting the app closes the window
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    counter.beat.stop()
    widget.removeEventFilter(counter)
    when, worst = max(counter.gaps[5:], key=lambda g: g[1])
    gaps = sorted(g for _, g in counter.gaps)
    p99 = gaps[int(0.99 * len(gaps))]
    print(f"  worst stall {1000 * worst:.0f} ms at t = {when:.2f} s; 99th pct {1000 * p99:.0f} ms")
    return frames[0] / seconds, counter.paints / seconds, 1000 * worst


def lab_fps(name: str, params: dict, speed: float, seconds: float = 5.0):
    """Frames and paints of the lab's main view per second while its demo runs with `params`
    at `speed` (the run bar's units), and the longest event-loop stall (ms)."""
    from hopgui.main_window import MainWindow

    app = QApplication.instance()
    window = MainWindow(lab=name)
    window.resize(1600, 1000)
    window.show()
    lab = window.labs[name]
    for _ in range(50):
        app.processEvents()
        time.sleep(0.002)
    lab.demo()
    lab.restore({"params": params})
    lab.run.set_speed(speed)
    lab.toggle_run()  # as Space does (the associative-memory grid then shows the network)
    for _ in range(100):  # let the run get going (kernels loaded) before measuring
        app.processEvents()
        time.sleep(0.01)
    result = animate(lab.main_view, lab.sim, seconds)
    window.close()
    return result


INF = float("inf")
HOT = {"temperature": 0.6}  # Glauber noise: the network never comes to rest
TURNING = {"angular_velocity": math.pi}  # the bump keeps turning: every frame differs
# (title, lab, parameters, speed in the run bar's units); labs not named here run their demo
CASES = [
    ("Associative memory, 64 x 64, full speed, T = 0.6", "hopfield", HOT | {"grid_size": 64}, INF),
    (
        "Associative memory, 128 x 128, full speed, T = 0.6",
        "hopfield",
        HOT | {"grid_size": 128},
        INF,
    ),
    ("Ring attractor, N = 64, real time", "ring", TURNING | {"n_units": 64}, 1.0),
    ("Ring attractor, N = 1024, real time", "ring", TURNING | {"n_units": 1024}, 1.0),
    ("Ring attractor, N = 64, max speed", "ring", TURNING | {"n_units": 64}, INF),
    ("Head direction, real time", "heading", {"turning": "random"}, 1.0),
    ("Head direction, max speed", "heading", {"turning": "random"}, INF),
]


def main() -> None:
    first = first_window_seconds("hopfield")
    make_application(sys.argv[:1])
    rows = []
    from hopgui.labs import LABS

    cases = CASES + [  # a lab with no case of its own above: its demo at its default speed
        (f"{lab.title}, demo", name, {}, lab.default_speed)
        for name, lab in LABS.items()
        if name not in {case[1] for case in CASES}
    ]
    for title, name, params, speed in cases:
        print(title)
        fps, paints, stall = lab_fps(name, params, speed)
        rows.append(f"| {title} | {fps:.1f} | {paints:.1f} | {stall:.0f} |")
    print(f"\nFirst window (interpreter start to painted window): {first:.2f} s, median of 5\n")
    print("| while running | frames/s | paints/s of the main view | longest stall (ms) |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
