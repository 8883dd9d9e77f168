"""Test fixtures: offscreen Qt, isolated settings, and a guard that fails any test leaving a
QThread, QTimer or top-level widget alive."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import gc  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch, request):
    """Every test gets its own QSettings store, so no test sees another's (or the user's), and
    starts at zoom 1 with the projector colours (a failed test may leave either changed)."""
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("hopgui-tests")
    QCoreApplication.setApplicationName("hopgui-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    from widgets import profile, zoom

    zoom.set_zoom(None, 1.0)
    profile.set_profile(None, "projector")
    yield


@pytest.fixture(autouse=True)
def _no_leaked_qt_objects(request):
    """Fail a test that leaves a running QThread, an active QTimer or a visible top-level widget."""
    uses_qt = "qtbot" in request.fixturenames or "qapp" in request.fixturenames
    yield
    if not uses_qt:
        return
    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    app.processEvents()
    gc.collect()
    widgets = [w for w in app.topLevelWidgets() if w.isVisible()]
    threads = [
        o for o in gc.get_objects() if isinstance(o, QThread) and _alive(o) and o.isRunning()
    ]
    timers = [o for o in gc.get_objects() if isinstance(o, QTimer) and _alive(o) and o.isActive()]
    for w in widgets:
        w.close()
        w.deleteLater()
    app.processEvents()
    problems = []
    if widgets:
        problems.append(f"visible top-level widgets: {[type(w).__name__ for w in widgets]}")
    if threads:
        problems.append(f"running QThreads: {threads}")
    if timers:
        owners = [
            (
                type(t.parent()).__name__ if t.parent() else "none",
                t.interval(),
                t.isSingleShot(),
                t.thread() is app.thread(),
            )
            for t in timers
        ]
        problems.append(f"active QTimers (owned by {owners})")
    if problems:
        pytest.fail("test left Qt objects alive: " + "; ".join(problems))


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


@pytest.fixture
def make_lab(qtbot):
    """Build one lab alone (no main window), shown at 1400 x 900 with its worker started:
    `lab = make_lab(RingLab)`. Shut down after the test."""
    labs = []

    def make(lab_class, size=(1400, 900)):
        lab = lab_class()
        qtbot.addWidget(lab)
        lab.resize(*size)
        lab.show()
        qtbot.waitExposed(lab)
        lab.sim.start()
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.shutdown()
        lab.close()


@pytest.fixture
def window(qtbot, request):
    """The main window, shown at 1400 x 900 on the lab named by the test module's `LAB` (qtbot
    closes it after the test, which deletes it)."""
    from hopgui.main_window import MainWindow

    win = MainWindow(lab=getattr(request.module, "LAB", "hopfield"))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win
