"""Background jobs: one-off work (a capacity sweep, a temperature sweep, slow weights) in its own
thread, with progress, partial results as they are computed, and Cancel.

A job belongs to its lab, not to the page on screen: it keeps running while its lab is hidden.
The work is a plain function `work(report)`; it calls `report(fraction, partial)` now and then,
which raises `Cancelled` once the user has cancelled, so the work stops at its next report.
Reports with a partial result always reach the GUI (points appear as they are computed); bare
progress at most every PROGRESS_INTERVAL seconds.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from hopgui.core.session import Cancelled  # one Cancelled, for long commands and jobs alike

Report = Callable[[float, Any], None]
PROGRESS_INTERVAL = 0.05  # seconds between bare progress reports


class _Runner(QThread):
    progressed = Signal(float, object)
    done = Signal(bool, object)  # (ok, result or error message)

    def __init__(self, work: Callable[[Report], Any]) -> None:
        super().__init__()
        self._work = work
        self.stop = threading.Event()
        self._last = -1.0

    def report(self, fraction: float, partial: Any = None) -> None:
        if self.stop.is_set():
            raise Cancelled
        now = time.perf_counter()
        if partial is not None or now - self._last >= PROGRESS_INTERVAL or fraction >= 1:
            self._last = now
            self.progressed.emit(float(fraction), partial)

    def run(self) -> None:
        try:
            result = self._work(self.report)
        except Cancelled:
            self.done.emit(False, None)
        except Exception as exc:
            traceback.print_exc()
            self.done.emit(False, str(exc) or type(exc).__name__)
        else:
            self.done.emit(True, result)


class Job(QObject):
    """Runs one piece of work at a time; signals arrive in the GUI thread."""

    progress = Signal(float, object)  # fraction done (0..1), a partial result or None
    finished = Signal(object)  # the result
    failed = Signal(str)  # a message in words
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner: _Runner | None = None

    @property
    def running(self) -> bool:
        return self._runner is not None

    def start(self, work: Callable[[Report], Any]) -> None:
        """Run `work(report)` in a thread of its own (a running job is cancelled first)."""
        self.cancel(wait=True)
        runner = _Runner(work)
        runner.progressed.connect(self._on_progress)
        runner.done.connect(self._on_done)
        self._runner = runner
        runner.start()

    def cancel(self, wait: bool = False) -> None:
        """Ask the work to stop at its next report; with `wait`, until its thread has ended."""
        runner = self._runner
        if runner is None:
            return
        runner.stop.set()
        if wait:
            runner.wait()
            self._finish(runner)
            self.cancelled.emit()

    def shutdown(self) -> None:
        """Cancel and wait: nothing of the job outlives its lab."""
        self.cancel(wait=True)

    @Slot(float, object)
    def _on_progress(self, fraction: float, partial: Any) -> None:
        if self.sender() is self._runner:
            self.progress.emit(fraction, partial)

    @Slot(bool, object)
    def _on_done(self, ok: bool, result: Any) -> None:
        runner = self.sender()
        if runner is not self._runner:  # a job cancelled and waited for: already reported
            return
        runner.wait()
        self._finish(runner)
        if ok:
            self.finished.emit(result)
        elif result is None:
            self.cancelled.emit()
        else:
            self.failed.emit(result)

    def _finish(self, runner: _Runner) -> None:
        if runner is self._runner:
            self._runner = None
        runner.deleteLater()
