"""Check the built bundle as a user's machine without Python would run it (CI runs this).

    uv run python packaging/smoke_test.py

For every lab: start dist/hopgui/hopgui from `/` with an empty environment (`env -i PATH=`,
plus a fresh HOME so nothing of this machine's caches or settings is used), render a
screenshot, and check it is a real picture (many colours, the requested size). Then check
that numba cached the compiled kernels in the user's cache folder, that a second start uses
them, and that the Qt modules left out of the bundle stayed out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUNDLE = ROOT / "dist" / "hopgui"
PROGRAM = BUNDLE / "hopgui"
SIZE = (1280, 800)
MIN_COLOURS = 64  # a blank or failed window has a handful; a lab has hundreds
QT_KEPT = {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets"}


def run_bundle(home: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """The bundle, started from / with nothing but an empty PATH, a home and a platform."""
    env = {"PATH": "", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [str(PROGRAM), *args], cwd="/", env=env, capture_output=True, text=True, timeout=timeout
    )


def colours(png: Path) -> tuple[tuple[int, int], int]:
    """The picture's size and how many distinct colours a 4-pixel grid over it finds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    found = {
        image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    }
    return (image.width(), image.height()), len(found)


def main() -> int:
    from hopgui.labs import LISTED  # names only: no Qt, no lab imported

    if not PROGRAM.is_file():
        print(f"no bundle at {PROGRAM}: build it with packaging/build_bundle.py", file=sys.stderr)
        return 1
    failures = []
    home = Path(tempfile.mkdtemp(prefix="hopgui-smoke-"))
    for lab in LISTED:
        png = home / f"{lab}.png"
        start = time.perf_counter()
        result = run_bundle(home, "--screenshot", str(png), "--lab", lab, "--size", "1280x800")
        seconds = time.perf_counter() - start
        if result.returncode != 0 or "Traceback" in result.stderr or not png.is_file():
            failures.append(f"{lab}: exit {result.returncode}\n{result.stderr[-3000:]}")
            continue
        size, found = colours(png)
        print(
            f"{lab:>10}: {png} {size[0]}x{size[1]}, {found} colours, {seconds:.1f} s (cold cache)"
        )
        if size != SIZE or found < MIN_COLOURS:
            failures.append(f"{lab}: a {size} picture with {found} colours is not the lab")
    cache = home / ".cache" / "hopgui" / "numba"
    indexes = sorted(p.name for p in cache.rglob("*.nbi"))
    print(f"numba cache: {len(indexes)} kernels in {cache}")
    if not indexes:
        failures.append(f"numba cached nothing in {cache}")
    start = time.perf_counter()
    again = run_bundle(home, "--screenshot", str(home / "again.png"), "--lab", next(iter(LISTED)))
    print(f"second start, cached kernels: {time.perf_counter() - start:.1f} s")
    if again.returncode != 0:
        failures.append(f"second start: exit {again.returncode}\n{again.stderr[-3000:]}")
    steps = home / "lecture"  # the built-in lecture is in the bundle and runs step by step
    start = time.perf_counter()
    lecture = run_bundle(
        home, "--lecture", "--render-steps", str(steps), "--size", "1024x768", timeout=600
    )
    rendered = len(list(steps.glob("step-*.png")))
    print(f"built-in lecture: {rendered} steps in {time.perf_counter() - start:.1f} s")
    if lecture.returncode != 0 or rendered < 13:
        failures.append(f"built-in lecture: exit {lecture.returncode}\n{lecture.stderr[-3000:]}")
    if not (BUNDLE / "_internal" / "pyproject.toml").is_file():  # the About box's version
        failures.append("pyproject.toml (hopgui.__version__) is missing from the bundle")
    bindings = {p.name.split(".")[0] for p in (BUNDLE / "_internal" / "PySide6").glob("Qt*.*")}
    if bindings - QT_KEPT:
        failures.append(f"Qt modules that should have been left out: {sorted(bindings - QT_KEPT)}")
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    print("bundle smoke test " + ("FAILED" if failures else "passed"))
    if not failures:
        shutil.rmtree(home, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
