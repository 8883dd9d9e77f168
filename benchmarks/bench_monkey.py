"""Stalls and memory under a long random-action run, with the window closed and opened again.

Run on demand:  uv run python benchmarks/bench_monkey.py [ACTIONS] [CYCLES]
Offscreen. Prints the event-loop stalls over 250 ms with the action that was under way, and
the resident memory after each window was closed (it must not grow cycle after cycle).
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from PySide6.QtCore import QCoreApplication, QEvent, QTimer  # noqa: E402

from hopgui.main_window import MainWindow, make_application  # noqa: E402
from tests.gui import restless_action  # noqa: E402

STALL = 0.25  # seconds without an event-loop turn that a person notices


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main(actions: int = 2000, cycles: int = 10) -> None:
    app = make_application(sys.argv[:1])
    rng = random.Random(11)
    stalls: list[tuple[float, str]] = []
    doing = ["start"]
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        if now - last[0] > STALL:
            stalls.append((now - last[0], doing[0]))
        last[0] = now

    heart = QTimer()
    heart.timeout.connect(beat)
    heart.start(5)
    memory = []
    started = time.perf_counter()
    for _ in range(cycles):
        window = MainWindow(lab="hopfield")
        window.resize(1400, 900)
        window.show()
        for _ in range(actions // cycles):
            doing[0] = restless_action(window, rng)
            end = time.perf_counter() + rng.choice([0, 0.001, 0.005, 0.02])
            while time.perf_counter() < end:
                app.processEvents()
            app.processEvents()
        doing[0] = "closing the window"
        window.close()
        del window
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        gc.collect()
        memory.append(resident_mb())
        last[0] = time.perf_counter()  # building the next window is not a stall of this one
    heart.stop()
    elapsed = time.perf_counter() - started
    print(f"{actions} actions in {cycles} windows, {elapsed:.0f} s")
    print(f"stalls over {STALL * 1000:.0f} ms: {len(stalls)}")
    for gap, what in sorted(stalls, reverse=True)[:15]:
        print(f"  {gap * 1000:5.0f} ms  {what}")
    print("resident MB after each close: " + " ".join(f"{m:.0f}" for m in memory))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
