"""`--export DIR` and `--record OUT --seconds S`: the lab shown, run to its picture (its demo,
or the session opened) in an offscreen window, exported or recorded, then the window closed.
Each returns the exit status and says what it wrote (or why not) on the terminal."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication

from hopgui.files import export
from hopgui.files.recording import DEFAULT_FPS, Recorder, RecordingError

READY_TIMEOUT_MS = 60_000


def wait_for_frame(app: QApplication, lab, timeout_ms: int = READY_TIMEOUT_MS) -> bool:
    """Process events until `lab` has drawn a frame of every command sent (False on timeout)."""
    clock = QElapsedTimer()
    clock.start()
    while not lab.sim.is_current(lab.snapshot):
        if clock.elapsed() > timeout_ms:
            return False
        app.processEvents()
    return True


SETTLE_MS = 200  # the throttled plots draw the newest frame within 50 ms


def wait_for_picture(app: QApplication, window, demo: bool) -> bool:
    """Run the demo to its picture (`demo`) or wait for the restored state's first frame, then
    pause so every panel shows the same moment. False if the lab never got there."""
    lab = window.current_lab()
    if lab is None:
        return True
    if demo:
        window.start_demo_run()
    clock = QElapsedTimer()
    clock.start()

    def ready() -> bool:
        snap = lab.snapshot
        return lab.sim.is_current(snap) and (not demo or lab.picture_ready(snap))

    while not ready():
        if clock.elapsed() > READY_TIMEOUT_MS:
            return False
        app.processEvents()
    lab.sim.pause()
    while not lab.sim.is_current(lab.snapshot):
        app.processEvents()
    settled = clock.elapsed()
    while clock.elapsed() < settled + SETTLE_MS:
        app.processEvents()
    return True


def export_lab(app: QApplication, window, folder: str) -> int:
    """`--export DIR`: every panel of the lab shown as PNG, SVG and CSV; exit status."""
    window.show()
    demo = window.files.path is None
    try:
        if not wait_for_picture(app, window, demo):
            print("hopgui: the lab did not get going within a minute", file=sys.stderr)
            return 1
        lab = window.current_lab()
        if lab is None:
            print("hopgui: --export needs a lab (--lab NAME)", file=sys.stderr)
            return 2
        written = export.export_lab(lab, folder)
    except (OSError, ValueError) as exc:
        print(f"hopgui: could not export: {exc}", file=sys.stderr)
        return 1
    finally:
        window.close()
        app.processEvents()
    print(f"wrote {len(written)} files to {folder}")
    return 0


def record(app: QApplication, window, path: str, seconds: float, fps: float = DEFAULT_FPS) -> int:
    """`--record OUT --seconds S`: run the lab shown (its demo, or the opened session) and
    record it for `seconds`; exit status 0, or 1 with the message on stderr."""
    window.show()
    recorder = Recorder(parent=window)
    try:
        lab = window.current_lab()
        if lab is None or not wait_for_frame(app, lab):
            print("hopgui: --record needs a lab that runs (--lab NAME)", file=sys.stderr)
            return 2 if lab is None else 1
        if window.files.path is None:
            window.start_demo_run()
        elif not lab.sim.running:
            lab.toggle_run()
        try:
            recorder.start(lab, path, fps)
        except RecordingError as exc:
            print(f"hopgui: {exc}", file=sys.stderr)
            return 1
        clock = QElapsedTimer()
        clock.start()
        while clock.elapsed() < seconds * 1000:
            app.processEvents()
            time.sleep(0.001)
        recorder.stop()
        recorder.wait()
        message, ok = recorder.summary()
        print(message, file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    finally:
        window.close()
        app.processEvents()
