"""Files benchmark: what autosave and recording cost the live display, and how long a session
takes to save and open.

Run on demand:  uv run python benchmarks/bench_files.py [recording] [autosave] [save]
Offscreen platform, so it measures our work (grabbing, converting, encoding), not a compositor.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from bench_gui import FrameCounter  # noqa: E402 (the same probe as the GUI benchmark)
from PySide6.QtWidgets import QApplication  # noqa: E402

from hopgui.main_window import make_application  # noqa: E402

LAB_SIZE = (1280, 720)  # the lab page recorded, as the issue asks


def run_for(seconds: float, lab, every=None, period: float = 1.0) -> dict:
    """Frames drawn per second, paints of the main view per second and the longest stall (ms)
    while the event loop runs for `seconds`; `every()` is called each `period` seconds."""
    app = QApplication.instance()
    probe = FrameCounter(lab.main_view)
    frames = [0]

    def count(_snap) -> None:
        frames[0] += 1

    lab.sim.snapshot.connect(count)
    probe.beat.start()
    start = time.perf_counter()
    next_call = start + period
    while (now := time.perf_counter()) < start + seconds:
        if every is not None and now >= next_call:
            every()
            next_call += period
        app.processEvents()
        time.sleep(0.0005)
    probe.beat.stop()
    lab.sim.snapshot.disconnect(count)
    lab.main_view.removeEventFilter(probe)
    gaps = sorted(gap for _, gap in probe.gaps[5:])
    return {
        "fps": frames[0] / seconds,
        "paints": probe.paints / seconds,
        "stall_ms": 1000 * gaps[-1],
        "p99_ms": 1000 * gaps[int(0.99 * len(gaps))],
    }


def ring_window():
    """The ring lab turning at real time, its page 1280 x 720."""
    from hopgui.main_window import MainWindow

    app = QApplication.instance()
    window = MainWindow(lab="ring")
    window.resize(1400, 900)
    window.show()
    lab = window.labs["ring"]
    for _ in range(100):
        app.processEvents()
        time.sleep(0.005)
    extra = window.size() - lab.size()
    window.resize(LAB_SIZE[0] + extra.width(), LAB_SIZE[1] + extra.height())
    lab.demo()
    lab.restore({"params": {"angular_velocity": math.pi}})
    lab.run.set_speed(1.0)
    lab.sim.play()
    for _ in range(200):
        app.processEvents()
        time.sleep(0.005)
    assert (lab.width(), lab.height()) == LAB_SIZE, lab.size()
    return window, lab


def bench_recording(folder: Path) -> list[str]:
    from hopgui.files.recording import Recorder

    rows = []
    window, lab = ring_window()
    base = run_for(8.0, lab)
    rows.append(("not recording", base, None))
    for suffix in ("mp4", "gif"):
        recorder = Recorder(parent=window)
        recorder.start(lab, folder / f"ring.{suffix}", 30)
        result = run_for(8.0, lab)
        recorder.stop()
        started = time.perf_counter()
        recorder.wait()
        finish = time.perf_counter() - started
        rows.append((f"recording {suffix.upper()} at 30 frames/s", result, (recorder, finish)))
    window.close()
    lines = [
        "| ring lab, real time, page 1280 x 720 | frames/s | paints/s | longest stall (ms) "
        "| 99th pct (ms) | grab, median / max (ms) | frames written / dropped | finishing (s) "
        "| file |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for title, r, extra in rows:
        if extra is None:
            tail = "- | - | - | -"
        else:
            recorder, finish = extra
            grabs = [1000 * g for g in recorder.grab_seconds]
            size = recorder.path.stat().st_size / 1e6
            tail = (
                f"{statistics.median(grabs):.1f} / {max(grabs):.1f} | "
                f"{recorder.frames_written} / {recorder.frames_dropped} | {finish:.1f} | "
                f"{size:.1f} MB"
            )
        lines.append(
            f"| {title} | {r['fps']:.1f} | {r['paints']:.1f} | {r['stall_ms']:.0f} | "
            f"{r['p99_ms']:.0f} | {tail} |"
        )
    return lines


def big_hopfield(window) -> None:
    """The lecturer's large case: a 64 x 64 grid with 300 random memories (Storkey)."""
    import numpy as np

    from models.patterns import random_patterns

    hop = window.labs["hopfield"]
    hop.sim.start()
    state = hop.state()
    state["params"] = state["params"] | {"grid_size": 64, "rule": "storkey"}
    state["patterns"] = random_patterns(300, 64 * 64, seed=1)
    state["names"] = [f"P{k}" for k in range(300)]
    state["cue"] = state["state"] = np.ones(64 * 64, dtype=np.int8)
    state["landscape_pair"] = None
    hop.sim.call(lambda session: session.restore(state))


def bench_autosave(folder: Path) -> list[str]:
    from hopgui.files import autosave

    autosave.DELAY_MS = 1  # every change is written at once: the worst case
    window, lab = ring_window()
    big_hopfield(window)
    files = window.files
    files.start(folder / "autosave")
    base = run_for(8.0, lab)
    pauses = []

    def change() -> None:
        files.autosave._generation += 1  # as a change does, without touching the labs
        files.autosave.save_now()
        pauses.append(1000 * files.autosave.last_pause)

    saving = run_for(8.0, lab, every=change, period=0.5)
    size = files.autosave.path.stat().st_size / 1e6
    window.files.set_modified(False)
    window.close()
    return [
        "| ring lab running; session: 64 x 64 grid with 300 memories | frames/s | longest "
        "stall (ms) | 99th pct (ms) | GUI time per autosave, median / max (ms) |",
        "|---|---:|---:|---:|---:|",
        f"| no autosave | {base['fps']:.1f} | {base['stall_ms']:.0f} | {base['p99_ms']:.0f} | - |",
        f"| autosave twice a second ({size:.1f} MB file) | {saving['fps']:.1f} | "
        f"{saving['stall_ms']:.0f} | {saving['p99_ms']:.0f} | "
        f"{statistics.median(pauses):.1f} / {max(pauses):.1f} |",
    ]


def bench_save_open(folder: Path) -> list[str]:
    from hopgui.main_window import MainWindow

    app = QApplication.instance()
    lines = ["| session | save (s) | open (s) | file |", "|---|---:|---:|---:|"]
    for title, setup in (
        ("demo (three letters, 16 x 16)", lambda w: w.load_demo()),
        ("64 x 64 grid, 300 memories (Storkey)", big_hopfield),
    ):
        window = MainWindow(lab="hopfield")
        window.show()
        setup(window)
        for lab in window.labs.values():
            lab.sim.start()
            while not lab.sim.is_current(lab.snapshot):
                app.processEvents()
        path = folder / "bench.hopgui"
        started = time.perf_counter()
        assert window.files.save_to(str(path))
        saved = time.perf_counter() - started
        other = MainWindow(lab="ring")
        other.show()
        started = time.perf_counter()
        other.files.open_file(str(path))
        opened = time.perf_counter() - started
        lines.append(
            f"| {title} | {saved:.2f} | {opened:.2f} | {path.stat().st_size / 1e6:.2f} MB |"
        )
        window.close()
        other.close()
    return lines


def main() -> None:
    make_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        chosen = sys.argv[1:] or ["recording", "autosave", "save"]
        benches = {
            "recording": ("Recording", bench_recording),
            "autosave": ("Autosave", bench_autosave),
            "save": ("Save and open", bench_save_open),
        }
        sections = [(benches[k][0], benches[k][1](folder)) for k in chosen]
    for title, lines in sections:
        print(f"\n{title}\n")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
