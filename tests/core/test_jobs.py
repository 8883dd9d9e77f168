"""Background jobs: progress and partial results arrive in the GUI thread, Cancel stops the work
at its next report, errors become messages, and nothing outlives shutdown."""

import threading
import time

from hopgui.core.jobs import Job


def count_to(n, pause=0.0):
    def work(report):
        total = 0
        for i in range(n):
            total += i
            time.sleep(pause)
            report((i + 1) / n, (i, threading.current_thread().name))
        return total

    return work


def test_progress_and_partial_results_then_the_result(qtbot):
    job = Job()
    seen = []
    job.progress.connect(lambda f, partial: seen.append((f, partial)))
    with qtbot.waitSignal(job.finished, timeout=5000) as result:
        job.start(count_to(5))
    assert result.args == [10]
    assert [f for f, _ in seen] == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert seen[0][1][1] != threading.current_thread().name  # computed off the GUI thread
    assert not job.running


def test_cancel_stops_the_work_at_its_next_report(qtbot):
    job = Job()
    seen = []
    job.progress.connect(lambda f, _p: seen.append(f))
    job.start(count_to(1000, pause=0.002))
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.cancel()
    assert len(seen) < 1000 and not job.running


def test_an_error_in_the_work_becomes_a_message(qtbot, capsys):
    def broken(report):
        report(0.5)
        raise ValueError("the sweep needs at least two loads")

    job = Job()
    with qtbot.waitSignal(job.failed, timeout=5000) as failure:
        job.start(broken)
    assert failure.args == ["the sweep needs at least two loads"]


def test_shutdown_mid_run_waits_for_the_thread(qtbot):
    job = Job()
    job.start(count_to(10_000, pause=0.001))
    qtbot.wait(20)
    job.shutdown()
    assert not job.running
    job.shutdown()  # twice is harmless
