"""Start hopgui: the command line, the environment, the main window, and the event loop."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import signal
import sys
import tempfile
from typing import TYPE_CHECKING

from hopgui.files import cli as files_cli
from hopgui.lecture import cli as lecture_cli

# Two cores shared by the GUI, the worker thread and numpy: a multi-threaded BLAS fighting them
# made small products 100x slower. Must be set before numpy is first imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from hopgui.main_window import MainWindow


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hopgui",
        description="hopgui: a desktop laboratory for attractor networks (Hopfield memories and "
        "their capacity, ring attractors, head direction, the Ising magnet, oscillators falling "
        "into step, grid cells). Draw, store, corrupt and recall; watch a bump form; give a "
        "lecture from a presenter remote (F5, Page Down).",
        epilog="Examples:  uv run main.py --lab ring   ·   uv run main.py --lecture   ·   "
        "uv run main.py --screenshot shot.png --size 1280x720",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window to a PNG and exit"
    )
    parser.add_argument(
        "--size",
        default=None,
        metavar="WxH",
        help="window size (default: 1600x1000, or what the screen has room for)",
    )
    parser.add_argument(
        "--lab", default=None, metavar="NAME", help="which lab to open (e.g. hopfield, ring)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open every lab with a ready-made demo (letters stored, a noisy cue, ...)",
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="put hopgui in your applications menu (icon, .hopgui files) and exit; no root needed",
    )
    parser.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="take hopgui out of your applications menu again and exit",
    )
    parser.add_argument(
        "--screen",
        type=int,
        default=None,
        metavar="N",
        help="present on screen N (0, 1, ...) when there are two, e.g. a laptop and a projector",
    )
    # For the launch benchmark and tests: print the time of the first paint, then close.
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    files_cli.add_arguments(parser)
    lecture_cli.add_arguments(parser)
    args = parser.parse_args(argv)
    files_cli.check_arguments(parser, args)
    lecture_cli.check_arguments(parser, args)
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
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    args = parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from hopgui import desktop_entry

        return desktop_entry.main(install=args.install_desktop_entry)
    document = files_cli.read_session(args)  # a bad file: its message, exit 2, before Qt
    if args.screenshot or args.headless or args.render_steps:
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
    if args.screenshot or args.headless or args.render_steps:  # no settings read or written
        from PySide6.QtCore import QSettings

        _quiet_offscreen_warnings()
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    lab = args.lab or ("hopfield" if args.screenshot else None)  # else: where the user left off
    demo = args.demo or bool(args.screenshot) or (args.headless and document is None)
    window = MainWindow(lab=lab, demo=demo, screen=args.screen)
    if args.size or args.screenshot or args.render_steps or not window.restore_geometry():
        exact = bool(args.size or args.render_steps)  # offscreen, no screen to fit
        window.resize(*_fitted(app, args.width, args.height, exact=exact))
    if args.screenshot:
        return _screenshot(app, window, args.screenshot)
    if args.render_steps:
        return lecture_cli.render_steps(app, window, args)
    files_cli.open_session(window, args, document)
    if args.headless:
        return files_cli.run_headless(app, window, args)
    files_cli.start(window, args)
    lecture_cli.open_lecture(window, args)
    _start_in_documents()
    if args.quit_after_first_paint:
        _quit_after_first_paint(app, window)
    _quit_on_ctrl_c(app, window)
    window.show()
    return app.exec()


def _fitted(app: QApplication, width: int, height: int, exact: bool) -> tuple[int, int]:
    """The size asked for, or (without --size) the default shrunk to fit the screen: a
    1280 x 720 projector must not get a 1600 x 1000 window on the first run."""
    screen = app.primaryScreen()
    if exact or screen is None:
        return width, height
    room = screen.availableGeometry()
    frame = 48  # the window manager's title bar and borders lie outside the size we set
    return min(width, room.width() - frame // 4), min(height, room.height() - frame)


def _start_in_documents() -> None:
    """File dialogs open in the working directory. Started from a menu that is `/` or the home
    folder, from a terminal often the checkout: there, work in the user's Documents folder."""
    from PySide6.QtCore import QStandardPaths

    here = os.path.realpath(os.getcwd())
    ours = {"/", os.path.realpath(os.path.expanduser("~")), _source_root()}
    if getattr(sys, "frozen", False):  # the bundle's folder
        ours.add(os.path.dirname(os.path.realpath(sys.executable)))
    if here not in ours:
        return
    location = QStandardPaths.StandardLocation.DocumentsLocation
    for folder in (QStandardPaths.writableLocation(location), os.path.expanduser("~")):
        if folder and os.path.isdir(folder):
            os.chdir(folder)
            return


def _source_root() -> str:
    return os.path.realpath(os.path.join(os.path.dirname(__file__), os.pardir))


def _quit_after_first_paint(app: QApplication, window: MainWindow) -> None:
    """Print `first paint <unix time>` once the window has painted, then close it: how the
    launch benchmark and the desktop-entry test tell that a real window came up."""
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                QTimer.singleShot(0, report)  # after this paint, and its flush to the screen
            return False

    def report() -> None:
        print(f"first paint {time.time():.3f}", flush=True)
        window.close()

    watcher = FirstPaint(window)
    app.installEventFilter(watcher)


def _interrupted_while_starting(_signal: int, _frame: object) -> None:
    """Ctrl+C before the window is up: stop quietly (no KeyboardInterrupt traceback)."""
    raise SystemExit(130)


def _quit_on_ctrl_c(app: QApplication, window: MainWindow) -> None:
    """Ctrl+C in the terminal closes the window (and stops the workers) even while the app is
    idle: Qt's event loop holds Python's signal handlers until Python runs again, so a timer
    lets it run a few times a second."""
    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(200)


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns that it cannot propagate size hints every time a window
    is shown; that says nothing about hopgui, so `--screenshot` does not print it."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


SCREENSHOT_TIMEOUT_MS = 60_000  # a machine this slow gets a message, not a wrong picture
PLOTS_SETTLE_MS = 150  # the throttled plots draw the newest frame within 50 ms


def _screenshot(app: QApplication, window: MainWindow, path: str) -> int:
    """Run the demo until the lab shows what it is meant to show, then save the window."""
    from PySide6.QtCore import QElapsedTimer

    window.show()
    window.start_demo_run()
    lab = window.current_lab()
    clock = QElapsedTimer()
    clock.start()

    def ready() -> bool:
        snap = lab.snapshot if lab is not None else None
        return lab is None or (lab.sim.is_current(snap) and lab.picture_ready(snap))

    while not ready():
        if clock.elapsed() > SCREENSHOT_TIMEOUT_MS:
            print("hopgui: the demo did not get going within a minute", file=sys.stderr)
            window.close()
            return 1
        app.processEvents()
    settled = clock.elapsed()
    while clock.elapsed() < settled + PLOTS_SETTLE_MS:
        app.processEvents()
    ok = window.grab().save(path)
    window.close()
    app.processEvents()
    if not ok:
        print(f"could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0
