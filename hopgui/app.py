"""Start hopgui: the command line, the environment, the main window, and the event loop."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import sys
import tempfile
from typing import TYPE_CHECKING

# Two cores shared by the GUI, the worker thread and numpy: a multi-threaded BLAS fighting them
# made small products 100x slower. Must be set before numpy is first imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from hopgui.main_window import MainWindow


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hopgui", description=__doc__)
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window to a PNG and exit"
    )
    parser.add_argument(
        "--size", default=None, metavar="WxH", help="window size (default 1600x1000)"
    )
    parser.add_argument(
        "--lab", default=None, metavar="NAME", help="which lab to open (e.g. hopfield, ring)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="load a ready-made demo (letters stored, a noisy cue)"
    )
    args = parser.parse_args(argv)
    try:
        width, height = (int(v) for v in (args.size or "1600x1000").lower().split("x"))
        if not (200 <= width <= 10000 and 200 <= height <= 10000):
            raise ValueError
    except ValueError:
        parser.error(f"--size wants WIDTHxHEIGHT in pixels (200..10000), not {args.size!r}")
    args.width, args.height = width, height
    return args


# Qt's X11 plugin loads these system libraries; a desktop has them, a bare server may not.
X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def screen_problem() -> str | None:
    """Why no window can open here, in words (None when nothing is known to be wrong)."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "hopgui needs a screen, and this session has none (DISPLAY is not set).\n"
            "Run it on a desktop, or render the window to a picture:\n"
            "    uv run main.py --screenshot shot.png"
        )
    missing = [pkg for lib, pkg in X11_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return (
            "Qt needs system libraries to open a window that this machine lacks. Install them:\n"
            f"    sudo apt-get install {' '.join(missing)}"
        )
    return None


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif (problem := screen_problem()) is not None:
        print(problem, file=sys.stderr)
        return 1
    # Qt is imported only now: the platform and numpy's thread settings must come first.
    from PySide6.QtWidgets import QApplication

    from hopgui.labs import LABS
    from hopgui.main_window import MainWindow, make_application

    if args.lab is not None and args.lab not in LABS:
        print(
            f"hopgui: no lab called {args.lab!r}; choose one of {', '.join(LABS)}", file=sys.stderr
        )
        return 2

    app = QApplication.instance() or make_application(sys.argv[:1])
    if args.screenshot:  # the same picture on every machine: neither read nor write settings
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    lab = args.lab or ("hopfield" if args.screenshot else None)  # else: where the user left off
    window = MainWindow(lab=lab, demo=args.demo or bool(args.screenshot))
    if args.size or args.screenshot or not window.restore_geometry():
        window.resize(args.width, args.height)
    if args.screenshot:
        return _screenshot(app, window, args.screenshot)
    window.show()
    return app.exec()


def _screenshot(app: QApplication, window: MainWindow, path: str) -> int:
    """Let the demo run for a moment so the picture shows a recall in progress, then save it."""
    from PySide6.QtCore import QElapsedTimer

    window.show()
    window.start_demo_run()
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < window.demo_settle_ms:
        app.processEvents()
    ok = window.grab().save(path)
    window.close()
    app.processEvents()
    if not ok:
        print(f"could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0
