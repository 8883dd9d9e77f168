"""Build hopgui's standalone bundle: dist/hopgui/hopgui, which runs without Python and uv.

    uv run python packaging/build_bundle.py

Why PyInstaller: it bundles PySide6, numpy and numba (llvmlite's shared library included)
with hooks maintained by their communities, runs on Linux, macOS and Windows, and builds from
the project's own environment. pyside6-deploy (Nuitka) compiles the whole program to C first,
which takes many times longer on two cores and still needs numba's JIT at run time.

Why one folder, not one file: a one-file program unpacks itself (about 300 MB) into a
temporary folder at every start, which costs seconds; the folder starts as fast as the files
can be read. Copy the whole `dist/hopgui/` folder to install it. numba's compiled kernels are
cached in the user's cache folder (packaging/rthook_numba_cache.py), so only the first start of
a lab compiles them.

The spec (packaging/hopgui.spec) lists what goes in and which Qt modules stay out.
`uv run python packaging/smoke_test.py` then checks the bundle as CI does.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
BUNDLE = DIST / "hopgui"
PROGRAM = BUNDLE / ("hopgui.exe" if sys.platform == "win32" else "hopgui")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> Path:
    """Run PyInstaller on the spec; return the program's path."""
    import PyInstaller.__main__

    PyInstaller.__main__.run(
        [
            str(ROOT / "packaging" / "hopgui.spec"),
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={ROOT / 'build'}",
        ]
    )
    if not PROGRAM.is_file():
        raise SystemExit(f"PyInstaller finished but {PROGRAM} is missing")
    return PROGRAM


def main() -> int:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "PyInstaller is missing from this environment: run `uv sync` (it is in the "
            "'bundle' dependency group), then this command again.",
            file=sys.stderr,
        )
        return 1
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    start = time.perf_counter()
    program = build()
    seconds = time.perf_counter() - start
    size = folder_size(BUNDLE)
    files = sum(1 for p in BUNDLE.rglob("*") if p.is_file())
    print(
        f"built {program.relative_to(ROOT)} in {seconds:.0f} s: {size / 1e6:.0f} MB, {files} files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
